"""Accesorios comunes: bases reales en disco, una demo compartida y la CLI en proceso."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Toda base de las pruebas (también en subprocesos) se abre con esta frase de acceso.
FRASE = "frase de prueba para el terreno 2026"
os.environ["PIR_CAMPO_CLAVE"] = FRASE

from pir_campo import adjuntos  # noqa: E402
from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402
from pir_campo.almacen.conexion import copiar  # noqa: E402
from pir_campo.almacen.migraciones import MIGRACIONES  # noqa: E402

# Argon2id mínimo en este proceso: cientos de bases por sesión. Los subprocesos (la CLI) y
# tests/nucleo/test_cifrado.py usan los parámetros reales.
PARAMETROS_REALES = dict(llaves.PARAMETROS)
llaves.PARAMETROS.update(ops=1, mem=1 << 20)
from pir_campo.cli import main  # noqa: E402
from pir_campo.cli.cmd_demo import crear_demo  # noqa: E402
from tests.servidor_pg import esquema_pg, servidor_pg  # noqa: E402, F401

RAIZ = Path(__file__).resolve().parent.parent
DATOS = Path(__file__).resolve().parent / "datos"
# Listas verificadas copiadas al repositorio (ver tests/datos/referencia/ORIGEN.md): las pruebas
# no leen nada fuera de él.
REFERENCIA = DATOS / "referencia"
# Cada esquema publicado tiene su base de prueba; los números no son seguidos (cada rama recibe
# el suyo), así que se toman de la lista de migraciones.
ESQUEMAS_PUBLICADOS = [n for n, _, _ in MIGRACIONES]


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


def conectar(ruta: Path, frase: str | None = None) -> motor.Connection:
    """Conexión directa a una base (cifrada con su .llave, o plana si es de otra versión): para
    mirar o estropear en pruebas lo que `Almacen` no deja."""
    ruta = Path(ruta)
    if motor.es_plana(ruta):
        return motor.conectar(ruta, None)
    return motor.conectar(ruta, llaves.abrir(ruta, frase))


def copiar_base(origen: Path, destino: Path) -> Path:
    """Copia con la API de respaldo (copiar el archivo perdería lo que está en el WAL), cifrada
    con la misma llave y con su .llave; los adjuntos, tal cual (ya van cifrados)."""
    origen, destino = Path(origen), Path(destino)
    if motor.es_plana(origen):
        fuente, copia = motor.conectar(origen, None), motor.conectar(destino, None)
        fuente.backup(copia)
        fuente.close()
        copia.close()
    else:
        fuente = conectar(origen)
        copiar(fuente, origen, destino, llaves.abrir(origen, None))
        fuente.close()
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


def contenido(ruta: Path, frase: str | None = None) -> dict[str, list[tuple]]:
    """Todas las filas de todas las tablas (y vistas: la bitácora se lee por la vista `cambio`
    desde el esquema 12), para comprobar que una base quedó igual."""
    conn = conectar(ruta, frase)
    try:
        tablas = [
            f[0]
            for f in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
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


def cli_proceso(
    *args: str, env_extra: dict[str, str | None] | None = None, **kw
) -> subprocess.CompletedProcess[str]:
    """`python -m pir_campo` en otro proceso, como lo usaría una persona. `env_extra` cambia
    variables del entorno (None la quita: por ejemplo, sin PIR_CAMPO_CLAVE)."""
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ), "PYTHONIOENCODING": "utf-8"}
    for clave, valor in (env_extra or {}).items():
        if valor is None:
            entorno.pop(clave, None)
        else:
            entorno[clave] = valor
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
