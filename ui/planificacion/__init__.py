"""Pantallas de planificación: selección, necesidades, priorización, oferta, PMDT, capacidad y
seguimiento. `SECCIONES` las entrega a la ventana principal (ver `ui.registro`)."""

from __future__ import annotations

from ui.planificacion.pantalla_capacidad import PantallaCapacidad
from ui.planificacion.pantalla_necesidades import PantallaNecesidades
from ui.planificacion.pantalla_oferta import PantallaOferta
from ui.planificacion.pantalla_pmdt import PantallaPmdt
from ui.planificacion.pantalla_priorizacion import PantallaPriorizacion
from ui.planificacion.pantalla_region import PantallaSeguimientoRegion
from ui.planificacion.pantalla_seguimiento import PantallaSeguimiento
from ui.planificacion.pantalla_seleccion import PantallaSeleccion
from ui.registro import Seccion

# En el orden de los pasos del programa. Sin atajos propios: la ventana principal reparte los
# suyos y así no chocan.
SECCIONES: list[Seccion] = [
    Seccion(
        "seleccion", "Selección de territorios", PantallaSeleccion, ayuda="planificacion#seleccion"
    ),
    Seccion("necesidades", "Necesidades", PantallaNecesidades, ayuda="planificacion#necesidades"),
    Seccion(
        "priorizacion", "Priorización", PantallaPriorizacion, ayuda="planificacion#priorizacion"
    ),
    Seccion("oferta", "Oferta de inversión", PantallaOferta, ayuda="planificacion#oferta"),
    Seccion("pmdt", "PMDT", PantallaPmdt, ayuda="planificacion#pmdt"),
    Seccion(
        "capacidad", "Capacidad de gestión", PantallaCapacidad, ayuda="planificacion#capacidad"
    ),
    Seccion(
        "seguimiento",
        "Seguimiento del territorio",
        PantallaSeguimiento,
        ayuda="consolidar#informes",
    ),
    Seccion(
        "seguimiento_regional",
        "Seguimiento regional",
        PantallaSeguimientoRegion,
        ayuda="consolidar#informes",
    ),
]

__all__ = ["SECCIONES"]
