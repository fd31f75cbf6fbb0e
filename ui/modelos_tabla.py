"""Modelos de tabla sobre filas simples con su id: columnas y roles con nombre.

Las filas llegan ya calculadas desde un trabajo de `Tareas`; el modelo no toca la base.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from pir_campo import formato

ROL_ID = Qt.ItemDataRole.UserRole + 1
ROL_FILA = Qt.ItemDataRole.UserRole + 2
ROL_ORDEN = Qt.ItemDataRole.UserRole + 3  # valor guardado: ordena fechas ISO y números bien
Indice = QModelIndex | QPersistentModelIndex
Fila = dict[str, Any]


@dataclass(frozen=True)
class Columna:
    """`ayuda` es un texto (ayuda de la cabecera y de cada celda) o una función de la fila
    (ayuda propia de cada celda); `ayuda_fila` da ayuda por fila sin perder la de la cabecera.
    `fondo` da el color de la celda según la fila."""

    clave: str
    titulo: str
    formato: Callable[[Any], str] | None = None
    alineacion: Qt.AlignmentFlag | None = None
    ayuda: str | Callable[[Fila], str | None] | None = None
    ayuda_fila: Callable[[Fila], str | None] | None = None
    fondo: Callable[[Fila], str | None] | None = None

    @property
    def ayuda_cabecera(self) -> str | None:
        return self.ayuda if isinstance(self.ayuda, str) else None

    def ayuda_de(self, fila: Fila) -> str | None:
        if self.ayuda_fila:
            return self.ayuda_fila(fila)
        return self.ayuda(fila) if callable(self.ayuda) else self.ayuda


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    return str(valor)


def texto(valor: Any) -> str:
    """Como `_texto`, pero con los números a la chilena (1.234,5)."""
    if isinstance(valor, float) and not isinstance(valor, bool):
        return formato.numero(valor, 0 if valor.is_integer() else 1)
    if isinstance(valor, int) and not isinstance(valor, bool):
        return formato.numero(valor)
    return _texto(valor)


class _ModeloColumnas(QAbstractTableModel):
    """Columnas con nombre, cabeceras y texto de celda, comunes a los dos modelos."""

    def __init__(self, columnas: Sequence[Columna], parent=None):
        super().__init__(parent)
        self.columnas = list(columnas)

    def poner_columnas(self, columnas: Sequence[Columna]) -> None:
        self.beginResetModel()
        self.columnas = list(columnas)
        self.endResetModel()

    def columnCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columnas)

    def _texto(self, col: Columna, fila: Fila) -> str:
        valor = fila.get(col.clave)
        return col.formato(valor) if col.formato else _texto(valor)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columnas)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return self.columnas[section].ayuda_cabecera  # qué significa la columna
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            return self.columnas[section].titulo
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None


class ModeloFilas(_ModeloColumnas):
    """Tabla de solo lectura sobre una lista de dicts con clave `id`: el único modelo de filas
    de la interfaz (planificación, sincronización, listas y editores).

    Escribe los números a la chilena (1.757, nunca «1757») y, si la celda no tiene ayuda
    propia, la ayuda muestra su texto completo (útil si quedó recortado); `al_ordenar` deja
    que la pantalla ordene (p. ej. en la base) al pulsar una cabecera.
    """

    numeros_chilenos = True
    ayuda_con_texto = True

    def __init__(self, columnas: Sequence[Columna], parent=None):
        super().__init__(columnas, parent)
        self.filas: list[Fila] = []
        self.al_ordenar: Callable[[int, Qt.SortOrder], None] | None = None

    def poner_filas(self, filas: Sequence[Fila]) -> None:
        self.beginResetModel()
        self.filas = list(filas)
        self.endResetModel()

    def agregar_filas(self, filas: Sequence[Fila]) -> None:
        """Al final, sin reiniciar el modelo: la selección y el desplazamiento se conservan."""
        if not filas:
            return
        self.beginInsertRows(QModelIndex(), len(self.filas), len(self.filas) + len(filas) - 1)
        self.filas.extend(filas)
        self.endInsertRows()

    def id_en(self, fila: int) -> str | None:
        return self.filas[fila].get("id") if 0 <= fila < len(self.filas) else None

    def fila_de(self, id_: str) -> int:
        return next((i for i, f in enumerate(self.filas) if f.get("id") == id_), -1)

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.filas)

    def _texto(self, col: Columna, fila: Fila) -> str:
        if col.formato or not self.numeros_chilenos:
            return super()._texto(col, fila)
        return texto(fila.get(col.clave))

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.filas):
            return None
        fila, col = self.filas[index.row()], self.columnas[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texto(col, fila)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.alineacion is not None:
            return int(col.alineacion | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col.fondo:
            color = col.fondo(fila)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.ayuda_con_texto and not (col.ayuda or col.ayuda_fila):
                return self._texto(col, fila)  # útil si quedó recortado
            return col.ayuda_de(fila)
        if role == ROL_ID:
            return fila.get("id")
        if role == ROL_FILA:
            return fila
        if role == ROL_ORDEN:
            valor = fila.get(col.clave)
            return "" if valor is None else valor
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.al_ordenar is not None and 0 <= column < len(self.columnas):
            self.al_ordenar(column, order)


class ModeloIds(_ModeloColumnas):
    """Tabla perezosa sobre una lista de ids: las filas se piden por páginas al hilo de la base.

    Sirve para listas de cien mil filas: filtrar solo cambia la lista de ids (SQL con índices o
    FTS5) y se leen los datos de las filas que la vista realmente pinta. Con `pedir_ids`, la
    lista puede llegar incompleta (las primeras filas y el total): los ids que faltan se piden
    por páginas, también cuando la vista las muestra.
    """

    # Filas por pedido: una pantalla alta muestra unas 45; leer más en cada tecla era el costo
    # de la tecla (cada fila de una página filtrada está en otra página de la base).
    PAGINA = 60
    PENDIENTE = "…"

    def __init__(
        self,
        columnas: Sequence[Columna],
        pedir: Callable[[list[str], Callable[[dict[str, dict]], None]], None],
        parent=None,
        pedir_ids: Callable[[int, int, Callable[[list[str]], None]], None] | None = None,
    ):
        super().__init__(columnas, parent)
        self._pedir = pedir
        self._pedir_ids = pedir_ids
        self.ids: list[str | None] = []
        self._datos: dict[str, dict[str, Any]] = {}
        self._pedidas: set[int] = set()
        self._lista = 0  # cuál lista de ids es la actual: los ids que llegan tarde se ignoran
        self._esperando = False  # se pintó «…» en alguna celda: al llegar datos, se repinta

    def poner_ids(self, ids: list[str], olvidar: bool = False, total: int | None = None) -> None:
        """Nueva lista de ids; con `olvidar`, las filas ya leídas se vuelven a pedir (cambiaron
        en la base, p. ej. al importar un paquete en la oficina). `total`: cuántas filas tiene
        la lista si `ids` trae solo las primeras (las demás se piden con `pedir_ids`)."""
        faltan = 0 if total is None else total - len(ids)
        if faltan > 0 and self._pedir_ids is None:
            raise ValueError("una lista incompleta necesita pedir_ids")
        self.beginResetModel()
        self.ids = [*ids, *[None] * faltan] if faltan > 0 else list(ids)
        self._lista += 1
        self._pedidas.clear()
        if olvidar:
            self._datos.clear()
        self.endResetModel()

    def id_en(self, fila: int) -> str | None:
        return self.ids[fila] if 0 <= fila < len(self.ids) else None

    def rowCount(self, parent: Indice = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def _pedir_pagina(self, fila: int) -> None:
        pagina = fila // self.PAGINA
        if pagina in self._pedidas:
            return
        self._pedidas.add(pagina)
        desde = pagina * self.PAGINA
        tramo = self.ids[desde : desde + self.PAGINA]
        if None in tramo:
            lista = self._lista
            self._pedir_ids(
                desde, len(tramo), lambda ids: self._llegaron_ids(lista, desde, len(tramo), ids)
            )
            return
        self._pedir_filas(tramo)

    def _pedir_filas(self, ids: list[str]) -> None:
        faltan = [i for i in ids if i not in self._datos]
        if faltan:
            self._pedir(faltan, self._llegaron)

    def _llegaron_ids(self, lista: int, desde: int, cuantos: int, ids: list[str]) -> None:
        if lista != self._lista:
            return  # ya se filtró otra vez
        ids = ids[:cuantos]
        self.ids[desde : desde + len(ids)] = ids
        self._pedir_filas(ids)

    def _llegaron(self, datos: dict[str, dict[str, Any]]) -> None:
        self._datos.update(datos)
        # Si ninguna celda mostró «…» (la página llegó mientras se pintaba), no hay qué repintar.
        if self.ids and self._esperando:
            self._esperando = False
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.ids) - 1, len(self.columnas) - 1)
            )

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # La vista pide una decena de roles por celda en cada pintada y solo se usan estos: el
        # rol se mira primero y como entero (comparar enums de Qt cuesta en cada llamada).
        role = int(role)
        if role not in _ROLES_IDS:
            return None
        fila_n = index.row()
        if not 0 <= fila_n < len(self.ids) or not index.isValid():
            return None
        id_ = self.ids[fila_n]
        if role == _ROL_ID and id_ is not None:
            return id_
        fila = self._datos.get(id_)
        if fila is None:
            self._pedir_pagina(fila_n)
            id_ = self.ids[fila_n]
            if role == _ROL_ID:
                return id_
            fila = self._datos.get(id_)
            if fila is None:
                self._esperando = True
                return self.PENDIENTE if role == _DISPLAY else None
        if role == _ROL_FILA:
            return fila
        col = self.columnas[index.column()]
        if role == _TOOLTIP:
            return col.ayuda_de(fila)
        return self._texto(col, fila)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROL_ID = int(ROL_ID)
_ROL_FILA = int(ROL_FILA)
_ROLES_IDS = frozenset({_DISPLAY, _TOOLTIP, _ROL_ID, _ROL_FILA})


def tabla(modelo: QAbstractTableModel, nombre: str, estirar: int | None = None) -> QTableView:
    """Vista de tabla accesible, selección por fila, con la columna `estirar` elástica."""
    vista = QTableView()
    vista.setModel(modelo)
    vista.setAccessibleName(nombre)
    vista.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    vista.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    vista.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    vista.setAlternatingRowColors(True)
    vista.verticalHeader().setVisible(False)
    vista.setWordWrap(False)
    cabecera = vista.horizontalHeader()
    cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Ninguna columna se come la tabla: los textos largos se recortan con «…» y se leen en la
    # ayuda emergente o en el editor. El tope crece con la letra elegida en Ajustes.
    cabecera.setMaximumSectionSize(vista.fontMetrics().averageCharWidth() * 40)
    if estirar is not None:
        cabecera.setSectionResizeMode(estirar, QHeaderView.ResizeMode.Stretch)
    return vista


def id_seleccionado(vista: QTableView) -> str | None:
    filas = vista.selectionModel().selectedRows() if vista.selectionModel() else []
    return filas[0].data(ROL_ID) if filas else None


def anchos_en_letras(vista: QTableView, anchos: Sequence[tuple[int, int]]) -> None:
    """Anchos fijos de columna medidos en letras de la fuente actual (no en píxeles), así una
    letra más grande en Ajustes no recorta «Paso 8» ni las fechas."""
    letra = vista.fontMetrics().averageCharWidth()
    for columna, letras in anchos:
        vista.setColumnWidth(columna, letra * letras + 12)
