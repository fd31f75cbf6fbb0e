"""En la oficina: enviar a los notebooks catálogos, una versión del instrumento, ajustes de la
región o un aviso. Se valida antes (si algo falla no se envía nada) y viaja, firmado, en los
próximos paquetes de la oficina."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui import dialogos
from ui.modelos_tabla import Columna, ModeloFilas, tabla
from ui.tareas import Tareas

TIPOS = {
    "catalogo": "Actualización de catálogo (tipologías o comunas)",
    "instrumento": "Versión nueva del instrumento de capacidad",
    "ajustes": "Ajustes de la región (regiones activas, campos opcionales)",
    "aviso": "Aviso a las facilitadoras",
}
COLUMNAS = [
    Columna("enviado_el", "Publicado el"),
    Columna("por", "Por"),
    Columna("texto", "Qué verá la facilitadora"),
]


class PantallaEnvios(QWidget):
    def __init__(self, tareas: Tareas, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.archivo: Path | None = None
        self.setAccessibleName("Enviar a los notebooks")
        self.tipo = QComboBox()
        self.tipo.setAccessibleName("Qué enviar")
        for clave, texto in TIPOS.items():
            self.tipo.addItem(texto, clave)
        self.tipo.currentIndexChanged.connect(self._tipo_elegido)
        self.b_archivo = QPushButton("Elegir archivo &JSON…")
        self.b_archivo.clicked.connect(self.elegir_archivo)
        self.lbl_archivo = QLabel("Ningún archivo elegido.")
        self.texto = QLineEdit()
        self.texto.setAccessibleName("Texto del aviso")
        self.texto.setPlaceholderText("Actualice PIR Campo a la versión …")
        self.version = QLineEdit()
        self.version.setAccessibleName("Versión mínima")
        self.version.setPlaceholderText("1.2.0 (opcional)")
        self.b_enviar = QPushButton("&Validar y enviar")
        self.b_enviar.clicked.connect(self.enviar)
        self.mensaje = QLabel("")
        self.mensaje.setWordWrap(True)
        self.mensaje.setAccessibleName("Mensaje del envío")
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla(self.modelo, "Envíos publicados", estirar=2)
        formulario = QFormLayout()
        formulario.addRow("&Qué enviar:", self.tipo)
        fila_archivo = QHBoxLayout()
        fila_archivo.addWidget(self.b_archivo)
        fila_archivo.addWidget(self.lbl_archivo, 1)
        formulario.addRow("Archivo:", fila_archivo)
        formulario.addRow("&Texto del aviso:", self.texto)
        formulario.addRow("&Versión mínima:", self.version)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<h2>Enviar a los notebooks</h2>"))
        capa.addLayout(formulario)
        capa.addWidget(self.b_enviar)
        capa.addWidget(self.mensaje)
        capa.addWidget(QLabel("<b>Ya publicado</b> (viaja en cada paquete de la oficina)"))
        capa.addWidget(self.tabla, 1)
        self._tipo_elegido()
        self.refrescar()

    def _tipo_elegido(self, *_: Any) -> None:
        aviso = self.tipo.currentData() == "aviso"
        self.b_archivo.setEnabled(not aviso)
        self.texto.setEnabled(aviso)
        self.version.setEnabled(aviso)

    def elegir_archivo(self) -> None:
        ruta = dialogos.elegir_json(self, "Archivo JSON para enviar")
        if ruta:
            self.poner_archivo(ruta)

    def poner_archivo(self, ruta: Path) -> None:
        self.archivo = ruta
        self.lbl_archivo.setText(str(ruta))

    def refrescar(self) -> None:
        from pir_campo.servicios import envios

        self.tareas.ejecutar(lambda a: (a.rol, envios.para_paquete(a)), self._listo)

    def _listo(self, datos: tuple[str, list[dict[str, Any]]]) -> None:
        from pir_campo.formato import momento_local

        rol, publicados = datos
        filas = [{**e, "enviado_el": momento_local(e["creado_en"])} for e in reversed(publicados)]
        self.modelo.poner_filas(filas)
        self.b_enviar.setEnabled(rol == "oficina")
        if rol != "oficina":
            self.mensaje.setText("Solo la oficina regional envía actualizaciones.")

    def enviar(self) -> None:
        from pir_campo.servicios import envios

        tipo = self.tipo.currentData()
        if tipo == "aviso":
            contenido: Any = {
                "texto": self.texto.text(),
                "version_minima": self.version.text().strip() or None,
            }
        else:
            if self.archivo is None:
                self.mensaje.setText("Elija el archivo JSON que quiere enviar.")
                return
            try:
                contenido = json.loads(self.archivo.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                self.mensaje.setText(f"No se pudo leer {self.archivo.name}: {e}.")
                return

        def hecho(envio: dict[str, Any]) -> None:
            self.mensaje.setText(f"{envio['texto']} Viajará en los próximos paquetes.")
            self.texto.clear()
            self.refrescar()

        self.tareas.ejecutar(lambda a: envios.publicar(a, tipo, contenido), hecho, self._fallo)

    def _fallo(self, error: ErrorPir) -> None:
        self.mensaje.setText(str(error))
