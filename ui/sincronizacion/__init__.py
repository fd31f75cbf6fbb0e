"""Pantallas de sincronización: paquetes, estado, conflictos y la cola de duplicados.

`SECCIONES` llega a la ventana principal por `ui.registro.AREAS`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.registro import Seccion
from ui.sincronizacion.pantalla_conflictos import PantallaConflictos
from ui.sincronizacion.pantalla_duplicados import PantallaDuplicados
from ui.sincronizacion.pantalla_sincronizacion import PantallaSincronizacion
from ui.tareas import Tareas


def _sincronizacion(tareas: Tareas, _territorio: str | None) -> QWidget:
    return PantallaSincronizacion(tareas)


def _conflictos(tareas: Tareas, _territorio: str | None) -> QWidget:
    return PantallaConflictos(tareas)


def _duplicados(tareas: Tareas, _territorio: str | None) -> QWidget:
    return PantallaDuplicados(tareas)


SECCIONES = [
    Seccion("sincronizacion", "Sincronización", _sincronizacion, "Ctrl+Shift+S", "sincronizar"),
    Seccion("conflictos", "Conflictos", _conflictos, "Ctrl+Shift+K", "conflictos"),
    Seccion("duplicados", "Duplicados", _duplicados, "Ctrl+Shift+U", "conflictos#duplicados"),
]

__all__ = ["SECCIONES", "PantallaConflictos", "PantallaDuplicados", "PantallaSincronizacion"]
