"""Base de los modelos: validación con pydantic y errores en español que nombran el campo."""

from __future__ import annotations

import datetime as dt
import re
import typing
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from pir_campo import rut as _rut
from pir_campo.errores import ErrorValidacion

TEXTO_CORTO = 200

# Mensajes para los patrones usados en los modelos (pydantic solo da el patrón).
_PATRONES = {
    r"^\d{8}-\d$": "debe tener la forma 30123456-7 (ocho dígitos, guion y dígito verificador)",
    r"^\d{2}$": "debe ser un código CUT de dos dígitos",
    r"^[0-9a-f]{64}$": "debe ser una huella SHA-256 en hexadecimal",
    r"^\+?[0-9 ()-]{6,20}$": "debe ser un número de teléfono (ejemplo: +56 9 1234 5678)",
}


class ValorInvalido(ValueError):
    """Error de validación que nombra su campo; lo usan las reglas entre campos.

    `campo` es el nombre del atributo (o None si se aplica al campo en validación) y
    `mensaje` la frase sin el nombre del campo: «debe ser posterior a la hora de inicio».
    """

    def __init__(self, campo: str | None, mensaje: str):
        super().__init__(mensaje)
        self.campo = campo
        self.mensaje = mensaje


TEXTO_LARGO = 20_000
# Desde este largo un texto es de varias líneas (agenda, discusión, observaciones...): admite
# tabulador y saltos de línea. Ningún texto admite otros caracteres de control (NUL, escape...)
# ni mitades sueltas de un par sustituto, que no se pueden guardar en UTF-8.
VARIAS_LINEAS = 500
_PROHIBIDOS_EN_PARRAFO = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_PROHIBIDOS_EN_LINEA = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _fecha(valor: Any) -> Any:
    """Acepta dd-mm-aaaa (como se escribe en Chile) además de aaaa-mm-dd."""
    if isinstance(valor, str):
        m = re.fullmatch(r"\s*(\d{1,2})[-/](\d{1,2})[-/](\d{4})\s*", valor)
        if m:
            d, mes, a = (int(x) for x in m.groups())
            try:
                return dt.date(a, mes, d)
            except ValueError:
                raise ValorInvalido(None, "no es una fecha del calendario") from None
    return valor


def _rut_opcional(valor: Any) -> Any:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    if not isinstance(valor, str):
        raise ValueError("debe ser texto")
    falla = _rut.problema(valor)
    if falla:
        raise ValorInvalido(None, falla)
    return _rut.validar(valor)


def _vacio_a_none(valor: Any) -> Any:
    if isinstance(valor, str) and not valor.strip():
        return None
    return valor


Fecha = Annotated[dt.date, BeforeValidator(_fecha)]
Rut = Annotated[str | None, BeforeValidator(_rut_opcional)]


def texto(titulo: str, largo: int = TEXTO_CORTO, **kw: Any) -> Any:
    return Field(title=titulo, min_length=1, max_length=largo, **kw)


def texto_opcional(titulo: str, largo: int = TEXTO_CORTO) -> Any:
    return Field(None, title=titulo, max_length=largo)


VacioANone = BeforeValidator(_vacio_a_none)


class Modelo(BaseModel):
    """Registro sincronizable. `tabla` es su tabla SQLite; `conteo` su clave en el resumen."""

    # defer_build: el esquema de cada modelo se arma la primera vez que valida, no al importar
    # (importar el núcleo es lo más caro del arranque de la aplicación de escritorio).
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=True,
        frozen=False,
        defer_build=True,
    )

    tabla: ClassVar[str]
    conteo: ClassVar[str]
    etiqueta: ClassVar[str]
    # Campos que vinculan con el territorio, para filtrar y para el alcance de sincronización.
    campo_territorio: ClassVar[str | None] = "territorio_id"
    # Clave natural de un registro único (UUIDv5 sobre ella, ver `ids.uuid_clave`); vacía en
    # los registros que pueden repetirse, que llevan UUIDv7.
    clave_unica: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def revisar_caracteres(self) -> Modelo:
        """Un NUL o un carácter de control en un texto se rechaza nombrando el campo (lo
        comparten la interfaz, la CLI y la importación de paquetes)."""
        valores = self.__dict__
        for nombre, patron, lista in _campos_de_texto(type(self)):
            valor = valores[nombre]
            if valor is None:
                continue
            for texto_ in valor if lista else (valor,):
                if type(texto_) is str and (m := patron.search(texto_)):
                    raise ValorInvalido(
                        nombre,
                        f"tiene un carácter de control (U+{ord(m.group()):04X}) que no se puede "
                        "guardar; quítelo y vuelva a intentarlo",
                    )
        return self

    @classmethod
    def validar(cls, datos: dict[str, Any]) -> Modelo:
        try:
            return cls.model_validate(datos)
        except ValidationError as e:
            mensajes = [_mensaje(cls, err) for err in e.errors()]
            primero = e.errors()[0]
            loc = primero.get("loc", ())
            original = (primero.get("ctx") or {}).get("error")
            if isinstance(original, ValorInvalido) and original.campo:
                loc = (original.campo,)
            campo = _etiqueta(cls, loc)
            raise ErrorValidacion(" ".join(dict.fromkeys(mensajes)), campo, mensajes) from None

    def como_fila(self) -> dict[str, Any]:
        """Valores listos para JSON (fechas en ISO, enumeraciones como su código)."""
        return self.model_dump(mode="json")


_TEXTOS_POR_MODELO: dict[type, list[tuple[str, re.Pattern, bool]]] = {}


def _hojas(anotacion: Any) -> set[Any]:
    argumentos = typing.get_args(anotacion)
    if typing.get_origin(anotacion) is Annotated:
        return _hojas(argumentos[0])
    if not argumentos:
        return {anotacion}
    return set().union(*(_hojas(a) for a in argumentos))


def _campos_de_texto(cls: type[BaseModel]) -> list[tuple[str, re.Pattern, bool]]:
    """(campo, caracteres prohibidos, es lista) de los campos de texto libre del modelo (no
    las enumeraciones); los de `VARIAS_LINEAS` caracteres o más admiten saltos de línea."""
    if cls not in _TEXTOS_POR_MODELO:
        salida = []
        for nombre, campo in cls.model_fields.items():
            if str not in _hojas(campo.annotation) or nombre.endswith("_id"):
                continue  # los *_id ya se validan como UUID
            largo = max((getattr(m, "max_length", 0) or 0 for m in campo.metadata), default=0)
            patron = _PROHIBIDOS_EN_PARRAFO if largo >= VARIAS_LINEAS else _PROHIBIDOS_EN_LINEA
            lista = typing.get_origin(_sin_annotated(campo.annotation)) is list
            salida.append((nombre, patron, lista))
        _TEXTOS_POR_MODELO[cls] = salida
    return _TEXTOS_POR_MODELO[cls]


def _sin_annotated(anotacion: Any) -> Any:
    while typing.get_origin(anotacion) is Annotated:
        anotacion = typing.get_args(anotacion)[0]
    return anotacion


def _etiqueta(cls: type[BaseModel], loc: tuple) -> str:
    if not loc:
        return cls.etiqueta if hasattr(cls, "etiqueta") else "registro"
    nombre = loc[0]
    campo = cls.model_fields.get(nombre) if isinstance(nombre, str) else None
    base = (campo.title if campo and campo.title else str(nombre)).strip()
    if len(loc) > 1 and isinstance(loc[1], int):
        base += f" (elemento {loc[1] + 1})"
    return base


def _opciones(cls: type[BaseModel], nombre: Any) -> str | None:
    campo = cls.model_fields.get(nombre) if isinstance(nombre, str) else None
    if campo is None:
        return None
    tipo = campo.annotation
    for candidato in (tipo, *getattr(tipo, "__args__", ())):
        if isinstance(candidato, type) and issubclass(candidato, Enum):
            return ", ".join(
                str(getattr(m, "etiqueta", m.value))
                for m in candidato  # type: ignore[attr-defined]
            )
    return None


def _mensaje(cls: type[BaseModel], err: dict) -> str:
    loc = err.get("loc", ())
    tipo = err.get("type", "")
    ctx = err.get("ctx", {}) or {}
    original = ctx.get("error")
    if isinstance(original, ValorInvalido):
        if original.campo:
            loc = (original.campo,)
        return f"El campo «{_etiqueta(cls, loc)}» {original.mensaje}."
    if not loc:
        return f"{original}." if original else f"El registro «{cls.etiqueta}» no es válido."
    campo = f"El campo «{_etiqueta(cls, loc)}»"
    if tipo == "missing":
        return f"{campo} es obligatorio."
    if tipo == "extra_forbidden":
        return f"El campo «{loc[0]}» no existe en {cls.etiqueta}."
    if tipo == "string_too_short":
        return f"{campo} no puede quedar vacío."
    if tipo == "string_too_long":
        return f"{campo} admite como máximo {ctx.get('max_length')} caracteres."
    if tipo in ("too_short", "too_long"):
        return f"{campo} tiene una cantidad de elementos no permitida."
    if tipo == "greater_than_equal":
        return (
            f"{campo} no puede ser negativo."
            if ctx.get("ge") == 0
            else f"{campo} debe ser mayor o igual que {ctx.get('ge')}."
        )
    if tipo == "greater_than":
        return f"{campo} debe ser mayor que {ctx.get('gt')}."
    if tipo == "less_than_equal":
        return f"{campo} debe ser menor o igual que {ctx.get('le')}."
    if tipo == "less_than":
        return f"{campo} debe ser menor que {ctx.get('lt')}."
    if tipo.startswith("int_"):
        return f"{campo} debe ser un número entero."
    if tipo.startswith("float_") or tipo.startswith("decimal_"):
        return f"{campo} debe ser un número."
    if tipo.startswith("bool_"):
        return f"{campo} debe ser sí o no."
    if tipo.startswith("date") or tipo.startswith("datetime"):
        return f"{campo} debe ser una fecha válida (dd-mm-aaaa)."
    if tipo.startswith("time"):
        return f"{campo} debe ser una hora válida (HH:MM)."
    if tipo in ("enum", "literal_error"):
        opciones = _opciones(cls, loc[0])
        return f"{campo} no admite ese valor" + (f"; opciones: {opciones}." if opciones else ".")
    if tipo == "string_unicode":
        return f"{campo} tiene un carácter que no es texto válido; quítelo y vuelva a intentarlo."
    if tipo == "string_type":
        return f"{campo} debe ser texto."
    if tipo == "list_type":
        return f"{campo} debe ser una lista."
    if tipo == "value_error":
        return f"{campo}: {ctx.get('error')}."
    if tipo == "string_pattern_mismatch":
        return f"{campo} " + _PATRONES.get(ctx.get("pattern"), "no tiene el formato esperado") + "."
    return f"{campo} no es válido."


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def id_valido(valor: str | None) -> str | None:
    """Los identificadores son UUID en texto; otra cosa se rechaza antes de guardar."""
    if valor is None:
        return None
    if not _UUID.fullmatch(valor):
        raise ValorInvalido(None, "no es un identificador válido")
    return valor


Id = Annotated[str, BeforeValidator(id_valido)]
IdOpcional = Annotated[str | None, BeforeValidator(lambda v: id_valido(_vacio_a_none(v)))]
