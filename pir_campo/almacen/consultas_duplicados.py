"""SQL de los duplicados por clave natural: candidatos, referencias y la lápida que redirige.

Las reglas (qué pareja es un posible duplicado) viven en `pir_campo.servicios.duplicados`;
aquí solo se leen las filas que esas reglas comparan y se escriben los traspasos, siempre con
la escritura sellada del almacén (`Almacen.escribir_sellado`), para que viajen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from typing import Any

from pir_campo.almacen import consultas_origen as origen_sql
from pir_campo.almacen.almacen import Almacen

# Quién apunta a cada tabla que puede tener duplicados: (tabla, campo).
REFERENCIAS: dict[str, tuple[tuple[str, str], ...]] = {
    "persona": (("asistencia", "persona_id"),),
    "localidad": (
        ("taller", "localidad_id"),
        ("necesidad", "localidad_id"),
        ("organizacion", "localidad_id"),
    ),
    "organizacion": (
        ("persona", "organizacion_id"),
        ("asistencia", "organizacion_id"),
        ("diagnostico", "organizacion_id"),
    ),
}
TABLAS = tuple(REFERENCIAS)

# Registros que cuelgan de cada fila, contando los que llegan por una redirección previa.
_DEPENDIENTES = {
    tabla: " + ".join(
        f"(SELECT count(*) FROM {t} r WHERE r.eliminado = 0 AND r.{c} IN "
        f"(SELECT y.id FROM {tabla} y WHERE y.id = x.id OR y.fusionado_en = x.id))"
        for t, c in refs
    )
    for tabla, refs in REFERENCIAS.items()
}

# Comunas donde aparece cada fila: la de su localidad, la de los talleres de la persona o la de
# la localidad de su organización; si no hay ninguna, las del territorio (en el código).
_COMUNAS = {
    "persona": """
        COALESCE((SELECT group_concat(DISTINCT l.cut_comuna) FROM asistencia a
            JOIN taller w ON w.id = a.taller_id JOIN localidad l ON l.id = w.localidad_id
            WHERE a.persona_id = x.id AND a.eliminado = 0), '')
        || ',' || COALESCE((SELECT l.cut_comuna FROM organizacion o
            JOIN localidad l ON l.id = o.localidad_id WHERE o.id = x.organizacion_id), '')
    """,
    "localidad": "x.cut_comuna",
    "organizacion": ("(SELECT l.cut_comuna FROM localidad l WHERE l.id = x.localidad_id)"),
}
_RUT = {"persona": "x.rut", "localidad": "NULL", "organizacion": "x.rut"}


def candidatos(almacen: Almacen, tabla: str, territorio_id: str | None) -> list[dict]:
    """Filas vigentes de `tabla` (de un territorio o de todos) con lo que comparan las reglas."""
    conn = almacen.conn
    if tabla not in REFERENCIAS:
        raise ValueError(tabla)
    donde = "AND x.territorio_id = ?" if territorio_id else ""
    if tabla == "persona":
        # Las suprimidas se llaman todas «(dato suprimido)»: no son duplicados entre sí.
        donde += (
            " AND x.id NOT IN (SELECT s.persona_id FROM solicitud_derecho s "
            "WHERE s.tipo = 'supresion')"
        )
    cursor = conn.execute(
        f"""
        SELECT x.id, x.territorio_id, t.nombre AS territorio, t.comunas AS comunas_territorio,
            x.nombre, {_RUT[tabla]} AS rut, {_COMUNAS[tabla]} AS comunas,
            {origen_sql.columnas("x")}
        FROM {tabla} x JOIN territorio t ON t.id = x.territorio_id
        WHERE x.eliminado = 0 {donde}
        """,
        [territorio_id] if territorio_id else [],
    )
    columnas = [d[0] for d in cursor.description]
    filas = [dict(zip(columnas, f, strict=True)) for f in cursor]
    cuenta = dependientes(almacen, tabla, territorio_id)
    for f in filas:
        f["dependientes"] = cuenta.get(f["id"], 0)
        propias = {c for c in (f.pop("comunas") or "").split(",") if c}
        f["comunas"] = propias or set(json.loads(f.pop("comunas_territorio") or "[]"))
        f.pop("comunas_territorio", None)
    return filas


def dependientes(almacen: Almacen, tabla: str, territorio_id: str | None) -> dict:
    """Cuántos registros vigentes cuelgan de cada fila (también a través de una redirección):
    una pasada agrupada por tabla que apunta, no una subconsulta por fila."""
    conn = almacen.conn
    cuenta: dict[str, int] = {}
    donde = "AND r.territorio_id = ?" if territorio_id else ""
    for t, c in REFERENCIAS[tabla]:
        for id_, n in conn.execute(
            f"SELECT COALESCE(y.fusionado_en, y.id), count(*) FROM {t} r "
            f"JOIN {tabla} y ON y.id = r.{c} WHERE r.eliminado = 0 {donde} GROUP BY 1",
            [territorio_id] if territorio_id else [],
        ):
            cuenta[id_] = cuenta.get(id_, 0) + n
    return cuenta


def destino_final(almacen: Almacen, tabla: str, id: str) -> str | None:
    """A qué registro vigente redirige `id` (siguiendo la cadena); None si no fue fusionado."""
    conn = almacen.conn
    actual, vistos = id, set()
    while actual not in vistos:
        vistos.add(actual)
        fila = conn.execute(f"SELECT fusionado_en FROM {tabla} WHERE id = ?", (actual,)).fetchone()
        if fila is None or not fila[0]:
            return None if actual == id else actual
        actual = fila[0]
    return None


def ciclo(almacen: Almacen, tabla: str, id: str) -> list[str]:
    """Los ids de un ciclo de redirecciones que pasa por `id` (dos fusiones cruzadas hechas sin
    verse, A en B y B en A); vacío si la cadena termina en un registro vigente."""
    conn = almacen.conn
    cadena, actual = [], id
    while actual and actual not in cadena:
        cadena.append(actual)
        fila = conn.execute(f"SELECT fusionado_en FROM {tabla} WHERE id = ?", (actual,)).fetchone()
        actual = fila[0] if fila else None
    return cadena[cadena.index(actual) :] if actual else []


def referencias(almacen: Almacen, tabla: str, campo: str, destino: str) -> list[dict[str, Any]]:
    """Filas vigentes de `tabla` cuyo `campo` apunta a `destino`, con su taller si lo tienen."""
    conn = almacen.conn
    taller = {"asistencia": "r.taller_id", "taller": "r.id"}.get(tabla, "NULL")
    extra = {
        "asistencia": ", r.persona_id, r.firmo, r.cargo, r.organizacion_id",
        "acta_validacion": ", r.estado AS estado_acta",
    }.get(tabla, "")
    cursor = conn.execute(
        f"SELECT r.id, (SELECT w.estado FROM taller w WHERE w.id = {taller}) AS estado_taller, "
        f"{taller} AS taller_id{extra} FROM {tabla} r WHERE r.{campo} = ? AND r.eliminado = 0",
        (destino,),
    )
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def apuntan_a_fusionados(
    almacen: Almacen,
    tabla: str,
    campo: str,
    destino_tabla: str,
    elegidos: Callable[[list[str]], Collection[str]],
) -> list[tuple[str, str]]:
    """(id, valor del campo) de las filas que apuntan a un registro fusionado, de entre las que
    `elegidos` deja (recibe ids y devuelve los que son de interés).

    Parte de los fusionados (pocos) y usa el índice del campo, no recorre las filas elegidas:
    un paquete grande sin fusiones no paga casi nada."""
    conn = almacen.conn
    fusionados = [
        f[0] for f in conn.execute(f"SELECT id FROM {destino_tabla} WHERE fusionado_en IS NOT NULL")
    ]
    salida = []
    for i in range(0, len(fusionados), 500):
        trozo = fusionados[i : i + 500]
        filas = conn.execute(
            f"SELECT id, {campo} FROM {tabla} WHERE eliminado = 0 "
            f"AND {campo} IN ({', '.join('?' * len(trozo))})",
            trozo,
        ).fetchall()
        if filas:
            dentro = elegidos([f[0] for f in filas])
            salida += [(id_, valor) for id_, valor in filas if id_ in dentro]
    return salida


def fusionados_entre(almacen: Almacen, tabla: str, ids: list[str]) -> list[str]:
    """Los de `ids` que son lápidas de una fusión (redirigen a otro registro)."""
    if not ids:
        return []
    return [
        f[0]
        for f in almacen.conn.execute(
            f"SELECT id FROM {tabla} WHERE id IN (SELECT value FROM json_each(?)) "
            "AND fusionado_en IS NOT NULL",
            (json.dumps(ids),),
        )
    ]


def marcar_fusion(almacen: Almacen, tabla: str, perdedora: str, ganadora: str) -> None:
    """Lápida que redirige (`fusionado_en`), sellada como toda escritura, y las redirecciones
    que apuntaban a la perdedora pasan a la ganadora. Dentro de `almacen.transaccion()`."""
    motivo = "fusión de registros duplicados"
    almacen.escribir_sellado(tabla, perdedora, {"eliminado": 1, "fusionado_en": ganadora}, motivo)
    for (id_,) in almacen.conn.execute(
        f"SELECT id FROM {tabla} WHERE fusionado_en = ? AND id != ?", (perdedora, perdedora)
    ).fetchall():
        almacen.escribir_sellado(tabla, id_, {"fusionado_en": ganadora}, motivo)


def personas_parecidas(
    almacen: Almacen, territorio_id: str, nombre: str, rut: str | None
) -> list[dict[str, Any]]:
    """Personas vigentes del territorio con ese RUT o con todas las palabras del nombre (FTS5,
    sin tildes); la igualdad exacta del nombre normalizado la decide la regla."""
    conn = almacen.conn
    palabras = [p for p in re.split(r"[^\w]+", nombre or "") if p]
    consulta = " ".join(f'"{p}"' for p in palabras) or None
    if not rut and not consulta:
        return []
    condiciones, valores = [], [territorio_id]
    if rut:
        condiciones.append("p.rut = ?")
        valores.append(rut)
    if consulta:
        condiciones.append(
            "p.id IN (SELECT persona_id FROM persona_busqueda WHERE persona_busqueda MATCH ? "
            "AND territorio_id = ?)"
        )
        valores += [consulta, territorio_id]
    cursor = conn.execute(
        f"""
        SELECT x.id, x.territorio_id, x.nombre, x.rut, x.telefono,
            {_DEPENDIENTES["persona"]} AS dependientes
        FROM persona x WHERE x.territorio_id = ? AND x.eliminado = 0
        AND x.id IN (SELECT p.id FROM persona p WHERE {" OR ".join(condiciones)})
        ORDER BY x.nombre LIMIT 20
        """,
        valores,
    )
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def deshacer_ciclo(almacen: Almacen, tabla: str, vuelve: str, otros: list[str]) -> None:
    """`vuelve` queda vigente y los demás del ciclo redirigen a él, con escrituras selladas."""
    motivo = "dos fusiones cruzadas: se conserva un solo registro"
    almacen.escribir_sellado(tabla, vuelve, {"eliminado": 0, "fusionado_en": None}, motivo)
    for id_ in otros:
        almacen.escribir_sellado(tabla, id_, {"fusionado_en": vuelve}, motivo)


# Registros únicos por clave (`Modelo.clave_unica`) que una versión anterior creaba con id al
# azar: dos filas con la misma clave son el mismo registro. Quién cuelga de cada uno.
UNICOS: dict[str, tuple[tuple[str, str], ...]] = {
    "pmdt": (
        ("iniciativa", "pmdt_id"),
        ("acta_validacion", "pmdt_id"),
        ("pmdt", "version_anterior_id"),
    ),
    "indicador_territorio": (),
    "respuesta_diagnostico": (),
}
REFERENCIAS.update(UNICOS)

_DESCRIPCION = {
    "pmdt": "'Versión ' || x.version",
    "indicador_territorio": "x.indicador || ' (' || x.tipologia || ')'",
    "respuesta_diagnostico": "'Ítem ' || x.item",
}


def unicos_repetidos(
    almacen: Almacen, tabla: str, clave: tuple[str, ...], territorio_id: str | None
) -> list[dict[str, Any]]:
    """Filas vigentes de `tabla` cuya clave única comparte otra fila vigente (creadas antes de
    los ids derivados de la clave), con todos sus valores, su origen y lo que cuelga de ellas."""
    conn = almacen.conn
    donde = "AND x.territorio_id = ?" if territorio_id else ""
    iguales = " AND ".join(f"y.{c} IS x.{c}" for c in clave)
    cursor = conn.execute(
        f"""
        SELECT x.*, t.nombre AS territorio, {_DESCRIPCION[tabla]} AS nombre_clave,
            {origen_sql.columnas("x")}
        FROM {tabla} x JOIN territorio t ON t.id = x.territorio_id
        WHERE x.eliminado = 0 {donde} AND EXISTS (SELECT 1 FROM {tabla} y
            WHERE y.eliminado = 0 AND y.id != x.id AND {iguales})
        ORDER BY {", ".join(f"x.{c}" for c in clave)}, x.id
        """,
        [territorio_id] if territorio_id else [],
    )
    columnas = [d[0] for d in cursor.description]
    filas = [dict(zip(columnas, f, strict=True)) for f in cursor]
    cuenta = dependientes(almacen, tabla, territorio_id) if UNICOS[tabla] else {}
    for f in filas:
        f["dependientes"] = cuenta.get(f["id"], 0)
    return filas
