"""Consultas que reúnen los datos de los documentos impresos.

Las lecturas simples usan `Almacen.obtener/listar`; aquí quedan las que cruzan tablas o leen
metadatos de sincronización (HLC) para fechar la versión impresa.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pir_campo.almacen.almacen import Almacen
from pir_campo.almacen.consultas_supresion import bloqueada
from pir_campo.modelos import MODELOS, Modelo


def tabla_de_id(almacen: Almacen, id_registro: str) -> tuple[str, bool] | None:
    """En qué tabla está un id (y si tiene lápida), para explicar un id de otro tipo."""
    for m in MODELOS:
        fila = almacen.conn.execute(
            f"SELECT eliminado FROM {m.tabla} WHERE id = ?", (id_registro,)
        ).fetchone()
        if fila is not None:
            return m.tabla, bool(fila[0])
    return None


def ids_con_sufijo(almacen: Almacen, modelo: type[Modelo], sufijo_hex: str) -> list[str]:
    """Ids cuyos últimos 10 dígitos hexadecimales coinciden (un código corto).

    Recorre la tabla: solo se consulta en tablas de documentos (talleres, actas, PMDT...),
    que tienen miles de filas, no millones.
    """
    return [
        f[0]
        for f in almacen.conn.execute(
            f"SELECT id FROM {modelo.tabla} WHERE substr(id, 27) = ? ORDER BY id", (sufijo_hex,)
        )
    ]


def version(almacen: Almacen, tabla: str, id_registro: str, hijos: tuple[tuple[str, str], ...]):
    """El HLC más reciente del registro y de sus hijos impresos (lápidas incluidas)."""
    partes = [f"SELECT hlc FROM {tabla} WHERE id = ?"]
    valores: list[Any] = [id_registro]
    for tabla_hija, campo in hijos:
        partes.append(f"SELECT max(hlc) FROM {tabla_hija} WHERE {campo} = ?")
        valores.append(id_registro)
    fila = almacen.conn.execute(
        f"SELECT max(hlc) FROM ({' UNION ALL '.join(partes)})", valores
    ).fetchone()
    return fila[0] or "0000000000000.00000"


def asistentes(almacen: Almacen, taller_id: str) -> list[dict[str, Any]]:
    """Asistentes vigentes de un taller con su persona y organización, por nombre; `bloqueada`
    marca a quien pidió el bloqueo (fuera de las listas con nombre, dentro de los conteos)."""
    cursor = almacen.conn.execute(
        f"""
        SELECT a.id AS asistencia_id, p.id AS persona_id, p.nombre, p.rut, p.telefono, p.sexo,
               p.tramo_edad,
               p.pueblo_originario, p.afrodescendiente,
               coalesce(oa.nombre, op.nombre) AS organizacion, a.cargo,
               {bloqueada("p.id")} AS bloqueada
        FROM asistencia a
        JOIN persona p ON p.id = a.persona_id
        LEFT JOIN organizacion oa ON oa.id = a.organizacion_id AND oa.eliminado = 0
        LEFT JOIN organizacion op ON op.id = p.organizacion_id AND op.eliminado = 0
        WHERE a.taller_id = ? AND a.eliminado = 0
        """,
        (taller_id,),
    )
    columnas = [d[0] for d in cursor.description]
    filas = [dict(zip(columnas, f, strict=True)) for f in cursor]
    # Orden alfabético como en una lista impresa: «Álvarez» junto a «Alvarado», no al final.
    filas.sort(key=lambda f: (_sin_tildes(f["nombre"]), f["persona_id"]))
    return filas


def _sin_tildes(texto: str) -> str:
    """Clave de orden en castellano: sin tildes ni mayúsculas, con la ñ después de la n."""
    descompuesto = unicodedata.normalize("NFKD", texto.casefold().replace("ñ", "n~"))
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def nombres(almacen: Almacen, modelo: type[Modelo], ids: list[str]) -> dict[str, str]:
    """Nombre (o título) de varios registros, para imprimir nombres y no identificadores."""
    if not ids:
        return {}
    campo = "nombre" if "nombre" in modelo.model_fields else "titulo"
    marcas = ", ".join("?" * len(ids))
    return dict(
        almacen.conn.execute(
            f"SELECT id, {campo} FROM {modelo.tabla} WHERE id IN ({marcas})", list(ids)
        )
    )


def conteo_por_territorio(almacen: Almacen, tabla: str, territorio_id: str) -> int:
    return almacen.conn.execute(
        f"SELECT count(*) FROM {tabla} WHERE territorio_id = ? AND eliminado = 0", (territorio_id,)
    ).fetchone()[0]


def pasos_de_talleres(almacen: Almacen, territorio_id: str) -> list[tuple[int, int, int]]:
    """Por paso crítico: talleres realizados (cerrados) y en curso."""
    return list(
        almacen.conn.execute(
            "SELECT paso, sum(estado = 'cerrado'), sum(estado != 'cerrado') FROM taller "
            "WHERE territorio_id = ? AND eliminado = 0 GROUP BY paso ORDER BY paso",
            (territorio_id,),
        )
    )
