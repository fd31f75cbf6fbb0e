"""pir-campo demo: crea (si falta) y llena una base con datos de demostración."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pir_campo import demo, formato
from pir_campo.almacen import Almacen
from pir_campo.cli.comun import crear_carpeta, opcion_db
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
    """Crea la base como instalación de campo si no existe, y agrega los datos; devuelve lo
    agregado (`{}` si esa demo ya estaba). Una base nueva recibe su nombre solo completa."""
    if territorios < 1 or territorios > 500:
        raise ErrorBaseDatos("La cantidad de territorios debe estar entre 1 y 500.")
    if talleres < 0 or talleres > 50_000:
        raise ErrorBaseDatos("La cantidad de talleres debe estar entre 0 y 50.000.")
    crear_carpeta(ruta.parent)
    if ruta.exists() and ruta.stat().st_size > 0:
        with Almacen.abrir(ruta) as almacen:
            return demo.generar(almacen, territorios, talleres, semilla)
    conteos: dict[str, int] = {}

    def llenar(almacen: Almacen) -> None:
        conteos.update(demo.generar(almacen, territorios, talleres, semilla))

    Almacen.iniciar(
        ruta, "campo", "Facilitadora de demostración", "09", demo=True, llenar=llenar
    ).cerrar()
    return conteos


def ejecutar(args: argparse.Namespace) -> int:
    inicio = time.perf_counter()
    conteos = crear_demo(args.db, args.territorios, args.talleres, args.semilla)
    if not conteos:
        print(
            f"La base {args.db} ya tiene los datos de demostración de la semilla {args.semilla}: "
            "no se agregó nada. Para agregar otros, use otra --semilla.",
            file=sys.stdout,
        )
        return 0
    total = sum(conteos.values())
    segundos = formato.numero(time.perf_counter() - inicio, 1)
    print(
        f"Datos de demostración en {args.db}: {formato.numero(total)} registros en {segundos} s",
        file=sys.stdout,
    )
    return 0
