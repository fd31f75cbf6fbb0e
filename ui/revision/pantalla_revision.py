"""Revisión en la oficina: listas filtradas por tipo y estado, selección múltiple y acciones
en bloque (elegir 200 talleres y aprobarlos de una vez, en una sola transacción)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from pir_campo.modelos.enums import EstadoRevision
from ui.historial import boton_historial
from ui.modelos_tabla import ROL_ID, Columna, ModeloFilas, tabla
from ui.tareas import Tareas

TIPOS = {
    "taller": "Talleres",
    "acta_validacion": "Actas de validación",
    "pmdt": "Versiones del PMDT",
    "diagnostico": "Diagnósticos de capacidad",
}
EDITOR = {"taller": "taller", "acta_validacion": "acta"}
COLUMNAS = [
    Columna("descripcion", "Registro"),
    Columna("territorio", "Territorio"),
    Columna("estado_etiqueta", "Estado"),
    Columna("comentario", "Comentario de la oficina"),
    Columna("revisado_por", "Revisado por"),
    Columna("respuesta", "Respuesta del notebook"),
]


class PantallaRevision(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.oficina = False
        self.setAccessibleName("Revisión de la oficina")
        self.tipo = QComboBox()
        self.tipo.setAccessibleName("Tipo de registro")
        for clave, texto in TIPOS.items():
            self.tipo.addItem(texto, clave)
        self.estado = QComboBox()
        self.estado.setAccessibleName("Estado de revisión")
        self.estado.addItem("Todos los estados", None)
        for e in EstadoRevision:
            self.estado.addItem(e.etiqueta, e.value)
        self.solo_territorio = QCheckBox("Solo el &territorio elegido")
        for w in (self.tipo, self.estado):
            w.currentIndexChanged.connect(self.refrescar)
        self.solo_territorio.toggled.connect(self.refrescar)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla(self.modelo, "Registros por revisar")
        self.tabla.horizontalHeader().setStretchLastSection(True)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tabla.activated.connect(self._abrir)
        self.tabla.selectionModel().selectionChanged.connect(self._contar)
        self.comentario = QLineEdit()
        self.comentario.setPlaceholderText("Comentario (obligatorio para dejar observaciones)")
        self.comentario.setAccessibleName("Comentario de la revisión")
        self.b_revisado = QPushButton("Marcar &revisado")
        self.b_observado = QPushButton("Con &observaciones")
        self.b_aprobado = QPushButton("&Aprobar")
        self.b_revisado.clicked.connect(lambda: self.revisar("revisado"))
        self.b_observado.clicked.connect(lambda: self.revisar("observado"))
        self.b_aprobado.clicked.connect(lambda: self.revisar("aprobado"))
        self.boton_historial = boton_historial(self, self.id_elegido)
        self.mensaje = QLabel("")
        self.mensaje.setWordWrap(True)
        self.mensaje.setAccessibleName("Mensaje de la revisión")

        filtros = QHBoxLayout()
        for texto, w in (("Tipo:", self.tipo), ("Estado:", self.estado)):
            filtros.addWidget(QLabel(texto))
            filtros.addWidget(w)
        filtros.addWidget(self.solo_territorio)
        filtros.addStretch()
        filtros.addWidget(self.boton_historial)
        acciones = QHBoxLayout()
        acciones.addWidget(self.comentario, 1)
        for b in (self.b_revisado, self.b_observado, self.b_aprobado):
            acciones.addWidget(b)
        capa = QVBoxLayout(self)
        explicacion = QLabel(
            "<h2>Revisión</h2>Elija uno o varios registros (Mayús o Ctrl + clic, Ctrl+A "
            "todos) y márquelos; las observaciones viajan al notebook en el próximo paquete."
        )
        explicacion.setWordWrap(True)  # con la letra más grande, en una línea no cabía
        capa.addWidget(explicacion)
        capa.addLayout(filtros)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(acciones)
        capa.addWidget(self.mensaje)
        tareas.cambiado.connect(self._al_cambiar)
        self.refrescar()

    def _al_cambiar(self, cambio) -> None:
        if cambio.tabla in ("revision", *TIPOS):
            self.refrescar()

    def refrescar(self) -> None:
        from pir_campo.servicios import revision

        tabla_, estado = self.tipo.currentData(), self.estado.currentData()
        tid = self.territorio_id if self.solo_territorio.isChecked() else None

        def trabajo(a) -> dict[str, Any]:
            return {"oficina": a.rol == "oficina", "filas": revision.lista(a, tabla_, estado, tid)}

        self.tareas.ejecutar(trabajo, self._listo, self._fallo)

    def _listo(self, datos: dict[str, Any]) -> None:
        self.oficina = datos["oficina"]
        self.modelo.poner_filas(datos["filas"])
        for w in (self.b_revisado, self.b_observado, self.b_aprobado, self.comentario):
            w.setEnabled(self.oficina)
        if not self.oficina:
            self.mensaje.setText(
                "La revisión la hace la oficina regional; aquí se ve el estado de cada registro."
            )
        self._contar()

    def _contar(self, *_: Any) -> None:
        n, elegidos = self.modelo.rowCount(), len(self.ids_elegidos())
        if self.oficina:
            self.mensaje.setText(
                f"{n} {'registro' if n == 1 else 'registros'}; {elegidos} elegidos."
            )

    def ids_elegidos(self) -> list[str]:
        return [i.data(ROL_ID) for i in self.tabla.selectionModel().selectedRows()]

    def id_elegido(self) -> str | None:
        indice = self.tabla.currentIndex()
        return self.modelo.id_en(indice.row()) if indice.isValid() else None

    def revisar(self, estado: str) -> None:
        from pir_campo.servicios import revision

        ids, comentario = self.ids_elegidos(), self.comentario.text()
        if not ids:
            self.mensaje.setText("Elija al menos un registro de la lista.")
            return
        etiqueta = EstadoRevision(estado).etiqueta

        def hecho(_r: Any) -> None:
            self.comentario.clear()
            n = len(ids)
            self.mensaje.setText(f"{n} {'registro' if n == 1 else 'registros'}: {etiqueta}.")

        self.tareas.ejecutar(
            lambda a: revision.revisar(a, ids, estado, comentario), hecho, self._fallo
        )

    def _fallo(self, error: ErrorPir) -> None:
        self.mensaje.setText(str(error))

    def _abrir(self, indice) -> None:
        tabla_ = self.tipo.currentData()
        id_ = self.modelo.id_en(indice.row())
        if id_ and tabla_ in EDITOR:
            self.abrir_registro.emit(EDITOR[tabla_], id_)
        elif id_:
            from ui.historial import abrir_historial

            abrir_historial(self, id_)

    def enfocar_inicio(self) -> None:
        self.tabla.setFocus(Qt.FocusReason.OtherFocusReason)
