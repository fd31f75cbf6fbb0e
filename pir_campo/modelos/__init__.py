"""Modelos del dominio (pydantic v2), uno por instrumento del programa.

Las clases se cargan al pedirlas (PEP 562): importar pydantic y armar los modelos cuesta unos
0,35 s, y abrir la aplicación o leer una lista no los necesita; `modelos.enums` tampoco.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pir_campo.modelos.base import Modelo

# Orden de padres a hijos: así se crean las tablas, se exporta y se genera la demo.
_ORDEN = (
    ("Territorio", "territorio"),
    ("IndicadorTerritorio", "seleccion"),
    ("Localidad", "territorio"),
    ("Organizacion", "territorio"),
    ("Persona", "territorio"),
    ("Taller", "taller"),
    ("Asistencia", "taller"),
    ("Acuerdo", "taller"),
    ("Pmdt", "planificacion"),
    ("ActaValidacion", "taller"),
    ("Firmante", "taller"),
    ("Adenda", "taller"),
    ("Necesidad", "planificacion"),
    ("VotoPriorizacion", "seleccion"),
    ("OfertaInversion", "planificacion"),
    ("Iniciativa", "planificacion"),
    ("Diagnostico", "capacidad"),
    ("RespuestaDiagnostico", "capacidad"),
    ("AccionPlan", "capacidad"),
    ("Adjunto", "adjunto"),
    ("Revision", "revision"),
    ("SolicitudDerecho", "derechos"),
)
_MODULO = {nombre: modulo for nombre, modulo in _ORDEN} | {"Modelo": "base"}


def __getattr__(nombre: str) -> Any:
    if nombre in _MODULO:
        valor = getattr(importlib.import_module(f"{__name__}.{_MODULO[nombre]}"), nombre)
    elif nombre == "MODELOS":
        valor = tuple(__getattr__(n) for n, _ in _ORDEN)
    elif nombre == "POR_TABLA":
        valor = {m.tabla: m for m in __getattr__("MODELOS")}
    elif nombre == "POR_CONTEO":
        valor = {m.conteo: m for m in __getattr__("MODELOS")}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {nombre!r}")
    globals()[nombre] = valor
    return valor


# Claves de `pir-campo resumen --json` / `pir-campo listar`, en el orden del resumen.
CONTEOS_RESUMEN = (
    "territorios",
    "localidades",
    "organizaciones",
    "personas",
    "talleres",
    "asistencias",
    "acuerdos",
    "actas_validacion",
    "necesidades",
    "ofertas_inversion",
    "pmdt",
    "iniciativas",
    "diagnosticos",
    "adjuntos",
)

# Nombres en plural para mostrar los conteos a personas.
ETIQUETAS_CONTEO = {
    "territorios": "Territorios",
    "localidades": "Localidades",
    "organizaciones": "Organizaciones",
    "personas": "Personas",
    "talleres": "Talleres",
    "asistencias": "Asistencias",
    "acuerdos": "Acuerdos",
    "actas_validacion": "Actas de validación",
    "necesidades": "Necesidades",
    "ofertas_inversion": "Ofertas de inversión",
    "pmdt": "PMDT (versiones)",
    "iniciativas": "Iniciativas de cartera",
    "diagnosticos": "Diagnósticos de capacidad",
    "adjuntos": "Adjuntos",
}


def modelo(tabla: str) -> type[Modelo]:
    return __getattr__("POR_TABLA")[tabla]


__all__ = [n for n, _ in _ORDEN] + ["Modelo", "MODELOS", "POR_TABLA", "POR_CONTEO"]
