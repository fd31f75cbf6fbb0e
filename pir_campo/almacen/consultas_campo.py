"""Consultas de la aplicación de terreno: territorios, pasos, talleres, asistencia y búsqueda.

Todas leen y devuelven filas simples. Los filtros sobre listas grandes usan índices o la tabla
FTS5 `persona_busqueda`, nunca un recorrido en Python.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pir_campo.almacen.motor as motor
from pir_campo.almacen import consultas_origen as origen_sql
from pir_campo.errores import ErrorNoEncontrado


def _dicts(cursor: motor.Cursor) -> list[dict[str, Any]]:
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def consulta_fts(texto: str) -> str | None:
    """«ana pér» -> '"ana"* "pér"*': cada palabra como prefijo; None si no queda nada."""
    palabras = [p for p in re.split(r"[^\w]+", texto or "") if p]
    return " ".join(f'"{p}"*' for p in palabras) or None


def normalizar_nombre(nombre: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", nombre or "")
    sin_tildes = "".join(c for c in sin_tildes if not unicodedata.combining(c))
    return " ".join(sin_tildes.lower().split())


# ---- territorios y pasos -----------------------------------------------------------------


def territorios(conn: motor.Connection) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            """
            SELECT t.id, t.nombre, t.cut_region, t.comunas, t.estado,
                (SELECT count(*) FROM taller x WHERE x.territorio_id = t.id AND x.eliminado = 0)
                    AS talleres,
                (SELECT count(*) FROM persona p WHERE p.territorio_id = t.id AND p.eliminado = 0)
                    AS personas
            FROM territorio t WHERE t.eliminado = 0 ORDER BY t.nombre
            """
        )
    )


def territorio(conn: motor.Connection, territorio_id: str) -> dict[str, Any]:
    """La ficha básica sin pasar por los modelos: la primera pantalla no espera a pydantic."""
    filas = _dicts(
        conn.execute(
            "SELECT id, nombre, cut_region, comunas, estado, poblacion, hogares FROM territorio "
            "WHERE id = ? AND eliminado = 0",
            (territorio_id,),
        )
    )
    if not filas:
        raise ErrorNoEncontrado(f"No existe el territorio con identificador {territorio_id}.")
    filas[0]["comunas"] = json.loads(filas[0]["comunas"] or "[]")
    return filas[0]


def localidades(conn: motor.Connection, territorio_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            "SELECT id, nombre, cut_comuna, poblacion, hogares FROM localidad "
            "WHERE territorio_id = ? AND eliminado = 0 ORDER BY nombre",
            (territorio_id,),
        )
    )


def conteo_por(conn: motor.Connection, tabla: str, territorio_id: str) -> int:
    return conn.execute(
        f"SELECT count(*) FROM {tabla} WHERE territorio_id = ? AND eliminado = 0",
        (territorio_id,),
    ).fetchone()[0]


def talleres_por_paso(conn: motor.Connection, territorio_id: str) -> dict[int, dict[str, int]]:
    """Por paso: talleres, cerrados y cerrados sin hoja de asistencia firmada adjunta."""
    salida: dict[int, dict[str, int]] = {}
    for paso, total, cerrados, sin_hoja in conn.execute(
        """
        SELECT paso, count(*), sum(estado = 'cerrado'),
            sum(estado = 'cerrado' AND NOT EXISTS (
                SELECT 1 FROM adjunto j WHERE j.registro_id = t.id AND j.eliminado = 0
                AND j.clase = 'asistencia_firmada'))
        FROM taller t WHERE territorio_id = ? AND eliminado = 0 GROUP BY paso
        """,
        (territorio_id,),
    ):
        salida[paso] = {"talleres": total, "cerrados": cerrados or 0, "sin_hoja": sin_hoja or 0}
    return salida


def actas_por_tipo(conn: motor.Connection, territorio_id: str) -> dict[str, dict[str, int]]:
    salida: dict[str, dict[str, int]] = {}
    for tipo, total, firmadas in conn.execute(
        "SELECT tipo, count(*), sum(estado = 'firmada') FROM acta_validacion "
        "WHERE territorio_id = ? AND eliminado = 0 GROUP BY tipo",
        (territorio_id,),
    ):
        salida[tipo] = {"actas": total, "firmadas": firmadas or 0}
    return salida


def talleres(
    conn: motor.Connection,
    territorio_id: str,
    paso: int | None = None,
    origen: bool = False,
    creador: str | None = None,
) -> list[dict[str, Any]]:
    """Talleres del territorio; con `origen`, quién los creó y cambió (modo oficina)."""
    extra = f", {origen_sql.columnas('t')}" if origen else ""
    sql = f"""
        SELECT t.id, t.titulo, t.fecha, t.paso, t.estado, t.lugar, l.nombre AS localidad,
            (SELECT count(*) FROM asistencia a WHERE a.taller_id = t.id AND a.eliminado = 0)
                AS asistentes{extra}
        FROM taller t LEFT JOIN localidad l ON l.id = t.localidad_id
        WHERE t.territorio_id = ? AND t.eliminado = 0
    """
    valores: list[Any] = [territorio_id]
    if paso is not None:
        sql += " AND t.paso = ?"
        valores.append(paso)
    if creador is not None:
        sql += f" AND {origen_sql.creador('t')} = ?"
        valores.append(creador)
    return _dicts(conn.execute(sql + " ORDER BY t.fecha DESC, t.titulo", valores))


def actas(conn: motor.Connection, territorio_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            """
            SELECT a.id, a.tipo, a.fecha, a.decision, a.estado, a.taller_id,
                t.titulo AS taller,
                (SELECT count(*) FROM firmante f WHERE f.acta_id = a.id AND f.eliminado = 0)
                    AS firmantes
            FROM acta_validacion a LEFT JOIN taller t ON t.id = a.taller_id
            WHERE a.territorio_id = ? AND a.eliminado = 0 ORDER BY a.fecha DESC
            """,
            (territorio_id,),
        )
    )


# ---- asistencia ----------------------------------------------------------------------------

# La persona de una asistencia, siguiendo la redirección si fue fusionada con otra.
_PERSONA = """
    JOIN persona p0 ON p0.id = a.persona_id
    JOIN persona p ON p.id = COALESCE(p0.fusionado_en, p0.id)
    LEFT JOIN organizacion o ON o.id = a.organizacion_id
"""
COLUMNAS_ASISTENCIA = (
    "a.id, a.persona_id, p.nombre, p.rut, p.sexo, p.tramo_edad, p.pueblo_originario, "
    "p.telefono, a.organizacion_id, o.nombre AS organizacion, a.cargo, a.firmo"
)


# La forma del consentimiento más reciente de la persona (o de una fusionada en ella), o NULL.
CONSENTIMIENTO_PERSONA = (
    "(SELECT c.forma FROM consentimiento c JOIN persona x ON x.id = c.persona_id "
    "WHERE c.eliminado = 0 AND (x.id = p.id OR x.fusionado_en = p.id) "
    "ORDER BY c.fecha DESC, c.hlc DESC LIMIT 1)"
)


def asistentes(conn: motor.Connection, taller_id: str) -> list[dict[str, Any]]:
    """Las filas de la lista de asistencia, con el consentimiento para datos sensibles."""
    return _dicts(
        conn.execute(
            f"SELECT {COLUMNAS_ASISTENCIA}, p.afrodescendiente, "
            f"{CONSENTIMIENTO_PERSONA} AS consentimiento FROM asistencia a {_PERSONA} "
            "WHERE a.taller_id = ? AND a.eliminado = 0 ORDER BY a.id",
            (taller_id,),
        )
    )


def conteos_asistencia(conn: motor.Connection, taller_id: str) -> dict[str, dict[str, int]]:
    """Asistentes por sexo y por tramo de edad (claves: código guardado o '' si no se sabe)."""
    por_sexo: dict[str, int] = {}
    por_tramo: dict[str, int] = {}
    for sexo, tramo, n in conn.execute(
        f"SELECT p.sexo, p.tramo_edad, count(*) FROM asistencia a {_PERSONA} "
        "WHERE a.taller_id = ? AND a.eliminado = 0 GROUP BY p.sexo, p.tramo_edad",
        (taller_id,),
    ):
        por_sexo[sexo or ""] = por_sexo.get(sexo or "", 0) + n
        por_tramo[tramo or ""] = por_tramo.get(tramo or "", 0) + n
    return {"sexo": por_sexo, "tramo": por_tramo, "total": {"": sum(por_sexo.values())}}


def sugerir_personas(
    conn: motor.Connection, territorio_id: str, texto: str, limite: int = 8
) -> list[dict[str, Any]]:
    """Personas del territorio cuyo nombre empieza como lo escrito (sin importar tildes)."""
    consulta = consulta_fts(texto)
    if consulta is None:
        return []
    return _dicts(
        conn.execute(
            """
            SELECT p.id, p.nombre, p.rut, p.sexo, p.tramo_edad, p.organizacion_id
            FROM persona_busqueda f JOIN persona p ON p.id = f.persona_id
            WHERE persona_busqueda MATCH ? AND f.territorio_id = ?
            ORDER BY f.rank LIMIT ?
            """,
            (consulta, territorio_id, limite),
        )
    )


def persona_por_rut(conn: motor.Connection, territorio_id: str, rut: str) -> str | None:
    fila = conn.execute(
        "SELECT COALESCE(fusionado_en, id) FROM persona WHERE rut = ? AND territorio_id = ? "
        "ORDER BY eliminado LIMIT 1",
        (rut, territorio_id),
    ).fetchone()
    return fila[0] if fila else None


def filtrar_asistencias(
    conn: motor.Connection,
    territorio_id: str,
    texto: str = "",
    creador: str | None = None,
    por_origen: bool = False,
    desde: int = 0,
    cuantos: int | None = None,
) -> list[str]:
    """Ids de asistencias del territorio cuyo asistente coincide con el texto (FTS5).

    `creador` deja solo las creadas en ese dispositivo y `por_origen` ordena por el nombre de
    quien las creó (modo oficina); sin ellos se usan los índices cubrientes de siempre.
    `desde` y `cuantos` piden solo un tramo de la lista (en el mismo orden que la lista entera):
    la pantalla lee la primera página en cada tecla y las demás cuando se muestran.
    """
    consulta = consulta_fts(texto)
    if creador is not None or por_origen:
        ids = origen_sql.ids_asistencias(conn, territorio_id, consulta, creador, por_origen)
        return ids[desde:] if cuantos is None else ids[desde : desde + cuantos]
    if consulta is None:
        # El orden del índice (territorio_id, eliminado, taller_id) + id: sin temporal.
        sql = (
            "SELECT id FROM asistencia WHERE territorio_id = ? AND eliminado = 0 "
            "ORDER BY taller_id, id"
        )
        valores: tuple = (territorio_id,)
    else:
        # Índice cubriente (persona_id, eliminado, taller_id) + id: no se leen filas ni se ordena
        # en un temporal; con filtro, las asistencias quedan agrupadas por persona.
        sql = """
            SELECT a.id FROM asistencia a
            WHERE a.persona_id IN (
                SELECT persona_id FROM persona_busqueda
                WHERE persona_busqueda MATCH ? AND territorio_id = ?)
            AND a.eliminado = 0 ORDER BY a.persona_id, a.taller_id, a.id
        """
        valores = (consulta, territorio_id)
    if cuantos is not None or desde:
        sql += " LIMIT ? OFFSET ?"
        valores += (-1 if cuantos is None else cuantos, desde)
    # Los ids llegan en un solo texto (un UUID no lleva comas): con una letra son decenas de
    # miles, y armar una tupla por fila costaba más que la consulta. El orden de la subconsulta
    # (una corrutina) pasa a group_concat tal cual.
    ids = conn.execute(f"SELECT group_concat(id) FROM ({sql})", valores).fetchone()[0]
    return ids.split(",") if ids else []


def asistencias_por_persona(conn: motor.Connection, territorio_id: str) -> dict[str, int]:
    """Cuántas asistencias vigentes tiene cada persona del territorio (las que tienen alguna).

    Lee una vez el índice que recorre el filtro por nombre: contar lo filtrado es después sumar
    lo de las personas que coinciden, sin volver a recorrer sus asistencias."""
    return dict(
        conn.execute(
            "SELECT a.persona_id, count(*) FROM asistencia a WHERE a.persona_id IN "
            "(SELECT p.id FROM persona p WHERE p.territorio_id = ?) AND a.eliminado = 0 "
            "GROUP BY a.persona_id",
            (territorio_id,),
        )
    )


def contar_asistencias(
    conn: motor.Connection, territorio_id: str, texto: str, por_persona: dict[str, int]
) -> int:
    """Cuántos ids daría `filtrar_asistencias` (sin creador ni orden por origen); `por_persona`
    es `asistencias_por_persona` del territorio, leído con la base tal como está."""
    consulta = consulta_fts(texto)
    if consulta is None:
        return conn.execute(
            "SELECT count(*) FROM asistencia WHERE territorio_id = ? AND eliminado = 0",
            (territorio_id,),
        ).fetchone()[0]
    cursor = conn.execute(
        "SELECT persona_id FROM persona_busqueda WHERE persona_busqueda MATCH ? "
        "AND territorio_id = ?",
        (consulta, territorio_id),
    )
    return sum(por_persona.get(p, 0) for (p,) in cursor)


def filas_asistencias(
    conn: motor.Connection, ids: list[str], origen: bool = False
) -> dict[str, dict[str, Any]]:
    """Datos para mostrar una página de asistencias (con el taller al que pertenecen)."""
    if not ids:
        return {}
    marcas = ", ".join("?" * len(ids))
    extra = f", {origen_sql.columnas('a')}" if origen else ""
    filas = _dicts(
        conn.execute(
            f"SELECT {COLUMNAS_ASISTENCIA}, a.taller_id, t.titulo AS taller, t.fecha{extra} "
            f"FROM asistencia a {_PERSONA} JOIN taller t ON t.id = a.taller_id "
            f"WHERE a.id IN ({marcas})",
            ids,
        )
    )
    return {f["id"]: f for f in filas}


# ---- personas: búsqueda, duplicados y fusión ----------------------------------------------


def personas(
    conn: motor.Connection,
    territorio_id: str,
    texto: str = "",
    limite: int | None = None,
    origen: bool = False,
    creador: str | None = None,
) -> list[dict[str, Any]]:
    """Personas vigentes del territorio con cuántos talleres asistieron; filtro por FTS5.

    Con `origen`, quién registró cada persona; `creador` deja solo las de ese dispositivo."""
    consulta = consulta_fts(texto)
    filtro = (
        "AND p.id IN (SELECT persona_id FROM persona_busqueda WHERE persona_busqueda MATCH ?)"
        if consulta
        else ""
    )
    valores: list[Any] = [territorio_id] + ([consulta] if consulta else [])
    if creador is not None:
        filtro += f" AND {origen_sql.creador('p')} = ?"
        valores.append(creador)
    extra = f", {origen_sql.columnas('p')}" if origen else ""
    sql = f"""
        SELECT p.id, p.nombre, p.rut, p.sexo, p.tramo_edad, p.telefono,
            (SELECT count(*) FROM asistencia a WHERE a.eliminado = 0 AND a.persona_id IN
                (SELECT x.id FROM persona x WHERE x.id = p.id OR x.fusionado_en = p.id))
                AS talleres{extra}
        FROM persona p WHERE p.territorio_id = ? AND p.eliminado = 0 {filtro} ORDER BY p.nombre
    """
    if limite:
        sql += f" LIMIT {int(limite)}"
    return _dicts(conn.execute(sql, valores))


def talleres_de_persona(conn: motor.Connection, persona_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            """
            SELECT t.id, t.titulo, t.fecha, t.paso, t.estado FROM asistencia a
            JOIN taller t ON t.id = a.taller_id
            WHERE a.eliminado = 0 AND a.persona_id IN
                (SELECT x.id FROM persona x WHERE x.id = ? OR x.fusionado_en = ?)
            ORDER BY t.fecha DESC
            """,
            (persona_id, persona_id),
        )
    )


# ---- búsqueda general --------------------------------------------------------------------


def buscar(
    conn: motor.Connection, texto: str, territorio_id: str | None, limite: int = 50
) -> list[dict[str, Any]]:
    """Personas, talleres y territorios cuyo nombre o título contiene lo escrito."""
    texto = (texto or "").strip()
    if not texto:
        return []
    salida: list[dict[str, Any]] = []
    patron = f"%{texto}%"
    donde_t = "AND t.territorio_id = ?" if territorio_id else ""
    extra = [territorio_id] if territorio_id else []
    for f in conn.execute(
        f"SELECT t.id, t.titulo, t.fecha, t.territorio_id FROM taller t WHERE t.eliminado = 0 "
        f"AND (t.titulo LIKE ? OR t.lugar LIKE ?) {donde_t} ORDER BY t.fecha DESC LIMIT ?",
        [patron, patron, *extra, limite],
    ):
        salida.append(
            {"id": f[0], "tipo": "taller", "texto": f[1], "detalle": f[2], "territorio_id": f[3]}
        )
    consulta = consulta_fts(texto)
    if consulta:
        donde_p = "AND f.territorio_id = ?" if territorio_id else ""
        for f in conn.execute(
            f"SELECT p.id, p.nombre, p.rut, p.territorio_id FROM persona_busqueda f "
            f"JOIN persona p ON p.id = f.persona_id WHERE persona_busqueda MATCH ? {donde_p} "
            f"ORDER BY f.rank LIMIT ?",
            [consulta, *extra, limite],
        ):
            salida.append(
                {
                    "id": f[0],
                    "tipo": "persona",
                    "texto": f[1],
                    "detalle": f[2] or "",
                    "territorio_id": f[3],
                }
            )
    for f in conn.execute(
        "SELECT id, nombre FROM territorio WHERE eliminado = 0 AND nombre LIKE ? LIMIT ?",
        (patron, limite),
    ):
        salida.append(
            {"id": f[0], "tipo": "territorio", "texto": f[1], "detalle": "", "territorio_id": f[0]}
        )
    nombres = dict(conn.execute("SELECT id, nombre FROM territorio WHERE eliminado = 0"))
    for fila in salida:
        fila["territorio"] = nombres.get(fila["territorio_id"], "")
    return salida
