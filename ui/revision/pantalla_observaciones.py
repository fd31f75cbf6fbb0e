"""Observaciones de la oficina en el notebook: una lista de tareas hasta que la facilitadora
responde o corrige el registro; la respuesta viaja a la oficina en el próximo paquete."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui.modelos_tabla import Columna, ModeloFilas, id_seleccionado, tabla
from ui.tareas import Tareas

EDITOR = {"taller": "taller", "acta_validacion": "acta"}
COLUMNAS = [
    Columna("registro", "Registro"),
    Columna("territorio", "Territorio"),
    Columna("comentario", "Observación"),
    Columna("revisado_por", "Por"),
    Columna("revisado_el", "El"),
    Columna("respuesta", "Su respuesta"),
]


class PantallaObservaciones(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.setAccessibleName("Observaciones de la oficina")
        self.titulo = QLabel("<h2>Observaciones de la oficina</h2>")
        self.avisos = QLabel("")
        self.avisos.setWordWrap(True)
        self.avisos.setAccessibleName("Avisos de la oficina")
        self.todas = QCheckBox("Incluir las ya &respondidas o corregidas")
        self.todas.toggled.connect(self.refrescar)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla(self.modelo, "Observaciones de la oficina")
        self.tabla.horizontalHeader().setStretchLastSection(True)
        self.tabla.activated.connect(self._abrir)
        self.respuesta = QLineEdit()
        self.respuesta.setPlaceholderText("Respuesta a la oficina")
        self.respuesta.setAccessibleName("Respuesta a la observación")
        self.b_responder = QPushButton("Res&ponder")
        self.b_responder.clicked.connect(self.responder)
        self.respuesta.returnPressed.connect(self.responder)
        self.mensaje = QLabel("")
        self.mensaje.setWordWrap(True)
        self.mensaje.setAccessibleName("Mensaje de observaciones")
        abajo = QHBoxLayout()
        abajo.addWidget(self.respuesta, 1)
        abajo.addWidget(self.b_responder)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(self.avisos)
        capa.addWidget(
            QLabel("Enter abre el registro para corregirlo; o escriba una respuesta y pulse Enter.")
        )
        capa.addWidget(self.todas)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(abajo)
        capa.addWidget(self.mensaje)
        tareas.cambiado.connect(self._al_cambiar)
        self.refrescar()

    def _al_cambiar(self, cambio) -> None:
        if cambio.tabla in ("revision", *EDITOR):
            self.refrescar()

    def refrescar(self) -> None:
        from pir_campo.servicios import envios, revision

        pendientes = not self.todas.isChecked()
        self.tareas.ejecutar(lambda a: revision.observaciones(a, pendientes), self._listo)
        self.tareas.ejecutar(lambda a: envios.avisos(a, todos=True)[:5], self._avisos)

    def _avisos(self, avisos: list[dict[str, Any]]) -> None:
        """Lo último que la oficina actualizó o avisó; lo vigente («actualice…») en negrita."""
        lineas = [
            f"<b>{escape(a['texto'])}</b>" if a["vigente"] else escape(a["texto"]) for a in avisos
        ]
        self.avisos.setText(
            "<br>".join(f"{a['recibido_el']}: {t}" for a, t in zip(avisos, lineas, strict=True))
        )
        self.avisos.setVisible(bool(avisos))

    def _listo(self, filas: list[dict[str, Any]]) -> None:
        for f in filas:
            f["registro"] = f"{f['tipo']}: {f['descripcion']}"
            f["id"] = f["registro_id"]
        self.modelo.poner_filas(filas)
        n = len(filas)
        self.mensaje.setText(
            "No hay observaciones pendientes."
            if not n
            else f"{n} {'observación' if n == 1 else 'observaciones'}."
        )
        if n:
            self.tabla.selectRow(0)

    def responder(self) -> None:
        from pir_campo.servicios import revision

        rid, texto = id_seleccionado(self.tabla), self.respuesta.text()
        if not rid:
            self.mensaje.setText("Elija una observación de la lista.")
            return

        def hecho(_r: Any) -> None:
            self.respuesta.clear()
            self.mensaje.setText("Respuesta guardada; viajará a la oficina en el próximo paquete.")

        self.tareas.ejecutar(lambda a: revision.responder(a, rid, texto), hecho, self._fallo)

    def _fallo(self, error: ErrorPir) -> None:
        self.mensaje.setText(str(error))

    def _abrir(self, indice) -> None:
        fila = self.modelo.filas[indice.row()]
        if fila["tabla"] in EDITOR:
            self.abrir_registro.emit(EDITOR[fila["tabla"]], fila["registro_id"])
