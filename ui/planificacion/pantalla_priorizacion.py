"""Priorización participativa en un taller: la facilitadora anota votos o lugares."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.modelos.enums import Tipologia
from pir_campo.planificacion import necesidades, priorizacion
from ui.planificacion.comun import Aviso, sin_territorio, titulo
from ui.tareas import Tareas

COL_INCLUIR, COL_NECESIDAD, COL_TIPOLOGIA, COL_ACTUAL, COL_VOTOS, COL_LUGAR = range(6)


def _cargar(a: Almacen, territorio_id: str, taller_id: str | None) -> dict[str, Any]:
    talleres = priorizacion.talleres(a, territorio_id)
    if taller_id is None and talleres:
        con = [t for t in talleres if t["con_priorizacion"]]
        abiertos = [t for t in talleres if t["estado"] == "borrador"]
        taller_id = (abiertos or con or talleres)[0]["id"]
    vigentes = [n for n in necesidades.listar(a, territorio_id) if n["etapa"] != "descartada"]
    previos = priorizacion.resultado(a, taller_id) if taller_id else []
    return {
        "talleres": talleres,
        "taller_id": taller_id,
        "necesidades": vigentes,
        "previos": previos,
    }


class PantallaPriorizacion(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.talleres: list[dict[str, Any]] = []
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        capa.addWidget(titulo("Priorización participativa de necesidades"))
        fila = QHBoxLayout()
        self.taller = QComboBox()
        self.taller.setAccessibleName("Taller")
        self.taller.setMinimumWidth(420)
        self.taller.currentIndexChanged.connect(self._al_elegir_taller)
        fila.addWidget(QLabel("Taller:"))
        fila.addWidget(self.taller, 1)
        self.por_votos = QRadioButton("Por &votos")
        self.por_lugar = QRadioButton("Por &lugar (ranking)")
        self.modo = QButtonGroup(self)
        for b in (self.por_votos, self.por_lugar):
            self.modo.addButton(b)
            fila.addWidget(b)
        self.por_votos.setChecked(True)
        self.por_votos.toggled.connect(self._modo_cambiado)
        capa.addLayout(fila)
        self.estado = QLabel("")
        self.estado.setWordWrap(True)
        capa.addWidget(self.estado)
        self.tabla = QTableWidget(0, 6)
        self.tabla.setAccessibleName("Necesidades a priorizar")
        self.tabla.setHorizontalHeaderLabels(
            ["Incluir", "Necesidad", "Tipología", "Prioridad actual", "Votos", "Lugar"]
        )
        self.tabla.verticalHeader().setVisible(False)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        cab = self.tabla.horizontalHeader()
        cab.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cab.setSectionResizeMode(COL_NECESIDAD, QHeaderView.ResizeMode.Stretch)
        for col in (COL_VOTOS, COL_LUGAR):
            cab.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            cab.resizeSection(col, 90)
        capa.addWidget(self.tabla, 1)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        botones = QHBoxLayout()
        self.guardar = QPushButton("&Guardar priorización")
        self.guardar.clicked.connect(self.registrar)
        botones.addWidget(self.guardar)
        botones.addStretch()
        capa.addLayout(botones)
        self.cargar()

    def cargar(self, taller_id: str | None = None) -> None:
        tid = self.territorio_id
        self.tareas.ejecutar(lambda a: _cargar(a, tid, taller_id), self._cargado, self.aviso.error)

    def _cargado(self, datos: dict[str, Any]) -> None:
        self.talleres = datos["talleres"]
        self.taller.blockSignals(True)
        self.taller.clear()
        for t in self.talleres:
            marcas = []
            if t["estado"] == "cerrado":
                marcas.append("cerrado")
            if t["con_priorizacion"]:
                marcas.append("con priorización")
            extra = f"  [{', '.join(marcas)}]" if marcas else ""
            self.taller.addItem(
                f"{formato.fecha(t['fecha'])} · Paso {t['paso']} · {t['titulo']}{extra}", t["id"]
            )
        self.taller.setCurrentIndex(max(0, self.taller.findData(datos["taller_id"])))
        self.taller.blockSignals(False)
        self._llenar(datos["necesidades"], datos["previos"])

    def _al_elegir_taller(self, _indice: int) -> None:
        self.aviso.limpiar()
        self.cargar(self.taller.currentData())

    def _taller_actual(self) -> dict[str, Any] | None:
        return next((t for t in self.talleres if t["id"] == self.taller.currentData()), None)

    def _llenar(self, vigentes: list[dict], previos: list[dict]) -> None:
        previo = {p["necesidad_id"]: p for p in previos}
        if previos and all(p["votos"] is None for p in previos):
            self.por_lugar.setChecked(True)
        cerrado = (t := self._taller_actual()) is not None and t["estado"] == "cerrado"
        self.tabla.setRowCount(len(vigentes))
        for fila, n in enumerate(vigentes):
            p = previo.get(n["id"])
            incluir = QTableWidgetItem()
            incluir.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            incluir.setCheckState(
                Qt.CheckState.Checked if (p or not previos) else Qt.CheckState.Unchecked
            )
            incluir.setData(Qt.ItemDataRole.UserRole, n["id"])
            self.tabla.setItem(fila, COL_INCLUIR, incluir)
            for col, texto in (
                (COL_NECESIDAD, n["titulo"]),
                (COL_TIPOLOGIA, Tipologia(n["tipologia"]).etiqueta),
                (COL_ACTUAL, "" if n["prioridad"] is None else str(n["prioridad"])),
            ):
                item = QTableWidgetItem(texto)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tabla.setItem(fila, col, item)
            for col, valor, minimo in (
                (COL_VOTOS, p and p["votos"], 0),
                (COL_LUGAR, p and p["lugar"], 0),
            ):
                caja = QSpinBox()
                caja.setRange(minimo, 999)
                if col == COL_LUGAR:
                    caja.setSpecialValueText("—")
                caja.setValue(valor or 0)
                caja.setAccessibleName(
                    f"{self.tabla.horizontalHeaderItem(col).text()}: {n['titulo']}"
                )
                caja.setEnabled(not cerrado)
                self.tabla.setCellWidget(fila, col, caja)
        self.guardar.setEnabled(not cerrado)
        if cerrado:
            self.estado.setText(
                "Este taller está cerrado: se muestra la priorización registrada. Para "
                "cambiarla, reabra el taller indicando el motivo."
            )
        else:
            self.estado.setText(
                "Marque las necesidades que se priorizaron y anote los votos de cada una, o "
                "su lugar en el ranking (1 = la más urgente). Al guardar, el lugar pasa a ser "
                "la prioridad de la necesidad."
            )
        self._modo_cambiado()

    def _modo_cambiado(self) -> None:
        votos = self.por_votos.isChecked()
        self.tabla.setColumnHidden(COL_VOTOS, not votos)
        self.tabla.setColumnHidden(COL_LUGAR, votos)

    def poner(self, necesidad_id: str, votos: int | None = None, lugar: int | None = None) -> None:
        """Anota votos o lugar de una necesidad (lo usan el teclado y las pruebas)."""
        for fila in range(self.tabla.rowCount()):
            if self.tabla.item(fila, COL_INCLUIR).data(Qt.ItemDataRole.UserRole) == necesidad_id:
                self.tabla.item(fila, COL_INCLUIR).setCheckState(Qt.CheckState.Checked)
                if votos is not None:
                    self.tabla.cellWidget(fila, COL_VOTOS).setValue(votos)
                if lugar is not None:
                    self.tabla.cellWidget(fila, COL_LUGAR).setValue(lugar)

    def resultados(self) -> list[dict[str, Any]]:
        salida = []
        votos = self.por_votos.isChecked()
        for fila in range(self.tabla.rowCount()):
            item = self.tabla.item(fila, COL_INCLUIR)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            col = COL_VOTOS if votos else COL_LUGAR
            valor = self.tabla.cellWidget(fila, col).value()
            clave = "votos" if votos else "lugar"
            # En «lugar», 0 se muestra «—»: sin lugar (la validación lo pide).
            salida.append(
                {
                    "necesidad_id": item.data(Qt.ItemDataRole.UserRole),
                    clave: valor if votos or valor > 0 else None,
                }
            )
        return salida

    def registrar(self) -> None:
        taller_id, resultados = self.taller.currentData(), self.resultados()
        self.aviso.limpiar()
        self.tareas.ejecutar(
            lambda a: priorizacion.registrar(a, taller_id, resultados),
            lambda _c: (
                self.aviso.bien(
                    "Priorización guardada: las prioridades de las "
                    "necesidades quedaron actualizadas."
                ),
                self.cargar(taller_id),
            ),
            self.aviso.error,
        )
