"""Capturas de cada pantalla a 1366x768 con la demo, para mirarlas (xvfb-run).

Uso: xvfb-run -s "-screen 0 1366x768x24" python scripts/capturas.py BASE.sqlite capturas/
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Persona, Taller
from ui.app import aplicacion
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal


def esperar(ms: int = 400) -> None:
    bucle = QEventLoop()
    QTimer.singleShot(ms, bucle.quit)
    bucle.exec()


def main() -> None:
    ruta, carpeta = Path(sys.argv[1]), Path(sys.argv[2])
    carpeta.mkdir(parents=True, exist_ok=True)
    with Almacen.abrir(ruta) as a:
        taller = a.listar(Taller, orden="fecha", estado="cerrado")[-1]["id"]
        abierto = a.listar(Taller, orden="fecha", estado="borrador")[-1]["id"]
        acta = a.listar(ActaValidacion, orden="fecha")[0]["id"]
        persona = a.listar(Persona, orden="nombre")[0]["id"]
    aplicacion()
    tareas = Tareas(ruta)
    ventana = VentanaPrincipal(tareas)
    ventana.resize(1366, 768)
    ventana.showMaximized()
    esperar(1200)

    def foto(nombre: str, widget=None) -> None:
        esperar()
        (widget or ventana).grab().save(str(carpeta / f"{nombre}.png"))

    for i, nombre in enumerate(
        ["inicio", "territorios", "territorio", "talleres", "personas", "asistencias"]
    ):
        ventana.ir_a(i)
        foto(f"{i + 1:02d}_{nombre}")
    ventana.ir_a(2)
    for nombre, tipo, id_ in (
        ("taller_cerrado", "taller", taller),
        ("taller_abierto", "taller", abierto),
        ("acta", "acta", acta),
        ("persona", "persona", persona),
    ):
        ventana.abrir_registro(tipo, id_)
        esperar(800)
        foto(f"06_{nombre}")
        pagina = ventana.pagina_actual()
        if hasattr(pagina, "pestanas"):
            for j in range(1, pagina.pestanas.count()):
                pagina.pestanas.setCurrentIndex(j)
                foto(f"06_{nombre}_{j}")
        ventana.volver()
    ventana.busqueda.setText("mar")
    ventana.buscar()
    foto("07_busqueda")
    ventana.volver()
    from ui.pantallas.ajustes import DialogoAjustes

    dialogo = DialogoAjustes(tareas, ventana)
    dialogo.show()
    foto("08_ajustes", dialogo)
    dialogo.close()
    from ui.asistente_inicio import AsistenteInicio

    asistente = AsistenteInicio(Path("/tmp/no_existe/pir_campo.sqlite"))
    asistente.show()
    foto("09_asistente", asistente)
    asistente.close()
    ventana.close()
    tareas.cerrar()
    QCoreApplication.quit()


if __name__ == "__main__":
    main()
