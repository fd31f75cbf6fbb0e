"""La lista de asistencias del territorio en cada tecla: la primera página de ids y el total.

Con una letra coinciden decenas de miles de asistencias; leerlas todas en cada tecla era lo
más lento del filtro. El total sale de sumar las asistencias de cada persona que coincide
(leídas una vez y recordadas mientras la base no cambie), y el resto de los ids se lee por
páginas cuando la lista los muestra (`consultas_campo.filtrar_asistencias` con `desde`).
"""

from __future__ import annotations

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_campo as q


def _por_persona(almacen: Almacen, territorio_id: str) -> dict[str, int]:
    return almacen.recordar(
        ("asistencias_por_persona", territorio_id),
        lambda: q.asistencias_por_persona(almacen.conn, territorio_id),
    )


def precalentar(almacen: Almacen, territorio_id: str) -> None:
    """Lee de antemano (en segundo plano, al abrir la lista) lo que usa el total de cada tecla,
    para que la primera letra no espere al disco ni al descifrado."""
    _por_persona(almacen, territorio_id)


def filtrar(
    almacen: Almacen,
    territorio_id: str,
    texto: str,
    creador: str | None,
    por_origen: bool,
    cuantos: int,
) -> tuple[list[str], int]:
    """Los primeros `cuantos` ids de `consultas_campo.filtrar_asistencias` y cuántos son en
    total. En la oficina, con creador u orden por origen, llega la lista entera."""
    if creador is not None or por_origen:
        ids = q.filtrar_asistencias(almacen.conn, territorio_id, texto, creador, por_origen)
        return ids, len(ids)
    primeros = q.filtrar_asistencias(almacen.conn, territorio_id, texto, cuantos=cuantos)
    if len(primeros) < cuantos:
        return primeros, len(primeros)
    if q.consulta_fts(texto) is None:  # sin filtro: todas las del territorio
        total = almacen.recordar(
            ("asistencias_total", territorio_id),
            lambda: q.contar_asistencias(almacen.conn, territorio_id, "", {}),
        )
        return primeros, total
    por_persona = _por_persona(almacen, territorio_id)
    return primeros, q.contar_asistencias(almacen.conn, territorio_id, texto, por_persona)
