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
                print(r.texto())
    if args.json:
        imprimir_json(salida)
    return 1 if fallas else 0
