"""Modelos del dominio (pydantic v2), uno por instrumento del programa.

Las clases se cargan al pedirlas (PEP 562): importar pydantic y armar los modelos cuesta unos
0,35 s, y abrir la aplicación o leer una lista no los necesita; `modelos.enums` tampoco.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pir_campo.modelos.base import Modelo

# Orden de padres a hijos: así se crean las tablas, se exporta y se genera la demo. Con la
# tabla de cada modelo, para contar o recorrer tablas sin importar pydantic.
_ORDEN = (
    ("Territorio", "territorio", "territorio"),
    ("IndicadorTerritorio", "seleccion", "indicador_territorio"),
    ("Localidad", "territorio", "localidad"),
    ("Organizacion", "territorio", "organizacion"),
    ("Persona", "territorio", "persona"),
    ("Taller", "taller", "taller"),
    ("Asistencia", "taller", "asistencia"),
    ("Acuerdo", "taller", "acuerdo"),
    ("Pmdt", "planificacion", "pmdt"),
    ("ActaValidacion", "taller", "acta_validacion"),
    ("Firmante", "taller", "firmante"),
    ("Adenda", "taller", "adenda"),
    ("Necesidad", "planificacion", "necesidad"),
    ("VotoPriorizacion", "seleccion", "voto_priorizacion"),
    ("OfertaInversion", "planificacion", "oferta_inversion"),
    ("Iniciativa", "planificacion", "iniciativa"),
    ("Diagnostico", "capacidad", "diagnostico"),
    ("RespuestaDiagnostico", "capacidad", "respuesta_diagnostico"),
    ("AccionPlan", "capacidad", "accion_plan"),
    ("Adjunto", "adjunto", "adjunto"),
    ("Revision", "revision", "revision"),
    ("SolicitudDerecho", "derechos", "solicitud_derecho"),
    ("Consentimiento", "derechos", "consentimiento"),
)
# Las tablas sincronizables de los modelos, en ese orden (una prueba las compara con MODELOS).
TABLAS = tuple(tabla for _n, _m, tabla in _ORDEN)
_MODULO = {nombre: modulo for nombre, modulo, _tabla in _ORDEN} | {"Modelo": "base"}


def __getattr__(nombre: str) -> Any:
    if nombre in _MODULO:
        valor = getattr(importlib.import_module(f"{__name__}.{_MODULO[nombre]}"), nombre)
    elif nombre == "MODELOS":
        valor = tuple(__getattr__(n) for n, _m, _t in _ORDEN)
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


__all__ = [n for n, _m, _t in _ORDEN] + ["Modelo", "MODELOS", "POR_TABLA", "POR_CONTEO", "TABLAS"]
