"""Pestaña «Datos» del taller: fecha, horas, paso, localidad, lugar, facilitadores, propósito.

Los campos salen de una sola lista, `CAMPOS`, cuyas etiquetas vienen del modelo `Taller`
(el mismo título que usan los mensajes de validación); cargar, leer, recordar y dejar de solo
lectura recorren esa lista. `poner` carga un taller sin provocar escrituras.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from pir_campo.modelos.enums import PasoCritico
from ui.autoguardado import Autoguardado
from ui.campos import aspecto_solo_lectura
from ui.fechas import CampoFecha, CampoHora


@dataclass(frozen=True)
class CampoTaller:
    """Un campo del modelo `Taller` en la pestaña: su widget, su tecla Alt y su columna."""

    campo: str
    widget: str
    clase: type
    tecla: str  # letra de la etiqueta que lleva el «&» (Alt+letra)
    derecha: bool = False


CAMPOS_DATOS: tuple[CampoTaller, ...] = (
    CampoTaller("titulo", "titulo", QLineEdit, "T"),
    CampoTaller("fecha", "fecha", CampoFecha, "F"),
    CampoTaller("hora_inicio", "hora_inicio", CampoHora, "n"),
    CampoTaller("hora_termino", "hora_termino", CampoHora, "m"),
    CampoTaller("paso", "paso", QComboBox, "P"),
    CampoTaller("localidad_id", "localidad", QComboBox, "L"),
    CampoTaller("lugar", "lugar", QLineEdit, "g"),
    CampoTaller("facilitadores", "facilitadores", QLineEdit, "i", derecha=True),
    CampoTaller("interprete", "interprete", QLineEdit, "p", derecha=True),
    CampoTaller("proposito", "proposito", QPlainTextEdit, "o", derecha=True),
    CampoTaller("participan_pueblos_indigenas", "indigenas", QCheckBox, "i", derecha=True),
    CampoTaller("posible_afectacion_directa", "afectacion", QCheckBox, "d", derecha=True),
)
CAMPOS = tuple(c.campo for c in CAMPOS_DATOS)
WIDGETS = tuple(c.widget for c in CAMPOS_DATOS)
# Aclaraciones que el título del modelo no dice y la persona necesita al marcar.
_ACLARACION = {"posible_afectacion_directa": " (consulta indígena)"}


def etiqueta_de(c: CampoTaller) -> str:
    """Título del modelo con el «&» antes de la tecla elegida (p. ej. «Hora de i&nicio»)."""
    from pir_campo.modelos import Taller

    titulo = Taller.model_fields[c.campo].title or c.campo
    posicion = titulo.find(c.tecla)
    if posicion < 0:
        posicion = titulo.lower().find(c.tecla.lower())
    con_tecla = titulo if posicion < 0 else titulo[:posicion] + "&" + titulo[posicion:]
    return con_tecla + _ACLARACION.get(c.campo, "")


def texto(widget) -> str | None:
    valor = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return valor.strip() or None


def _lector(c: CampoTaller, widget):
    if c.clase is CampoFecha:
        return (lambda: widget.date().toPython()), widget.dateChanged
    if c.clase is CampoHora:
        return (lambda: _hora(widget)), widget.timeChanged
    if c.clase is QComboBox:
        return widget.currentData, widget.currentIndexChanged
    if c.clase is QCheckBox:
        return widget.isChecked, widget.toggled
    if c.clase is QPlainTextEdit:
        return (lambda: texto(widget)), widget.textChanged
    if c.campo == "titulo":
        return (lambda: widget.text().strip()), widget.textEdited
    return (lambda: texto(widget)), widget.textEdited


class PaginaDatos(QWidget):
    def __init__(self, autoguardado: Autoguardado, parent=None):
        super().__init__(parent)
        izquierda, derecha = QFormLayout(), QFormLayout()
        for formulario in (izquierda, derecha):
            # Con la letra más grande, el rótulo pasa encima del campo antes que no quepa.
            formulario.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for c in CAMPOS_DATOS:
            etiqueta = etiqueta_de(c)
            widget = c.clase(etiqueta) if c.clase is QCheckBox else c.clase()
            setattr(self, c.widget, widget)
            if c.campo == "paso":
                for p in PasoCritico:  # antes de vincular: llenarlo no es un cambio
                    widget.addItem(f"{int(p)}. {p.etiqueta}", int(p))
            widget.setAccessibleName(etiqueta.replace("&", ""))
            formulario = derecha if c.derecha else izquierda
            if c.clase is QCheckBox:
                formulario.addRow(widget)
            else:
                rotulo = QLabel(etiqueta)
                rotulo.setBuddy(widget)
                formulario.addRow(rotulo, widget)
            leer, senal = _lector(c, widget)
            autoguardado.vincular(widget, c.campo, leer, senal)
        self.proposito.setTabChangesFocus(True)
        self.hora_inicio.setToolTip("Escriba la hora con cuatro cifras, p. ej. 1030 para 10:30")
        capa = QHBoxLayout(self)
        capa.addLayout(izquierda, 1)
        capa.addLayout(derecha, 1)

    def widgets(self) -> list[QWidget]:
        return [getattr(self, c.widget) for c in CAMPOS_DATOS]

    def poner(self, t: dict[str, Any], localidades: list[dict[str, Any]]) -> None:
        self.localidad.clear()
        self.localidad.addItem("(sin localidad)", None)
        for loc in localidades:
            self.localidad.addItem(loc["nombre"], loc["id"])
        for c in CAMPOS_DATOS:
            widget, valor = getattr(self, c.widget), t[c.campo]
            if c.clase is CampoFecha:
                widget.setDate(QDate.fromString(valor, "yyyy-MM-dd"))
            elif c.clase is CampoHora:
                widget.poner_iso(valor)
            elif c.clase is QComboBox:
                dato = int(valor) if c.campo == "paso" else valor
                widget.setCurrentIndex(max(0, widget.findData(dato)))
            elif c.clase is QCheckBox:
                widget.setChecked(bool(valor))
            else:
                poner_texto(widget, valor)

    def solo_lectura(self, si: bool) -> None:
        for c in CAMPOS_DATOS:
            widget = getattr(self, c.widget)
            if c.clase in (QLineEdit, QPlainTextEdit):
                widget.setReadOnly(si)
            else:
                widget.setEnabled(not si)
            aspecto_solo_lectura(widget, si)


def _hora(widget: CampoHora) -> dt.time | None:
    return None if widget.sin_hora() else widget.time().toPython()


def poner_texto(widget, valor: str | None) -> None:
    if isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != (valor or ""):
            widget.setPlainText(valor or "")
    elif widget.text() != (valor or ""):
        widget.setText(valor or "")
        widget.setCursorPosition(0)  # se lee desde el comienzo, no cortado al final


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
