"""Almacén: datos de demostración, tamaño de la base y escritura con seguimiento de cambios.

- Demo de N talleres contra insertar sus mismas filas (solo columnas de datos) con executemany
  en tablas sin índices; límite 5 veces. Filas de escala: 2.000, 8.000 y 20.000 talleres (200 y
  800 con --rapido).
- Bytes por registro de esa demo (archivo cifrado con su WAL, tras un checkpoint); límite 650.
  Como referencia, en la nota, los bytes por registro de las filas de datos solas.
- Plan de las consultas de asistencias: ninguna recorre la tabla entera (EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo import demo
from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402
from pir_campo.almacen.tablas import tabla
from pir_campo.modelos import MODELOS, Territorio


def _piso_executemany(origen: Path, destino: Path) -> float:
    """Las mismas filas (solo columnas de datos) insertadas con executemany en tablas simples."""
    fuente = motor.conectar(origen, llaves.abrir(origen, None))
    lotes = []
    for modelo in MODELOS:
        t = tabla(modelo)
        columnas = ("id", *t.campos)
        filas = fuente.execute(f"SELECT {', '.join(columnas)} FROM {t.nombre}").fetchall()
        lotes.append((t.nombre, columnas, filas))
    fuente.close()
    conn = motor.conectar(destino, None, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for nombre, columnas, _ in lotes:
        conn.execute(
            f"CREATE TABLE {nombre} ({', '.join(columnas)}, PRIMARY KEY (id)) WITHOUT ROWID"
        )
    inicio = time.perf_counter()
    conn.execute("BEGIN")
    for nombre, columnas, filas in lotes:
        marcas = ", ".join("?" * len(columnas))
        conn.executemany(f"INSERT INTO {nombre} VALUES ({marcas})", filas)
    conn.execute("COMMIT")
    transcurrido = time.perf_counter() - inicio
    conn.close()
    return transcurrido


def _bytes(ruta: Path) -> int:
    return sum(p.stat().st_size for p in (ruta, Path(f"{ruta}-wal")) if p.exists())


def _demo(carpeta: Path, talleres: int) -> tuple[float, float, int, int, int]:
    ruta = carpeta / f"demo-{talleres}.sqlite"
    with Almacen.iniciar(ruta, "campo", "Medición", "09") as almacen:
        inicio = time.perf_counter()
        conteos = demo.generar(almacen, territorios=3, talleres=talleres, semilla=1)
        generacion = time.perf_counter() - inicio
        almacen.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    piso_ruta = carpeta / f"piso-{talleres}.sqlite"
    piso = _piso_executemany(ruta, piso_ruta)
    conn = motor.conectar(piso_ruta, None, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return generacion, piso, sum(conteos.values()), _bytes(ruta), _bytes(piso_ruta)


# Las consultas de cada tecla y de cada lista de asistencias (consultas_campo, consultas_origen,
# consultas_documentos): con los índices del esquema 12 ninguna recorre la tabla.
_CONSULTAS_ASISTENCIA = [
    "SELECT id FROM asistencia WHERE territorio_id = ?1 AND eliminado = 0 ORDER BY taller_id, id",
    "SELECT a.id FROM asistencia a WHERE a.persona_id IN (SELECT persona_id FROM "
    "persona_busqueda WHERE persona_busqueda MATCH '\"ma\"*' AND territorio_id = ?1) "
    "AND a.eliminado = 0",
    "SELECT a.id FROM asistencia a WHERE a.persona_id IN (SELECT persona_id FROM "
    "persona_busqueda WHERE persona_busqueda MATCH '\"ma\"*' AND territorio_id = ?1) "
    "AND a.eliminado = 0 ORDER BY a.persona_id, a.taller_id, a.id LIMIT 60 OFFSET 120",
    "SELECT id FROM asistencia WHERE territorio_id = ?1 AND eliminado = 0 "
    "ORDER BY taller_id, id LIMIT 60 OFFSET 120",
    "SELECT a.persona_id, count(*) FROM asistencia a WHERE a.persona_id IN "
    "(SELECT p.id FROM persona p WHERE p.territorio_id = ?1) AND a.eliminado = 0 "
    "GROUP BY a.persona_id",
    "SELECT a.id FROM asistencia a WHERE a.taller_id = ?1 AND a.eliminado = 0 ORDER BY a.id",
    "SELECT id FROM asistencia WHERE persona_id IN (SELECT value FROM json_each(?1))",
    "SELECT count(*) FROM asistencia a WHERE a.eliminado = 0 AND a.territorio_id IN (?1)",
    "SELECT 1 FROM asistencia WHERE lseq > ?1",
]


def revisar_planes(ruta: Path) -> list[str]:
    """Las consultas de asistencias cuyo plan recorre la tabla entera (SCAN asistencia)."""
    conn = motor.conectar(ruta, llaves.abrir(ruta, None))
    malas = []
    for sql in _CONSULTAS_ASISTENCIA:
        plan = [f[-1] for f in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ("x",))]
        if any(p.startswith("SCAN a") and "USING" not in p for p in plan):
            malas.append(f"{sql}: {plan}")
    conn.close()
    return malas


def _ediciones(carpeta: Path, n: int) -> tuple[float, float, float, float]:
    ruta = carpeta / "ediciones.sqlite"
    with Almacen.iniciar(ruta, "campo", "Medición", "09") as almacen:
        tid = almacen.insertar(
            Territorio, {"nombre": "T", "cut_region": "09", "comunas": ["09117"]}
        )
        inicio = time.perf_counter()
        with almacen.transaccion():
            for i in range(n):
                almacen.actualizar(Territorio, tid, {"poblacion": i + 1})
        en_lote = time.perf_counter() - inicio
        tiempos = []
        for i in range(min(n, 300)):
            t0 = time.perf_counter()
            almacen.actualizar(Territorio, tid, {"hogares": i + 1})
            tiempos.append(time.perf_counter() - t0)
        sola = mediana(tiempos)
    conn = motor.conectar(carpeta / "plano.sqlite", None, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, poblacion INTEGER)")
    inicio = time.perf_counter()
    conn.execute("BEGIN")
    for i in range(n):
        conn.execute("INSERT INTO t (poblacion) VALUES (?)", (i,))
    conn.execute("COMMIT")
    plano_lote = time.perf_counter() - inicio
    tiempos = []
    for i in range(min(n, 300)):
        t0 = time.perf_counter()
        conn.execute("INSERT INTO t (poblacion) VALUES (?)", (i,))
        tiempos.append(time.perf_counter() - t0)
    conn.close()
    return en_lote, plano_lote, sola, mediana(tiempos)


def _n(valor: int) -> str:
    return f"{valor:,}".replace(",", ".")


def medir(rapido: bool = False) -> list[Fila]:
    tamanos = (200, 800) if rapido else (2000, 8000, 20000)
    n = 1000 if rapido else 5000
    filas: list[Fila] = []
    with tempfile.TemporaryDirectory() as tmp:
        for talleres in tamanos:
            generacion, piso, registros, tamano, tamano_piso = _demo(Path(tmp), talleres)
            filas.append(
                Fila(
                    f"demo de {_n(talleres)} talleres ({_n(registros)} registros) vs executemany",
                    generacion,
                    piso,
                    5,
                )
            )
            filas.append(
                Fila(
                    f"bytes por registro, demo de {_n(talleres)} talleres",
                    tamano / registros,
                    None,
                    650,
                    unidad="B",
                    nota=f"datos solos {tamano_piso / registros:.0f} B/registro",
                )
            )
            if talleres == tamanos[0]:
                malas = revisar_planes(Path(tmp) / f"demo-{talleres}.sqlite")
                filas.append(
                    Fila(
                        "consultas de asistencias que recorren la tabla entera",
                        len(malas),
                        None,
                        0,
                        unidad=" ",
                        nota="; ".join(malas),
                    )
                )
        en_lote, plano_lote, sola, plano_sola = _ediciones(Path(tmp), n)
    return [
        *filas,
        Fila(
            f"{_n(n)} ediciones con seguimiento en una transacción vs INSERT", en_lote, plano_lote
        ),
        Fila(
            "una edición con seguimiento y COMMIT vs INSERT con COMMIT (mediana)", sola, plano_sola
        ),
    ]
