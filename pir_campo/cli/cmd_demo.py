"""pir-campo demo: crea (si falta) y llena una base con datos de demostración."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pir_campo import demo
from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorBaseDatos

NOMBRE = "demo"
AYUDA = "crea una base con datos de demostración realistas y reproducibles"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--territorios",
        type=int,
        default=3,
        metavar="N",
        help="cantidad de territorios (por omisión: 3)",
    )
    p.add_argument(
        "--talleres",
        type=int,
        default=24,
        metavar="N",
        help="cantidad total de talleres (por omisión: 24)",
    )
    p.add_argument(
        "--semilla",
        type=int,
        default=1,
        metavar="S",
        help="semilla: la misma semilla da los mismos datos (por omisión: 1)",
    )


def crear_demo(ruta: Path, territorios: int, talleres: int, semilla: int) -> dict[str, int]:
    """Crea la base como instalación de campo si no existe, y agrega los datos."""
    if territorios < 1 or territorios > 500:
        raise ErrorBaseDatos("La cantidad de territorios debe estar entre 1 y 500.")
    if talleres < 0 or talleres > 50_000:
        raise ErrorBaseDatos("La cantidad de talleres debe estar entre 0 y 50.000.")
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if ruta.exists() and ruta.stat().st_size > 0:
        almacen = Almacen.abrir(ruta)
    else:
        almacen = Almacen.iniciar(ruta, "campo", "Facilitadora de demostración", "09", demo=True)
    with almacen:
        return demo.generar(almacen, territorios, talleres, semilla)


def ejecutar(args: argparse.Namespace) -> int:
    inicio = time.perf_counter()
    conteos = crear_demo(args.db, args.territorios, args.talleres, args.semilla)
    total = sum(conteos.values())
    print(
        f"Datos de demostración en {args.db}: {total:,} registros en "
        f"{time.perf_counter() - inicio:.1f} s".replace(",", "."),
        file=sys.stdout,
    )
    return 0
