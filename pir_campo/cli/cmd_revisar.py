"""pir-campo revisar: la oficina marca talleres, actas, versiones del PMDT y diagnósticos."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.servicios import revision

NOMBRE = "revisar"
AYUDA = "la oficina marca registros como revisados, con observaciones o aprobados"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--id",
        required=True,
        action="append",
        metavar="ID",
        help="registro a revisar (se puede repetir para revisar varios de una vez)",
    )
    p.add_argument("--estado", required=True, choices=sorted(revision.ESTADOS_CLI))
    p.add_argument("--comentario", metavar="TEXTO", help="obligatorio con «observado»")
    p.add_argument(
        "--persona", metavar="NOMBRE", help="quién revisa (por omisión, la persona guardada)"
    )


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        if args.persona:
            almacen.fijar_persona(args.persona)
        revision.revisar(almacen, args.id, args.estado, args.comentario)
        for rid in args.id:
            e = revision.estado(almacen, rid)
            print(f"{rid}: {e['etiqueta']} ({e['revisado_por']})")
    return 0
