"""Arranque de la aplicación de escritorio: QApplication en español de Chile y ventana principal.

`pir-campo` sin subcomando llama a `ejecutar(ruta, medir_inicio)`. Si la base no existe se
muestra el asistente de primera vez, que hace lo mismo que `pir-campo iniciar`.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from ui import arranque

arranque.precargar_nucleo()

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from pir_campo import NOMBRE  # noqa: E402
from pir_campo.errores import ErrorBaseDatos, ErrorPir  # noqa: E402

ORGANIZACION = "PIRDT"
# Por nombre: nombrar QLocale.Language y .Country arma dos enumeraciones de cientos de miembros
# (~20 ms en el arranque).
LOCALE = QLocale("es_CL")


def _carpetas_traduccion() -> list[Path]:
    """Dónde buscar qtbase_es.qm: la de Qt, la del wheel de PySide6 y la de un ejecutable."""
    carpetas = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        carpetas.append(Path(PySide6.__file__).parent / "Qt" / "translations")
    except ImportError:
        pass
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        carpetas += [base / "PySide6" / "Qt" / "translations", base / "translations"]
    return carpetas


def instalar_traducciones(app: QApplication) -> bool:
    """Carga la traducción de Qt al español; sin ella los diálogos de Qt quedan en inglés."""
    for carpeta in _carpetas_traduccion():
        traductor = QTranslator(app)
        if traductor.load(LOCALE, "qtbase", "_", str(carpeta)):
            app.installTranslator(traductor)
            return True
    return False


def configurar(app: QApplication) -> None:
    """Nombre, organización y configuración regional; sirve también para las pruebas."""
    app.setOrganizationName(ORGANIZACION)
    app.setApplicationName(NOMBRE)
    app.setApplicationDisplayName(NOMBRE)
    QLocale.setDefault(LOCALE)
    if not app.property("pir_traducida"):
        app.setProperty("pir_traducida", instalar_traducciones(app))


def aplicacion() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configurar(app)
    return app


def _es_demo(ruta: Path) -> bool:
    from pir_campo.almacen import llaves

    try:
        return bool(llaves.leer(ruta).get("demo"))
    except ErrorPir:
        return False


def pedir_frase(ruta: Path) -> tuple[str | None, bool]:
    """(frase, seguir): la demo y PIR_CAMPO_CLAVE no preguntan; una base plana de una versión
    anterior pide la frase con que se cifrará."""
    import os

    from pir_campo.almacen import llaves, motor

    if motor.es_plana(ruta):
        if os.environ.get(llaves.ENTORNO):
            return None, True
        from ui.frase import DialogoFraseNueva

        dialogo = DialogoFraseNueva(ruta)
    elif os.environ.get(llaves.ENTORNO) or _es_demo(ruta):
        return None, True
    else:
        from ui.frase import DialogoFrase

        dialogo = DialogoFrase(ruta)
    if dialogo.exec() != QDialog.DialogCode.Accepted:
        return None, False
    return dialogo.frase, True


def ejecutar(ruta: Path, medir_inicio: bool = False) -> int:
    from ui.letra import aplicar_tamano_letra
    from ui.tareas import Tareas

    ruta = Path(ruta)
    if medir_inicio and not ruta.is_file():
        # Una medición no puede quedarse esperando a que alguien llene el asistente.
        raise ErrorBaseDatos(f"No existe la base de datos {ruta}; no hay nada que medir.")
    app = aplicacion()
    aplicar_tamano_letra()
    frase: str | None = None
    if not ruta.exists():
        from ui.asistente_inicio import AsistenteInicio

        asistente = AsistenteInicio(ruta)
        if asistente.exec() != AsistenteInicio.DialogCode.Accepted:
            return 0  # la persona prefirió no crear la base todavía
        frase = asistente.frase
    else:
        frase, seguir = pedir_frase(ruta)
        if not seguir:
            return 0
    tareas = Tareas(ruta, frase=frase)
    # Antes de importar y armar la ventana: mientras tanto el hilo de la base la abre y lee lo
    # primero que se verá (la lista de territorios e Inicio).
    from ui import registro

    for trabajo in registro.adelantos():
        tareas.adelantar(trabajo)
    from ui.ventana_principal import VentanaPrincipal

    ventana = VentanaPrincipal(tareas)
    demo = _es_demo(ruta)
    if demo:
        ventana.setWindowTitle(f"{NOMBRE} — DEMOSTRACIÓN (datos inventados)")
        from PySide6.QtWidgets import QLabel

        aviso = QLabel(" Datos de demostración: nada de esto es real ")
        aviso.setStyleSheet("background: #f5c211; color: black; font-weight: bold;")
        ventana.statusBar().addWidget(aviso)
    from ui import temporales
    from ui.bloqueo import Bloqueo

    ventana.bloqueo = None if demo else Bloqueo(ventana, ruta)

    # Restos de sesiones anteriores: después de mostrar los datos, no antes.
    ventana.datos_cargados.connect(temporales.limpiar_restos)
    if medir_inicio:
        # Una medición abre y cierra sin que nadie trabaje: sin el respaldo de cada cierre
        # (segundos de CPU y disco que cargarían la medición siguiente) ni su poda.
        ventana.respaldar_al_cerrar = False

        def medido() -> None:
            print(arranque.ms_desde_inicio(), flush=True)
            QTimer.singleShot(0, app.quit)

        ventana.datos_cargados.connect(medido)
    ventana.show()
    if not medir_inicio:
        from ui.persona import pedir_en_oficina

        pedir_en_oficina(tareas, ventana)
    codigo = app.exec()
    tareas.cerrar()
    # Destruir la ventana mientras Qt sigue vivo: dejarla a la recolección final del intérprete
    # puede abortar el proceso al salir (PySide6 6.12).
    ventana.close()
    del ventana
    gc.collect()
    return codigo
