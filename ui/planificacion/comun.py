"""Piezas comunes de las pantallas de planificación: tabla sobre filas, avisos y formatos.

El modelo de tabla, la vista y los diálogos son los comunes (`ui.modelos_tabla`,
`ui.dialogos`); se reexportan aquí para que cada pantalla los importe de un solo lugar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QWidget,
)

from pir_campo import formato
from pir_campo.errores import ErrorPir
from pir_campo.modelos.enums import ResultadoRate, Tipologia
from ui.dialogos import pedir_texto as pedir_texto
from ui.modelos_tabla import ROL_FILA as ROL_FILA
from ui.modelos_tabla import ROL_ID as ROL_ID
from ui.modelos_tabla import Columna as Columna
from ui.modelos_tabla import ModeloFilas as ModeloFilas
from ui.modelos_tabla import id_seleccionado as id_seleccionado
from ui.modelos_tabla import tabla as tabla
from ui.modelos_tabla import texto as texto

DERECHA = Qt.AlignmentFlag.AlignRight
COLORES_NIVEL = {"alto": "#d7f0d2", "medio": "#fcf0c8", "bajo": "#f8d4d0"}
COLORES_ESTADO = {"Cumplido": "#d7f0d2", "En curso": "#fcf0c8", "Pendiente": "#eeeeee"}


def tipologia_corta(codigo: str | None) -> str:
    """Nombre de tipología que cabe en una columna; el completo va en la ayuda."""
    if not codigo:
        return ""
    return Tipologia(codigo).corta


def monto(fila: dict[str, Any], campo: str = "costo", unidad: str = "unidad_costo") -> str:
    """Pesos como $1.234.567; UF con su valor y fecha, nunca convertidas."""
    valor = fila.get(campo)
    if valor is None:
        return ""
    if fila.get(unidad) == "UF":
        return formato.uf(valor)
    return formato.pesos(valor)


def montos(fila: dict[str, Any], campo: str = "costo", unidad: str = "unidad_costo") -> dict:
    """El monto en su columna: pesos en una, UF en otra; nunca mezclados en la misma."""
    texto_ = monto(fila, campo, unidad)
    en_uf = fila.get(unidad) == "UF"
    return {f"{campo}_pesos": "" if en_uf else texto_, f"{campo}_uf": texto_ if en_uf else ""}


def columnas_monto(titulo_: str, campo: str = "costo") -> list[Columna]:
    ayuda = "Pesos y UF van en columnas separadas: la UF se guarda con su valor y fecha"
    return [
        Columna(f"{campo}_pesos", f"{titulo_} ($)", alineacion=DERECHA, ayuda=ayuda),
        Columna(f"{campo}_uf", f"{titulo_} (UF)", alineacion=DERECHA, ayuda=ayuda),
    ]


AYUDA_RATE = (
    "Resultado del análisis técnico-económico (RATE) del Sistema Nacional de Inversiones: "
    + "; ".join(r.etiqueta for r in ResultadoRate)
)


def columna_rate(clave: str = "resultado_rate") -> Columna:
    """El código RATE (RS, FI, OT…) con su significado en la ayuda de la celda y la cabecera."""
    return Columna(
        clave,
        "RATE",
        ayuda=AYUDA_RATE,
        ayuda_fila=lambda f: ResultadoRate(f[clave]).etiqueta if f.get(clave) else AYUDA_RATE,
    )


class Aviso(QLabel):
    """Mensaje dentro de la pantalla (errores en rojo, confirmaciones en verde), sin ventanas
    modales que interrumpan el trabajo en terreno."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setAccessibleName("Mensaje")
        self.hide()

    def error(self, e: ErrorPir | str) -> None:
        self.setStyleSheet("color: #a40000; font-weight: bold")
        self.setText(str(e))
        self.show()

    def bien(self, texto: str) -> None:
        self.setStyleSheet("color: #1d6b1d")
        self.setText(texto)
        self.show()

    def limpiar(self) -> None:
        self.setText("")
        self.hide()


def titulo(texto_: str) -> QLabel:
    etiqueta = QLabel(texto_)
    etiqueta.setStyleSheet("font-size: 15px; font-weight: bold")
    return etiqueta


def sin_territorio(parent: QWidget | None = None) -> QLabel:
    etiqueta = QLabel("Elija un territorio en el selector de arriba para ver esta sección.", parent)
    etiqueta.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return etiqueta


def numero_de(valor: str) -> Any:
    """Texto escrito a la chilena (1.234.567 o 39.123,45) a número; vacío es None.

    Si no parece número se devuelve el texto tal cual, para que la validación del modelo diga
    en español qué campo está mal.
    """
    limpio = valor.replace("$", "").replace("UF", "").replace(" ", "").strip()
    if not limpio:
        return None
    if "," in limpio:
        limpio = limpio.replace(".", "").replace(",", ".")
    elif limpio.count(".") >= 1 and all(len(p) == 3 for p in limpio.split(".")[1:]):
        limpio = limpio.replace(".", "")
    try:
        numero = float(limpio)
    except ValueError:
        return valor.strip()
    return int(numero) if numero.is_integer() else numero


def combo_datos(combo, opciones: Sequence[tuple[str, Any]], actual: Any = None) -> None:
    """Llena un QComboBox con (texto, dato) y deja elegido `actual`."""
    combo.blockSignals(True)
    combo.clear()
    for etiqueta, dato in opciones:
        combo.addItem(etiqueta, dato)
    indice = combo.findData(actual)
    combo.setCurrentIndex(max(indice, 0))
    combo.blockSignals(False)


def filtro_region(capa, al_cambiar, cuts: list[str] | None = None) -> QComboBox:
    """«Región: [Todas las regiones ▾]» en `capa`; llama a `al_cambiar` al elegir otra.

    Ofrece las regiones activas (16 en el catálogo serían ruido), no todas las de Chile.
    """
    from pir_campo import catalogos

    cat = catalogos.cargar()
    combo = QComboBox()
    combo.setAccessibleName("Región")
    combo_datos(
        combo,
        [("Todas las regiones", None)]
        + [(r.nombre, r.cut) for r in cat.regiones_de(cuts or cat.regiones_activas)],
    )
    combo.currentIndexChanged.connect(lambda _i: al_cambiar())
    capa.addWidget(QLabel("Región:"))
    capa.addWidget(combo)
    return combo
