"""pir-campo confiar: registra la oficina (en un notebook) o un notebook (en la oficina)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.sincro import identidad

NOMBRE = "confiar"
AYUDA = (
    "en un notebook, fija la oficina a la que envía; en la oficina, registra el notebook de "
    "un facilitador. Muestra la huella para compararla"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "archivo",
        metavar="ARCHIVO",
        type=Path,
        help="archivo de identidad escrito con «pir-campo identidad»",
    )
    p.add_argument(
        "--territorio",
        metavar="ID",
        action="append",
        help="en la oficina: territorio asignado al notebook (se puede repetir)",
    )
    p.add_argument(
        "--toda-la-region",
        action="store_true",
        help="en la oficina: el notebook trabaja en todos los territorios de la región",
    )


def ejecutar(args: argparse.Namespace) -> int:
    datos = identidad.leer(args.archivo)
    with Almacen.abrir(args.db) as almacen:
        huella = identidad.confiar(almacen, datos, args.territorio, args.toda_la_region)
        if almacen.rol == "campo":
            print(f"Oficina registrada: {datos['nombre']} ({datos['dispositivo']}).")
        else:
            print(f"Notebook registrado: {datos['nombre']} ({datos['dispositivo']}).")
    print(f"Huella: {huella}")
    print("Confirme que es la misma huella que muestra el otro equipo.")
    return 0
