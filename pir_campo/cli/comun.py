"""Piezas comunes de los comandos: ruta de la base por omisión, salida JSON, CSV y tablas."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from pir_campo import NOMBRE
from pir_campo.errores import ErrorBaseDatos, ErrorClave, error_disco


def carpeta_datos() -> Path:
    return Path(platformdirs.user_data_dir(NOMBRE, appauthor=False))


def ruta_db_por_omision() -> Path:
    return carpeta_datos() / "pir_campo.sqlite"


def crear_carpeta(carpeta: Path) -> None:
    """La carpeta de una base nueva, si falta; en un medio que no deja, la frase de siempre."""
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise error_disco(e, carpeta) or ErrorBaseDatos(
            f"No se pudo crear la carpeta {carpeta}: {e.strerror or e}."
        ) from None


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


def pedir_frase(ruta: Path) -> str:
    """Frase de acceso en la terminal, sin eco (la variable PIR_CAMPO_CLAVE la evita)."""
    import getpass

    if not sys.stdin.isatty():
        raise ErrorClave(
            f"La base {ruta} está cifrada: indique la frase de acceso en la variable "
            "PIR_CAMPO_CLAVE (no hay terminal donde preguntarla)."
        )
    try:
        return getpass.getpass(f"Frase de acceso de {ruta.name}: ")
    except EOFError:
        raise ErrorClave("No se ingresó la frase de acceso; no se abrió nada.") from None


def frase_nueva(ruta: Path) -> str:
    """Frase para una base nueva: PIR_CAMPO_CLAVE o, en la terminal, dos veces sin eco."""
    import getpass
    import os

    from pir_campo.almacen import llaves

    if os.environ.get(llaves.ENTORNO):
        return os.environ[llaves.ENTORNO]
    primera = pedir_frase(ruta)
    llaves.validar_frase(primera)
    try:
        segunda = getpass.getpass("Repita la frase de acceso: ")
    except EOFError:
        segunda = ""
    if segunda != primera:
        raise ErrorClave("Las dos frases de acceso no coinciden; no se creó nada.")
    return primera


def imprimir_json(valor: Any) -> None:
    json.dump(valor, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def imprimir_csv(
    encabezados: list[str], filas: Iterable[Sequence[Any]], estandar: bool = False
) -> None:
    """CSV por la salida estándar, en UTF-8 aunque la consola use otra codificación (así un
    `> archivo.csv` se abre bien): chileno con BOM por omisión, o RFC 4180 con `estandar`."""
    from pir_campo.exportacion import dialecto_csv

    d = dialecto_csv.dialecto(estandar)
    sys.stdout.flush()
    salida = io.TextIOWrapper(sys.stdout.buffer, encoding=d.codificacion, newline="")
    try:
        dialecto_csv.escribir(salida, encabezados, filas, d)
        salida.flush()
    finally:
        salida.detach()


def imprimir_tabla(encabezados: list[str], filas: list[list[Any]]) -> None:
    textos = [[("" if v is None else str(v)) for v in f] for f in filas]
    anchos = [max([len(e)] + [len(f[i]) for f in textos]) for i, e in enumerate(encabezados)]
    print("  ".join(e.ljust(a) for e, a in zip(encabezados, anchos, strict=True)).rstrip())
    for f in textos:
        print("  ".join(v.ljust(a) for v, a in zip(f, anchos, strict=True)).rstrip())
