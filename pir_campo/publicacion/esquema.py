"""El esquema en PostgreSQL/PostGIS: una tabla por instrumento con tipos reales, llaves
foráneas, geometrías EPSG:4326 y vistas en español para QGIS y las herramientas de BI.

Toda fila lleva `region` (CUT de la región de la oficina que la publicó): varias oficinas
comparten la base sin chocar, y la llave de cada tabla es (region, id).
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from dataclasses import dataclass
from functools import cache

from pir_campo.almacen.tablas import tipo_base
from pir_campo.modelos import MODELOS

# Versión del esquema del servidor; una base hecha por una versión más nueva se rechaza.
VERSION = 1

# Columna que apunta a otra tabla -> esa tabla.
REFERENCIAS = {
    "territorio_id": "territorio",
    "localidad_id": "localidad",
    "organizacion_id": "organizacion",
    "persona_id": "persona",
    "taller_id": "taller",
    "acta_id": "acta_validacion",
    "pmdt_id": "pmdt",
    "version_anterior_id": "pmdt",
    "necesidad_id": "necesidad",
    "diagnostico_id": "diagnostico",
}
# Otras columnas con ids (sin llave foránea: pueden apuntar a cualquier tabla).
IDS_SUELTOS = {"registro_id", "fusionado_en"}
# Coordenadas: se guardan como double precision; la geometría se calcula de ellas.
COORDENADAS = {"latitud", "longitud"}
# Tablas con un punto (de su latitud y longitud) y la que se ubica en sus necesidades.
CON_PUNTO = ("localidad", "necesidad")
CON_MULTIPUNTO = "iniciativa"

# Datos personales: sin --con-datos-personales, el nombre pasa a un código seudónimo y el resto
# no sale de la oficina (llega vacío).
SEUDONIMO = {"persona": "nombre", "firmante": "nombre"}
OMITIDOS = {
    "persona": ("rut", "telefono"),
    "firmante": ("rut",),
    "organizacion": ("rut", "contacto"),
    "taller": ("facilitadores", "interprete"),
    "acuerdo": ("responsable",),
    "accion_plan": ("responsable",),
    "revision": ("revisado_por", "respondido_por"),
    "adjunto": ("nombre_original",),
    "solicitud_derecho": ("solicitado_por",),
}
# Texto libre que se escribe sobre lo que dijeron o harán personas (actas, acuerdos,
# comentarios, observaciones): puede nombrarlas y no hay cómo separar el nombre del resto, así
# que sin la opción tampoco sale. Los títulos y nombres de instrumentos (el taller, la
# necesidad, la iniciativa) y los textos del PMDT y del territorio, que son públicos, sí salen.
TEXTO_LIBRE = {
    "taller": ("proposito", "agenda", "discusion", "motivo_reapertura"),
    "acuerdo": ("texto",),
    "acta_validacion": ("condiciones",),
    "adenda": ("texto",),
    "necesidad": ("situacion_actual", "motivo_descarte"),
    "diagnostico": ("observaciones",),
    "respuesta_diagnostico": ("comentario",),
    "accion_plan": ("accion",),
    "revision": ("comentario", "respuesta"),
    "solicitud_derecho": ("motivo", "respuesta"),
}


AVISO_OMITIDA = (
    "Dato personal o texto libre que puede nombrar personas: vacío en las regiones que "
    "publican sin datos personales (oficina.con_datos_personales)"
)


def omitidas(tabla: str) -> tuple[str, ...]:
    """Las columnas de `tabla` que sin --con-datos-personales llegan vacías al servidor."""
    return OMITIDOS.get(tabla, ()) + TEXTO_LIBRE.get(tabla, ())


@dataclass(frozen=True)
class TablaPg:
    nombre: str
    columnas: tuple[str, ...]  # las que se envían, en el orden de consultas_publicacion
    tipos: tuple[str, ...]
    listas: frozenset[str]  # columnas que en SQLite son JSON
    booleanos: frozenset[str]
    enumeraciones: dict[str, type[enum.Enum]]


def _tipo(nombre: str, anotacion: typing.Any) -> str:
    base = tipo_base(anotacion)
    if nombre == "id" or nombre.endswith("_id") or nombre in IDS_SUELTOS:
        return "uuid"
    if typing.get_origin(base) is list:
        return "uuid[]" if nombre == "necesidades" else "text[]"
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "integer" if isinstance(next(iter(base)).value, int) else "text"
    if base is bool:
        return "boolean"
    if base is int:
        return "integer"
    if base is float:
        return "double precision" if nombre in COORDENADAS else "numeric"
    if base is dt.date:
        return "date"
    if base is dt.time:
        return "time"
    return "text"


@cache
def tablas() -> tuple[TablaPg, ...]:
    salida = []
    for m in MODELOS:
        nombres, tipos, listas, bools, enums = ["id"], ["uuid"], set(), set(), {}
        for nombre, campo in m.model_fields.items():
            tipo = _tipo(nombre, campo.annotation)
            base = tipo_base(campo.annotation)
            nombres.append(nombre)
            tipos.append(tipo)
            if tipo.endswith("[]"):
                listas.add(nombre)
            elif tipo == "boolean":
                bools.add(nombre)
            if isinstance(base, type) and issubclass(base, enum.Enum):
                enums[nombre] = base
        nombres.append("fusionado_en")
        tipos.append("uuid")
        salida.append(
            TablaPg(
                m.tabla, tuple(nombres), tuple(tipos), frozenset(listas), frozenset(bools), enums
            )
        )
    return tuple(salida)


def por_nombre(nombre: str) -> TablaPg:
    return next(t for t in tablas() if t.nombre == nombre)


def _cita(nombre: str) -> str:
    return '"' + nombre.replace('"', '""') + '"'


def ddl_tablas(esq: str) -> list[str]:
    """CREATE TABLE de cada instrumento (si falta), padres antes que hijos."""
    e = _cita(esq)
    sentencias = []
    for t in tablas():
        cols = ["region text NOT NULL"]
        cols += [
            f"{c} {tipo}" + (" NOT NULL" if c == "id" else "")
            for c, tipo in zip(t.columnas, t.tipos, strict=True)
        ]
        if t.nombre in CON_PUNTO:
            cols.append(
                "geom geometry(Point, 4326) GENERATED ALWAYS AS (CASE WHEN longitud IS NOT NULL "
                "AND latitud IS NOT NULL THEN ST_SetSRID(ST_MakePoint(longitud, latitud), 4326) "
                "END) STORED"
            )
        elif t.nombre == CON_MULTIPUNTO:
            cols.append("geom geometry(MultiPoint, 4326)")
        cols.append("PRIMARY KEY (region, id)")
        for c in t.columnas:
            destino = REFERENCIAS.get(c)
            if destino and not (t.nombre == "territorio" and c == "territorio_id"):
                # Diferidas: dentro de un lote el orden de las filas no importa.
                cols.append(
                    f"FOREIGN KEY (region, {c}) REFERENCES {e}.{destino} (region, id) "
                    "DEFERRABLE INITIALLY DEFERRED"
                )
        sentencias.append(f"CREATE TABLE IF NOT EXISTS {e}.{t.nombre} ({', '.join(cols)})")
        for c in omitidas(t.nombre):
            # Quien abre la tabla ve por qué la columna puede estar vacía.
            sentencias.append(f"COMMENT ON COLUMN {e}.{t.nombre}.{c} IS '{AVISO_OMITIDA}'")
        if t.nombre in CON_PUNTO or t.nombre == CON_MULTIPUNTO:
            sentencias.append(
                f"CREATE INDEX IF NOT EXISTS {t.nombre}_geom ON {e}.{t.nombre} USING gist (geom)"
            )
    return sentencias


def ddl_control(esq: str) -> list[str]:
    e = _cita(esq)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {e}",
        f"CREATE TABLE IF NOT EXISTS {e}.version_pir (clave text PRIMARY KEY, valor text NOT NULL)",
        # Una fila por oficina: quién publica cada región y cuándo lo hizo por última vez.
        f"CREATE TABLE IF NOT EXISTS {e}.oficina (region text PRIMARY KEY, dispositivo text "
        "NOT NULL, nombre text NOT NULL, con_datos_personales boolean NOT NULL, "
        "publicado_en timestamptz NOT NULL DEFAULT now())",
        # La marca de agua de cada dispositivo y tabla: se guarda con su lote.
        f"CREATE TABLE IF NOT EXISTS {e}.marca (dispositivo text NOT NULL, tabla text NOT NULL, "
        "lseq bigint NOT NULL, ultimo_id text NOT NULL, PRIMARY KEY (dispositivo, tabla))",
        f"CREATE TABLE IF NOT EXISTS {e}.etiqueta (dominio text NOT NULL, codigo text NOT NULL, "
        "etiqueta text NOT NULL, orden integer NOT NULL, PRIMARY KEY (dominio, codigo))",
        f"CREATE TABLE IF NOT EXISTS {e}.region_cut (cut text PRIMARY KEY, nombre text NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {e}.comuna_cut (cut text PRIMARY KEY, nombre text NOT NULL, "
        "cut_region text NOT NULL)",
    ]


def etiquetas() -> list[tuple[str, str, str, int]]:
    """(dominio, código, etiqueta, orden) de cada enumeración que usan las tablas."""
    vistos: dict[str, type[enum.Enum]] = {}
    for t in tablas():
        for en in t.enumeraciones.values():
            vistos[en.__name__] = en
    return [
        (nombre, str(m.value), str(getattr(m, "etiqueta", m.value)), i)
        for nombre, en in sorted(vistos.items())
        for i, m in enumerate(en)
    ]
