"""Editor del acta de validación (pasos 2 y 5): votación, firmantes de ambas partes y firma.

Firmar la congela; después solo se agregan adendas vinculadas a ella.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pir_campo import rut as rut_mod
from pir_campo.modelos.enums import DecisionActa, EstadoActa, LadoFirmante
from pir_campo.servicios import actas as srv
from ui import dialogos, formatos
from ui.adjuntos import PanelAdjuntos
from ui.autoguardado import Autoguardado
from ui.campos import (
    aspecto_solo_lectura,
    atajo,
    atajo_quitar,
    campos_en_fila,
    combo_opciones,
    elegir_dato,
    es_enter,
)
from ui.documentos import boton_imprimir
from ui.fechas import CampoFecha
from ui.historial import boton_historial
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

COLUMNAS_FIRMANTES = [
    Columna("nombre", "Nombre"),
    Columna("rut", "RUT", formatos.rut_visible),
    Columna("institucion", "Institución u organización"),
    Columna("cargo", "Cargo"),
    Columna("lado", "Parte", formatos.lado),
]


class EditorActa(QWidget):
    abrir_registro = Signal(str, str)
    cargado = Signal()

    def __init__(self, tareas: Tareas, acta_id: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.acta_id = acta_id
        self.acta: dict[str, Any] = {}
        self.autoguardado = Autoguardado(
            tareas,
            lambda a, campo, valor: srv.guardar_campo(a, acta_id, campo, valor),
            parent=self,
        )
        self.autoguardado.rechazado.connect(lambda _c, m: self._avisar(m))
        self.autoguardado.guardado.connect(lambda _c: self._avisar("Guardado.", False))
        self.adjuntos: PanelAdjuntos | None = None
        self._armar()
        self.refrescar()

    def _armar(self) -> None:
        self.titulo = QLabel("")
        self.estado = QLabel("")
        self.boton_firmar = QPushButton("&Firmar acta")
        self.boton_firmar.setToolTip("Congela el acta; después solo admite adendas (Ctrl+Shift+F)")
        self.boton_firmar.clicked.connect(self.firmar)
        self.boton_adenda = QPushButton("Agregar a&denda…")
        self.boton_adenda.setToolTip("Registra un cambio posterior a la firma (Ctrl+Shift+D)")
        self.boton_adenda.clicked.connect(self.agregar_adenda)
        self.boton_imprimir = boton_imprimir(
            self, "Acta de validación con votación, firmantes y espacio para firmar"
        )
        self.boton_historial = boton_historial(self, lambda: self.acta_id)
        arriba = QHBoxLayout()
        for w in (
            self.titulo,
            self.estado,
            self.boton_imprimir,
            self.boton_historial,
            self.boton_firmar,
            self.boton_adenda,
        ):
            arriba.addWidget(w, 1 if w is self.titulo else 0)
        self.aviso = QLabel("Los cambios se guardan solos mientras escribe.")
        self.aviso.setWordWrap(True)

        datos = QWidget()
        formulario = QFormLayout(datos)
        self.taller = QComboBox()
        self.fecha = CampoFecha()
        self.lugar = QLineEdit()
        self.decision = combo_opciones(DecisionActa, "Decisión", vacio=None)
        self.favor, self.contra, self.abstenciones = QSpinBox(), QSpinBox(), QSpinBox()
        for caja in (self.favor, self.contra, self.abstenciones):
            caja.setRange(0, 100_000)
        self.condiciones = QPlainTextEdit()
        self.condiciones.setTabChangesFocus(True)
        for titulo, widget in (
            ("&Taller", self.taller),
            ("F&echa", self.fecha),
            ("&Lugar", self.lugar),
            ("&Decisión", self.decision),
            ("Votos a fa&vor", self.favor),
            ("Votos en co&ntra", self.contra),
            ("A&bstenciones", self.abstenciones),
            ("&Condiciones", self.condiciones),
        ):
            etiqueta = QLabel(titulo)
            etiqueta.setBuddy(widget)
            widget.setAccessibleName(titulo.replace("&", ""))
            formulario.addRow(etiqueta, widget)
        a = self.autoguardado
        a.vincular(
            self.taller, "taller_id", self.taller.currentData, self.taller.currentIndexChanged
        )
        a.vincular(
            self.fecha, "fecha", lambda: self.fecha.date().toPython(), self.fecha.dateChanged
        )
        a.vincular(
            self.lugar, "lugar", lambda: self.lugar.text().strip() or None, self.lugar.textEdited
        )
        a.vincular(
            self.decision, "decision", self.decision.currentData, self.decision.currentIndexChanged
        )
        for campo, caja in (
            ("votos_favor", self.favor),
            ("votos_contra", self.contra),
            ("abstenciones", self.abstenciones),
        ):
            a.vincular(caja, campo, caja.value, caja.valueChanged)
        a.vincular(
            self.condiciones,
            "condiciones",
            lambda: self.condiciones.toPlainText().strip() or None,
            self.condiciones.textChanged,
        )

        self.pestanas = QTabWidget()
        self.pestanas.addTab(datos, "Datos y votación")
        self.pestanas.addTab(self._armar_firmantes(), "Firmantes")
        self.adendas = QListWidget()
        self.adendas.setAccessibleName("Adendas")
        self.adendas.setWordWrap(True)
        self.pestanas.addTab(self.adendas, "Adendas")
        self.pestanas.addTab(QWidget(), "Adjuntos")
        for i in range(4):
            self.pestanas.setTabToolTip(i, f"Alt+{i + 1}")
            atajo(
                self,
                f"Alt+{i + 1}",
                lambda _marcado=False, i=i: self.pestanas.setCurrentIndex(i),
                f"Acta: pestaña «{self.pestanas.tabText(i)}»",
            )
        atajo(self, "Ctrl+Shift+F", self.firmar, "Acta: marcar como firmada")
        atajo(self, "Ctrl+Shift+D", self.agregar_adenda, "Acta: agregar adenda")
        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(self.aviso)
        capa.addWidget(self.pestanas, 1)
        self.setFocusProxy(self.taller)

    def _armar_firmantes(self) -> QWidget:
        pagina = QWidget()
        self.ingreso = QWidget()
        rejilla = QGridLayout(self.ingreso)
        rejilla.setContentsMargins(0, 0, 0, 0)
        self.f_nombre, self.f_rut, self.f_institucion, self.f_cargo = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        self.f_lado = combo_opciones(LadoFirmante, "Parte", vacio=None)
        self.f_agregar = QPushButton("A&gregar firmante (Enter)")
        self.f_agregar.clicked.connect(self.agregar_firmante)
        campos_en_fila(
            rejilla,
            [
                ("&Nombre", self.f_nombre),
                ("&RUT", self.f_rut),
                ("&Institución u organización", self.f_institucion),
                ("Car&go", self.f_cargo),
                ("&Parte", self.f_lado),
            ],
            self,
        )
        rejilla.addWidget(self.f_agregar, 1, 5)
        self.firmantes = ModeloFilas(COLUMNAS_FIRMANTES, self)
        self.tabla = QTableView()
        self.tabla.setModel(self.firmantes)
        self.tabla.setAccessibleName("Firmantes")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        atajo_quitar(self.tabla, self.quitar_firmante)
        ayuda = QLabel("Enter agrega el firmante; Supr quita el elegido en la tabla.")
        capa = QVBoxLayout(pagina)
        capa.addWidget(self.ingreso)
        capa.addWidget(ayuda)
        capa.addWidget(self.tabla, 1)
        return pagina

    def quitar_firmante(self) -> None:
        fila = self.tabla.currentIndex().row()
        if fila < 0 or self.acta.get("estado") == EstadoActa.FIRMADA:
            return
        firmante = self.firmantes.filas[fila]
        if dialogos.confirmar(
            self, "Quitar firmante", f"¿Quitar a {firmante['nombre']}?", "Quitar"
        ):
            self.tareas.ejecutar(
                lambda a: srv.quitar_firmante(a, firmante["id"]),
                lambda _c: self.refrescar(),
                lambda e: self._avisar(str(e)),
            )

    def eventFilter(self, objeto, evento) -> bool:
        if es_enter(evento):
            self.agregar_firmante()
            return True
        return False

    # ---- datos ---------------------------------------------------------------------------------

    def refrescar(self) -> None:
        aid = self.acta_id
        self.tareas.ejecutar(lambda a: srv.cargar(a, aid), self._listo)

    def _listo(self, datos: dict[str, Any]) -> None:
        acta = self.acta = datos["acta"]
        a = self.autoguardado
        a.cargando = True
        try:
            self.taller.clear()
            self.taller.addItem("(sin taller)", None)
            for t in datos["talleres"]:
                self.taller.addItem(f"{formatos.fecha(t['fecha'])} · {t['titulo']}", t["id"])
            self.taller.setCurrentIndex(max(0, self.taller.findData(acta["taller_id"])))
            self.fecha.setDate(QDate.fromString(acta["fecha"], "yyyy-MM-dd"))
            self.lugar.setText(acta["lugar"] or "")
            elegir_dato(self.decision, acta["decision"])
            self.favor.setValue(acta["votos_favor"])
            self.contra.setValue(acta["votos_contra"])
            self.abstenciones.setValue(acta["abstenciones"])
            if self.condiciones.toPlainText() != (acta["condiciones"] or ""):
                self.condiciones.setPlainText(acta["condiciones"] or "")
            for campo in (
                "taller_id",
                "lugar",
                "decision",
                "votos_favor",
                "votos_contra",
                "abstenciones",
                "condiciones",
            ):
                a.recordar(campo, acta[campo])
            a.recordar("fecha", QDate.fromString(acta["fecha"], "yyyy-MM-dd").toPython())
        finally:
            a.cargando = False
        self.firmantes.poner_filas(datos["firmantes"])
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.adendas.clear()
        for ad in datos["adendas"]:
            self.adendas.addItem(f"{formatos.fecha(ad['fecha'])}: {ad['texto']}")
        self.pestanas.setTabText(1, f"Firmantes ({len(datos['firmantes'])})")
        self.pestanas.setTabText(2, f"Adendas ({len(datos['adendas'])})")
        if self.adjuntos is None:
            self.adjuntos = PanelAdjuntos(
                self.tareas, "acta_validacion", self.acta_id, acta["territorio_id"], "pdf", self
            )
            self.pestanas.removeTab(3)
            self.pestanas.insertTab(3, self.adjuntos, "Adjuntos")
        firmada = acta["estado"] == EstadoActa.FIRMADA
        self.titulo.setText(f"<h2>Acta: {formatos.tipo_acta(acta['tipo'])}</h2>")
        self.estado.setText("<b>Firmada</b> (solo adendas)" if firmada else "<b>Borrador</b>")
        self.boton_firmar.setVisible(not firmada)
        self.boton_adenda.setVisible(firmada)
        for w in (
            self.taller,
            self.fecha,
            self.decision,
            self.favor,
            self.contra,
            self.abstenciones,
            self.ingreso,
        ):
            w.setEnabled(not firmada)
        self.lugar.setReadOnly(firmada)
        self.condiciones.setReadOnly(firmada)
        for w in (self.lugar, self.condiciones, self.fecha, self.decision):
            aspecto_solo_lectura(w, firmada)
        if firmada:
            self._avisar(
                "Acta firmada: no se puede modificar. Los cambios posteriores se "
                "registran como adendas (Ctrl+Shift+D).",
                False,
            )
        self.cargado.emit()

    def _avisar(self, texto: str, error: bool = True) -> None:
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;" if error else "")
        self.aviso.setText(texto)

    # ---- acciones ------------------------------------------------------------------------------

    def registro_para_imprimir(self) -> tuple[str, str] | None:
        # Lo pendiente se guarda antes: el PDF se arma con lo que está en la base.
        self.autoguardado.guardar_pendientes()
        return ("acta_validacion", self.acta_id) if self.acta else None

    def descripcion_para_imprimir(self) -> str:
        a = self.acta
        tipo = formatos.tipo_acta(a["tipo"])  # «Validación del PMDT» → «Acta de validación…»
        return f"Acta de {tipo[:1].lower()}{tipo[1:]}, {formatos.fecha(a['fecha'])}"

    def agregar_firmante(self) -> None:
        if self.acta.get("estado") == EstadoActa.FIRMADA:
            return
        texto_rut = self.f_rut.text().strip()
        if texto_rut and rut_mod.problema(texto_rut):
            self._avisar(f"El campo «RUT del firmante» {rut_mod.problema(texto_rut)}.")
            self.f_rut.setFocus()
            return
        datos = {
            "nombre": self.f_nombre.text().strip(),
            "rut": texto_rut or None,
            "institucion": self.f_institucion.text().strip() or None,
            "cargo": self.f_cargo.text().strip() or None,
            "lado": self.f_lado.currentData(),
        }
        aid = self.acta_id
        self.tareas.ejecutar(
            lambda a: srv.agregar_firmante(a, aid, datos),
            lambda _c: self._firmante_agregado(),
            lambda e: self._avisar(str(e)),
        )

    def _firmante_agregado(self) -> None:
        for w in (self.f_nombre, self.f_rut, self.f_institucion, self.f_cargo):
            w.clear()
        self._avisar("Firmante agregado.", False)
        self.f_nombre.setFocus()
        self.refrescar()

    def firmar(self) -> None:
        if self.acta.get("estado") != EstadoActa.BORRADOR:
            return
        self.autoguardado.guardar_pendientes()
        if dialogos.confirmar(
            self,
            "Firmar acta",
            "Una vez firmada, el acta no se puede "
            "modificar; solo se agregan adendas. ¿Firmar ahora?",
            "Firmar",
        ):
            self.ejecutar_firma()

    def ejecutar_firma(self) -> None:
        aid = self.acta_id
        self.tareas.ejecutar(
            lambda a: srv.firmar(a, aid),
            lambda _c: self._firmada(),
            lambda e: self._avisar(str(e)),
        )

    def _firmada(self) -> None:
        self.refrescar()
        self.boton_adenda.setFocus()

    def agregar_adenda(self) -> None:
        if self.acta.get("estado") != EstadoActa.FIRMADA:
            return
        texto = dialogos.pedir_motivo(self, "Agregar adenda", "Texto de la adenda:", "Agregar")
        if texto:
            self.ejecutar_adenda(texto)

    def ejecutar_adenda(self, texto: str) -> None:
        aid = self.acta_id
        self.tareas.ejecutar(
            lambda a: srv.agregar_adenda(a, aid, texto),
            lambda _c: self.refrescar(),
            lambda e: self._avisar(str(e)),
        )

    def terminar(self) -> None:
        self.autoguardado.guardar_pendientes()
