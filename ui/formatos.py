"""Cómo se muestran los valores guardados: etiquetas en español, fechas dd-mm-aaaa y RUT."""

from __future__ import annotations

from typing import Any

from pir_campo import formato, rut
from pir_campo.modelos.enums import (
    DecisionActa,
    EstadoActa,
    EstadoAcuerdo,
    EstadoTaller,
    LadoFirmante,
    Opcion,
    PuebloOriginario,
    Sexo,
    TipoActa,
    TramoEdad,
)


def etiqueta(enum: type[Opcion]):
    def formatear(valor: Any) -> str:
        if valor in (None, ""):
            return ""
        try:
            return enum(valor).etiqueta
        except ValueError:
            return str(valor)

    return formatear


sexo = etiqueta(Sexo)
tramo = etiqueta(TramoEdad)
pueblo = etiqueta(PuebloOriginario)
estado_taller = etiqueta(EstadoTaller)
estado_acuerdo = etiqueta(EstadoAcuerdo)
estado_acta = etiqueta(EstadoActa)
tipo_acta = etiqueta(TipoActa)
decision = etiqueta(DecisionActa)
lado = etiqueta(LadoFirmante)


def fecha(valor: Any) -> str:
    return formato.fecha(valor) if valor else ""


def rut_visible(valor: Any) -> str:
    return rut.formatear(valor) if valor else ""


def si_no(valor: Any) -> str:
    return "Sí" if valor else "No"


def paso(valor: Any) -> str:
    return f"Paso {valor}" if valor else ""


def cantidad(n: int, singular: str, plural: str | None = None) -> str:
    """«1 taller», «2 talleres», «1.757 necesidades»: nunca «taller(es)»."""
    return formato.cantidad(n, singular, plural)
