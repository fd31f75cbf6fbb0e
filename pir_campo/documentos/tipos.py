"""Los documentos que se imprimen, por el nombre que usan la CLI y el código QR."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from reportlab.platypus import Flowable

from pir_campo.documentos import (
    acta_taller,
    acta_validacion,
    datos_persona,
    diagnostico,
    ficha_territorio,
    lista_asistencia,
    pmdt,
)
from pir_campo.modelos import (
    ActaValidacion,
    Diagnostico,
    Modelo,
    Persona,
    Pmdt,
    Taller,
    Territorio,
)


@dataclass(frozen=True)
class TipoDocumento:
    """Un documento imprimible: de qué registro sale, qué datos lee y cómo se dibuja."""

    nombre: str
    titulo: str
    modelo: type[Modelo]
    hijos: tuple[tuple[str, str], ...]
    datos: Callable[[Any, str], dict[str, Any]]  # (Almacen, id) -> datos del documento
    subtitulo: Callable[[dict[str, Any]], str]
    historia: Callable[..., list[Flowable]]
    aviso: str | None = None


def _tipo(nombre: str, titulo: str, modelo: type[Modelo], m: ModuleType) -> TipoDocumento:
    return TipoDocumento(
        nombre, titulo, modelo, m.HIJOS, m.datos, m.subtitulo, m.historia, getattr(m, "AVISO", None)
    )


TIPOS: dict[str, TipoDocumento] = {
    t.nombre: t
    for t in (
        _tipo("acta-taller", "Acta de taller", Taller, acta_taller),
        _tipo("lista-asistencia", "Lista de asistencia", Taller, lista_asistencia),
        _tipo("acta-validacion", "Acta de validación", ActaValidacion, acta_validacion),
        _tipo("ficha-territorio", "Ficha de territorio", Territorio, ficha_territorio),
        _tipo("pmdt", "Resumen del PMDT", Pmdt, pmdt),
        _tipo("diagnostico", "Diagnóstico de capacidad de gestión", Diagnostico, diagnostico),
        _tipo("datos-persona", "Sus datos en el programa", Persona, datos_persona),
    )
}

# Qué documentos se imprimen desde cada tipo de registro (para la interfaz y la verificación).
POR_TABLA: dict[str, list[str]] = {}
for _t in TIPOS.values():
    POR_TABLA.setdefault(_t.modelo.tabla, []).append(_t.nombre)
