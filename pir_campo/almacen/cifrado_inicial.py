"""Cifrado en el lugar de una base sin cifrar de una versión anterior, a prueba de cortes.

Pasos, cada uno reanudable si el proceso muere en cualquier punto:
  1. la base plana se deja en un solo archivo (checkpoint del WAL) y se respalda tal cual en
     `<base>.respaldo-sin-cifrar`;
  2. se exporta cifrada a `<base>.cifrando` (sqlcipher_export) y se comprueba: integridad y
     las mismas filas en cada tabla;
  3. se escribe el archivo .llave y se reemplaza la base por la cifrada (os.replace, atómico);
  4. se cifran los adjuntos uno a uno (cada uno con su propio reemplazo atómico) y los
     respaldos de esquema planos que hubiera;
  5. se borra el respaldo sin cifrar.
Mientras la base siga plana, todo lo de 1-3 se descarta y se rehace; si la base ya está cifrada
y queda el respaldo sin cifrar, faltan 4-5 y se terminan al abrir.
"""

from __future__ import annotations

import os
from pathlib import Path

import pir_campo.almacen.llaves as llaves
import pir_campo.almacen.motor as motor
from pir_campo.errores import ErrorBaseDatos, ErrorEsquemaNuevo

ID_APLICACION = 0x50495243


def _respaldo_plano(ruta: Path) -> Path:
    return ruta.with_name(ruta.name + ".respaldo-sin-cifrar")


def _temporal(ruta: Path) -> Path:
    return ruta.with_name(ruta.name + ".cifrando")


def _borrar(*rutas: Path) -> None:
    for r in rutas:
        for resto in ("", "-wal", "-shm", "-journal"):
            Path(f"{r}{resto}").unlink(missing_ok=True)


def _conteos(conn: motor.Connection) -> dict[str, int]:
    tablas = [
        f[0]
        for f in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tablas}


def _exportar(plana: Path, destino: Path, llave: bytes) -> None:
    """Copia cifrada de una base plana, comprobada fila por fila antes de darla por buena."""
    _borrar(destino)
    conn = motor.conectar(plana, None, isolation_level=None)
    try:
        version, app_id = (
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA application_id").fetchone()[0],
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        esperado = _conteos(conn)
        motor.adjuntar_cifrada(conn, destino, "cifrada", llave)
        conn.execute("SELECT sqlcipher_export('cifrada')")
        conn.execute(f"PRAGMA cifrada.user_version = {int(version)}")
        conn.execute(f"PRAGMA cifrada.application_id = {int(app_id)}")
        conn.execute("DETACH DATABASE cifrada")
    finally:
        conn.close()
    # La revisión, en una conexión nueva (como se abrirá) y con la llave.
    copia = motor.conectar(destino, llave)
    try:
        revision = copia.execute("PRAGMA quick_check").fetchone()[0]
        if revision != "ok" or _conteos(copia) != esperado:
            raise ErrorBaseDatos(
                f"La copia cifrada de {plana} no quedó igual a la original; la base sin cifrar "
                "sigue intacta."
            )
    finally:
        copia.close()
    with destino.open("rb+") as f:
        os.fsync(f.fileno())


def _comprobar_pir(ruta: Path) -> None:
    conn = motor.conectar(ruta, None)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        hay = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except motor.DatabaseError as e:
        raise ErrorBaseDatos(f"El archivo {ruta} no es una base de PIR Campo ({e}).") from None
    finally:
        conn.close()
    if hay and app_id != ID_APLICACION:
        raise ErrorBaseDatos(f"El archivo {ruta} es una base SQLite, pero no de PIR Campo.")
    from pir_campo.almacen.migraciones import ESQUEMA_ACTUAL

    if version > ESQUEMA_ACTUAL:  # ni se cifra: se rechaza tal cual, como al migrar
        raise ErrorEsquemaNuevo(
            f"La base de datos {ruta} fue creada por una versión más nueva de PIR Campo "
            f"(esquema {version}); esta versión llega al esquema {ESQUEMA_ACTUAL}. "
            "Actualice la aplicación antes de abrirla; la base no se modificó."
        )


def cifrar(ruta: Path, frase: str) -> bytes:
    """Cifra en el lugar la base plana `ruta` con una llave nueva envuelta por `frase`."""
    _comprobar_pir(ruta)
    demo = frase == llaves.FRASE_DEMO
    llaves.validar_frase(frase)
    respaldo, temporal = _respaldo_plano(ruta), _temporal(ruta)
    # Restos de un intento cortado: mientras la base siga plana, nada de eso vale.
    _borrar(temporal, respaldo)
    llaves.ruta_llave(ruta).unlink(missing_ok=True)
    # 1. respaldo de la base tal cual (API de respaldo: incluye lo que esté en el WAL)
    fuente = motor.conectar(ruta, None)
    try:
        copia = motor.conectar(respaldo, None)
        try:
            fuente.backup(copia)
        finally:
            copia.close()
    finally:
        fuente.close()
    # 2. copia cifrada comprobada
    llave, datos = llaves.nueva(frase, demo=demo)
    _exportar(respaldo, temporal, llave)
    # 3. llave y reemplazo atómico
    llaves.escribir(ruta, datos)
    for resto in ("-wal", "-shm", "-journal"):
        # El WAL plano ya está en el respaldo y en la copia; junto a la base cifrada no sirve.
        Path(f"{ruta}{resto}").unlink(missing_ok=True)
    os.replace(temporal, ruta)
    llaves.sincronizar_carpeta(ruta.parent)
    return llave  # los pasos 4-5 los hace terminar(), que también reanuda un corte


def terminar(ruta: Path, llave: bytes) -> None:
    """Pasos 4-5 si quedaron pendientes (la base ya cifrada con `llave`)."""
    respaldo = _respaldo_plano(ruta)
    if not respaldo.exists():
        return
    from pir_campo import adjuntos

    adjuntos.cifrar_carpeta(adjuntos.carpeta_de(ruta), llaves.derivar(llave, "adjuntos"))
    for viejo in sorted(ruta.parent.glob(f"{ruta.stem}.respaldo-esquema*{ruta.suffix}")):
        if motor.es_plana(viejo):
            temporal = _temporal(viejo)
            _exportar(viejo, temporal, llave)
            os.replace(temporal, viejo)
            llaves.escribir(viejo, llaves.leer(ruta))
    _borrar(_temporal(ruta))
    _borrar(respaldo)
    llaves.sincronizar_carpeta(ruta.parent)
