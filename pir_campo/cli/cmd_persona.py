"""pir-campo persona: los derechos de una persona registrada (Ley 21.719)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorValidacion

NOMBRE = "persona"
AYUDA = "derechos de una persona: entregarle todo lo que se guarda de ella (acceso y portabilidad)"


def configurar(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="accion", title="acciones", metavar="ACCIÓN", required=True)
    e = sub.add_parser(
        "exportar",
        help="PDF dirigido a la persona con todo lo que se guarda de ella, y copia JSON o CSV",
        description="Escribe un PDF en lenguaje simple, dirigido a la persona, con su registro, "
        "cada taller al que asistió, sus cargos y organizaciones, los acuerdos a su cargo, las "
        "actas que firmó, los adjuntos donde puede aparecer, quién registró cada cosa y cuándo, "
        "las correcciones, las finalidades y la base de licitud; y, si se pide, la misma "
        "información en JSON y CSV para llevarla a otra parte.",
    )
    opcion_db(e, requerida=True)
    e.add_argument("--id", required=True, metavar="ID", help="identificador de la persona")
    e.add_argument("--salida", type=Path, metavar="ARCHIVO.pdf", help="PDF para la persona")
    e.add_argument("--json", type=Path, metavar="ARCHIVO.json", help="copia en JSON")
    e.add_argument("--csv", type=Path, metavar="ARCHIVO.csv", help="copia en CSV (Excel)")


def ejecutar(args: argparse.Namespace) -> int:
    from pir_campo.documentos import generar
    from pir_campo.servicios import derechos

    if not (args.salida or args.json or args.csv):
        raise ErrorValidacion("Indique al menos un archivo: --salida, --json o --csv.", "salida")
    for ruta, extension in ((args.salida, ".pdf"), (args.json, ".json"), (args.csv, ".csv")):
        if ruta is not None and ruta.suffix.lower() != extension:
            raise ErrorValidacion(
                f"El archivo «{ruta}» debe terminar en {extension}.", extension[1:]
            )
    if args.salida:
        generar.comprobar_salida(args.salida)
    with Almacen.abrir(args.db) as almacen:
        if args.json or args.csv:
            derechos.exportar(almacen, args.id, args.json, args.csv)
        if args.salida:
            generar.generar(almacen, "datos-persona", args.id, args.salida)
    for ruta in (args.salida, args.json, args.csv):
        if ruta is not None:
            print(f"Escrito {ruta}")
    return 0
