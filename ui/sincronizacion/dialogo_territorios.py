"""Diálogo de la oficina para cambiar los territorios de un notebook (y aceptar los que propuso).

Lo que se marca o desmarca va a `sincro.territorios.cambiar`: queda en la bitácora y llega al
notebook con el próximo paquete de la oficina.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


def datos(almacen: Any, dispositivo: str) -> dict[str, Any]:
    """Lo que muestra el diálogo (se lee en la tarea de fondo)."""
    from pir_campo.modelos import Territorio
    from pir_campo.sincro import territorios

    alcance = territorios.alcance(almacen, dispositivo)
    lista = [(t["id"], t["nombre"], False) for t in almacen.listar(Territorio, orden="nombre")]
    lista += [
        (p["territorio"], f"{p['nombre'] or 'Sin nombre'} (propuesto por este notebook)", True)
        for p in territorios.propuestas(almacen, dispositivo)
    ]
    return {**alcance, "lista": lista}


class DialogoTerritorios(QDialog):
    def __init__(self, datos: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Territorios del notebook de {datos['nombre']}")
        self.actuales = set(datos["territorios"])
        self.region_antes = bool(datos["toda_la_region"])
        self.lista = QListWidget()
        self.lista.setAccessibleName("Territorios del notebook")
        for tid, nombre, _propuesto in datos["lista"]:
            item = QListWidgetItem(nombre)
            item.setData(Qt.ItemDataRole.UserRole, tid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            marcado = tid in self.actuales
            item.setCheckState(Qt.CheckState.Checked if marcado else Qt.CheckState.Unchecked)
            self.lista.addItem(item)
        self.chk_region = QCheckBox("Toda la región (todos los territorios, también los nuevos)")
        self.chk_region.setChecked(self.region_antes)
        self.chk_region.toggled.connect(lambda si: self.lista.setEnabled(not si))
        self.lista.setEnabled(not self.region_antes)
        botones = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        botones.button(QDialogButtonBox.StandardButton.Ok).setText("Guardar")
        botones.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        botones.accepted.connect(self.accept)
        botones.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(
            QLabel(
                "La oficina acepta de este notebook solo registros de los territorios marcados, "
                "y solo esos le envía. Marcar un territorio propuesto lo acepta."
            )
        )
        v.addWidget(self.chk_region)
        v.addWidget(self.lista, 1)
        v.addWidget(botones)

    def marcados(self) -> set[str]:
        salida = set()
        for i in range(self.lista.count()):
            item = self.lista.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                salida.add(item.data(Qt.ItemDataRole.UserRole))
        return salida

    def cambio(self) -> tuple[set[str], set[str], bool | None]:
        """(agregar, quitar, toda la región o None si no cambió)."""
        marcados = self.marcados()
        region = self.chk_region.isChecked()
        return (
            marcados - self.actuales,
            self.actuales - marcados,
            None if region == self.region_antes else region,
        )
