"""Carpeta temporal de la sesión: vistas previas de PDF y adjuntos abiertos con el visor.

Lo que se deja aquí está en claro (el visor del sistema no lee la base cifrada), así que la
carpeta es privada de la sesión, se borra al cerrar la aplicación y, si una sesión anterior
terminó a la fuerza, al abrir la siguiente.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

PREFIJO = "pir-campo-sesion-"
_actual: Path | None = None


def raiz() -> Path:
    return Path(tempfile.gettempdir())


def carpeta() -> Path:
    global _actual
    if _actual is None or not _actual.is_dir():
        _actual = Path(tempfile.mkdtemp(prefix=PREFIJO))
        atexit.register(limpiar)
    return _actual


def limpiar() -> None:
    """Borra la carpeta de esta sesión."""
    global _actual
    if _actual is not None:
        shutil.rmtree(_actual, ignore_errors=True)
        _actual = None


# Preparación de paquetes (pir_campo/sincro): vive lo que dura exportar o importar; si el proceso
# murió, queda. Las de más de unas horas no son de una operación en curso.
PREFIJO_PAQUETES = "pirb-"
HORAS_PAQUETES = 6


def limpiar_restos() -> None:
    """Borra carpetas de sesiones anteriores del mismo usuario (cortes, cierres forzados) y
    preparaciones de paquetes abandonadas."""
    import time

    viejas = [
        r
        for r in raiz().glob(PREFIJO_PAQUETES + "*")
        if _edad_horas(r, time.time()) > HORAS_PAQUETES
    ]
    for resto in [*raiz().glob(PREFIJO + "*"), *viejas]:
        if resto == _actual:
            continue
        try:
            ajena = hasattr(os, "getuid") and resto.stat().st_uid != os.getuid()
        except OSError:
            continue
        if ajena:
            continue
        shutil.rmtree(resto, ignore_errors=True)


def _edad_horas(ruta: Path, ahora: float) -> float:
    try:
        return (ahora - ruta.stat().st_mtime) / 3600
    except OSError:
        return 0.0
