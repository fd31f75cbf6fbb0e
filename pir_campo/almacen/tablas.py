"""Cómo se guardan los campos de cada modelo en su tabla: columnas, JSON y booleanos."""

from __future__ import annotations

import functools
import json
import operator
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pir_campo.modelos import Modelo


# Columnas de sincronización presentes en toda tabla sincronizable.
META = ("eliminado", "fusionado_en", "vv", "cdot", "fdots", "hlc", "origen", "lseq", "revisar")
# Columnas que viajan como campos con punto propio, además de las del modelo.
CAMPOS_META = ("eliminado", "fusionado_en")
# Campos de la tabla `conflicto` (no tiene modelo: la escribe la regla de fusión).
CONFLICTO = (
    "territorio_id",
    "tabla",
    "registro_id",
    "campo",
    "tipo",
    "valor_ganador",
    "valor_otro",
    "dot_ganador",
    "dot_otro",
    "estado",
    "resolucion",
)


def a_json(valor: Any) -> str:
    """JSON compacto y legible (sin escapar tildes), el de toda columna JSON de la base."""
    return json.dumps(valor, ensure_ascii=False, separators=(",", ":"))


def _base(anotacion: Any) -> Any:
    origen = typing.get_origin(anotacion)
    if origen is typing.Annotated:
        return _base(typing.get_args(anotacion)[0])
    if origen in (typing.Union, types.UnionType):
        opciones = [a for a in typing.get_args(anotacion) if a is not type(None)]
        return _base(opciones[0])
    return anotacion


def escrituras_de(punto: list) -> list[list]:
    """El punto de un campo en `fdots` como lista de puntos: uno solo, o cada escritura
    concurrente vigente ([dev, seq, hlc, valor]; ver sincro/fusion.py). Son los mismos objetos:
    cambiarlos cambia `fdots`."""
    return punto if punto and isinstance(punto[0], list) else [punto]


def tipo_base(anotacion: Any) -> Any:
    """El tipo de un campo sin Annotated ni None (date, bool, una enumeración, list...)."""
    return _base(anotacion)


@dataclass(frozen=True)
class Tabla:
    nombre: str
    campos: tuple[str, ...]
    json: frozenset[str]
    booleanos: frozenset[str]

    def a_sql(self, fila: dict[str, Any]) -> list[Any]:
        """Valores (en modo JSON del modelo) en el orden de `campos`, listos para SQLite."""
        try:
            salida = list(self._valores(fila))
        except KeyError:  # una fila parcial: los campos que faltan van como NULL
            salida = [fila.get(c) for c in self.campos]
        for i, es_json in self._convertir:
            v = salida[i]
            if v is not None:
                salida[i] = (
                    json.dumps(v, ensure_ascii=False, separators=(",", ":")) if es_json else int(v)
                )
        return salida

    @functools.cached_property
    def _valores(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        """Los valores de `campos` de una fila completa, de una vez (itemgetter, en C)."""
        obtener = operator.itemgetter(*self.campos)
        return obtener if len(self.campos) > 1 else lambda f: (obtener(f),)

    @functools.cached_property
    def _convertir(self) -> tuple[tuple[int, bool], ...]:
        """Posición de cada campo JSON (True) o booleano (False): solo esos se convierten."""
        return tuple(
            (i, c in self.json)
            for i, c in enumerate(self.campos)
            if c in self.json or c in self.booleanos
        )

    def desde_sql(self, valores: typing.Sequence[Any]) -> dict[str, Any]:
        fila = {}
        for c, v in zip(self.campos, valores, strict=True):
            if v is not None and c in self.json:
                v = json.loads(v)
            elif v is not None and c in self.booleanos:
                v = bool(v)
            fila[c] = v
        return fila


@cache
def tabla(modelo: type[Modelo]) -> Tabla:
    campos, js, bools = [], set(), set()
    for nombre, campo in modelo.model_fields.items():
        campos.append(nombre)
        base = _base(campo.annotation)
        if typing.get_origin(base) in (list, dict):
            js.add(nombre)
        elif base is bool:
            bools.add(nombre)
    return Tabla(modelo.tabla, tuple(campos), frozenset(js), frozenset(bools))


@cache
def campos_sincronizables(nombre: str) -> tuple[str, ...]:
    """Campos de datos (en forma SQL) de una tabla sincronizable, incluidos eliminado/fusionado.

    Una tabla desconocida es un error del programa (KeyError), no de quien usa la aplicación."""
    if nombre == "conflicto":
        return (*CONFLICTO, *CAMPOS_META)
    from pir_campo.modelos import POR_TABLA

    return (*tabla(POR_TABLA[nombre]).campos, *CAMPOS_META)


# Campos `*_id` cuyo registro no está en la tabla de su nombre; `registro_id` apunta a una
# tabla u otra según el registro (adjuntos, revisiones) y no se comprueba aquí.
_DESTINOS = {"acta_id": "acta_validacion", "version_anterior_id": "pmdt"}
_SIN_DESTINO_FIJO = {"registro_id"}


@cache
def referencias(modelo: type[Modelo]) -> dict[str, str]:
    """Campo → tabla del registro al que apunta, para cada `*_id` del modelo."""
    from pir_campo.modelos import POR_TABLA

    salida = {}
    for campo in modelo.model_fields:
        if not campo.endswith("_id") or campo in _SIN_DESTINO_FIJO:
            continue
        destino = _DESTINOS.get(campo, campo.removesuffix("_id"))
        if destino not in POR_TABLA:
            raise ValueError(f"{modelo.tabla}.{campo} no apunta a ninguna tabla conocida")
        salida[campo] = destino
    return salida
