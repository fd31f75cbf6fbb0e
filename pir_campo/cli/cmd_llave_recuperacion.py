"""pir-campo llave-recuperacion: la oficina escribe su llave de recuperación (para guardar
fuera de la oficina y rehacerla si su base se pierde). No es `recuperacion` (frase olvidada de
un notebook)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from pir_campo.almacen import Almacen, llaves
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorClave
from pir_campo.sincro import llave_recuperacion as lr

NOMBRE = "llave-recuperacion"
AYUDA = (
    "en la oficina: escribe la llave de recuperación, protegida por su propia frase, para "
    "guardarla fuera de la oficina; si la base de la oficina se pierde, «recuperar» la rehace "
    "(no confundir con «recuperacion», que repone la frase olvidada de un notebook)"
)


def opcion_frase(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--frase-archivo",
        metavar="ARCHIVO",
        type=Path,
        help=f"archivo cuya primera línea es la frase de la llave de recuperación (si no, la "
        f"variable {lr.ENTORNO} o se pregunta)",
    )


def frase_llave(args: argparse.Namespace, dos_veces: bool) -> str:
    """La frase de la llave de recuperación: --frase-archivo, la variable o la terminal."""
    if args.frase_archivo is not None:
        try:
            lineas = args.frase_archivo.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise ErrorClave(f"No se pudo leer {args.frase_archivo}: {e}.") from None
        return lineas[0] if lineas else ""
    if os.environ.get(lr.ENTORNO):
        return os.environ[lr.ENTORNO]
    if not sys.stdin.isatty():
        raise ErrorClave(
            f"Falta la frase de la llave de recuperación: use --frase-archivo o la variable "
            f"{lr.ENTORNO} (no hay terminal donde preguntarla)."
        )
    try:
        frase = getpass.getpass("Frase de la llave de recuperación: ")
        if dos_veces:
            llaves.validar_frase(frase)
            if getpass.getpass("Repita la frase: ") != frase:
                raise ErrorClave("Las dos frases no coinciden; no se escribió nada.")
    except EOFError:
        raise ErrorClave("No se ingresó la frase; no se hizo nada.") from None
    return frase


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--salida", required=True, type=Path, metavar="ARCHIVO", help="llave a escribir")
    opcion_frase(p)


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        frase = frase_llave(args, dos_veces=True)
        huella = lr.escribir(almacen, args.salida, frase)
        nombre = almacen.nombre
    print(f"Llave de recuperación de «{nombre}» escrita en {args.salida} (huella {huella}).")
    print(
        "Guárdela fuera de la oficina (un pendrive en otro lugar) y anote su frase aparte: "
        "con las dos, «pir-campo recuperar» rehace la oficina si su base se pierde."
    )
    print("Después de cada «rotar-llaves», escríbala de nuevo.")
    return 0
