"""Un corte (kill -9) pierde a lo más el campo que se estaba escribiendo; y --medir-inicio."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from pir_campo.almacen import Almacen
from pir_campo.modelos import Taller, Territorio
from pir_campo.servicios import talleres
from tests.conftest import RAIZ, cli_proceso, conectar
from tests.interfaz.conductor_autoguardado import TEXTO


def test_autoguardado_sobrevive_a_un_proceso_matado(ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        taller = talleres.nuevo(a, tid, 4, dt.date(2025, 7, 1))
    entorno = {
        **os.environ,
        "PYTHONPATH": str(RAIZ),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
    }
    proceso = subprocess.Popen(
        [sys.executable, "-m", "tests.interfaz.conductor_autoguardado", str(ruta_demo), taller],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=entorno,
        cwd=RAIZ,
    )
    try:
        lineas = []
        for linea in proceso.stdout:
            lineas.append(linea.strip())
            if linea.strip() == "ESCRIBIENDO":
                break
        assert lineas[-2:] == ["GUARDADO", "ESCRIBIENDO"]
        os.kill(proceso.pid, signal.SIGKILL)
        proceso.wait(timeout=30)
    finally:
        if proceso.poll() is None:
            proceso.kill()
    assert proceso.returncode == -signal.SIGKILL
    conn = conectar(ruta_demo)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Almacen.abrir(ruta_demo) as a:
        assert a.obtener(Taller, taller)["agenda"] == TEXTO


def test_medir_inicio_imprime_solo_milisegundos(ruta_demo):
    salida = cli_proceso("--medir-inicio", "--db", ruta_demo)
    assert salida.returncode == 0, salida.stderr
    assert salida.stdout.strip().isdigit()
    assert 0 < int(salida.stdout) < 120_000


def test_medir_inicio_sin_base_es_un_error_en_espanol(tmp_path):
    salida = cli_proceso("--medir-inicio", "--db", tmp_path / "no_existe.sqlite")
    assert salida.returncode == 1
    assert salida.stderr.startswith("Error: No existe la base de datos")
    assert "Traceback" not in salida.stderr and not (tmp_path / "no_existe.sqlite").exists()
