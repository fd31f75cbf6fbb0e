"""Gráficos de barras con QtCharts (del wheel PySide6-Addons), cada uno con su tabla a un clic
y «Guardar imagen…». QtCharts se importa al dibujar el primer gráfico, no al arrancar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo import mapa as geo
from pir_campo.servicios.inicio import Grafico
from ui.modelos_tabla import Columna, ModeloFilas

DERECHA = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def vista_grafico(g: Grafico, fuente: QFont) -> QWidget:
    """La vista QtCharts del gráfico: barras apiladas si hay más de una serie."""
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalBarSeries,
        QHorizontalStackedBarSeries,
        QStackedBarSeries,
        QValueAxis,
    )

    grafico = QChart()
    grafico.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    grafico.setBackgroundRoundness(0)
    grafico.setMargins(grafico.margins() * 0)
    # Barras horizontales: los rótulos largos (tipologías, etapas) se leen sin girarlos.
    if g.horizontal:
        series = QHorizontalStackedBarSeries() if len(g.series) > 1 else QHorizontalBarSeries()
    else:
        series = QStackedBarSeries()
    # En horizontal QtCharts pone la primera categoría abajo: se invierte para leer de arriba
    # hacia abajo.
    orden = (lambda x: list(reversed(x))) if g.horizontal else list
    for i, (nombre, valores) in enumerate(g.series):
        conjunto = QBarSet(nombre)
        conjunto.append([float(v) for v in orden(valores)])
        conjunto.setColor(QColor(geo.PALETA[i % len(geo.PALETA)]))
        conjunto.setBorderColor(QColor("#ffffff"))
        series.append(conjunto)
    grafico.addSeries(series)
    pequena = QFont(fuente)
    pequena.setPointSizeF(max(7.0, fuente.pointSizeF() * 0.9))
    categorias = QBarCategoryAxis()
    categorias.append(orden(g.categorias))
    categorias.setLabelsFont(pequena)
    if not g.horizontal and len(g.categorias) > 6:
        categorias.setLabelsAngle(-60)  # los meses, girados, no se abrevian a «…»
    valores = QValueAxis()
    valores.setLabelFormat("%.0f")
    valores.setLabelsFont(pequena)
    valores.setTitleText(g.unidad)
    valores.setTitleFont(pequena)
    maximo = max((sum(v[i] for _n, v in g.series) for i in range(len(g.categorias))), default=0)
    valores.setRange(0, max(1.0, maximo * 1.05))
    valores.setTickCount(5)
    valores.applyNiceNumbers()
    izquierda, abajo = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom
    grafico.addAxis(categorias, izquierda if g.horizontal else abajo)
    grafico.addAxis(valores, abajo if g.horizontal else izquierda)
    series.attachAxis(categorias)
    series.attachAxis(valores)
    leyenda = grafico.legend()
    leyenda.setVisible(len(g.series) > 1)
    leyenda.setAlignment(Qt.AlignmentFlag.AlignBottom)
    leyenda.setFont(pequena)
    vista = QChartView(grafico)
    vista.setRenderHint(QPainter.RenderHint.Antialiasing)
    vista.setMinimumHeight(160)
    vista.serie = series  # para las pruebas y la tabla: los números dibujados
    vista.invertida = g.horizontal
    return vista


class PanelGrafico(QWidget):
    """Título, el gráfico (o su tabla, con «Ver tabla») y «Guardar imagen…»."""

    def __init__(self, g: Grafico, parent: QWidget | None = None):
        super().__init__(parent)
        self.grafico = g
        self.titulo = QLabel(f"<b>{g.titulo}</b>")
        self.titulo.setWordWrap(True)
        self.boton_tabla = QPushButton("Ver tabla")
        self.boton_tabla.setCheckable(True)
        self.boton_tabla.setToolTip("Muestra los números del gráfico en una tabla")
        self.boton_tabla.setAccessibleName(f"Ver tabla de {g.titulo}")
        self.boton_tabla.toggled.connect(self._alternar)
        self.boton_guardar = QPushButton("Guardar imagen…")
        self.boton_guardar.setAccessibleName(f"Guardar imagen de {g.titulo}")
        self.boton_guardar.clicked.connect(self._pedir_ruta)
        encabezados, filas = g.filas_tabla()
        columnas = [Columna("c0", "Categoría")] + [
            Columna(f"c{i}", t, alineacion=DERECHA) for i, t in enumerate(encabezados[1:], 1)
        ]
        self.modelo = ModeloFilas(columnas, self)
        self.modelo.poner_filas([{f"c{i}": v for i, v in enumerate(f)} for f in filas])
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName(f"Tabla de {g.titulo}")
        self.tabla.verticalHeader().hide()
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.pila = QStackedWidget()
        if g.categorias and g.total:
            self.vista = vista_grafico(g, self.font())
        else:
            self.vista = QLabel("Sin datos todavía.")
            self.vista.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pila.addWidget(self.vista)
        self.pila.addWidget(self.tabla)
        self.nota = QLabel(g.nota)
        self.nota.setWordWrap(True)
        self.nota.setVisible(bool(g.nota))
        # El título en su propia línea: con letra grande no se parte entre los botones.
        botones = QHBoxLayout()
        botones.addStretch(1)
        botones.addWidget(self.boton_tabla)
        botones.addWidget(self.boton_guardar)
        capa = QVBoxLayout(self)
        capa.setContentsMargins(4, 4, 4, 4)
        capa.addWidget(self.titulo)
        capa.addLayout(botones)
        capa.addWidget(self.pila, 1)
        capa.addWidget(self.nota)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def alto_necesario(self) -> int:
        """QtCharts abrevia a «…» los rótulos de categoría si cada barra tiene menos de unas dos
        líneas de alto: el panel crece con la cantidad de categorías y la letra."""
        linea = self.fontMetrics().height()
        if not self.grafico.horizontal:
            return 16 * linea
        return 10 * linea + round(2.2 * linea) * len(self.grafico.categorias)

    def _alternar(self, tabla: bool) -> None:
        self.pila.setCurrentIndex(1 if tabla else 0)
        self.boton_tabla.setText("Ver gráfico" if tabla else "Ver tabla")

    def valores_dibujados(self) -> list[tuple[str, list[float]]]:
        """Lo que de verdad tiene la serie de QtCharts (para comprobarlo contra SQL)."""
        serie = getattr(self.vista, "serie", None)
        if serie is None:
            return []
        salida = []
        for c in serie.barSets():
            valores = [c.at(i) for i in range(c.count())]
            salida.append((c.label(), valores[::-1] if self.vista.invertida else valores))
        return salida

    def guardar_imagen(self, ruta: Path) -> Path:
        ruta = Path(ruta)
        if ruta.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            ruta = ruta.with_suffix(".png")
        if not self.pila.currentWidget().grab().save(str(ruta)):
            raise OSError(f"No se pudo guardar la imagen en «{ruta}».")
        return ruta

    def _pedir_ruta(self) -> None:
        nombre = f"{self.grafico.clave}.png"
        ruta, _ = QFileDialog.getSaveFileName(
            self, "Guardar imagen", nombre, "Imagen PNG (*.png);;Imagen JPEG (*.jpg)"
        )
        if ruta:
            try:
                self.guardar_imagen(Path(ruta))
            except OSError as e:
                from ui import dialogos

                dialogos.error(self, str(e))
