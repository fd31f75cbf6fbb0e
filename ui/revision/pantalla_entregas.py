"""Entregas: en la oficina, cada paquete recibido de cada notebook y el recibo devuelto."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.modelos_tabla import Columna, ModeloFilas, tabla
from ui.tareas import Tareas

COLUMNAS = [
    Columna("notebook", "Notebook de"),
    Columna("recibido_el", "Recibido el"),
    Columna("registros_texto", "Registros por tipo"),
    Columna("conflictos", "Conflictos"),
    Columna("retenidos_texto", "Retenidos y por qué"),
    Columna("recibo_texto", "Recibo"),
]


class PantallaEntregas(QWidget):
    def __init__(self, tareas: Tareas, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.setAccessibleName("Paquetes recibidos")
        self.notebook = QComboBox()
        self.notebook.setAccessibleName("Notebook")
        self.notebook.addItem("Todos los notebooks", None)
        self.notebook.currentIndexChanged.connect(self._filtrar)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla(self.modelo, "Paquetes recibidos", estirar=2)
        self.mensaje = QLabel("")
        self.filas: list[dict[str, Any]] = []
        fila = QHBoxLayout()
        fila.addWidget(QLabel("Notebook:"))
        fila.addWidget(self.notebook)
        fila.addStretch()
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Paquetes recibidos</h2>"))
        capa.addLayout(fila)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.mensaje)
        tareas.cambiado.connect(lambda _c: self.refrescar())
        self.refrescar()

    def refrescar(self) -> None:
        from pir_campo.servicios.entregas import entregas

        self.tareas.ejecutar(lambda a: (a.rol, entregas(a)), self._listo)

    def _listo(self, datos: tuple[str, list[dict[str, Any]]]) -> None:
        rol, self.filas = datos
        elegido = self.notebook.currentData()
        self.notebook.blockSignals(True)
        self.notebook.clear()
        self.notebook.addItem("Todos los notebooks", None)
        for dispositivo, nombre in dict(
            (f["dispositivo"], f["notebook"]) for f in self.filas
        ).items():
            self.notebook.addItem(f"{nombre} ({dispositivo})", dispositivo)
        self.notebook.setCurrentIndex(max(0, self.notebook.findData(elegido)))
        self.notebook.blockSignals(False)
        self._filtrar()
        if rol != "oficina":
            self.mensaje.setText("Esta lista es de la oficina regional.")

    def _filtrar(self) -> None:
        elegido = self.notebook.currentData()
        filas = [f for f in self.filas if elegido in (None, f["dispositivo"])]
        self.modelo.poner_filas(filas)
        n = len(filas)
        self.mensaje.setText(f"{n} {'paquete' if n == 1 else 'paquetes'}.")
