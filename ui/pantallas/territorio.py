"""Ficha del territorio: comunas, localidades y los ocho pasos con lo que tienen y les falta.

Elegir un paso muestra sus talleres y actas; Enter abre el registro.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.almacen import consultas_campo as q
from pir_campo.servicios import territorio as srv
from ui import formatos
from ui.documentos import boton_imprimir
from ui.modelos_tabla import Columna, ModeloFilas, anchos_en_letras
from ui.tareas import Tareas

COL_PASO, COL_ETAPA, COL_TIENE, COL_FALTA = range(4)
COLORES = {"completo": "#dff0d8", "en_curso": "#fcf3cf", "sin_iniciar": "#f2f2f2"}


class ModeloPasos(ModeloFilas):
    def __init__(self, parent=None):
        super().__init__(
            [
                Columna("paso", "Paso", formatos.paso),
                Columna("etiqueta", "Etapa"),
                Columna("tiene", "Registrado"),
                Columna("falta", "Qué falta"),
            ],
            parent,
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            return QBrush(QColor(COLORES[self.filas[index.row()]["estado"]]))
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return QBrush(QColor("#202020"))
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.filas[index.row()]["componente"]
        return super().data(index, role)


COLUMNAS_REGISTROS = [
    Columna("tipo", "Tipo"),
    Columna("titulo", "Título"),
    Columna("fecha", "Fecha", formatos.fecha),
    Columna("estado", "Estado"),
    Columna("detalle", "Detalle"),
]


class PantallaTerritorio(QWidget):
    abrir_registro = Signal(str, str)
    pedir_nuevo = Signal(str, int)
    cargado = Signal()

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id = territorio_id
        self.encabezado = QLabel("Elija un territorio en la barra superior (Ctrl+T).")
        self.encabezado.setWordWrap(True)
        self.encabezado.setTextFormat(Qt.TextFormat.RichText)
        self.pasos = ModeloPasos(self)
        self.tabla_pasos = self._tabla(self.pasos, "Pasos del territorio")
        self.tabla_pasos.horizontalHeader().setSectionResizeMode(
            COL_FALTA, QHeaderView.ResizeMode.Stretch
        )
        # Los 8 pasos siempre a la vista, también con la letra más grande de Ajustes: filas de
        # una línea con el alto de la letra y la tabla con el alto justo para las ocho.
        self.tabla_pasos.setWordWrap(False)
        alto_fila = self.tabla_pasos.fontMetrics().height() + 8
        self.tabla_pasos.verticalHeader().setDefaultSectionSize(alto_fila)
        self.tabla_pasos.verticalHeader().setMinimumSectionSize(alto_fila)
        alto = alto_fila * 9 + 2 * self.tabla_pasos.frameWidth() + 4  # 8 pasos y la cabecera
        self.tabla_pasos.setMinimumHeight(alto)
        self.tabla_pasos.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.registros = ModeloFilas(COLUMNAS_REGISTROS, self)
        self.tabla_registros = self._tabla(self.registros, "Talleres y actas del paso")
        self.tabla_registros.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.tabla_registros.activated.connect(self._abrir)
        self.titulo_registros = QLabel("")
        self.boton_taller = QPushButton("Nuevo &taller en este paso")
        self.boton_taller.setToolTip("Crea un taller del paso elegido (Ctrl+N)")
        self.boton_taller.clicked.connect(lambda: self._nuevo("taller"))
        self.boton_acta = QPushButton("Nueva a&cta de validación")
        self.boton_acta.clicked.connect(lambda: self._nuevo("acta"))
        # El paso en su línea y los botones debajo: con la letra más grande, en una sola fila
        # junto al mapa la pantalla no cabía en 1366 px.
        self.titulo_registros.setWordWrap(True)
        botones = QHBoxLayout()
        botones.addWidget(self.boton_taller)
        botones.addWidget(self.boton_acta)
        botones.addStretch()
        abajo = QWidget()
        capa_abajo = QVBoxLayout(abajo)
        capa_abajo.setContentsMargins(0, 0, 0, 0)
        capa_abajo.addWidget(self.titulo_registros)
        capa_abajo.addLayout(botones)
        capa_abajo.addWidget(self.tabla_registros)
        # El mapa se importa al armar la pantalla: es solo QWidget y la geometría del núcleo.
        from ui.mapa.widget import MapaWidget

        self.mapa = MapaWidget()
        self.mapa.abrir_registro.connect(self.abrir_registro)
        # El mapa junto a los registros del paso: los pasos necesitan todo el ancho.
        debajo = QSplitter()
        debajo.addWidget(abajo)
        debajo.addWidget(self.mapa)
        debajo.setStretchFactor(0, 3)
        debajo.setStretchFactor(1, 2)
        divisor = QSplitter(Qt.Orientation.Vertical)
        divisor.addWidget(self.tabla_pasos)
        divisor.addWidget(debajo)
        divisor.setChildrenCollapsible(False)
        divisor.setStretchFactor(0, 0)
        divisor.setStretchFactor(1, 1)
        divisor.setSizes([alto, 400])
        self.boton_imprimir = boton_imprimir(
            self, "Ficha del territorio: comunas, localidades y estado de los ocho pasos"
        )
        cabecera = QHBoxLayout()
        cabecera.addWidget(self.encabezado, 1)
        cabecera.addWidget(self.boton_imprimir, 0, Qt.AlignmentFlag.AlignTop)
        capa = QVBoxLayout(self)
        capa.addLayout(cabecera)
        capa.addWidget(divisor, 1)
        self.tabla_pasos.selectionModel().currentRowChanged.connect(self._paso_elegido)
        # Enter en un paso lleva a sus registros; Enter en un registro lo abre.
        self.tabla_pasos.activated.connect(lambda _i: self.tabla_registros.setFocus())
        self.setFocusProxy(self.tabla_pasos)
        self.setEnabled(territorio_id is not None)
        self.ficha: dict[str, Any] | None = None
        self._paso_pedido: int | None = None
        self.listo = territorio_id is None
        self.refrescar()

    def _tabla(self, modelo, nombre: str) -> QTableView:
        tabla = QTableView()
        tabla.setModel(modelo)
        tabla.setAccessibleName(nombre)
        tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tabla.verticalHeader().hide()
        tabla.setTabKeyNavigation(False)
        return tabla

    def refrescar(self) -> None:
        if self.territorio_id:
            tid = self.territorio_id
            actual = self.tabla_pasos.currentIndex()
            elegido = self._paso_pedido or (actual.row() + 1 if actual.isValid() else None)
            self._paso_pedido = None

            def trabajo(almacen) -> tuple[dict[str, Any], int, list[dict[str, Any]], Any]:
                # La ficha, los registros del paso y el mapa en un solo viaje al hilo de la
                # base: la pantalla aparece completa de una vez.
                from pir_campo.servicios import inicio

                ficha = srv.ficha(almacen, tid)
                paso = elegido or ficha["paso_actual"]
                return ficha, paso, _registros(almacen, tid, paso), inicio.mapa(almacen, [tid])

            self.tareas.ejecutar(trabajo, self._listo)

    def _listo(self, resultado: tuple[dict[str, Any], int, list[dict[str, Any]], Any]) -> None:
        ficha, paso, registros, mapa = resultado
        self.ficha = ficha
        self.mapa.poner_datos(mapa)
        t = ficha["territorio"]
        locs = ", ".join(f"{loc['nombre']} ({loc['comuna']})" for loc in ficha["localidades"])
        self.encabezado.setText(
            f"<h2>{t['nombre']}</h2>Región de {ficha['region']} · Comunas: "
            f"{', '.join(ficha['comunas'])}<br>Localidades: {locs or 'ninguna registrada'}"
            f"<br><b>Paso en curso: {ficha['paso_actual']}</b>"
        )
        self.pasos.poner_filas(ficha["pasos"])
        # Anchos fijos (medir el contenido de cada celda cuesta en el arranque).
        anchos_en_letras(self.tabla_pasos, ((COL_PASO, 7), (COL_ETAPA, 42), (COL_TIENE, 40)))
        seleccion = self.tabla_pasos.selectionModel()
        seleccion.blockSignals(True)  # los registros de ese paso ya vinieron con la ficha
        self.tabla_pasos.selectRow(paso - 1)
        seleccion.blockSignals(False)
        self._mostrar_paso(paso)
        self._registros_listos(registros)

    def registro_para_imprimir(self) -> tuple[str, str] | None:
        return ("territorio", self.territorio_id) if self.territorio_id else None

    def descripcion_para_imprimir(self) -> str | None:
        return f"Territorio {self.ficha['territorio']['nombre']}" if self.ficha else None

    def abrir_por_id(self, id_: str) -> None:
        self.elegir_paso(int(id_))

    def elegir_paso(self, paso: int) -> None:
        """Abre el territorio en ese paso (desde la grilla de Inicio)."""
        if self.ficha is None:
            self._paso_pedido = paso
            if self.territorio_id:
                self.refrescar()
        else:
            self.tabla_pasos.selectRow(paso - 1)

    def paso_elegido(self) -> int:
        fila = self.tabla_pasos.currentIndex().row()
        return fila + 1 if fila >= 0 else 1

    def _paso_elegido(self, indice, _anterior=None) -> None:
        if not indice.isValid() or not self.territorio_id:
            return
        paso = indice.row() + 1
        self._mostrar_paso(paso)
        tid = self.territorio_id
        self.tareas.ejecutar(lambda a: _registros(a, tid, paso), self._registros_listos)

    def _mostrar_paso(self, paso: int) -> None:
        self.boton_acta.setEnabled(paso in srv.ACTA_DEL_PASO)
        self.titulo_registros.setText(
            f"<b>Paso {paso}: {self.pasos.filas[paso - 1]['etiqueta']}</b>"
        )

    def _registros_listos(self, filas: list[dict[str, Any]]) -> None:
        self.registros.poner_filas(filas)
        # Anchos fijos y el título estirado: medir cada celda costaba ~30 ms en el arranque.
        cabecera = self.tabla_registros.horizontalHeader()
        # En letras (no píxeles) y más angostas desde que el mapa comparte el ancho.
        anchos_en_letras(self.tabla_registros, ((0, 9), (2, 11), (3, 10), (4, 26)))
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if not self.listo:
            self.listo = True
            self.cargado.emit()

    def _abrir(self, indice) -> None:
        fila = self.registros.filas[indice.row()]
        self.abrir_registro.emit(fila["clase"], fila["id"])

    def _nuevo(self, clase: str) -> None:
        self.pedir_nuevo.emit(clase, self.paso_elegido())


def _registros(almacen, territorio_id: str, paso: int) -> list[dict[str, Any]]:
    filas = []
    for t in q.talleres(almacen.conn, territorio_id, paso):
        filas.append(
            {
                "id": t["id"],
                "clase": "taller",
                "tipo": "Taller",
                "titulo": t["titulo"],
                "fecha": t["fecha"],
                "estado": formatos.estado_taller(t["estado"]),
                "detalle": f"{t['asistentes']} asistentes · {t['localidad'] or t['lugar'] or ''}",
            }
        )
    tipo = srv.ACTA_DEL_PASO.get(paso)
    if tipo:
        for a in q.actas(almacen.conn, territorio_id):
            if a["tipo"] == tipo:
                filas.append(
                    {
                        "id": a["id"],
                        "clase": "acta",
                        "tipo": "Acta",
                        "titulo": formatos.tipo_acta(a["tipo"]),
                        "fecha": a["fecha"],
                        "estado": formatos.estado_acta(a["estado"]),
                        "detalle": f"{formatos.decision(a['decision'])} · "
                        f"{a['firmantes']} firmantes",
                    }
                )
    return filas
