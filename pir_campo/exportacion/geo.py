"""Capas para QGIS: GeoJSON (RFC 7946) y GeoPackage (OGC 12-128r18, EPSG:4326).

El GeoPackage se escribe según el estándar con el motor SQL de la aplicación, sin llave (un
archivo SQLite corriente): es un archivo de salida que la persona pidió, no la base de PIR Campo,
y así no se agrega GDAL (decenas de MB) a la carpeta congelada. Las pruebas lo abren con
`ogrinfo` de GDAL y exigen cero advertencias.

Las coordenadas van siempre longitud primero (x, y), en grados WGS84.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pir_campo.almacen import motor
from pir_campo.exportacion.tabla import (
    COORD,
    DECIMAL,
    ENTERO,
    FECHA,
    HORA,
    PESOS,
    SINO,
    UF,
    Geometria,
    Tabla,
)

# Nombre de cada capa según la tabla de la que sale.
CAPAS = {
    "localidades": "localidades",
    "necesidades": "necesidades",
    "pmdt_cartera": "iniciativas",
    "territorios": "territorios",
}

_WGS84 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)


def _valor_json(valor: Any, tipo: str) -> Any:
    if valor is None:
        return None
    if tipo == SINO:
        return "Sí" if valor else "No"
    if isinstance(valor, dt.time):
        return valor.strftime("%H:%M")
    if isinstance(valor, dt.date):
        return valor.isoformat()
    return valor


def _geometria_json(g: Geometria) -> dict | None:
    if g is None:
        return None
    tipo, puntos = g
    coordenadas = [[round(x, 6), round(y, 6)] for x, y in puntos]
    if tipo == "Point":
        return {"type": "Point", "coordinates": coordenadas[0]}
    return {"type": "MultiPoint", "coordinates": coordenadas}


def escribir_geojson(archivo: TextIO, tabla: Tabla) -> int:
    """Una FeatureCollection por capa, una línea por objeto (se escribe sin juntar todo)."""
    titulos = [c.titulo for c in tabla.columnas]
    tipos = [c.tipo for c in tabla.columnas]
    archivo.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    assert tabla.geo is not None
    for fila, geom in tabla.geo():
        propiedades = {t: _valor_json(v, tp) for t, v, tp in zip(titulos, fila, tipos, strict=True)}
        objeto = {"type": "Feature", "geometry": _geometria_json(geom), "properties": propiedades}
        archivo.write(("" if n == 0 else ",\n") + json.dumps(objeto, ensure_ascii=False))
        n += 1
    archivo.write("\n]}\n")
    return n


# ---- GeoPackage -------------------------------------------------------------------------

_TIPO_SQL = {
    ENTERO: "INTEGER",
    DECIMAL: "REAL",
    PESOS: "REAL",
    UF: "REAL",
    COORD: "REAL",
    FECHA: "DATE",
}


def _wkb(g: Geometria) -> tuple[bytes, tuple[float, float, float, float]]:
    tipo, puntos = g  # type: ignore[misc]
    punto = [b"\x01" + struct.pack("<Idd", 1, x, y) for x, y in puntos]
    if tipo == "Point":
        wkb = punto[0]
    else:
        wkb = b"\x01" + struct.pack("<II", 4, len(punto)) + b"".join(punto)
    xs, ys = [p[0] for p in puntos], [p[1] for p in puntos]
    return wkb, (min(xs), max(xs), min(ys), max(ys))


def _gpkg_geom(g: Geometria) -> bytes | None:
    """Geometría GeoPackage: cabecera «GP», versión 0, banderas (little endian, sobre xy)."""
    if g is None:
        return None
    wkb, sobre = _wkb(g)
    return b"GP\x00\x03" + struct.pack("<i4d", 4326, *sobre) + wkb


def _valor_gpkg(valor: Any, tipo: str) -> Any:
    if valor is None:
        return None
    if tipo == SINO:
        return "Sí" if valor else "No"
    if tipo == HORA:
        return valor.strftime("%H:%M")
    if isinstance(valor, dt.date):
        return valor.isoformat()
    return valor


def _cita(nombre: str) -> str:
    return '"' + nombre.replace('"', '""') + '"'


def escribir_gpkg(
    ruta: Path, tablas: Sequence[Tabla], al_empezar: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Un GeoPackage con una capa por tabla; devuelve los objetos de cada capa."""
    conn = motor.conectar(ruta, None)
    conteos: dict[str, int] = {}
    try:
        conn.execute("PRAGMA application_id = 1196444487")  # «GPKG»
        conn.execute("PRAGMA user_version = 10300")  # versión 1.3
        conn.executescript(
            """
            CREATE TABLE gpkg_spatial_ref_sys (
                srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
                organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
                definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
                table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
                identifier TEXT UNIQUE, description TEXT DEFAULT '',
                last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
                    REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
                table_name TEXT NOT NULL, column_name TEXT NOT NULL,
                geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
                z TINYINT NOT NULL, m TINYINT NOT NULL,
                CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id)
                    REFERENCES gpkg_spatial_ref_sys (srs_id));
            """
        )
        conn.executemany(
            "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian"),
                ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic"),
                ("WGS 84 geodetic", 4326, "EPSG", 4326, _WGS84, "longitud/latitud WGS 84"),
            ],
        )
        for tabla in tablas:
            if al_empezar is not None:
                al_empezar(CAPAS[tabla.clave])
            conteos[CAPAS[tabla.clave]] = _capa(conn, tabla)
        conn.commit()
    except motor.OperationalError as e:
        # SQLite no da un OSError: «database or disk is full» es el disco lleno.
        lleno = "full" in str(e)
        raise OSError(errno.ENOSPC if lleno else errno.EIO, str(e)) from None
    finally:
        conn.close()
    return conteos


def _capa(conn: motor.Connection, tabla: Tabla) -> int:
    nombre = CAPAS[tabla.clave]
    tipo_geom = "POINT" if tabla.geometria == "Point" else "MULTIPOINT"
    columnas = ", ".join(
        f"{_cita(c.titulo)} {_TIPO_SQL.get(c.tipo, 'TEXT')}" for c in tabla.columnas
    )
    conn.execute(
        f"CREATE TABLE {_cita(nombre)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
        f"geom {tipo_geom}, {columnas})"
    )
    tipos = [c.tipo for c in tabla.columnas]
    marcas = ", ".join("?" * (len(tipos) + 1))
    sobre = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    n = 0
    assert tabla.geo is not None

    def filas():
        nonlocal n
        for fila, geom in tabla.geo():
            n += 1
            if geom is not None:
                for x, y in geom[1]:
                    sobre[0], sobre[1] = min(sobre[0], x), min(sobre[1], y)
                    sobre[2], sobre[3] = max(sobre[2], x), max(sobre[3], y)
            yield (_gpkg_geom(geom), *(_valor_gpkg(v, t) for v, t in zip(fila, tipos, strict=True)))

    conn.executemany(f"INSERT INTO {_cita(nombre)} VALUES (NULL, {marcas})", filas())
    limites = sobre if n and sobre[0] != float("inf") else [None, None, None, None]
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
        "min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
        (nombre, nombre, tabla.descripcion, *limites),
    )
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)",
        (nombre, tipo_geom),
    )
    return n
