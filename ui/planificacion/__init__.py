"""Pantallas de planificación: selección, necesidades, priorización, oferta, PMDT, capacidad y
seguimiento. `SECCIONES` las entrega a la ventana principal como (título, fábrica, atajo)."""

from __future__ import annotations

from ui.planificacion.pantalla_capacidad import PantallaCapacidad
from ui.planificacion.pantalla_necesidades import PantallaNecesidades
from ui.planificacion.pantalla_oferta import PantallaOferta
from ui.planificacion.pantalla_pmdt import PantallaPmdt
from ui.planificacion.pantalla_priorizacion import PantallaPriorizacion
from ui.planificacion.pantalla_region import PantallaSeguimientoRegion
from ui.planificacion.pantalla_seguimiento import PantallaSeguimiento
from ui.planificacion.pantalla_seleccion import PantallaSeleccion

# En el orden de los pasos del programa. Sin atajos propios: la ventana principal reparte los
# suyos y así no chocan.
SECCIONES: list[tuple] = [
    ("Selección de territorios", PantallaSeleccion, None),
    ("Necesidades", PantallaNecesidades, None),
    ("Priorización", PantallaPriorizacion, None),
    ("Oferta de inversión", PantallaOferta, None),
    ("PMDT", PantallaPmdt, None),
    ("Capacidad de gestión", PantallaCapacidad, None),
    ("Seguimiento del territorio", PantallaSeguimiento, None),
    ("Seguimiento regional", PantallaSeguimientoRegion, None),
]

__all__ = ["SECCIONES"]
