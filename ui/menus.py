"""Menús, atajos y secciones propias de la ventana principal (apartados para que no crezca)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from pir_campo import NOMBRE, __version__
from ui import dialogos

if TYPE_CHECKING:
    from ui.ventana_principal import Fabrica, VentanaPrincipal


def _accion(ventana, menu, texto: str, atajo: str | None, funcion, ayuda: str = "") -> QAction:
    accion = QAction(texto, ventana)
    if atajo:
        accion.setShortcut(QKeySequence(atajo))
    if ayuda:
        accion.setStatusTip(ayuda)
        accion.setToolTip(ayuda)
    accion.triggered.connect(funcion)
    menu.addAction(accion)
    return accion


def secciones_propias() -> list[tuple[str, Fabrica, str | None]]:
    from ui.pantallas.territorios import PantallaTerritorios

    return [
        ("Territorios", PantallaTerritorios, "Ctrl+1"),
    ]


def seccion_inicial(ventana: VentanaPrincipal) -> int:
    return 0


def editor_de(ventana: VentanaPrincipal, tipo: str, id_: str) -> QWidget | None:
    return None


def armar(ventana: VentanaPrincipal) -> None:
    barra = ventana.menuBar()
    archivo = barra.addMenu("&Archivo")
    ventana.accion_salir = _accion(
        ventana, archivo, "&Salir", "Ctrl+Q", ventana.close, "Cierra la aplicación"
    )
    editar = barra.addMenu("&Editar")
    _accion(
        ventana,
        editar,
        "&Buscar…",
        "Ctrl+F",
        lambda: _enfocar(ventana.busqueda),
        "Busca personas, talleres o territorios",
    )
    _accion(
        ventana,
        editar,
        "Elegir &territorio",
        "Ctrl+T",
        lambda: _enfocar(ventana.selector),
        "Cambia el territorio en el que trabaja",
    )
    ventana.menu_ir = barra.addMenu("&Ir")
    ventana.menu_ir.addSeparator()
    ventana.accion_volver = _accion(
        ventana,
        ventana.menu_ir,
        "&Volver",
        "Alt+Left",
        ventana.volver,
        "Vuelve a la pantalla anterior",
    )
    ventana.accion_volver.setEnabled(False)
    ayuda = barra.addMenu("A&yuda")
    _accion(ventana, ayuda, "&Atajos de teclado", "F1", lambda: _atajos(ventana))
    _accion(
        ventana,
        ayuda,
        "Acerca &de " + NOMBRE,
        None,
        lambda: dialogos.informar(
            ventana,
            "Acerca de " + NOMBRE,
            f"{NOMBRE} {__version__}\nRegistro de terreno del Programa de Infraestructura "
            "Rural para el Desarrollo Territorial.",
        ),
    )


def _enfocar(widget: QWidget) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    if hasattr(widget, "showPopup"):
        widget.showPopup()


def _atajos(ventana: VentanaPrincipal) -> None:
    lineas = []
    for menu in ventana.menuBar().findChildren(type(ventana.menu_ir)):
        for accion in menu.actions():
            if accion.shortcut().toString():
                texto = accion.text().replace("&", "").rstrip("…")
                lineas.append(
                    f"{accion.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t{texto}"
                )
    dialogos.informar(ventana, "Atajos de teclado", "\n".join(lineas))
