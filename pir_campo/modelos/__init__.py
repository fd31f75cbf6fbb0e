"""Modelos del dominio (pydantic v2), uno por instrumento del programa."""

from __future__ import annotations

from pir_campo.modelos.adjunto import Adjunto
from pir_campo.modelos.base import Modelo
from pir_campo.modelos.capacidad import AccionPlan, Diagnostico, RespuestaDiagnostico
from pir_campo.modelos.planificacion import Iniciativa, Necesidad, OfertaInversion, Pmdt
from pir_campo.modelos.seleccion import IndicadorTerritorio, VotoPriorizacion
from pir_campo.modelos.taller import (
    ActaValidacion,
    Acuerdo,
    Adenda,
    Asistencia,
    Firmante,
    Taller,
)
from pir_campo.modelos.territorio import Localidad, Organizacion, Persona, Territorio

# Orden de padres a hijos: así se crean las tablas, se exporta y se genera la demo.
MODELOS: tuple[type[Modelo], ...] = (
    Territorio,
    IndicadorTerritorio,
    Localidad,
    Organizacion,
    Persona,
    Taller,
    Asistencia,
    Acuerdo,
    Pmdt,
    ActaValidacion,
    Firmante,
    Adenda,
    Necesidad,
    VotoPriorizacion,
    OfertaInversion,
    Iniciativa,
    Diagnostico,
    RespuestaDiagnostico,
    AccionPlan,
    Adjunto,
)
POR_TABLA: dict[str, type[Modelo]] = {m.tabla: m for m in MODELOS}
POR_CONTEO: dict[str, type[Modelo]] = {m.conteo: m for m in MODELOS}

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
    "territorios": "Territorios", "localidades": "Localidades",
    "organizaciones": "Organizaciones", "personas": "Personas", "talleres": "Talleres",
    "asistencias": "Asistencias", "acuerdos": "Acuerdos",
    "actas_validacion": "Actas de validación", "necesidades": "Necesidades",
    "ofertas_inversion": "Ofertas de inversión", "pmdt": "PMDT (versiones)",
    "iniciativas": "Iniciativas de cartera", "diagnosticos": "Diagnósticos de capacidad",
    "adjuntos": "Adjuntos",
}


def modelo(tabla: str) -> type[Modelo]:
    return POR_TABLA[tabla]


__all__ = [m.__name__ for m in MODELOS] + ["Modelo", "MODELOS", "POR_TABLA", "POR_CONTEO"]
