"""Proceso auxiliar de b_interfaz: abre la ventana con una base, visita cada pantalla una vez
(territorios, pasos, talleres, personas, asistencias, editor de taller y de acta, búsqueda) e
imprime la memoria residente en MB (VmRSS)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from pir_campo.almacen import Almacen  # noqa: E402
from pir_campo.modelos import ActaValidacion, Taller  # noqa: E402
from ui.app import aplicacion  # noqa: E402
from ui.tareas import Tareas  # noqa: E402
from ui.ventana_principal import VentanaPrincipal  # noqa: E402


def esperar(tareas: Tareas, ms: int = 200) -> None:
    tareas.esperar()
    bucle = QEventLoop()
    QTimer.singleShot(ms, bucle.quit)
    bucle.exec()
    tareas.esperar()


def rss_mb() -> float:
    for linea in Path("/proc/self/status").read_text().splitlines():
        if linea.startswith("VmRSS:"):
            return int(linea.split()[1]) / 1024
    return 0.0


def main() -> None:
    ruta = Path(sys.argv[1])
    with Almacen.abrir(ruta) as a:
        taller = a.listar(Taller, limite=1)[0]["id"]
        acta = a.listar(ActaValidacion, limite=1)[0]["id"]
    app = aplicacion()
    tareas = Tareas(ruta)
    ventana = VentanaPrincipal(tareas)
    ventana.resize(1366, 768)
    ventana.show()
    esperar(tareas, 500)
    for i in range(len(ventana.secciones)):
        ventana.ir_a(i)
        esperar(tareas)
    for tipo, id_ in (("taller", taller), ("acta", acta), ("busqueda", "mar")):
        ventana.abrir_registro(tipo, id_)
        esperar(tareas, 400)
        pagina = ventana.pagina_actual()
        for j in range(pagina.pestanas.count() if hasattr(pagina, "pestanas") else 0):
            pagina.pestanas.setCurrentIndex(j)
            esperar(tareas, 100)
        ventana.volver()
    print(f"{rss_mb():.1f}", flush=True)
    ventana.close()
    tareas.cerrar()
    app.quit()
    # Se sale sin la limpieza final del intérprete: con PySide6 6.12 la recolección de basura
    # al terminar un proceso con muchos widgets creados a mano puede abortar; ya se midió.
    os._exit(0)


if __name__ == "__main__":
    main()
