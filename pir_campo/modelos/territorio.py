"""Territorio, localidades, organizaciones y personas."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, field_validator, model_validator

from pir_campo import catalogos
from pir_campo.modelos.base import (
    TEXTO_LARGO,
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
    EstadoTerritorio,
    PuebloOriginario,
    Sexo,
    TipoOrganizacion,
    TramoEdad,
)

Entero = Annotated[Annotated[int, Field(ge=0)] | None, VacioANone]


def _comuna(cut: str) -> str:
    cut = catalogos.cargar().cut_vigente(cut)
    if cut not in catalogos.cargar().comunas:
        raise ValorInvalido(None, f"tiene el código «{cut}», que no existe en el catálogo")
    return cut


class Territorio(Modelo):
    tabla: ClassVar[str] = "territorio"
    conteo: ClassVar[str] = "territorios"
    etiqueta: ClassVar[str] = "el territorio"
    campo_territorio: ClassVar[str | None] = "id"

    nombre: str = texto("Nombre del territorio")
    cut_region: str = Field(title="Región", pattern=r"^\d{2}$")
    comunas: list[str] = Field(title="Comunas", min_length=1, max_length=40)
    descripcion: str | None = texto_opcional("Descripción", TEXTO_LARGO)
    poblacion: Entero = Field(None, title="Población")
    hogares: Entero = Field(None, title="Hogares")
    superficie_km2: Annotated[float | None, VacioANone] = Field(
        None, title="Superficie (km²)", ge=0
    )
    comunidades_indigenas: str | None = texto_opcional("Comunidades indígenas", 2000)
    actividades_productivas: str | None = texto_opcional("Actividades productivas", 2000)
    servicios_existentes: str | None = texto_opcional("Servicios existentes", 2000)
    estado: EstadoTerritorio = Field(EstadoTerritorio.CANDIDATO, title="Estado de selección")

    @field_validator("cut_region")
    @classmethod
    def _region(cls, v: str) -> str:
        if v not in catalogos.cargar().regiones:
            raise ValorInvalido(None, f"tiene el código «{v}», que no existe en el catálogo")
        return v

    @field_validator("comunas")
    @classmethod
    def _comunas(cls, v: list[str]) -> list[str]:
        vistas = [_comuna(c) for c in v]
        if len(set(vistas)) != len(vistas):
            raise ValorInvalido(None, "tiene comunas repetidas")
        return vistas

    @model_validator(mode="after")
    def _comunas_en_region(self) -> Territorio:
        fuera = [c for c in self.comunas if not c.startswith(self.cut_region)]
        if fuera:
            raise ValorInvalido(
                "comunas", f"incluye {', '.join(fuera)}, que no pertenecen a la región elegida"
            )
        return self


class Localidad(Modelo):
    tabla: ClassVar[str] = "localidad"
    conteo: ClassVar[str] = "localidades"
    etiqueta: ClassVar[str] = "la localidad"

    territorio_id: Id = Field(title="Territorio")
    nombre: str = texto("Nombre de la localidad")
    cut_comuna: str = Field(title="Comuna")
    latitud: Annotated[float | None, VacioANone] = Field(None, title="Latitud", ge=-56, le=-17)
    longitud: Annotated[float | None, VacioANone] = Field(None, title="Longitud", ge=-110, le=-66)
    poblacion: Entero = Field(None, title="Población")
    hogares: Entero = Field(None, title="Hogares")

    @field_validator("cut_comuna")
    @classmethod
    def _cut(cls, v: str) -> str:
        return _comuna(v)


class Organizacion(Modelo):
    tabla: ClassVar[str] = "organizacion"
    conteo: ClassVar[str] = "organizaciones"
    etiqueta: ClassVar[str] = "la organización"

    territorio_id: Id = Field(title="Territorio")
    nombre: str = texto("Nombre de la organización")
    tipo: TipoOrganizacion = Field(title="Tipo de organización")
    rut: Rut = Field(None, title="RUT de la organización")
    localidad_id: IdOpcional = Field(None, title="Localidad")
    personalidad_juridica: str | None = texto_opcional("Personalidad jurídica")
    contacto: str | None = texto_opcional("Contacto")


class Persona(Modelo):
    """Persona que asiste a talleres; RUT y datos sensibles son opcionales (Ley 21.719)."""

    tabla: ClassVar[str] = "persona"
    conteo: ClassVar[str] = "personas"
    etiqueta: ClassVar[str] = "la persona"

    territorio_id: Id = Field(title="Territorio")
    nombre: str = texto("Nombre completo")
    rut: Rut = Field(None, title="RUT")
    sexo: Annotated[Sexo | None, VacioANone] = Field(None, title="Sexo")
    tramo_edad: Annotated[TramoEdad | None, VacioANone] = Field(None, title="Tramo de edad")
    pueblo_originario: Annotated[PuebloOriginario | None, VacioANone] = Field(
        None, title="Pueblo originario"
    )
    afrodescendiente: bool | None = Field(None, title="Afrodescendiente")
    telefono: Annotated[str | None, VacioANone] = Field(
        None, title="Teléfono", max_length=20, pattern=r"^\+?[0-9 ()-]{6,20}$"
    )
    organizacion_id: IdOpcional = Field(None, title="Organización")
