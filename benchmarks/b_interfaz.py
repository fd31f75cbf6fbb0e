"""Interfaz: arranque contra una ventana Qt vacía, filtro de 231.000 asistencias y memoria.

- Arranque: `python -m pir_campo --medir-inicio --db` con una demo de 2.000 talleres, contra un
  guion que solo crea QApplication + QMainWindow y la muestra; ambos miden desde la creación
  del proceso (ui/arranque.py). Límite: 3 veces.
- Filtro: lo que cuesta cada tecla al escribir nombres en la lista de asistencias (SQL + modelo
  + pintar la página visible) en un territorio con ~231.000 asistencias (la meta del issue 18;
  antes se medía con 102.000); la tecla más lenta, límite absoluto 60 ms. Como referencia se
  mide leer todos los ids de asistencias del territorio con un SELECT simple.
- Memoria: la aplicación con la base de 2.000 talleres y cada pantalla visitada; límite 300 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

RAIZ = Path(__file__).resolve().parent.parent
VERSION = "v7e14"  # cambia si cambia el esquema o la demo: se regenera la base en caché
PISO_QT = """
import sys
sys.path.insert(0, {raiz!r})
from ui.arranque import ms_desde_inicio
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
ventana = QMainWindow()
ventana.resize(1280, 720)
ventana.show()
QTimer.singleShot(0, lambda: (print(ms_desde_inicio(), flush=True), app.quit()))
app.exec()
"""
TECLEOS = ["maría gonzález", "luis", "carmen rojas", "josé", "ñancupil", "ana m"]


def _entorno() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(RAIZ)}


def _demo(territorios: int, talleres: int) -> Path:
    ruta = Path(tempfile.gettempdir()) / f"pir_b_interfaz_{VERSION}_{territorios}_{talleres}.sqlite"
    listo = ruta.with_suffix(".listo")  # marca de base completa (junto a su carpeta de adjuntos)
    if not listo.exists():
        import shutil

        from pir_campo import adjuntos
        from pir_campo.cli.cmd_demo import crear_demo

        ruta.unlink(missing_ok=True)
        shutil.rmtree(adjuntos.carpeta_de(ruta), ignore_errors=True)
        crear_demo(ruta, territorios=territorios, talleres=talleres, semilla=7)
        listo.touch()
    return ruta


def _ms(argumentos: list[str]) -> float:
    """Lee la cifra en cuanto se imprime; si el proceso no termina después, se lo detiene."""
    proceso = subprocess.Popen(
        argumentos,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_entorno(),
        cwd=RAIZ,
    )
    try:
        linea = proceso.stdout.readline().strip()
        proceso.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proceso.kill()
        proceso.wait()
    if not linea.isdigit():
        raise RuntimeError(
            f"{argumentos} no imprimió los milisegundos (código {proceso.returncode})"
        )
    return int(linea) / 1000


def medir_arranque(ruta: Path, veces: int, talleres: int) -> Fila:
    # Una instalación real tiene su código ya compilado (pip y PyInstaller guardan .pyc); sin
    # esto, con PYTHONDONTWRITEBYTECODE la aplicación compilaría sus fuentes en cada arranque y
    # el piso, que no tiene fuentes propias, no.
    import compileall

    for carpeta in ("pir_campo", "ui"):
        compileall.compile_dir(RAIZ / carpeta, quiet=1)
    piso, app = [], []
    for _ in range(veces):
        piso.append(_ms([sys.executable, "-c", PISO_QT.format(raiz=str(RAIZ))]))
        app.append(_ms([sys.executable, "-m", "pir_campo", "--medir-inicio", "--db", str(ruta)]))
    return Fila(
        f"interfaz: arranque hasta la ventana con datos ({talleres:,} talleres)".replace(",", "."),
        mediana(app),
        mediana(piso),
        3,
        nota=f"mediana de {veces}",
    )


def medir_filtro(ruta: Path) -> Fila:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from pir_campo.almacen import consultas_campo as q
    from ui import app as app_ui
    from ui.pantallas.asistencias import PantallaAsistencias
    from ui.tareas import Tareas

    qapp = QApplication.instance() or QApplication([])
    app_ui.configurar(qapp)
    tareas = Tareas(ruta, en_linea=True)
    elegido: list[str] = []
    tareas.ejecutar(lambda a: q.territorios(a.conn)[0]["id"], elegido.append)
    tid = elegido[0]
    pantalla = PantallaAsistencias(tareas, tid)
    pantalla.resize(1140, 640)
    pantalla.show()
    qapp.processEvents()
    # La primera llamada de Python a viewport() arma los enums de PySide de todas las vistas
    # con barras (~20 ms, una vez por proceso): es costo de esta medición, no de la tecla.
    vista = pantalla.tabla.viewport()
    tiempos, textos = [], []
    for texto in TECLEOS:
        for n in range(1, len(texto) + 1):
            inicio = time.perf_counter()
            pantalla.filtro.setText(texto[:n])
            vista.repaint()
            qapp.processEvents()
            tiempos.append(time.perf_counter() - inicio)
            textos.append(texto[:n])
        pantalla.filtro.clear()
    total = pantalla.modelo.rowCount()
    pisos = []
    for _ in range(5):
        inicio = time.perf_counter()
        tareas.ejecutar(
            lambda a: a.conn.execute(
                "SELECT id FROM asistencia WHERE territorio_id = ?", (tid,)
            ).fetchall()
        )
        pisos.append(time.perf_counter() - inicio)
    pantalla.close()
    tareas.cerrar()
    lenta = max(range(len(tiempos)), key=tiempos.__getitem__)
    return Fila(
        f"interfaz: filtrar {total:,} asistencias; la tecla más lenta".replace(",", "."),
        tiempos[lenta],
        None,
        0.06,
        nota=f"«{textos[lenta]}»; {len(tiempos)} teclas, mediana {mediana(tiempos) * 1000:.0f} "
        f"ms; leer todos los ids {mediana(pisos) * 1000:.0f} ms",
    )


def medir_memoria(ruta: Path) -> Fila:
    salida = subprocess.run(
        [sys.executable, str(RAIZ / "benchmarks" / "interfaz_recorrido.py"), str(ruta)],
        capture_output=True,
        text=True,
        env=_entorno(),
        cwd=RAIZ,
        timeout=600,
    )
    if salida.returncode != 0:
        raise RuntimeError(salida.stderr)
    mb = float(salida.stdout.strip().splitlines()[-1])
    return Fila(
        "interfaz: memoria residente con cada pantalla visitada",
        mb,
        None,
        300,
        unidad="M",
        nota="MB",
    )


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 200 if rapido else 2000
    base = _demo(3 if rapido else 10, talleres)
    grande = _demo(1, 300) if rapido else _demo(1, 6600)  # 231.800 asistencias
    return [
        medir_arranque(base, 3 if rapido else 7, talleres),
        medir_filtro(grande),
        medir_memoria(base),
    ]
