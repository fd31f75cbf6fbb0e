"""Frase de acceso en la interfaz: pedirla al abrir (con la salida para la frase olvidada, que
vive en `ui.recuperacion`), elegirla (dos veces) y cambiarla en Ajustes. El bloqueo por
inactividad, que tapa la ventana sin cerrar nada de lo que se estaba escribiendo y pide la frase
con el diálogo de aquí, vive en `ui.bloqueo`.

Comprobar una frase es Argon2id (~0,15 s) sobre el archivo .llave, no SQL: se hace en el hilo
de la interfaz, tras pulsar «Entrar», con el cursor de espera.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo import recuperacion
from pir_campo.almacen import llaves
from pir_campo.errores import ErrorPir
from ui.frase_nueva import (
    DialogoConFraseNueva,
    aviso_rojo,
    campo_frase,
    etiqueta_larga,
)


def _enlace(texto: str, funcion) -> QPushButton:
    """Botón plano, como un vínculo: lo secundario del diálogo, que no compite con «Entrar»."""
    boton = QPushButton(texto)
    boton.setFlat(True)
    boton.setAutoDefault(False)
    boton.setCursor(Qt.CursorShape.PointingHandCursor)
    boton.setStyleSheet("QPushButton { color: palette(link); text-decoration: underline; }")
    boton.clicked.connect(funcion)
    return boton


def _pendiente(ruta: Path) -> bool:
    try:
        return recuperacion.pendiente(ruta)
    except ErrorPir:  # sin archivo .llave: «Entrar» explicará qué falta
        return False


class DialogoFrase(QDialog):
    """Pide la frase para abrir la base (o para volver tras el bloqueo)."""

    def __init__(self, ruta: Path, bloqueo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ruta = Path(ruta)
        self.frase: str | None = None
        self.setWindowTitle("PIR Campo bloqueado" if bloqueo else "Abrir PIR Campo")
        self.setMinimumWidth(460)
        texto = (
            "La aplicación se bloqueó por inactividad. Lo que estaba escribiendo sigue ahí: "
            "ingrese la frase de acceso para continuar."
            if bloqueo
            else f"Ingrese la frase de acceso de la base <tt>{self.ruta.name}</tt>."
        )
        intro = QLabel(texto)
        intro.setWordWrap(True)
        self.campo = campo_frase("Frase de acceso")
        self.aviso = aviso_rojo()
        formulario = QFormLayout()
        etiqueta = QLabel("&Frase de acceso:")
        etiqueta.setBuddy(self.campo)
        formulario.addRow(etiqueta, self.campo)
        botones = QDialogButtonBox()
        botones.addButton("&Entrar", QDialogButtonBox.ButtonRole.AcceptRole)
        if not bloqueo:
            botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.entrar)
        botones.rejected.connect(self.reject)
        self.olvide = _enlace("&Olvidé mi frase…", self.olvide_frase)
        self.aplicar = _enlace("Aplicar la &respuesta de la oficina…", self.aplicar_respuesta)
        self.aplicar.setVisible(_pendiente(self.ruta))
        enlaces = QHBoxLayout()
        enlaces.addWidget(self.olvide)
        enlaces.addWidget(self.aplicar)
        enlaces.addStretch(1)
        capa = QVBoxLayout(self)
        capa.addWidget(intro)
        capa.addLayout(formulario)
        capa.addLayout(enlaces)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)
        self.bloqueo = bloqueo
        self.campo.setFocus()

    def olvide_frase(self) -> None:
        from ui import recuperacion as ui_recuperacion

        if ui_recuperacion.escribir_solicitud(self, self.ruta):
            self.aplicar.setVisible(True)

    def aplicar_respuesta(self) -> None:
        from ui import recuperacion as ui_recuperacion

        frase = ui_recuperacion.aplicar_respuesta(self, self.ruta)
        if frase is not None:
            self.frase = frase
            self.accept()

    def entrar(self) -> None:
        frase = self.campo.text()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            correcta = llaves.abrir_con(llaves.leer(self.ruta), frase) is not None
        except ErrorPir as e:
            self.aviso.setText(str(e))
            return
        finally:
            QApplication.restoreOverrideCursor()
        if not correcta:
            self.aviso.setText("La frase de acceso no es correcta.")
            self.campo.selectAll()
            self.campo.setFocus()
            return
        self.frase = frase
        self.accept()

    def reject(self) -> None:
        if not self.bloqueo:  # bloqueado no se sale con Esc: solo con la frase
            super().reject()


class DialogoFraseNueva(DialogoConFraseNueva):
    """Base de una versión anterior, sin cifrar: se elige la frase con que se cifrará."""

    def __init__(self, ruta: Path, parent: QWidget | None = None):
        intro = etiqueta_larga(
            f"La base <tt>{Path(ruta).name}</tt> es de una versión anterior y no está cifrada. "
            "Elija una frase de acceso: la base y sus adjuntos se cifrarán ahora, después de "
            "respaldarlos."
        )
        super().__init__("Proteger los datos de este equipo", [intro], "&Cifrar y abrir", parent)


class DialogoCambiarFrase(DialogoConFraseNueva):
    """Ajustes > Cambiar frase de acceso: la base no se reescribe, solo su archivo .llave."""

    def __init__(self, tareas, parent: QWidget | None = None):
        self.tareas = tareas
        self.actual = campo_frase("Frase de acceso actual")
        formulario = QFormLayout()
        etiqueta = QLabel("Frase &actual:")
        etiqueta.setBuddy(self.actual)
        formulario.addRow(etiqueta, self.actual)
        super().__init__("Cambiar la frase de acceso", [formulario], "&Cambiar", parent)

    def con_frase(self, frase: str) -> None:
        actual = self.actual.text()
        self.tareas.ejecutar(
            lambda a: a.cambiar_frase(actual, frase), lambda _r: self.accept(), self.avisar
        )
