"""PySide6 6.12 + Python 3.11: miles de `emit()` abortaban el proceso; con `import ui`, no."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import RAIZ

GUION = """
import ui
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
app = QCoreApplication([])
class Trabajador(QObject):
    @Slot(int)
    def correr(self, n): pass
class Emisor(QObject):
    senal = Signal(int)
trabajador, hilo, emisor = Trabajador(), QThread(), Emisor()
trabajador.moveToThread(hilo)
hilo.start()
emisor.senal.connect(trabajador.correr)
for i in range(200_000):
    emisor.senal.emit(i)
hilo.quit()
hilo.wait()
print("sin abortar")
"""


def test_muchas_emisiones_no_abortan():
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ), "QT_QPA_PLATFORM": "offscreen"}
    salida = subprocess.run(
        [sys.executable, "-c", GUION],
        capture_output=True,
        text=True,
        env=entorno,
        cwd=RAIZ,
        timeout=120,
    )
    assert salida.returncode == 0, salida.stderr[-500:]
    assert salida.stdout.strip() == "sin abortar"
