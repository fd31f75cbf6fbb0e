"""Piezas comunes de los comandos: ruta de la base por omisión, salida JSON, CSV y tablas."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import platformdirs

from pir_campo import NOMBRE


def carpeta_datos() -> Path:
    return Path(platformdirs.user_data_dir(NOMBRE, appauthor=False))


def ruta_db_por_omision() -> Path:
    return carpeta_datos() / "pir_campo.sqlite"


def opcion_db(p: argparse.ArgumentParser, requerida: bool = False) -> None:
    p.add_argument(
        "--db",
        metavar="RUTA",
        type=Path,
        required=requerida,
        default=None if requerida else ruta_db_por_omision(),
        help="archivo de la base de datos"
        + ("" if requerida else f" (por omisión: {ruta_db_por_omision()})"),
    )


def imprimir_json(valor: Any) -> None:
    json.dump(valor, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def imprimir_csv(filas: list[dict[str, Any]]) -> None:
    if not filas:
        return
    escritor = csv.DictWriter(sys.stdout, fieldnames=list(filas[0]), lineterminator="\n")
    escritor.writeheader()
    for fila in filas:
        escritor.writerow(
            {
                k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                for k, v in fila.items()
            }
        )


def imprimir_tabla(encabezados: list[str], filas: list[list[Any]]) -> None:
    textos = [[("" if v is None else str(v)) for v in f] for f in filas]
    anchos = [max([len(e)] + [len(f[i]) for f in textos]) for i, e in enumerate(encabezados)]
    print("  ".join(e.ljust(a) for e, a in zip(encabezados, anchos, strict=True)).rstrip())
    for f in textos:
        print("  ".join(v.ljust(a) for v, a in zip(f, anchos, strict=True)).rstrip())
