"""Historial y bitácora que viaja.

- Abrir el historial de un registro con 1.000 cambios: absoluto (debe bajar de 100 ms) y como
  razón contra el piso de leer sus filas de bitácora con un SELECT simple.
- Cuánto crece un paquete por llevar la bitácora: el mismo notebook de demostración (con dos
  campos editados en el 10 % de las personas y de los talleres en borrador) exportado con y
  sin `data/audit/cambio.jsonl`; los adjuntos se quitan para medir solo registros (con fotos,
  la bitácora pesa todavía menos).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo.formato import numero

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))


def _tiempo(trabajo, veces: int = 7) -> float:
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        trabajo()
        tiempos.append(time.perf_counter() - inicio)
    return mediana(tiempos)


def _historial(carpeta: Path) -> list[Fila]:
    from pir_campo.almacen import Almacen
    from pir_campo.almacen import consultas_historial as q
    from pir_campo.modelos import Taller, Territorio
    from pir_campo.servicios.historial import historial

    with Almacen.iniciar(carpeta / "h.sqlite", "campo", "Ana", "09") as a:
        tid = a.insertar(Territorio, {"nombre": "T", "cut_region": "09", "comunas": ["09117"]})
        tal = a.insertar(
            Taller, {"territorio_id": tid, "paso": 1, "titulo": "Taller", "fecha": "2026-03-01"}
        )
        with a.transaccion():
            for i in range(1000):
                campo = ("lugar", "proposito", "agenda")[i % 3]
                a.actualizar(Taller, tal, {campo: f"Texto {i} del campo {campo}"}, f"motivo {i}")
        h = historial(a, tal)
        assert len(h.entradas) == 1001
        medido = _tiempo(lambda: historial(a, tal))
        piso = _tiempo(lambda: q.filas_historial(a, "taller", tal))
    return [
        Fila("historial de un registro con 1.000 cambios (absoluto)", medido, None, 0.1),
        Fila("historial de un registro con 1.000 cambios vs SELECT de su bitácora", medido, piso),
    ]


def _crecimiento(carpeta: Path, rapido: bool) -> Fila:
    from pir_campo import adjuntos
    from pir_campo.almacen import Almacen
    from pir_campo.cli.cmd_demo import crear_demo
    from pir_campo.modelos import Persona, Taller
    from pir_campo.sincro import exportar, identidad

    ruta = carpeta / "nb.sqlite"
    crear_demo(ruta, territorios=2, talleres=60 if rapido else 300, semilla=7)
    shutil.rmtree(adjuntos.carpeta_de(ruta), ignore_errors=True)
    with Almacen.abrir(ruta) as nb, Almacen.iniciar(carpeta / "of.sqlite", "oficina", "GORE") as of:
        for x, y in ((nb, of), (of, nb)):
            identidad.escribir(x, carpeta / "id.json")
            identidad.confiar(
                y, identidad.leer(carpeta / "id.json"), toda_la_region=y.rol == "oficina"
            )
        talleres = nb.listar(Taller, estado="borrador")
        with nb.transaccion():
            for t in talleres[::10]:
                nb.actualizar(Taller, t["id"], {"lugar": "Sede social", "proposito": "Revisado"})
            for p in nb.listar(Persona)[::10]:
                nb.actualizar(
                    Persona,
                    p["id"],
                    {"nombre": p["nombre"] + " Soto", "telefono": "+56 9 1234 5678"},
                )
        con = exportar.exportar(nb, carpeta / "con.pirb", todo=True)
        original = exportar._lineas_auditoria
        exportar._lineas_auditoria = lambda *_a: iter(())
        try:
            sin = exportar.exportar(nb, carpeta / "sin.pirb", todo=True)
        finally:
            exportar._lineas_auditoria = original
    return Fila(
        f"paquete con bitácora vs sin ella ({numero(con.total_registros)} registros, "
        f"{numero(con.auditoria)} filas de bitácora)",
        con.tamano / 1e6,
        sin.tamano / 1e6,
        1.3,
        "M",
    )


def medir(rapido: bool = False) -> list[Fila]:
    with tempfile.TemporaryDirectory(prefix="pir-b-historial-") as tmp:
        carpeta = Path(tmp)
        (carpeta / "h").mkdir()
        (carpeta / "p").mkdir()
        return [*_historial(carpeta / "h"), _crecimiento(carpeta / "p", rapido)]
