"""Columna «Origen» y filtro por instalación para las listas de la oficina regional.

En la oficina se ven los registros de todos los notebooks; cada lista dice quién creó cada uno
(y en la ayuda, quién lo cambió al último y cuándo). En un notebook no se muestra nada de esto.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from pir_campo import formato
from pir_campo.almacen import consultas_origen
from ui.modelos_tabla import Columna

TITULO = "Origen"
AYUDA_COLUMNA = "Notebook u oficina donde se creó el registro"


def contexto(almacen) -> dict[str, Any]:
    """Trabajo de base: si esta instalación es oficina y qué instalaciones conoce."""
    oficina = consultas_origen.es_oficina(almacen.conn)
    return {
        "oficina": oficina,
        "dispositivos": consultas_origen.dispositivos(almacen.conn) if oficina else [],
    }


def con_origen(almacen, tabla: str, territorio_id: str, filas: list[dict], creador: str | None):
    """Para listas pequeñas armadas fuera de `almacen/` (planificación): agrega el origen que
    calcula el SQL y deja solo las filas del creador elegido. En un notebook no toca nada."""
    datos = contexto(almacen)
    if datos["oficina"]:
        origenes = consultas_origen.origenes_territorio(almacen.conn, tabla, territorio_id, creador)
        filas = [{**f, **origenes[f["id"]]} for f in filas if f["id"] in origenes]
    return {**datos, "filas": filas}


def momento(ms: int | None) -> str:
    """Milisegundos UTC del sello HLC como dd-mm-aaaa HH:MM en hora de Chile."""
    if not ms:
        return ""
    instante = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return formato.momento_local(instante.isoformat())


def ayuda(fila: dict[str, Any]) -> str | None:
    if not fila.get("origen_nombre"):
        return None
    texto = f"Creado en: {fila['origen_nombre']}"
    if fila.get("cambio_nombre"):
        texto += f"\nÚltimo cambio: {fila['cambio_nombre']}"
        if cuando := momento(fila.get("cambio_ms")):
            texto += f", {cuando}"
    return texto


COLUMNA = Columna("origen_nombre", TITULO, ayuda=AYUDA_COLUMNA, ayuda_fila=ayuda)


class FiltroOrigen(QWidget):
    """«Origen: [Todos los orígenes ▾]»; oculto salvo en la oficina."""

    cambiado = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Filtrar por origen")
        self.combo.addItem("Todos los orígenes", None)
        self.combo.currentIndexChanged.connect(lambda _i: self.cambiado.emit())
        etiqueta = QLabel("&Origen:")
        etiqueta.setBuddy(self.combo)
        capa = QHBoxLayout(self)
        capa.setContentsMargins(0, 0, 0, 0)
        capa.addWidget(etiqueta)
        capa.addWidget(self.combo)
        self.oficina = False
        self.hide()

    def poner(self, datos: dict[str, Any]) -> None:
        """Muestra el filtro en la oficina y agrega instalaciones nuevas sin perder la elegida."""
        self.oficina = datos["oficina"]
        self.setVisible(self.oficina)
        conocidos = {self.combo.itemData(i) for i in range(self.combo.count())}
        self.combo.blockSignals(True)
        for d in datos["dispositivos"]:
            if d["id"] not in conocidos:
                self.combo.addItem(d["nombre"], d["id"])
        self.combo.blockSignals(False)

    def creador(self) -> str | None:
        return self.combo.currentData() if self.oficina else None
