"""Consultas de las pantallas de inicio, del mapa y del informe regional (una pregunta, una
función). Solo lectura; los conteos se agrupan en SQL para que 20.000 talleres no pasen por
Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pir_campo.almacen.almacen import Almacen


def _filas(almacen: Almacen, sql: str, valores: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = almacen.conn.execute(sql, valores)
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def _en(ids: Sequence[str]) -> str:
    return ", ".join("?" * len(ids)) or "NULL"


# Monto en miles de pesos, con la misma regla que los documentos (comun.monto_m): en UF solo si
# se registró el valor de la UF; si no, no se suma.
_MILES = (
    "CASE WHEN {p}costo IS NULL THEN NULL "
    "WHEN {p}unidad_costo = 'UF' THEN {p}costo * {p}valor_uf / 1000.0 "
    "ELSE {p}costo / 1000.0 END"
)


# La cartera vigente de cada territorio, como en el seguimiento: la última versión validada por
# el CORE o, si no hay, la más reciente.
_PMDT_VIGENTE = (
    "SELECT p.id FROM pmdt p WHERE p.eliminado = 0 AND p.version = ("
    "SELECT max(q.version) FROM pmdt q WHERE q.eliminado = 0 AND q.territorio_id = p.territorio_id "
    "AND (q.estado = 'validado_core' OR NOT EXISTS (SELECT 1 FROM pmdt r WHERE r.eliminado = 0 "
    "AND r.territorio_id = p.territorio_id AND r.estado = 'validado_core')))"
)


def localidades_mapa(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Localidades con coordenadas, con su comuna y su territorio (puntos del mapa)."""
    return _filas(
        almacen,
        "SELECT l.id, l.nombre, l.territorio_id, l.cut_comuna, l.latitud, l.longitud, "
        "t.nombre AS territorio FROM localidad l JOIN territorio t ON t.id = l.territorio_id "
        f"WHERE l.eliminado = 0 AND l.territorio_id IN ({_en(territorio_ids)}) "
        "AND l.latitud IS NOT NULL AND l.longitud IS NOT NULL ORDER BY l.nombre, l.id",
        list(territorio_ids),
    )


def necesidades_mapa(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Necesidades con coordenadas propias o, si no tienen, las de su localidad."""
    return _filas(
        almacen,
        "SELECT n.id, n.titulo, n.tipologia, n.etapa, n.territorio_id, "
        "coalesce(n.latitud, l.latitud) AS latitud, coalesce(n.longitud, l.longitud) AS longitud "
        "FROM necesidad n LEFT JOIN localidad l ON l.id = n.localidad_id "
        f"WHERE n.eliminado = 0 AND n.territorio_id IN ({_en(territorio_ids)}) "
        "AND coalesce(n.latitud, l.latitud) IS NOT NULL "
        "AND coalesce(n.longitud, l.longitud) IS NOT NULL ORDER BY n.titulo, n.id",
        list(territorio_ids),
    )


def iniciativas_mapa(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Iniciativas de la cartera vigente, en el centro de las necesidades que atienden."""
    return _filas(
        almacen,
        "SELECT i.id, i.nombre, i.tipologia, i.etapa, i.territorio_id, "
        "avg(coalesce(n.latitud, l.latitud)) AS latitud, "
        "avg(coalesce(n.longitud, l.longitud)) AS longitud "
        "FROM iniciativa i JOIN json_each(coalesce(i.necesidades, '[]')) j "
        "JOIN necesidad n ON n.id = j.value AND n.eliminado = 0 "
        "LEFT JOIN localidad l ON l.id = n.localidad_id "
        f"WHERE i.eliminado = 0 AND i.territorio_id IN ({_en(territorio_ids)}) "
        f"AND i.pmdt_id IN ({_PMDT_VIGENTE}) AND coalesce(n.latitud, l.latitud) IS NOT NULL "
        "GROUP BY i.id ORDER BY i.nombre, i.id",
        list(territorio_ids),
    )


def cartera_por_etapa_y_fuente(
    almacen: Almacen, territorio_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Monto de la cartera vigente (M$) por etapa y fuente de financiamiento, con cuántas
    iniciativas tienen un costo que no se pudo sumar (UF sin valor)."""
    miles = _MILES.format(p="")
    return _filas(
        almacen,
        f"SELECT etapa, coalesce(nullif(trim(fuente_financiamiento), ''), 'Sin fuente') AS fuente, "
        f"count(*) AS iniciativas, coalesce(sum({miles}), 0) AS miles, "
        f"sum(costo IS NOT NULL AND ({miles}) IS NULL) AS sin_sumar FROM iniciativa "
        f"WHERE eliminado = 0 AND territorio_id IN ({_en(territorio_ids)}) "
        f"AND pmdt_id IN ({_PMDT_VIGENTE}) GROUP BY etapa, fuente ORDER BY etapa, fuente",
        list(territorio_ids),
    )


def participacion_por_mes(almacen: Almacen, territorio_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Asistencias por mes del taller, sexo y tramo de edad de la persona.

    Se leen ya contadas (participacion_mes, esquema 13: la mantienen disparadores): recorrer
    cada asistencia de la región eran ~3.000 páginas que descifrar con 20.000 talleres."""
    return _filas(
        almacen,
        "SELECT mes, sexo, tramo, sum(n) AS asistencias FROM participacion_mes "
        f"WHERE territorio_id IN ({_en(territorio_ids)}) GROUP BY mes, sexo, tramo "
        "HAVING sum(n) > 0 ORDER BY mes, sexo, tramo",
        list(territorio_ids),
    )


def acuerdos_por_plazo(
    almacen: Almacen, territorio_ids: Sequence[str], hoy: str, fin_mes: str
) -> dict[str, int]:
    """Acuerdos no cumplidos por plazo: vencidos, vencen este mes, más adelante, sin fecha."""
    fila = almacen.conn.execute(
        "SELECT coalesce(sum(fecha_compromiso < ?), 0), "
        "coalesce(sum(fecha_compromiso >= ? AND fecha_compromiso <= ?), 0), "
        "coalesce(sum(fecha_compromiso > ?), 0), "
        "coalesce(sum(fecha_compromiso IS NULL OR fecha_compromiso = ''), 0) "
        "FROM acuerdo WHERE eliminado = 0 AND coalesce(estado, '') != 'cumplido' "
        f"AND territorio_id IN ({_en(territorio_ids)})",
        [hoy, hoy, fin_mes, fin_mes, *territorio_ids],
    ).fetchone()
    return dict(zip(("vencidos", "este_mes", "mas_adelante", "sin_fecha"), fila, strict=True))


_ACUERDOS_ENTRE = (
    "FROM acuerdo a WHERE a.eliminado = 0 AND a.territorio_id IN ({en}) "
    "AND coalesce(a.estado, '') != 'cumplido' AND a.fecha_compromiso >= ? "
    "AND a.fecha_compromiso <= ?"
)


def acuerdos_entre(
    almacen: Almacen,
    territorio_ids: Sequence[str],
    desde: str,
    hasta: str,
    limite: int = -1,
    saltar: int = 0,
) -> list[dict[str, Any]]:
    """Acuerdos no cumplidos con fecha comprometida hasta `hasta` (los vencidos incluidos,
    desde `desde`), con su taller, para la lista «por cumplir» del notebook. `limite` y
    `saltar` dan un tramo de esa lista en su orden (sin límite: toda): el tramo se elige antes
    de buscar el taller de cada uno, así las primeras filas no leen los talleres de las demás."""
    donde = _ACUERDOS_ENTRE.format(en=_en(territorio_ids))
    return _filas(
        almacen,
        "SELECT a.id, a.territorio_id, a.texto, a.responsable, a.fecha_compromiso, a.estado, "
        "a.taller_id, t.titulo AS taller, te.nombre AS territorio FROM ("
        f"SELECT a.* {donde} ORDER BY a.fecha_compromiso, a.id LIMIT ? OFFSET ?) a "
        "LEFT JOIN taller t ON t.id = a.taller_id "
        "LEFT JOIN territorio te ON te.id = a.territorio_id ORDER BY a.fecha_compromiso, a.id",
        [*territorio_ids, desde, hasta, limite, saltar],
    )


def contar_acuerdos_entre(
    almacen: Almacen, territorio_ids: Sequence[str], desde: str, hasta: str, hoy: str
) -> tuple[int, int]:
    """(cuántos, cuántos vencidos antes de `hoy`) de esa misma lista, sin leerla."""
    fila = almacen.conn.execute(
        "SELECT count(*), coalesce(sum(a.fecha_compromiso < ?), 0) "
        + _ACUERDOS_ENTRE.format(en=_en(territorio_ids)),
        [hoy, *territorio_ids, desde, hasta],
    ).fetchone()
    return fila[0], fila[1]


def oficina_del_notebook(almacen: Almacen) -> dict[str, Any] | None:
    """La oficina registrada en este notebook y cuándo llegó su último paquete (recibo)."""
    fila = almacen.conn.execute(
        "SELECT nombre, json_extract(ultimo_paquete, '$.importado_en') FROM par "
        "WHERE rol = 'oficina' ORDER BY nombre LIMIT 1"
    ).fetchone()
    return None if fila is None else {"nombre": fila[0], "importado_en": fila[1]}
