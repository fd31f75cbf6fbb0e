"""El motor SQL de PIR Campo: SQLCipher 4 (AES-256 por página con HMAC) vía `sqlcipher3-wheels`.

Es el único módulo que importa el motor: todo camino a los datos (almacén, respaldos, pruebas)
pasa por aquí, incluidas las excepciones, para que el `sqlite3` de la biblioteca estándar no
toque nunca una base de PIR Campo. SQLCipher cifra también el WAL y el diario; las tablas
temporales quedan en memoria (compilado con TEMP_STORE=2).
"""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as _motor

Connection = _motor.Connection
Cursor = _motor.Cursor
Row = _motor.Row
Error = _motor.Error
DatabaseError = _motor.DatabaseError
OperationalError = _motor.OperationalError
IntegrityError = _motor.IntegrityError
complete_statement = _motor.complete_statement
version_sqlite = _motor.sqlite_version

# Códigos de resultado del motor (los mismos números que `pir_campo.errores` usa para saber si
# una falla es del medio: disco lleno, de solo lectura, desconectado).
CODIGOS = {
    nombre: getattr(_motor, nombre)
    for nombre in ("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN")
}
SQLITE_NOTADB = _motor.SQLITE_NOTADB

CABECERA_PLANA = b"SQLite format 3\x00"
LARGO_LLAVE = 32


def es_plana(ruta: Path) -> bool:
    """¿Es un archivo SQLite sin cifrar (de una versión anterior)? Uno cifrado empieza con sal."""
    try:
        with Path(ruta).open("rb") as f:
            return f.read(16) == CABECERA_PLANA
    except OSError:
        return False


def _pragma_llave(llave: bytes) -> str:
    if len(llave) != LARGO_LLAVE:
        raise ValueError("la llave de la base debe tener 32 bytes")
    # Llave cruda: sin la derivación PBKDF2 de SQLCipher (la frase ya pasó por Argon2id).
    return f"\"x'{llave.hex()}'\""


def conectar(ruta: Path | str, llave: bytes | None, **opciones) -> Connection:
    """Conexión a una base cifrada con `llave` (o plana si `llave` es None, solo para migrar)."""
    conn = _motor.connect(str(ruta), **opciones)
    # Sin esto SQLCipher escribe en stderr cada página que no descifra (frase equivocada).
    conn.execute("PRAGMA cipher_log_level = NONE")
    if llave is not None:
        conn.execute(f"PRAGMA key = {_pragma_llave(llave)}")
    return conn


def adjuntar_cifrada(conn: Connection, ruta: Path, alias: str, llave: bytes) -> None:
    """ATTACH de una base cifrada (para `sqlcipher_export`)."""
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY {_pragma_llave(llave)}", (str(ruta),))


def llave_correcta(conn: Connection) -> bool:
    """La llave se comprueba al leer la primera página: con otra llave el HMAC no coincide
    (SQLITE_NOTADB). Otra falla al leer (disco, medio de solo lectura) no es de la llave y
    sube tal cual."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as e:
        if (getattr(e, "sqlite_errorcode", None) or SQLITE_NOTADB) & 0xFF == SQLITE_NOTADB:
            return False
        raise
    return True
