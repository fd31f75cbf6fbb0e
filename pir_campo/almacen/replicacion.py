"""SQL de la sincronización: filas con sus metadatos, pares de confianza, paquetes importados,
conflictos y el contador del concentrador. Solo el almacén habla SQL; `sincro` usa esto.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pir_campo.almacen.disparadores_bloque as disparadores_bloque
import pir_campo.almacen.tablas as tablas
from pir_campo.almacen.almacen import Almacen
from pir_campo.almacen.tablas import CONFLICTO, a_json, campos_sincronizables
from pir_campo.formato import ahora_utc
from pir_campo.modelos import MODELOS, POR_TABLA

TABLAS = tuple(m.tabla for m in MODELOS) + ("conflicto",)
CAMPOS_META = tablas.CAMPOS_META
META_SQL = ("vv", "cdot", "fdots", "hlc", "origen", "extra")
# Marca en `par.territorios`: el notebook puede escribir en toda la región.
TODA_LA_REGION = "*"


campos = campos_sincronizables


def campo_territorio(tabla: str) -> str | None:
    if tabla == "conflicto":
        return "territorio_id"
    return POR_TABLA[tabla].campo_territorio


# ---- contador y reloj -------------------------------------------------------------------------


def seq_actual(almacen: Almacen) -> int:
    return int(almacen.estado()["seq"])


def hlc_actual(almacen: Almacen) -> str:
    return almacen.estado()["hlc"]


def reestampar_futuro(almacen: Almacen, limite: str) -> int:
    """Puntos propios con sello más allá de `limite`: se escribieron con el reloj muy adelantado
    y ninguna oficina los aceptó (rechaza lo que pasa de ese límite, y su límite es siempre
    menor que este, que se calcula después). Reciben un sello de ahora para poder enviarse.
    Devuelve cuántos registros cambiaron; también deja el HLC de la base en la hora actual."""
    if hlc_actual(almacen) <= limite:
        return 0
    yo, n = almacen.dispositivo, 0
    with almacen.transaccion():
        almacen.sello_ahora()  # sale del futuro (Hlc._corregir) y lo anota
        for t in TABLAS:
            if t == "conflicto":
                continue
            filas = almacen.conn.execute(
                f"SELECT id, cdot, fdots FROM {t} WHERE hlc > ?", (limite,)
            ).fetchall()
            for id_, cdot, fdots in filas:
                cd, fd = json.loads(cdot), json.loads(fdots)
                puntos = [cd, *(p for d in fd.values() for p in tablas.escrituras_de(d))]
                for d in puntos:
                    if d[0] == yo and d[2] > limite:
                        d[2] = almacen.sello_ahora()
                hlc = max(d[2] for d in puntos)
                almacen.conn.execute(
                    f"UPDATE {t} SET cdot = ?, fdots = ?, hlc = ? WHERE id = ?",
                    (a_json(cd), a_json(fd), hlc, id_),
                )
                n += 1
    return n


# ---- filas con metadatos ----------------------------------------------------------------------


def _select(tabla: str) -> str:
    return (
        f"SELECT id, {', '.join(campos(tabla))}, {', '.join(META_SQL)}, lseq, revisar FROM {tabla}"
    )


def filas_exportables(
    almacen: Almacen,
    tabla: str,
    desde: int | None,
    territorios: Sequence[str] | None = None,
    propios: str | None = None,
) -> Iterator[tuple]:
    """Filas con lseq > desde (todas si desde es None), opcionalmente de ciertos territorios
    (más las que creó el dispositivo `propios`).

    Cada fila: (id, *campos, vv, cdot, fdots, hlc, origen, extra, lseq, revisar), en forma SQL.
    """
    condiciones, valores = [], []
    if desde is not None:
        condiciones.append("lseq > ?")
        valores.append(desde)
    ct = campo_territorio(tabla)
    if territorios is not None and ct:
        filtro = f"{ct} IN (SELECT value FROM json_each(?))"
        valores.append(json.dumps(list(territorios)))
        if propios:
            filtro = f"({filtro} OR json_extract(cdot, '$[0]') = ?)"
            valores.append(propios)
        condiciones.append(filtro)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    yield from almacen.conn.execute(_select(tabla) + donde, valores)


def leer_filas(almacen: Almacen, tabla: str, ids: Sequence[str]) -> dict[str, tuple]:
    if not ids:
        return {}
    sql = _select(tabla) + " WHERE id IN (SELECT value FROM json_each(?))"
    return {f[0]: f for f in almacen.conn.execute(sql, (json.dumps(list(ids)),))}


def insertar_filas(almacen: Almacen, tabla: str, filas: Sequence[Sequence[Any]]) -> None:
    """Filas (id, *campos, vv, cdot, fdots, hlc, origen, extra, lseq) con metadatos remotos."""
    columnas = ("id", *campos(tabla), *META_SQL, "lseq")
    almacen.conn.executemany(
        f"INSERT INTO {tabla} ({', '.join(columnas)}) VALUES ({', '.join('?' * len(columnas))})",
        filas,
    )
    disparadores_bloque.tras_insertar(almacen, tabla, [f[0] for f in filas])


def reemplazar_filas(almacen: Almacen, tabla: str, filas: Iterable[Sequence[Any]]) -> None:
    """UPDATE (no REPLACE: los disparadores de búsqueda deben ver una actualización)."""
    columnas = (*campos(tabla), *META_SQL, "lseq", "revisar")
    asignaciones = ", ".join(f"{c} = ?" for c in columnas)
    almacen.conn.executemany(
        f"UPDATE {tabla} SET {asignaciones} WHERE id = ?", ((*f[1:], f[0]) for f in filas)
    )


# ---- pares ------------------------------------------------------------------------------------


def _par(cursor: Any) -> list[dict[str, Any]]:
    columnas = [d[0] for d in cursor.description]
    salida = []
    for f in cursor:
        d = dict(zip(columnas, f, strict=True))
        # «Toda la región» va en la misma columna, como una marca en la lista (sin migración).
        lista = json.loads(d["territorios"])
        d["toda_la_region"] = TODA_LA_REGION in lista
        d["territorios"] = [t for t in lista if t != TODA_LA_REGION]
        d["rangos_faltantes"] = json.loads(d["rangos_faltantes"])
        d["ultimo_paquete"] = json.loads(d["ultimo_paquete"]) if d["ultimo_paquete"] else None
        salida.append(d)
    return salida


def pares(almacen: Almacen, rol: str | None = None) -> list[dict[str, Any]]:
    sql, valores = "SELECT * FROM par", []
    if rol:
        sql += " WHERE rol = ?"
        valores.append(rol)
    return _par(almacen.conn.execute(sql + " ORDER BY nombre, id", valores))


def par(almacen: Almacen, id: str) -> dict[str, Any] | None:
    filas = _par(almacen.conn.execute("SELECT * FROM par WHERE id = ?", (id,)))
    return filas[0] if filas else None


def oficina(almacen: Almacen) -> dict[str, Any] | None:
    filas = pares(almacen, "oficina")
    return filas[0] if filas else None


def guardar_par(almacen: Almacen, datos: dict[str, Any], reemplazar_oficina: bool) -> None:
    with almacen.transaccion():
        if reemplazar_oficina:
            almacen.conn.execute(
                "DELETE FROM par WHERE rol = 'oficina' AND id != ?", (datos["id"],)
            )
        almacen.conn.execute(
            "INSERT INTO par (id, rol, nombre, cut_region, clave_firma, clave_cifrado, "
            "registrado_en) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "nombre = excluded.nombre, cut_region = excluded.cut_region",
            (
                datos["id"],
                datos["rol"],
                datos["nombre"],
                datos.get("cut_region"),
                datos["clave_firma"],
                datos["clave_cifrado"],
                ahora_utc(),
            ),
        )


def actualizar_par(almacen: Almacen, id: str, **valores: Any) -> None:
    if "territorios" in valores:
        raise ValueError("los territorios de un par se cambian con fijar_alcance")
    for clave in ("rangos_faltantes", "ultimo_paquete"):
        if clave in valores and not isinstance(valores[clave], str):
            valores[clave] = a_json(valores[clave])
    asignaciones = ", ".join(f"{c} = ?" for c in valores)
    almacen.conn.execute(f"UPDATE par SET {asignaciones} WHERE id = ?", [*valores.values(), id])


def fijar_alcance(
    almacen: Almacen, id: str, territorios: Iterable[str], toda_la_region: bool
) -> None:
    """Territorios en que un notebook puede escribir (o toda la región); dentro de transacción."""
    lista = sorted(set(territorios)) + ([TODA_LA_REGION] if toda_la_region else [])
    almacen.conn.execute("UPDATE par SET territorios = ? WHERE id = ?", (a_json(lista), id))


def registrar_evento(
    almacen: Almacen, tabla: str, id: str, campo: str, antes: Any, despues: Any, motivo: str
) -> int:
    """Fila de bitácora de un cambio de la oficina que no es un registro (p. ej. el alcance de
    un notebook: tabla «par»). No viaja: la oficina solo envía la bitácora de lo que envía.
    Devuelve el seq del cambio."""
    return almacen.anotar_evento(tabla, id, campo, antes, despues, motivo)


def eventos(almacen: Almacen, tabla: str, id: str) -> list[dict[str, Any]]:
    cursor = almacen.conn.execute(
        "SELECT momento, usuario, campo, anterior, nuevo, motivo FROM cambio "
        "WHERE tabla = ? AND registro_id = ? ORDER BY n",
        (tabla, id),
    )
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


# ---- paquetes importados y adjuntos confirmados -------------------------------------------


def huella_importada(almacen: Almacen, paquete_id: str) -> tuple[str, str | None] | None:
    """(huella de la carga, identidad del archivo comprobado) de un paquete ya importado, sin
    leer su resumen (que puede traer una lista larga de retenidos)."""
    fila = almacen.conn.execute(
        "SELECT sha256, archivo FROM paquete_importado WHERE paquete_id = ?", (paquete_id,)
    ).fetchone()
    return None if fila is None else (fila[0], fila[1])


def paquetes_de(almacen: Almacen, dispositivo: str, limite: int = 20) -> list[dict[str, Any]]:
    cursor = almacen.conn.execute(
        "SELECT paquete_id, sha256, seq_desde, seq_hasta, estado, resumen, importado_en "
        "FROM paquete_importado WHERE desde_dispositivo = ? ORDER BY importado_en DESC, "
        "paquete_id LIMIT ?",
        (dispositivo, limite),
    )
    columnas = [d[0] for d in cursor.description]
    return [{**dict(zip(columnas, f, strict=True)), "resumen": json.loads(f[5])} for f in cursor]


def registrar_paquete(almacen: Almacen, datos: dict[str, Any]) -> None:
    almacen.conn.execute(
        "INSERT INTO paquete_importado (paquete_id, sha256, desde_dispositivo, tipo, seq_desde, "
        "seq_hasta, estado, resumen, importado_en, archivo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            datos["paquete_id"],
            datos["sha256"],
            datos["desde"],
            datos["tipo"],
            datos["seq_desde"],
            datos["seq_hasta"],
            "aplicado",
            a_json(datos["resumen"]),
            ahora_utc(),
            datos.get("archivo"),
        ),
    )


def maximos_vistos(almacen: Almacen) -> dict[str, int]:
    """El seq más alto recibido de cada equipo (y el propio), para detectar puntos inventados."""
    salida = {
        d: n
        for d, n in almacen.conn.execute(
            "SELECT desde_dispositivo, max(seq_hasta) FROM paquete_importado "
            "GROUP BY desde_dispositivo"
        )
    }
    salida[almacen.dispositivo] = seq_actual(almacen)
    return salida


def blobs_confirmados(almacen: Almacen, par_id: str) -> set[str]:
    return {
        f[0]
        for f in almacen.conn.execute(
            "SELECT sha256 FROM blob_confirmado WHERE par_id = ?", (par_id,)
        )
    }


def adjuntos_referenciados(almacen: Almacen, shas: Iterable[str]) -> set[str]:
    """Las huellas que algún registro de adjunto de la base usa (para aceptar sus archivos)."""
    lista, salida = list(shas), set()
    for i in range(0, len(lista), 500):
        parte = lista[i : i + 500]
        marcas = ",".join("?" * len(parte))
        consulta = f"SELECT DISTINCT sha256 FROM adjunto WHERE sha256 IN ({marcas})"
        salida.update(f[0] for f in almacen.conn.execute(consulta, parte))
    return salida


def confirmar_blobs(almacen: Almacen, par_id: str, shas: Iterable[str]) -> None:
    almacen.conn.executemany(
        "INSERT OR IGNORE INTO blob_confirmado VALUES (?, ?)", ((par_id, s) for s in shas)
    )


# ---- consultas para pantallas y CLI ------------------------------------------------------


def conflictos(almacen: Almacen, estado: str | None = "abierto") -> list[dict[str, Any]]:
    sql = f"SELECT id, {', '.join(CONFLICTO)}, hlc FROM conflicto WHERE eliminado = 0"
    valores = []
    if estado:
        sql += " AND estado = ?"
        valores.append(estado)
    cursor = almacen.conn.execute(sql + " ORDER BY hlc, id", valores)
    columnas = [d[0] for d in cursor.description]
    return [dict(zip(columnas, f, strict=True)) for f in cursor]


def conflicto(almacen: Almacen, id: str) -> dict[str, Any] | None:
    return next((c for c in conflictos(almacen, None) if c["id"] == id), None)


def pendientes_por_tabla(almacen: Almacen, desde: int) -> dict[str, int]:
    salida = {}
    for t in TABLAS:
        n = almacen.conn.execute(f"SELECT count(*) FROM {t} WHERE lseq > ?", (desde,)).fetchone()[0]
        if n:
            salida[t] = n
    return salida


def origenes(almacen: Almacen, tabla: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Origen de cada fila (dispositivo que la creó y el de su último cambio, con nombres).

    Para la columna «Origen» de las listas en modo oficina.
    """
    nombres = {p["id"]: p["nombre"] for p in pares(almacen)}
    nombres[almacen.dispositivo] = almacen.nombre
    sql = f"SELECT id, cdot, origen FROM {tabla} WHERE id IN (SELECT value FROM json_each(?))"
    salida = {}
    for id_, cdot, origen in almacen.conn.execute(sql, (json.dumps(list(ids)),)):
        creador = json.loads(cdot)[0]
        salida[id_] = {
            "creado_por": creador,
            "creado_por_nombre": nombres.get(creador, creador),
            "ultimo_cambio_por": origen,
            "ultimo_cambio_por_nombre": nombres.get(origen, origen),
        }
    return salida


def nombre_dispositivo(almacen: Almacen, dispositivo: str) -> str:
    if dispositivo == almacen.dispositivo:
        return almacen.nombre
    p = par(almacen, dispositivo)
    return p["nombre"] if p else dispositivo


def valor_campo(almacen: Almacen, tabla: str, id: str, campo: str) -> Any:
    if campo not in campos(tabla):
        raise ValueError(f"{tabla} no tiene el campo {campo}")
    fila = almacen.conn.execute(f"SELECT {campo} FROM {tabla} WHERE id = ?", (id,)).fetchone()
    return fila[0] if fila else None


def varias_escrituras(almacen: Almacen, tabla: str, id: str, campo: str) -> bool:
    """El campo guarda escrituras concurrentes aún vigentes (ver sincro/fusion.py)."""
    if campo not in campos(tabla):
        raise ValueError(f"{tabla} no tiene el campo {campo}")
    fila = almacen.conn.execute(
        f"SELECT json_type(fdots, ?) FROM {tabla} WHERE id = ?", (f'$."{campo}"[0]', id)
    ).fetchone()
    return bool(fila) and fila[0] == "array"


def fila_completa(almacen: Almacen, tabla: str, id: str) -> dict[str, Any] | None:
    """Valores SQL de una fila aunque tenga lápida (para resolver conflictos de eliminación)."""
    cs = campos(tabla)
    fila = almacen.conn.execute(
        f"SELECT {', '.join(cs)} FROM {tabla} WHERE id = ?", (id,)
    ).fetchone()
    return dict(zip(cs, fila, strict=True)) if fila else None


def marcar_revisar(almacen: Almacen, tabla: str, id: str) -> None:
    """`revisar` queda en 1 mientras el registro tenga conflictos abiertos."""
    almacen.conn.execute(
        f"UPDATE {tabla} SET revisar = EXISTS (SELECT 1 FROM conflicto WHERE tabla = ? AND "
        "registro_id = ? AND estado = 'abierto' AND eliminado = 0) WHERE id = ?",
        (tabla, id, id),
    )
