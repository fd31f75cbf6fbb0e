"""La tabla de rendimiento corre en CI en su modo rápido (tamaños chicos): cada medición de
las áreas elegidas termina e imprime su fila. No se afirma ningún tiempo (las razones se leen
con `python3 benchmarks/medir.py`, en la máquina y la carga del momento)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
# Las áreas cuyas filas de #18 se pueden ver en tamaños chicos en menos de un minuto: la demo a
# dos escalas y sus bytes por registro, el plan de las consultas, y las listas de la oficina.
AREAS = ["almacen", "origen", "planificacion", "historial", "restauracion"]
FILAS = [
    "demo de 200 talleres",
    "bytes por registro, demo de 200 talleres",
    "demo de 800 talleres",
    "bytes por registro, demo de 800 talleres",
    "consultas de asistencias que recorren la tabla entera",
    "ediciones con seguimiento en una transacción vs INSERT",
    "origen: ordenar",
    "origen: filtrar",
    "restauración: abrir la demo",
]


def test_medir_rapido_termina_e_imprime_cada_fila(tmp_path: Path):
    entorno = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),  # sus bases en caché no se mezclan con otras corridas
        "PYTHONPATH": str(RAIZ),
    }
    salida = subprocess.run(
        [sys.executable, str(RAIZ / "benchmarks" / "medir.py"), "--rapido", *AREAS],
        capture_output=True,
        text=True,
        env=entorno,
        cwd=RAIZ,
        timeout=600,
    )
    assert salida.returncode == 0, salida.stderr[-3000:]
    lineas = salida.stdout.splitlines()
    assert lineas[0].startswith("medición"), salida.stdout
    filas = lineas[1:]
    for esperada in FILAS:
        assert any(esperada in f for f in filas), (esperada, salida.stdout)
    # Cada fila trae su cifra medida (y ninguna quedó sin medir).
    assert all(f.split()[-1] for f in filas)
    assert "Traceback" not in salida.stderr
    # El plan de las consultas de asistencias sí se afirma: no depende de la carga.
    [planes] = [f for f in filas if f.startswith("consultas de asistencias")]
    assert " 0.0000" in planes and planes.rstrip().endswith("ok"), planes
