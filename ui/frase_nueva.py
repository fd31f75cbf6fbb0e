"""Las piezas de todo formulario de frase de acceso: el campo oculto, la frase nueva dos veces
con su explicación y el diálogo que termina en una frase nueva (cifrar una base plana, cambiarla
en Ajustes, ponerla con la respuesta de la oficina)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import llaves
from pir_campo.errores import ErrorPir


def campo_frase(nombre: str) -> QLineEdit:
    c = QLineEdit()
    c.setEchoMode(QLineEdit.EchoMode.Password)
    c.setAccessibleName(nombre)
    return c


def ajustar_alto(dialogo: QWidget) -> None:
    """Con etiquetas que se parten en líneas (letra grande, avisos largos), el diálogo crece
    con su texto en vez de recortarlo."""
    alto = dialogo.layout().totalHeightForWidth(dialogo.width())
    if alto > dialogo.height():
        dialogo.resize(dialogo.width(), alto)


def aviso_rojo() -> QLabel:
    aviso = QLabel("")
    aviso.setWordWrap(True)
    aviso.setStyleSheet("color: #a40000; font-weight: bold;")
    return aviso


class CamposFraseNueva(QWidget):
    """Frase nueva dos veces, con la explicación de por qué una frase es débil."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.primera = campo_frase("Frase de acceso nueva")
        self.segunda = campo_frase("Repita la frase de acceso")
        ayuda = QLabel(
            "La frase protege los datos personales de este equipo si se pierde o lo roban. "
            "Use tres o cuatro palabras que solo usted relacione (al menos 12 caracteres). Si "
            "la olvida, la oficina regional puede ayudarle a poner otra."
        )
        ayuda.setWordWrap(True)
        self.ayuda = ayuda
        formulario = QFormLayout()
        e1, e2 = QLabel("&Frase de acceso:"), QLabel("Re&pítala:")
        e1.setBuddy(self.primera)
        e2.setBuddy(self.segunda)
        formulario.addRow(e1, self.primera)
        formulario.addRow(e2, self.segunda)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(ayuda)
        capa.addLayout(formulario)

    def frase(self) -> str:
        """La frase elegida; ErrorPir con la explicación si es débil o no coincide."""
        texto = self.primera.text()
        llaves.validar_frase(texto)
        if self.segunda.text() != texto:
            raise ErrorPir("Las dos frases no coinciden; escríbalas de nuevo.")
        return texto


class DialogoConFraseNueva(QDialog):
    """Lo común a todo diálogo que termina en una frase nueva (cifrar una base plana, cambiarla
    en Ajustes, ponerla con la respuesta de la oficina): lo propio de cada uno va en `arriba`
    y en `con_frase`, que recibe la frase ya validada."""

    def __init__(
        self, titulo: str, arriba: list[QWidget | QLayout], boton: str, parent: QWidget | None
    ):
        super().__init__(parent)
        self.frase: str | None = None
        self.setWindowTitle(titulo)
        self.setMinimumWidth(480)
        self.campos = CamposFraseNueva()
        self.aviso = aviso_rojo()
        botones = QDialogButtonBox()
        self.boton = botones.addButton(boton, QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        for parte in arriba:
            if isinstance(parte, QLayout):
                capa.addLayout(parte)
            else:
                capa.addWidget(parte)
        capa.addWidget(self.campos)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)

    def aceptar(self) -> None:
        try:
            frase = self.campos.frase()
        except ErrorPir as e:
            self.avisar(e)
            return
        self.con_frase(frase)

    def con_frase(self, frase: str) -> None:
        self.frase = frase
        self.accept()

    def avisar(self, error: ErrorPir) -> None:
        self.aviso.setText(str(error))
        ajustar_alto(self)


def etiqueta_larga(texto: str) -> QLabel:
    intro = QLabel(texto)
    intro.setWordWrap(True)
    return intro
