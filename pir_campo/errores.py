"""Errores del núcleo con su mensaje en español.

La CLI y la interfaz muestran `str(error)` tal cual: el mensaje vive aquí, junto a la
excepción, para que ambas digan la misma frase.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


class ErrorPir(Exception):
    """Error esperado, con un mensaje para la persona usuaria."""

    codigo = "ERROR"

    def __init__(self, mensaje: str):
        super().__init__(mensaje)
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje


class ErrorValidacion(ErrorPir):
    """Un dato no cumple las reglas; `campo` nombra el campo (etiqueta en español)."""

    codigo = "VALIDACION"

    def __init__(self, mensaje: str, campo: str | None = None, errores: list[str] | None = None):
        super().__init__(mensaje)
        self.campo = campo
        self.errores = errores or [mensaje]


class ErrorNoEncontrado(ErrorPir):
    codigo = "NO_ENCONTRADO"


class ErrorBaseDatos(ErrorPir):
    codigo = "BASE_DATOS"


class ErrorEsquemaNuevo(ErrorBaseDatos):
    codigo = "ESQUEMA_NUEVO"


class ErrorCatalogo(ErrorPir):
    codigo = "CATALOGO"


class ErrorRegistroCerrado(ErrorPir):
    """Se intentó modificar un taller cerrado o un acta firmada."""

    codigo = "CERRADO"


class ErrorDocumento(ErrorPir):
    """No se pudo preparar o escribir un documento impreso."""

    codigo = "DOCUMENTO"


class ErrorPaquete(ErrorPir):
    """Un paquete de sincronización rechazado entero: no se aplicó nada de él."""

    codigo = "PAQUETE"

    def __init__(self, mensaje: str, codigo: str = "PAQUETE"):
        super().__init__(mensaje)
        self.codigo = codigo


class ErrorIdentidad(ErrorPir):
    """Archivo de identidad inválido o registro de confianza imposible."""

    codigo = "IDENTIDAD"


class ErrorClave(ErrorPir):
    """Frase de acceso equivocada o ausente: nada se abrió ni se modificó."""

    codigo = "CLAVE"


class ErrorExportacion(ErrorPir):
    """No se pudo exportar: la selección o el destino no sirven, o falló la escritura."""

    codigo = "EXPORTACION"


class ErrorServidor(ErrorPir):
    """No se pudo publicar en el servidor PostgreSQL: falta psycopg, el servidor no responde,
    las credenciales no sirven o su esquema es de una versión más nueva. Lo ya enviado queda."""

    codigo = "SERVIDOR"


class ErrorDisco(ErrorBaseDatos):
    """El medio no deja guardar ni leer: disco lleno, de solo lectura o desconectado.

    `causa` es «lleno», «solo_lectura» o «desconectado»; `ruta`, el archivo que se quería
    escribir o leer. La frase es la misma en la CLI y en la interfaz."""

    codigo = "DISCO"

    def __init__(self, causa: str, ruta: Path | str):
        self.causa = causa
        self.ruta = Path(ruta)
        if causa == "lleno":
            mensaje = (
                f"El disco donde está {ruta} está lleno: libere espacio y vuelva a intentarlo."
            )
        elif causa == "solo_lectura":
            mensaje = (
                f"El disco donde está {ruta} es de solo lectura: quite la protección contra "
                "escritura o use otro disco, y vuelva a intentarlo."
            )
        else:
            mensaje = (
                f"No se pudo leer ni escribir en {ruta}: ¿se desconectó el pendrive? Vuelva a "
                "conectarlo y vuelva a intentarlo."
            )
        super().__init__(mensaje)


# Códigos primarios de SQLite (estables, https://sqlite.org/rescode.html); la excepción del
# motor los trae en `sqlite_errorcode`, a veces extendidos (SQLITE_IOERR_WRITE = 778).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
_RESERVA = 256 * 1024


def _errnos(*nombres: str) -> frozenset[int]:
    return frozenset(getattr(errno, n) for n in nombres if hasattr(errno, n))


_ERRNO_LLENO = _errnos("ENOSPC", "EDQUOT", "EFBIG")
_ERRNO_SOLO_LECTURA = _errnos("EROFS")
_ERRNO_DESCONECTADO = _errnos("EIO", "ENXIO", "ENODEV", "ESTALE", "ENOTCONN")


def medio_solo_lectura(ruta: Path) -> bool:
    """¿El sistema de archivos donde está (o estaría) `ruta` se montó de solo lectura?"""
    for candidata in (ruta, *ruta.parents):
        try:
            return bool(os.statvfs(candidata).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):  # no existe aún, o Windows (sin statvfs)
            continue
    return False


def sin_espacio(ruta: Path) -> bool:
    """¿Queda en el disco de `ruta` menos de lo que SQLite necesita para abrir una base (su
    archivo -shm, 32 KiB) y escribir unas páginas?"""
    for candidata in (ruta, *ruta.parents):
        try:
            return shutil.disk_usage(candidata).free < _RESERVA
        except OSError:  # aún no existe: su carpeta
            continue
    return False


def causa_disco(e: BaseException, ruta: Path | str | None = None) -> str | None:
    """«lleno», «solo_lectura» o «desconectado» si `e` (del motor SQL o del sistema de
    archivos) es una falla del medio; None si es otra cosa. El único lugar que decide esto."""
    codigo = getattr(e, "sqlite_errorcode", None)
    if isinstance(codigo, int):
        primario = codigo & 0xFF
        if primario == SQLITE_FULL:
            return "lleno"
        if primario == SQLITE_READONLY:
            return "solo_lectura"
        if primario not in (SQLITE_IOERR, SQLITE_CANTOPEN):
            return None
        # Sin poder abrir o agrandar el -shm SQLite dice «falla de E/S» o «no se pudo abrir»:
        # el disco de la base dice si fue por lleno, por solo lectura o porque ya no está.
        if ruta is not None:
            ruta = Path(ruta)
            if not ruta.parent.is_dir():
                return "desconectado"
            if medio_solo_lectura(ruta):
                return "solo_lectura"
            if sin_espacio(ruta):
                return "lleno"
        # CANTOPEN con la carpeta en su lugar es otra cosa (permisos, un nombre inválido).
        return "desconectado" if primario == SQLITE_IOERR else None
    if isinstance(e, OSError):
        if e.errno in _ERRNO_LLENO:
            return "lleno"
        if e.errno in _ERRNO_SOLO_LECTURA:
            return "solo_lectura"
        if e.errno in _ERRNO_DESCONECTADO:
            return "desconectado"
    return None


def error_disco(e: BaseException, ruta: Path | str | None = None) -> ErrorDisco | None:
    """El ErrorDisco de `e`, con el lugar: `ruta` (lo que la persona pidió escribir, no su
    temporal) o, sin ella, el archivo que nombra el OSError."""
    lugar = ruta or getattr(e, "filename", None)
    causa = causa_disco(e, lugar)
    if causa is None or lugar is None:
        return None
    return ErrorDisco(causa, lugar)


def frase_disco(e: BaseException, ruta: Path | str | None = None) -> str | None:
    """La frase de `error_disco`, para los errores que conservan su propia clase (un
    documento, una exportación, un paquete)."""
    disco = error_disco(e, ruta)
    return str(disco) if disco else None
