"""Escribir texto en español en las pruebas: `qtbot.keyClicks` aborta con á, é, ñ en PySide6.

Se envía a mano un QKeyEvent por carácter, con el texto del carácter; los widgets de texto
lo insertan igual que si viniera del teclado.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def _tecla(caracter: str) -> int:
    if caracter.isascii() and caracter.isalnum():
        return ord(caracter.upper())
    if caracter == " ":
        return int(Qt.Key.Key_Space)
    return 0


def escribir(widget: QWidget, texto: str) -> None:
    """Escribe `texto` en `widget` (o en el que tenga el foco dentro de él)."""
    destino = widget.focusProxy() or widget
    for caracter in texto:
        if caracter == "\n":
            pulsar(destino, Qt.Key.Key_Return)
            continue
        for tipo in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            evento = QKeyEvent(tipo, _tecla(caracter), Qt.KeyboardModifier.NoModifier, caracter)
            QCoreApplication.sendEvent(destino, evento)
    QApplication.processEvents()


def pulsar(
    widget: QWidget,
    tecla: Qt.Key,
    modificadores: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    for tipo in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(widget, QKeyEvent(tipo, tecla, modificadores))
    QApplication.processEvents()


def enfocado() -> QWidget | None:
    return QApplication.focusWidget()
