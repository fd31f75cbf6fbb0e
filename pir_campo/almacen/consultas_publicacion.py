"""SQL de la publicación en PostgreSQL: lo que cambió en la oficina desde la marca de agua.

La marca es (lseq, id) de la última fila enviada de cada tabla: todo cambio (propio o
importado de un notebook, incluida una lápida) deja en la fila un lseq nuevo de la oficina.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from pir_campo.almacen import motor
from pir_campo.almacen.almacen import Almacen


def hasta(almacen: Almacen) -> int:
    """El último lseq de la oficina: lo que se publica en esta corrida llega hasta aquí."""
    return int(almacen.estado()["seq"])


# Cómo va cada columna en el formato de texto de COPY de PostgreSQL (tabulador entre columnas,
# \N para NULL, barra invertida, tabulador y saltos de línea escapados).
TEXTO, NUMERO, LISTA, TAL_CUAL, OMITIDA = "texto", "numero", "lista", "tal_cual", "omitida"


def _escapar(expr: str) -> str:
    return (
        f"replace(replace(replace(replace({expr}, '\\', '\\\\'), char(9), '\\t'), "
        "char(10), '\\n'), char(13), '\\r')"
    )


def _en_copia(columna: str, forma: str) -> str:
    if forma == OMITIDA:
        return "'\\N'"
    if forma == TEXTO:
        valor = _escapar(columna)
    elif forma == NUMERO:
        # quote() de un REAL da la representación corta que vuelve exactamente al mismo double.
        valor = f"CASE typeof({columna}) WHEN 'real' THEN quote({columna}) ELSE {columna} END"
    elif forma == LISTA:
        # De la lista JSON al literal de arreglo de PostgreSQL: {"a","b"}.
        elementos = "'\"' || replace(replace(j.value, '\\', '\\\\'), '\"', '\\\"') || '\"'"
        valor = _escapar(
            f"coalesce((SELECT '{{' || group_concat({elementos}, ',' ORDER BY j.key) || '}}' "
            f"FROM json_each({columna}) j), '{{}}')"
        )
        valor = f"CASE WHEN {columna} IS NOT NULL THEN {valor} END"
    else:
        valor = columna
    return f"coalesce({valor}, '\\N')"


def lineas(
    almacen: Almacen,
    tabla: str,
    formas: Sequence[tuple[str, str]],
    prefijo: str,
    desde: tuple[int, str],
    tope: int,
    ademas: Collection[str] = (),
) -> motor.Cursor:
    """Filas con (lseq, id) posterior a `desde` y lseq <= tope, en ese orden (de a trozos con
    fetchmany: un solo recorrido de la tabla), como (id, eliminado, lseq, línea): la línea ya
    en el formato de texto de COPY (sin el salto final), con `prefijo` delante y las columnas
    de `formas` en ese orden. SQLite arma el texto: ningún valor pasa por Python, y las
    columnas omitidas (datos personales que no salen de la oficina) ni se leen. `ademas`: ids
    que se reenvían aunque no hayan cambiado (personas cuyo bloqueo empezó o terminó)."""
    partes = " || char(9) || ".join(_en_copia(c, f) for c, f in formas)
    if not ademas:
        return almacen.conn.execute(
            f"SELECT id, eliminado, lseq, ? || {partes} FROM {tabla} "
            "WHERE (lseq, id) > (?, ?) AND lseq <= ? ORDER BY lseq, id",
            (prefijo, desde[0], desde[1], tope),
        )
    return almacen.conn.execute(
        f"SELECT id, eliminado, lseq, ? || {partes} FROM {tabla} "
        "WHERE (lseq, id) > (?, ?) AND lseq <= ? OR id IN (SELECT value FROM json_each(?)) "
        "ORDER BY lseq, id",
        (prefijo, desde[0], desde[1], tope, json.dumps(sorted(ademas))),
    )


def bloqueo_cambiado(almacen: Almacen, desde: tuple[int, str], tope: int) -> list[str]:
    """Personas con un bloqueo o desbloqueo registrado después de la marca de las solicitudes:
    su fila se reenvía con o sin sus datos personales."""
    return [
        f[0]
        for f in almacen.conn.execute(
            "SELECT DISTINCT persona_id FROM solicitud_derecho WHERE tipo IN ('bloqueo', "
            "'desbloqueo') AND (lseq, id) > (?, ?) AND lseq <= ?",
            (desde[0], desde[1], tope),
        )
    ]


def pendientes(almacen: Almacen, tabla: str, desde: tuple[int, str], tope: int) -> int:
    return almacen.conn.execute(
        f"SELECT count(*) FROM {tabla} WHERE (lseq, id) > (?, ?) AND lseq <= ?",
        (desde[0], desde[1], tope),
    ).fetchone()[0]
