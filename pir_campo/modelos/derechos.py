"""Solicitudes de derechos de las personas (Ley 21.719): registro que viaja como cualquier otro.

Una solicitud de supresión es además la orden que cada instalación cumple al recibirla: nombra
a la persona y lo que se borra de ella (ids, nunca sus datos) y no se puede anular.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from pir_campo.modelos.base import (
    TEXTO_LARGO,
    Fecha,
    Id,
    IdOpcional,
    Modelo,
    ValorInvalido,
    texto,
    texto_opcional,
)
from pir_campo.modelos.enums import FormaConsentimiento, TipoSolicitud


class SolicitudDerecho(Modelo):
    tabla: ClassVar[str] = "solicitud_derecho"
    conteo: ClassVar[str] = "solicitudes_derecho"
    etiqueta: ClassVar[str] = "la solicitud de derechos"

    territorio_id: Id = Field(title="Territorio")
    persona_id: Id = Field(title="Persona")
    tipo: TipoSolicitud = Field(title="Derecho pedido")
    fecha: Fecha = Field(title="Fecha de la solicitud")
    solicitado_por: str = texto("Quién lo pidió")
    motivo: str | None = texto_opcional("Motivo", TEXTO_LARGO)
    respuesta: str | None = texto_opcional("Cómo se respondió", TEXTO_LARGO)
    # Supresión: {"persona": [...], "asistencia": [...], "firmante": [...], "acuerdo": [...]}
    alcance: dict[str, list[str]] | None = Field(None, title="Registros alcanzados")


class Consentimiento(Modelo):
    """El consentimiento de una persona para guardar sus datos sensibles (pueblo originario,
    afrodescendencia): sin uno vigente esos campos quedan vacíos. Viaja como cualquier registro.
    """

    tabla: ClassVar[str] = "consentimiento"
    conteo: ClassVar[str] = "consentimientos"
    etiqueta: ClassVar[str] = "el consentimiento"

    territorio_id: Id = Field(title="Territorio")
    persona_id: Id = Field(title="Persona")
    taller_id: IdOpcional = Field(None, title="Taller")
    fecha: Fecha = Field(title="Fecha del consentimiento")
    version_aviso: str = texto("Versión del aviso de privacidad", 40)
    forma: FormaConsentimiento = Field(title="Cómo se dio")
    testigo: str | None = texto_opcional("Testigo")

    @model_validator(mode="after")
    def _testigo(self) -> Consentimiento:
        if self.forma == FormaConsentimiento.VERBAL_TESTIGO and not self.testigo:
            raise ValorInvalido("testigo", "es obligatorio si el consentimiento fue verbal")
        return self
