"""Resultados de la búsqueda general: personas, talleres y territorios; Enter abre el registro."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import consultas_campo as q
from ui import formatos
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

TIPOS = {"taller": "Taller", "persona": "Persona", "territorio": "Territorio"}


def _detalle(fila: dict) -> str:
    if fila["tipo"] == "taller":
        return formatos.fecha(fila["detalle"])
    if fila["tipo"] == "persona":
        return formatos.rut_visible(fila["detalle"])
    return ""


class PantallaBusqueda(QWidget):
    abrir_registro = Signal(str, str)
    elegir_territorio = Signal(str)

    def __init__(self, tareas: Tareas, texto: str, territorio_id: str | None = None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.modelo = ModeloFilas(
            [
                Columna("tipo", "Tipo", TIPOS.get),
                Columna("texto", "Nombre o título"),
                Columna("territorio", "Territorio"),
                Columna("detalle_visible", "Detalle"),
            ],
            self,
        )
        self.titulo = QLabel(f"<h2>Resultados para «{texto}»</h2>Alt+← vuelve.")
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Resultados de la búsqueda")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.verticalHeader().hide()
        self.tabla.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(self._abrir)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.tabla)
        self.tareas.ejecutar(lambda a: q.buscar(a.conn, texto, territorio_id), self._listo)

    def _listo(self, filas: list[dict]) -> None:
        for f in filas:
            f["detalle_visible"] = _detalle(f)
        self.modelo.poner_filas(filas)
        if not filas:
            self.titulo.setText(self.titulo.text() + "<br>No se encontró nada.")
        else:
            self.tabla.selectRow(0)
            self.tabla.setFocus()

    def _abrir(self, indice) -> None:
        fila = self.modelo.filas[indice.row()]
        self.elegir_territorio.emit(fila["territorio_id"])
        self.abrir_registro.emit(fila["tipo"], fila["id"])
