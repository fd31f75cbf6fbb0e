"""Piezas de formulario comunes: listas de opciones en español, un delegado de opciones, la fila
de ingreso rápido (Enter agrega, Supr quita) y los atajos de teclado de los editores."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QWidget,
)

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


def campos_en_fila(
    rejilla: QGridLayout, campos: Sequence[tuple[str, QWidget]], filtro: QObject
) -> None:
    """Etiquetas (con su tecla Alt) en la fila 0 y campos en la fila 1; `filtro` recibe las
    teclas de cada campo para que Enter agregue sin salir del teclado."""
    for col, (titulo, widget) in enumerate(campos):
        etiqueta = QLabel(titulo)
        etiqueta.setBuddy(widget)
        widget.setAccessibleName(titulo.replace("&", ""))
        widget.installEventFilter(filtro)
        rejilla.addWidget(etiqueta, 0, col)
        rejilla.addWidget(widget, 1, col)


def fila_de_filtro(filtro: QWidget, *otros: QWidget) -> QHBoxLayout:
    """«Filtrar: [……]» (Alt+F lleva al filtro), que se estira, y a su derecha `otros`."""
    etiqueta = QLabel("&Filtrar:")
    etiqueta.setBuddy(filtro)
    fila = QHBoxLayout()
    fila.addWidget(etiqueta)
    fila.addWidget(filtro, 1)
    for widget in otros:
        fila.addWidget(widget)
    return fila


def es_enter(evento: QEvent) -> bool:
    return evento.type() == QEvent.Type.KeyPress and evento.key() in (
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    )


def atajo_quitar(tabla: QWidget, funcion: Callable[[], None]) -> None:
    """Supr quita la fila elegida, solo con el foco en la tabla (no borra texto de los campos)."""
    quitar = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), tabla)
    quitar.setContext(Qt.ShortcutContext.WidgetShortcut)
    quitar.activated.connect(funcion)


def atajo(widget: QWidget, tecla: str, funcion: Callable, texto: str = "") -> None:
    """Atajo válido mientras el foco esté dentro de `widget` (cada editor tiene los suyos).

    `texto` es lo que la lista de atajos (F1) muestra: la lista sale de estas acciones."""
    accion = QAction(texto, widget)
    accion.setShortcuts([QKeySequence(tecla)])  # setShortcut crea enums: 40 ms la 1.ª vez
    accion.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    accion.triggered.connect(funcion)
    widget.addAction(accion)


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


def aspecto_solo_lectura(widget: QWidget, si: bool) -> None:
    """Un campo congelado (taller cerrado, acta firmada) se ve gris, no blanco: el encabezado
    solo no basta para notarlo. Los textos siguen seleccionables para copiarlos."""
    widget.setProperty("solo_lectura", si)
    widget.setStyleSheet("background: #e6e6e6; color: #303030;" if si else "")
    if si:
        widget.setToolTip("Solo lectura: el registro está cerrado o firmado")
    elif widget.toolTip().startswith("Solo lectura"):
        widget.setToolTip("")
