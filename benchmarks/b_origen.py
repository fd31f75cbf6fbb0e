"""Origen en la oficina: la lista de 100.000 asistencias filtrada u ordenada por quién las creó.

Piso: leer id y punto de creación (`cdot`) de todas las asistencias vigentes del territorio con
un SELECT simple, en la misma corrida: cualquier consulta de origen tiene que leer ese dato.
La base de demo se copia, se marca como oficina y la mitad de las asistencias pasa a un notebook
registrado como par, para que el filtro y el orden tengan dos orígenes reales.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from b_interfaz import _demo
from medir import Fila, mediana

NOTEBOOK = "dv_BENCHORIG0"


def _oficina(origen: Path) -> Path:
    """Una copia de la base con su llave (sin el archivo .llave no se abre)."""
    ruta = Path(tempfile.mkdtemp()) / "oficina.sqlite"
    shutil.copy(origen, ruta)
    for sufijo in (".llave", ".marca"):
        junto = origen.with_name(origen.name + sufijo)
        if junto.exists():
            shutil.copy(junto, ruta.with_name(ruta.name + sufijo))
    return ruta


def _tiempo(trabajo, veces: int = 5) -> float:
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        trabajo()
        tiempos.append(time.perf_counter() - inicio)
    return mediana(tiempos)


def medir(rapido: bool = False) -> list[Fila]:
    from pir_campo.almacen import Almacen
    from pir_campo.almacen import consultas_campo as q

    ruta = _oficina(_demo(1, 300) if rapido else _demo(1, 2900))
    with Almacen.abrir(ruta) as a:
        conn = a.conn
        conn.execute("UPDATE estado_sincro SET valor = 'oficina' WHERE clave = 'rol'")
        conn.execute(
            "INSERT INTO par (id, rol, nombre, clave_firma, clave_cifrado, registrado_en) "
            "VALUES (?, 'campo', 'Notebook de prueba', '-', '-', '2026-01-01')",
            (NOTEBOOK,),
        )
        conn.execute(
            "UPDATE asistencia SET cdot = json_set(cdot, '$[0]', ?) WHERE substr(id, -1) "
            "IN ('0', '2', '4', '6', '8', 'a', 'c', 'e')",
            (NOTEBOOK,),
        )
        tid = q.territorios(conn)[0]["id"]
        total = conn.execute("SELECT count(*) FROM asistencia").fetchone()[0]
        piso = _tiempo(
            lambda: conn.execute(
                "SELECT id, cdot FROM asistencia WHERE territorio_id = ? AND eliminado = 0",
                (tid,),
            ).fetchall()
        )
        orden = _tiempo(lambda: q.filtrar_asistencias(conn, tid, por_origen=True))
        filtro = _tiempo(lambda: q.filtrar_asistencias(conn, tid, creador=NOTEBOOK))
        ids = q.filtrar_asistencias(conn, tid)[:200]
        pagina = _tiempo(lambda: q.filas_asistencias(conn, ids, origen=True), 20)
        pagina_piso = _tiempo(lambda: q.filas_asistencias(conn, ids), 20)
    shutil.rmtree(ruta.parent, ignore_errors=True)
    n = f"{total:,}".replace(",", ".")
    return [
        Fila(f"origen: ordenar {n} asistencias por origen", orden, piso, 3),
        Fila(f"origen: filtrar {n} asistencias por origen", filtro, piso, 3),
        Fila("origen: página de 200 asistencias con origen", pagina, pagina_piso, 2),
    ]
