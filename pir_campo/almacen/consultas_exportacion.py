"""Consultas de lectura para exportar datos (planillas, CSV y SIG).

Cada función devuelve un cursor que entrega filas de a una (tuplas, en el orden de sus
columnas): la asistencia de una región son decenas de miles de filas y no deben estar todas en
memoria. Los territorios llegan ya resueltos por quien exporta; el rango de fechas se aplica a
lo que tiene fecha propia (talleres y lo que cuelga de ellos, actas y diagnósticos).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pir_campo.almacen.motor as motor
from pir_campo.almacen.almacen import Almacen
from pir_campo.almacen.consultas_supresion import bloqueada


def _en(ids: Sequence[str]) -> str:
    return ", ".join("?" * len(ids)) or "NULL"


def _rango(columna: str, desde: str | None, hasta: str | None) -> tuple[str, list[Any]]:
    sql, valores = "", []
    if desde:
        sql += f" AND {columna} >= ?"
        valores.append(desde)
    if hasta:
        sql += f" AND {columna} <= ?"
        valores.append(hasta)
    return sql, valores


def _cursor(almacen: Almacen, sql: str, valores: Sequence[Any]) -> motor.Cursor:
    return almacen.conn.execute(sql, list(valores))


def territorios_existentes(almacen: Almacen, ids: Sequence[str]) -> set[str]:
    filas = almacen.conn.execute(
        f"SELECT id FROM territorio WHERE eliminado = 0 AND id IN ({_en(ids)})", list(ids)
    )
    return {f[0] for f in filas}


def territorios(almacen: Almacen, ids: Sequence[str]) -> motor.Cursor:
    return _cursor(
        almacen,
        "SELECT id, nombre, cut_region, comunas, estado, poblacion, hogares, superficie_km2, "
        "comunidades_indigenas, actividades_productivas, servicios_existentes, descripcion "
        f"FROM territorio WHERE eliminado = 0 AND id IN ({_en(ids)}) ORDER BY nombre, id",
        ids,
    )


def localidades(almacen: Almacen, ids: Sequence[str]) -> motor.Cursor:
    return _cursor(
        almacen,
        "SELECT l.id, t.nombre, l.nombre, l.cut_comuna, l.latitud, l.longitud, l.poblacion, "
        "l.hogares, l.territorio_id FROM localidad l JOIN territorio t ON t.id = l.territorio_id "
        f"WHERE l.eliminado = 0 AND l.territorio_id IN ({_en(ids)}) "
        "ORDER BY t.nombre, l.nombre, l.id",
        ids,
    )


def talleres(
    almacen: Almacen, ids: Sequence[str], desde: str | None, hasta: str | None
) -> motor.Cursor:
    rango, valores = _rango("ta.fecha", desde, hasta)
    return _cursor(
        almacen,
        "SELECT ta.id, t.nombre, l.nombre, ta.paso, ta.titulo, ta.fecha, ta.hora_inicio, "
        "ta.hora_termino, ta.lugar, ta.proposito, ta.facilitadores, ta.interprete, "
        "ta.participan_pueblos_indigenas, ta.posible_afectacion_directa, ta.estado, "
        "(SELECT count(*) FROM asistencia a WHERE a.taller_id = ta.id AND a.eliminado = 0), "
        "(SELECT count(*) FROM acuerdo c WHERE c.taller_id = ta.id AND c.eliminado = 0) "
        "FROM taller ta JOIN territorio t ON t.id = ta.territorio_id "
        "LEFT JOIN localidad l ON l.id = ta.localidad_id "
        f"WHERE ta.eliminado = 0 AND ta.territorio_id IN ({_en(ids)}){rango} "
        "ORDER BY ta.fecha, t.nombre, ta.titulo, ta.id",
        [*ids, *valores],
    )


def asistencias(
    almacen: Almacen, ids: Sequence[str], desde: str | None, hasta: str | None
) -> motor.Cursor:
    """Una fila por asistencia con el título y la fecha de su taller al lado; sin las de
    personas bloqueadas (Ley 21.719), que sí cuentan en los conteos de cada taller."""
    rango, valores = _rango("ta.fecha", desde, hasta)
    return _cursor(
        almacen,
        "SELECT a.persona_id, t.nombre, ta.titulo, ta.fecha, l.nombre, p.nombre, p.rut, "
        "p.telefono, p.sexo, p.tramo_edad, p.pueblo_originario, p.afrodescendiente, o.nombre, "
        "a.cargo, a.firmo "
        "FROM asistencia a JOIN taller ta ON ta.id = a.taller_id "
        "JOIN territorio t ON t.id = a.territorio_id "
        "LEFT JOIN persona p ON p.id = a.persona_id "
        "LEFT JOIN localidad l ON l.id = ta.localidad_id "
        "LEFT JOIN organizacion o ON o.id = coalesce(a.organizacion_id, p.organizacion_id) "
        f"WHERE a.eliminado = 0 AND ta.eliminado = 0 AND a.territorio_id IN ({_en(ids)}){rango} "
        f"AND NOT {bloqueada('a.persona_id')} "
        "ORDER BY ta.fecha, ta.id, p.nombre, a.id",
        [*ids, *valores],
    )


def acuerdos(
    almacen: Almacen, ids: Sequence[str], desde: str | None, hasta: str | None
) -> motor.Cursor:
    rango, valores = _rango("ta.fecha", desde, hasta)
    return _cursor(
        almacen,
        "SELECT c.id, t.nombre, ta.titulo, ta.fecha, c.texto, c.responsable, "
        "c.fecha_compromiso, c.estado "
        "FROM acuerdo c JOIN taller ta ON ta.id = c.taller_id "
        "JOIN territorio t ON t.id = c.territorio_id "
        f"WHERE c.eliminado = 0 AND ta.eliminado = 0 AND c.territorio_id IN ({_en(ids)}){rango} "
        "ORDER BY ta.fecha, ta.id, c.fecha_compromiso, c.id",
        [*ids, *valores],
    )


def actas_firmantes(
    almacen: Almacen, ids: Sequence[str], desde: str | None, hasta: str | None
) -> motor.Cursor:
    """Una fila por firmante; un acta sin firmantes sale igual, en una fila sin firmante."""
    rango, valores = _rango("ac.fecha", desde, hasta)
    return _cursor(
        almacen,
        "SELECT ac.id, t.nombre, ac.tipo, ac.fecha, ac.lugar, ta.titulo, ac.decision, "
        "ac.votos_favor, ac.votos_contra, ac.abstenciones, ac.condiciones, ac.estado, "
        "(SELECT count(*) FROM adenda d WHERE d.acta_id = ac.id AND d.eliminado = 0), "
        "f.nombre, f.rut, f.institucion, f.cargo, f.lado, f.id "
        "FROM acta_validacion ac JOIN territorio t ON t.id = ac.territorio_id "
        "LEFT JOIN taller ta ON ta.id = ac.taller_id "
        "LEFT JOIN firmante f ON f.acta_id = ac.id AND f.eliminado = 0 "
        f"WHERE ac.eliminado = 0 AND ac.territorio_id IN ({_en(ids)}){rango} "
        "ORDER BY ac.fecha, ac.id, f.lado, f.nombre, f.id",
        [*ids, *valores],
    )


def necesidades(almacen: Almacen, ids: Sequence[str]) -> motor.Cursor:
    return _cursor(
        almacen,
        "SELECT n.id, t.nombre, l.nombre, l.cut_comuna, n.tipologia, n.subtipo, n.titulo, "
        "n.situacion_actual, n.latitud, n.longitud, n.hogares, n.mujeres, n.hombres, "
        "ta.titulo, ta.fecha, n.prioridad, n.etapa, n.codigo_bip, n.resultado_rate, n.costo, "
        "n.unidad_costo, n.valor_uf, n.fecha_uf, n.fuente_financiamiento, n.financia_programa, "
        "n.programa_alternativo, n.motivo_descarte "
        "FROM necesidad n JOIN territorio t ON t.id = n.territorio_id "
        "LEFT JOIN localidad l ON l.id = n.localidad_id "
        "LEFT JOIN taller ta ON ta.id = n.taller_id "
        f"WHERE n.eliminado = 0 AND n.territorio_id IN ({_en(ids)}) "
        "ORDER BY t.nombre, n.prioridad IS NULL, n.prioridad, n.titulo, n.id",
        ids,
    )


def ubicacion_necesidades(almacen: Almacen, ids: Sequence[str]) -> dict[str, tuple]:
    """id -> (título, latitud, longitud) de las necesidades, para ubicar iniciativas."""
    filas = almacen.conn.execute(
        "SELECT id, titulo, latitud, longitud FROM necesidad "
        f"WHERE eliminado = 0 AND territorio_id IN ({_en(ids)})",
        list(ids),
    )
    return {f[0]: f[1:] for f in filas}


def ofertas(almacen: Almacen, ids: Sequence[str]) -> motor.Cursor:
    return _cursor(
        almacen,
        "SELECT o.id, t.nombre, o.nombre, o.institucion, o.programa, o.tipologia, o.monto, "
        "o.unidad_monto, o.valor_uf, o.fecha_uf, o.anio, o.codigo_bip, o.estado "
        "FROM oferta_inversion o JOIN territorio t ON t.id = o.territorio_id "
        f"WHERE o.eliminado = 0 AND o.territorio_id IN ({_en(ids)}) "
        "ORDER BY t.nombre, o.anio, o.nombre, o.id",
        ids,
    )


def pmdt_cartera(almacen: Almacen, ids: Sequence[str]) -> motor.Cursor:
    """Una fila por iniciativa de cada versión del PMDT; un PMDT sin cartera sale igual."""
    return _cursor(
        almacen,
        "SELECT p.id, t.nombre, p.version, p.fecha, p.estado, p.ejes_productivos, "
        "i.orden, i.nombre, i.tipologia, i.etapa, i.costo, i.unidad_costo, i.valor_uf, "
        "i.fecha_uf, i.institucion_responsable, i.fuente_financiamiento, i.codigo_bip, "
        "i.necesidades, i.id "
        "FROM pmdt p JOIN territorio t ON t.id = p.territorio_id "
        "LEFT JOIN iniciativa i ON i.pmdt_id = p.id AND i.eliminado = 0 "
        f"WHERE p.eliminado = 0 AND p.territorio_id IN ({_en(ids)}) "
        "ORDER BY t.nombre, p.version, i.orden, i.id",
        ids,
    )


def diagnosticos(
    almacen: Almacen, ids: Sequence[str], desde: str | None, hasta: str | None
) -> motor.Cursor:
    rango, valores = _rango("d.fecha", desde, hasta)
    return _cursor(
        almacen,
        "SELECT d.id, t.nombre, o.nombre, o.tipo, d.fecha, d.instrumento, "
        "d.version_instrumento, d.puntaje, d.nivel, d.observaciones, "
        "(SELECT count(*) FROM accion_plan x WHERE x.diagnostico_id = d.id AND x.eliminado = 0) "
        "FROM diagnostico d JOIN territorio t ON t.id = d.territorio_id "
        "LEFT JOIN organizacion o ON o.id = d.organizacion_id "
        f"WHERE d.eliminado = 0 AND d.territorio_id IN ({_en(ids)}){rango} "
        "ORDER BY t.nombre, o.nombre, d.fecha, d.id",
        [*ids, *valores],
    )


def respuestas_diagnosticos(almacen: Almacen, ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """diagnóstico -> {ítem: valor} de los diagnósticos de los territorios."""
    salida: dict[str, dict[str, int]] = {}
    filas = almacen.conn.execute(
        "SELECT diagnostico_id, item, valor FROM respuesta_diagnostico "
        f"WHERE eliminado = 0 AND territorio_id IN ({_en(ids)})",
        list(ids),
    )
    for diag, item, valor in filas:
        salida.setdefault(diag, {})[item] = valor
    return salida


def indicadores(almacen: Almacen, ids: Sequence[str]) -> list[tuple]:
    return almacen.conn.execute(
        "SELECT territorio_id, indicador, tipologia, valor, unidad, fuente, anio "
        f"FROM indicador_territorio WHERE eliminado = 0 AND territorio_id IN ({_en(ids)})",
        list(ids),
    ).fetchall()
