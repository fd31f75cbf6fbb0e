"""Escritura de la bitácora en su forma compacta (esquema 12, ver migraciones.ESQUEMA_12).

Las filas llegan como siempre (COLUMNAS de consultas_historial: ids de dispositivo, usuario y
motivo como texto) y se guardan en `bitacora` con esos textos como números de `dispositivo` y
`texto_bitacora`. Leer sigue siendo la vista `cambio`, que rehace los textos completos.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import islice
from typing import Any

import pir_campo.almacen.motor as motor

_LOTE = 5000
_COLUMNAS = (
    "dispositivo, seq, hlc, momento, usuario, tabla, registro_id, campo, anterior, nuevo, motivo"
)


def segundos(momento: Any) -> Any:
    """El momento UTC canónico («2026-03-01T12:00:00+00:00») como segundos desde 1970; otro
    valor, tal cual. Lo mismo que migraciones.momento_compacto en SQL, y la vista lo rehace."""
    if type(momento) is not str or len(momento) != 25 or not momento.endswith("+00:00"):
        return momento
    return _segundos(momento)


@lru_cache(maxsize=256)
def _segundos(momento: str) -> int | str:
    try:
        fecha = dt.datetime.strptime(momento[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return momento
    if fecha.year < 1000 or fecha.strftime("%Y-%m-%dT%H:%M:%S+00:00") != momento:
        return momento
    return calendar.timegm(fecha.timetuple())


def _numeros(
    conn: motor.Connection, tabla: str, columna: str, valores: set[str], cache: dict[str, int]
) -> None:
    faltan = sorted(v for v in valores if v is not None and v not in cache)
    for inicio in range(0, len(faltan), 500):
        parte = faltan[inicio : inicio + 500]
        marcas = ", ".join("?" * len(parte))
        cache.update(
            conn.execute(f"SELECT {columna}, n FROM {tabla} WHERE {columna} IN ({marcas})", parte)
        )
    for valor in faltan:
        if valor not in cache:
            cache[valor] = conn.execute(
                f"INSERT INTO {tabla} ({columna}) VALUES (?)", (valor,)
            ).lastrowid


def escribir(
    conn: motor.Connection, filas: Iterable[Sequence[Any]], ignorar_repetidas: bool = False
) -> int:
    """Guarda las filas (en lotes, sin juntarlas todas); devuelve cuántas quedaron nuevas.

    Con `ignorar_repetidas`, una fila cuyo punto (dispositivo, seq, campo) ya está se salta;
    si no, es un error de integridad, como en cualquier INSERT."""
    verbo = "INSERT OR IGNORE" if ignorar_repetidas else "INSERT"
    sql = f"{verbo} INTO bitacora ({_COLUMNAS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    dispositivos: dict[str, int] = {}
    textos: dict[str, int] = {}
    nuevas = 0
    iterador = iter(filas)
    while lote := list(islice(iterador, _LOTE)):
        _numeros(conn, "dispositivo", "id", {f[0] for f in lote}, dispositivos)
        _numeros(
            conn, "texto_bitacora", "texto", {f[4] for f in lote} | {f[10] for f in lote}, textos
        )
        antes = conn.total_changes
        conn.executemany(
            sql,
            (
                (
                    dispositivos.get(f[0]),
                    f[1],
                    f[2],
                    segundos(f[3]),
                    textos.get(f[4]),
                    *f[5:10],
                    None if f[10] is None else textos[f[10]],
                )
                for f in lote
            ),
        )
        nuevas += conn.total_changes - antes
    return nuevas


# Tramos de creación por sentencia: cada fila se compara con los de su grupo (casi siempre hay
# uno o dos tramos por paquete: uno por persona y motivo).
_TRAMOS_POR_SENTENCIA = 16


def escribir_creaciones(
    conn: motor.Connection,
    tabla: str,
    ids: Sequence[str],
    dispositivo: str,
    tramos: Sequence[tuple[int, int, str, str | None]],
) -> int:
    """Las filas «*» de los registros `ids` de `tabla` que creó `dispositivo` con un número de
    cambio dentro de un tramo (desde, hasta, usuario, motivo; sin solaparse y en orden), armadas
    en SQL desde el punto de creación guardado (cdot): ninguna fila pasa por Python. Una fila
    que ya está se salta; devuelve cuántas quedaron nuevas. `tabla` es una tabla replicada."""
    if not ids or not tramos:
        return 0
    dispositivos: dict[str, int] = {}
    textos: dict[str, int] = {}
    _numeros(conn, "dispositivo", "id", {dispositivo}, dispositivos)
    _numeros(
        conn, "texto_bitacora", "texto", {t[2] for t in tramos} | {t[3] for t in tramos}, textos
    )
    # El momento es el del sello (milisegundos del HLC), en segundos como `segundos`.
    sql = (
        f"INSERT OR IGNORE INTO bitacora ({_COLUMNAS}) "
        "SELECT ?, c.seq, c.hlc, CAST(substr(c.hlc, 1, 13) AS INTEGER) / 1000, t.value ->> 2, "
        "?, c.id, '*', NULL, NULL, t.value ->> 3 FROM ("
        f"SELECT r.id AS id, r.cdot ->> 1 AS seq, r.cdot ->> 2 AS hlc FROM json_each(?) j "
        f"JOIN {tabla} r ON r.id = j.value WHERE r.cdot ->> 0 = ?) c "
        "JOIN json_each(?) t ON c.seq BETWEEN ? AND ? "
        "AND c.seq BETWEEN t.value ->> 0 AND t.value ->> 1"
    )
    lista = json.dumps(list(ids))
    nuevas = 0
    for i in range(0, len(tramos), _TRAMOS_POR_SENTENCIA):
        grupo = tramos[i : i + _TRAMOS_POR_SENTENCIA]
        numeros = json.dumps([[d, h, textos[u], textos.get(m)] for d, h, u, m in grupo])
        # rowcount, no total_changes: este cuenta también lo que la búsqueda de texto escribe
        # de lo pendiente al empezar la sentencia.
        nuevas += conn.execute(
            sql,
            (
                dispositivos[dispositivo],
                tabla,
                lista,
                dispositivo,
                numeros,
                grupo[0][0],
                grupo[-1][1],
            ),
        ).rowcount
    return nuevas


def escribir_tramo(
    conn: motor.Connection,
    dispositivo: str,
    desde: int,
    hasta: int,
    tabla: str,
    usuario: str,
    motivo: str | None,
    momento: str,
) -> None:
    """Las filas «*» de los registros de `tabla` que este dispositivo acaba de crear con los
    números de cambio seguidos desde..hasta (esquema 14): un tramo, o el anterior alargado si
    termina justo antes y dice lo mismo. La vista `cambio` las rehace desde el cdot de cada uno.
    Solo para tablas de migraciones.TABLAS_CREACION."""
    dispositivos: dict[str, int] = {}
    textos: dict[str, int] = {}
    _numeros(conn, "dispositivo", "id", {dispositivo}, dispositivos)
    _numeros(conn, "texto_bitacora", "texto", {usuario, motivo} - {None}, textos)
    d, u, m, s = dispositivos[dispositivo], textos[usuario], textos.get(motivo), segundos(momento)
    alargado = conn.execute(
        "UPDATE creacion SET hasta = ? WHERE dispositivo = ? AND desde = (SELECT max(desde) "
        "FROM creacion WHERE dispositivo = ?) AND hasta = ? AND tabla = ? AND usuario = ? "
        "AND motivo IS ? AND momento IS ?",
        (hasta, d, d, desde - 1, tabla, u, m, s),
    ).rowcount
    if not alargado:
        conn.execute(
            "INSERT INTO creacion (dispositivo, desde, hasta, tabla, usuario, motivo, momento) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (d, desde, hasta, tabla, u, m, s),
        )
