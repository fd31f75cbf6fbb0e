"""Pantallas de sincronización: exportar e importar paquetes, estado y revisión de conflictos.

`SECCIONES` llega a la ventana principal por `ui.registro.AREAS`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.registro import Seccion
from ui.sincronizacion.pantalla_conflictos import PantallaConflictos
from ui.sincronizacion.pantalla_sincronizacion import PantallaSincronizacion
from ui.tareas import Tareas


def _sincronizacion(tareas: Tareas, _territorio: str | None) -> QWidget:
    return PantallaSincronizacion(tareas)


def _conflictos(tareas: Tareas, _territorio: str | None) -> QWidget:
    return PantallaConflictos(tareas)


SECCIONES = [
    Seccion("sincronizacion", "Sincronización", _sincronizacion, "Ctrl+Shift+S", "sincronizar"),
    Seccion("conflictos", "Conflictos", _conflictos, "Ctrl+Shift+K", "conflictos"),
]

__all__ = ["SECCIONES", "PantallaConflictos", "PantallaSincronizacion"]
