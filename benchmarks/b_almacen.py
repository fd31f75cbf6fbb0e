"""Almacén: datos de demostración y escritura con seguimiento de cambios."""

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


def _demo(carpeta: Path, talleres: int) -> tuple[float, float, int]:
    ruta = carpeta / "demo.sqlite"
    with Almacen.iniciar(ruta, "campo", "Medición", "09") as almacen:
        inicio = time.perf_counter()
        conteos = demo.generar(almacen, territorios=3, talleres=talleres, semilla=1)
        generacion = time.perf_counter() - inicio
    piso = _piso_executemany(ruta, carpeta / "piso.sqlite")
    return generacion, piso, sum(conteos.values())


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
    talleres = 200 if rapido else 2000
    n = 1000 if rapido else 5000
    with tempfile.TemporaryDirectory() as tmp:
        generacion, piso, registros = _demo(Path(tmp), talleres)
        en_lote, plano_lote, sola, plano_sola = _ediciones(Path(tmp), n)
    return [
        Fila(
            f"demo de {_n(talleres)} talleres ({_n(registros)} registros) vs executemany",
            generacion,
            piso,
        ),
        Fila(
            f"{_n(n)} ediciones con seguimiento en una transacción vs INSERT", en_lote, plano_lote
        ),
        Fila(
            "una edición con seguimiento y COMMIT vs INSERT con COMMIT (mediana)", sola, plano_sola
        ),
    ]
