"""pir-campo identidad: escribe la identidad pública de esta instalación para registrarla."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.sincro import identidad

NOMBRE = "identidad"
AYUDA = (
    "escribe la identidad pública de esta instalación (dispositivo, nombre, rol, región y "
    "claves públicas) y muestra su huella"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--salida",
        metavar="ARCHIVO",
        type=Path,
        required=True,
        help="archivo de identidad a escribir (JSON)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        huella = identidad.escribir(almacen, args.salida)
        print(f"Identidad de «{almacen.nombre}» ({almacen.dispositivo}) escrita en {args.salida}.")
    print(f"Huella: {huella}")
    print("Compare esta huella de viva voz o por teléfono con la que muestra el otro equipo.")
    return 0
