"""Personas del territorio: filtro por nombre (FTS5) y posibles duplicados para fusionar."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import consultas_campo as q
from pir_campo.servicios import duplicados
from pir_campo.servicios import personas as srv
from ui import dialogos, formatos, origen
from ui.campos import fila_de_filtro
from ui.historial import boton_historial
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

LIMITE = 2000
COLUMNAS = [
    Columna("nombre", "Nombre"),
    Columna("rut", "RUT", formatos.rut_visible),
    Columna("sexo", "Sexo", formatos.sexo),
    Columna("tramo_edad", "Tramo de edad", formatos.tramo),
    Columna("telefono", "Teléfono"),
    Columna("talleres", "Talleres", alineacion=Qt.AlignmentFlag.AlignRight),
    origen.COLUMNA,  # solo visible en la oficina
]
COL_ORIGEN = len(COLUMNAS) - 1
COLUMNAS_DUPLICADOS = [
    Columna("nombre_a", "Persona A"),
    Columna("detalle_a", "Datos de A"),
    Columna("nombre_b", "Persona B"),
    Columna("detalle_b", "Datos de B"),
    Columna("motivo", "Motivo"),
]


def _detalle(p: dict) -> str:
    n = p["dependientes"]
    partes = [
        formatos.rut_visible(p["rut"]) or "sin RUT",
        f"{n} asistencia" if n == 1 else f"{n} asistencias",
    ]
    return " · ".join(partes)


class PantallaPersonas(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.filtro = QLineEdit()
        self.filtro.setPlaceholderText("Filtrar por nombre (sin importar tildes)")
        self.filtro.setAccessibleName("Filtrar personas")
        self._espera = QTimer(self, singleShot=True, interval=120)
        self._espera.timeout.connect(self.refrescar)
        self.filtro.textChanged.connect(lambda _t: self._espera.start())
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = self._tabla(self.modelo, "Personas")
        self.tabla.activated.connect(self._abrir)
        self.tabla.setColumnHidden(COL_ORIGEN, True)
        self.origen = origen.FiltroOrigen()
        self.origen.cambiado.connect(self.refrescar)
        self.total = QLabel("")
        self.duplicados = ModeloFilas(COLUMNAS_DUPLICADOS, self)
        self.tabla_duplicados = self._tabla(self.duplicados, "Posibles duplicados", (0, 2))
        self.boton_fusionar = QPushButton("&Fusionar pareja elegida…")
        self.boton_fusionar.setToolTip(
            "Deja una sola persona con todas sus asistencias (Ctrl+Shift+M)"
        )
        self.boton_fusionar.setShortcut("Ctrl+Shift+M")
        self.boton_fusionar.clicked.connect(self.fusionar_elegida)
        fila = fila_de_filtro(self.filtro, self.origen, self.total)
        self.boton_historial = boton_historial(self, self.id_elegido)
        fila.addWidget(self.boton_historial)
        arriba, abajo = QWidget(), QWidget()
        capa_arriba = QVBoxLayout(arriba)
        capa_arriba.setContentsMargins(0, 0, 0, 0)
        capa_arriba.addLayout(fila)
        capa_arriba.addWidget(self.tabla)
        capa_abajo = QVBoxLayout(abajo)
        capa_abajo.setContentsMargins(0, 0, 0, 0)
        cabecera = QHBoxLayout()
        self.titulo_duplicados = QLabel("<b>Posibles duplicados</b>")
        cabecera.addWidget(self.titulo_duplicados, 1)
        cabecera.addWidget(self.boton_fusionar)
        capa_abajo.addLayout(cabecera)
        capa_abajo.addWidget(self.tabla_duplicados)
        divisor = QSplitter(Qt.Orientation.Vertical)
        divisor.addWidget(arriba)
        divisor.addWidget(abajo)
        divisor.setSizes([380, 220])
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Personas</h2>"))
        capa.addWidget(divisor, 1)
        self.setFocusProxy(self.filtro)
        tareas.cambiado.connect(self._al_cambiar)
        self.refrescar()
        self.refrescar_duplicados()

    def _al_cambiar(self, cambio) -> None:
        """Personas nuevas o cambiadas (también las que trae un paquete en la oficina)."""
        if cambio.tabla in ("persona", "asistencia"):
            self._espera.start()

    def _tabla(self, modelo, nombre: str, estirar: tuple[int, ...] = (0,)) -> QTableView:
        tabla = QTableView()
        tabla.setModel(modelo)
        tabla.setAccessibleName(nombre)
        tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tabla.setTabKeyNavigation(False)
        tabla.verticalHeader().hide()
        tabla.verticalHeader().setDefaultSectionSize(tabla.fontMetrics().height() + 8)
        cabecera = tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for columna in estirar:
            cabecera.setSectionResizeMode(columna, QHeaderView.ResizeMode.Stretch)
        return tabla

    def refrescar(self) -> None:
        if not self.territorio_id:
            return
        tid, texto, creador = self.territorio_id, self.filtro.text(), self.origen.creador()

        def trabajo(a) -> dict:
            datos = origen.contexto(a)
            oficina = datos["oficina"]
            datos["filas"] = q.personas(a.conn, tid, texto, LIMITE + 1, oficina, creador)
            return datos

        self.tareas.ejecutar(trabajo, self._listo)

    def _listo(self, datos: dict) -> None:
        self.origen.poner(datos)
        self.tabla.setColumnHidden(COL_ORIGEN, not datos["oficina"])
        filas = datos["filas"]
        mas = len(filas) > LIMITE
        self.modelo.poner_filas(filas[:LIMITE])
        self.total.setText(
            f"primeras {LIMITE}; escriba para filtrar" if mas else f"{len(filas)} personas"
        )

    def refrescar_duplicados(self) -> None:
        if not self.territorio_id:
            return
        tid = self.territorio_id
        self.tareas.ejecutar(lambda a: srv.posibles_duplicados(a, tid), self._duplicados)

    def _duplicados(self, pares: list[dict]) -> None:
        filas = [
            {
                "id": p["id"],
                "a": p["a"],
                "b": p["b"],
                "nombre_a": p["a"]["nombre"],
                "detalle_a": _detalle(p["a"]),
                "nombre_b": p["b"]["nombre"],
                "detalle_b": _detalle(p["b"]),
                "motivo": p["motivo"][:1].upper() + p["motivo"][1:],
            }
            for p in pares
        ]
        self.duplicados.poner_filas(filas)
        self.titulo_duplicados.setText(f"<b>Posibles duplicados: {len(filas)}</b>")
        self.boton_fusionar.setEnabled(bool(filas))

    def fusionar_elegida(self) -> None:
        fila = self.tabla_duplicados.currentIndex().row()
        if fila < 0:
            fila = 0 if self.duplicados.rowCount() else -1
        if fila < 0:
            return
        par = self.duplicados.filas[fila]
        conservar, absorber = duplicados.sugerir_conservar(par)
        if not dialogos.confirmar(
            self,
            "Fusionar personas",
            f"Se conservará a «{conservar['nombre']}» ({_detalle(conservar)}) y se le "
            f"traspasarán las asistencias de «{absorber['nombre']}» ({_detalle(absorber)}).\n"
            "¿Fusionar?",
            "Fusionar",
        ):
            return
        self.fusionar(conservar["id"], absorber["id"])

    def fusionar(self, conservar: str, absorber: str) -> None:
        self.tareas.ejecutar(
            lambda al: srv.fusionar(al, conservar, absorber),
            lambda _c: (self.refrescar(), self.refrescar_duplicados()),
            lambda e: dialogos.error(self, str(e)),
        )

    def id_elegido(self) -> str | None:
        indice = self.tabla.currentIndex()
        return self.modelo.id_en(indice.row()) if indice.isValid() else None

    def _abrir(self, indice) -> None:
        id_ = self.modelo.id_en(indice.row())
        if id_:
            self.abrir_registro.emit("persona", id_)
