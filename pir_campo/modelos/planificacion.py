"""Necesidades de infraestructura, oferta de inversión, PMDT y su cartera de iniciativas."""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from pir_campo.modelos.base import (
    TEXTO_LARGO,
    Fecha,
    Id,
    IdOpcional,
    Modelo,
    VacioANone,
    ValorInvalido,
    texto,
    texto_opcional,
)
from pir_campo.modelos.enums import (
    EstadoOferta,
    EstadoPmdt,
    EtapaProyecto,
    ResultadoRate,
    Tipologia,
    UnidadMonto,
)

CodigoBip = Annotated[Annotated[str, Field(pattern=r"^\d{8}-\d$")] | None, VacioANone]
Monto = Annotated[Annotated[float, Field(ge=0)] | None, VacioANone]
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
EnteroOpcional = Annotated[Annotated[int, Field(ge=0)] | None, VacioANone]


def _validar_costo(modelo: Modelo, monto: str, unidad: str) -> None:
    """Un monto lleva su unidad; uno en UF, el valor de la UF y la fecha usada."""
    valor, u = getattr(modelo, monto), getattr(modelo, unidad)
    if valor is not None and u is None:
        raise ValorInvalido(unidad, "es obligatorio cuando se indica un monto (pesos o UF)")
    if u == UnidadMonto.UF and valor is not None:
        if modelo.valor_uf is None:
            raise ValorInvalido("valor_uf", "es obligatorio para un monto en UF")
        if modelo.fecha_uf is None:
            raise ValorInvalido("fecha_uf", "es obligatorio para un monto en UF")
    if u == UnidadMonto.CLP and valor is not None and valor != int(valor):
        raise ValorInvalido(monto, "no lleva decimales cuando está en pesos")


class Necesidad(Modelo):
    tabla: ClassVar[str] = "necesidad"
    conteo: ClassVar[str] = "necesidades"
    etiqueta: ClassVar[str] = "la necesidad"

    territorio_id: Id = Field(title="Territorio")
    localidad_id: IdOpcional = Field(None, title="Localidad")
    tipologia: Tipologia = Field(title="Tipología")
    subtipo: str | None = texto_opcional("Subtipo")
    titulo: str = texto("Título de la necesidad")
    situacion_actual: str | None = texto_opcional("Situación actual", TEXTO_LARGO)
    latitud: Annotated[float | None, VacioANone] = Field(None, title="Latitud", ge=-56, le=-17)
    longitud: Annotated[float | None, VacioANone] = Field(None, title="Longitud", ge=-110, le=-66)
    hogares: EnteroOpcional = Field(None, title="Hogares beneficiados")
    mujeres: EnteroOpcional = Field(None, title="Mujeres beneficiadas")
    hombres: EnteroOpcional = Field(None, title="Hombres beneficiados")
    taller_id: IdOpcional = Field(None, title="Taller de origen")
    prioridad: EnteroOpcional = Field(None, title="Prioridad de la comunidad")
    etapa: EtapaProyecto = Field(EtapaProyecto.IDEA, title="Etapa")
    motivo_descarte: str | None = texto_opcional("Motivo de descarte", 2000)
    codigo_bip: CodigoBip = Field(None, title="Código BIP")
    resultado_rate: Annotated[ResultadoRate | None, VacioANone] = Field(
        None, title="Resultado RATE"
    )
    costo: Monto = Field(None, title="Costo estimado")
    unidad_costo: Annotated[UnidadMonto | None, VacioANone] = Field(None, title="Unidad del costo")
    valor_uf: Monto = Field(None, title="Valor de la UF")
    fecha_uf: Annotated[Fecha | None, VacioANone] = Field(None, title="Fecha del valor UF")
    fuente_financiamiento: str | None = texto_opcional("Fuente de financiamiento")
    financia_programa: bool = Field(True, title="Financiable por el programa")
    programa_alternativo: str | None = texto_opcional("Programa que la financia")

    @model_validator(mode="after")
    def _coherencia(self) -> Necesidad:
        _validar_costo(self, "costo", "unidad_costo")
        if self.etapa == EtapaProyecto.DESCARTADA and not self.motivo_descarte:
            raise ValorInvalido("motivo_descarte", "es obligatorio si la necesidad se descarta")
        return self


class OfertaInversion(Modelo):
    tabla: ClassVar[str] = "oferta_inversion"
    conteo: ClassVar[str] = "ofertas_inversion"
    etiqueta: ClassVar[str] = "la oferta de inversión"

    territorio_id: Id = Field(title="Territorio")
    nombre: str = texto("Nombre de la inversión")
    institucion: str = texto("Institución")
    programa: str | None = texto_opcional("Programa")
    tipologia: Tipologia = Field(title="Tipología")
    monto: Monto = Field(None, title="Monto")
    unidad_monto: Annotated[UnidadMonto | None, VacioANone] = Field(None, title="Unidad del monto")
    valor_uf: Monto = Field(None, title="Valor de la UF")
    fecha_uf: Annotated[Fecha | None, VacioANone] = Field(None, title="Fecha del valor UF")
    anio: int = Field(title="Año", ge=1990, le=2100)
    codigo_bip: CodigoBip = Field(None, title="Código BIP")
    estado: EstadoOferta = Field(EstadoOferta.EXISTENTE, title="Estado")

    @model_validator(mode="after")
    def _coherencia(self) -> OfertaInversion:
        _validar_costo(self, "monto", "unidad_monto")
        return self


class Pmdt(Modelo):
    """Una versión del Plan Marco de Desarrollo Territorial; cada actualización es otra fila."""

    tabla: ClassVar[str] = "pmdt"
    conteo: ClassVar[str] = "pmdt"
    etiqueta: ClassVar[str] = "el PMDT"
    clave_unica: ClassVar[tuple[str, ...]] = ("territorio_id", "version")

    territorio_id: Id = Field(title="Territorio")
    version: int = Field(title="Versión", ge=1)
    version_anterior_id: IdOpcional = Field(None, title="Versión anterior")
    fecha: Fecha = Field(title="Fecha de la versión")
    vision: str | None = texto_opcional("Visión", TEXTO_LARGO)
    diagnostico: str | None = texto_opcional("Resumen del diagnóstico", TEXTO_LARGO)
    ejes_productivos: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, title="Ejes productivos", max_length=30
    )
    modelo_gestion: str | None = texto_opcional("Modelo de gestión", TEXTO_LARGO)
    estado: EstadoPmdt = Field(EstadoPmdt.BORRADOR, title="Estado")


class Iniciativa(Modelo):
    tabla: ClassVar[str] = "iniciativa"
    conteo: ClassVar[str] = "iniciativas"
    etiqueta: ClassVar[str] = "la iniciativa"

    territorio_id: Id = Field(title="Territorio")
    pmdt_id: Id = Field(title="PMDT")
    nombre: str = texto("Nombre de la iniciativa")
    tipologia: Tipologia = Field(title="Tipología")
    etapa: EtapaProyecto = Field(EtapaProyecto.IDEA, title="Etapa")
    costo: Monto = Field(None, title="Costo")
    unidad_costo: Annotated[UnidadMonto | None, VacioANone] = Field(None, title="Unidad del costo")
    valor_uf: Monto = Field(None, title="Valor de la UF")
    fecha_uf: Annotated[Fecha | None, VacioANone] = Field(None, title="Fecha del valor UF")
    institucion_responsable: str | None = texto_opcional("Institución responsable")
    fuente_financiamiento: str | None = texto_opcional("Fuente de financiamiento")
    orden: int = Field(title="Orden de prioridad", ge=1)
    codigo_bip: CodigoBip = Field(None, title="Código BIP")
    necesidades: list[Annotated[str, Field(max_length=36)]] = Field(
        default_factory=list, title="Necesidades vinculadas", max_length=100
    )

    @model_validator(mode="after")
    def _coherencia(self) -> Iniciativa:
        _validar_costo(self, "costo", "unidad_costo")
        for n in self.necesidades:
            if not _ID.fullmatch(n):
                raise ValorInvalido("necesidades", "contiene un identificador no válido")
        return self
