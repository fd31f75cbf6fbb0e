"""Diálogos estándar en español: una sola puerta para avisos, preguntas y archivos.

Los botones se rotulan aquí mismo (no se confía solo en qtbase_es.qm, que puede faltar).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

FILTRO_ADJUNTOS = "Fotos y documentos (*.jpg *.jpeg *.png *.pdf);;Todos los archivos (*)"


def _caja(padre: QWidget | None, icono, titulo: str, texto: str) -> QMessageBox:
    caja = QMessageBox(icono, titulo, texto, QMessageBox.StandardButton.NoButton, padre)
    caja.setTextFormat(caja.textFormat().PlainText)
    return caja


def informar(padre: QWidget | None, titulo: str, texto: str) -> None:
    caja = _caja(padre, QMessageBox.Icon.Information, titulo, texto)
    caja.addButton("Aceptar", QMessageBox.ButtonRole.AcceptRole)
    caja.exec()


def error(padre: QWidget | None, texto: str, titulo: str = "No se pudo completar") -> None:
    caja = _caja(padre, QMessageBox.Icon.Warning, titulo, texto)
    caja.addButton("Aceptar", QMessageBox.ButtonRole.AcceptRole)
    caja.exec()


def confirmar(
    padre: QWidget | None, titulo: str, texto: str, si: str = "Sí", enter_confirma: bool = False
) -> bool:
    """Por omisión Enter cancela (lo seguro para borrar); con `enter_confirma`, la acción que la
    persona pidió expresamente (p. ej. cerrar un taller revisado) se confirma con Enter. Esc
    siempre cancela."""
    caja = _caja(padre, QMessageBox.Icon.Question, titulo, texto)
    boton_si = caja.addButton(si if "&" in si else "&" + si, QMessageBox.ButtonRole.AcceptRole)
    no = caja.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
    caja.setDefaultButton(boton_si if enter_confirma else no)
    caja.setEscapeButton(no)
    caja.exec()
    return caja.clickedButton() is boton_si


def elegir(
    padre: QWidget | None, titulo: str, texto: str, opciones: list[str], omision: int
) -> int | None:
    """Aviso con varias salidas; Enter elige `opciones[omision]`, Esc devuelve None."""
    caja = _caja(padre, QMessageBox.Icon.Warning, titulo, texto)
    botones = [caja.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in opciones]
    no = caja.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole)
    caja.setDefaultButton(botones[omision])
    caja.setEscapeButton(no)
    caja.exec()
    elegido = caja.clickedButton()
    return botones.index(elegido) if elegido in botones else None


class DialogoMotivo(QDialog):
    """Pide un texto obligatorio (motivo de reapertura, texto de adenda)."""

    def __init__(self, padre: QWidget | None, titulo: str, pregunta: str, boton: str):
        super().__init__(padre)
        self.setWindowTitle(titulo)
        self.setMinimumWidth(460)
        capa = QVBoxLayout(self)
        etiqueta = QLabel(pregunta)
        etiqueta.setWordWrap(True)
        self.texto = QPlainTextEdit()
        self.texto.setAccessibleName(titulo)
        self.texto.setTabChangesFocus(True)
        etiqueta.setBuddy(self.texto)
        self.aviso = QLabel("")
        self.aviso.setStyleSheet("color: #a40000")
        botones = QDialogButtonBox()
        self.aceptar = botones.addButton(boton, QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self._aceptar)
        botones.rejected.connect(self.reject)
        for w in (etiqueta, self.texto, self.aviso, botones):
            capa.addWidget(w)

    def _aceptar(self) -> None:
        if not self.valor():
            self.aviso.setText("Escriba el motivo; no puede quedar vacío.")
            self.texto.setFocus()
            return
        self.accept()

    def valor(self) -> str:
        return self.texto.toPlainText().strip()


def pedir_motivo(padre: QWidget | None, titulo: str, pregunta: str, boton: str) -> str | None:
    dialogo = DialogoMotivo(padre, titulo, pregunta, boton)
    return dialogo.valor() if dialogo.exec() == QDialog.DialogCode.Accepted else None


def elegir_archivos(padre: QWidget | None, titulo: str = "Adjuntar archivos") -> list[Path]:
    rutas, _ = QFileDialog.getOpenFileNames(padre, titulo, "", FILTRO_ADJUNTOS)
    return [Path(r) for r in rutas]


def elegir_json(padre: QWidget | None, titulo: str) -> Path | None:
    ruta, _ = QFileDialog.getOpenFileName(padre, titulo, "", "Archivos JSON (*.json)")
    return Path(ruta) if ruta else None


def guardar_como(
    padre: QWidget | None, titulo: str, sugerido: str, filtro: str, ext: str
) -> Path | None:
    """Pide dónde guardar un archivo; agrega la extensión `ext` (p. ej. «.json») si falta."""
    ruta, _ = QFileDialog.getSaveFileName(padre, titulo, sugerido, filtro)
    if not ruta:
        return None
    return Path(ruta) if ruta.lower().endswith(ext) else Path(ruta + ext)


def pedir_texto(padre: QWidget, titulo_: str, pregunta: str) -> str | None:
    """Pide un texto (justificación, motivo) con botones en español; None si se cancela."""
    dialogo = QInputDialog(padre)
    dialogo.setWindowTitle(titulo_)
    dialogo.setLabelText(pregunta)
    dialogo.setOkButtonText("Aceptar")
    dialogo.setCancelButtonText("Cancelar")
    dialogo.resize(480, dialogo.sizeHint().height())
    return dialogo.textValue() if dialogo.exec() else None
