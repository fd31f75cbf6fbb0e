"""Arreglo para un error de PySide6 6.12 con Python 3.11: cada `Signal.emit()` devuelve True
sin sumarle una referencia, así que el contador de referencias de True baja en uno por emisión
hasta que el intérprete aborta («bool_dealloc: deallocating True or False»), después de unos
pocos miles de señales. Desde Python 3.12 True, False y None son inmortales y no pasa.

Se suma una cantidad enorme al contador de esos tres objetos únicos (que nunca se liberan de
todos modos): así ninguna cantidad razonable de emisiones los lleva a cero.
"""

from __future__ import annotations

import ctypes
import sys

_MARGEN = 1 << 60


def aplicar() -> bool:
    if sys.version_info >= (3, 12) or getattr(sys, "_pir_parche_emit", False):
        return False
    for objeto in (True, False, None):
        ctypes.c_ssize_t.from_address(id(objeto)).value += _MARGEN
    sys._pir_parche_emit = True
    return True
