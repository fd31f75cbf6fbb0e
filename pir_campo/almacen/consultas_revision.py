"""SQL de la revisión de la oficina: listas filtradas por estado y observaciones pendientes."""

from __future__ import annotations

from typing import Any

from pir_campo.almacen.almacen import Almacen

# Cómo se nombra cada registro revisable en una lista (SQL sobre el alias r).
DESCRIPCION = {
    "taller": "r.titulo || ' (' || strftime('%d-%m-%Y', r.fecha) || ')'",
    "acta_validacion": "'Acta del ' || strftime('%d-%m-%Y', r.fecha)",
    "pmdt": "'PMDT versión ' || r.version",
    "diagnostico": "'Diagnóstico del ' || strftime('%d-%m-%Y', r.fecha)",
}
_ESTADO = "coalesce(v.estado, 'recibido')"
# La última escritura del estado de la revisión (sello HLC): un cambio posterior del registro
# es una corrección que responde a la observación.
_SELLO_ESTADO = "coalesce(json_extract(v.fdots, '$.estado[2]'), json_extract(v.cdot, '$[2]'))"


def registros(
    almacen: Almacen,
    tabla: str,
    estado: str | None = None,
    territorio_id: str | None = None,
    limite: int = 5000,
) -> list[dict[str, Any]]:
    """Registros vigentes de una tabla revisable con su estado de revisión (sin fila: recibido)."""
    condiciones, valores = ["r.eliminado = 0"], []
    if estado:
        condiciones.append(f"{_ESTADO} = ?")
        valores.append(estado)
    if territorio_id:
        condiciones.append("r.territorio_id = ?")
        valores.append(territorio_id)
    sql = (
        f"SELECT r.id, {DESCRIPCION[tabla]}, t.nombre, {_ESTADO}, v.comentario, v.revisado_por, "
        f"v.revisado_en, v.respuesta, v.respondido_en, r.territorio_id FROM {tabla} r "
        "LEFT JOIN revision v ON v.registro_id = r.id AND v.eliminado = 0 "
        "LEFT JOIN territorio t ON t.id = r.territorio_id "
        f"WHERE {' AND '.join(condiciones)} ORDER BY t.nombre, r.fecha, r.id LIMIT ?"
    )
    columnas = (
        "id",
        "descripcion",
        "territorio",
        "estado",
        "comentario",
        "revisado_por",
        "revisado_en",
        "respuesta",
        "respondido_en",
        "territorio_id",
    )
    return [
        dict(zip(columnas, f, strict=True))
        for f in almacen.conn.execute(sql, [*valores, int(limite)])
    ]


def observaciones(almacen: Almacen, pendientes: bool = True) -> list[dict[str, Any]]:
    """Observaciones de la oficina; pendientes: sin respuesta posterior ni corrección del
    registro después de observarlo."""
    partes = []
    for tabla, descripcion in DESCRIPCION.items():
        condicion = ""
        if pendientes:
            condicion = (
                " AND (v.respondido_en IS NULL OR v.respondido_en < v.revisado_en)"
                f" AND r.hlc <= {_SELLO_ESTADO}"
            )
        partes.append(
            f"SELECT v.id, v.registro_tabla, v.registro_id, {descripcion}, t.nombre, "
            "v.comentario, v.revisado_por, v.revisado_en, v.respuesta, v.respondido_por, "
            f"v.respondido_en FROM revision v JOIN {tabla} r ON r.id = v.registro_id "
            "LEFT JOIN territorio t ON t.id = r.territorio_id "
            f"WHERE v.registro_tabla = '{tabla}' AND v.estado = 'observado' "
            f"AND v.eliminado = 0 AND r.eliminado = 0{condicion}"
        )
    columnas = (
        "id",
        "tabla",
        "registro_id",
        "descripcion",
        "territorio",
        "comentario",
        "revisado_por",
        "revisado_en",
        "respuesta",
        "respondido_por",
        "respondido_en",
    )
    sql = " UNION ALL ".join(partes) + " ORDER BY 8, 1"
    return [dict(zip(columnas, f, strict=True)) for f in almacen.conn.execute(sql)]


def contar_observaciones(almacen: Almacen) -> int:
    return len(observaciones(almacen))
