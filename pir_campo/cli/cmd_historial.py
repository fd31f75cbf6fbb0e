"""pir-campo historial: quién cambió qué en un registro, en qué instalación y por qué."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, opcion_db
from pir_campo.servicios.historial import historial

NOMBRE = "historial"
AYUDA = "muestra el historial de un registro: cuándo, quién, dónde, antes → después y motivo"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--id", required=True, metavar="ID", help="identificador del registro")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        h = historial(almacen, args.id)
    if args.json:
        imprimir_json(h.como_dict())
    else:
        print(h.texto())
    return 0
