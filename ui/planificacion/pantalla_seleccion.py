"""Paso 1: comparación de territorios candidatos por sus indicadores, ordenable y exportable,
y los indicadores del territorio elegido (con fuente y año)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.formato import cantidad
from pir_campo.modelos.enums import Indicador, Tipologia
from pir_campo.modelos.seleccion import UNIDADES
from pir_campo.planificacion import seleccion
from ui.planificacion.comun import (
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    combo_datos,
    filtro_region,
    id_seleccionado,
    numero_de,
    pedir_texto,
    tabla,
    titulo,
)
from ui.tareas import Tareas

ANCHO_INDICADOR = 80
COLUMNAS_IND = [
    Columna("titulo", "Indicador"),
    Columna("valor", "Valor", lambda v: seleccion.texto_valor(v), alineacion=DERECHA),
    Columna("unidad", "Unidad"),
    Columna("fuente", "Fuente"),
    Columna("anio", "Año", str),
]


# Encabezados cortos (en dos líneas) para que la comparación quepa en 1366x768 sin desplazarse;
# el CSV lleva los nombres completos.
_CORTOS = {
    "poblacion": "Población",
    "hogares": "Hogares",
    "densidad_poblacion": "Densidad\n(hab/km²)",
    "tasa_pobreza": "Pobreza\n(%)",
    "dinamismo_productivo": "Dinamismo\nproductivo",
    "poblacion_indigena": "Indígena\n(%)",
    "brecha_servicio:agua_potable": "Brecha\nagua",
    "brecha_servicio:saneamiento": "Brecha\nsaneam.",
    "brecha_servicio:electrificacion": "Brecha\nelectr.",
    "brecha_servicio:conectividad_vial": "Brecha\nvial",
    "brecha_servicio:telecomunicaciones": "Brecha\ntelecom.",
    "brecha_servicio:obras_portuarias": "Brecha\nportuaria",
    "brecha_servicio:fomento_productivo": "Brecha\nfomento",
    "brecha_servicio:otra": "Brecha\notra",
}


def _columnas(comp: seleccion.Comparacion) -> list[Columna]:
    salida = []
    # Con una sola región en la tabla, su columna no aporta y quita espacio a los indicadores.
    una_region = len({f["region"] for f in comp.filas}) <= 1
    for c in comp.columnas:
        if c.clave == "region" and una_region:
            continue
        c = seleccion.Columna(c.clave, _CORTOS.get(c.clave, c.titulo), c.numerica)
        if c.numerica:
            salida.append(
                Columna(
                    c.clave,
                    c.titulo,
                    seleccion.texto_valor,
                    DERECHA,
                    ayuda=lambda f, k=c.clave: (
                        f["fuentes"].get(k) and f"Fuente: {f['fuentes'][k]} ({f['unidades'][k]})"
                    ),
                )
            )
        else:
            salida.append(Columna(c.clave, c.titulo))
    return salida


class PantallaSeleccion(QWidget):
    elegir_territorio = Signal(str)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.comparacion: seleccion.Comparacion | None = None
        capa = QVBoxLayout(self)
        capa.addWidget(titulo("Selección de territorios: indicadores comparados"))
        fila = QHBoxLayout()
        self.region = filtro_region(fila, self.cargar)
        self.solo_candidatos = QCheckBox("Solo territorios &candidatos")
        self.solo_candidatos.toggled.connect(self.cargar)
        self.b_exportar = QPushButton("E&xportar CSV…")
        self.b_exportar.clicked.connect(lambda: self.exportar())
        self.b_seleccionar = QPushButton("Marcar &seleccionado…")
        self.b_descartar = QPushButton("Marcar &descartado…")
        self.b_seleccionar.clicked.connect(lambda: self.marcar("seleccionado"))
        self.b_descartar.clicked.connect(lambda: self.marcar("descartado"))
        fila.addWidget(self.solo_candidatos)
        fila.addStretch()
        capa.addLayout(fila)
        # Los botones en su propia fila: con la letra más grande, junto a los filtros no cabían.
        botones = QHBoxLayout()
        for b in (self.b_seleccionar, self.b_descartar, self.b_exportar):
            botones.addWidget(b)
        botones.addStretch()
        capa.addLayout(botones)
        self.modelo = ModeloFilas([], self)
        self.modelo.al_ordenar = self.ordenar
        self.vista = tabla(self.modelo, "Comparación de territorios", estirar=0)
        self.vista.setSortingEnabled(True)
        self.vista.horizontalHeader().setSortIndicatorShown(True)
        self.vista.selectionModel().selectionChanged.connect(lambda *_: self._al_elegir())
        self.vista.doubleClicked.connect(lambda _i: self._abrir_territorio())
        capa.addWidget(self.vista, 1)
        nota = QLabel(
            "Brechas en % de hogares sin el servicio. Pase el cursor sobre un valor para ver su "
            "fuente y año; haga clic en un encabezado para ordenar."
        )
        nota.setWordWrap(True)
        capa.addWidget(nota)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        self.caja = QGroupBox("Indicadores del territorio")
        capa_caja = QHBoxLayout(self.caja)
        self.modelo_ind = ModeloFilas(COLUMNAS_IND, self)
        self.vista_ind = tabla(self.modelo_ind, "Indicadores del territorio", estirar=3)
        capa_caja.addWidget(self.vista_ind, 3)
        capa_caja.addLayout(self._armar_formulario(), 2)
        capa.addWidget(self.caja, 1)
        self.cargar()

    def _armar_formulario(self) -> QVBoxLayout:
        forma = QVBoxLayout()
        self.indicador = QComboBox()
        self.indicador.setAccessibleName("Indicador")
        combo_datos(self.indicador, [(i.etiqueta, i.value) for i in Indicador])
        self.tipologia = QComboBox()
        self.tipologia.setAccessibleName("Tipología de la brecha")
        combo_datos(
            self.tipologia, [("(no aplica)", None)] + [(t.etiqueta, t.value) for t in Tipologia]
        )
        self.valor = QLineEdit()
        self.valor.setAccessibleName("Valor")
        self.valor.setPlaceholderText("Valor")
        self.unidad = QLineEdit()
        self.unidad.setAccessibleName("Unidad")
        self.fuente = QLineEdit()
        self.fuente.setAccessibleName("Fuente")
        self.fuente.setPlaceholderText("Fuente (INE, CASEN, catastro…)")
        self.anio = QLineEdit(str(dt.date.today().year))
        self.anio.setAccessibleName("Año")
        self.anio.setMaximumWidth(70)
        self.indicador.currentIndexChanged.connect(self._al_indicador)
        self.b_guardar = QPushButton("&Guardar indicador")
        self.b_guardar.clicked.connect(self.guardar_indicador)
        fila1, fila2 = QHBoxLayout(), QHBoxLayout()
        fila1.addWidget(self.indicador, 1)
        fila1.addWidget(self.tipologia, 1)
        for w in (self.valor, self.unidad, self.anio):
            fila2.addWidget(w)
        forma.addLayout(fila1)
        forma.addLayout(fila2)
        forma.addWidget(self.fuente)
        forma.addWidget(self.b_guardar, alignment=Qt.AlignmentFlag.AlignRight)
        forma.addStretch()
        self._al_indicador()
        return forma

    def _al_indicador(self) -> None:
        ind = Indicador(self.indicador.currentData())
        self.unidad.setText(UNIDADES[ind])
        self.tipologia.setEnabled(ind == Indicador.BRECHA)
        if ind != Indicador.BRECHA:
            self.tipologia.setCurrentIndex(0)
        elif self.tipologia.currentIndex() == 0:
            self.tipologia.setCurrentIndex(1)

    # ---- comparación ---------------------------------------------------------------------

    def cargar(self) -> None:
        solo, cut = self.solo_candidatos.isChecked(), self.region.currentData()
        self.tareas.ejecutar(
            lambda a: seleccion.comparacion(a, cut, solo), self._cargada, self.aviso.error
        )

    def _cargada(self, comp: seleccion.Comparacion) -> None:
        self.comparacion = comp
        self.modelo.poner_columnas(_columnas(comp))
        cabecera = self.vista.horizontalHeader()
        for n, col in enumerate(self.modelo.columnas):
            if col.alineacion == DERECHA:
                cabecera.setSectionResizeMode(n, QHeaderView.ResizeMode.Fixed)
                cabecera.resizeSection(n, ANCHO_INDICADOR)
        self.modelo.poner_filas(comp.filas)
        fila = self.modelo.fila_de(self.territorio_id) if self.territorio_id else -1
        self.vista.selectRow(max(fila, 0))
        self._al_elegir()

    def ordenar(self, columna: int, orden: Qt.SortOrder) -> None:
        if self.comparacion is None:
            return
        clave = self.modelo.columnas[columna].clave
        self.comparacion = self.comparacion.ordenada(
            clave, descendente=orden == Qt.SortOrder.DescendingOrder
        )
        actual = id_seleccionado(self.vista)
        self.modelo.poner_filas(self.comparacion.filas)
        if actual:
            self.vista.selectRow(self.modelo.fila_de(actual))

    def exportar(self, ruta: str | Path | None = None) -> None:
        if self.comparacion is None:
            return
        if ruta is None:
            ruta, _ = QFileDialog.getSaveFileName(
                self,
                "Exportar comparación de territorios",
                "comparacion_territorios.csv",
                "Planilla CSV (*.csv)",
            )
            if not ruta:
                return
        comp = self.comparacion
        self.tareas.ejecutar(
            lambda _a: seleccion.exportar_csv(comp, Path(ruta)),
            lambda n: self.aviso.bien(f"Se exportaron {cantidad(n, 'territorio')} a {ruta}."),
            self.aviso.error,
        )

    def marcar(self, estado: str, motivo: str | None = None) -> None:
        tid = id_seleccionado(self.vista)
        if tid is None:
            self.aviso.error("Elija un territorio de la tabla.")
            return
        if motivo is None:
            motivo = pedir_texto(
                self, "Justificar la decisión", "Justificación (queda en la bitácora):"
            )
            if motivo is None:
                return
        self.tareas.ejecutar(
            lambda a: seleccion.seleccionar(a, tid, estado, motivo),
            lambda _c: (self.aviso.bien("Estado de selección guardado."), self.cargar()),
            self.aviso.error,
        )

    # ---- indicadores del territorio elegido ----------------------------------------------

    def _al_elegir(self) -> None:
        tid = id_seleccionado(self.vista)
        if tid is None:
            self.modelo_ind.poner_filas([])
            return
        nombre = self.modelo.filas[self.modelo.fila_de(tid)]["nombre"]
        self.caja.setTitle(f"Indicadores de {nombre}")
        self.tareas.ejecutar(
            lambda a: seleccion.indicadores(a, tid), self.modelo_ind.poner_filas, self.aviso.error
        )

    def _abrir_territorio(self) -> None:
        tid = id_seleccionado(self.vista)
        if tid:
            self.elegir_territorio.emit(tid)

    def guardar_indicador(self) -> None:
        tid = id_seleccionado(self.vista)
        if tid is None:
            self.aviso.error("Elija un territorio de la tabla.")
            return
        datos: dict[str, Any] = {
            "territorio_id": tid,
            "indicador": self.indicador.currentData(),
            "tipologia": self.tipologia.currentData(),
            "valor": numero_de(self.valor.text()),
            "unidad": self.unidad.text(),
            "fuente": self.fuente.text(),
            "anio": numero_de(self.anio.text()),
        }
        self.tareas.ejecutar(
            lambda a: seleccion.guardar_indicador(a, datos),
            lambda _c: (self.aviso.bien("Indicador guardado."), self.cargar()),
            self.aviso.error,
        )
