"""Piezas de formulario comunes: listas de opciones en español y un delegado de opciones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from pir_campo.modelos.enums import Opcion


def combo_opciones(enum: type[Opcion], nombre: str, vacio: str | None = "") -> QComboBox:
    """Combo con las etiquetas del enum; el dato de cada ítem es el código guardado."""
    combo = QComboBox()
    combo.setAccessibleName(nombre)
    if vacio is not None:
        combo.addItem(vacio, None)
    for opcion in enum:
        combo.addItem(opcion.etiqueta, opcion.value)
    return combo


def elegir_dato(combo: QComboBox, dato: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(dato)))


class DelegadoOpciones(QStyledItemDelegate):
    """Edita una celda con un combo de opciones (sexo, tramo de edad, estado...)."""

    def __init__(self, enum: type[Opcion], nombre: str, vacio: str | None = "", parent=None):
        super().__init__(parent)
        self.enum, self.nombre, self.vacio = enum, nombre, vacio

    def createEditor(self, parent, option, index):
        combo = combo_opciones(self.enum, self.nombre, self.vacio)
        combo.setParent(parent)
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:
        elegir_dato(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QComboBox, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
