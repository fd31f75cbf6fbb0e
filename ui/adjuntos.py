"""Adjuntos de cualquier registro: fotos, escaneos y PDF con miniaturas; se abren con el visor.

Los archivos se copian al almacén por contenido (cifrados) en el hilo de la base; las miniaturas
se hacen en memoria desde el contenido descifrado, reducidas con QImageReader. Abrir con el visor
deja una copia en claro en la carpeta temporal de la sesión, que se borra al cerrar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt, QUrl
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
from ui import dialogos, temporales
from ui.campos import combo_opciones, elegir_dato
from ui.tareas import Tareas

TAMANO = QSize(128, 128)


def miniatura(contenido: bytes | None, medio: str, estilo: QStyle) -> QIcon:
    if contenido and medio.startswith("image/"):
        memoria = QBuffer()
        memoria.setData(QByteArray(contenido))
        lector = QImageReader(memoria)
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

        def trabajo(a) -> list[dict]:
            filas = srv.listar(a, rid)
            for f in filas:
                imagen = f["tipo_medio"].startswith("image/")
                f["contenido"] = srv.contenido(a, f["sha256"]) if imagen else None
            return filas

        self.tareas.ejecutar(trabajo, self._listo)

    def _listo(self, filas: list[dict]) -> None:
        self.filas = filas
        self.lista.clear()
        for i, f in enumerate(filas):
            texto = f"{f['nombre_original']}\n{ClaseAdjunto(f['clase']).etiqueta}"
            item = QListWidgetItem(
                miniatura(f.pop("contenido"), f["tipo_medio"], self.style()), texto
            )
            item.setData(Qt.ItemDataRole.UserRole, i)
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
        if item is None:
            return
        adjunto = self.filas[item.data(Qt.ItemDataRole.UserRole)]
        self.tareas.ejecutar(
            lambda a: srv.copia_para_ver(a, adjunto, temporales.carpeta()),
            lambda ruta: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ruta))),
            lambda e: dialogos.error(self, str(e)),
        )
