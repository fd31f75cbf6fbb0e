"""Indicadores de selección de territorios y votos de la priorización participativa."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from pir_campo.modelos.base import Id, Modelo, VacioANone, ValorInvalido, texto
from pir_campo.modelos.enums import Indicador, Tipologia

# Unidad sugerida para cada indicador (la persona puede escribir otra).
UNIDADES = {
    Indicador.DENSIDAD: "hab/km²",
    Indicador.POBREZA: "%",
    Indicador.BRECHA: "% de hogares sin servicio",
    Indicador.DINAMISMO: "índice 0-100",
    Indicador.INDIGENA: "%",
}


class IndicadorTerritorio(Modelo):
    """Un valor de un indicador para un territorio, con su fuente y su año."""

    tabla: ClassVar[str] = "indicador_territorio"
    conteo: ClassVar[str] = "indicadores"
    etiqueta: ClassVar[str] = "el indicador del territorio"
    clave_unica: ClassVar[tuple[str, ...]] = ("territorio_id", "indicador", "tipologia")

    territorio_id: Id = Field(title="Territorio")
    indicador: Indicador = Field(title="Indicador")
    tipologia: Annotated[Tipologia | None, VacioANone] = Field(None, title="Tipología")
    valor: float = Field(title="Valor", ge=0)
    unidad: str = texto("Unidad", 50)
    fuente: str = texto("Fuente")
    anio: int = Field(title="Año", ge=1990, le=2100)

    @model_validator(mode="after")
    def _coherencia(self) -> IndicadorTerritorio:
        if self.indicador == Indicador.BRECHA and self.tipologia is None:
            raise ValorInvalido("tipologia", "es obligatorio para una brecha de servicio")
        if self.indicador != Indicador.BRECHA and self.tipologia is not None:
            raise ValorInvalido("tipologia", "solo se indica en una brecha de servicio")
        if self.unidad.startswith("%") and self.valor > 100:
            raise ValorInvalido("valor", "es un porcentaje y no puede superar 100")
        return self


class VotoPriorizacion(Modelo):
    """Resultado de una necesidad en la priorización de un taller: votos, lugar o ambos."""

    tabla: ClassVar[str] = "voto_priorizacion"
    conteo: ClassVar[str] = "votos_priorizacion"
    etiqueta: ClassVar[str] = "el voto de priorización"

    territorio_id: Id = Field(title="Territorio")
    taller_id: Id = Field(title="Taller")
    necesidad_id: Id = Field(title="Necesidad")
    votos: Annotated[Annotated[int, Field(ge=0)] | None, VacioANone] = Field(None, title="Votos")
    lugar: Annotated[Annotated[int, Field(ge=1)] | None, VacioANone] = Field(
        None, title="Lugar en la priorización"
    )

    @model_validator(mode="after")
    def _coherencia(self) -> VotoPriorizacion:
        if self.votos is None and self.lugar is None:
            raise ValorInvalido("votos", "es obligatorio si no se indica el lugar")
        return self
