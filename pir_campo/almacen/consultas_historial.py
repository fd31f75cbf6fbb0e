"""SQL de la bitácora: lo que viaja en los paquetes y el historial de un registro."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pir_campo.almacen import bitacora, migraciones
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

    # Solo las filas guardadas en `bitacora`: las de creación en tramos (esquema 14) las da
    # `tramos_propios`, sin rehacerlas registro por registro (la vista recorrería cada tabla).
    yield from almacen.conn.execute(
        "SELECT d.id, b.seq, b.hlc, "
        f"{migraciones.segundos_a_momento('b.momento')}, u.texto, b.tabla, b.registro_id, "
        "b.campo, b.anterior, b.nuevo, m.texto FROM bitacora b "
        "JOIN dispositivo d ON d.n = b.dispositivo JOIN texto_bitacora u ON u.n = b.usuario "
        "LEFT JOIN texto_bitacora m ON m.n = b.motivo WHERE d.id = ? AND b.seq > ? "
        "AND b.tabla IN (SELECT value FROM json_each(?)) ORDER BY b.seq, b.campo",
        (almacen.dispositivo, desde or 0, json.dumps(TABLAS)),
    )


def tramos_propios(almacen: Almacen, desde: int | None) -> list[tuple[int, int, str, str | None]]:
    """Tramos de creación propios (desde, hasta, usuario, motivo) con números de cambio después
    de `desde`, en orden: cada número de un tramo es la creación de un registro (esquema 14)."""
    return almacen.conn.execute(
        "SELECT max(k.desde, ? + 1), k.hasta, u.texto, m.texto FROM creacion k "
        "JOIN dispositivo d ON d.n = k.dispositivo JOIN texto_bitacora u ON u.n = k.usuario "
        "LEFT JOIN texto_bitacora m ON m.n = k.motivo WHERE d.id = ? AND k.hasta > ? "
        "ORDER BY k.desde",
        (desde or 0, almacen.dispositivo, desde or 0),
    ).fetchall()


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
