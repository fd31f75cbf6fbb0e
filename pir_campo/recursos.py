"""Un único resolvedor de rutas de `recursos/`.

Funciona desde un checkout, una instalación (wheel) y una carpeta congelada de
PyInstaller, donde los datos quedan bajo `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def carpeta_recursos() -> Path:
    congelada = getattr(sys, "_MEIPASS", None)
    if congelada:
        return Path(congelada) / "recursos"
    return Path(__file__).resolve().parent.parent / "recursos"


def ruta_recurso(*partes: str) -> Path:
    ruta = carpeta_recursos().joinpath(*partes)
    if not ruta.exists():
        from pir_campo.errores import ErrorCatalogo

        raise ErrorCatalogo(f"Falta el recurso «{'/'.join(partes)}» en la instalación.")
    return ruta
