"""La publicación sin servidor: argumentos, psycopg ausente y que nada más lo cargue."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import RAIZ


def test_publicar_pide_una_cosa_u_otra(cli, oficina):
    ruta = oficina.ruta
    oficina.cerrar()
    codigo, _, err = cli("publicar", "--db", ruta)
    assert codigo == 1 and "--postgres URL para publicar en un servidor" in err
    codigo, _, err = cli("publicar", "--db", ruta, "aviso", "--postgres", "postgresql://x@/y")
    assert codigo == 1 and "no ambas cosas" in err
    # Lo de siempre sigue igual.
    codigo, out, err = cli("publicar", "--db", ruta, "aviso", "--texto", "Reunión el lunes")
    assert codigo == 0, err


_SIN_PSYCOPG = """
import sys
sys.modules["psycopg"] = None
from pir_campo.cli import main
sys.exit(main(["publicar", "--db", sys.argv[1], "--postgres", "postgresql://x@/y"]))
"""


def test_sin_psycopg_un_mensaje_en_espanol(oficina):
    ruta = oficina.ruta
    oficina.cerrar()
    r = subprocess.run(
        [sys.executable, "-c", _SIN_PSYCOPG, str(ruta)],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=120,
    )
    assert r.returncode == 1, r.stderr
    assert 'pip install "pir-campo[oficina]"' in r.stderr and "Traceback" not in r.stderr


def test_ni_la_aplicacion_ni_la_cli_cargan_psycopg():
    codigo = (
        "import importlib, pkgutil, sys\n"
        "import pir_campo, ui.app, ui.registro\n"
        "for m in pkgutil.walk_packages(pir_campo.__path__, 'pir_campo.'):\n"
        "    if m.name != 'pir_campo.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "from pir_campo.cli import construir_parser\n"
        "construir_parser()\n"
        "print(sorted(n for n in sys.modules if n.startswith('psycopg')))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"
    # Solo el módulo del servidor lo importa, y dentro de una función.
    patron = re.compile(r"^\\s*(from|import)\\s+psycopg\\b", re.MULTILINE)
    for ruta in [*(RAIZ / "pir_campo").rglob("*.py"), *(RAIZ / "ui").rglob("*.py")]:
        if ruta.name != "servidor.py":
            assert not patron.search(ruta.read_text(encoding="utf-8")), ruta
    assert '"psycopg"' in (RAIZ / "build.spec").read_text(encoding="utf-8")
