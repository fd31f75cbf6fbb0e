"""Historial de un registro: cada cambio con cuándo, quién, en qué instalación, el campo por su
etiqueta, antes → después y el motivo. Se lee en el hilo de la base; el diálogo no bloquea.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui.campos import atajo
from ui.modelos_tabla import Columna, ModeloFilas, tabla
from ui.tareas import Tareas

COLUMNAS = [
    Columna("cuando", "Cuándo"),
    Columna("accion", "Qué"),
    Columna("persona", "Quién"),
    Columna("instalacion", "Instalación"),
    Columna("campo", "Campo"),
    Columna("antes", "Antes"),
    Columna("despues", "Después"),
    Columna("motivo", "Motivo"),
]


def filas(historial: Any) -> list[dict[str, Any]]:
    """Una fila por campo; la creación muestra sus valores iniciales en «Después»."""
    salida = []
    for n, e in enumerate(historial.entradas):
        base = {
            "cuando": e.cuando,
            "accion": e.titulo,
            "persona": e.persona,
            "instalacion": e.instalacion,
            "motivo": e.motivo or "",
        }
        if not e.campos:
            salida.append({**base, "id": f"{n}", "campo": "", "antes": "", "despues": ""})
        for i, c in enumerate(e.campos):
            salida.append(
                {
                    **base,
                    "id": f"{n}.{i}",
                    "campo": c.etiqueta,
                    "antes": "" if e.tipo == "creacion" else c.antes,
                    "despues": c.despues,
                }
            )
    return salida


class DialogoHistorial(QDialog):
    def __init__(self, tareas: Tareas, registro_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas = tareas
        self.registro_id = registro_id
        self.setWindowTitle("Historial del registro")
        self.setAccessibleName("Historial del registro")
        self.resize(1100, 560)
        self.titulo = QLabel("Leyendo el historial…")
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla(self.modelo, "Cambios del registro", estirar=6)
        botones = QDialogButtonBox()
        cerrar = QPushButton("Cerrar")
        botones.addButton(cerrar, QDialogButtonBox.ButtonRole.RejectRole)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(botones)
        self.refrescar()

    def refrescar(self) -> None:
        from pir_campo.servicios.historial import historial

        rid = self.registro_id
        self.tareas.ejecutar(lambda a: historial(a, rid), self._mostrar, self._fallo)

    def _mostrar(self, h: Any) -> None:
        n = len(h.entradas)
        self.titulo.setText(
            f"<b>{h.titulo}</b>: "
            f"{n} {'entrada' if n == 1 else 'entradas'}, de la creación al último cambio."
        )
        self.modelo.poner_filas(filas(h))

    def _fallo(self, error: ErrorPir) -> None:
        self.titulo.setText(str(error))


def boton_historial(pantalla: QWidget, obtener_id) -> QPushButton:
    """Botón «Historial…» (Ctrl+H) que abre el historial del registro de la pantalla."""
    boton = QPushButton("&Historial…")
    boton.setAccessibleName("Historial")
    boton.setToolTip("Quién cambió qué, cuándo y en qué instalación (Ctrl+H)")
    boton.clicked.connect(lambda: abrir_historial(pantalla, obtener_id()))
    atajo(pantalla, "Ctrl+H", lambda: abrir_historial(pantalla, obtener_id()))
    return boton


def abrir_historial(pantalla: QWidget, registro_id: str | None) -> DialogoHistorial | None:
    if not registro_id:
        return None
    dialogo = DialogoHistorial(pantalla.tareas, registro_id, pantalla)
    pantalla.dialogo_historial = dialogo
    dialogo.open()
    return dialogo
