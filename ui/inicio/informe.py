"""«Informe regional de avance…» desde el inicio de la oficina: se arma en el hilo de la base y
se abre en el visor de PDF del equipo (para imprimir desde ahí, como los demás documentos)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui import dialogos
from ui.documentos import abrir_en_visor


def armar_informe(
    pantalla: QWidget, destino: Path, listo: Callable[[Path], None] | None = None
) -> None:
    """Escribe el informe en `destino` sin bloquear la interfaz; al terminar lo abre."""
    from pir_campo.documentos import informe_regional

    region = getattr(getattr(pantalla, "datos", None), "region", None)
    pantalla.boton_informe.setEnabled(False)

    def terminado(ruta: Path) -> None:
        pantalla.boton_informe.setEnabled(True)
        (listo or abrir_en_visor)(ruta)

    def fallo(error) -> None:
        pantalla.boton_informe.setEnabled(True)
        dialogos.error(pantalla, str(error))

    pantalla.tareas.ejecutar(
        lambda a: informe_regional.generar_informe(a, destino, region), terminado, fallo
    )


def pedir_informe(pantalla: QWidget) -> None:
    region = getattr(getattr(pantalla, "datos", None), "region", None) or "todas"
    nombre = f"informe_regional_{region}_{dt.date.today().isoformat()}.pdf"
    ruta, _ = QFileDialog.getSaveFileName(
        pantalla, "Guardar el informe regional de avance", nombre, "Documento PDF (*.pdf)"
    )
    if ruta:
        destino = Path(ruta)
        if destino.suffix.lower() != ".pdf":
            destino = destino.with_suffix(".pdf")
        armar_informe(pantalla, destino)
