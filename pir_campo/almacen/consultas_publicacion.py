"""SQL de la publicación en PostgreSQL: lo que cambió en la oficina desde la marca de agua.

La marca es (lseq, id) de la última fila enviada de cada tabla: todo cambio (propio o
importado de un notebook, incluida una lápida) deja en la fila un lseq nuevo de la oficina.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from pir_campo.almacen import motor
from pir_campo.almacen.almacen import Almacen
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.modelos import POR_TABLA


def columnas(tabla: str) -> tuple[str, ...]:
    """Columnas de cada fila de `cambiadas`, en orden."""
    return ("id", *tabla_modelo(POR_TABLA[tabla]).campos, "fusionado_en", "eliminado", "lseq")


def hasta(almacen: Almacen) -> int:
    """El último lseq de la oficina: lo que se publica en esta corrida llega hasta aquí."""
    return int(almacen.estado()["seq"])


def cambiadas(
    almacen: Almacen,
    tabla: str,
    desde: tuple[int, str],
    tope: int,
    omitidas: Collection[str] = (),
    ademas: Collection[str] = (),
) -> motor.Cursor:
    """Filas con (lseq, id) posterior a `desde` y lseq <= tope, en ese orden (de a lotes con
    fetchmany: un solo recorrido de la tabla). Las columnas `omitidas` (datos personales que
    no salen de la oficina) vienen vacías: ni se leen. `ademas`: ids que se reenvían aunque
    no hayan cambiado (personas cuyo bloqueo empezó o terminó)."""
    lista = ", ".join("NULL" if c in omitidas else c for c in columnas(tabla))
    return almacen.conn.execute(
        f"SELECT {lista} FROM {tabla} WHERE (lseq, id) > (?, ?) AND lseq <= ? "
        "OR id IN (SELECT value FROM json_each(?)) ORDER BY lseq, id",
        (desde[0], desde[1], tope, json.dumps(sorted(ademas))),
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
