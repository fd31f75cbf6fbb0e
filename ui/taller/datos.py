"""Pestaña «Datos» del taller: fecha, horas, paso, localidad, lugar, facilitadores, propósito.

Cada campo queda vinculado al autoguardado; `poner` carga un taller sin provocar escrituras.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from pir_campo.modelos.enums import PasoCritico
from ui.app import FORMATO_FECHA, FORMATO_HORA
from ui.autoguardado import Autoguardado

CAMPOS = (
    "titulo",
    "fecha",
    "hora_inicio",
    "hora_termino",
    "paso",
    "localidad_id",
    "lugar",
    "facilitadores",
    "interprete",
    "proposito",
    "participan_pueblos_indigenas",
    "posible_afectacion_directa",
)
WIDGETS = (
    "titulo",
    "fecha",
    "hora_inicio",
    "hora_termino",
    "paso",
    "localidad",
    "lugar",
    "facilitadores",
    "interprete",
    "proposito",
    "indigenas",
    "afectacion",
)


def texto(widget) -> str | None:
    valor = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return valor.strip() or None


class PaginaDatos(QWidget):
    def __init__(self, autoguardado: Autoguardado, parent=None):
        super().__init__(parent)
        pagina = self
        izquierda, derecha = QFormLayout(), QFormLayout()
        self.titulo = QLineEdit()
        self.fecha = QDateEdit()
        self.fecha.setDisplayFormat(FORMATO_FECHA)
        self.fecha.setCalendarPopup(True)
        self.hora_inicio = QTimeEdit()
        self.hora_termino = QTimeEdit()
        for hora in (self.hora_inicio, self.hora_termino):
            hora.setDisplayFormat(FORMATO_HORA)
        self.paso = QComboBox()
        for p in PasoCritico:
            self.paso.addItem(f"{int(p)}. {p.etiqueta}", int(p))
        self.localidad = QComboBox()
        self.lugar = QLineEdit()
        self.facilitadores = QLineEdit()
        self.interprete = QLineEdit()
        self.proposito = QPlainTextEdit()
        self.proposito.setTabChangesFocus(True)
        self.indigenas = QCheckBox("Participan pueblos &indígenas")
        self.afectacion = QCheckBox("Posible afectación &directa (consulta indígena)")
        for formulario, filas in (
            (
                izquierda,
                [
                    ("&Título", self.titulo),
                    ("&Fecha", self.fecha),
                    ("Hora de i&nicio", self.hora_inicio),
                    ("Hora de tér&mino", self.hora_termino),
                    ("&Paso crítico", self.paso),
                    ("&Localidad", self.localidad),
                    ("Lu&gar", self.lugar),
                ],
            ),
            (
                derecha,
                [
                    ("Faci&litadores", self.facilitadores),
                    ("Intér&prete", self.interprete),
                    ("Pr&opósito", self.proposito),
                    ("", self.indigenas),
                    ("", self.afectacion),
                ],
            ),
        ):
            for titulo, widget in filas:
                widget.setAccessibleName(titulo.replace("&", "") or widget.text().replace("&", ""))
                if titulo:
                    etiqueta = QLabel(titulo)
                    etiqueta.setBuddy(widget)
                    formulario.addRow(etiqueta, widget)
                else:
                    formulario.addRow(widget)
        a = autoguardado
        a.vincular(
            self.titulo, "titulo", lambda: self.titulo.text().strip(), self.titulo.textEdited
        )
        a.vincular(
            self.fecha, "fecha", lambda: self.fecha.date().toPython(), self.fecha.dateChanged
        )
        a.vincular(
            self.hora_inicio,
            "hora_inicio",
            lambda: _hora(self.hora_inicio),
            self.hora_inicio.timeChanged,
        )
        a.vincular(
            self.hora_termino,
            "hora_termino",
            lambda: _hora(self.hora_termino),
            self.hora_termino.timeChanged,
        )
        a.vincular(self.paso, "paso", self.paso.currentData, self.paso.currentIndexChanged)
        a.vincular(
            self.localidad,
            "localidad_id",
            self.localidad.currentData,
            self.localidad.currentIndexChanged,
        )
        for campo, widget in (
            ("lugar", self.lugar),
            ("facilitadores", self.facilitadores),
            ("interprete", self.interprete),
        ):
            a.vincular(widget, campo, lambda w=widget: texto(w), widget.textEdited)
        a.vincular(
            self.proposito, "proposito", lambda: texto(self.proposito), self.proposito.textChanged
        )
        a.vincular(
            self.indigenas,
            "participan_pueblos_indigenas",
            self.indigenas.isChecked,
            self.indigenas.toggled,
        )
        a.vincular(
            self.afectacion,
            "posible_afectacion_directa",
            self.afectacion.isChecked,
            self.afectacion.toggled,
        )
        capa = QHBoxLayout(pagina)
        capa.addLayout(izquierda, 1)
        capa.addLayout(derecha, 1)

    def poner(self, t: dict[str, Any], localidades: list[dict[str, Any]]) -> None:
        self.localidad.clear()
        self.localidad.addItem("(sin localidad)", None)
        for loc in localidades:
            self.localidad.addItem(loc["nombre"], loc["id"])
        poner_texto(self.titulo, t["titulo"])
        self.fecha.setDate(QDate.fromString(t["fecha"], "yyyy-MM-dd"))
        self.hora_inicio.setTime(_qhora(t["hora_inicio"]))
        self.hora_termino.setTime(_qhora(t["hora_termino"]))
        self.paso.setCurrentIndex(max(0, self.paso.findData(int(t["paso"]))))
        self.localidad.setCurrentIndex(max(0, self.localidad.findData(t["localidad_id"])))
        for campo in ("lugar", "facilitadores", "interprete", "proposito"):
            poner_texto(getattr(self, campo), t[campo])
        self.indigenas.setChecked(bool(t["participan_pueblos_indigenas"]))
        self.afectacion.setChecked(bool(t["posible_afectacion_directa"]))

    def solo_lectura(self, si: bool) -> None:
        for widget in (
            self.titulo,
            self.lugar,
            self.facilitadores,
            self.interprete,
            self.proposito,
        ):
            widget.setReadOnly(si)
        for widget in (
            self.fecha,
            self.hora_inicio,
            self.hora_termino,
            self.paso,
            self.localidad,
            self.indigenas,
            self.afectacion,
        ):
            widget.setEnabled(not si)


def _hora(widget: QTimeEdit) -> dt.time | None:
    hora = widget.time().toPython()
    return None if hora == dt.time(0, 0) else hora


def _qhora(valor: str | None) -> QTime:
    return QTime.fromString(valor[:5], "HH:mm") if valor else QTime(0, 0)


def poner_texto(widget, valor: str | None) -> None:
    if isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != (valor or ""):
            widget.setPlainText(valor or "")
    elif widget.text() != (valor or ""):
        widget.setText(valor or "")


def normal(campo: str, valor: Any) -> Any:
    """El valor guardado, en la forma en que lo devuelve el lector del widget."""
    if campo == "fecha" and isinstance(valor, str):
        return dt.date.fromisoformat(valor)
    if campo.startswith("hora_") and isinstance(valor, str):
        return dt.time.fromisoformat(valor)
    if campo == "paso" and valor is not None:
        return int(valor)
    if campo.startswith(("participan", "posible")):
        return bool(valor)
    return valor
