"""Cada campo tiene un nombre accesible: NVDA lo lee aunque no haya una etiqueta al lado."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Persona, Taller

ENTRADAS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


def sin_nombre(raiz: QWidget) -> list[str]:
    faltan = []
    for w in raiz.findChildren(QWidget):
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # el texto interno de un combo o de una fecha: se nombra el de afuera
        if isinstance(w, QHeaderView) or isinstance(w.parent(), QAbstractItemView):
            continue  # cabeceras y el botón de esquina de una tabla son parte de ella
        if w.objectName().startswith("qt_") or isinstance(w.parent(), QLineEdit):
            continue  # piezas internas de Qt (botón de limpiar, extensión de la barra)
        if w.window() is not raiz.window():
            continue  # listas emergentes de combos y sugerencias: Qt las anuncia por el combo
        if isinstance(w, ENTRADAS):
            nombre = w.accessibleName()
        elif isinstance(w, QAbstractButton):
            nombre = w.accessibleName() or w.text().replace("&", "")
        else:
            continue
        if not nombre.strip():
            faltan.append(f"{type(w).__name__} en {type(w.parent()).__name__}")
    return faltan


def test_todo_campo_de_cada_pantalla_y_editor_tiene_nombre_accesible(qtbot, ventana, ruta_demo):
    faltan: dict[str, list[str]] = {}
    for i, seccion in enumerate(ventana.secciones):
        ventana.ir_a(i)
        qtbot.wait(50)
        if f := sin_nombre(ventana.pagina_actual()):
            faltan[seccion.titulo] = f
    with Almacen.abrir(ruta_demo) as a:
        registros = (
            ("taller", a.listar(Taller, limite=1)[0]["id"]),
            ("acta", a.listar(ActaValidacion, limite=1)[0]["id"]),
            ("persona", a.listar(Persona, limite=1)[0]["id"]),
        )
    for tipo, id_ in registros:
        ventana.abrir_registro(tipo, id_)
        qtbot.wait(50)
        if f := sin_nombre(ventana.pagina_actual()):
            faltan[tipo] = f
        ventana.volver()
    if f := sin_nombre(ventana.findChild(QWidget, "barra_principal")):
        faltan["barra"] = f
    assert faltan == {}
