"""Acuerdos del taller: texto, responsable, fecha comprometida y estado; Enter agrega."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.modelos.enums import EstadoAcuerdo
from pir_campo.servicios import talleres as srv
from ui import dialogos, formatos
from ui.campos import DelegadoOpciones, atajo_quitar, campos_en_fila, combo_opciones, es_enter
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

COL_TEXTO, COL_RESPONSABLE, COL_FECHA, COL_ESTADO = range(4)
CAMPOS = {
    COL_TEXTO: "texto",
    COL_RESPONSABLE: "responsable",
    COL_FECHA: "fecha_compromiso",
    COL_ESTADO: "estado",
}


class ModeloAcuerdos(ModeloFilas):
    editar = Signal(str, str, object)

    def __init__(self, parent=None):
        super().__init__(
            [
                Columna("texto", "Acuerdo"),
                Columna("responsable", "Responsable"),
                Columna("fecha_compromiso", "Fecha comprometida", formatos.fecha),
                Columna("estado", "Estado", formatos.estado_acuerdo),
            ],
            parent,
        )
        self.solo_lectura = False

    def flags(self, index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self.solo_lectura:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            valor = self.filas[index.row()].get(CAMPOS[index.column()])
            return formatos.fecha(valor) if index.column() == COL_FECHA else valor
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.solo_lectura:
            return False
        self.editar.emit(self.filas[index.row()]["id"], CAMPOS[index.column()], value or None)
        return True


class PanelAcuerdos(QWidget):
    def __init__(self, tareas: Tareas, taller_id: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.taller_id = taller_id
        self.ingreso = QWidget()
        rejilla = QGridLayout(self.ingreso)
        rejilla.setContentsMargins(0, 0, 0, 0)
        self.texto = QLineEdit()
        self.texto.setPlaceholderText("Qué se acordó")
        self.responsable = QLineEdit()
        self.fecha = QLineEdit()
        self.fecha.setPlaceholderText("dd-mm-aaaa (opcional)")
        self.estado = combo_opciones(EstadoAcuerdo, "Estado del acuerdo", vacio=None)
        self.agregar = QPushButton("A&gregar acuerdo (Enter)")
        self.agregar.clicked.connect(self.agregar_fila)
        campos_en_fila(
            rejilla,
            [
                ("Ac&uerdo", self.texto),
                ("Res&ponsable", self.responsable),
                ("&Fecha comprometida", self.fecha),
                ("Es&tado", self.estado),
            ],
            self,
        )
        rejilla.addWidget(self.agregar, 1, 4)
        rejilla.setColumnStretch(0, 4)
        rejilla.setColumnStretch(1, 2)
        self.aviso = QLabel("")
        self.aviso.setWordWrap(True)
        self.modelo = ModeloAcuerdos(self)
        self.modelo.editar.connect(self._editar)
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Acuerdos del taller")
        self.tabla.setWordWrap(True)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setItemDelegateForColumn(
            COL_ESTADO, DelegadoOpciones(EstadoAcuerdo, "Estado", None, self)
        )
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_TEXTO, QHeaderView.ResizeMode.Stretch
        )
        atajo_quitar(self.tabla, self.quitar_seleccionado)
        capa = QVBoxLayout(self)
        capa.addWidget(self.ingreso)
        capa.addWidget(self.aviso)
        capa.addWidget(self.tabla, 1)

    def eventFilter(self, objeto, evento) -> bool:
        if es_enter(evento):
            self.agregar_fila()
            return True
        return False

    def poner_acuerdos(self, filas: list[dict]) -> None:
        self.modelo.poner_filas(filas)
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_TEXTO, QHeaderView.ResizeMode.Stretch
        )
        self.tabla.resizeRowsToContents()

    def refrescar(self) -> None:
        tid = self.taller_id
        self.tareas.ejecutar(
            lambda a: a.listar(srv.Acuerdo, orden="id", taller_id=tid), self.poner_acuerdos
        )

    def solo_lectura(self, si: bool) -> None:
        self.ingreso.setEnabled(not si)
        self.modelo.solo_lectura = si

    def _avisar(self, mensaje: str) -> None:
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;")
        self.aviso.setText(mensaje)

    def agregar_fila(self) -> None:
        datos = {
            "texto": self.texto.text().strip(),
            "responsable": self.responsable.text().strip() or None,
            "fecha_compromiso": self.fecha.text().strip() or None,
            "estado": self.estado.currentData(),
        }
        tid = self.taller_id
        self.tareas.ejecutar(
            lambda a: srv.agregar_acuerdo(a, tid, datos),
            lambda _c: self._agregado(),
            lambda e: self._avisar(str(e)),
        )

    def _agregado(self) -> None:
        for campo in (self.texto, self.responsable, self.fecha):
            campo.clear()
        self.estado.setCurrentIndex(0)
        self.aviso.clear()
        self.texto.setFocus()
        self.refrescar()

    def _editar(self, acuerdo_id: str, campo: str, valor: Any) -> None:
        self.tareas.ejecutar(
            lambda a: srv.actualizar_acuerdo(a, acuerdo_id, {campo: valor}),
            lambda _c: (self.aviso.clear(), self.refrescar()),
            lambda e: (self._avisar(str(e)), self.refrescar()),
        )

    def quitar_seleccionado(self) -> None:
        indice = self.tabla.currentIndex()
        if not indice.isValid() or self.modelo.solo_lectura:
            return
        fila = self.modelo.filas[indice.row()]
        if dialogos.confirmar(self, "Quitar acuerdo", "¿Quitar este acuerdo del taller?", "Quitar"):
            self.tareas.ejecutar(
                lambda a: srv.quitar_acuerdo(a, fila["id"]),
                lambda _c: self.refrescar(),
                lambda e: self._avisar(str(e)),
            )
