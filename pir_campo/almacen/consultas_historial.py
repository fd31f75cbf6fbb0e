"""SQL de la bitácora: lo que viaja en los paquetes y el historial de un registro."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pir_campo.almacen import bitacora
from pir_campo.almacen.almacen import Almacen

COLUMNAS = (
    "dispositivo",
    "seq",
    "hlc",
    "momento",
    "usuario",
    "tabla",
    "registro_id",
    "campo",
    "anterior",
    "nuevo",
    "motivo",
)
_LISTA = ", ".join(COLUMNAS)


def auditoria_propia(almacen: Almacen, desde: int | None) -> Iterator[tuple]:
    """Filas escritas en esta instalación después del cambio `desde` (todas si es None).

    Solo las de registros que viajan: las de la propia instalación (p. ej. las llaves nuevas
    de la oficina que aceptó un notebook) quedan en su bitácora y no se envían."""
    from pir_campo.almacen.replicacion import TABLAS

    yield from almacen.conn.execute(
        f"SELECT {_LISTA} FROM cambio WHERE dispositivo = ? AND seq > ? "
        "AND tabla IN (SELECT value FROM json_each(?)) ORDER BY seq, campo",
        (almacen.dispositivo, desde or 0, json.dumps(TABLAS)),
    )


def guardar_auditoria(almacen: Almacen, filas: Iterable[Sequence[Any]]) -> int:
    """Filas de otra instalación; la misma fila recibida dos veces se guarda una sola vez."""
    return bitacora.escribir(almacen.conn, filas, ignorar_repetidas=True)


def guardar_creaciones(
    almacen: Almacen,
    tabla: str,
    ids: Sequence[str],
    dispositivo: str,
    tramos: Sequence[tuple[int, int, str, str | None]],
) -> int:
    """La fila «*» de cada registro recién aplicado que `dispositivo` creó en uno de los tramos
    de creación de su paquete (su punto de creación rehace la fila; ver bitacora)."""
    return bitacora.escribir_creaciones(almacen.conn, tabla, ids, dispositivo, tramos)


def tabla_de(almacen: Almacen, tablas: Sequence[str], id: str) -> str | None:
    """La tabla que tiene el registro `id` (con o sin lápida), o la que lo nombra en la bitácora."""
    for t in tablas:
        if almacen.conn.execute(f"SELECT 1 FROM {t} WHERE id = ?", (id,)).fetchone():
            return t
    fila = almacen.conn.execute(
        "SELECT tabla FROM cambio WHERE registro_id = ? LIMIT 1", (id,)
    ).fetchone()
    return fila[0] if fila else None


def filas_historial(almacen: Almacen, tabla: str, id: str) -> list[tuple]:
    """Bitácora del registro en orden causal (sello HLC), de la creación al último cambio."""
    return almacen.conn.execute(
        f"SELECT {_LISTA} FROM cambio WHERE tabla = ? AND registro_id = ? "
        "ORDER BY hlc, dispositivo, seq, campo",
        (tabla, id),
    ).fetchall()


def nombres_dispositivos(almacen: Almacen) -> dict[str, str]:
    """Nombre de cada instalación conocida, la propia incluida."""
    nombres = dict(almacen.conn.execute("SELECT id, nombre FROM par"))
    nombres[almacen.dispositivo] = almacen.nombre
    return nombres
