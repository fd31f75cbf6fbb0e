"""Escribir texto en español en las pruebas de planificación (copia local del ayudante común:
`qtbot.keyClicks` aborta con á, é, ñ en PySide6 6.12)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def escribir(widget: QWidget, texto: str) -> None:
    widget.setFocus()
    for caracter in texto:
        tecla = ord(caracter.upper()) if caracter.isascii() and caracter.isalnum() else 0
        for tipo in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            evento = QKeyEvent(tipo, tecla, Qt.KeyboardModifier.NoModifier, caracter)
            QCoreApplication.sendEvent(widget, evento)
    QApplication.processEvents()
