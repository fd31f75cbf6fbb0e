"""Talleres, asistencia, acuerdos y actas de validación con firmantes y adendas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from pir_campo.modelos.base import (
    TEXTO_LARGO,
    Fecha,
    Id,
    IdOpcional,
    Modelo,
    Rut,
    VacioANone,
    ValorInvalido,
    texto,
    texto_opcional,
)
from pir_campo.modelos.enums import (
    DecisionActa,
    EstadoActa,
    EstadoAcuerdo,
    EstadoTaller,
    LadoFirmante,
    PasoCritico,
    TipoActa,
)

Hora = Annotated[dt.time | None, VacioANone]


class Taller(Modelo):
    tabla: ClassVar[str] = "taller"
    conteo: ClassVar[str] = "talleres"
    etiqueta: ClassVar[str] = "el taller"

    territorio_id: Id = Field(title="Territorio")
    localidad_id: IdOpcional = Field(None, title="Localidad")
    paso: PasoCritico = Field(title="Paso crítico")
    titulo: str = texto("Título del taller")
    fecha: Fecha = Field(title="Fecha del taller")
    hora_inicio: Hora = Field(None, title="Hora de inicio")
    hora_termino: Hora = Field(None, title="Hora de término")
    lugar: str | None = texto_opcional("Lugar")
    proposito: str | None = texto_opcional("Propósito", 2000)
    facilitadores: str | None = texto_opcional("Facilitadores", 500)
    agenda: str | None = texto_opcional("Agenda", TEXTO_LARGO)
    discusion: str | None = texto_opcional("Discusión", TEXTO_LARGO)
    interprete: str | None = texto_opcional("Intérprete")
    participan_pueblos_indigenas: bool = Field(False, title="Participan pueblos indígenas")
    posible_afectacion_directa: bool = Field(False, title="Posible afectación directa")
    estado: EstadoTaller = Field(EstadoTaller.BORRADOR, title="Estado")
    motivo_reapertura: str | None = texto_opcional("Motivo de reapertura", 500)

    @model_validator(mode="after")
    def _coherencia(self) -> Taller:
        if self.hora_inicio and self.hora_termino and self.hora_termino <= self.hora_inicio:
            raise ValorInvalido("hora_termino", "debe ser posterior a la hora de inicio")
        if self.estado == EstadoTaller.CERRADO and self.fecha > dt.date.today():
            raise ValorInvalido("fecha", "está en el futuro: un taller futuro no se puede cerrar")
        return self


class Asistencia(Modelo):
    tabla: ClassVar[str] = "asistencia"
    conteo: ClassVar[str] = "asistencias"
    etiqueta: ClassVar[str] = "la asistencia"

    territorio_id: Id = Field(title="Territorio")
    taller_id: Id = Field(title="Taller")
    persona_id: Id = Field(title="Persona")
    organizacion_id: IdOpcional = Field(None, title="Organización")
    cargo: str | None = texto_opcional("Cargo o rol")
    firmo: bool = Field(False, title="Firmó en papel")


class Acuerdo(Modelo):
    tabla: ClassVar[str] = "acuerdo"
    conteo: ClassVar[str] = "acuerdos"
    etiqueta: ClassVar[str] = "el acuerdo"

    territorio_id: Id = Field(title="Territorio")
    taller_id: Id = Field(title="Taller")
    texto: str = texto("Texto del acuerdo", 2000)
    responsable: str | None = texto_opcional("Responsable")
    fecha_compromiso: Annotated[Fecha | None, VacioANone] = Field(None, title="Fecha comprometida")
    estado: EstadoAcuerdo = Field(EstadoAcuerdo.PENDIENTE, title="Estado")


class ActaValidacion(Modelo):
    tabla: ClassVar[str] = "acta_validacion"
    conteo: ClassVar[str] = "actas_validacion"
    etiqueta: ClassVar[str] = "el acta de validación"

    territorio_id: Id = Field(title="Territorio")
    tipo: TipoActa = Field(title="Tipo de acta")
    taller_id: IdOpcional = Field(None, title="Taller")
    pmdt_id: IdOpcional = Field(None, title="PMDT")
    fecha: Fecha = Field(title="Fecha del acta")
    lugar: str | None = texto_opcional("Lugar")
    decision: DecisionActa = Field(title="Decisión")
    votos_favor: int = Field(0, title="Votos a favor", ge=0)
    votos_contra: int = Field(0, title="Votos en contra", ge=0)
    abstenciones: int = Field(0, title="Abstenciones", ge=0)
    condiciones: str | None = texto_opcional("Condiciones", TEXTO_LARGO)
    estado: EstadoActa = Field(EstadoActa.BORRADOR, title="Estado")

    @model_validator(mode="after")
    def _coherencia(self) -> ActaValidacion:
        if self.decision == DecisionActa.APROBADO_CON_CONDICIONES and not self.condiciones:
            raise ValorInvalido("condiciones", "es obligatorio si se aprueba con condiciones")
        if self.tipo == TipoActa.VALIDACION_PMDT and not self.pmdt_id:
            raise ValorInvalido("pmdt_id", "es obligatorio en un acta de validación del PMDT")
        return self


class Firmante(Modelo):
    tabla: ClassVar[str] = "firmante"
    conteo: ClassVar[str] = "firmantes"
    etiqueta: ClassVar[str] = "el firmante"

    territorio_id: Id = Field(title="Territorio")
    acta_id: Id = Field(title="Acta")
    nombre: str = texto("Nombre del firmante")
    rut: Rut = Field(None, title="RUT del firmante")
    institucion: str | None = texto_opcional("Institución u organización")
    cargo: str | None = texto_opcional("Cargo")
    lado: LadoFirmante = Field(title="Parte")


class Adenda(Modelo):
    tabla: ClassVar[str] = "adenda"
    conteo: ClassVar[str] = "adendas"
    etiqueta: ClassVar[str] = "la adenda"

    territorio_id: Id = Field(title="Territorio")
    acta_id: Id = Field(title="Acta")
    fecha: Fecha = Field(title="Fecha de la adenda")
    texto: str = texto("Texto de la adenda", TEXTO_LARGO)
