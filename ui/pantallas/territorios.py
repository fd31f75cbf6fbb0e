"""Lista de territorios: desde aquí se elige en cuál trabajar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.servicios import territorio as srv_territorio
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

COL_NOMBRE, COL_REGION, COL_COMUNAS, COL_ESTADO, COL_TALLERES, COL_PERSONAS = range(6)
COLUMNAS = [
    Columna("nombre", "Territorio"),
    Columna("region", "Región"),
    Columna("comunas", "Comunas"),
    Columna("estado", "Estado"),
    Columna("talleres", "Talleres", alineacion=Qt.AlignmentFlag.AlignRight),
    Columna("personas", "Personas", alineacion=Qt.AlignmentFlag.AlignRight),
]


class PantallaTerritorios(QWidget):
    elegir_territorio = Signal(str)
    abrir_registro = Signal(str, str)
    cargado = Signal()

    def __init__(self, tareas: Tareas, territorio_id: str | None = None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Territorios")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_COMUNAS, QHeaderView.ResizeMode.Stretch
        )
        self.tabla.verticalHeader().hide()
        self.tabla.activated.connect(self._abrir)
        self.vacio = QLabel(
            "No hay territorios en esta base. Reciba un paquete de la oficina regional o "
            "abra la aplicación con «pir-campo --demo» para practicar."
        )
        self.vacio.setWordWrap(True)
        self.vacio.hide()
        capa = QVBoxLayout(self)
        titulo = QLabel("<h2>Territorios</h2>Elija un territorio con Enter o doble clic.")
        capa.addWidget(titulo)
        capa.addWidget(self.vacio)
        capa.addWidget(self.tabla)
        self.setFocusProxy(self.tabla)
        self.listo = False
        self.refrescar()

    def refrescar(self) -> None:
        self.tareas.ejecutar(srv_territorio.lista, self._listo)

    def _listo(self, filas: list[dict]) -> None:
        self.modelo.poner_filas(filas)
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_COMUNAS, QHeaderView.ResizeMode.Stretch
        )
        self.vacio.setVisible(not filas)
        if filas and not self.tabla.currentIndex().isValid():
            self.tabla.selectRow(0)
        self.listo = True
        self.cargado.emit()

    def _abrir(self, indice) -> None:
        id_ = self.modelo.id_en(indice.row())
        if id_:
            self.elegir_territorio.emit(id_)
            self.abrir_registro.emit("territorio", id_)
