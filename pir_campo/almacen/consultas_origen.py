"""Origen de cada registro para las listas de la oficina: qué instalación lo creó y cuál lo cambió.

Todo es SQL: el creador sale del punto de creación (`cdot[0]`), el último en cambiarlo de la
columna `origen`, y los nombres de la tabla `par` o de la propia instalación (`estado_sincro`).
Así una lista de cien mil filas no pasa por un bucle en Python para saber su origen.
"""

from __future__ import annotations

from typing import Any

import pir_campo.almacen.motor as motor

_YO = "(SELECT valor FROM estado_sincro WHERE clave = 'dispositivo')"
_MI_NOMBRE = "(SELECT valor FROM estado_sincro WHERE clave = 'nombre')"

# Tablas con lista en pantalla: solo estos nombres entran en el texto SQL.
TABLAS = ("taller", "persona", "asistencia", "necesidad", "oferta_inversion")


def creador(alias: str) -> str:
    """Expresión SQL con el id del dispositivo que creó la fila `alias`."""
    return f"json_extract({alias}.cdot, '$[0]')"


def nombre_de(expresion: str) -> str:
    """Nombre legible del dispositivo `expresion`: par registrado, esta instalación o el id."""
    return (
        f"COALESCE((SELECT p.nombre FROM par p WHERE p.id = {expresion}), "
        f"CASE WHEN {expresion} = {_YO} THEN {_MI_NOMBRE} END, {expresion})"
    )


def columnas(alias: str) -> str:
    """Columnas de origen para un SELECT sobre la tabla con alias `alias`.

    origen_id / origen_nombre: quién creó la fila; cambio_nombre: quién la cambió al último;
    cambio_ms: milisegundos UTC de ese cambio (parte física del sello HLC).
    """
    return (
        f"{creador(alias)} AS origen_id, {nombre_de(creador(alias))} AS origen_nombre, "
        f"{nombre_de(f'{alias}.origen')} AS cambio_nombre, "
        f"CAST(substr({alias}.hlc, 1, 13) AS INTEGER) AS cambio_ms"
    )


def dispositivos(conn: motor.Connection) -> list[dict[str, Any]]:
    """Instalaciones que pueden ser origen de un registro: esta y sus pares, por nombre."""
    cursor = conn.execute(
        f"SELECT {_YO} AS id, {_MI_NOMBRE} AS nombre "
        "UNION ALL SELECT id, nombre FROM par ORDER BY nombre COLLATE NOCASE"
    )
    return [{"id": i, "nombre": n} for i, n in cursor]


def es_oficina(conn: motor.Connection) -> bool:
    fila = conn.execute("SELECT valor FROM estado_sincro WHERE clave = 'rol'").fetchone()
    return bool(fila) and fila[0] == "oficina"


def origenes_territorio(
    conn: motor.Connection, tabla: str, territorio_id: str, creador_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """Origen de cada fila del territorio, por id (para listas que arman sus filas fuera de
    `almacen/`, como las de planificación); con `creador_id`, solo las de ese dispositivo."""
    if tabla not in TABLAS:
        raise ValueError(f"{tabla} no tiene lista con origen")
    sql = f"SELECT x.id, {columnas('x')} FROM {tabla} x WHERE x.territorio_id = ?"
    valores = [territorio_id]
    if creador_id is not None:
        sql += f" AND {creador('x')} = ?"
        valores.append(creador_id)
    cursor = conn.execute(sql, valores)
    nombres = [d[0] for d in cursor.description][1:]
    return {f[0]: dict(zip(nombres, f[1:], strict=True)) for f in cursor}


def ids_asistencias(
    conn: motor.Connection,
    territorio_id: str,
    consulta: str | None,
    creador_id: str | None,
    por_origen: bool,
) -> list[str]:
    """Ids de asistencias filtradas por creador u ordenadas por el nombre de quien las creó;
    `consulta` es la expresión FTS5 ya armada (o None)."""
    sql = "SELECT a.id FROM asistencia a WHERE a.territorio_id = ? AND a.eliminado = 0"
    valores: list[Any] = [territorio_id]
    if consulta is not None:
        sql += (
            " AND a.persona_id IN (SELECT persona_id FROM persona_busqueda"
            " WHERE persona_busqueda MATCH ? AND territorio_id = ?)"
        )
        valores += [consulta, territorio_id]
    if creador_id is not None:
        sql += f" AND {creador('a')} = ?"
        valores.append(creador_id)
    orden = f"{nombre_de(creador('a'))}, " if por_origen else ""
    return [f[0] for f in conn.execute(f"{sql} ORDER BY {orden}a.taller_id, a.id", valores)]
