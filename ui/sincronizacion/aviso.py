"""Avance de un trabajo largo: se emite desde el hilo de la base y llega al de la interfaz."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Aviso(QObject):
    """Señal (texto, fracción 0..1); las señales entre hilos llegan en cola, sin tocar widgets."""

    avance = Signal(str, float)

    def emitir(self, texto: str, fraccion: float) -> None:
        self.avance.emit(texto, fraccion)
