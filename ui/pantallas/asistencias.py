"""Todas las asistencias del territorio: lista perezosa sobre ids, filtrada en SQL (FTS5).

Con 100.000 asistencias, cada tecla solo cambia la lista de ids; los datos de las filas se leen
por páginas cuando la vista las pinta.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import consultas_campo as q
from ui import formatos
from ui.modelos_tabla import ROL_FILA, Columna, ModeloIds
from ui.tareas import Tareas

COL_NOMBRE, COL_RUT, COL_TALLER, COL_FECHA, COL_FIRMO = range(5)
COLUMNAS = [
    Columna("nombre", "Nombre"),
    Columna("rut", "RUT", formatos.rut_visible),
    Columna("taller", "Taller"),
    Columna("fecha", "Fecha", formatos.fecha),
    Columna("firmo", "Firmó", formatos.si_no),
]


class PantallaAsistencias(QWidget):
    abrir_registro = Signal(str, str)
    filtrado = Signal(int)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.modelo = ModeloIds(COLUMNAS, self._pedir, self)
        self.filtro = QLineEdit()
        self.filtro.setPlaceholderText("Filtrar por nombre del asistente")
        self.filtro.setAccessibleName("Filtrar asistencias")
        self.filtro.textChanged.connect(self.filtrar)
        self.total = QLabel("")
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Asistencias")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.verticalHeader().setDefaultSectionSize(24)
        self.tabla.verticalHeader().hide()
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setSectionResizeMode(COL_TALLER, QHeaderView.ResizeMode.Stretch)
        for col, ancho in ((COL_NOMBRE, 300), (COL_RUT, 120), (COL_FECHA, 100), (COL_FIRMO, 70)):
            self.tabla.setColumnWidth(col, ancho)
        self.tabla.activated.connect(self._abrir)
        etiqueta = QLabel("&Filtrar:")
        etiqueta.setBuddy(self.filtro)
        fila = QHBoxLayout()
        fila.addWidget(etiqueta)
        fila.addWidget(self.filtro, 1)
        fila.addWidget(self.total)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Asistencias del territorio</h2>Enter abre el taller."))
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.filtro)
        self._ultimo = 0
        self.filtrar("")

    def _pedir(self, ids: list[str], listo: Callable[[dict], None]) -> None:
        self.tareas.ejecutar(lambda a: q.filas_asistencias(a.conn, ids), listo)

    def filtrar(self, texto: str) -> None:
        if not self.territorio_id:
            return
        self._ultimo += 1
        numero, tid = self._ultimo, self.territorio_id
        self.tareas.ejecutar(
            lambda a: q.filtrar_asistencias(a.conn, tid, texto),
            lambda ids: self._ids(numero, ids),
        )

    def _ids(self, numero: int, ids: list[str]) -> None:
        if numero != self._ultimo:
            return  # llegó tarde: ya se escribió otra letra
        self.modelo.poner_ids(ids)
        self.total.setText(f"{len(ids):,} asistencias".replace(",", "."))
        self.filtrado.emit(len(ids))

    def _abrir(self, indice) -> None:
        fila = self.modelo.index(indice.row(), 0).data(ROL_FILA)
        if fila:
            self.abrir_registro.emit("taller", self._taller_de(fila))

    @staticmethod
    def _taller_de(fila: dict) -> str:
        return fila.get("taller_id", "")
