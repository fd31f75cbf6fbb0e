"""Quién trabaja: en la oficina, varias coordinadoras comparten un equipo y cada una dice su
nombre al abrir; la bitácora registra a esa persona (y la instalación)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui.tareas import Tareas


class DialogoPersona(QDialog):
    """Elegir o escribir el nombre; Aceptar lo fija para esta sesión."""

    def __init__(self, tareas: Tareas, conocidas: list[str], actual: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.setWindowTitle("¿Quién trabaja?")
        self.setMinimumWidth(420)
        self.nombre = QComboBox()
        self.nombre.setEditable(True)
        self.nombre.setAccessibleName("Su nombre")
        self.nombre.addItems(conocidas)
        self.nombre.setCurrentText(actual if actual in conocidas else "")
        etiqueta = QLabel(
            "Varias personas usan esta instalación. Elija o escriba <b>su nombre</b>: "
            "quedará en el historial de cada cambio que haga."
        )
        etiqueta.setWordWrap(True)
        self.aviso = QLabel("")
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;")
        botones = QDialogButtonBox()
        botones.addButton("Aceptar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.accepted.connect(self.aceptar)
        capa = QVBoxLayout(self)
        capa.addWidget(etiqueta)
        capa.addWidget(self.nombre)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)
        self.nombre.setFocus()

    def aceptar(self) -> None:
        nombre = self.nombre.currentText()
        self.tareas.ejecutar(
            lambda a: a.fijar_persona(nombre), lambda _r: self.accept(), self._fallo
        )

    def _fallo(self, error: ErrorPir) -> None:
        self.aviso.setText(str(error))

    def reject(self) -> None:  # sin nombre no se sigue: Esc no cierra el diálogo
        self.aviso.setText("Escriba su nombre para continuar.")


def pedir_en_oficina(tareas: Tareas, padre: QWidget) -> None:
    """En la oficina, abre el diálogo (sin bloquear); en un notebook no hace nada."""

    def mostrar(datos: tuple[str, list[str], str]) -> None:
        rol, conocidas, actual = datos
        if rol != "oficina":
            return
        dialogo = DialogoPersona(tareas, conocidas, actual, padre)
        padre.dialogo_persona = dialogo
        dialogo.open()

    tareas.ejecutar(lambda a: (a.rol, a.personas_conocidas(), a.persona), mostrar)
