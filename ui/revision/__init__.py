"""Revisión de la oficina y sus observaciones en el notebook.

`SECCIONES` llega a la ventana principal por `ui.registro.AREAS`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.registro import Seccion
from ui.tareas import Tareas


def _revision(tareas: Tareas, territorio: str | None) -> QWidget:
    from ui.revision.pantalla_revision import PantallaRevision

    return PantallaRevision(tareas, territorio)


def _observaciones(tareas: Tareas, _territorio: str | None) -> QWidget:
    from ui.revision.pantalla_observaciones import PantallaObservaciones

    return PantallaObservaciones(tareas)


def _entregas(tareas: Tareas, _territorio: str | None) -> QWidget:
    from ui.revision.pantalla_entregas import PantallaEntregas

    return PantallaEntregas(tareas)


def _envios(tareas: Tareas, _territorio: str | None) -> QWidget:
    from ui.revision.pantalla_envios import PantallaEnvios

    return PantallaEnvios(tareas)


SECCIONES = [
    Seccion("revision", "Revisión", _revision, "Ctrl+Shift+V", "consolidar#revisar"),
    Seccion(
        "observaciones",
        "Observaciones de la oficina",
        _observaciones,
        "Ctrl+Shift+O",
        "sincronizar#observaciones",
    ),
    Seccion("entregas", "Paquetes recibidos", _entregas, "Ctrl+Shift+E", "consolidar#importar"),
    Seccion("envios", "Enviar a los notebooks", _envios, "Ctrl+Shift+B", "consolidar#devolver"),
]
