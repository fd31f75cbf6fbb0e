"""Metadatos de un archivo adjunto; los bytes viven en el almacén por contenido (SHA-256)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from pir_campo.modelos.base import Id, Modelo, texto
from pir_campo.modelos.enums import ClaseAdjunto


class Adjunto(Modelo):
    tabla: ClassVar[str] = "adjunto"
    conteo: ClassVar[str] = "adjuntos"
    etiqueta: ClassVar[str] = "el adjunto"

    territorio_id: Id = Field(title="Territorio")
    tabla_duena: str = texto("Tipo de registro", 40)
    registro_id: Id = Field(title="Registro")
    sha256: str = Field(title="Huella SHA-256", pattern=r"^[0-9a-f]{64}$")
    tamano: int = Field(title="Tamaño", ge=0)
    tipo_medio: str = texto("Tipo de archivo", 100)
    nombre_original: str = texto("Nombre del archivo", 255)
    clase: ClaseAdjunto = Field(ClaseAdjunto.OTRO, title="Clase de adjunto")
