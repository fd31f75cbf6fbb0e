"""Diagnóstico de capacidad de gestión: el instrumento vigente como formulario, con el puntaje
y el nivel calculados mientras se responde."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pir_campo import capacidad, formato
from pir_campo.modelos.enums import NivelCapacidad
from pir_campo.planificacion import capacidad_servicio
from ui.planificacion.comun import COLORES_NIVEL, Aviso
from ui.tareas import Tareas


class DialogoDiagnostico(QDialog):
    guardado = Signal(object)

    def __init__(
        self,
        tareas: Tareas,
        organizacion_id: str,
        organizacion: str,
        parent: QWidget | None = None,
        instrumento: capacidad.Instrumento | None = None,
    ):
        super().__init__(parent)
        self.tareas, self.organizacion_id = tareas, organizacion_id
        self.instrumento = instrumento or capacidad.cargar()
        self.setWindowTitle(f"Nuevo diagnóstico: {organizacion}")
        self.resize(940, 640)
        capa = QVBoxLayout(self)
        # A quién se evalúa, dentro del diálogo (el título de la ventana no siempre se ve).
        self.evaluada = QLabel(f"<h3>Organización evaluada: {escape(organizacion)}</h3>")
        self.evaluada.setAccessibleName("Organización evaluada")
        capa.addWidget(self.evaluada)
        cabecera = QHBoxLayout()
        self.fecha = QLineEdit(formato.fecha(dt.date.today()))
        self.fecha.setAccessibleName("Fecha del diagnóstico")
        self.fecha.setMaximumWidth(120)
        cabecera.addWidget(QLabel("Fecha:"))
        cabecera.addWidget(self.fecha)
        cabecera.addWidget(
            QLabel(f"{self.instrumento.nombre} (versión {self.instrumento.version})"), 1
        )
        self.resultado = QLabel("")
        self.resultado.setAccessibleName("Resultado")
        cabecera.addWidget(self.resultado)
        capa.addLayout(cabecera)
        cuerpo = QWidget()
        capa_cuerpo = QVBoxLayout(cuerpo)
        self.combos: dict[str, QComboBox] = {}
        for seccion in self.instrumento.secciones:
            caja = QGroupBox(f"{seccion.nombre} (peso {formato.numero(seccion.peso * 100)} %)")
            forma = QFormLayout(caja)
            forma.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for codigo, texto in seccion.items:
                combo = QComboBox()
                combo.setAccessibleName(texto)
                combo.setFixedWidth(240)
                combo.addItem("Elija…", None)
                for valor, etiqueta in self.instrumento.escala:
                    combo.addItem(f"{valor} · {etiqueta}", valor)
                combo.currentIndexChanged.connect(self._recalcular)
                etiqueta_item = QLabel(texto)
                etiqueta_item.setMinimumWidth(400)
                etiqueta_item.setBuddy(combo)
                forma.addRow(etiqueta_item, combo)
                self.combos[codigo] = combo
            capa_cuerpo.addWidget(caja)
        self.observaciones = QPlainTextEdit()
        self.observaciones.setAccessibleName("Observaciones")
        self.observaciones.setMaximumHeight(60)
        self.observaciones.setTabChangesFocus(True)
        capa_cuerpo.addWidget(QLabel("Observaciones:"))
        capa_cuerpo.addWidget(self.observaciones)
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(cuerpo)
        capa.addWidget(desplazable, 1)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        botones = QDialogButtonBox()
        botones.addButton("Guardar diagnóstico", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        capa.addWidget(botones)
        self._recalcular()

    def responder(self, codigo: str, valor: int) -> None:
        combo = self.combos[codigo]
        combo.setCurrentIndex(combo.findData(valor))

    def respuestas(self) -> dict[str, int]:
        return {
            c: combo.currentData()
            for c, combo in self.combos.items()
            if combo.currentData() is not None
        }

    def _recalcular(self) -> None:
        resp = self.respuestas()
        faltan = len(self.combos) - len(resp)
        if not resp:
            self.resultado.setText(f"Responda los {len(self.combos)} ítems")
            self.resultado.setStyleSheet("padding: 3px 8px")
            return
        res = capacidad.puntuar(self.instrumento, resp)
        nivel = NivelCapacidad(res.nivel).etiqueta
        texto = f"Puntaje {formato.numero(res.puntaje, 1)} · nivel {nivel.lower()}"
        if faltan:
            texto += f" (faltan {faltan} ítem(s))"
        self.resultado.setText(texto)
        self.resultado.setStyleSheet(
            f"background: {COLORES_NIVEL[res.nivel]}; padding: 3px 8px; font-weight: bold"
        )

    def aceptar(self) -> None:
        org, fecha, resp = self.organizacion_id, self.fecha.text().strip(), self.respuestas()
        obs = self.observaciones.toPlainText().strip() or None
        inst = self.instrumento
        self.aviso.limpiar()
        self.tareas.ejecutar(
            lambda a: capacidad_servicio.registrar_diagnostico(
                a, org, _iso(fecha), resp, obs, instrumento=inst
            ),
            self._listo,
            self.aviso.error,
        )

    def _listo(self, cambio: Any) -> None:
        self.guardado.emit(cambio)
        self.accept()


def _iso(fecha: str) -> str:
    """dd-mm-aaaa a aaaa-mm-dd; otro texto pasa tal cual para que el modelo lo rechace."""
    partes = fecha.replace("/", "-").split("-")
    if len(partes) == 3 and len(partes[2]) == 4:
        return f"{partes[2]}-{partes[1].zfill(2)}-{partes[0].zfill(2)}"
    return fecha
