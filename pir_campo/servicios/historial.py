"""Historial de un registro: quién (la persona), cuándo, en qué instalación, qué campo pasó de
qué valor a cuál y por qué. La creación muestra los valores iniciales, que la bitácora no
repite: se deducen del registro actual deshaciendo, del último al primero, sus cambios.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from pir_campo import formato, ids
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_historial as q
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.almacen.tablas import tipo_base
from pir_campo.errores import ErrorNoEncontrado
from pir_campo.modelos.enums import REVISABLES

_META = {"eliminado": "Eliminado", "fusionado_en": "Fusionado en"}
_ETIQUETAS_TABLA = {"conflicto": "Conflicto"}
VACIO = "(vacío)"


@dataclass
class Campo:
    campo: str
    etiqueta: str
    antes: str | None
    despues: str | None


@dataclass
class Entrada:
    tipo: str  # creacion, cambio o eliminacion
    momento: str  # UTC, ISO 8601
    cuando: str  # dd-mm-aaaa HH:MM en hora de Chile
    persona: str
    dispositivo: str
    instalacion: str
    motivo: str | None
    campos: list[Campo] = field(default_factory=list)

    @property
    def titulo(self) -> str:
        return {
            "creacion": "Creación",
            "eliminacion": "Eliminación",
            "revision": "Revisión de la oficina",
            "respuesta": "Respuesta a la oficina",
        }.get(self.tipo, "Cambio")


@dataclass
class Historial:
    tabla: str
    tipo_registro: str
    id: str
    entradas: list[Entrada]

    @property
    def titulo(self) -> str:
        """«Historial del taller», «Historial de la persona»."""
        e = self.tipo_registro
        return "Historial " + ("del " + e[3:] if e.startswith("el ") else f"de {e}")

    def como_dict(self) -> dict[str, Any]:
        return asdict(self)

    def texto(self) -> str:
        n = len(self.entradas)
        lineas = [f"{self.titulo} {self.id} ({n} {'entrada' if n == 1 else 'entradas'})"]
        for e in self.entradas:
            cabeza = f"{e.cuando}  {e.titulo} por {e.persona} en {e.instalacion}"
            lineas.append(cabeza + (f". Motivo: {e.motivo}" if e.motivo else ""))
            for c in e.campos:
                if e.tipo == "creacion":
                    lineas.append(f"    {c.etiqueta}: {c.despues}")
                else:
                    lineas.append(f"    {c.etiqueta}: {c.antes} → {c.despues}")
        return "\n".join(lineas)


@cache
def _campos_modelo(tabla: str) -> dict[str, tuple[str, Any]]:
    """Etiqueta y tipo base de cada campo, para mostrar valores como los lee una persona."""
    if tabla == "conflicto":
        return {c: (c.replace("_", " ").capitalize(), str) for c in rep.CONFLICTO}
    from pir_campo.modelos import POR_TABLA

    modelo = POR_TABLA[tabla]
    return {
        nombre: (c.title or nombre, tipo_base(c.annotation))
        for nombre, c in modelo.model_fields.items()
    }


def _etiqueta_tabla(tabla: str) -> str:
    if tabla in _ETIQUETAS_TABLA:
        return _ETIQUETAS_TABLA[tabla]
    from pir_campo.modelos import POR_TABLA

    return POR_TABLA[tabla].etiqueta


def _mostrar(tabla: str, campo: str, valor: Any) -> str:
    if valor is None or valor == "" or valor == []:
        return VACIO
    if type(valor) is str and _campos_modelo(tabla).get(campo, (campo, str))[1] is str:
        if not (campo.endswith("_id") or campo == "fusionado_en"):
            return valor  # el caso común (textos): sin más preguntas
    if campo == "eliminado":
        return "Sí" if valor in (1, True) else "No"
    if (campo.endswith("_id") or campo == "fusionado_en") and isinstance(valor, str):
        try:
            return ids.codigo_corto(valor)
        except ValueError:
            return valor
    tipo = _campos_modelo(tabla).get(campo, (campo, str))[1]
    try:
        if isinstance(tipo, type) and issubclass(tipo, Enum):
            miembro = tipo(valor)
            return str(getattr(miembro, "etiqueta", miembro.value))
        if tipo is bool:
            return "Sí" if valor else "No"
        if tipo is dt.date:
            return formato.fecha(valor)
        if tipo is dt.time:
            return formato.hora(valor)
    except ValueError:
        pass
    if isinstance(valor, list):
        return ", ".join(str(v) for v in valor)
    if isinstance(valor, float):
        return formato.numero(valor, 2)
    if isinstance(valor, int):
        return formato.numero(valor)
    return str(valor)


def _cargar(texto: str | None) -> Any:
    if texto is None:
        return None
    if texto[:1] == '"' and "\\" not in texto:
        return texto[1:-1]  # texto JSON sin escapes: json.loads costaría 20 µs por fila
    try:
        return json.loads(texto)
    except ValueError:
        return texto


def momento_chile(momento: str) -> str:
    """Como formato.momento_local, sin strftime (que cuesta ~40 µs por llamada)."""
    i = dt.datetime.fromisoformat(momento)
    if i.tzinfo is None:
        i = i.replace(tzinfo=dt.UTC)
    d = i.astimezone(formato.ZONA)
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d} {d.hour:02d}:{d.minute:02d}"


def historial(almacen: Almacen, id: str, tabla: str | None = None) -> Historial:
    tabla = tabla or q.tabla_de(almacen, rep.TABLAS, id)
    if tabla is None:
        raise ErrorNoEncontrado(f"No existe un registro con identificador {id}.")
    filas = q.filas_historial(almacen, tabla, id)
    nombres = q.nombres_dispositivos(almacen)
    etiquetas = _campos_modelo(tabla)
    # Valores actuales (forma JSON) para reconstruir los iniciales.
    actual = rep.fila_completa(almacen, tabla, id) or {}
    valores: dict[str, Any] = dict(actual)
    if tabla != "conflicto" and actual:
        from pir_campo.modelos import POR_TABLA

        t = tabla_modelo(POR_TABLA[tabla])
        valores.update(t.desde_sql([actual[c] for c in t.campos]))
    for f in reversed(filas):
        if f[7] != "*":
            valores[f[7]] = _cargar(f[8])
    entradas: list[Entrada] = []
    previo: tuple[str, int] | None = None
    cuando: dict[str, str] = {}
    for f in filas:
        dispositivo, seq, _hlc, momento, usuario, _t, _id, campo, anterior, nuevo, motivo = f
        if (dispositivo, seq) != previo:
            tipo = "creacion" if campo == "*" else "cambio"
            entradas.append(
                Entrada(
                    tipo,
                    momento,
                    cuando.get(momento) or cuando.setdefault(momento, momento_chile(momento)),
                    usuario,
                    dispositivo,
                    nombres.get(dispositivo, dispositivo),
                    motivo,
                )
            )
            previo = (dispositivo, seq)
        e = entradas[-1]
        if campo == "*":
            for c, (etiqueta, _tipo) in etiquetas.items():
                v = valores.get(c)
                if v not in (None, "", [], False) and not c.endswith("_id"):
                    e.campos.append(Campo(c, etiqueta, None, _mostrar(tabla, c, v)))
            continue
        if campo == "eliminado" and nuevo == "1":
            e.tipo = "eliminacion"
        etiqueta = etiquetas.get(campo, (_META.get(campo, campo), None))[0]
        e.campos.append(
            Campo(
                campo,
                etiqueta,
                _mostrar(tabla, campo, _cargar(anterior)),
                _mostrar(tabla, campo, _cargar(nuevo)),
            )
        )
    if tabla in REVISABLES:
        entradas = sorted([*entradas, *_revision(almacen, id)], key=lambda e: e.momento)
    return Historial(tabla, _etiqueta_tabla(tabla), id, entradas)


def _revision(almacen: Almacen, registro_id: str) -> list[Entrada]:
    """La revisión de la oficina y la respuesta del notebook, en el historial del registro."""
    from pir_campo.servicios.revision import id_revision

    vid = id_revision(registro_id)
    if not rep.fila_completa(almacen, "revision", vid):
        return []
    salida = []
    for e in historial(almacen, vid, "revision").entradas:
        e.campos = [c for c in e.campos if c.campo in ("estado", "comentario", "respuesta")]
        if not e.campos:
            continue
        e.tipo = "respuesta" if {c.campo for c in e.campos} == {"respuesta"} else "revision"
        salida.append(e)
    return salida
