"""Inicio: lo primero que se ve al abrir la aplicación.

En la oficina, la región de un vistazo (mapa, grilla de territorios por los 8 pasos, gráficos y
el último paquete de cada notebook); en el notebook, qué toca hacer (mis territorios y su paso,
acuerdos del mes, lo que falta enviar). Los datos llegan en un solo trabajo del hilo de la base;
los gráficos se arman después del primer dibujo, para que el arranque no pague QtCharts.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.servicios.inicio import (
    CUMPLIDO,
    EN_CURSO,
    PENDIENTE,
    FilaPasos,
    InicioCampo,
    InicioOficina,
)
from ui.mapa.widget import MapaWidget
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

# Colores claros con el texto siempre escrito: el estado se lee aunque no se distinga el color.
FONDOS_PASO = {CUMPLIDO: "#bfe3d0", EN_CURSO: "#fbe0a6", PENDIENTE: "#ececec"}
SIMBOLOS_PASO = {CUMPLIDO: "✓ ", EN_CURSO: "… ", PENDIENTE: ""}


# Los gráficos de la oficina se piden después, en otro trabajo (ver `_pedir_graficos`). Por
# nombre: al arrancar, la aplicación adelanta este trabajo antes de importar esta pantalla.
TRABAJO_INICIO = "pir_campo.servicios.inicio:para_pantalla"


class ModeloGrilla(ModeloFilas):
    """Una fila por territorio y una columna por paso, con el estado en texto y color."""

    def __init__(self, parent=None):
        columnas = [Columna("nombre", "Territorio")] + [
            Columna(f"p{n}", f"Paso {n}", ayuda=None) for n in range(1, 9)
        ]
        super().__init__(columnas, parent)
        self.territorios: list[FilaPasos] = []

    def poner_territorios(self, filas: list[FilaPasos]) -> None:
        self.territorios = filas
        self.poner_filas(
            [
                {"id": f.territorio_id, "nombre": f.nombre}
                | {f"p{p.numero}": SIMBOLOS_PASO[p.estado] + p.estado for p in f.pasos}
                for f in filas
            ]
        )

    def con_falta(self) -> None:
        """En el notebook: una columna más con lo que falta del paso en curso."""
        if self.columnas[-1].clave != "falta":
            falta = Columna("falta", "Qué falta del paso en curso", ayuda=lambda f: f.get("falta"))
            self.poner_columnas([*self.columnas, falta])

    def paso(self, index: QModelIndex):
        if not index.isValid() or not 0 < index.column() <= 8:
            return None
        return self.territorios[index.row()].pasos[index.column() - 1]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        paso = self.paso(index)
        if paso is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(FONDOS_PASO[paso.estado]))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#202020"))
            if role == Qt.ItemDataRole.ToolTipRole:
                falta = f"{paso.falta}.\n" if paso.falta else ""
                return (
                    f"Paso {paso.numero}: {paso.etiqueta}\n{paso.estado}. {paso.detalle}\n"
                    f"{falta}Clic para abrir el territorio en este paso"
                )
        return super().data(index, role)

    def sort(self, column, order=Qt.SortOrder.AscendingOrder) -> None:
        return  # el orden es el de la región (por nombre)


def _tabla(modelo, nombre: str) -> QTableView:
    tabla = QTableView()
    tabla.setModel(modelo)
    tabla.setAccessibleName(nombre)
    tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tabla.verticalHeader().hide()
    tabla.setTabKeyNavigation(False)
    tabla.setWordWrap(False)
    return tabla


def _plural(n: int, uno: str, varios: str) -> str:
    return f"{formato.numero(n)} {uno if n == 1 else varios}"


def _filas_acuerdos(acuerdos: list[dict]) -> list[dict]:
    return [
        {**a, "fecha": a["fecha_compromiso"], "plazo": "Vencido" if a["vencido"] else "Este mes"}
        for a in acuerdos
    ]


def _titulo(texto: str) -> QLabel:
    etiqueta = QLabel(f"<h3 style='margin:2px'>{texto}</h3>")
    etiqueta.setWordWrap(True)
    return etiqueta


class PantallaInicio(QWidget):
    abrir_registro = Signal(str, str)
    elegir_territorio = Signal(str)
    cargado = Signal()

    def __init__(self, tareas: Tareas, territorio_id: str | None = None, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.datos: InicioOficina | InicioCampo | None = None
        self.listo = False
        self.paneles: list = []
        self.ms_dibujo: float | None = None
        self.encabezado = QLabel("Cargando…")
        self.encabezado.setWordWrap(True)
        self.encabezado.setTextFormat(Qt.TextFormat.RichText)
        self.boton_informe = QPushButton("Informe regional de avance…")
        self.boton_informe.setToolTip(
            "PDF con los territorios por paso, los gráficos y el mapa de la región"
        )
        self.boton_informe.clicked.connect(self.imprimir_informe)
        self.boton_informe.hide()
        cabecera = QHBoxLayout()
        cabecera.addWidget(self.encabezado, 1)
        cabecera.addWidget(self.boton_informe, 0, Qt.AlignmentFlag.AlignTop)

        self.mapa = MapaWidget()
        self.mapa.setMinimumHeight(300)
        self.mapa.abrir_registro.connect(self.abrir_registro)
        self.grilla = ModeloGrilla(self)
        self.tabla_grilla = _tabla(self.grilla, "Territorios por paso")
        self.tabla_grilla.clicked.connect(self._abrir_celda)
        self.tabla_grilla.activated.connect(self._abrir_celda)
        self.titulo_grilla = _titulo("Territorios por paso")
        # Debajo de la grilla: el mapa y los gráficos (oficina) o los acuerdos (notebook).
        self.extra = QWidget()
        self.bloque_extra = QVBoxLayout(self.extra)
        self.bloque_extra.setContentsMargins(0, 0, 0, 0)
        self.rejilla_graficos = QGridLayout()
        self.rejilla_graficos.setHorizontalSpacing(12)
        self.rejilla_graficos.setColumnStretch(0, 1)
        self.rejilla_graficos.setColumnStretch(1, 1)
        self.mapa.setMinimumHeight(330)
        self.rejilla_graficos.addWidget(self.mapa, 0, 0)
        self.dispositivos = ModeloFilas(
            [
                Columna("nombre", "Notebook"),
                Columna("ultimo_paquete", "Último paquete"),
                Columna("recibido_el", "Recibido el"),
                Columna("huecos_texto", "Huecos"),
                Columna("territorios", "Territorios"),
            ],
            self,
        )
        self.tabla_dispositivos = _tabla(self.dispositivos, "Notebooks y su último paquete")
        self.tabla_dispositivos.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabla_dispositivos.horizontalHeader().setStretchLastSection(True)
        self.titulo_dispositivos = _titulo("Notebooks: último paquete y huecos")

        contenido = QWidget()
        capa = QVBoxLayout(contenido)
        capa.addLayout(cabecera)
        capa.addWidget(self.titulo_grilla)
        capa.addWidget(self.tabla_grilla)
        capa.addLayout(self.rejilla_graficos)
        capa.addWidget(self.titulo_dispositivos)
        capa.addWidget(self.tabla_dispositivos)
        capa.addStretch(1)
        self.titulo_dispositivos.hide()
        self.tabla_dispositivos.hide()
        desplazable = QScrollArea()
        desplazable.setWidgetResizable(True)
        desplazable.setFrameShape(QFrame.Shape.NoFrame)
        desplazable.setWidget(contenido)
        externa = QVBoxLayout(self)
        externa.setContentsMargins(0, 0, 0, 0)
        externa.addWidget(desplazable)
        self.setFocusProxy(self.tabla_grilla)
        self.refrescar()

    # ---- datos -------------------------------------------------------------------------------

    def refrescar(self) -> None:
        self.tareas.ejecutar(TRABAJO_INICIO, self._listo)

    def _listo(self, datos: InicioOficina | InicioCampo) -> None:
        inicio = time.perf_counter()
        self.datos = datos
        if isinstance(datos, InicioCampo):
            self.grilla.con_falta()
        self.grilla.poner_territorios(datos.pasos)
        metrica = self.tabla_grilla.fontMetrics()
        self.tabla_grilla.setColumnWidth(0, metrica.horizontalAdvance("Valle Alto del Limarí") + 24)
        ancho = metrica.horizontalAdvance("✓ Pendiente") + 16
        for c in range(1, 9):
            self.tabla_grilla.setColumnWidth(c, ancho)
        self.mapa.poner_datos(datos.mapa)
        self._ajustar_grilla(len(datos.pasos))
        if isinstance(datos, InicioOficina):
            self._oficina(datos)
        else:
            self._campo(datos)
        self._limpiar_graficos()
        self.ms_dibujo = (time.perf_counter() - inicio) * 1000
        if isinstance(datos, InicioOficina):
            self._pedir_graficos(datos)
        if not self.listo:
            self.listo = True
            self.cargado.emit()

    def _pedir_graficos(self, d: InicioOficina) -> None:
        """Los números de los gráficos, en un segundo trabajo: la grilla, el mapa y los
        notebooks se ven mientras tanto."""
        ids = [f.territorio_id for f in d.pasos]

        def trabajo(almacen):
            from pir_campo.servicios import inicio

            return inicio.graficos(almacen, ids, d.hoy)

        def listos(graficos) -> None:
            if self.datos is not d:
                return  # llegaron otros datos mientras tanto: esos piden los suyos
            d.graficos = graficos
            # Después del primer dibujo: importar QtCharts cuesta y la grilla ya se ve.
            QTimer.singleShot(0, lambda: self._graficos(d, time.perf_counter()))

        self.tareas.ejecutar(trabajo, listos)

    def _oficina(self, d: InicioOficina) -> None:
        corte = [x["ultimo_paquete"] for x in d.dispositivos if x["ultimo_paquete"]]
        self.encabezado.setText(
            f"<h2 style='margin:2px'>Región de {d.nombre_region}</h2>"
            f"{_plural(len(d.pasos), 'territorio', 'territorios')} · datos al "
            f"{formato.fecha(d.hoy)}"
            + (f" · último paquete recibido: {max(corte)}" if corte else "")
        )
        self.boton_informe.show()
        self.titulo_grilla.setText("<h3 style='margin:2px'>Territorios por paso</h3>")
        self.dispositivos.poner_filas(
            [
                {
                    **x,
                    "ultimo_paquete": x["ultimo_paquete"] or "Ninguno",
                    "huecos_texto": ", ".join(x["huecos"]) or "Sin huecos",
                }
                for x in d.dispositivos
            ]
        )
        self.titulo_dispositivos.show()
        self.tabla_dispositivos.show()
        filas = min(8, max(1, len(d.dispositivos)))
        alto = self.tabla_dispositivos.horizontalHeader().sizeHint().height()
        alto += filas * self.tabla_dispositivos.verticalHeader().defaultSectionSize() + 4
        self.tabla_dispositivos.setFixedHeight(alto)

    def _ajustar_grilla(self, n: int) -> None:
        alto = self.tabla_grilla.horizontalHeader().height() + 4
        alto += sum(self.tabla_grilla.rowHeight(i) for i in range(min(n, 10))) or 30
        # Con letra grande la grilla puede pasar del ancho: se reserva su barra de desplazamiento.
        alto += self.tabla_grilla.horizontalScrollBar().sizeHint().height()
        self.tabla_grilla.setFixedHeight(alto + (18 if n > 10 else 2))

    def _campo(self, d: InicioCampo) -> None:
        oficina = d.oficina
        if oficina and oficina["ultimo_paquete"]:
            sincro = f"Última sincronización con la oficina: {oficina['ultimo_paquete']}"
        elif oficina:
            sincro = f"Aún no llega ningún recibo de {oficina['nombre']}"
        else:
            sincro = "Este notebook aún no tiene oficina registrada"
        self.encabezado.setText(f"<h2 style='margin:2px'>Inicio · {d.nombre}</h2>{sincro}")
        self.titulo_grilla.setText("<h3 style='margin:2px'>Mis territorios y su paso</h3>")
        self._limpiar_extra()
        self.acuerdos = ModeloFilas(
            [
                Columna("fecha", "Fecha", formato.fecha),
                Columna("plazo", "Plazo"),
                Columna("texto", "Acuerdo"),
                Columna("responsable", "Responsable"),
                Columna("territorio", "Territorio"),
            ],
            self,
        )
        self.acuerdos.poner_filas(_filas_acuerdos(d.acuerdos))
        self.tabla_acuerdos = _tabla(self.acuerdos, "Acuerdos por cumplir este mes")
        self.tabla_acuerdos.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla_acuerdos.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.tabla_acuerdos.activated.connect(self._abrir_acuerdo)
        self.tabla_acuerdos.doubleClicked.connect(self._abrir_acuerdo)
        self.titulo_acuerdos = _titulo(self._texto_acuerdos(d))
        self.sin_confirmar = QLabel(self._texto_sin_confirmar(d.total_pendientes))
        self.sin_confirmar.setWordWrap(True)
        for w in (self.titulo_acuerdos, self.tabla_acuerdos, self.sin_confirmar):
            self.bloque_extra.addWidget(w)
        filas = self.grilla.filas
        for f, t in zip(filas, d.pasos, strict=True):
            actual = next((p for p in t.pasos if p.numero == t.paso_actual), None)
            f["falta"] = (
                f"Paso {actual.numero}: {actual.detalle.split('. ', 1)[-1]}"
                if actual
                else "Los ocho pasos cumplidos"
            )
        self.grilla.layoutChanged.emit()
        self.tabla_grilla.horizontalHeader().setSectionResizeMode(9, QHeaderView.ResizeMode.Stretch)
        self.rejilla_graficos.addWidget(self.extra, 0, 0)
        self.rejilla_graficos.addWidget(self.mapa, 0, 1)
        self.rejilla_graficos.setColumnStretch(0, 3)
        self.rejilla_graficos.setColumnStretch(1, 2)
        if not d.completo:
            self._pedir_resto(d)

    def _texto_acuerdos(self, d: InicioCampo) -> str:
        if not d.total_acuerdos:
            return "Ningún acuerdo vence este mes"
        texto = f"Acuerdos por cumplir hasta fin de mes: {formato.numero(d.total_acuerdos)}"
        if d.acuerdos_vencidos:
            texto += f" ({_plural(d.acuerdos_vencidos, 'ya vencido', 'ya vencidos')})"
        return texto

    def _texto_sin_confirmar(self, total: int | None) -> str:
        if total is None:
            return "<b>Contando los cambios sin confirmar por la oficina…</b>"
        if total:
            return (
                f"<b>Cambios sin confirmar por la oficina: {formato.numero(total)}"
                "</b><br>El detalle por tipo de registro está en Sincronización."
            )
        return "<b>Todos los cambios confirmados por la oficina</b>"

    def _pedir_resto(self, d: InicioCampo) -> None:
        """Los acuerdos que no vinieron al abrir y la cuenta de cambios sin confirmar: llegan
        solos, en un segundo trabajo, con la pantalla ya a la vista."""
        desde, hoy = len(d.acuerdos), d.hoy

        def trabajo(almacen):
            from pir_campo.servicios import inicio

            return inicio.resto_campo(almacen, hoy, desde)

        def listos(resto) -> None:
            if self.datos is not d:
                return  # llegaron otros datos mientras tanto (se pidió de nuevo)
            d.acuerdos = [*d.acuerdos, *resto.acuerdos]
            d.total_pendientes = resto.total_pendientes
            self.acuerdos.agregar_filas(_filas_acuerdos(resto.acuerdos))
            self.sin_confirmar.setText(self._texto_sin_confirmar(d.total_pendientes))

        self.tareas.ejecutar(trabajo, listos)

    def _limpiar_extra(self) -> None:
        while self.bloque_extra.count():
            w = self.bloque_extra.takeAt(0).widget()
            if w is not None:
                w.deleteLater()

    def _limpiar_graficos(self) -> None:
        for p in self.paneles:
            self.rejilla_graficos.removeWidget(p)
            p.deleteLater()
        self.paneles = []

    def letra_grande(self) -> bool:
        """Con letra grande (Ajustes) los gráficos van de a uno por fila, a todo el ancho."""
        return self.font().pointSizeF() >= 13

    def _graficos(self, d: InicioOficina, inicio: float) -> None:
        from ui.inicio.graficos import PanelGrafico

        if self.datos is not d:
            return

        columnas = 1 if self.letra_grande() else 2
        alto = max(330, 20 * self.fontMetrics().height())
        if columnas == 1:
            self.rejilla_graficos.addWidget(self.mapa, 0, 0, 1, 2)
            self.mapa.setMinimumHeight(alto)
        for i, g in enumerate(d.graficos, start=1):
            panel = PanelGrafico(g)
            panel.setMinimumHeight(max(alto, panel.alto_necesario()))
            if columnas == 1:
                self.rejilla_graficos.addWidget(panel, i, 0, 1, 2)
            else:
                self.rejilla_graficos.addWidget(panel, i // 2, i % 2)
            self.paneles.append(panel)
        self.ms_dibujo = (self.ms_dibujo or 0) + (time.perf_counter() - inicio) * 1000

    # ---- abrir -------------------------------------------------------------------------------

    def _abrir_celda(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        fila = self.grilla.territorios[index.row()]
        paso = index.column() if index.column() > 0 else fila.paso_actual
        self.abrir_registro.emit("paso", f"{fila.territorio_id}|{min(paso, 8)}")

    def _abrir_acuerdo(self, index: QModelIndex) -> None:
        if index.isValid():
            self.abrir_registro.emit("taller", self.acuerdos.filas[index.row()]["taller_id"])

    def imprimir_informe(self) -> None:
        from ui.inicio.informe import pedir_informe

        pedir_informe(self)
