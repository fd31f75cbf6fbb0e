"""Publicación en PostgreSQL: publicar una oficina de un millón de registros contra el piso de
cargar esas mismas filas con COPY, en el mismo servidor y la misma corrida; y una publicación
incremental de 100 cambios (límite absoluto de 1 s). El servidor es un cluster de usar y tirar
(tests/servidor_pg).

El piso («cargar las mismas filas con COPY»): las filas que quedaron publicadas, tal como las
escribe el propio PostgreSQL con COPY TO (ya en memoria: ni SQLite ni Python cuentan), se cargan
con COPY FROM, tabla por tabla y en una sola transacción, en un esquema nuevo creado con el mismo
DDL de la publicación: mismas columnas y tipos, llave primaria (region, id), las mismas llaves
foráneas diferidas (se revisan al confirmar), las columnas de geometría (el punto calculado por
el servidor de la latitud y la longitud) y sus índices GiST. Es lo mínimo que cuesta que el
servidor reciba esas filas en esas tablas. Como referencia, sin razón límite, también el COPY a
tablas iguales sin llaves foráneas.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo import demo
from pir_campo.almacen import Almacen
from pir_campo.modelos import Persona, Territorio
from pir_campo.publicacion import envio
from pir_campo.publicacion import esquema as ddl
from tests.servidor_pg import SinPostgres, levantar

REPETICIONES = 3
N = int(os.environ.get("PIR_CAMPO_N_PUBLICACION", "1000000"))


def _llenar(almacen: Almacen, n: int) -> None:
    territorio = almacen.listar(Territorio, limite=1)[0]["id"]
    for inicio in range(0, n, 20_000):
        lote = [
            {
                "territorio_id": territorio,
                "nombre": f"Persona de medición {i}",
                "sexo": "mujer" if i % 2 else "hombre",
                "tramo_edad": "30-44",
                "afrodescendiente": False,
            }
            for i in range(inicio, min(n, inicio + 20_000))
        ]
        almacen.insertar_lote(Persona, lote)


def _columnas(t: ddl.TablaPg) -> str:
    """Las columnas que se cargan (la geometría de un punto la calcula el servidor)."""
    geom = ("geom",) if t.nombre == ddl.CON_MULTIPUNTO else ()
    return ", ".join(("region", *t.columnas, *geom))


def _volcar(conn, esq: str) -> list[tuple[ddl.TablaPg, bytes]]:
    """Las filas publicadas de cada tabla en el formato de texto de COPY (COPY TO)."""
    salida = []
    for t in ddl.tablas():
        with conn.cursor().copy(f"COPY {esq}.{t.nombre} ({_columnas(t)}) TO STDOUT") as cp:
            salida.append((t, b"".join(bytes(b) for b in cp)))
    conn.commit()
    return salida


def _piso(conn, origen: str, volcado: list[tuple[ddl.TablaPg, bytes]], llaves: bool) -> float:
    """COPY de las filas volcadas a un esquema nuevo con el mismo DDL (`llaves`) o a tablas
    iguales sin llaves foráneas; en una transacción, contando su confirmación."""
    esq = f"piso_{origen}" + ("" if llaves else "_sin_llaves")
    conn.execute(f"DROP SCHEMA IF EXISTS {esq} CASCADE")
    conn.execute(f"CREATE SCHEMA {esq}")
    if llaves:
        for sentencia in ddl.ddl_tablas(esq):
            conn.execute(sentencia)
    else:
        for t, _ in volcado:
            conn.execute(f"CREATE TABLE {esq}.{t.nombre} (LIKE {origen}.{t.nombre} INCLUDING ALL)")
    conn.commit()
    inicio = time.perf_counter()
    with conn.transaction():
        for t, datos in volcado:
            with conn.cursor().copy(f"COPY {esq}.{t.nombre} ({_columnas(t)}) FROM STDIN") as cp:
                for i in range(0, len(datos), 1 << 20):
                    cp.write(datos[i : i + (1 << 20)])
    segundos = time.perf_counter() - inicio
    conn.execute(f"DROP SCHEMA {esq} CASCADE")
    conn.commit()
    return segundos


def medir(rapido: bool = False) -> list[Fila]:
    n = 20_000 if rapido else N
    try:
        contexto = levantar()
        servidor = contexto.__enter__()
    except SinPostgres as e:
        return [Fila(f"publicación en PostgreSQL (no medida: {e})", 0, None)]
    import psycopg

    try:
        with tempfile.TemporaryDirectory() as tmp:
            ruta = Path(tmp) / "oficina.sqlite"
            almacen = Almacen.iniciar(
                ruta, "oficina", "GORE Araucanía", "09", llenar=lambda a: demo.generar(a, 3, 24, 1)
            )
            _llenar(almacen, n)
            total = sum(almacen.resumen()["conteos"].values())
            conn = psycopg.connect(servidor.url())
            pisos, pisos_sin, medidos, incrementales = [], [], [], []
            for i in range(REPETICIONES):
                esq = f"medicion_{i}"
                inicio = time.perf_counter()
                r = envio.publicar(almacen, servidor.url(), esq)
                medidos.append(time.perf_counter() - inicio)
                enviados = sum(r.enviados.values())
                volcado = _volcar(conn, esq)
                assert sum(d.count(b"\n") for _, d in volcado) == enviados
                pisos.append(_piso(conn, esq, volcado, llaves=True))
                pisos_sin.append(_piso(conn, esq, volcado, llaves=False))
                del volcado
                personas = almacen.listar(Persona, limite=100)
                with almacen.transaccion():
                    for p in personas:
                        almacen.actualizar(Persona, p["id"], {"nombre": f"Persona editada {i}"})
                inicio = time.perf_counter()
                r = envio.publicar(almacen, servidor.url(), esq)
                incrementales.append(time.perf_counter() - inicio)
                assert r.enviados == {"persona": 100}, r.enviados
            conn.close()
            almacen.cerrar()
    finally:
        contexto.__exit__(None, None, None)

    def razones(pisos: list[float]) -> str:
        return "(" + ", ".join(f"{m / p:.2f}" for m, p in zip(medidos, pisos, strict=True)) + ")"

    registros = f"{total:,}".replace(",", ".")
    return [
        Fila(
            f"publicar {registros} registros vs COPY de las mismas filas a las mismas tablas "
            "(llaves primarias y foráneas, geometrías e índices GiST)",
            mediana(medidos),
            mediana(pisos),
            2.0,
            nota=razones(pisos),
        ),
        Fila(
            f"publicar {registros} registros vs COPY de las mismas filas a tablas sin llaves "
            "foráneas (referencia)",
            mediana(medidos),
            mediana(pisos_sin),
            None,
            nota=razones(pisos_sin),
        ),
        Fila(
            f"publicación incremental de 100 cambios en una oficina de {registros} registros",
            mediana(incrementales),
            None,
            1.0,
            nota="(" + ", ".join(f"{x:.3f}" for x in incrementales) + ")",
        ),
    ]
