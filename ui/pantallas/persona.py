"""Ficha de una persona: sus datos y los talleres a los que asistió (también tras fusiones)."""

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
from pir_campo.formato import cantidad
from pir_campo.modelos import Persona
from ui import formatos
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas


class FichaPersona(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, persona_id: str, parent=None):
        super().__init__(parent)
        self.encabezado = QLabel("")
        self.modelo = ModeloFilas(
            [
                Columna("fecha", "Fecha", formatos.fecha),
                Columna("titulo", "Taller"),
                Columna("paso", "Paso", formatos.paso),
                Columna("estado", "Estado", formatos.estado_taller),
            ],
            self,
        )
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Talleres a los que asistió")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.verticalHeader().hide()
        self.tabla.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(
            lambda i: self.abrir_registro.emit("taller", self.modelo.id_en(i.row()))
        )
        capa = QVBoxLayout(self)
        capa.addWidget(self.encabezado)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.tabla)
        tareas.ejecutar(
            lambda a: (a.obtener(Persona, persona_id), q.talleres_de_persona(a.conn, persona_id)),
            self._listo,
        )

    def _listo(self, datos) -> None:
        p, talleres = datos
        partes = [
            formatos.rut_visible(p["rut"]) or "sin RUT",
            formatos.sexo(p["sexo"]),
            formatos.tramo(p["tramo_edad"]),
            p["telefono"] or "",
        ]
        self.encabezado.setText(
            f"<h2>{p['nombre']}</h2>{' · '.join(x for x in partes if x)}"
            f"<br>Asistió a {cantidad(len(talleres), 'taller')}. Enter abre el taller."
        )
        self.modelo.poner_filas(talleres)
