"""Ficha de una persona: corregir sus datos y ver los talleres a los que asistió (también tras
fusiones). Si el nombre o el RUT que se escribe ya es de otra persona del territorio, lo avisa
y ofrece fusionarlas en vez de dejar dos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo import rut as rut_mod
from pir_campo.almacen import consultas_campo as q
from pir_campo.formato import cantidad
from pir_campo.modelos import Persona
from pir_campo.modelos.enums import FormaConsentimiento, PuebloOriginario
from pir_campo.servicios import consentimiento, duplicados, envios, supresion
from pir_campo.servicios import personas as srv
from ui import dialogos, documentos, formatos
from ui.campos import combo_opciones, elegir_dato
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas


class FichaPersona(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, tareas: Tareas, persona_id: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.persona_id = persona_id
        self.persona: dict[str, Any] | None = None
        self.parecidas: list[dict[str, Any]] = []
        self.encabezado = QLabel("")
        self.nombre = QLineEdit()
        self.rut = QLineEdit()
        self.rut.setPlaceholderText("12.345.678-5 (opcional)")
        self.telefono = QLineEdit()
        self.telefono.setPlaceholderText("+56 9 1234 5678")
        formulario = QFormLayout()
        self.formulario = formulario
        self._etiquetas: dict[QWidget, QLabel] = {}
        for titulo, campo in (
            ("&Nombre completo", self.nombre),
            ("&RUT", self.rut),
            ("Teléf&ono", self.telefono),
        ):
            campo.setAccessibleName(titulo.replace("&", ""))
            etiqueta = QLabel(titulo)
            etiqueta.setBuddy(campo)
            self._etiquetas[campo] = etiqueta
            formulario.addRow(etiqueta, campo)
            campo.textEdited.connect(lambda _t: self._espera.start())
        # Datos sensibles (Ley 21.719): solo con consentimiento de la persona.
        self.consiente = False
        self.estado_consentimiento = QLabel("")
        self.estado_consentimiento.setWordWrap(True)
        self.estado_consentimiento.setAccessibleName("Consentimiento para datos sensibles")
        self.forma = combo_opciones(FormaConsentimiento, "Cómo lo dio", None)
        self.testigo = QLineEdit()
        self.testigo.setPlaceholderText("Nombre del testigo (si fue verbal)")
        self.testigo.setAccessibleName("Testigo")
        self.registrar_consentimiento = QPushButton("Registrar el consenti&miento")
        self.registrar_consentimiento.clicked.connect(self.consentir)
        self.retirar_consentimiento = QPushButton("R&etirar el consentimiento…")
        self.retirar_consentimiento.clicked.connect(self.retirar)
        fila_consentimiento = QHBoxLayout()
        fila_consentimiento.addWidget(self.forma)
        self.etiqueta_testigo = QLabel("Te&stigo:")
        self.etiqueta_testigo.setBuddy(self.testigo)
        fila_consentimiento.addWidget(self.etiqueta_testigo)
        fila_consentimiento.addWidget(self.testigo, 1)
        fila_consentimiento.addWidget(self.registrar_consentimiento)
        fila_consentimiento.addWidget(self.retirar_consentimiento)
        self.caja_consentimiento = QWidget()
        self.caja_consentimiento.setLayout(fila_consentimiento)
        fila_consentimiento.setContentsMargins(0, 0, 0, 0)
        etiqueta = QLabel("&Consentimiento:")
        etiqueta.setBuddy(self.forma)
        formulario.addRow(etiqueta, self.estado_consentimiento)
        formulario.addRow("", self.caja_consentimiento)
        self._etiquetas[self.caja_consentimiento] = etiqueta
        self.pueblo = combo_opciones(PuebloOriginario, "Pueblo originario")
        self.afro = QComboBox()
        self.afro.setAccessibleName("Afrodescendiente")
        for texto_afro, dato in (("", None), ("Sí", True), ("No", False)):
            self.afro.addItem(texto_afro, dato)
        sensibles = (("P&ueblo originario", self.pueblo), ("&Afrodescendiente", self.afro))
        for titulo, campo in sensibles:
            etiqueta = QLabel(titulo)
            etiqueta.setBuddy(campo)
            self._etiquetas[campo] = etiqueta
            formulario.addRow(etiqueta, campo)
        self.guardar = QPushButton("&Guardar cambios")
        self.guardar.clicked.connect(self.guardar_cambios)
        # Derechos de acceso y portabilidad (Ley 21.719): lo que se guarda de la persona.
        self.sus_datos = QPushButton("Sus &datos (PDF)…")
        self.sus_datos.setToolTip(
            "Un documento para entregar a la persona con todo lo que se guarda de ella (Ctrl+P)"
        )
        self.sus_datos.clicked.connect(lambda: documentos.abrir_dialogo(self))
        self.copia = QPushButton("Copia en &JSON y CSV…")
        self.copia.setToolTip(
            "Los mismos datos en archivos que la persona puede llevar a otra parte"
        )
        self.copia.clicked.connect(self.guardar_copia)
        # Bloqueo u oposición y supresión (Ley 21.719).
        self.bloqueo = QPushButton("&Bloquear sus datos…")
        self.bloqueo.setToolTip(
            "La persona queda fuera de documentos, exportaciones y búsquedas; se puede levantar"
        )
        self.bloqueo.clicked.connect(self.cambiar_bloqueo)
        self.suprimir = QPushButton("Su&primir sus datos…")
        self.suprimir.setToolTip(
            "Borra sus datos personales en esta y en todas las instalaciones; no se deshace"
        )
        self.suprimir.clicked.connect(self.pedir_supresion)
        self.bloqueada = False
        self.aviso = QLabel("")
        self.aviso.setWordWrap(True)
        self.aviso.setAccessibleName("Aviso de la ficha de la persona")
        self.fusionar = QPushButton("")
        self.fusionar.setAccessibleName("Fusionar con la persona parecida")
        self.fusionar.clicked.connect(self.fusionar_con_parecida)
        self.fusionar.hide()
        self._espera = QTimer(self, singleShot=True, interval=200)
        self._espera.timeout.connect(self.buscar_parecidas)
        self.modelo = ModeloFilas(
            [
                Columna("fecha", "Fecha", formatos.fecha),
                Columna("titulo", "Taller"),
                Columna("paso", "Paso", formatos.paso),
                Columna("estado", "Estado", formatos.estado_taller),
            ],
            self,
        )
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Talleres a los que asistió")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.verticalHeader().hide()
        self.tabla.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(
            lambda i: self.abrir_registro.emit("taller", self.modelo.id_en(i.row()))
        )
        botones = QHBoxLayout()
        botones.addWidget(self.guardar)
        botones.addWidget(self.fusionar)
        botones.addStretch(1)
        botones.addWidget(self.sus_datos)
        botones.addWidget(self.copia)
        botones.addWidget(self.bloqueo)
        botones.addWidget(self.suprimir)
        capa = QVBoxLayout(self)
        capa.addWidget(self.encabezado)
        capa.addLayout(formulario)
        capa.addLayout(botones)
        capa.addWidget(self.aviso)
        capa.addWidget(self.tabla, 1)
        self.setFocusProxy(self.nombre)
        self.cargar()

    def cargar(self) -> None:
        pid = self.persona_id
        self.tareas.ejecutar(
            lambda a: (
                a.obtener(Persona, pid),
                q.talleres_de_persona(a.conn, pid),
                pid in supresion.bloqueadas(a),
                pid in supresion.suprimidas(a),
                consentimiento.para_persona(a, pid),
                envios.campos_opcionales(a),
            ),
            self._listo,
        )

    def _listo(self, datos) -> None:
        p, talleres, bloqueada, suprimida, consentimientos, opcionales = datos
        self.persona = p
        self.bloqueada = bloqueada
        self.bloqueo.setText("Levantar el &bloqueo…" if bloqueada else "&Bloquear sus datos…")
        self.suprimir.setEnabled(not suprimida)
        for campo in (self.nombre, self.rut, self.telefono):
            campo.setReadOnly(suprimida)
        self.guardar.setEnabled(not suprimida)
        partes = [formatos.sexo(p["sexo"]), formatos.tramo(p["tramo_edad"])]
        self.encabezado.setText(
            f"<h2>{p['nombre']}</h2>{' · '.join(x for x in partes if x)}"
            f"<br>Asistió a {cantidad(len(talleres), 'taller')}. Enter abre el taller."
        )
        self.nombre.setText(p["nombre"])
        self.rut.setText(formatos.rut_visible(p["rut"]))
        self.telefono.setText(p["telefono"] or "")
        self._poner_consentimiento(consentimientos, suprimida)
        elegir_dato(self.pueblo, p["pueblo_originario"])
        elegir_dato(self.afro, p["afrodescendiente"])
        self._minimizar(opcionales)
        self.modelo.poner_filas(talleres)
        self.tabla.resizeColumnToContents(0)

    def _poner_consentimiento(self, consentimientos: list[dict], suprimida: bool) -> None:
        self.consiente = bool(consentimientos)
        if consentimientos:
            c = consentimientos[0]
            testigo = f" (testigo: {c['testigo']})" if c["testigo"] else ""
            self.estado_consentimiento.setText(
                f"Autorizó sus datos sensibles el {formatos.fecha(c['fecha'])}: "
                f"{c['forma'].lower()}{testigo}; aviso de privacidad versión "
                f"{c['version_aviso']}."
            )
        else:
            self.estado_consentimiento.setText(
                "No ha autorizado sus datos sensibles: el pueblo originario y la "
                "afrodescendencia quedan vacíos."
            )
        for w in (self.forma, self.etiqueta_testigo, self.testigo, self.registrar_consentimiento):
            w.setVisible(not self.consiente)
            w.setEnabled(not suprimida)
        self.retirar_consentimiento.setVisible(self.consiente and not suprimida)
        for combo in (self.pueblo, self.afro):
            combo.setEnabled(self.consiente and not suprimida)

    def _minimizar(self, opcionales: dict[str, bool]) -> None:
        """Los datos que la región no recoge no se muestran (ajuste de la oficina)."""
        for campo, widget in (
            ("rut", self.rut),
            ("telefono", self.telefono),
            ("pueblo_originario", self.pueblo),
            ("afrodescendiente", self.afro),
        ):
            self.formulario.setRowVisible(widget, opcionales.get(campo, True))
        sensibles = opcionales.get("pueblo_originario", True) or opcionales.get(
            "afrodescendiente", True
        )
        self.formulario.setRowVisible(self.estado_consentimiento, sensibles)
        self.formulario.setRowVisible(self.caja_consentimiento, sensibles)

    def _cambios(self) -> dict[str, Any]:
        cambios = {
            "nombre": self.nombre.text().strip(),
            "rut": self.rut.text().strip() or None,
            "telefono": self.telefono.text().strip() or None,
        }
        if self.consiente:
            cambios["pueblo_originario"] = self.pueblo.currentData()
            cambios["afrodescendiente"] = self.afro.currentData()
        for campo, widget in (("rut", self.rut), ("telefono", self.telefono)):
            if not self.formulario.isRowVisible(widget):
                cambios.pop(campo)
        return cambios

    def consentir(self) -> None:
        pid, forma, testigo = self.persona_id, self.forma.currentData(), self.testigo.text()
        self.tareas.ejecutar(
            lambda a: consentimiento.registrar(a, pid, forma, testigo),
            lambda _c: (
                self._avisar_bien(
                    "Consentimiento registrado: ya puede anotar su pueblo originario y si es "
                    "afrodescendiente."
                ),
                self.cargar(),
            ),
            lambda e: self._avisar(str(e)),
        )

    def retirar(self) -> None:
        if not dialogos.confirmar(
            self,
            "Retirar el consentimiento",
            "Se borrarán su pueblo originario y su afrodescendencia, aquí y en las demás "
            "instalaciones cuando se sincronice. ¿Retirar el consentimiento?",
            "Retirar",
        ):
            return
        pid = self.persona_id
        self.tareas.ejecutar(
            lambda a: consentimiento.retirar(a, pid, "La persona retiró su consentimiento"),
            lambda _c: (self._avisar_bien("Consentimiento retirado."), self.cargar()),
            lambda e: self._avisar(str(e)),
        )

    def buscar_parecidas(self) -> None:
        """¿El nombre o el RUT escritos ya son de otra persona del territorio?"""
        if self.persona is None:
            return
        nombre, texto_rut = self.nombre.text().strip(), self.rut.text().strip()
        rut = rut_mod.validar(texto_rut) if texto_rut and not rut_mod.problema(texto_rut) else None
        tid, pid = self.persona["territorio_id"], self.persona_id
        self.tareas.ejecutar(
            lambda a: duplicados.parecidas(a, tid, nombre, rut, excluir=pid), self._parecidas
        )

    def _parecidas(self, filas: list[dict[str, Any]]) -> None:
        self.parecidas = filas
        if not filas:
            self.fusionar.hide()
            self.aviso.clear()
            return
        p = filas[0]
        que = "ese RUT" if p["motivo"] == "mismo RUT" else "ese nombre"
        n = p["dependientes"]
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;")
        self.aviso.setText(
            f"Ya existe otra persona con {que} en el territorio: {p['nombre']} "
            f"({formatos.rut_visible(p['rut']) or 'sin RUT'}, "
            f"{'1 asistencia' if n == 1 else f'{n} asistencias'}). Si es la misma, fusiónelas."
        )
        self.fusionar.setText(f"&Fusionar con {p['nombre']}…")
        self.fusionar.show()

    def guardar_cambios(self) -> None:
        cambios, pid = self._cambios(), self.persona_id
        self.tareas.ejecutar(
            lambda a: srv.editar(a, pid, cambios),
            lambda _c: (self._avisar_bien("Cambios guardados."), self.cargar()),
            lambda e: self._avisar(str(e)),
        )

    def fusionar_con_parecida(self) -> None:
        if not self.parecidas or self.persona is None:
            return
        otra = self.parecidas[0]
        if not dialogos.confirmar(
            self,
            "Fusionar personas",
            f"Se conservará a «{otra['nombre']}» y recibirá las asistencias de "
            f"«{self.persona['nombre']}», que quedará redirigida. ¿Fusionar?",
            "Fusionar",
        ):
            return
        absorber, conservar = self.persona_id, otra["id"]
        self.tareas.ejecutar(
            lambda a: srv.fusionar(a, conservar, absorber),
            lambda _c: self.abrir_registro.emit("persona", conservar),
            lambda e: self._avisar(str(e)),
        )

    # ---- derechos de la persona --------------------------------------------------------------

    def registro_para_imprimir(self) -> tuple[str, str]:
        return "persona", self.persona_id

    def descripcion_para_imprimir(self) -> str | None:
        return self.persona["nombre"] if self.persona else None

    def guardar_copia(self) -> None:
        """Escribe «….json» y, al lado, «….csv» con lo mismo."""
        nombre = (self.persona or {}).get("nombre") or "persona"
        sugerido = str(Path.home() / f"datos de {nombre}.json")
        json_ = dialogos.guardar_como(
            self, "Guardar la copia de los datos", sugerido, "Archivos JSON (*.json)", ".json"
        )
        if json_ is None:
            return
        from pir_campo.servicios import derechos

        csv_, pid = json_.with_suffix(".csv"), self.persona_id
        self.tareas.ejecutar(
            lambda a: derechos.exportar(a, pid, json_, csv_),
            lambda _d: self._avisar_bien(f"Copia guardada en {json_} y {csv_.name}."),
            lambda e: self._avisar(str(e)),
        )

    def cambiar_bloqueo(self) -> None:
        if self.persona is None:
            return
        bloquear = not self.bloqueada
        pregunta = (
            f"«{self.persona['nombre']}» quedará fuera de las listas de asistencia, de las "
            "exportaciones y de las búsquedas (sus asistencias siguen en los conteos). Se puede "
            "levantar después. Escriba el motivo de la solicitud:"
            if bloquear
            else f"«{self.persona['nombre']}» volverá a aparecer en documentos, exportaciones y "
            "búsquedas. Escriba el motivo:"
        )
        motivo = dialogos.pedir_motivo(
            self,
            "Bloquear sus datos" if bloquear else "Levantar el bloqueo",
            pregunta,
            "Bloquear" if bloquear else "Levantar el bloqueo",
        )
        if not motivo:
            return
        pid = self.persona_id
        self.tareas.ejecutar(
            lambda a: supresion.bloquear(a, pid, motivo, bloquear),
            lambda _i: (
                self._avisar_bien("Datos bloqueados." if bloquear else "Bloqueo levantado."),
                self.cargar(),
            ),
            lambda e: self._avisar(str(e)),
        )

    def pedir_supresion(self) -> None:
        pid = self.persona_id
        self.tareas.ejecutar(
            lambda a: supresion.vista_previa(a, pid),
            self._confirmar_supresion,
            lambda e: self._avisar(str(e)),
        )

    def _confirmar_supresion(self, vista) -> None:
        motivo = dialogos.pedir_motivo(
            self,
            "Suprimir sus datos",
            vista.texto() + "\n\nEscriba el motivo de la solicitud (no escriba sus datos):",
            "Suprimir para siempre",
        )
        if not motivo:
            return
        pid = self.persona_id
        self.tareas.ejecutar(
            lambda a: supresion.suprimir(a, pid, motivo),
            lambda _s: (
                self._avisar_bien(
                    "Datos suprimidos. La supresión viaja en el próximo paquete a la oficina."
                ),
                self.cargar(),
            ),
            lambda e: self._avisar(str(e)),
        )

    def _avisar(self, texto: str) -> None:
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;")
        self.aviso.setText(texto)

    def _avisar_bien(self, texto: str) -> None:
        self.aviso.setStyleSheet("color: #2e5e2e;")
        self.aviso.setText(texto)
