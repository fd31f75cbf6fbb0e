"""Escritura sin archivos a medias: todo se escribe con un nombre temporal y se renombra al
final; si algo falla (disco lleno, carpeta de solo lectura, una interrupción) no queda nada
con el nombre pedido, ni un resto del temporal."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pir_campo.errores import ErrorDisco, ErrorExportacion, frase_disco, medio_solo_lectura


def mensaje_os(ruta: Path, e: OSError, carpeta: bool = False) -> str:
    if disco := frase_disco(e, ruta):  # lleno, de solo lectura o desconectado
        return f"{disco} No se dejó ningún archivo."
    if e.errno in (errno.EACCES, errno.EPERM) and not carpeta and ruta.is_file():
        # En Windows, un libro abierto en Excel no se puede reemplazar.
        return (
            f"No se pudo reemplazar {ruta}: ¿está abierto en Excel u otro programa? "
            "Ciérrelo e intente de nuevo."
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        donde = ruta if carpeta else ruta.parent
        return f"No hay permiso para escribir en {donde}; elija otra carpeta."
    return f"No se pudo escribir {ruta}: {e.strerror or e}; no se dejó ningún archivo."


def revisar_destino(ruta: Path, carpeta: bool) -> None:
    """Rechaza antes de leer nada un destino imposible, con una frase en español."""
    padre = ruta.parent
    if not padre.is_dir():
        raise ErrorExportacion(f"La carpeta {padre} no existe; créela o elija otra.")
    if not os.access(padre, os.W_OK | os.X_OK):
        if medio_solo_lectura(padre):
            raise ErrorExportacion(str(ErrorDisco("solo_lectura", ruta)))
        raise ErrorExportacion(f"No hay permiso para escribir en {padre}; elija otra carpeta.")
    if carpeta and ruta.exists() and not ruta.is_dir():
        raise ErrorExportacion(f"{ruta} es un archivo; para este formato la salida es una carpeta.")
    if not carpeta and ruta.is_dir():
        raise ErrorExportacion(f"{ruta} es una carpeta; indique el nombre del archivo.")
    if carpeta and ruta.is_dir() and not os.access(ruta, os.W_OK | os.X_OK):
        raise ErrorExportacion(f"No hay permiso para escribir en {ruta}; elija otra carpeta.")


@contextmanager
def archivo_temporal(ruta: Path) -> Iterator[Path]:
    """Entrega una ruta temporal junto a `ruta`; al salir bien, la renombra a `ruta`."""
    temporal = _nombre_temporal(ruta)
    try:
        # Con los permisos de siempre (0666 menos la umask), no los 0600 de mkstemp.
        os.close(os.open(temporal, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as e:
        raise ErrorExportacion(mensaje_os(ruta, e)) from None
    try:
        yield temporal
        _fsync(temporal)
        os.replace(temporal, ruta)
    except OSError as e:
        with contextlib.suppress(OSError):  # en un medio de solo lectura, ni esto
            temporal.unlink(missing_ok=True)
        raise ErrorExportacion(mensaje_os(ruta, e)) from None
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise


@contextmanager
def carpeta_temporal(ruta: Path) -> Iterator[Path]:
    """Una carpeta temporal junto a `ruta`; al salir bien, sus archivos pasan a `ruta`.

    Si `ruta` no existe, la carpeta entera se renombra; si existe, cada archivo se mueve
    (reemplazando los de una exportación anterior con el mismo nombre).
    """
    temporal = _nombre_temporal(ruta)
    try:
        temporal.mkdir()
    except OSError as e:
        raise ErrorExportacion(mensaje_os(ruta, e, carpeta=True)) from None
    try:
        yield temporal
        for hijo in temporal.iterdir():
            _fsync(hijo)
        if ruta.is_dir():
            for hijo in sorted(temporal.iterdir()):
                os.replace(hijo, ruta / hijo.name)
            temporal.rmdir()
        else:
            os.replace(temporal, ruta)
    except OSError as e:
        shutil.rmtree(temporal, ignore_errors=True)
        raise ErrorExportacion(mensaje_os(ruta, e, carpeta=True)) from None
    except BaseException:
        shutil.rmtree(temporal, ignore_errors=True)
        raise


def _nombre_temporal(ruta: Path) -> Path:
    return ruta.with_name(f".{ruta.name}.{secrets.token_hex(4)}.parcial")


def _fsync(ruta: Path) -> None:
    with open(ruta, "rb") as f:
        os.fsync(f.fileno())
