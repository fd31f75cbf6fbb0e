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


@pytest.mark.parametrize(
    "argv",
    [[], ["--medir-inicio", "--db", "x.sqlite"], ["--db=x.sqlite", "--demo"], ["--demo"]],
)
def test_opciones_de_la_aplicacion_sin_argparse_dicen_lo_mismo_que_el_parser(argv):
    """Abrir la ventana no importa argparse ni platformdirs: las mismas opciones, a mano."""
    from pir_campo.cli import _opciones_aplicacion

    esperado = construir_parser(False).parse_args(argv)
    rapido = _opciones_aplicacion(argv)
    for campo in ("db_app", "demo", "medir_inicio", "comando"):
        assert getattr(rapido, campo) == getattr(esperado, campo)


def test_una_db_sin_valor_va_al_parser_completo():
    from pir_campo.cli import _opciones_aplicacion

    assert _opciones_aplicacion(["--db", "--demo"]) is None
    assert _opciones_aplicacion(["--db="]) is None
