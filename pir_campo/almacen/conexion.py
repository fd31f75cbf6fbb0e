"""Apertura de la conexión cifrada y migración del esquema con respaldo previo."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pir_campo.almacen.llaves as llaves
import pir_campo.almacen.motor as motor
from pir_campo.almacen.migraciones import ESQUEMA_ACTUAL, MIGRACIONES
from pir_campo.errores import ErrorBaseDatos, ErrorClave, ErrorEsquemaNuevo

# "PIRC": marca el archivo como base de PIR Campo (PRAGMA application_id).
ID_APLICACION = 0x50495243
# Páginas por paso de la API de respaldo cuando se informa el avance (4 MiB con páginas de 4 KiB).
PAGINAS_POR_PASO = 1024


def conectar(ruta: Path, llave: bytes) -> motor.Connection:
    """Conexión en modo autocommit: las transacciones se abren con BEGIN IMMEDIATE a mano."""
    try:
        conn = motor.conectar(
            ruta, llave, isolation_level=None, check_same_thread=False, timeout=10
        )
        if not motor.llave_correcta(conn):
            conn.close()
            raise ErrorClave(
                f"La llave no abre la base {ruta}; la base no se modificó. Si la base vino de "
                "otro equipo, copie también su archivo .llave."
            )
        conn.execute("PRAGMA busy_timeout = 10000")
        # Caché de 32 MiB (8 por omisión): una página leída del disco se descifra y verifica
        # (AES + HMAC); en caché ya está en claro, en memoria.
        conn.execute("PRAGMA cache_size = -32000")
        modo = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = OFF")
    except motor.DatabaseError as e:
        raise ErrorBaseDatos(
            f"El archivo {ruta} no es una base de datos de PIR Campo o está dañado ({e})."
        ) from None
    if modo.lower() != "wal":
        conn.close()
        raise ErrorBaseDatos(
            f"No se pudo activar el modo WAL en {ruta}: la base debe estar en un disco local, "
            "no en un pendrive ni en una carpeta de red."
        )
    return conn


def version(conn: motor.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def copiar(
    conn: motor.Connection,
    ruta: Path,
    destino: Path,
    llave: bytes,
    progreso: Callable[[int, int], None] | None = None,
) -> Path:
    """Copia consistente y cifrada con la misma llave (API de respaldo: copiar el archivo
    perdería el WAL), junto con su archivo .llave: el respaldo se abre con la misma frase.

    La única copia de una base: antes de migrar, en los respaldos y en las pruebas. Se escribe
    con nombres temporales que se renombran al final (un corte no deja una copia a medias con
    el nombre pedido); `progreso(copiadas, total)` recibe páginas."""
    destino = Path(destino)
    temporal = destino.with_name(destino.name + ".parcial")
    llave_temporal = llaves.ruta_llave(temporal)
    for resto in (temporal, Path(f"{temporal}-journal"), llave_temporal):
        resto.unlink(missing_ok=True)
    copia = motor.conectar(temporal, llave)
    try:
        if progreso is None:
            conn.backup(copia)
        else:
            conn.backup(copia, pages=PAGINAS_POR_PASO, progress=lambda _e, r, t: progreso(t - r, t))
    finally:
        copia.close()
    shutil.copyfile(llaves.ruta_llave(ruta), llave_temporal)
    for archivo in (temporal, llave_temporal):
        with archivo.open("rb") as f:
            os.fsync(f.fileno())
    os.replace(llave_temporal, llaves.ruta_llave(destino))
    os.replace(temporal, destino)
    return destino


def comprobar_copia(ruta: Path, llave: bytes) -> int:
    """Revisa por completo una copia de base (un respaldo por restaurar) sin modificarla:
    llave, integridad de cada página, que sea de PIR Campo y que su esquema no sea más nuevo que
    el de esta versión. Devuelve su versión de esquema."""
    try:
        conn = motor.conectar(ruta, llave)
    except motor.Error:
        raise ErrorBaseDatos("La base del respaldo no se puede leer; no se cambió nada.") from None
    try:
        if not motor.llave_correcta(conn):
            raise ErrorClave(
                "La llave del respaldo no abre su base: el respaldo está dañado; no se cambió nada."
            )
        try:
            revision = [f[0] for f in conn.execute("PRAGMA integrity_check")]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            esquema = version(conn)
            tablas = {f[0] for f in conn.execute("SELECT name FROM sqlite_master")}
            dispositivo = None
            if "estado_sincro" in tablas:
                dispositivo = conn.execute(
                    "SELECT valor FROM estado_sincro WHERE clave = 'dispositivo'"
                ).fetchone()
        except motor.DatabaseError:
            raise ErrorBaseDatos("La base del respaldo está dañada; no se cambió nada.") from None
    finally:
        conn.close()
    if revision != ["ok"]:
        raise ErrorBaseDatos(
            "La base del respaldo no pasa la revisión de integridad; no se cambió nada."
        )
    if app_id != ID_APLICACION or dispositivo is None:
        raise ErrorBaseDatos("La base del respaldo no es de PIR Campo; no se cambió nada.")
    if esquema > ESQUEMA_ACTUAL:
        raise ErrorEsquemaNuevo(
            f"El respaldo es de una versión más nueva de PIR Campo (esquema {esquema}); esta "
            f"versión llega al esquema {ESQUEMA_ACTUAL}. Actualice la aplicación antes de "
            "restaurarlo; no se cambió nada."
        )
    return esquema


def respaldar(conn: motor.Connection, ruta: Path, desde: int, llave: bytes) -> Path:
    marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    destino = ruta.with_name(f"{ruta.stem}.respaldo-esquema{desde}-{marca}{ruta.suffix}")
    n = 1
    while destino.exists():
        n += 1
        destino = ruta.with_name(f"{ruta.stem}.respaldo-esquema{desde}-{marca}-{n}{ruta.suffix}")
    return copiar(conn, ruta, destino, llave)


def migrar(conn: motor.Connection, ruta: Path, llave: bytes) -> Path | None:
    """Lleva la base al esquema actual; devuelve la ruta del respaldo si hubo que migrar."""
    try:
        actual = version(conn)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        hay_tablas = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except motor.DatabaseError as e:
        raise ErrorBaseDatos(
            f"El archivo {ruta} no es una base de datos de PIR Campo o está dañado ({e})."
        ) from None
    if hay_tablas and app_id != ID_APLICACION:
        raise ErrorBaseDatos(f"El archivo {ruta} es una base SQLite, pero no de PIR Campo.")
    if actual > ESQUEMA_ACTUAL:
        raise ErrorEsquemaNuevo(
            f"La base de datos {ruta} fue creada por una versión más nueva de PIR Campo "
            f"(esquema {actual}); esta versión llega al esquema {ESQUEMA_ACTUAL}. "
            "Actualice la aplicación antes de abrirla; la base no se modificó."
        )
    if actual == ESQUEMA_ACTUAL:
        return None
    respaldo = respaldar(conn, ruta, actual, llave) if actual > 0 else None
    for numero, descripcion, aplicar in MIGRACIONES:
        if numero <= actual:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            aplicar(conn)
            conn.execute(f"PRAGMA user_version = {int(numero)}")
            conn.execute(f"PRAGMA application_id = {ID_APLICACION}")
            conn.execute("COMMIT")
        except motor.Error as e:
            conn.execute("ROLLBACK")
            donde = f" Hay un respaldo en {respaldo}." if respaldo else ""
            raise ErrorBaseDatos(
                f"No se pudo actualizar la base al esquema {numero} ({descripcion}): {e}.{donde}"
            ) from None
    return respaldo
