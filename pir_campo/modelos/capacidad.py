"""Diagnóstico de capacidad de gestión local, sus respuestas y el plan de fortalecimiento."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from pir_campo.modelos.base import Fecha, Id, Modelo, VacioANone, texto, texto_opcional
from pir_campo.modelos.enums import EstadoAccion, NivelCapacidad


class Diagnostico(Modelo):
    tabla: ClassVar[str] = "diagnostico"
    conteo: ClassVar[str] = "diagnosticos"
    etiqueta: ClassVar[str] = "el diagnóstico de capacidad"

    territorio_id: Id = Field(title="Territorio")
    organizacion_id: Id = Field(title="Organización")
    fecha: Fecha = Field(title="Fecha del diagnóstico")
    instrumento: str = texto("Instrumento")
    version_instrumento: int = Field(title="Versión del instrumento", ge=1)
    puntaje: Annotated[float | None, VacioANone] = Field(None, title="Puntaje", ge=0, le=100)
    nivel: Annotated[NivelCapacidad | None, VacioANone] = Field(None, title="Nivel")
    observaciones: str | None = texto_opcional("Observaciones", 5000)


class RespuestaDiagnostico(Modelo):
    tabla: ClassVar[str] = "respuesta_diagnostico"
    conteo: ClassVar[str] = "respuestas_diagnostico"
    etiqueta: ClassVar[str] = "la respuesta del diagnóstico"
    clave_unica: ClassVar[tuple[str, ...]] = ("diagnostico_id", "item")

    territorio_id: Id = Field(title="Territorio")
    diagnostico_id: Id = Field(title="Diagnóstico")
    item: str = texto("Ítem", 50)
    valor: int = Field(title="Respuesta", ge=0, le=10)
    comentario: str | None = texto_opcional("Comentario", 1000)


class AccionPlan(Modelo):
    tabla: ClassVar[str] = "accion_plan"
    conteo: ClassVar[str] = "acciones_plan"
    etiqueta: ClassVar[str] = "la acción del plan de fortalecimiento"

    territorio_id: Id = Field(title="Territorio")
    diagnostico_id: Id = Field(title="Diagnóstico")
    accion: str = texto("Acción", 1000)
    responsable: str | None = texto_opcional("Responsable")
    fecha_limite: Annotated[Fecha | None, VacioANone] = Field(None, title="Fecha límite")
    estado: EstadoAccion = Field(EstadoAccion.PENDIENTE, title="Estado")
