"""pir-campo restaurar: pone un respaldo en lugar de la base y conserva la de antes."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.cli.comun import opcion_db
from pir_campo.respaldo import restaurar

NOMBRE = "restaurar"
AYUDA = (
    "revisa un archivo de respaldo y lo pone en lugar de la base; la base que había queda "
    "como copia junto a ella (con su llave y sus adjuntos)"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("archivo", metavar="ARCHIVO", type=Path, help="respaldo (.respaldo)")


def ejecutar(args: argparse.Namespace) -> int:
    r = restaurar.restaurar(args.db, args.archivo)
    print(r.texto())
    return 0
