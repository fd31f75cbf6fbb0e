"""Archivo > Exportar datos…: región, territorios, fechas y datos personales, a un libro de
Excel, CSV, GeoJSON o GeoPackage. El trabajo corre en el hilo de la base (ui/tareas.py) con su
barra de avance; al terminar dice dónde quedó."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui.fechas import CampoFecha
from ui.tareas import Tareas

# Lo que sugiere el diálogo de guardar para cada formato (csv y geojson son carpetas).
_NOMBRES = {
    "xlsx": ("datos_pir_campo.xlsx", "Libro de Excel (*.xlsx)"),
    "gpkg": ("capas_pir_campo.gpkg", "GeoPackage (*.gpkg)"),
    "csv": ("datos_pir_campo_csv", ""),
    "geojson": ("capas_pir_campo_geojson", ""),
}


class DialogoExportarDatos(QDialog):
    def __init__(self, tareas: Tareas, padre: QWidget | None = None):
        from pir_campo.exportacion import FORMATOS
        from ui.sincronizacion.aviso import Aviso

        super().__init__(padre)
        self.tareas = tareas
        self.setWindowTitle("Exportar datos")
        self.setMinimumWidth(560)
        self.territorios: list[dict[str, Any]] = []
        self.region_propia: str | None = None
        self.resultado: Any = None
        self.aviso = Aviso(self)
        self.aviso.avance.connect(self._avance)

        capa = QVBoxLayout(self)
        formulario = QFormLayout()
        self.region = QComboBox()
        self.region.setAccessibleName("Región")
        self.region.currentIndexChanged.connect(self._llenar_territorios)
        formulario.addRow("&Región:", self.region)
        self.lista = QListWidget()
        self.lista.setAccessibleName("Territorios")
        self.lista.setMinimumHeight(110)
        formulario.addRow("&Territorios:", self.lista)
        fechas = QHBoxLayout()
        self.con_fechas = QCheckBox("Solo &entre")
        self.desde, self.hasta = CampoFecha(), CampoFecha()
        self.desde.setAccessibleName("Desde")
        self.hasta.setAccessibleName("Hasta")
        hoy = QDate.currentDate()
        self.desde.setDate(QDate(hoy.year(), 1, 1))
        self.hasta.setDate(hoy)
        for w in (self.desde, self.hasta):
            w.setEnabled(False)
        self.con_fechas.toggled.connect(self.desde.setEnabled)
        self.con_fechas.toggled.connect(self.hasta.setEnabled)
        fechas.addWidget(self.con_fechas)
        fechas.addWidget(self.desde)
        fechas.addWidget(QLabel("y"))
        fechas.addWidget(self.hasta)
        fechas.addStretch(1)
        formulario.addRow("Fechas:", fechas)
        self.personales = QCheckBox("Incluir datos &personales (nombres, RUT, teléfonos)")
        self.personales.setToolTip(
            "Sin datos personales, cada persona lleva un código seudónimo estable. Con ellos, "
            "el archivo queda protegido por la Ley 21.719: no lo comparta sin necesidad."
        )
        formulario.addRow("", self.personales)
        self.formato = QComboBox()
        self.formato.setAccessibleName("Formato")
        for clave, texto in FORMATOS.items():
            self.formato.addItem(texto, clave)
        self.formato.currentIndexChanged.connect(self._cambio_formato)
        formulario.addRow("&Formato:", self.formato)
        destino = QHBoxLayout()
        self.destino = QLineEdit()
        self.destino.setAccessibleName("Guardar en")
        self.elegir = QPushButton("E&legir…")
        self.elegir.clicked.connect(self._elegir_destino)
        destino.addWidget(self.destino, 1)
        destino.addWidget(self.elegir)
        etiqueta = QLabel("&Guardar en:")
        etiqueta.setBuddy(self.destino)  # con una fila de varios campos, Qt no lo pone solo
        formulario.addRow(etiqueta, destino)
        capa.addLayout(formulario)

        self.barra = QProgressBar()
        self.barra.setRange(0, 100)
        self.barra.setValue(0)
        self.estado = QLabel("")
        self.estado.setWordWrap(True)
        self.estado.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        capa.addWidget(self.barra)
        capa.addWidget(self.estado)
        botones = QDialogButtonBox()
        self.exportar = botones.addButton("E&xportar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cerrar", QDialogButtonBox.ButtonRole.RejectRole)
        self.exportar.setDefault(True)
        botones.accepted.connect(self.iniciar)
        botones.rejected.connect(self.reject)
        capa.addWidget(botones)
        self._cambio_formato()
        self.tareas.ejecutar(self._leer, self._mostrar, self._fallo)

    # ---- datos -------------------------------------------------------------------------

    @staticmethod
    def _leer(almacen: Any) -> tuple[list[dict[str, Any]], str | None, dict[str, str]]:
        from pir_campo import catalogos
        from pir_campo.almacen import consultas_planificacion as qp

        cat = catalogos.cargar()
        regiones = {c: cat.regiones[c].nombre for c in almacen.regiones_activas()}
        return qp.territorios(almacen, None), almacen.cut_region, regiones

    def _mostrar(self, datos: tuple[list[dict[str, Any]], str | None, dict[str, str]]) -> None:
        self.territorios, self.region_propia, regiones = datos
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem("Todas las regiones", None)
        for cut, nombre in regiones.items():
            self.region.addItem(nombre, cut)
        indice = self.region.findData(self.region_propia) if self.region_propia else 0
        self.region.setCurrentIndex(max(0, indice))
        self.region.blockSignals(False)
        self._llenar_territorios()

    def _llenar_territorios(self) -> None:
        region = self.region.currentData()
        self.lista.clear()
        for t in self.territorios:
            if region and t["cut_region"] != region:
                continue
            item = QListWidgetItem(t["nombre"])
            item.setData(Qt.ItemDataRole.UserRole, t["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.lista.addItem(item)
        if not self.lista.count():
            self.estado.setText("La región elegida no tiene territorios.")

    def elegidos(self) -> tuple[str, ...]:
        return tuple(
            self.lista.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.lista.count())
            if self.lista.item(i).checkState() == Qt.CheckState.Checked
        )

    # ---- destino -----------------------------------------------------------------------

    def _cambio_formato(self) -> None:
        clave = self.formato.currentData()
        actual = Path(self.destino.text()) if self.destino.text() else Path.home()
        propios = {n for n, _ in _NOMBRES.values()}
        carpeta = actual.parent if actual.suffix or actual.name in propios else actual
        self.destino.setText(str(carpeta / _NOMBRES[clave][0]))

    def _elegir_destino(self) -> None:
        clave = self.formato.currentData()
        nombre, filtro = _NOMBRES[clave]
        if filtro:
            ruta, _ = QFileDialog.getSaveFileName(
                self, "Guardar datos", self.destino.text(), filtro
            )
        else:
            ruta = QFileDialog.getExistingDirectory(
                self, "Carpeta que recibe los archivos", str(Path(self.destino.text()).parent)
            )
            ruta = str(Path(ruta) / nombre) if ruta else ""
        if ruta:
            self.destino.setText(ruta)

    # ---- exportar ----------------------------------------------------------------------

    def iniciar(self) -> None:
        from pir_campo.exportacion import ErrorExportacion, Filtro, exportar

        elegidos = self.elegidos()
        if not elegidos:
            self._fallo(ErrorExportacion("Marque al menos un territorio."))
            return
        desde = self.desde.date().toPython() if self.con_fechas.isChecked() else None
        hasta = self.hasta.date().toPython() if self.con_fechas.isChecked() else None
        filtro = Filtro(
            self.region.currentData(), elegidos, desde, hasta, self.personales.isChecked()
        )
        formato, ruta = self.formato.currentData(), Path(self.destino.text().strip())
        emitir = self.aviso.emitir
        self.exportar.setEnabled(False)
        self.barra.setValue(0)
        self.estado.setText("Exportando…")

        def trabajo(almacen: Any) -> Any:
            return exportar(almacen, formato, ruta, filtro, progreso=emitir)

        self.tareas.ejecutar(trabajo, self._listo, self._fallo)

    def _avance(self, texto: str, fraccion: float) -> None:
        self.barra.setValue(int(fraccion * 100))
        self.estado.setText(texto + "…")

    def _listo(self, resultado: Any) -> None:
        self.resultado = resultado
        self.barra.setValue(100)
        self.exportar.setEnabled(True)
        self.estado.setText("Listo. " + resultado.texto())

    def _fallo(self, error: ErrorPir) -> None:
        self.exportar.setEnabled(True)
        self.barra.setValue(0)
        self.estado.setText(f"No se exportó: {error}")


def abrir(ventana: Any) -> None:
    DialogoExportarDatos(ventana.tareas, ventana).exec()
