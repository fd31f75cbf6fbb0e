"""Revisión de conflictos: ambos valores con quién y cuándo; mantener, usar el otro o editar.

La resolución es una escritura local más y viaja en el próximo paquete como cualquier cambio.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from pir_campo.sincro import conflictos
from ui.sincronizacion.modelos import ROL_ID, ModeloConflictos
from ui.tareas import Tareas


class PantallaConflictos(QWidget):
    def __init__(self, tareas: Tareas, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas = tareas
        self.actual: dict[str, Any] | None = None
        self.setAccessibleName("Conflictos de sincronización")

        self.lbl_titulo = QLabel("<h2>Conflictos por revisar</h2>")
        self.lbl_vacio = QLabel("")
        self.modelo = ModeloConflictos(self)
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Lista de conflictos")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tabla.selectionModel().currentRowChanged.connect(self._elegido)

        self.lbl_vigente = QLabel("")
        self.lbl_otro = QLabel("")
        for lbl in (self.lbl_vigente, self.lbl_otro):
            lbl.setWordWrap(True)
            lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.btn_mantener = QPushButton("&Mantener el vigente")
        self.btn_otro = QPushButton("&Usar el otro valor")
        self.txt_valor = QLineEdit()
        self.txt_valor.setPlaceholderText("Valor corregido")
        self.txt_valor.setAccessibleName("Valor corregido")
        self.btn_editar = QPushButton("&Guardar valor editado")
        self.btn_mantener.clicked.connect(lambda: self.resolver("mantener"))
        self.btn_otro.clicked.connect(lambda: self.resolver("tomar_otro"))
        self.btn_editar.clicked.connect(lambda: self.resolver("editar", self.txt_valor.text()))
        self.lbl_mensaje = QLabel("")
        self.lbl_mensaje.setWordWrap(True)

        detalle = QGroupBox("Detalle")
        v = QVBoxLayout(detalle)
        v.addWidget(self.lbl_vigente)
        v.addWidget(self.lbl_otro)
        botones = QHBoxLayout()
        botones.addWidget(self.btn_mantener)
        botones.addWidget(self.btn_otro)
        botones.addWidget(self.txt_valor, 1)
        botones.addWidget(self.btn_editar)
        v.addLayout(botones)
        v.addWidget(self.lbl_mensaje)

        raiz = QVBoxLayout(self)
        raiz.addWidget(self.lbl_titulo)
        raiz.addWidget(self.lbl_vacio)
        raiz.addWidget(self.tabla, 1)
        raiz.addWidget(detalle)
        self._habilitar(False)
        self.refrescar()

    def refrescar(self) -> None:
        self.tareas.ejecutar(conflictos.listar, self._mostrar, self._fallo)

    def _mostrar(self, lista: list[dict[str, Any]]) -> None:
        self.modelo.cargar(lista)
        self.lbl_vacio.setText(
            "No hay conflictos abiertos." if not lista else f"Conflictos abiertos: {len(lista)}."
        )
        self.actual = None
        self._habilitar(False)
        self.lbl_vigente.setText("")
        self.lbl_otro.setText("")
        if lista:
            self.tabla.selectionModel().setCurrentIndex(
                self.modelo.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _elegido(self, indice: Any, _anterior: Any = None) -> None:
        if not indice.isValid():
            return
        conflicto_id = self.modelo.data(indice, ROL_ID)
        c = next((f for f in self.modelo.filas if f["id"] == conflicto_id), None)
        self.actual = c
        if c is None:
            return
        self.lbl_vigente.setText(
            f"<b>Vigente ahora:</b> {c['valor_vigente']} — {c['vigente_por']}, {c['vigente_el']}"
        )
        self.lbl_otro.setText(
            f"<b>Otro valor:</b> {c['valor_otro']} — {c['otro_por']}, {c['otro_el']}"
        )
        self.txt_valor.setText("" if c["campo"] == "Eliminado" else c["valor_vigente"])
        self._habilitar(True)
        self.txt_valor.setEnabled(c["campo"] != "Eliminado")
        self.btn_editar.setEnabled(c["campo"] != "Eliminado")
        self.lbl_mensaje.setText(f"{c['registro']}, campo «{c['campo']}»: {c['tipo'].lower()}.")

    def resolver(self, accion: str, valor: Any = None) -> None:
        if self.actual is None:
            return
        conflicto_id = self.actual["id"]
        self._habilitar(False)
        self.tareas.ejecutar(
            lambda a: conflictos.resolver(a, conflicto_id, accion, valor or None),
            lambda _r: self._resuelto(),
            self._fallo,
        )

    def _resuelto(self) -> None:
        self.lbl_mensaje.setText("Conflicto resuelto; viajará en el próximo paquete.")
        self.refrescar()

    def _habilitar(self, si: bool) -> None:
        for w in (self.btn_mantener, self.btn_otro, self.btn_editar, self.txt_valor):
            w.setEnabled(si)

    def _fallo(self, error: ErrorPir) -> None:
        self._habilitar(self.actual is not None)
        self.lbl_mensaje.setText(f"No se pudo resolver: {error}")
