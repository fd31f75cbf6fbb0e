"""Errores del núcleo con su mensaje en español.

La CLI y la interfaz muestran `str(error)` tal cual: el mensaje vive aquí, junto a la
excepción, para que ambas digan la misma frase.
"""

from __future__ import annotations


class ErrorPir(Exception):
    """Error esperado, con un mensaje para la persona usuaria."""

    codigo = "ERROR"

    def __init__(self, mensaje: str):
        super().__init__(mensaje)
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje


class ErrorValidacion(ErrorPir):
    """Un dato no cumple las reglas; `campo` nombra el campo (etiqueta en español)."""

    codigo = "VALIDACION"

    def __init__(self, mensaje: str, campo: str | None = None, errores: list[str] | None = None):
        super().__init__(mensaje)
        self.campo = campo
        self.errores = errores or [mensaje]


class ErrorNoEncontrado(ErrorPir):
    codigo = "NO_ENCONTRADO"


class ErrorBaseDatos(ErrorPir):
    codigo = "BASE_DATOS"


class ErrorEsquemaNuevo(ErrorBaseDatos):
    codigo = "ESQUEMA_NUEVO"


class ErrorCatalogo(ErrorPir):
    codigo = "CATALOGO"


class ErrorRegistroCerrado(ErrorPir):
    """Se intentó modificar un taller cerrado o un acta firmada."""

    codigo = "CERRADO"


class ErrorDocumento(ErrorPir):
    """No se pudo preparar o escribir un documento impreso."""

    codigo = "DOCUMENTO"


class ErrorPaquete(ErrorPir):
    """Un paquete de sincronización rechazado entero: no se aplicó nada de él."""

    codigo = "PAQUETE"

    def __init__(self, mensaje: str, codigo: str = "PAQUETE"):
        super().__init__(mensaje)
        self.codigo = codigo


class ErrorIdentidad(ErrorPir):
    """Archivo de identidad inválido o registro de confianza imposible."""

    codigo = "IDENTIDAD"


class ErrorClave(ErrorPir):
    """Frase de acceso equivocada o ausente: nada se abrió ni se modificó."""

    codigo = "CLAVE"


class ErrorExportacion(ErrorPir):
    """No se pudo exportar: la selección o el destino no sirven, o falló la escritura."""

    codigo = "EXPORTACION"
