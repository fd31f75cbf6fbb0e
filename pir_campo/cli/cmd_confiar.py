"""pir-campo confiar: registra la oficina (en un notebook) o un notebook (en la oficina)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.sincro import identidad, revocacion

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
    p.add_argument(
        "--reemplaza",
        metavar="DISPOSITIVO",
        help="en la oficina: el notebook es la reinstalación de otro; recibe sus territorios y "
        "el anterior queda revocado (lo suyo ya importado queda)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    datos = identidad.leer(args.archivo)
    with Almacen.abrir(args.db) as almacen:
        if args.reemplaza:
            huella = revocacion.reemplazar(
                almacen, datos, args.reemplaza, args.territorio, args.toda_la_region
            )
            print(
                f"Reemplaza al notebook {args.reemplaza}, que queda revocado: recibe sus "
                "territorios, y su primer paquete de la oficina los trae completos."
            )
        else:
            huella = identidad.confiar(almacen, datos, args.territorio, args.toda_la_region)
        if almacen.rol == "campo":
            print(f"Oficina registrada: {datos['nombre']} ({datos['dispositivo']}).")
        else:
            print(f"Notebook registrado: {datos['nombre']} ({datos['dispositivo']}).")
    print(f"Huella: {huella}")
    print("Confirme que es la misma huella que muestra el otro equipo.")
    return 0
