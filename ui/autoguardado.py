"""Borradores que se guardan solos: cada campo se escribe en la base poco después de teclear.

No hay botón Guardar. Cada campo tiene su temporizador corto y se guarda de inmediato al salir
de él, así que un corte de luz pierde a lo más el campo que se estaba escribiendo. Si el valor
no es válido, el campo se marca en rojo con el mensaje en español y no se escribe nada.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorPir
from ui.tareas import Tareas

Guardar = Callable[[Almacen, str, Any], Any]
ESTILO_ERROR = "border: 2px solid #c00000;"


class Autoguardado(QObject):
    guardado = Signal(str)
    rechazado = Signal(str, str)

    def __init__(self, tareas: Tareas, guardar: Guardar, retardo_ms: int = 400, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self._guardar_fn = guardar
        self.retardo_ms = retardo_ms
        self._lectores: dict[str, Callable[[], Any]] = {}
        self._widgets: dict[str, QWidget] = {}
        self._temporizadores: dict[str, QTimer] = {}
        self._guardados: dict[str, Any] = {}
        self.cargando = False

    def vincular(self, widget: QWidget, campo: str, leer: Callable[[], Any], senal) -> None:
        self._lectores[campo] = leer
        self._widgets[campo] = widget
        temporizador = QTimer(self, singleShot=True, interval=self.retardo_ms)
        temporizador.timeout.connect(lambda: self._guardar(campo))
        self._temporizadores[campo] = temporizador
        senal.connect(lambda *_: self._cambio(campo))
        # Un campo destruido (editor cerrado) no debe guardarse después desde su temporizador.
        widget.destroyed.connect(temporizador.stop)
        widget.installEventFilter(self)
        widget.setProperty("campo_autoguardado", campo)

    def recordar(self, campo: str, valor: Any) -> None:
        """Valor ya guardado (al cargar el registro): no se vuelve a escribir."""
        self._guardados[campo] = valor

    def _cambio(self, campo: str) -> None:
        if not self.cargando:
            self._temporizadores[campo].start()

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if evento.type() == QEvent.Type.FocusOut:
            campo = objeto.property("campo_autoguardado")
            if campo and self._temporizadores[campo].isActive():
                self._guardar(campo)
        return False

    def guardar_pendientes(self) -> None:
        for campo, temporizador in self._temporizadores.items():
            if temporizador.isActive():
                self._guardar(campo)

    def _guardar(self, campo: str) -> None:
        self._temporizadores[campo].stop()
        valor = self._lectores[campo]()
        if campo in self._guardados and self._guardados[campo] == valor:
            self._marcar(campo, None)
            return
        self.tareas.ejecutar(
            lambda a: self._guardar_fn(a, campo, valor),
            lambda _r: self._listo(campo, valor),
            lambda e: self._fallo(campo, e),
        )

    def _listo(self, campo: str, valor: Any) -> None:
        self._guardados[campo] = valor
        self._marcar(campo, None)
        self.guardado.emit(campo)

    def _fallo(self, campo: str, error: ErrorPir) -> None:
        self._marcar(campo, str(error))
        self.rechazado.emit(campo, str(error))

    def _marcar(self, campo: str, mensaje: str | None) -> None:
        widget = self._widgets[campo]
        widget.setStyleSheet(ESTILO_ERROR if mensaje else "")
        widget.setToolTip(mensaje or "")
