"""Modelos de tabla sobre filas simples con su id: columnas y roles con nombre.

Las filas llegan ya calculadas desde un trabajo de `Tareas`; el modelo no toca la base.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ROL_ID = Qt.ItemDataRole.UserRole + 1
ROL_FILA = Qt.ItemDataRole.UserRole + 2
ROL_ORDEN = Qt.ItemDataRole.UserRole + 3  # valor guardado: ordena fechas ISO y números bien
Indice = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Columna:
    clave: str
    titulo: str
    formato: Callable[[Any], str] | None = None
    ayuda: str | None = None
    alineacion: Qt.AlignmentFlag | None = None
    ayuda_fila: Callable[[dict[str, Any]], str | None] | None = None  # ayuda propia de cada fila


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    return str(valor)


class ModeloFilas(QAbstractTableModel):
    """Tabla de solo lectura sobre una lista de dicts con clave `id`."""

    def __init__(self, columnas: Sequence[Columna], parent=None):
        super().__init__(parent)
        self.columnas = list(columnas)
        self.filas: list[dict[str, Any]] = []

    def poner_filas(self, filas: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.filas = list(filas)
        self.endResetModel()

    def id_en(self, fila: int) -> str | None:
        return self.filas[fila].get("id") if 0 <= fila < len(self.filas) else None

    def fila_de(self, id_: str) -> int:
        return next((i for i, f in enumerate(self.filas) if f.get("id") == id_), -1)

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.filas)

    def columnCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columnas)

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.filas):
            return None
        fila, col = self.filas[index.row()], self.columnas[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            valor = fila.get(col.clave)
            return col.formato(valor) if col.formato else _texto(valor)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.alineacion is not None:
            return int(col.alineacion | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.ayuda_fila(fila) if col.ayuda_fila else col.ayuda
        if role == ROL_ID:
            return fila.get("id")
        if role == ROL_FILA:
            return fila
        if role == ROL_ORDEN:
            valor = fila.get(col.clave)
            return "" if valor is None else valor
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columnas)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return self.columnas[section].ayuda  # qué significa la columna
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            return self.columnas[section].titulo
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class ModeloIds(QAbstractTableModel):
    """Tabla perezosa sobre una lista de ids: las filas se piden por páginas al hilo de la base.

    Sirve para listas de cien mil filas: filtrar solo cambia la lista de ids (SQL con índices o
    FTS5) y se leen los datos de las filas que la vista realmente pinta.
    """

    PAGINA = 200
    PENDIENTE = "…"

    def __init__(
        self,
        columnas: Sequence[Columna],
        pedir: Callable[[list[str], Callable[[dict[str, dict]], None]], None],
        parent=None,
    ):
        super().__init__(parent)
        self.columnas = list(columnas)
        self._pedir = pedir
        self.ids: list[str] = []
        self._datos: dict[str, dict[str, Any]] = {}
        self._pedidas: set[int] = set()

    def poner_ids(self, ids: list[str], olvidar: bool = False) -> None:
        """Nueva lista de ids; con `olvidar`, las filas ya leídas se vuelven a pedir (cambiaron
        en la base, p. ej. al importar un paquete en la oficina)."""
        self.beginResetModel()
        self.ids = ids
        self._pedidas.clear()
        if olvidar:
            self._datos.clear()
        self.endResetModel()

    def id_en(self, fila: int) -> str | None:
        return self.ids[fila] if 0 <= fila < len(self.ids) else None

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columnas)

    def _pedir_pagina(self, fila: int) -> None:
        pagina = fila // self.PAGINA
        if pagina in self._pedidas:
            return
        self._pedidas.add(pagina)
        ids = [
            i
            for i in self.ids[pagina * self.PAGINA : (pagina + 1) * self.PAGINA]
            if i not in self._datos
        ]
        if ids:
            self._pedir(ids, self._llegaron)

    def _llegaron(self, datos: dict[str, dict[str, Any]]) -> None:
        self._datos.update(datos)
        if self.ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.ids) - 1, len(self.columnas) - 1)
            )

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        id_ = self.ids[index.row()]
        if role == ROL_ID:
            return id_
        if role not in (Qt.ItemDataRole.DisplayRole, ROL_FILA, Qt.ItemDataRole.ToolTipRole):
            return None
        fila = self._datos.get(id_)
        if fila is None:
            self._pedir_pagina(index.row())
            fila = self._datos.get(id_)
            if fila is None:
                return self.PENDIENTE if role == Qt.ItemDataRole.DisplayRole else None
        if role == ROL_FILA:
            return fila
        col = self.columnas[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.ayuda_fila(fila) if col.ayuda_fila else col.ayuda
        valor = fila.get(col.clave)
        return col.formato(valor) if col.formato else _texto(valor)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columnas)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return self.columnas[section].ayuda  # qué significa la columna
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            return self.columnas[section].titulo
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
