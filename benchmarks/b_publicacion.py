"""Publicación en PostgreSQL: publicar una oficina con N personas (más la demo) contra cargar
las mismas filas con COPY en una tabla igual (mismas columnas y llave primaria, sin llaves
foráneas), en el mismo servidor y la misma corrida; y una publicación incremental de 100
cambios (límite absoluto de 1 s). El servidor es un cluster de usar y tirar (tests/servidor_pg).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo import demo
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_publicacion as q
from pir_campo.modelos import Persona, Territorio
from pir_campo.publicacion import envio
from pir_campo.publicacion import esquema as ddl
from tests.servidor_pg import SinPostgres, levantar

REPETICIONES = 3
N = int(os.environ.get("PIR_CAMPO_N_PUBLICACION", "200000"))


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


def _piso(almacen: Almacen, conn, esq: str, con_llaves: bool) -> float:
    """COPY de las mismas filas de persona (ya leídas y en forma del servidor) a una tabla con
    las mismas columnas y llave primaria; `con_llaves`, también con sus llaves foráneas."""
    t = ddl.por_nombre("persona")
    filas = [
        (almacen.cut_region, *f[: len(t.columnas)])
        for f in q.cambiadas(almacen, "persona", (0, ""), q.hasta(almacen))
    ]
    filas = [(*f[:8], bool(f[8]) if f[8] is not None else None, *f[9:]) for f in filas]
    conn.execute(f"DROP TABLE IF EXISTS {esq}.piso")
    llaves = (
        f", FOREIGN KEY (region, territorio_id) REFERENCES {esq}.territorio (region, id) "
        "DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (region, organizacion_id) REFERENCES "
        f"{esq}.organizacion (region, id) DEFERRABLE INITIALLY DEFERRED"
        if con_llaves
        else ""
    )
    conn.execute(f"CREATE TABLE {esq}.piso (LIKE {esq}.persona INCLUDING ALL{llaves})")
    conn.commit()
    columnas = ", ".join(("region", *t.columnas))
    inicio = time.perf_counter()
    with conn.cursor().copy(f"COPY {esq}.piso ({columnas}) FROM STDIN") as cp:
        for fila in filas:
            cp.write_row(fila)
    conn.commit()
    return time.perf_counter() - inicio


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
            pisos, pisos_llaves, medidos, incrementales = [], [], [], []
            for i in range(REPETICIONES):
                esq = f"medicion_{i}"
                inicio = time.perf_counter()
                envio.publicar(almacen, servidor.url(), esq, lote=20_000)
                medidos.append(time.perf_counter() - inicio)
                pisos.append(_piso(almacen, conn, esq, False))
                pisos_llaves.append(_piso(almacen, conn, esq, True))
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
    razones = ", ".join(f"{m / p:.2f}" for m, p in zip(medidos, pisos, strict=True))
    razones_llaves = ", ".join(f"{m / p:.2f}" for m, p in zip(medidos, pisos_llaves, strict=True))
    return [
        Fila(
            f"publicar {total:,} registros vs COPY de sus {n:,} personas con sus llaves "
            "foráneas".replace(",", "."),
            mediana(medidos),
            mediana(pisos_llaves),
            2.0,
            nota=f"({razones_llaves})",
        ),
        Fila(
            f"publicar una oficina de {total:,} registros vs COPY de sus {n:,} personas".replace(
                ",", "."
            ),
            mediana(medidos),
            mediana(pisos),
            2.0,
            nota=f"({razones})",
        ),
        Fila(
            f"publicación incremental de 100 cambios en una oficina de {total:,}".replace(",", "."),
            mediana(incrementales),
            None,
            1.0,
            nota="(" + ", ".join(f"{x:.3f}" for x in incrementales) + ")",
        ),
    ]
