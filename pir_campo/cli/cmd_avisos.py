"""pir-campo avisos: en el notebook, lo que la oficina actualizó o avisó."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, opcion_db
from pir_campo.servicios import envios

NOMBRE = "avisos"
AYUDA = "muestra lo que la oficina actualizó o avisó (los avisos vigentes, o todo con --todos)"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--todos", action="store_true", help="incluye lo ya aplicado y lo rechazado")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        filas = envios.avisos(almacen, args.todos)
    if args.json:
        imprimir_json(filas)
    elif not filas:
        print("No hay avisos de la oficina.")
    else:
        for f in filas:
            print(f"{f['recibido_el']}  {f['texto']}")
    return 0
