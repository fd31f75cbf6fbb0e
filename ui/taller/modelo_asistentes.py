"""Modelo de la tabla de asistentes y el texto de los conteos por sexo y tramo de edad."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal

from pir_campo import rut as rut_mod
from pir_campo.modelos.enums import FormaConsentimiento, Sexo, TramoEdad
from ui import formatos
from ui.modelos_tabla import Columna, ModeloFilas

(
    COL_NOMBRE,
    COL_RUT,
    COL_SEXO,
    COL_TRAMO,
    COL_PUEBLO,
    COL_TELEFONO,
    COL_ORG,
    COL_CARGO,
    COL_FIRMO,
    COL_CONSENTIMIENTO,
) = range(10)
EDITABLES = {
    COL_NOMBRE: "nombre",
    COL_RUT: "rut",
    COL_SEXO: "sexo",
    COL_TRAMO: "tramo_edad",
    COL_PUEBLO: "pueblo_originario",
    COL_TELEFONO: "telefono",
    COL_CARGO: "cargo",
}


class ModeloAsistentes(ModeloFilas):
    """Asistentes del taller; editar una celda pide el cambio al hilo de la base."""

    editar = Signal(str, str, object)
    invalido = Signal(str)
    # Marcar «Autorizó» registra el consentimiento firmado en la hoja (asistencia_id).
    consentir = Signal(str)

    def __init__(self, parent=None):
        super().__init__(
            [
                Columna("nombre", "Nombre"),
                Columna("rut", "RUT", formatos.rut_visible),
                Columna("sexo", "Sexo", formatos.sexo),
                Columna("tramo_edad", "Tramo de edad", formatos.tramo),
                Columna("pueblo_originario", "Pueblo originario", formatos.pueblo),
                Columna("telefono", "Teléfono"),
                Columna("organizacion", "Organización"),
                Columna("cargo", "Cargo o rol"),
                Columna("firmo", "Firmó"),
                Columna(
                    "consentimiento",
                    "Autorizó datos sensibles",
                    ayuda="Consentimiento para anotar pueblo originario y afrodescendencia; "
                    "Espacio lo marca como firmado en la hoja",
                ),
            ],
            parent,
        )
        self.solo_lectura = False

    def flags(self, index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COL_CONSENTIMIENTO:
            # También con el taller cerrado: la hoja firmada suele llegar después.
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if not index.isValid() or self.solo_lectura:
            return base
        if index.column() == COL_FIRMO:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in EDITABLES:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.filas):
            return None
        fila = self.filas[index.row()]
        if index.column() == COL_FIRMO:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if fila["firmo"] else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "Sí" if fila["firmo"] else "No"
        if index.column() == COL_CONSENTIMIENTO:
            forma = fila.get("consentimiento")
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if forma else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return CORTAS.get(forma, "No")
        if role == Qt.ItemDataRole.EditRole and index.column() in EDITABLES:
            return fila.get(EDITABLES[index.column()])
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        fila = self.filas[index.row()]
        if index.column() == COL_CONSENTIMIENTO and role == Qt.ItemDataRole.CheckStateRole:
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self.consentir.emit(fila["id"])
            else:
                self.invalido.emit(
                    "Para retirar un consentimiento, abra la ficha de la persona: al retirarlo "
                    "se borran su pueblo originario y su afrodescendencia."
                )
            return True
        if self.solo_lectura:
            return False
        if index.column() == COL_FIRMO and role == Qt.ItemDataRole.CheckStateRole:
            marcado = Qt.CheckState(value) == Qt.CheckState.Checked
            self.editar.emit(fila["id"], "firmo", marcado)
            return True

        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLES:
            return False
        campo = EDITABLES[index.column()]
        if campo == "rut" and value:
            falla = rut_mod.problema(str(value))
            if falla:
                self.invalido.emit(f"El campo «RUT» {falla}.")
                return False
        if campo == "nombre" and not str(value or "").strip():
            self.invalido.emit("El campo «Nombre completo» no puede quedar vacío.")
            return False
        self.editar.emit(fila["id"], campo, value if value != "" else None)
        return True


CORTAS = {
    FormaConsentimiento.FIRMADO_HOJA.value: "Sí, en la hoja",
    FormaConsentimiento.VERBAL_TESTIGO.value: "Sí, ante testigo",
}


def texto_conteos(conteos: dict[str, dict[str, int]]) -> str:
    por_sexo = conteos.get("sexo", {})
    por_tramo = conteos.get("tramo", {})
    total = sum(por_sexo.values())
    partes_sexo = [
        f"{s.etiqueta}: {por_sexo.get(s.value, 0)}" for s in Sexo if s != Sexo.PREFIERE_NO_RESPONDER
    ]
    partes_sexo.append(
        f"Sin dato: {por_sexo.get('', 0) + por_sexo.get('prefiere_no_responder', 0)}"
    )
    partes_tramo = [f"{t.value}: {por_tramo.get(t.value, 0)}" for t in TramoEdad]
    partes_tramo.append(f"sin tramo: {por_tramo.get('', 0)}")
    return (
        f"<b>Total: {total}</b> · "
        + " · ".join(partes_sexo)
        + "<br>Por edad: "
        + " · ".join(partes_tramo)
    )
