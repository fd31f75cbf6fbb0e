"""Libro XLSX de la demo de 2.000 talleres (unas 70.000 asistencias) contra XlsxWriter solo
escribiendo las mismas filas en la misma corrida (límite 2x), y el pico de memoria del
proceso que exporta (límite 200 MB).

Uso directo para el pico: python b_exportacion.py BASE.sqlite SALIDA.xlsx (imprime MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

VERSION = "3e14"  # subir si cambia la demo, para no medir sobre una base vieja


def _demo(territorios: int, talleres: int) -> Path:
    ruta = (
        Path(tempfile.gettempdir()) / f"pir_b_exportacion_{VERSION}_{territorios}_{talleres}.sqlite"
    )
    listo = ruta.with_suffix(".listo")
    if not listo.exists():
        import shutil

        from pir_campo import adjuntos
        from pir_campo.cli.cmd_demo import crear_demo

        ruta.unlink(missing_ok=True)
        shutil.rmtree(adjuntos.carpeta_de(ruta), ignore_errors=True)
        crear_demo(ruta, territorios=territorios, talleres=talleres, semilla=7)
        listo.touch()
    return ruta


def _piso(tablas, salida: Path) -> float:
    """XlsxWriter solo, en memoria constante, con las mismas filas ya en memoria."""
    import xlsxwriter

    filas = {t.hoja: list(t.filas()) for t in tablas}  # fuera del tiempo medido
    inicio = time.perf_counter()
    libro = xlsxwriter.Workbook(
        str(salida), {"constant_memory": True, "default_date_format": "dd-mm-yyyy"}
    )
    for t in tablas:
        hoja = libro.add_worksheet(t.hoja)
        hoja.write_row(0, 0, [c.titulo for c in t.columnas])
        for n, fila in enumerate(filas[t.hoja], start=1):
            hoja.write_row(n, 0, fila)
    libro.close()
    return time.perf_counter() - inicio


def _medido(a, salida: Path) -> float:
    from pir_campo import exportacion

    inicio = time.perf_counter()
    exportacion.exportar(a, "xlsx", salida, exportacion.Filtro(con_datos_personales=True))
    return time.perf_counter() - inicio


def medir(rapido: bool = False):
    from medir import Fila, mediana

    from pir_campo import exportacion
    from pir_campo.almacen import Almacen
    from pir_campo.modelos import Asistencia

    base = _demo(3 if rapido else 10, 200 if rapido else 2000)
    veces = 1 if rapido else 3
    with tempfile.TemporaryDirectory() as tmp_, Almacen.abrir(base) as a:
        tmp = Path(tmp_)
        asistencias = a.contar(Asistencia)
        seleccion = exportacion.resolver(a, exportacion.Filtro(con_datos_personales=True))
        tablas = exportacion.tablas(a, seleccion, "xlsx")
        pisos, medidos = [], []
        for i in range(veces):
            pisos.append(_piso(tablas, tmp / f"piso{i}.xlsx"))
            medidos.append(_medido(a, tmp / f"libro{i}.xlsx"))
        salida = subprocess.run(
            [sys.executable, __file__, str(base), str(tmp / "memoria.xlsx")],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(RAIZ)},
            check=True,
        )
        pico = float(salida.stdout.strip().splitlines()[-1])
    return [
        Fila(
            f"libro XLSX de {asistencias:,} asistencias vs XlsxWriter solo".replace(",", "."),
            mediana(medidos),
            mediana(pisos),
            2,
        ),
        Fila("pico de memoria al exportar ese libro", pico, None, 200, unidad="M", nota="MB"),
    ]


def _pico_mb() -> float:
    """VmHWM: el pico de este proceso desde su exec (ru_maxrss heredaría el del padre)."""
    for linea in Path("/proc/self/status").read_text().splitlines():
        if linea.startswith("VmHWM:"):
            return int(linea.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    from pir_campo import exportacion
    from pir_campo.almacen import Almacen

    with Almacen.abrir(sys.argv[1]) as almacen:
        exportacion.exportar(
            almacen, "xlsx", Path(sys.argv[2]), exportacion.Filtro(con_datos_personales=True)
        )
    print(f"{_pico_mb():.1f}")
