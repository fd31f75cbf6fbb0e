"""Un PostgreSQL con PostGIS de usar y tirar para las pruebas de la publicación: un cluster
nuevo (initdb) en una carpeta temporal, escuchando solo en un socket Unix de esa carpeta, con
contraseña (scram-sha-256). Como root (la CI en una Debian limpia) corre con un usuario del
sistema propio, porque initdb se niega a correr como root."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

USUARIO_SISTEMA = "pirpg"
CLAVE = "clave del servidor de prueba"
BASE = "nacional"
_contador = itertools.count(1)


@dataclass(frozen=True)
class Servidor:
    carpeta: Path
    usuario: str
    bin: Path

    def url(self, clave: str | None = CLAVE, base: str = BASE, usuario: str | None = None) -> str:
        credencial = (usuario or self.usuario) + (f":{quote(clave)}" if clave is not None else "")
        return f"postgresql://{credencial}@/{base}?host={self.carpeta}"

    def conectar(self, base: str = BASE):
        import psycopg

        return psycopg.connect(self.url(base=base), autocommit=True)


def _binarios() -> Path | None:
    candidatos = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidatos[-1].parent if candidatos else None


def _como_usuario() -> tuple[list[str], str]:
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam(USUARIO_SISTEMA)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                USUARIO_SISTEMA,
            ],
            check=True,
        )
    return ["runuser", "-u", USUARIO_SISTEMA, "--"], USUARIO_SISTEMA


class SinPostgres(Exception):
    """Esta máquina no tiene PostgreSQL con PostGIS (el texto dice qué instalar)."""


@contextlib.contextmanager
def levantar() -> Iterator[Servidor]:
    """Un cluster nuevo con la base «nacional» y PostGIS; se detiene y se borra al salir."""
    binarios = _binarios()
    if binarios is None:
        raise SinPostgres(
            "No están los programas de PostgreSQL (initdb y pg_ctl en /usr/lib/postgresql); "
            "instale los paquetes postgresql y postgis de .ci/paquetes-debian.txt."
        )
    version = binarios.parent.name
    if not list(Path(f"/usr/share/postgresql/{version}/extension").glob("postgis.control")):
        raise SinPostgres(
            f"PostgreSQL {version} no tiene PostGIS; instale postgresql-{version}-postgis-3."
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise SinPostgres("falta psycopg: instale el proyecto con .[test]") from None
    prefijo, usuario = _como_usuario()
    carpeta = Path(tempfile.mkdtemp(prefix="pirpg-", dir="/tmp"))
    datos = carpeta / "datos"
    claves = carpeta / "clave"
    claves.write_text(CLAVE + "\n", encoding="utf-8")
    if prefijo:
        shutil.chown(carpeta, USUARIO_SISTEMA)
        shutil.chown(claves, USUARIO_SISTEMA)
    try:
        subprocess.run(
            [
                *prefijo,
                str(binarios / "initdb"),
                "-D",
                str(datos),
                "-U",
                usuario,
                "-E",
                "UTF8",
                "--locale=C",
                "--auth=scram-sha-256",
                f"--pwfile={claves}",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        opciones = (
            f"-c listen_addresses='' -c unix_socket_directories='{carpeta}' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [
                *prefijo,
                str(binarios / "pg_ctl"),
                "-D",
                str(datos),
                "-o",
                opciones,
                "-l",
                str(carpeta / "registro.log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        servidor = Servidor(carpeta, usuario, binarios)
        with servidor.conectar("postgres") as conn:
            conn.execute(f"CREATE DATABASE {BASE}")
        with servidor.conectar() as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield servidor
    finally:
        subprocess.run(
            [*prefijo, str(binarios / "pg_ctl"), "-D", str(datos), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(carpeta, ignore_errors=True)


@pytest.fixture(scope="session")
def servidor_pg():
    try:
        contexto = levantar()
        servidor = contexto.__enter__()
    except SinPostgres as e:
        pytest.skip(str(e))
    try:
        yield servidor
    finally:
        contexto.__exit__(None, None, None)


@pytest.fixture
def esquema_pg(servidor_pg: Servidor) -> str:
    """Un esquema nuevo por prueba en la base común (crear una base con PostGIS es lento)."""
    return f"prueba_{os.getpid()}_{next(_contador)}"
