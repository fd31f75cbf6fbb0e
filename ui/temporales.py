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


def limpiar_restos() -> None:
    """Borra carpetas de sesiones anteriores del mismo usuario (cortes, cierres forzados)."""
    for resto in raiz().glob(PREFIJO + "*"):
        if resto == _actual:
            continue
        try:
            ajena = hasattr(os, "getuid") and resto.stat().st_uid != os.getuid()
        except OSError:
            continue
        if ajena:
            continue
        shutil.rmtree(resto, ignore_errors=True)
