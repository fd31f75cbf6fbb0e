"""pir-campo importar: aplica paquetes, cada uno en una sola transacción."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, opcion_db
from pir_campo.errores import ErrorPir
from pir_campo.sincro import importar

NOMBRE = "importar"
AYUDA = (
    "importa paquetes de sincronización; el mismo paquete dos veces no cambia nada y el orden "
    "no importa"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("archivos", metavar="ARCHIVO", type=Path, nargs="+", help="paquetes .pirb")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def resumen(r: importar.Importacion) -> str:
    if r.duplicado:
        return f"{r.ruta}: ya importado antes; no cambia nada."
    texto = (
        f"{r.ruta}: paquete de {r.desde_nombre} ({r.desde}): {r.nuevos} nuevos, "
        f"{r.actualizados} actualizados, {r.fusionados} fusionados automáticamente, "
        f"{r.conflictos} conflictos, {len(r.retenidos)} rechazados"
    )
    if r.adjuntos:
        texto += f", {r.adjuntos} adjuntos"
    texto += "."
    for x in r.retenidos[:20]:
        texto += f"\n  Rechazado {x['t']} {x['id']}: {x['motivo']}"
    if r.recibo:
        texto += (
            f"\n  Recibo de la oficina: confirma hasta el cambio {r.recibo['device_acked_seq']}."
        )
    if r.faltantes:
        huecos = ", ".join(f"{a + 1}-{b}" for a, b in r.faltantes)
        texto += f"\n  Faltan paquetes anteriores (cambios {huecos}); se pedirán de nuevo."
    if r.reloj_adelantado:
        texto += "\n  Aviso: el reloj del equipo que envió el paquete está adelantado."
    return texto


def ejecutar(args: argparse.Namespace) -> int:
    fallas, salida = 0, []
    with Almacen.abrir(args.db) as almacen:
        for ruta in args.archivos:
            try:
                r = importar.importar(almacen, ruta)
            except ErrorPir as e:
                fallas += 1
                salida.append({"ruta": str(ruta), "error": str(e)})
                print(f"Error: {ruta}: {e}", file=sys.stderr)
                continue
            salida.append(r.como_dict())
            if not args.json:
                print(resumen(r))
    if args.json:
        imprimir_json(salida)
    return 1 if fallas else 0
