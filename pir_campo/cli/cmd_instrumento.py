"""pir-campo instrumento: revisa un instrumento de capacidad de gestión antes de distribuirlo."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo import capacidad, formato
from pir_campo.cli.comun import imprimir_json, imprimir_tabla
from pir_campo.recursos import ruta_recurso

NOMBRE = "instrumento"
AYUDA = (
    "valida un instrumento de diagnóstico de capacidad (por omisión, el vigente) y muestra "
    "sus secciones, pesos y umbrales"
)


def configurar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "ruta",
        metavar="RUTA",
        nargs="?",
        type=Path,
        help="archivo JSON del instrumento (por omisión, el que trae la aplicación)",
    )
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    ruta = args.ruta or ruta_recurso("instrumentos", "capacidad_gestion.json")
    inst = capacidad.validar_archivo(ruta)
    if args.json:
        imprimir_json(
            {
                "instrumento": inst.codigo,
                "version": inst.version,
                "secciones": [
                    {"codigo": s.codigo, "peso": s.peso, "items": len(s.items)}
                    for s in inst.secciones
                ],
                "niveles": dict(inst.niveles),
            }
        )
        return 0
    print(f"{inst.nombre} (versión {inst.version}): válido.")
    imprimir_tabla(
        ["Sección", "Peso", "Ítems"],
        [[s.nombre, f"{formato.numero(s.peso * 100)} %", len(s.items)] for s in inst.secciones],
    )
    escala = ", ".join(f"{v} = {e}" for v, e in inst.escala)
    umbrales = ", ".join(f"{n} desde {formato.numero(d)}" for n, d in inst.niveles)
    print(f"\nEscala: {escala}.\nNiveles: {umbrales}.")
    return 0
