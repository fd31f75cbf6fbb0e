"""SQL del consentimiento para datos sensibles (Ley 21.719), también el de personas fusionadas."""

from __future__ import annotations

import json
from typing import Any

from pir_campo.almacen import motor

# La persona y las que se fusionaron en ella (lápidas que redirigen).
_IDS = "(SELECT x.id FROM persona x WHERE x.id = :p OR x.fusionado_en = :p)"
# Campos sensibles de la persona: sin consentimiento quedan vacíos.
SENSIBLES = ("pueblo_originario", "afrodescendiente")


def _dicts(cursor: motor.Cursor) -> list[dict[str, Any]]:
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def de_persona(conn: motor.Connection, persona_id: str) -> list[dict[str, Any]]:
    """Los consentimientos vigentes de la persona, del más reciente al más antiguo."""
    return _dicts(
        conn.execute(
            f"""
            SELECT c.id, c.persona_id, c.taller_id, c.fecha, c.version_aviso, c.forma,
                c.testigo, t.titulo AS taller
            FROM consentimiento c LEFT JOIN taller t ON t.id = c.taller_id
            WHERE c.eliminado = 0 AND c.persona_id IN {_IDS}
            ORDER BY c.fecha DESC, c.hlc DESC, c.id DESC
            """,
            {"p": persona_id},
        )
    )


def con_consentimiento(conn: motor.Connection, persona_ids: list[str]) -> set[str]:
    """De esas personas, las que tienen un consentimiento vigente (propio o de una fusionada)."""
    return {
        f[0]
        for f in conn.execute(
            """
            SELECT p.id FROM persona p WHERE p.id IN (SELECT value FROM json_each(:ids))
            AND EXISTS (SELECT 1 FROM consentimiento c JOIN persona x ON x.id = c.persona_id
                WHERE c.eliminado = 0 AND (x.id = p.id OR x.fusionado_en = p.id))
            """,
            {"ids": json.dumps(persona_ids)},
        )
    }


def sensibles_sin_consentimiento(conn: motor.Connection) -> list[dict[str, Any]]:
    """Personas vigentes con un dato sensible guardado y sin consentimiento: llegan así en
    paquetes de notebooks con versiones anteriores. Se conservan y se muestran para revisar."""
    return _dicts(
        conn.execute(
            """
            SELECT p.id, p.nombre, p.territorio_id, p.pueblo_originario, p.afrodescendiente
            FROM persona p
            WHERE p.eliminado = 0 AND p.fusionado_en IS NULL
            AND (p.pueblo_originario IS NOT NULL OR p.afrodescendiente IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM consentimiento c JOIN persona x ON x.id = c.persona_id
                WHERE c.eliminado = 0 AND (x.id = p.id OR x.fusionado_en = p.id))
            ORDER BY p.nombre, p.id
            """
        )
    )


def conteos(conn: motor.Connection) -> dict[str, int]:
    """Consentimientos vigentes por forma (para el registro de tratamiento)."""
    return dict(
        conn.execute(
            "SELECT forma, count(DISTINCT persona_id) FROM consentimiento WHERE eliminado = 0 "
            "GROUP BY forma"
        ).fetchall()
    )
