"""pir-campo entregas: en la oficina, cada paquete recibido de cada notebook."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.servicios.entregas import entregas

NOMBRE = "entregas"
AYUDA = (
    "lista los paquetes recibidos por notebook: cuándo, qué trajo, conflictos, retenidos, recibo"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--dispositivo", metavar="ID", help="solo los paquetes de ese notebook")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        filas = entregas(almacen, args.dispositivo)
    if args.json:
        imprimir_json(filas)
        return 0
    if not filas:
        print("Aún no se recibe ningún paquete de los notebooks.")
        return 0
    imprimir_tabla(
        ["Notebook", "Recibido el", "Registros", "Conflictos", "Retenidos", "Recibo"],
        [
            [
                f["notebook"],
                f["recibido_el"],
                f["registros_texto"],
                f["conflictos"],
                f["retenidos_texto"],
                f["recibo_texto"],
            ]
            for f in filas
        ],
    )
    return 0
