"""pir-campo respaldar: un archivo con la base, su llave y sus adjuntos, mientras se trabaja."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.formato import numero
from pir_campo.respaldo import archivo

NOMBRE = "respaldar"
AYUDA = (
    "escribe un respaldo de la base (con su llave y sus adjuntos) en un solo archivo; se abre "
    "con la frase de acceso que la base tiene ahora"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--salida",
        metavar="ARCHIVO",
        type=Path,
        required=True,
        help="archivo a escribir (ARCHIVO.respaldo), o una carpeta donde ponerle su nombre",
    )


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        r = archivo.escribir(almacen, args.salida)
    adjuntos = "1 adjunto" if r.adjuntos == 1 else f"{numero(r.adjuntos)} adjuntos"
    print(
        f"Respaldo escrito: {r.ruta} ({numero(r.tamano / 1048576, 1)} MB; la base, su llave "
        f"y {adjuntos})."
    )
    print("Guárdelo fuera de este computador; se restaura con «pir-campo restaurar».")
    return 0
