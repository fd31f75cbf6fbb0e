"""Disparadores de inserción que, en una inserción masiva, se reemplazan por una sentencia por
lote: la participación ya contada (participacion_mes, esquema 13) y el índice de búsqueda de
personas (persona_busqueda, esquema 9).

Cada disparador `AFTER INSERT` de estos hace, por cada fila nueva, un par de sentencias con
su propia planificación: en la demo de 2.000 talleres (16.000 personas, 70.000 asistencias)
eran casi un segundo, y en un paquete de 100.000 asistencias un 12-15 % de la importación.
Dentro de `en_bloque()` se quitan (en la transacción abierta) y cada lote insertado recibe,
justo después de su INSERT, lo mismo en una sola sentencia por disparador (`tras_insertar`).
Da lo mismo que fila por fila porque lo que cada uno calcula para una fila nueva depende de
otras tablas, no de las demás filas del mismo lote (las personas de un lote no cambian las
asistencias ni las solicitudes de derechos; las asistencias no cambian talleres ni personas).
Al salir se vuelven a crear con el mismo texto que tenían. Si la transacción falla, se deshace
y los disparadores vuelven con ella.

Quien inserta con esos disparadores quitados debe llamar a `tras_insertar` tras cada lote:
lo hacen `Almacen._insertar_sin_referencias` (demo, `insertar_lotes`) y
`replicacion.insertar_filas` (importación).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pir_campo.almacen.migraciones import NO_BLOQUEADA, sumar_participacion

if TYPE_CHECKING:
    from pir_campo.almacen.almacen import Almacen

_LOTE = "SELECT value FROM json_each(?1)"


@dataclass(frozen=True)
class Diferido:
    """Un disparador `AFTER INSERT ON tabla` y lo que hace para todo un lote de ids (cada
    sentencia recibe los ids del lote como arreglo JSON en ?1)."""

    disparador: str
    tabla: str
    sentencias: tuple[str, ...]


def _participacion(desde: str, a: str, t: str, p: str) -> tuple[str, ...]:
    return (sumar_participacion("", desde, a, t, p).strip(),)


# Mismo orden de asignación de `fila` que el disparador (el de los ids en el lote: ORDER BY
# key), el mismo filtro (WHEN new.eliminado = 0) y la misma regla de bloqueo.
_PERSONA_LOTE = "json_each(?1) j JOIN persona p ON p.id = j.value AND p.eliminado = 0"
DIFERIDOS: tuple[Diferido, ...] = (
    Diferido(
        "participacion_asistencia_ins",
        "asistencia",
        _participacion(
            "FROM asistencia a JOIN taller t ON t.id = a.taller_id "
            f"JOIN persona p ON p.id = a.persona_id WHERE a.id IN ({_LOTE})",
            "a",
            "t",
            "p",
        ),
    ),
    Diferido(
        "participacion_persona_ins",
        "persona",
        _participacion(
            "FROM persona p JOIN asistencia a ON a.persona_id = p.id "
            f"JOIN taller t ON t.id = a.taller_id WHERE p.id IN ({_LOTE})",
            "a",
            "t",
            "p",
        ),
    ),
    Diferido(
        "persona_busqueda_ins",
        "persona",
        (
            "INSERT OR IGNORE INTO persona_busqueda_fila (persona_id) "
            f"SELECT p.id FROM {_PERSONA_LOTE} ORDER BY j.key",
            "DELETE FROM persona_busqueda WHERE rowid IN (SELECT f.fila FROM "
            f"{_PERSONA_LOTE} JOIN persona_busqueda_fila f ON f.persona_id = p.id)",
            "INSERT INTO persona_busqueda (rowid, nombre, persona_id, territorio_id) "
            f"SELECT f.fila, p.nombre, p.id, p.territorio_id FROM {_PERSONA_LOTE} "
            "JOIN persona_busqueda_fila f ON f.persona_id = p.id "
            f"WHERE {NO_BLOQUEADA.format(p='p.id')} ORDER BY j.key",
        ),
    ),
)
# Por conexión con una transacción en bloque: los disparadores quitados y su texto.
_QUITADOS: dict[int, dict[str, str]] = {}


@contextmanager
def en_bloque(almacen: Almacen) -> Iterator[None]:
    """Dentro de una transacción: lo que se inserte por lotes (y avise con `tras_insertar`)
    recibe lo de los disparadores diferibles por lote, no fila por fila."""
    conn = almacen.conn
    assert conn.in_transaction
    if id(conn) in _QUITADOS:  # ya en bloque (anidado)
        yield
        return
    nombres = [d.disparador for d in DIFERIDOS]
    textos = dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN (SELECT value FROM json_each(?))",
            (json.dumps(nombres),),
        ).fetchall()
    )
    # En el orden de DIFERIDOS, y solo los que esta base tiene (una base vieja sin esquema 13).
    quitados = {n: textos[n] for n in nombres if n in textos}
    for nombre in quitados:
        conn.execute(f"DROP TRIGGER {nombre}")
    _QUITADOS[id(conn)] = quitados
    try:
        yield
    finally:
        del _QUITADOS[id(conn)]
        # Si la transacción ya se deshizo (p. ej. disco lleno), los disparadores volvieron con
        # ella.
        if conn.in_transaction:
            for texto in quitados.values():
                conn.execute(texto)


def tras_insertar(almacen: Almacen, tabla: str, ids: Sequence[str]) -> None:
    """Lo que harían los disparadores quitados por cada una de `ids`, recién insertadas en
    `tabla`; nada fuera de `en_bloque`."""
    quitados = _QUITADOS.get(id(almacen.conn))
    if not quitados or not ids:
        return
    lote: str | None = None
    for d in DIFERIDOS:
        if d.tabla == tabla and d.disparador in quitados:
            lote = lote or json.dumps(list(ids))
            for sentencia in d.sentencias:
                almacen.conn.execute(sentencia, (lote,))
