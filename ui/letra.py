"""Tamaño de la letra elegido en Ajustes: se aplica al arrancar, antes de armar la ventana, sin
importar la pantalla de Ajustes (que trae consigo la frase de acceso y el núcleo)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

CLAVE_LETRA = "apariencia/tamano_letra"
# 12 puntos: la mayor con la que toda pantalla cabe en 1366x768 (test_letra_grande.py).
LETRA_MINIMA, LETRA_MAXIMA = 8, 12


def aplicar_tamano_letra(puntos: int | None = None) -> None:
    """Tamaño de letra elegido en Ajustes (guardado por persona con QSettings)."""
    from PySide6.QtGui import QFont

    puntos = puntos or int(QSettings().value(CLAVE_LETRA, 0) or 0)
    if puntos:
        fuente = QFont(QApplication.font())
        fuente.setPointSize(max(LETRA_MINIMA, min(LETRA_MAXIMA, puntos)))
        QApplication.setFont(fuente)
