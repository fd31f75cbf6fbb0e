"""Editor de una iniciativa de la cartera del PMDT, con las necesidades que atiende."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.modelos.enums import EtapaProyecto, Tipologia, UnidadMonto
from pir_campo.planificacion import pmdt
from ui.planificacion.comun import Aviso, combo_datos, numero_de, tipologia_corta
from ui.tareas import Tareas


def _etiqueta(texto: str) -> QLabel:
    etiqueta = QLabel(texto)
    etiqueta.setWordWrap(True)
    return etiqueta


class EditorIniciativa(QDialog):
    guardada = Signal(object)

    def __init__(
        self,
        tareas: Tareas,
        pmdt_id: str,
        necesidades: list[dict[str, Any]],
        fila: dict[str, Any] | None = None,
        orden_sugerido: int = 1,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.tareas, self.pmdt_id = tareas, pmdt_id
        self.id = fila["id"] if fila else None
        self.setWindowTitle("Editar iniciativa" if fila else "Nueva iniciativa de la cartera")
        self.resize(940, 520)
        self._por_id = {n["id"]: n for n in necesidades}
        f = fila or {}

        def linea(nombre: str, valor: Any = "", ayuda: str = "") -> QLineEdit:
            campo = QLineEdit("" if valor is None else str(valor))
            campo.setAccessibleName(nombre)
            campo.setPlaceholderText(ayuda)
            return campo

        self.nombre = linea("Nombre de la iniciativa", f.get("nombre"))
        self.tipologia = QComboBox()
        self.tipologia.setAccessibleName("Tipología")
        combo_datos(self.tipologia, [(t.etiqueta, t.value) for t in Tipologia], f.get("tipologia"))
        self.etapa = QComboBox()
        self.etapa.setAccessibleName("Etapa")
        combo_datos(self.etapa, [(e.etiqueta, e.value) for e in EtapaProyecto], f.get("etapa"))
        uf = f.get("unidad_costo") == "UF"
        self.costo = linea(
            "Costo",
            formato.numero(f["costo"], 2 if uf else 0) if f.get("costo") is not None else "",
            "Ej.: 250.000.000 o 12.500",
        )
        self.unidad = QComboBox()
        self.unidad.setAccessibleName("Unidad del costo")
        combo_datos(
            self.unidad,
            [("(sin unidad)", None), *[(u.etiqueta, u.value) for u in UnidadMonto]],
            f.get("unidad_costo"),
        )
        self.valor_uf = linea(
            "Valor de la UF",
            formato.numero(f["valor_uf"], 2) if f.get("valor_uf") else "",
            "Ej.: 39.123,45",
        )
        self.fecha_uf = linea("Fecha del valor UF", formato.fecha(f.get("fecha_uf")), "dd-mm-aaaa")
        self.institucion = linea("Institución responsable", f.get("institucion_responsable"))
        self.fuente = linea("Fuente de financiamiento", f.get("fuente_financiamiento"))
        self.orden = linea("Orden de prioridad", f.get("orden", orden_sugerido))
        self.bip = linea("Código BIP", f.get("codigo_bip"), "30123456-7")
        self.necesidades = QListWidget()
        self.necesidades.setAccessibleName("Necesidades que atiende")
        vinculadas = set(f.get("necesidades") or [])
        for n in necesidades:
            item = QListWidgetItem(f"{n['titulo']} ({tipologia_corta(n['tipologia'])})")
            item.setToolTip(Tipologia(n["tipologia"]).etiqueta)
            item.setData(Qt.ItemDataRole.UserRole, n["id"])
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(
                Qt.CheckState.Checked if n["id"] in vinculadas else Qt.CheckState.Unchecked
            )
            self.necesidades.addItem(item)
        self.necesidades.itemChanged.connect(self._al_marcar)
        forma = QFormLayout()
        for etiqueta, campo in (
            ("Nombre", self.nombre),
            ("Tipología", self.tipologia),
            ("Etapa", self.etapa),
            ("Costo", self.costo),
            ("Unidad", self.unidad),
            ("Valor UF", self.valor_uf),
            ("Fecha UF", self.fecha_uf),
            ("Institución responsable", self.institucion),
            ("Financiamiento", self.fuente),
            ("Orden de prioridad", self.orden),
            ("Código BIP", self.bip),
        ):
            forma.addRow(etiqueta, campo)
        derecha = QVBoxLayout()
        derecha.addWidget(_etiqueta("Necesidades que atiende (ninguna: iniciativa propia)"))
        derecha.addWidget(self.necesidades)
        cuerpo = QHBoxLayout()
        cuerpo.addLayout(forma, 1)
        cuerpo.addLayout(derecha, 1)
        self.aviso = Aviso()
        botones = QDialogButtonBox()
        botones.addButton("Guardar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addLayout(cuerpo)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)

    def _al_marcar(self, item: QListWidgetItem) -> None:
        """Una iniciativa nueva que nace de una necesidad toma sus datos (se pueden cambiar)."""
        if item.checkState() != Qt.CheckState.Checked or self.nombre.text().strip():
            return
        n = self._por_id[item.data(Qt.ItemDataRole.UserRole)]
        self.nombre.setText(n["titulo"])
        self.tipologia.setCurrentIndex(self.tipologia.findData(n["tipologia"]))
        self.etapa.setCurrentIndex(self.etapa.findData(n["etapa"]))
        uf = n.get("unidad_costo") == "UF"
        if n.get("costo") is not None:
            self.costo.setText(formato.numero(n["costo"], 2 if uf else 0))
            self.unidad.setCurrentIndex(self.unidad.findData(n["unidad_costo"]))
        if uf:
            self.valor_uf.setText(formato.numero(n["valor_uf"], 2))
            self.fecha_uf.setText(formato.fecha(n.get("fecha_uf")))
        self.bip.setText(n.get("codigo_bip") or "")

    def marcar_necesidad(self, necesidad_id: str) -> None:
        for i in range(self.necesidades.count()):
            item = self.necesidades.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == necesidad_id:
                item.setCheckState(Qt.CheckState.Checked)

    def datos(self) -> dict[str, Any]:
        vinculadas = [
            self.necesidades.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.necesidades.count())
            if self.necesidades.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "nombre": self.nombre.text(),
            "tipologia": self.tipologia.currentData(),
            "etapa": self.etapa.currentData(),
            "costo": numero_de(self.costo.text()),
            "unidad_costo": self.unidad.currentData(),
            "valor_uf": numero_de(self.valor_uf.text()),
            "fecha_uf": self.fecha_uf.text().strip() or None,
            "institucion_responsable": self.institucion.text().strip() or None,
            "fuente_financiamiento": self.fuente.text().strip() or None,
            "orden": numero_de(self.orden.text()),
            "codigo_bip": self.bip.text().strip() or None,
            "necesidades": vinculadas,
        }

    def aceptar(self) -> None:
        datos, pid, id_ = self.datos(), self.pmdt_id, self.id
        self.aviso.limpiar()
        self.tareas.ejecutar(
            lambda a: pmdt.guardar_iniciativa(a, pid, datos, id_), self._listo, self.aviso.error
        )

    def _listo(self, cambio: Any) -> None:
        self.guardada.emit(cambio)
        self.accept()
