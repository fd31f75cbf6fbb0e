"""Adjuntos de cualquier registro: fotos, escaneos y PDF con miniaturas; se abren con el visor.

Los archivos se copian al almacén por contenido en el hilo de la base; las miniaturas se leen
reducidas (QImageReader) para no cargar fotos enteras en memoria.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pir_campo.modelos.enums import ClaseAdjunto
from pir_campo.servicios import adjuntos as srv
from ui import dialogos
from ui.campos import combo_opciones, elegir_dato
from ui.tareas import Tareas

TAMANO = QSize(128, 128)


def miniatura(ruta: str, medio: str, estilo: QStyle) -> QIcon:
    if medio.startswith("image/"):
        lector = QImageReader(ruta)
        tamano = lector.size()
        if tamano.isValid():
            lector.setScaledSize(tamano.scaled(TAMANO, Qt.AspectRatioMode.KeepAspectRatio))
        imagen = lector.read()
        if not imagen.isNull():
            return QIcon(QPixmap.fromImage(imagen))
    return estilo.standardIcon(QStyle.StandardPixmap.SP_FileIcon)


class PanelAdjuntos(QWidget):
    def __init__(
        self,
        tareas: Tareas,
        tabla_duena: str,
        registro_id: str,
        territorio_id: str,
        clase_inicial: str = ClaseAdjunto.FOTO,
        parent=None,
    ):
        super().__init__(parent)
        self.tareas = tareas
        self.tabla_duena, self.registro_id, self.territorio_id = (
            tabla_duena,
            registro_id,
            territorio_id,
        )
        self.lista = QListWidget()
        self.lista.setViewMode(QListWidget.ViewMode.IconMode)
        self.lista.setIconSize(TAMANO)
        self.lista.setGridSize(QSize(190, 180))
        self.lista.setWordWrap(True)
        self.lista.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.lista.setAccessibleName("Adjuntos")
        self.lista.itemActivated.connect(self._abrir_item)
        self.clase = combo_opciones(ClaseAdjunto, "Clase del nuevo adjunto", vacio=None)
        elegir_dato(self.clase, str(clase_inicial))
        etiqueta = QLabel("&Clase del nuevo adjunto:")
        etiqueta.setBuddy(self.clase)
        self.agregar = QPushButton("&Adjuntar archivo…")
        self.agregar.setToolTip("Copia fotos, escaneos o PDF a la base (Ctrl+Shift+A)")
        self.agregar.clicked.connect(self.elegir)
        self.abrir = QPushButton("A&brir con el visor")
        self.abrir.clicked.connect(lambda: self._abrir_item(self.lista.currentItem()))
        self.aviso = QLabel("Enter abre el adjunto elegido con el visor del sistema.")
        self.aviso.setWordWrap(True)
        fila = QHBoxLayout()
        for w in (etiqueta, self.clase, self.agregar, self.abrir):
            fila.addWidget(w)
        fila.addStretch(1)
        capa = QVBoxLayout(self)
        capa.addLayout(fila)
        capa.addWidget(self.aviso)
        capa.addWidget(self.lista, 1)
        atajo = QShortcut(QKeySequence("Ctrl+Shift+A"), self)
        atajo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        atajo.activated.connect(self.elegir)
        self.filas: list[dict] = []
        self.refrescar()

    def refrescar(self) -> None:
        rid = self.registro_id
        self.tareas.ejecutar(lambda a: srv.listar(a, rid), self._listo)

    def _listo(self, filas: list[dict]) -> None:
        self.filas = filas
        self.lista.clear()
        for f in filas:
            texto = f"{f['nombre_original']}\n{ClaseAdjunto(f['clase']).etiqueta}"
            item = QListWidgetItem(miniatura(f["ruta"], f["tipo_medio"], self.style()), texto)
            item.setData(Qt.ItemDataRole.UserRole, f["ruta"])
            item.setToolTip(f"{f['nombre_original']} ({f['tamano'] // 1024} KB)")
            self.lista.addItem(item)
        self.aviso.setText(
            "Enter abre el adjunto elegido con el visor del sistema."
            if filas
            else "Este registro no tiene adjuntos. Use «Adjuntar archivo…» (Ctrl+Shift+A) para "
            "copiar fotos, escaneos o PDF; se guardan dentro de la base, no se enlaza el original."
        )

    def elegir(self) -> None:
        self.adjuntar(dialogos.elegir_archivos(self))

    def adjuntar(self, rutas: list[Path]) -> None:
        clase = self.clase.currentData()
        datos = (self.tabla_duena, self.registro_id, self.territorio_id)
        for ruta in rutas:
            self.tareas.ejecutar(
                lambda a, r=ruta: srv.adjuntar(a, *datos, r, clase),
                lambda _c: self.refrescar(),
                lambda e: dialogos.error(self, str(e)),
            )

    def _abrir_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))
