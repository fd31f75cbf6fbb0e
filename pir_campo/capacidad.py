"""Instrumento de diagnóstico de capacidad de gestión local: definición y puntaje.

El instrumento (secciones, ítems, escala, pesos y umbrales de nivel) es un dato versionado en
`recursos/instrumentos`, para que la oficina regional lo revise sin tocar código.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pir_campo.errores import ErrorCatalogo, ErrorValidacion
from pir_campo.recursos import ruta_recurso


@dataclass(frozen=True)
class Seccion:
    codigo: str
    nombre: str
    peso: float
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Instrumento:
    codigo: str
    version: int
    nombre: str
    escala: tuple[tuple[int, str], ...]
    niveles: tuple[tuple[str, float], ...]
    secciones: tuple[Seccion, ...]

    @property
    def maximo(self) -> int:
        return max(v for v, _ in self.escala)

    def items(self) -> dict[str, Seccion]:
        return {codigo: s for s in self.secciones for codigo, _ in s.items}


def validar_definicion(datos: dict) -> Instrumento:
    """Valida un instrumento; cualquier defecto se informa en español y no se carga nada."""

    def falla(texto: str) -> ErrorCatalogo:
        return ErrorCatalogo(f"El instrumento no es válido: {texto}.")

    try:
        escala = tuple((int(e["valor"]), str(e["etiqueta"])) for e in datos["escala"])
        niveles = tuple((str(n["nivel"]), float(n["desde"])) for n in datos["niveles"])
        secciones = tuple(
            Seccion(
                s["codigo"],
                s["nombre"],
                float(s["peso"]),
                tuple((i["codigo"], i["texto"]) for i in s["items"]),
            )
            for s in datos["secciones"]
        )
        instrumento = Instrumento(
            str(datos["instrumento"]),
            int(datos["version"]),
            str(datos["nombre"]),
            escala,
            niveles,
            secciones,
        )
    except KeyError as e:
        raise falla(f"falta el dato {e}") from None
    except (TypeError, ValueError, AttributeError) as e:
        raise falla(f"un dato tiene un tipo o valor no válido ({e})") from None
    if instrumento.version < 1:
        raise falla("la versión debe ser 1 o mayor")
    if len(escala) < 2 or len({v for v, _ in escala}) != len(escala):
        raise falla("la escala debe tener al menos dos valores distintos")
    if not secciones or any(not s.items for s in secciones):
        raise falla("cada sección debe tener ítems")
    if abs(sum(s.peso for s in secciones) - 1) > 1e-6:
        raise falla("los pesos de las secciones deben sumar 1")
    codigos = [c for s in secciones for c, _ in s.items]
    if len(set(codigos)) != len(codigos):
        raise falla("hay códigos de ítem repetidos")
    if {n for n, _ in niveles} != {"alto", "medio", "bajo"} or len(niveles) != 3:
        raise falla("los niveles deben ser alto, medio y bajo")
    _validar_detalle(instrumento, falla)
    return instrumento


def _validar_detalle(instrumento: Instrumento, falla) -> None:
    """Reglas que evitan puntajes imposibles: escala 0-10, pesos positivos, umbrales 0-100."""
    if any(not 0 <= v <= 10 for v, _ in instrumento.escala):
        raise falla("los valores de la escala deben estar entre 0 y 10")
    if any(not e.strip() for _, e in instrumento.escala):
        raise falla("cada valor de la escala necesita su etiqueta")
    if any(s.peso <= 0 for s in instrumento.secciones):
        raise falla("el peso de cada sección debe ser mayor que 0")
    secciones = [s.codigo for s in instrumento.secciones]
    if len(set(secciones)) != len(secciones):
        raise falla("hay códigos de sección repetidos")
    textos = [s.nombre for s in instrumento.secciones] + [
        t for s in instrumento.secciones for _, t in s.items
    ]
    if any(not str(t).strip() for t in textos):
        raise falla("hay secciones o ítems sin texto")
    umbrales = dict(instrumento.niveles)
    if any(not 0 <= u <= 100 for u in umbrales.values()):
        raise falla("los umbrales de nivel deben estar entre 0 y 100")
    if umbrales["bajo"] != 0 or not umbrales["bajo"] < umbrales["medio"] < umbrales["alto"]:
        raise falla("los umbrales deben cumplir bajo = 0 < medio < alto")


def validar_archivo(ruta: Path) -> Instrumento:
    """Lee y valida un archivo de instrumento sin guardarlo en caché (para revisarlo antes)."""
    try:
        datos = json.loads(Path(ruta).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ErrorCatalogo(f"No se pudo leer el instrumento {ruta}: {e}.") from None
    if not isinstance(datos, dict):
        raise ErrorCatalogo("El instrumento no es válido: debe ser un objeto JSON.")
    return validar_definicion(datos)


@cache
def cargar(ruta: Path | None = None) -> Instrumento:
    return validar_archivo(ruta or ruta_recurso("instrumentos", "capacidad_gestion.json"))


# Versiones enviadas por la oficina (ya validadas): cada diagnóstico se lee con la versión con
# que se respondió, así que las anteriores nunca se descartan.
_VERSIONES: dict[tuple[str, int], Instrumento] = {}


def olvidar_versiones() -> None:
    _VERSIONES.clear()


def registrar(instrumento: Instrumento) -> None:
    _VERSIONES[(instrumento.codigo, instrumento.version)] = instrumento


def por_version(codigo: str, version: int) -> Instrumento | None:
    """La definición exacta de una versión (la incluida en la aplicación o una recibida)."""
    base = cargar()
    if (base.codigo, base.version) == (codigo, version):
        return base
    return _VERSIONES.get((codigo, version))


def mas_reciente(versiones: list[int]) -> Instrumento:
    """La versión más nueva entre la incluida y las `versiones` registradas de este código."""
    base = cargar()
    candidatas = [base] + [
        _VERSIONES[(base.codigo, v)] for v in versiones if (base.codigo, v) in _VERSIONES
    ]
    return max(candidatas, key=lambda i: i.version)


@dataclass(frozen=True)
class Resultado:
    por_seccion: dict[str, float]
    puntaje: float
    nivel: str


def puntuar(instrumento: Instrumento, respuestas: dict[str, int]) -> Resultado:
    """Puntaje 0-100 por sección y ponderado; el nivel sale de los umbrales del instrumento."""
    items = instrumento.items()
    valores = {v for v, _ in instrumento.escala}
    for codigo, valor in respuestas.items():
        if codigo not in items:
            raise ErrorValidacion(f"El ítem «{codigo}» no pertenece al instrumento.", "Ítem")
        if valor not in valores:
            raise ErrorValidacion(
                f"La respuesta del ítem «{codigo}» ({valor}) está fuera de la escala "
                f"({min(valores)} a {max(valores)}).",
                "Respuesta",
            )
    por_seccion = {}
    for s in instrumento.secciones:
        suma = sum(respuestas.get(c, 0) for c, _ in s.items)
        por_seccion[s.codigo] = round(100 * suma / (len(s.items) * instrumento.maximo), 1)
    total = round(sum(por_seccion[s.codigo] * s.peso for s in instrumento.secciones), 1)
    nivel = next(
        n for n, desde in sorted(instrumento.niveles, key=lambda x: -x[1]) if total >= desde
    )
    return Resultado(por_seccion, total, nivel)
