"""Accesorios comunes: bases reales en disco, una demo compartida y la CLI en proceso."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pir_campo import adjuntos  # noqa: E402
from pir_campo.almacen import Almacen  # noqa: E402
from pir_campo.cli import main  # noqa: E402
from pir_campo.cli.cmd_demo import crear_demo  # noqa: E402

RAIZ = Path(__file__).resolve().parent.parent
DATOS = Path(__file__).resolve().parent / "datos"
# Listas verificadas copiadas al repositorio (ver tests/datos/referencia/ORIGEN.md): las pruebas
# no leen nada fuera de él.
REFERENCIA = DATOS / "referencia"


@pytest.fixture
def almacen(tmp_path: Path):
    with Almacen.iniciar(tmp_path / "campo.sqlite", "campo", "Ana Pérez Huenchumilla", "09") as a:
        yield a


@pytest.fixture
def oficina(tmp_path: Path):
    with Almacen.iniciar(tmp_path / "oficina.sqlite", "oficina", "GORE Araucanía", "09") as a:
        yield a


@pytest.fixture(scope="session")
def plantilla_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Una base de demostración creada una vez por sesión; las pruebas usan copias."""
    ruta = tmp_path_factory.mktemp("plantilla") / "demo.sqlite"
    crear_demo(ruta, territorios=3, talleres=24, semilla=1)
    return ruta


def copiar_base(origen: Path, destino: Path) -> Path:
    """Copia con la API de respaldo (copiar el archivo perdería lo que está en el WAL)."""
    fuente, copia = sqlite3.connect(origen), sqlite3.connect(destino)
    with copia:
        fuente.backup(copia)
    fuente.close()
    copia.close()
    blobs = adjuntos.carpeta_de(origen)
    if blobs.exists():
        shutil.copytree(blobs, adjuntos.carpeta_de(destino))
    return destino


@pytest.fixture
def ruta_demo(tmp_path: Path, plantilla_demo: Path) -> Path:
    return copiar_base(plantilla_demo, tmp_path / "demo.sqlite")


@pytest.fixture
def almacen_demo(ruta_demo: Path):
    with Almacen.abrir(ruta_demo) as a:
        yield a


def contenido(ruta: Path) -> dict[str, list[tuple]]:
    """Todas las filas de todas las tablas, para comprobar que una base quedó igual."""
    conn = sqlite3.connect(ruta)
    try:
        tablas = [
            f[0]
            for f in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'sqlite_%' AND name NOT LIKE '%_busqueda_%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tablas}
    finally:
        conn.close()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Ejecuta `pir-campo` en el mismo proceso; devuelve (código, stdout, stderr)."""

    def ejecutar(*args: str) -> tuple[int, str, str]:
        codigo = main([str(a) for a in args])
        salida = capsys.readouterr()
        return codigo, salida.out, salida.err

    return ejecutar


def cli_proceso(*args: str, **kw) -> subprocess.CompletedProcess[str]:
    """`python -m pir_campo` en otro proceso, como lo usaría una persona."""
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "pir_campo", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=entorno,
        cwd=RAIZ,
        timeout=300,
        **kw,
    )
