"""Planificación: seguimiento regional y comparación de territorios contra pisos de SQL crudo."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo.almacen import Almacen
from pir_campo.cli.cmd_demo import crear_demo
from pir_campo.planificacion import seguimiento, seleccion

_TABLAS = ("necesidad", "acuerdo", "iniciativa", "diagnostico", "taller", "indicador_territorio")


def _tiempo(funcion, veces: int) -> float:
    muestras = []
    for _ in range(veces):
        inicio = time.perf_counter()
        funcion()
        muestras.append(time.perf_counter() - inicio)
    return mediana(muestras)


def medir(rapido: bool = False) -> list[Fila]:
    territorios, talleres, veces = (4, 40, 3) if rapido else (12, 600, 7)
    with tempfile.TemporaryDirectory() as tmp:
        ruta = Path(tmp) / "demo.sqlite"
        crear_demo(ruta, territorios=territorios, talleres=talleres, semilla=1)
        with Almacen.abrir(ruta) as a:

            def piso_conteos() -> None:
                # Lo mínimo: leer una vez cada tabla que el seguimiento resume.
                for t in _TABLAS:
                    a.conn.execute(
                        f"SELECT territorio_id, count(*) FROM {t} WHERE eliminado = 0 "
                        "GROUP BY territorio_id"
                    ).fetchall()

            region = _tiempo(lambda: seguimiento.region(a, None), veces)
            piso = _tiempo(piso_conteos, veces)
            csv = Path(tmp) / "comparacion.csv"
            comparar = _tiempo(lambda: seleccion.exportar_csv(seleccion.comparacion(a), csv), veces)
            piso_csv = _tiempo(
                lambda: csv.write_text(
                    "\n".join(
                        ";".join(map(str, f))
                        for f in a.conn.execute("SELECT * FROM indicador_territorio")
                    ),
                    encoding="utf-8",
                ),
                veces,
            )
    return [
        Fila(
            f"seguimiento regional ({territorios} territorios, {talleres} talleres)",
            region,
            piso,
            limite=30,
            nota="piso: un conteo por territorio en cada tabla resumida",
        ),
        Fila(
            f"comparación de {territorios} territorios y CSV",
            comparar,
            piso_csv,
            limite=10,
            nota="piso: volcar los indicadores a un archivo",
        ),
    ]
