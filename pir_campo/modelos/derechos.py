"""Solicitudes de derechos de las personas (Ley 21.719): registro que viaja como cualquier otro.

Una solicitud de supresión es además la orden que cada instalación cumple al recibirla: nombra
a la persona y lo que se borra de ella (ids, nunca sus datos) y no se puede anular.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from pir_campo.modelos.base import TEXTO_LARGO, Fecha, Id, Modelo, texto, texto_opcional
from pir_campo.modelos.enums import TipoSolicitud


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
