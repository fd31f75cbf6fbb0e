"""Editor de una necesidad de infraestructura (diálogo): todos los campos del instrumento."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pir_campo import catalogos, formato
from pir_campo.modelos.enums import EtapaProyecto, ResultadoRate, Tipologia, UnidadMonto
from pir_campo.planificacion import necesidades
from ui.planificacion.comun import Aviso, combo_datos, numero_de
from ui.tareas import Tareas


def _linea(nombre: str, ayuda: str = "") -> QLineEdit:
    campo = QLineEdit()
    campo.setAccessibleName(nombre)
    campo.setPlaceholderText(ayuda)
    return campo


def _combo(nombre: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(nombre)
    return combo


class EditorNecesidad(QDialog):
    """Crea o modifica una necesidad; si la validación falla, el mensaje queda a la vista."""

    guardada = Signal(object)

    def __init__(
        self,
        tareas: Tareas,
        territorio_id: str,
        opciones: dict[str, list[tuple[str, str]]],
        fila: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.id = fila["id"] if fila else None
        self.setWindowTitle("Editar necesidad" if fila else "Nueva necesidad")
        self.resize(920, 600)
        self._armar(opciones)
        if fila:
            self._cargar(fila)
        self._al_tipologia()

    def _armar(self, opciones: dict[str, list[tuple[str, str]]]) -> None:
        self.titulo = _linea("Título de la necesidad", "Ej.: Mejoramiento del sistema APR")
        self.tipologia = _combo("Tipología")
        combo_datos(self.tipologia, [(t.etiqueta, t.value) for t in Tipologia])
        self.tipologia.currentIndexChanged.connect(self._al_tipologia)
        self.subtipo = _combo("Subtipo")
        self.subtipo.setEditable(True)
        self.localidad = _combo("Localidad")
        combo_datos(self.localidad, [("(sin localidad)", None), *opciones["localidades"]])
        self.latitud = _linea("Latitud", "Ej.: -38,8012")
        self.longitud = _linea("Longitud", "Ej.: -73,3987")
        self.situacion = QPlainTextEdit()
        self.situacion.setAccessibleName("Situación actual")
        self.situacion.setTabChangesFocus(True)
        self.situacion.setMaximumHeight(70)
        self.hogares = _linea("Hogares beneficiados")
        self.mujeres = _linea("Mujeres beneficiadas")
        self.hombres = _linea("Hombres beneficiados")
        self.taller = _combo("Taller de origen")
        combo_datos(self.taller, [("(sin taller)", None), *opciones["talleres"]])
        self.prioridad = _linea("Prioridad de la comunidad", "1 = la más urgente")
        self.etapa = _combo("Etapa")
        combo_datos(self.etapa, [(e.etiqueta, e.value) for e in EtapaProyecto])
        self.motivo = _linea("Motivo de descarte", "Solo si se descarta")
        self.bip = _linea("Código BIP", "30123456-7")
        self.rate = _combo("Resultado RATE")
        combo_datos(
            self.rate, [("(sin resultado)", None), *[(r.etiqueta, r.value) for r in ResultadoRate]]
        )
        self.costo = _linea("Costo estimado", "Ej.: 250.000.000 o 12.500")
        self.unidad = _combo("Unidad del costo")
        combo_datos(
            self.unidad, [("(sin unidad)", None), *[(u.etiqueta, u.value) for u in UnidadMonto]]
        )
        self.valor_uf = _linea("Valor de la UF", "Ej.: 39.123,45")
        self.fecha_uf = _linea("Fecha del valor UF", "dd-mm-aaaa")
        self.fuente = _linea("Fuente de financiamiento", "FNDR, SUBDERE PIRDT, MOP...")
        self.financia = QCheckBox("El programa puede financiarla")
        self.financia.setChecked(True)
        self.alternativo = _linea("Programa que la financia", "Si la financia otro programa")

        izquierda, derecha = QFormLayout(), QFormLayout()
        for forma, filas in (
            (
                izquierda,
                [
                    ("Título", self.titulo),
                    ("Tipología", self.tipologia),
                    ("Subtipo", self.subtipo),
                    ("Localidad", self.localidad),
                    ("Latitud", self.latitud),
                    ("Longitud", self.longitud),
                    ("Situación actual", self.situacion),
                    ("Hogares", self.hogares),
                    ("Mujeres", self.mujeres),
                    ("Hombres", self.hombres),
                ],
            ),
            (
                derecha,
                [
                    ("Taller de origen", self.taller),
                    ("Prioridad", self.prioridad),
                    ("Etapa", self.etapa),
                    ("Motivo de descarte", self.motivo),
                    ("Código BIP", self.bip),
                    ("Resultado RATE", self.rate),
                    ("Costo", self.costo),
                    ("Unidad", self.unidad),
                    ("Valor UF", self.valor_uf),
                    ("Fecha UF", self.fecha_uf),
                    ("Financiamiento", self.fuente),
                    ("", self.financia),
                    ("Otro programa", self.alternativo),
                ],
            ),
        ):
            for etiqueta, campo in filas:
                forma.addRow(etiqueta, campo)
        rejilla = QGridLayout()
        for col, (nombre, forma) in enumerate(
            (("Necesidad y beneficiarios", izquierda), ("Ciclo de vida y costo", derecha))
        ):
            caja = QGroupBox(nombre)
            caja.setLayout(forma)
            rejilla.addWidget(caja, 0, col)
        self.aviso = Aviso()
        botones = QDialogButtonBox()
        self.guardar = botones.addButton("Guardar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addLayout(rejilla)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)

    def _al_tipologia(self) -> None:
        codigo = self.tipologia.currentData()
        actual = self.subtipo.currentText()
        self.subtipo.clear()
        self.subtipo.addItem("")
        self.subtipo.addItems(list(catalogos.cargar().tipologias[codigo].subtipos))
        self.subtipo.setCurrentText(actual)

    def _cargar(self, f: dict[str, Any]) -> None:
        self.titulo.setText(f["titulo"])
        self.tipologia.setCurrentIndex(self.tipologia.findData(f["tipologia"]))
        self._al_tipologia()
        self.subtipo.setCurrentText(f.get("subtipo") or "")
        self.localidad.setCurrentIndex(max(0, self.localidad.findData(f.get("localidad_id"))))
        self.taller.setCurrentIndex(max(0, self.taller.findData(f.get("taller_id"))))
        self.etapa.setCurrentIndex(self.etapa.findData(f["etapa"]))
        self.rate.setCurrentIndex(max(0, self.rate.findData(f.get("resultado_rate"))))
        self.unidad.setCurrentIndex(max(0, self.unidad.findData(f.get("unidad_costo"))))
        self.situacion.setPlainText(f.get("situacion_actual") or "")
        for campo, clave, dec in (
            (self.latitud, "latitud", 5),
            (self.longitud, "longitud", 5),
            (self.hogares, "hogares", 0),
            (self.mujeres, "mujeres", 0),
            (self.hombres, "hombres", 0),
            (self.prioridad, "prioridad", 0),
            (self.costo, "costo", 2 if f.get("unidad_costo") == "UF" else 0),
            (self.valor_uf, "valor_uf", 2),
        ):
            valor = f.get(clave)
            campo.setText("" if valor is None else formato.numero(valor, dec))
        self.fecha_uf.setText(formato.fecha(f.get("fecha_uf")))
        self.motivo.setText(f.get("motivo_descarte") or "")
        self.bip.setText(f.get("codigo_bip") or "")
        self.fuente.setText(f.get("fuente_financiamiento") or "")
        self.financia.setChecked(bool(f.get("financia_programa", True)))
        self.alternativo.setText(f.get("programa_alternativo") or "")

    def datos(self) -> dict[str, Any]:
        return {
            "territorio_id": self.territorio_id,
            "titulo": self.titulo.text(),
            "tipologia": self.tipologia.currentData(),
            "subtipo": self.subtipo.currentText().strip() or None,
            "localidad_id": self.localidad.currentData(),
            "latitud": numero_de(self.latitud.text()),
            "longitud": numero_de(self.longitud.text()),
            "situacion_actual": self.situacion.toPlainText().strip() or None,
            "hogares": numero_de(self.hogares.text()),
            "mujeres": numero_de(self.mujeres.text()),
            "hombres": numero_de(self.hombres.text()),
            "taller_id": self.taller.currentData(),
            "prioridad": numero_de(self.prioridad.text()),
            "etapa": self.etapa.currentData(),
            "motivo_descarte": self.motivo.text().strip() or None,
            "codigo_bip": self.bip.text().strip() or None,
            "resultado_rate": self.rate.currentData(),
            "costo": numero_de(self.costo.text()),
            "unidad_costo": self.unidad.currentData(),
            "valor_uf": numero_de(self.valor_uf.text()),
            "fecha_uf": self.fecha_uf.text().strip() or None,
            "fuente_financiamiento": self.fuente.text().strip() or None,
            "financia_programa": self.financia.isChecked(),
            "programa_alternativo": self.alternativo.text().strip() or None,
        }

    def aceptar(self) -> None:
        datos, id_ = self.datos(), self.id
        self.aviso.limpiar()
        self.tareas.ejecutar(
            lambda a: necesidades.guardar_necesidad(a, datos, id_),
            self._guardada,
            self.aviso.error,
        )

    def _guardada(self, cambio: Any) -> None:
        self.guardada.emit(cambio)
        self.accept()
