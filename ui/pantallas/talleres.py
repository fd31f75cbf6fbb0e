"""Talleres del territorio, con filtro por texto y por paso; Enter abre el editor."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import consultas_campo as q
from pir_campo.modelos.enums import PasoCritico
from ui import formatos, origen
from ui.campos import fila_de_filtro
from ui.historial import boton_historial
from ui.modelos_tabla import ROL_ORDEN, Columna, ModeloFilas
from ui.tareas import Tareas

COL_FECHA, COL_TITULO, COL_PASO, COL_LOCALIDAD, COL_ASISTENTES, COL_ESTADO, COL_ORIGEN = range(7)
COLUMNAS = [
    Columna("fecha", "Fecha", formatos.fecha),
    Columna("titulo", "Título"),
    Columna("paso", "Paso", formatos.paso),
    Columna("localidad", "Localidad"),
    Columna("asistentes", "Asistentes", alineacion=Qt.AlignmentFlag.AlignRight),
    Columna("estado", "Estado", formatos.estado_taller),
    origen.COLUMNA,  # solo visible en la oficina
]


class PantallaTalleres(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.filtro_modelo = QSortFilterProxyModel(self)
        self.filtro_modelo.setSourceModel(self.modelo)
        self.filtro_modelo.setFilterKeyColumn(-1)
        self.filtro_modelo.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filtro_modelo.setSortRole(ROL_ORDEN)
        self.filtro = QLineEdit()
        self.filtro.setPlaceholderText("Filtrar por título, lugar o localidad")
        self.filtro.setAccessibleName("Filtrar talleres")
        self.filtro.textChanged.connect(self.filtro_modelo.setFilterFixedString)
        self.paso = QComboBox()
        self.paso.setAccessibleName("Paso")
        self.paso.addItem("Todos los pasos", None)
        for p in PasoCritico:
            self.paso.addItem(f"{int(p)}. {p.etiqueta}", int(p))
        self.paso.currentIndexChanged.connect(self.refrescar)
        self.origen = origen.FiltroOrigen()
        self.origen.cambiado.connect(self.refrescar)
        self.tabla = QTableView()
        self.tabla.setModel(self.filtro_modelo)
        self.tabla.setAccessibleName("Talleres")
        self.tabla.setSortingEnabled(True)
        self.tabla.sortByColumn(COL_FECHA, Qt.SortOrder.DescendingOrder)
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.verticalHeader().hide()
        self.tabla.setColumnHidden(COL_ORIGEN, True)
        self.tabla.activated.connect(self._abrir)
        fila = fila_de_filtro(self.filtro, self.paso, self.origen)
        self.boton_historial = boton_historial(self, self.id_elegido)
        fila.addWidget(self.boton_historial)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Talleres</h2>Enter abre el taller; Ctrl+N crea uno nuevo."))
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.filtro)
        # Al importar paquetes llegan varios cambios seguidos: se refresca una sola vez.
        self._espera = QTimer(self, singleShot=True, interval=0)
        self._espera.timeout.connect(self.refrescar)
        tareas.cambiado.connect(self._al_cambiar)
        self.refrescar()

    def _al_cambiar(self, cambio) -> None:
        if cambio.tabla in ("taller", "asistencia", "localidad"):
            self._espera.start()

    def refrescar(self) -> None:
        if not self.territorio_id:
            return
        tid, paso, creador = self.territorio_id, self.paso.currentData(), self.origen.creador()

        def trabajo(a) -> dict:
            datos = origen.contexto(a)
            datos["filas"] = q.talleres(a.conn, tid, paso, datos["oficina"], creador)
            return datos

        self.tareas.ejecutar(trabajo, self._listo)

    def _listo(self, datos: dict) -> None:
        self.origen.poner(datos)
        self.tabla.setColumnHidden(COL_ORIGEN, not datos["oficina"])
        self.modelo.poner_filas(datos["filas"])
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_TITULO, QHeaderView.ResizeMode.Stretch
        )

    def id_elegido(self) -> str | None:
        indice = self.tabla.currentIndex()
        if not indice.isValid():
            return None
        return self.modelo.id_en(self.filtro_modelo.mapToSource(indice).row())

    def _abrir(self, indice) -> None:
        fila = self.filtro_modelo.mapToSource(indice).row()
        id_ = self.modelo.id_en(fila)
        if id_:
            self.abrir_registro.emit("taller", id_)
