"""pir-campo frase: cambia la frase de acceso de la base (la base no se reescribe)."""

from __future__ import annotations

import argparse
import getpass
import os

from pir_campo.almacen import Almacen, llaves
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorClave

NOMBRE = "frase"
AYUDA = (
    "cambia la frase de acceso de la base; la actual se toma de PIR_CAMPO_CLAVE o se pregunta, "
    "la nueva de PIR_CAMPO_CLAVE_NUEVA o se pregunta dos veces"
)
ENTORNO_NUEVA = "PIR_CAMPO_CLAVE_NUEVA"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)


def frase_nueva_dos_veces() -> str:
    if os.environ.get(ENTORNO_NUEVA):
        nueva = os.environ[ENTORNO_NUEVA]
        llaves.validar_frase(nueva)
        return nueva
    try:
        nueva = getpass.getpass("Frase de acceso nueva: ")
        llaves.validar_frase(nueva)
        repetida = getpass.getpass("Repita la frase nueva: ")
    except EOFError:
        raise ErrorClave("No se ingresó la frase nueva; no se cambió nada.") from None
    if nueva != repetida:
        raise ErrorClave("Las dos frases nuevas no coinciden; no se cambió nada.")
    return nueva


def ejecutar(args: argparse.Namespace) -> int:
    actual = llaves.frase_dada(args.db, None)
    with Almacen.abrir(args.db, actual) as almacen:
        nueva = frase_nueva_dos_veces()
        almacen.cambiar_frase(actual, nueva)
    print(f"Frase de acceso cambiada para {args.db}. La anterior ya no abre la base.")
    return 0
