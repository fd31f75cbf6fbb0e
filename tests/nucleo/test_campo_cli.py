"""Abrir la aplicación no arma los subcomandos; cualquier otra cosa usa el parser completo."""

from __future__ import annotations

import pytest

from pir_campo.cli import _solo_aplicacion, construir_parser


@pytest.mark.parametrize(
    ("argv", "esperado"),
    [
        ([], True),
        (["--medir-inicio", "--db", "x.sqlite"], True),
        (["--db=x.sqlite", "--demo"], True),
        (["--db"], False),
        (["demo", "--db", "x"], False),
        (["--help"], False),
        (["nada"], False),
    ],
)
def test_solo_aplicacion(argv, esperado):
    assert _solo_aplicacion(argv) is esperado


def test_parser_liviano_acepta_las_opciones_de_la_aplicacion():
    args = construir_parser(False).parse_args(["--medir-inicio", "--db", "x.sqlite"])
    assert args.medir_inicio and args.comando is None and str(args.db_app) == "x.sqlite"


def test_comando_desconocido_lista_los_comandos(capsys):
    from pir_campo.cli import main

    assert main(["nada"]) != 0
    assert "'iniciar'" in capsys.readouterr().err
