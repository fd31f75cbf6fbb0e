"""Revisión de la oficina sobre un taller, un acta, una versión del PMDT o un diagnóstico.

Una fila por registro revisado, con identificador derivado del registro: dos pasadas de
revisión sobre lo mismo actualizan la misma fila. El estado y el comentario los escribe la
oficina; la respuesta, el notebook: son campos distintos y se fusionan sin conflicto.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from pir_campo.modelos.base import Id, Modelo, texto_opcional
from pir_campo.modelos.enums import REVISABLES, EstadoRevision

__all__ = ["REVISABLES", "Revision"]


class Revision(Modelo):
    tabla: ClassVar[str] = "revision"
    conteo: ClassVar[str] = "revisiones"
    etiqueta: ClassVar[str] = "la revisión"

    territorio_id: Id = Field(title="Territorio")
    registro_tabla: str = Field(title="Tipo de registro", pattern=r"^[a-z_]{1,40}$")
    registro_id: Id = Field(title="Registro")
    estado: EstadoRevision = Field(EstadoRevision.RECIBIDO, title="Estado de revisión")
    comentario: str | None = texto_opcional("Comentario de la oficina", 4000)
    revisado_por: str | None = texto_opcional("Revisado por")
    revisado_en: str | None = texto_opcional("Revisado el")
    respuesta: str | None = texto_opcional("Respuesta del notebook", 4000)
    respondido_por: str | None = texto_opcional("Respondido por")
    respondido_en: str | None = texto_opcional("Respondido el")
