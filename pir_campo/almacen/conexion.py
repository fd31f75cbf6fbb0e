"""Apertura de la conexión cifrada y migración del esquema con respaldo previo."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pir_campo.almacen.llaves as llaves
import pir_campo.almacen.motor as motor
from pir_campo.almacen.migraciones import ESQUEMA_ACTUAL, MIGRACIONES
from pir_campo.errores import ErrorBaseDatos, ErrorClave, ErrorEsquemaNuevo, error_disco

# "PIRC": marca el archivo como base de PIR Campo (PRAGMA application_id).
ID_APLICACION = 0x50495243
# Páginas por paso de la API de respaldo cuando se informa el avance (4 MiB con páginas de 4 KiB).
PAGINAS_POR_PASO = 1024


def ilegible(ruta: Path, e: motor.Error) -> ErrorBaseDatos:
    """El error de una base que no se pudo leer: la falla del medio (disco lleno, de solo
    lectura, desconectado) si lo es; si no, la base no es de PIR Campo o está dañada."""
    return error_disco(e, ruta) or ErrorBaseDatos(
        f"El archivo {ruta} no es una base de datos de PIR Campo o está dañado ({e})."
    )


def conectar(ruta: Path, llave: bytes) -> motor.Connection:
    """Conexión en modo autocommit: las transacciones se abren con BEGIN IMMEDIATE a mano."""
    conn = None
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
        # Lo borrado o reemplazado se sobrescribe con ceros (supresión de datos, Ley 21.719):
        # ninguna página libre conserva el texto anterior.
        conn.execute("PRAGMA secure_delete = ON")
    except motor.Error as e:
        if conn is not None:
            conn.close()
        raise ilegible(ruta, e) from None
    if modo.lower() != "wal":
        conn.close()
        raise ErrorBaseDatos(
            f"No se pudo activar el modo WAL en {ruta}: la base debe estar en un disco local, "
            "no en un pendrive ni en una carpeta de red."
        )
    return conn


def deshacer(conn: motor.Connection) -> None:
    """ROLLBACK si queda una transacción abierta: SQLite ya deshace solo la que cortó un disco
    lleno o una falla de E/S, y un ROLLBACK sin transacción es otro error que taparía al
    primero. Si el medio ya no responde ni para deshacer, SQLite lo hará al volver a abrir."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except motor.Error:
            pass


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
    el nombre pedido); `progreso(copiadas, total)` recibe páginas. Un disco lleno, de solo
    lectura o desconectado da su frase y no deja nada a medias."""
    destino = Path(destino)
    parcial = destino.with_name(destino.name + ".parcial")
    llave_parcial = llaves.ruta_llave(parcial)
    restos = (parcial, llave_parcial, Path(f"{parcial}-journal"))
    try:
        for resto in restos:
            resto.unlink(missing_ok=True)
        copia = motor.conectar(parcial, llave)
        try:
            if progreso is None:
                conn.backup(copia)
            else:
                conn.backup(
                    copia, pages=PAGINAS_POR_PASO, progress=lambda _e, r, t: progreso(t - r, t)
                )
        finally:
            copia.close()
        shutil.copyfile(llaves.ruta_llave(ruta), llave_parcial)
        for archivo in (parcial, llave_parcial):
            with archivo.open("rb") as f:
                os.fsync(f.fileno())
        # La llave primero: una copia sin su .llave no se podría abrir.
        os.replace(llave_parcial, llaves.ruta_llave(destino))
        os.replace(parcial, destino)
    except (motor.Error, OSError) as e:
        for resto in restos:
            with contextlib.suppress(OSError):
                resto.unlink(missing_ok=True)
        raise error_disco(e, destino) or ErrorBaseDatos(
            f"No se pudo copiar la base a {destino} ({e}); no quedó una copia a medias."
        ) from None
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
    except motor.Error as e:
        raise ilegible(ruta, e) from None
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
            deshacer(conn)
            if disco := error_disco(e, ruta):
                raise disco from None
            donde = f" Hay un respaldo en {respaldo}." if respaldo else ""
            raise ErrorBaseDatos(
                f"No se pudo actualizar la base al esquema {numero} ({descripcion}): {e}.{donde}"
            ) from None
    return respaldo
