"""Capturas de cada pantalla a 1366x768 con la demo, para mirarlas (xvfb-run) y para la guía.

Uso: xvfb-run -s "-screen 0 1366x768x24" python scripts/capturas.py BASE.sqlite capturas/ [PUNTOS]

PUNTOS es el tamaño de letra (por omisión el del sistema; 14, el mayor de Ajustes). Las imágenes
de la guía (recursos/guia/img) se hacen con esta misma herramienta, así la guía no se aleja de
las pantallas: `python scripts/capturas.py demo.sqlite recursos/guia/img`.
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
    puntos = int(sys.argv[3]) if len(sys.argv) > 3 else None
    carpeta.mkdir(parents=True, exist_ok=True)
    with Almacen.abrir(ruta) as a:
        taller = a.listar(Taller, orden="fecha", estado="cerrado")[-1]["id"]
        abierto = a.listar(Taller, orden="fecha", estado="borrador")[-1]["id"]
        acta = a.listar(ActaValidacion, orden="fecha")[0]["id"]
        persona = a.listar(Persona, orden="nombre")[0]["id"]
    aplicacion()
    if puntos:
        from ui.pantallas.ajustes import aplicar_tamano_letra

        aplicar_tamano_letra(puntos)
    tareas = Tareas(ruta)
    ventana = VentanaPrincipal(tareas)
    ventana.show()  # el tamaño de la primera vez, sin geometría guardada
    esperar(1200)
    ventana.grab().save(str(carpeta / "00_primera_ventana.png"))
    ventana.showMaximized()
    esperar(800)

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
    from ui import menus

    for numero, clave in (
        (10, "sincronizacion"),
        (11, "seguimiento_regional"),
        (12, "conflictos"),
        (13, "necesidades"),
        (14, "pmdt"),
        (15, "capacidad"),
        (16, "oferta"),
    ):
        ventana.ir_a(menus.indice_de(ventana, clave))
        foto(f"{numero}_{clave}")
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
