"""argparse en español: sus propios textos (uso, ayuda, errores) pasan por gettext."""

from __future__ import annotations

import argparse

_TEXTOS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "opción no válida: %(value)r (elija entre %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "expected one argument": "se esperaba un valor",
    "expected at most one argument": "se esperaba como máximo un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "one of the arguments %s is required": "se requiere uno de estos argumentos: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "ignored explicit argument %r": "se ignoró el valor %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "comando desconocido %(parser_name)r (elija entre: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "no se puede abrir «%(filename)s»: %(error)s",
}


def traducir(texto: str) -> str:
    return _TEXTOS.get(texto, texto)


def ngettext(singular: str, plural: str, n: int) -> str:
    return traducir(singular if n == 1 else plural)


def instalar() -> None:
    argparse._ = traducir  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class Formato(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)
