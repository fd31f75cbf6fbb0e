"""F1: la guía de uso (HTML sin conexión en `recursos/guia`) abierta en la página de la
pantalla en uso, y la lista de atajos, que sale de las acciones mismas (no se escribe a mano).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pir_campo.recursos import ruta_recurso


def carpeta_guia():
    return ruta_recurso("guia")


def pagina_guia(nombre: str) -> QUrl:
    """«pagina» o «pagina#seccion» (p. ej. «planificacion#pmdt»): F1 llega a la sección de la
    pantalla en uso dentro de una página que cubre varias."""
    pagina, _, seccion = nombre.partition("#")
    ruta = carpeta_guia() / f"{pagina}.html"
    if not ruta.is_file():
        ruta, seccion = carpeta_guia() / "inicio.html", ""
    url = QUrl.fromLocalFile(str(ruta))
    if seccion:
        url.setFragment(seccion)
    return url


def atajos(*raices: QWidget) -> list[tuple[str, str]]:
    """(tecla, qué hace) de cada acción con atajo bajo `raices`, sin repetir, en el orden en que
    aparecen (menús primero, luego los del editor abierto)."""
    vistos: set[tuple[str, str]] = set()
    filas: list[tuple[str, str]] = []
    for raiz in raices:
        if raiz is None:
            continue
        for accion in [*raiz.actions(), *raiz.findChildren(QAction)]:
            # Como en las ayudas emergentes («Ctrl+Shift+C»), sin depender del idioma en que Qt
            # traduzca los nombres de las teclas.
            tecla = accion.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            texto = accion.text().replace("&", "").rstrip("…").strip()
            if not tecla or not texto or (tecla, texto) in vistos:
                continue
            vistos.add((tecla, texto))
            filas.append((tecla, texto))
    return filas


class DialogoAyuda(QDialog):
    def __init__(self, pagina: str, filas_atajos: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Ayuda de PIR Campo")
        self.resize(900, 620)
        self.pestanas = QTabWidget()
        self.guia = QTextBrowser()
        self.guia.setAccessibleName("Guía de uso")
        self.guia.setOpenLinks(True)
        self.guia.setSearchPaths([str(carpeta_guia())])
        self.guia.setSource(pagina_guia(pagina))
        self.tabla = QTableWidget(len(filas_atajos), 2)
        self.tabla.setAccessibleName("Atajos de teclado")
        self.tabla.setHorizontalHeaderLabels(["Tecla", "Qué hace"])
        self.tabla.verticalHeader().setVisible(False)
        self.tabla.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (tecla, texto) in enumerate(filas_atajos):
            self.tabla.setItem(i, 0, QTableWidgetItem(tecla))
            self.tabla.setItem(i, 1, QTableWidgetItem(texto))
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.pestanas.addTab(self.guia, "&Guía")
        self.pestanas.addTab(self.tabla, "&Atajos de teclado")
        botones = QDialogButtonBox()
        botones.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(self.pestanas, 1)
        capa.addWidget(botones)
        self.guia.setFocus()
