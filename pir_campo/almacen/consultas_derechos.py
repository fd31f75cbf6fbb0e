"""SQL de los derechos de las personas (Ley 21.719): todo lo que la base guarda de una persona,
incluido lo que quedó en registros fusionados con ella."""

from __future__ import annotations

import json
from typing import Any

from pir_campo.almacen import motor
from pir_campo.almacen.consultas_campo import normalizar_nombre

# La persona y las que se fusionaron en ella (lápidas que redirigen).
_IDS = "(SELECT x.id FROM persona x WHERE x.id = :p OR x.fusionado_en = :p)"


def _dicts(cursor: motor.Cursor) -> list[dict[str, Any]]:
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def ids_de_persona(conn: motor.Connection, persona_id: str) -> list[str]:
    return [
        f[0] for f in conn.execute(_IDS[1:-1] + " ORDER BY x.id != :p, x.id", {"p": persona_id})
    ]


def asistencias(conn: motor.Connection, persona_id: str) -> list[dict[str, Any]]:
    """Cada asistencia vigente, con su taller, lugar, organización y cargo, por fecha."""
    return _dicts(
        conn.execute(
            f"""
            SELECT a.id, a.taller_id, t.fecha, t.titulo, t.paso, t.estado, t.lugar,
                l.nombre AS localidad, l.cut_comuna, a.cargo, o.nombre AS organizacion, a.firmo
            FROM asistencia a JOIN taller t ON t.id = a.taller_id
            LEFT JOIN localidad l ON l.id = t.localidad_id
            LEFT JOIN organizacion o ON o.id = a.organizacion_id
            WHERE a.eliminado = 0 AND t.eliminado = 0 AND a.persona_id IN {_IDS}
            ORDER BY t.fecha, t.titulo, a.id
            """,
            {"p": persona_id},
        )
    )


def firmas(
    conn: motor.Connection, territorio_id: str, rut: str | None, nombre_normal: str
) -> list[dict[str, Any]]:
    """Firmas de actas de validación que son de la persona: por su RUT o, sin RUT en la firma,
    por el nombre normalizado (la comparación del nombre la hace quien llama)."""
    filas = _dicts(
        conn.execute(
            """
            SELECT f.id, f.nombre, f.rut, f.institucion, f.cargo, f.lado, v.id AS acta_id,
                v.tipo, v.fecha, v.estado
            FROM firmante f JOIN acta_validacion v ON v.id = f.acta_id
            WHERE f.eliminado = 0 AND v.eliminado = 0 AND f.territorio_id = ?
            ORDER BY v.fecha, v.id, f.id
            """,
            (territorio_id,),
        )
    )
    return [
        f
        for f in filas
        if (rut and f["rut"] == rut)
        or (not f["rut"] and normalizar_nombre(f["nombre"]) == nombre_normal)
    ]


def acuerdos_a_cargo(
    conn: motor.Connection, territorio_id: str, nombre_normal: str
) -> list[dict[str, Any]]:
    """Acuerdos de talleres del territorio cuyo responsable lleva el nombre de la persona."""
    filas = _dicts(
        conn.execute(
            """
            SELECT c.id, c.texto, c.responsable, c.fecha_compromiso, c.estado, t.fecha,
                t.titulo
            FROM acuerdo c JOIN taller t ON t.id = c.taller_id
            WHERE c.eliminado = 0 AND t.eliminado = 0 AND c.territorio_id = ?
                AND c.responsable IS NOT NULL
            ORDER BY t.fecha, c.id
            """,
            (territorio_id,),
        )
    )
    return [
        f for f in filas if nombre_normal and nombre_normal in normalizar_nombre(f["responsable"])
    ]


def adjuntos(conn: motor.Connection, persona_id: str, talleres: list[str]) -> list[dict[str, Any]]:
    """Adjuntos de la persona y de los talleres a los que asistió (hojas firmadas, fotos: en una
    hoja aparecen muchas personas)."""
    return _dicts(
        conn.execute(
            f"""
            SELECT d.id, d.tabla_duena, d.registro_id, d.nombre_original, d.clase, d.tipo_medio,
                d.tamano, d.sha256
            FROM adjunto d
            WHERE d.eliminado = 0 AND (
                (d.tabla_duena = 'persona' AND d.registro_id IN {_IDS})
                OR (d.tabla_duena = 'taller'
                    AND d.registro_id IN (SELECT value FROM json_each(:t))))
            ORDER BY d.tabla_duena, d.nombre_original, d.id
            """,
            {"p": persona_id, "t": json.dumps(talleres)},
        )
    )


def creadores(conn: motor.Connection, tabla: str, ids: list[str]) -> dict[str, tuple[str, str]]:
    """Quién registró cada fila y cuándo (UTC), según la fila de creación de la bitácora."""
    return {
        i: (usuario, momento)
        for i, usuario, momento in conn.execute(
            "SELECT registro_id, usuario, momento FROM cambio WHERE tabla = ? AND campo = '*' "
            "AND registro_id IN (SELECT value FROM json_each(?))",
            (tabla, json.dumps(ids)),
        )
    }
