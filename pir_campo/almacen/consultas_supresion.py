"""SQL de la supresión y el bloqueo de personas (Ley 21.719).

La supresión escribe directo, sin punto de escritura propio: no es una edición que se fusione,
sino el cumplimiento local de una orden sincronizada (la solicitud de supresión), que cada
instalación repite igual al recibirla y después de cada importación. Por eso es también la única
escritura que alcanza actas firmadas y talleres cerrados.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pir_campo.almacen import motor


def ruta_copia(ruta_db: Path) -> Path:
    """El archivo junto a la base con la copia cifrada de sus supresiones (servicios/supresion)."""
    return Path(ruta_db).with_name(f"{Path(ruta_db).name}.supresiones")


SUPRIMIDO = "(dato suprimido)"
_S_JSON = json.dumps(SUPRIMIDO, ensure_ascii=False)

# Campos personales por tabla: (campo, valor que queda). Lo demás (territorio, organización,
# taller, lado de la firma) no identifica a la persona y mantiene los conteos.
CAMPOS = {
    "persona": (
        ("nombre", SUPRIMIDO),
        ("rut", None),
        ("sexo", None),
        ("tramo_edad", None),
        ("pueblo_originario", None),
        ("afrodescendiente", None),
        ("telefono", None),
    ),
    "asistencia": (("cargo", None), ("firmo", 0)),
    "firmante": (("nombre", SUPRIMIDO), ("rut", None), ("cargo", None)),
    "acuerdo": (("responsable", SUPRIMIDO),),
}


def bloqueada(columna: str) -> str:
    """Condición SQL: la persona de `columna` está bloqueada (su último bloqueo o desbloqueo,
    por reloj híbrido, es un bloqueo). La misma regla que los disparadores de la búsqueda."""
    return (
        "coalesce((SELECT s.tipo FROM solicitud_derecho s WHERE s.persona_id = "
        f"{columna} AND s.eliminado = 0 AND s.tipo IN ('bloqueo', 'desbloqueo') "
        "ORDER BY s.hlc DESC, s.id DESC LIMIT 1), '') = 'bloqueo'"
    )


def _ids(ids: list[str]) -> str:
    return json.dumps(sorted(set(ids)))


def supresiones(conn: motor.Connection) -> list[dict[str, Any]]:
    """Toda solicitud de supresión, también con lápida: una supresión no se deshace."""
    cursor = conn.execute(
        "SELECT id, persona_id, alcance FROM solicitud_derecho WHERE tipo = 'supresion' ORDER BY id"
    )
    return [{"id": i, "persona_id": p, "alcance": json.loads(a) if a else {}} for i, p, a in cursor]


def personas_suprimidas(conn: motor.Connection) -> set[str]:
    return {s["persona_id"] for s in supresiones(conn)}


def alcance_actual(conn: motor.Connection, persona_ids: list[str]) -> dict[str, list[str]]:
    """La persona y las fusionadas en ella, y sus asistencias (vigentes o no)."""
    personas = [
        f[0]
        for f in conn.execute(
            "SELECT id FROM persona WHERE id IN (SELECT value FROM json_each(:p)) "
            "OR fusionado_en IN (SELECT value FROM json_each(:p))",
            {"p": _ids(persona_ids)},
        )
    ]
    asistencias = [
        f[0]
        for f in conn.execute(
            "SELECT id FROM asistencia WHERE persona_id IN (SELECT value FROM json_each(?))",
            (_ids(personas),),
        )
    ]
    return {"persona": sorted(set(personas) | set(persona_ids)), "asistencia": asistencias}


def borrar(conn: motor.Connection, alcance: dict[str, list[str]]) -> int:
    """Deja en blanco los campos personales en los registros, la bitácora y los conflictos.
    Solo toca filas que aún tienen algo: repetirlo no cambia nada. Devuelve las filas cambiadas."""
    antes = conn.total_changes
    for tabla, campos in CAMPOS.items():
        ids = _ids(alcance.get(tabla, []))
        if ids == "[]":
            continue
        asignaciones = ", ".join(f"{c} = ?" for c, _ in campos)
        pendiente = " OR ".join(f"{c} IS NOT ?" for c, _ in campos)
        valores = [v for _, v in campos]
        extra = ", extra = '{}'" if tabla == "persona" else ""
        conn.execute(
            f"UPDATE {tabla} SET {asignaciones}{extra} WHERE id IN "
            f"(SELECT value FROM json_each(?)) AND ({pendiente}"
            + (" OR extra != '{}'" if tabla == "persona" else "")
            + ")",
            [*valores, ids, *valores],
        )
        nombres = json.dumps([c for c, _ in campos])
        conn.execute(
            "UPDATE cambio SET anterior = CASE WHEN anterior IS NULL THEN NULL ELSE :s END, "
            "nuevo = CASE WHEN nuevo IS NULL THEN NULL ELSE :s END "
            "WHERE tabla = :t AND registro_id IN (SELECT value FROM json_each(:ids)) "
            "AND campo IN (SELECT value FROM json_each(:c)) "
            "AND (anterior IS NOT :s AND anterior IS NOT NULL OR nuevo IS NOT :s "
            "AND nuevo IS NOT NULL)",
            {"s": _S_JSON, "t": tabla, "ids": ids, "c": nombres},
        )
        conflictos = [
            f[0]
            for f in conn.execute(
                "SELECT id FROM conflicto WHERE tabla = ? AND registro_id IN "
                "(SELECT value FROM json_each(?)) AND campo IN (SELECT value FROM json_each(?))",
                (tabla, ids, nombres),
            )
        ]
        if conflictos:
            c_ids = _ids(conflictos)
            conn.execute(
                "UPDATE conflicto SET valor_ganador = :s, valor_otro = :s WHERE id IN "
                "(SELECT value FROM json_each(:ids)) AND (valor_ganador IS NOT :s "
                "OR valor_otro IS NOT :s)",
                {"s": _S_JSON, "ids": c_ids},
            )
            conn.execute(
                "UPDATE cambio SET anterior = CASE WHEN anterior IS NULL THEN NULL ELSE :s END, "
                "nuevo = CASE WHEN nuevo IS NULL THEN NULL ELSE :s END WHERE tabla = 'conflicto' "
                "AND registro_id IN (SELECT value FROM json_each(:ids)) "
                "AND campo IN ('valor_ganador', 'valor_otro') "
                "AND (anterior IS NOT :s AND anterior IS NOT NULL OR nuevo IS NOT :s "
                "AND nuevo IS NOT NULL)",
                {"s": _S_JSON, "ids": c_ids},
            )
    return conn.total_changes - antes


def compactar_busqueda(conn: motor.Connection) -> None:
    """FTS5 deja los términos borrados en sus segmentos hasta fusionarlos: se fusionan todos."""
    conn.execute("INSERT INTO persona_busqueda (persona_busqueda) VALUES ('optimize')")


def vaciar_wal(conn: motor.Connection) -> None:
    """Todo el WAL a la base y el WAL en cero bytes (fuera de una transacción)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def filas_solicitud(conn: motor.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Filas completas (con metadatos) de solicitudes, para guardarlas fuera de la base."""
    cursor = conn.execute(
        "SELECT * FROM solicitud_derecho WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (_ids(ids),),
    )
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def restituir_solicitudes(conn: motor.Connection, filas: list[dict[str, Any]]) -> list[str]:
    """Vuelve a poner las solicitudes que faltan (una base restaurada de un respaldo viejo),
    idénticas, con sus metadatos: así no chocan con la copia que tiene la oficina."""
    puestas = []
    for f in filas:
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO solicitud_derecho ({', '.join(f)}) "
            f"VALUES ({', '.join('?' * len(f))})",
            list(f.values()),
        )
        if cursor.rowcount:
            puestas.append(f["id"])
    return puestas


def bloqueadas(conn: motor.Connection) -> set[str]:
    """Personas cuyo último bloqueo o desbloqueo (por reloj híbrido) es un bloqueo."""
    return {
        f[0]
        for f in conn.execute(
            """
            SELECT persona_id FROM (
                SELECT persona_id, tipo, row_number() OVER (
                    PARTITION BY persona_id ORDER BY hlc DESC, id DESC) AS n
                FROM solicitud_derecho
                WHERE eliminado = 0 AND tipo IN ('bloqueo', 'desbloqueo'))
            WHERE n = 1 AND tipo = 'bloqueo'
            """
        )
    }


def solicitudes(conn: motor.Connection, persona_id: str | None = None) -> list[dict[str, Any]]:
    """Registro de solicitudes recibidas, por fecha."""
    sql = (
        "SELECT id, territorio_id, persona_id, tipo, fecha, solicitado_por, motivo, respuesta, "
        "hlc FROM solicitud_derecho WHERE eliminado = 0"
    )
    valores: list[Any] = []
    if persona_id:
        sql += " AND persona_id = ?"
        valores.append(persona_id)
    cursor = conn.execute(sql + " ORDER BY fecha, hlc, id", valores)
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def personas_de_territorios(
    conn: motor.Connection, territorio_ids: list[str]
) -> list[dict[str, Any]]:
    """Las personas (también las eliminadas, que guardan nombre y RUT; no las fusionadas en
    otra, que van con ella) de los territorios, con sus asistencias, sin las ya suprimidas."""
    cursor = conn.execute(
        """
        SELECT p.id, p.territorio_id, p.nombre, p.rut,
            (SELECT count(*) FROM asistencia a WHERE a.eliminado = 0 AND a.persona_id IN
                (SELECT x.id FROM persona x WHERE x.id = p.id OR x.fusionado_en = p.id))
                AS asistencias
        FROM persona p
        WHERE p.fusionado_en IS NULL AND p.territorio_id IN (SELECT value FROM json_each(:t))
            AND p.id NOT IN (SELECT persona_id FROM solicitud_derecho WHERE tipo = 'supresion')
        ORDER BY p.territorio_id, p.nombre, p.id
        """,
        {"t": _ids(territorio_ids)},
    )
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def identidades_fuera(
    conn: motor.Connection, territorio_ids: list[str]
) -> list[tuple[str, str | None, str | None]]:
    """(territorio, nombre, RUT) de quienes figuran fuera de esos territorios: personas vivas,
    firmantes de actas y las personas de las asistencias de talleres de otros territorios."""
    return list(
        conn.execute(
            """
            SELECT territorio_id, nombre, rut FROM persona
            WHERE eliminado = 0 AND fusionado_en IS NULL
                AND territorio_id NOT IN (SELECT value FROM json_each(:t))
            UNION
            SELECT territorio_id, nombre, rut FROM firmante
            WHERE eliminado = 0 AND territorio_id NOT IN (SELECT value FROM json_each(:t))
            UNION
            SELECT a.territorio_id, p.nombre, p.rut FROM asistencia a
            JOIN persona p ON p.id = a.persona_id
            WHERE a.eliminado = 0 AND a.territorio_id NOT IN (SELECT value FROM json_each(:t))
            """,
            {"t": _ids(territorio_ids)},
        )
    )
