"""La participación ya contada (participacion_mes, esquema 13) al importar muchas asistencias.

El disparador `participacion_asistencia_ins` suma cada asistencia nueva a su casilla, una fila
a la vez: en un paquete de 100.000 asistencias era un 12-15 % de la importación. Durante la
importación se quita (dentro de su transacción) y cada lote insertado se suma en una sola
sentencia con el mismo cálculo: lo insertado en un lote no cambia talleres ni personas, así que
sumar el lote entero justo después de insertarlo da lo mismo que sumar fila por fila al insertar
cada una. Al final se vuelve a crear con el mismo texto que tenía. Si la importación falla, la
transacción se deshace y el disparador vuelve con ella.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from pir_campo.almacen.almacen import Almacen
from pir_campo.almacen.migraciones import sumar_participacion

DISPARADOR = "participacion_asistencia_ins"
_SUMAR_LOTE = sumar_participacion(
    "",
    "FROM asistencia a JOIN taller t ON t.id = a.taller_id JOIN persona p ON p.id = a.persona_id "
    "WHERE a.id IN (SELECT value FROM json_each(?))",
    "a",
    "t",
    "p",
).strip()
# Bases con el disparador quitado en su transacción abierta (por conexión).
_DIFERIDAS: set[int] = set()


@contextmanager
def en_bloque(almacen: Almacen) -> Iterator[None]:
    """Dentro de una transacción: las asistencias que inserte `replicacion.insertar_filas` se
    cuentan por lote, no fila por fila."""
    assert almacen.conn.in_transaction
    fila = almacen.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (DISPARADOR,)
    ).fetchone()
    if fila is None or id(almacen.conn) in _DIFERIDAS:  # base sin esquema 13, o ya en bloque
        yield
        return
    almacen.conn.execute(f"DROP TRIGGER {DISPARADOR}")
    _DIFERIDAS.add(id(almacen.conn))
    try:
        yield
    finally:
        _DIFERIDAS.discard(id(almacen.conn))
        # Si la transacción ya se deshizo (p. ej. disco lleno), el disparador volvió con ella.
        if almacen.conn.in_transaction:
            almacen.conn.execute(fila[0])


def sumar_insertadas(almacen: Almacen, tabla: str, ids: Sequence[str]) -> None:
    """Lo que haría el disparador por cada una de `ids`, recién insertadas en `tabla`."""
    if tabla == "asistencia" and ids and id(almacen.conn) in _DIFERIDAS:
        almacen.conn.execute(_SUMAR_LOTE, (json.dumps(list(ids)),))
