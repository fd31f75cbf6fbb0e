"""Modelos de tabla de la sincronización: notebooks (en la oficina) y conflictos."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Indice = QModelIndex | QPersistentModelIndex
ROL_ID = Qt.ItemDataRole.UserRole + 1


class _ModeloFilas(QAbstractTableModel):
    """Tabla de filas simples (dicts) con columnas con nombre."""

    COLUMNAS: tuple[tuple[str, str], ...] = ()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.filas: list[dict[str, Any]] = []

    def cargar(self, filas: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.filas = list(filas)
        self.endResetModel()

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.filas)

    def columnCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNAS)

    def headerData(self, seccion: int, orientacion: Qt.Orientation, rol: int = 0) -> Any:
        if (
            orientacion == Qt.Orientation.Horizontal
            and rol == Qt.ItemDataRole.DisplayRole
            and 0 <= seccion < len(self.COLUMNAS)
        ):
            return self.COLUMNAS[seccion][1]
        return None

    def data(self, indice: Indice, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not indice.isValid() or not 0 <= indice.row() < len(self.filas):
            return None
        fila = self.filas[indice.row()]
        if rol == ROL_ID:
            return fila.get("id")
        if rol in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            valor = fila.get(self.COLUMNAS[indice.column()][0])
            if isinstance(valor, list):
                return ", ".join(str(v) for v in valor) or "ninguno"
            return "" if valor is None else str(valor)
        return None


class ModeloDispositivos(_ModeloFilas):
    COL_NOMBRE, COL_DISPOSITIVO, COL_ULTIMO, COL_RECIBIDO, COL_HASTA, COL_HUECOS = range(6)
    COLUMNAS = (
        ("nombre", "Notebook"),
        ("id", "Dispositivo"),
        ("ultimo_paquete", "Último paquete (creado)"),
        ("recibido_el", "Recibido el"),
        ("recibido_hasta", "Cambios recibidos hasta"),
        ("huecos", "Huecos"),
    )


class ModeloConflictos(_ModeloFilas):
    COL_REGISTRO, COL_CAMPO, COL_VIGENTE, COL_OTRO, COL_TIPO = range(5)
    COLUMNAS = (
        ("registro", "Registro"),
        ("campo", "Campo"),
        ("valor_vigente", "Valor vigente"),
        ("valor_otro", "Otro valor"),
        ("tipo", "Tipo"),
    )
