"""Consultas de lectura de la planificación (selección, necesidades, PMDT, capacidad, seguimiento).

Aquí vive el SQL que los servicios de `pir_campo.planificacion` necesitan más allá de
`Almacen.listar`: uniones, agrupaciones y conteos que en Python serían bucles sobre miles de
filas. Solo lectura: toda escritura pasa por `Almacen.insertar/actualizar/eliminar`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pir_campo.almacen.almacen import Almacen


def _filas(almacen: Almacen, sql: str, valores: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = almacen.conn.execute(sql, valores)
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def _en(ids: Sequence[str]) -> str:
    return ", ".join("?" * len(ids)) or "NULL"


def territorios(almacen: Almacen, cut_region: str | None = None) -> list[dict[str, Any]]:
    sql = (
        "SELECT id, nombre, cut_region, comunas, poblacion, hogares, superficie_km2, estado "
        "FROM territorio WHERE eliminado = 0"
    )
    valores: list[Any] = []
    if cut_region:
        sql += " AND cut_region = ?"
        valores.append(cut_region)
    filas = _filas(almacen, sql + " ORDER BY nombre", valores)
    for f in filas:
        f["comunas"] = json.loads(f["comunas"] or "[]")
    return filas


def indicadores(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    return _filas(
        almacen,
        "SELECT id, territorio_id, indicador, tipologia, valor, unidad, fuente, anio "
        "FROM indicador_territorio WHERE eliminado = 0 "
        f"AND territorio_id IN ({_en(territorio_ids)}) "
        "ORDER BY territorio_id, indicador, tipologia",
        list(territorio_ids),
    )


def necesidades(
    almacen: Almacen, territorio_id: str, tipologia: str | None = None, etapa: str | None = None
) -> list[dict[str, Any]]:
    """Necesidades con el nombre de su localidad y el título de su taller de origen."""
    sql = (
        "SELECT n.id, n.titulo, n.tipologia, n.subtipo, n.etapa, n.prioridad, n.hogares, "
        "n.mujeres, n.hombres, n.costo, n.unidad_costo, n.valor_uf, n.fecha_uf, n.codigo_bip, "
        "n.resultado_rate, n.financia_programa, n.localidad_id, n.taller_id, "
        "l.nombre AS localidad, t.titulo AS taller, t.fecha AS fecha_taller "
        "FROM necesidad n LEFT JOIN localidad l ON l.id = n.localidad_id "
        "LEFT JOIN taller t ON t.id = n.taller_id "
        "WHERE n.eliminado = 0 AND n.territorio_id = ?"
    )
    valores: list[Any] = [territorio_id]
    if tipologia:
        sql += " AND n.tipologia = ?"
        valores.append(tipologia)
    if etapa:
        sql += " AND n.etapa = ?"
        valores.append(etapa)
    sql += " ORDER BY n.prioridad IS NULL, n.prioridad, n.titulo"
    filas = _filas(almacen, sql, valores)
    for f in filas:
        f["financia_programa"] = bool(f["financia_programa"])
    return filas


def conteo_necesidades(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    return _filas(
        almacen,
        "SELECT tipologia, etapa, count(*) AS cantidad FROM necesidad "
        f"WHERE eliminado = 0 AND territorio_id IN ({_en(territorio_ids)}) "
        "GROUP BY tipologia, etapa",
        list(territorio_ids),
    )


def conteo_por_territorio(
    almacen: Almacen, tabla: str, territorio_ids: Sequence[str], donde: str = "1"
) -> dict[str, int]:
    """Registros vigentes por territorio en una tabla del dominio (filtro SQL fijo opcional)."""
    filas = almacen.conn.execute(
        f"SELECT territorio_id, count(*) FROM {tabla} WHERE eliminado = 0 AND ({donde}) "
        f"AND territorio_id IN ({_en(territorio_ids)}) GROUP BY territorio_id",
        list(territorio_ids),
    )
    return dict(filas.fetchall())


def talleres_por_paso(almacen: Almacen, territorio_id: str) -> dict[int, tuple[int, int]]:
    """Por paso: (talleres, talleres cerrados)."""
    filas = almacen.conn.execute(
        "SELECT paso, count(*), sum(estado = 'cerrado') FROM taller "
        "WHERE eliminado = 0 AND territorio_id = ? GROUP BY paso",
        (territorio_id,),
    )
    return {p: (n, c or 0) for p, n, c in filas}


def actas(
    almacen: Almacen, territorio_id: str, tipo: str | None = None, pmdt_id: str | None = None
) -> list[dict[str, Any]]:
    sql = (
        "SELECT id, tipo, fecha, decision, estado, pmdt_id, votos_favor, votos_contra, "
        "abstenciones FROM acta_validacion WHERE eliminado = 0 AND territorio_id = ?"
    )
    valores: list[Any] = [territorio_id]
    if tipo:
        sql += " AND tipo = ?"
        valores.append(tipo)
    if pmdt_id:
        sql += " AND pmdt_id = ?"
        valores.append(pmdt_id)
    return _filas(almacen, sql + " ORDER BY fecha", valores)


def acuerdos_vencidos(
    almacen: Almacen, territorio_ids: Sequence[str], hoy: str
) -> list[dict[str, Any]]:
    """Acuerdos con fecha comprometida pasada que no están cumplidos."""
    return _filas(
        almacen,
        "SELECT a.id, a.territorio_id, a.texto, a.responsable, a.fecha_compromiso, a.estado, "
        "t.titulo AS taller, t.fecha AS fecha_taller FROM acuerdo a "
        "JOIN taller t ON t.id = a.taller_id "
        f"WHERE a.eliminado = 0 AND a.territorio_id IN ({_en(territorio_ids)}) "
        "AND a.fecha_compromiso < ? AND a.estado NOT IN ('cumplido') "
        "ORDER BY a.fecha_compromiso",
        [*territorio_ids, hoy],
    )


def contar_acuerdos_vencidos(almacen: Almacen, territorio_ids: Sequence[str], hoy: str) -> int:
    """Cuántos da `acuerdos_vencidos`, sin leer sus talleres."""
    return almacen.conn.execute(
        f"SELECT count(*) FROM acuerdo a WHERE a.eliminado = 0 "
        f"AND a.territorio_id IN ({_en(territorio_ids)}) AND a.fecha_compromiso < ? "
        "AND a.estado NOT IN ('cumplido') "
        "AND EXISTS (SELECT 1 FROM taller t WHERE t.id = a.taller_id)",
        [*territorio_ids, hoy],
    ).fetchone()[0]


def talleres(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    return _filas(
        almacen,
        "SELECT id, titulo, fecha, paso, estado FROM taller "
        "WHERE eliminado = 0 AND territorio_id = ? ORDER BY fecha DESC, titulo",
        (territorio_id,),
    )


def votos_de_taller(almacen: Almacen, taller_id: str) -> list[dict[str, Any]]:
    return _filas(
        almacen,
        "SELECT v.id, v.necesidad_id, v.votos, v.lugar, n.titulo, n.tipologia "
        "FROM voto_priorizacion v JOIN necesidad n ON n.id = v.necesidad_id "
        "WHERE v.eliminado = 0 AND v.taller_id = ? ORDER BY v.lugar, n.titulo",
        (taller_id,),
    )


def talleres_con_votos(almacen: Almacen, territorio_id: str) -> list[str]:
    filas = almacen.conn.execute(
        "SELECT DISTINCT taller_id FROM voto_priorizacion WHERE eliminado = 0 "
        "AND territorio_id = ?",
        (territorio_id,),
    )
    return [f[0] for f in filas]


def pmdt_versiones(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    """Versiones del PMDT con el tamaño de su cartera, de la más antigua a la más nueva."""
    return _filas(
        almacen,
        "SELECT p.id, p.version, p.fecha, p.estado, p.version_anterior_id, "
        "(SELECT count(*) FROM iniciativa i WHERE i.pmdt_id = p.id AND i.eliminado = 0) "
        "AS iniciativas FROM pmdt p WHERE p.eliminado = 0 AND p.territorio_id = ? "
        "ORDER BY p.version",
        (territorio_id,),
    )


def diagnosticos_territorio(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    """Diagnósticos con su organización, del más antiguo al más reciente por organización."""
    return _filas(
        almacen,
        "SELECT d.id, d.organizacion_id, d.fecha, d.puntaje, d.nivel, d.version_instrumento, "
        "o.nombre AS organizacion, o.tipo, "
        "(SELECT count(*) FROM accion_plan a WHERE a.diagnostico_id = d.id AND a.eliminado = 0 "
        " AND a.estado != 'cumplida') AS acciones_pendientes "
        "FROM diagnostico d JOIN organizacion o ON o.id = d.organizacion_id "
        "WHERE d.eliminado = 0 AND d.territorio_id = ? ORDER BY o.nombre, d.fecha",
        (territorio_id,),
    )


def respuestas(almacen: Almacen, diagnostico_id: str) -> dict[str, int]:
    filas = almacen.conn.execute(
        "SELECT item, valor FROM respuesta_diagnostico WHERE eliminado = 0 AND diagnostico_id = ?",
        (diagnostico_id,),
    )
    return dict(filas.fetchall())


def ultima_actividad(almacen: Almacen, territorio_id: str) -> str | None:
    """La fecha más reciente de un taller, una versión del PMDT o un acta del territorio: la
    del cierre del plan cuando los ocho pasos están cumplidos (servicios/conservacion)."""
    return almacen.conn.execute(
        "SELECT max(f) FROM ("
        "SELECT max(fecha) AS f FROM taller WHERE eliminado = 0 AND territorio_id = :t "
        "UNION ALL SELECT max(fecha) FROM pmdt WHERE eliminado = 0 AND territorio_id = :t "
        "UNION ALL SELECT max(fecha) FROM acta_validacion WHERE eliminado = 0 "
        "AND territorio_id = :t)",
        {"t": territorio_id},
    ).fetchone()[0]
