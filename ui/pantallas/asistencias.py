"""Todas las asistencias del territorio: lista perezosa sobre ids, filtrada en SQL (FTS5).

Con 100.000 asistencias, cada tecla lee solo la primera página de ids y el total; los demás ids
y los datos de las filas se leen por páginas cuando la vista las pinta.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.almacen import consultas_campo as q
from pir_campo.servicios import asistencias as servicio
from ui import formatos, origen
from ui.campos import fila_de_filtro
from ui.modelos_tabla import ROL_FILA, Columna, ModeloIds, anchos_en_letras
from ui.tareas import Tareas

COL_NOMBRE, COL_RUT, COL_TALLER, COL_FECHA, COL_FIRMO, COL_ORIGEN = range(6)
COLUMNAS = [
    Columna("nombre", "Nombre"),
    Columna("rut", "RUT", formatos.rut_visible),
    Columna("taller", "Taller"),
    Columna("fecha", "Fecha", formatos.fecha),
    Columna("firmo", "Firmó", formatos.si_no),
    origen.COLUMNA,  # solo visible en la oficina; un clic en su título ordena por origen (SQL)
]


class PantallaAsistencias(QWidget):
    abrir_registro = Signal(str, str)
    filtrado = Signal(int)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.modelo = ModeloIds(COLUMNAS, self._pedir, self, pedir_ids=self._pedir_ids)
        self.filtro = QLineEdit()
        self.filtro.setPlaceholderText("Filtrar por nombre del asistente")
        self.filtro.setAccessibleName("Filtrar asistencias")
        self.filtro.textChanged.connect(self.filtrar)
        self.origen = origen.FiltroOrigen()
        self.origen.cambiado.connect(lambda: self.filtrar(self.filtro.text()))
        self.oficina = False
        self.por_origen = False
        self.total = QLabel("")
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Asistencias")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.verticalHeader().setDefaultSectionSize(self.tabla.fontMetrics().height() + 8)
        self.tabla.verticalHeader().hide()
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setSectionResizeMode(COL_TALLER, QHeaderView.ResizeMode.Stretch)
        anchos = ((COL_NOMBRE, 40), (COL_RUT, 13), (COL_FECHA, 11), (COL_FIRMO, 7))
        anchos_en_letras(self.tabla, (*anchos, (COL_ORIGEN, 30)))
        self.tabla.setColumnHidden(COL_ORIGEN, True)
        cabecera.sectionClicked.connect(self._ordenar)
        self.tabla.activated.connect(self._abrir)
        fila = fila_de_filtro(self.filtro, self.origen, self.total)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Asistencias del territorio</h2>Enter abre el taller."))
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.filtro)
        self._ultimo = 0
        self._consulta: tuple = ()  # lo que pidió la lista que se muestra (para sus páginas)
        self._olvidar = False
        self._espera = QTimer(self, singleShot=True, interval=0)
        self._espera.timeout.connect(lambda: self.filtrar(self.filtro.text()))
        tareas.cambiado.connect(self._al_cambiar)
        self.filtrar("")
        self._precalentar()

    def _precalentar(self) -> None:
        """En segundo plano, antes de que se escriba la primera letra (sin costo si ya está)."""
        if tid := self.territorio_id:
            self.tareas.ejecutar(lambda a: servicio.precalentar(a, tid))

    def showEvent(self, evento) -> None:
        super().showEvent(evento)
        self._precalentar()  # lo escrito en otra pantalla lo dejó viejo

    def _al_cambiar(self, cambio) -> None:
        """Datos nuevos (p. ej. un paquete importado en la oficina): se vuelven a leer."""
        if cambio.tabla in ("asistencia", "persona", "taller"):
            self._olvidar = True
            self._espera.start()

    def _pedir(self, ids: list[str], listo: Callable[[dict], None]) -> None:
        oficina = self.oficina
        self.tareas.ejecutar(lambda a: q.filas_asistencias(a.conn, ids, oficina), listo)

    def _pedir_ids(self, desde: int, cuantos: int, listo: Callable[[list[str]], None]) -> None:
        tid, texto, creador, por_origen = self._consulta
        self.tareas.ejecutar(
            lambda a: q.filtrar_asistencias(
                a.conn, tid, texto, creador, por_origen, desde=desde, cuantos=cuantos
            ),
            listo,
        )

    def _ordenar(self, columna: int) -> None:
        """Clic en «Origen»: la lista perezosa se reordena en SQL, agrupada por quién la creó."""
        if columna != COL_ORIGEN or not self.oficina:
            return
        self.por_origen = not self.por_origen
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSortIndicatorShown(self.por_origen)
        cabecera.setSortIndicator(COL_ORIGEN, Qt.SortOrder.AscendingOrder)
        self.filtrar(self.filtro.text())

    def filtrar(self, texto: str) -> None:
        if not self.territorio_id:
            return
        self._ultimo += 1
        numero, tid = self._ultimo, self.territorio_id
        creador, por_origen = self.origen.creador(), self.por_origen
        pagina = self.modelo.PAGINA

        def trabajo(a) -> dict:
            datos = origen.contexto(a)
            datos["ids"], datos["total"] = servicio.filtrar(
                a, tid, texto, creador, por_origen, pagina
            )
            datos["consulta"] = (tid, texto, creador, por_origen)
            return datos

        self.tareas.ejecutar(trabajo, lambda datos: self._ids(numero, datos))

    def _ids(self, numero: int, datos: dict) -> None:
        if numero != self._ultimo:
            return  # llegó tarde: ya se escribió otra letra
        self.origen.poner(datos)
        self.oficina = datos["oficina"]
        self.tabla.setColumnHidden(COL_ORIGEN, not self.oficina)
        total = datos["total"]
        self._consulta = datos["consulta"]
        self.modelo.poner_ids(datos["ids"], olvidar=self._olvidar, total=total)
        self._olvidar = False
        self.total.setText(formato.cantidad(total, "asistencia"))
        self.filtrado.emit(total)

    def _abrir(self, indice) -> None:
        fila = self.modelo.index(indice.row(), 0).data(ROL_FILA)
        if fila:
            self.abrir_registro.emit("taller", self._taller_de(fila))

    @staticmethod
    def _taller_de(fila: dict) -> str:
        return fila.get("taller_id", "")
