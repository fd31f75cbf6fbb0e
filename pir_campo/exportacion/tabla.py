"""Qué es una tabla exportada: columnas con su tipo y su descripción, filas de a una y, en las
capas SIG, su geometría; y las piezas que comparten las hojas (etiquetas, fechas, montos,
seudónimos).

Cada tabla entrega sus filas de a una (tuplas de valores de Python: texto, número, fecha,
Sí/No como bool) y, si es una capa SIG, también su geometría. Los escritores (libro XLSX, CSV,
GeoJSON, GeoPackage) solo deciden cómo se ve cada tipo de columna.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pir_campo import catalogos, ids, rut
from pir_campo.almacen import Almacen

# Tipos de columna: cómo la escribe cada formato.
TEXTO, ENTERO, DECIMAL, PESOS, UF, FECHA, HORA, SINO, COORD = (
    "texto",
    "entero",
    "decimal",
    "pesos",
    "uf",
    "fecha",
    "hora",
    "sino",
    "coordenada",
)
NUMERICOS = {ENTERO, DECIMAL, PESOS, UF, COORD}

Geometria = tuple[str, list[tuple[float, float]]] | None  # ("Point"|"MultiPoint", [(lon, lat)])


@dataclass(frozen=True)
class Columna:
    titulo: str
    tipo: str
    descripcion: str
    ancho: int | None = None


@dataclass(frozen=True)
class Seleccion:
    """Qué se exporta, ya revisado: territorios que existen y un rango de fechas en orden."""

    territorio_ids: tuple[str, ...]
    territorios: tuple[str, ...]  # nombres, para el Léame
    cut_region: str | None = None
    desde: dt.date | None = None
    hasta: dt.date | None = None
    con_datos_personales: bool = False

    @property
    def rango(self) -> tuple[str | None, str | None]:
        return (
            self.desde.isoformat() if self.desde else None,
            self.hasta.isoformat() if self.hasta else None,
        )


@dataclass
class Tabla:
    clave: str  # nombre de archivo o de capa, sin acentos
    hoja: str  # nombre de la hoja del libro
    descripcion: str
    columnas: tuple[Columna, ...]
    filas: Callable[[], Iterator[tuple]]
    geometria: str | None = None  # "Point" o "MultiPoint" si es una capa SIG
    geo: Callable[[], Iterator[tuple[tuple, Geometria]]] | None = None


def etiqueta(enum: Any, valor: Any) -> str | None:
    """Etiqueta en español de un código; un código desconocido (versión más nueva) tal cual."""
    if valor is None:
        return None
    try:
        return enum(valor).etiqueta
    except ValueError:
        return str(valor)


def fecha(valor: str | None) -> dt.date | None:
    return dt.date.fromisoformat(valor[:10]) if valor else None


def hora(valor: str | None) -> dt.time | None:
    return dt.time.fromisoformat(valor) if valor else None


def sino(valor: Any) -> bool | None:
    return None if valor is None else bool(valor)


def rut_texto(valor: str | None) -> str | None:
    return rut.formatear(valor) if valor else None


def montos(monto: float | None, unidad: str | None) -> tuple[float | None, float | None]:
    """(pesos, UF): cada monto en su columna, sin convertir nunca uno en otro."""
    if monto is None:
        return None, None
    if unidad == "UF":
        return None, float(monto)
    return (int(monto) if float(monto).is_integer() else float(monto)), None


def punto(lat: float | None, lon: float | None) -> Geometria:
    if lat is None or lon is None:
        return None
    return ("Point", [(float(lon), float(lat))])


def multipunto(puntos: list[tuple[float, float]]) -> Geometria:
    return ("MultiPoint", puntos) if puntos else None


# Base 32 de Crockford de a 10 bits (dos caracteres) por búsqueda: 40 bits son 4 búsquedas.
_PARES = [a + b for a in ids.CROCKFORD for b in ids.CROCKFORD]


class Seudonimos:
    """Códigos estables para personas sin datos personales: HMAC del id con una clave
    derivada de la identidad de la instalación. La misma persona recibe el mismo código en
    cada exportación de esta instalación, y el código no permite volver al id ni al nombre."""

    def __init__(self, almacen: Almacen):
        semilla = bytes(almacen.llave_firma())
        self.clave = hashlib.sha256(b"pir-campo/seudonimos/1" + semilla).digest()
        self.cache: dict[str, str] = {}
        # HMAC-SHA256 (RFC 2104) con los dos estados de la clave ya calculados: lo mismo que
        # hmac.digest, pero sin preparar la clave en cada llamada (cinco veces más rápido).
        relleno = self.clave.ljust(64, b"\0")
        self._interno = hashlib.sha256(bytes(b ^ 0x36 for b in relleno))
        self._externo = hashlib.sha256(bytes(b ^ 0x5C for b in relleno))

    def __call__(self, persona_id: str | None) -> str | None:
        if persona_id is None:
            return None
        codigo = self.cache.get(persona_id)
        if codigo is None:
            codigo = self.cache[persona_id] = self.calcular(persona_id)
        return codigo

    def calcular(self, persona_id: str) -> str:
        """El código sin guardarlo (la publicación en un servidor seudonimiza de una vez
        cientos de miles de personas: ni bucle en Python ni memoria por cada una)."""
        # 40 bits del HMAC en base 32 de Crockford, lo mismo que ids.base32.
        interno = self._interno.copy()
        interno.update(persona_id.encode())
        externo = self._externo.copy()
        externo.update(interno.digest())
        n = int.from_bytes(externo.digest()[:5])
        p = _PARES
        return f"P-{p[n >> 30]}{p[(n >> 20) & 1023]}{p[(n >> 10) & 1023]}{p[n & 1023]}"


# ---- piezas comunes de las hojas ----------------------------------------------------------

C_TERRITORIO = Columna("Territorio", TEXTO, "Nombre del territorio del programa", 28)


def comunas(cuts: list[str]) -> str:
    cat = catalogos.cargar().comunas
    return ", ".join(cat[c].nombre if c in cat else c for c in cuts)


def nombre_comuna(cut: str | None) -> str | None:
    if not cut:
        return None
    c = catalogos.cargar().comunas.get(cut)
    return c.nombre if c else cut


C_PESOS = "Costo ($)"
