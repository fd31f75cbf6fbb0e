"""Lista de asistencia, pensada para el teclado: una fila de ingreso y la tabla de asistentes.

Al escribir el nombre se sugieren personas ya conocidas en el territorio (una persona, muchos
talleres, sin duplicados); el RUT se revisa mientras se escribe; Enter agrega la fila y deja el
cursor en «Nombre» para la siguiente persona. Los conteos por sexo y tramo se actualizan solos.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
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
from pir_campo.modelos.enums import FormaConsentimiento, PuebloOriginario, Sexo, TramoEdad
from pir_campo.servicios import duplicados
from pir_campo.servicios import talleres as srv
from ui import dialogos, formatos
from ui.campos import DelegadoOpciones, atajo_quitar, combo_opciones, es_enter
from ui.taller.modelo_asistentes import (
    COL_CONSENTIMIENTO,
    COL_NOMBRE,
    COL_PUEBLO,
    COL_SEXO,
    COL_TRAMO,
    EDITABLES,
    ModeloAsistentes,
    texto_conteos,
)
from ui.tareas import Tareas


class PanelAsistencia(QWidget):
    cambio_conteo = Signal(int)

    def __init__(self, tareas: Tareas, taller_id: str, territorio_id: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.taller_id = taller_id
        self.territorio_id = territorio_id
        self.persona_id: str | None = None
        self._sugeridas: dict[str, dict[str, Any]] = {}
        # Personas del territorio con el RUT o el nombre que se está escribiendo; un segundo
        # Enter agrega de todos modos a otra persona con el mismo nombre.
        self._parecidas: list[dict[str, Any]] = []
        self._nueva_confirmada = False
        self._armar_ingreso()
        self.modelo = ModeloAsistentes(self)
        self.modelo.editar.connect(self._editar)
        self.modelo.invalido.connect(self._avisar)
        self.modelo.consentir.connect(self._consentir)
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Asistentes del taller")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.verticalHeader().setDefaultSectionSize(self.tabla.fontMetrics().height() + 10)
        self.tabla.setItemDelegateForColumn(COL_SEXO, DelegadoOpciones(Sexo, "Sexo", "", self))
        self.tabla.setItemDelegateForColumn(
            COL_TRAMO, DelegadoOpciones(TramoEdad, "Tramo de edad", "", self)
        )
        self.tabla.setItemDelegateForColumn(
            COL_PUEBLO, DelegadoOpciones(PuebloOriginario, "Pueblo originario", "", self)
        )
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_NOMBRE, QHeaderView.ResizeMode.Stretch
        )
        atajo_quitar(self.tabla, self.quitar_seleccionado)
        self.conteos = QLabel("")
        self.conteos.setWordWrap(True)  # con la letra más grande, en una línea no cabía
        self.conteos.setAccessibleName("Conteos de asistencia")
        capa = QVBoxLayout(self)
        capa.addWidget(self.ingreso)
        fila_aviso = QHBoxLayout()
        fila_aviso.addWidget(self.aviso, 1)
        fila_aviso.addWidget(self.usar_existente)
        capa.addLayout(fila_aviso)
        capa.addWidget(self.tabla, 1)
        capa.addWidget(self.conteos)
        self.pedir_opcionales()

    def _armar_ingreso(self) -> None:
        self.ingreso = QWidget()
        rejilla = QGridLayout(self.ingreso)
        rejilla.setContentsMargins(0, 0, 0, 0)
        self.nombre = QLineEdit()
        self.nombre.setPlaceholderText("Escriba el nombre; se sugieren personas conocidas")
        self.rut = QLineEdit()
        self.rut.setPlaceholderText("12.345.678-5 (opcional)")
        self.sexo = combo_opciones(Sexo, "Sexo")
        self.tramo = combo_opciones(TramoEdad, "Tramo de edad")
        self.pueblo = combo_opciones(PuebloOriginario, "Pueblo originario")
        # Datos sensibles: solo con consentimiento (Alt+C lo elige; F = firmado en la hoja).
        self.consentimiento = combo_opciones(FormaConsentimiento, "Consentimiento", "No autorizó")
        self.consentimiento.setToolTip(
            "Para anotar pueblo originario y afrodescendencia la persona debe autorizarlo: "
            "marcando «Autorizo» en la hoja o de palabra ante un testigo"
        )
        self.testigo = QLineEdit()
        self.testigo.setPlaceholderText("Nombre del testigo")
        self.afro = QComboBox()
        for texto, dato in (("", None), ("Sí", True), ("No", False)):
            self.afro.addItem(texto, dato)
        self._conocida_consintio = False
        self.consentimiento.currentIndexChanged.connect(self._sensibles_habilitados)
        self.telefono = QLineEdit()
        self.telefono.setPlaceholderText("+56 9 1234 5678")
        self.organizacion = QComboBox()
        # En letras: el nombre de organización más largo no ensancha el editor con la letra
        # más grande (la lista desplegada lo muestra entero).
        self.organizacion.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.organizacion.setMinimumContentsLength(18)
        self.cargo = QLineEdit()
        self.firmo = QCheckBox("Firmó en &papel")
        self.agregar = QPushButton("&Agregar (Enter)")
        self.agregar.clicked.connect(self.agregar_fila)
        campos = [
            ("&Nombre", self.nombre),
            ("&RUT", self.rut),
            ("&Sexo", self.sexo),
            ("Tramo de &edad", self.tramo),
            ("&Consentimiento", self.consentimiento),
            ("Testigo", self.testigo),
            ("P&ueblo originario", self.pueblo),
            ("A&frodescendiente", self.afro),
            ("Teléf&ono", self.telefono),
            ("Or&ganización", self.organizacion),
            ("Ca&rgo o rol", self.cargo),
        ]
        self._etiquetas: dict[QWidget, QLabel] = {}
        for i, (titulo, widget) in enumerate(campos):
            etiqueta = QLabel(titulo)
            etiqueta.setBuddy(widget)
            self._etiquetas[widget] = etiqueta
            widget.setAccessibleName(titulo.replace("&", ""))
            fila, col = divmod(i, 4)
            rejilla.addWidget(etiqueta, fila * 2, col)
            rejilla.addWidget(widget, fila * 2 + 1, col)
        # «Firmó» y «Agregar» en la cuarta columna, bajo el último rótulo libre: una quinta columna
        # ensancharía el editor más allá de la pantalla con la letra más grande.
        rejilla.addWidget(self.firmo, 4, 3)
        rejilla.addWidget(self.agregar, 5, 3)
        rejilla.setColumnStretch(0, 3)
        for col in (1, 2, 3):
            rejilla.setColumnStretch(col, 2)
        self.aviso = QLabel("")
        self.aviso.setWordWrap(True)
        self.aviso.setAccessibleName("Aviso de la lista de asistencia")
        self.usar_existente = QPushButton("&Usar la persona ya registrada")
        self.usar_existente.setToolTip("Anota a la persona que ya existe en el territorio")
        self.usar_existente.clicked.connect(self.usar_parecida)
        self.usar_existente.hide()
        self.completador = QCompleter(QStringListModel(self), self)
        self.completador.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completador.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completador.activated[str].connect(self._elegir_sugerida)
        self.nombre.setCompleter(self.completador)
        self._temporizador = QTimer(self, singleShot=True, interval=150)
        self._temporizador.timeout.connect(self._sugerir)
        self.nombre.textEdited.connect(self._nombre_editado)
        self.rut.textEdited.connect(self._revisar_rut)
        for widget in (
            self.nombre,
            self.rut,
            self.sexo,
            self.tramo,
            self.consentimiento,
            self.testigo,
            self.pueblo,
            self.afro,
            self.telefono,
            self.organizacion,
            self.cargo,
            self.firmo,
        ):
            widget.installEventFilter(self)
        QWidget.setTabOrder(self.nombre, self.rut)
        for a, b in (
            (self.rut, self.sexo),
            (self.sexo, self.tramo),
            (self.tramo, self.consentimiento),
            (self.consentimiento, self.testigo),
            (self.testigo, self.pueblo),
            (self.pueblo, self.afro),
            (self.afro, self.telefono),
            (self.telefono, self.organizacion),
            (self.organizacion, self.cargo),
            (self.cargo, self.firmo),
            (self.firmo, self.agregar),
        ):
            QWidget.setTabOrder(a, b)
        self._sensibles_habilitados()

    def _sensibles_habilitados(self, *_: object) -> None:
        """Sin consentimiento, pueblo originario y afrodescendencia quedan vacíos y apagados;
        el testigo solo se pide si el consentimiento fue verbal."""
        forma = self.consentimiento.currentData()
        si = bool(forma) or self._conocida_consintio
        for combo in (self.pueblo, self.afro):
            if not si:
                combo.setCurrentIndex(0)
            combo.setEnabled(si)
        verbal = forma == FormaConsentimiento.VERBAL_TESTIGO
        self.testigo.setEnabled(verbal)
        if not verbal:
            self.testigo.clear()

    def eventFilter(self, objeto, evento) -> bool:
        if es_enter(evento):
            if objeto is self.nombre and self.completador.popup().isVisible():
                return False
            self.agregar_fila()
            return True
        return False

    # ---- sugerencias y RUT -------------------------------------------------------------------

    def _nombre_editado(self, _texto: str) -> None:
        if self.persona_id is not None:
            self._conocida(False)
        self.persona_id = None
        self._olvidar_parecidas()
        self._temporizador.start()

    def _sugerir(self) -> None:
        texto, tid = self.nombre.text(), self.territorio_id
        if len(texto.strip()) < 2:
            return
        self.tareas.ejecutar(
            lambda a: q.sugerir_personas(a.conn, tid, texto),
            lambda f: self._sugeridas_listas(texto, f),
        )
        self.buscar_parecidas()

    # ---- la persona ya existe ------------------------------------------------------------------

    def _rut_escrito(self) -> str | None:
        texto = self.rut.text().strip()
        return rut_mod.validar(texto) if texto and not rut_mod.problema(texto) else None

    def _olvidar_parecidas(self) -> None:
        self._parecidas = []
        self._nueva_confirmada = False
        self.usar_existente.hide()

    def buscar_parecidas(self, despues=None) -> None:
        """Busca en el territorio a alguien con este RUT o este mismo nombre y lo ofrece."""
        nombre, rut, tid = self.nombre.text().strip(), self._rut_escrito(), self.territorio_id
        if self.persona_id or (len(nombre) < 2 and not rut):
            self._olvidar_parecidas()
            if despues:
                despues()
            return

        def listas(filas: list[dict]) -> None:
            if (nombre, rut) != (self.nombre.text().strip(), self._rut_escrito()):
                return
            self._parecidas = filas
            if filas and not self.persona_id:
                self._avisar(_aviso_parecida(filas[0]))
                self.usar_existente.setText(f"&Usar a {filas[0]['nombre']}")
                self.usar_existente.show()
            else:
                self.usar_existente.hide()
            if despues:
                despues()

        self.tareas.ejecutar(lambda a: duplicados.parecidas(a, tid, nombre, rut), listas)

    def usar_parecida(self) -> None:
        if not self._parecidas:
            return
        persona = self._parecidas[0]
        self.persona_id = persona["id"]
        self.nombre.setText(persona["nombre"])
        self.rut.setText(formatos.rut_visible(persona["rut"]))
        self.rut.setStyleSheet("")
        self.usar_existente.hide()
        self._avisar_bien(
            f"Se anotará a {persona['nombre']}, ya registrada en el territorio. Enter agrega."
        )
        self._consultar_consentimiento(persona["id"])
        self.nombre.setFocus()

    def _sugeridas_listas(self, texto: str, filas: list[dict]) -> None:
        if texto != self.nombre.text():
            return
        self._sugeridas = {}
        for f in filas:
            clave = f["nombre"] + (f" — {formatos.rut_visible(f['rut'])}" if f["rut"] else "")
            self._sugeridas[clave] = f
        self.completador.model().setStringList(list(self._sugeridas))
        if self._sugeridas and self.nombre.hasFocus():
            self.completador.complete()

    def _elegir_sugerida(self, clave: str) -> None:
        persona = self._sugeridas.get(clave)
        if persona is None:
            return
        self.persona_id = persona["id"]
        self._olvidar_parecidas()
        self.nombre.setText(persona["nombre"])
        self.rut.setText(formatos.rut_visible(persona["rut"]))
        self._revisar_rut(self.rut.text())
        _elegir(self.sexo, persona["sexo"])
        _elegir(self.tramo, persona["tramo_edad"])
        self._avisar_bien(f"Persona ya conocida en el territorio: {persona['nombre']}.")
        self._consultar_consentimiento(persona["id"])

    def _consultar_consentimiento(self, pid: str) -> None:
        from pir_campo.servicios import consentimiento

        self.tareas.ejecutar(
            lambda a: consentimiento.tiene(a, pid),
            lambda si: self._conocida(si) if self.persona_id == pid else None,
        )

    def _conocida(self, consintio: bool) -> None:
        self._conocida_consintio = consintio
        self._sensibles_habilitados()

    def _revisar_rut(self, texto: str) -> bool:
        if not texto.strip():
            self.rut.setStyleSheet("")
            self.aviso.clear()
            return True
        falla = rut_mod.problema(texto)
        if falla and len(rut_mod.compactar(texto)) >= 8:
            self.rut.setStyleSheet("border: 2px solid #c00000;")
            self._avisar(f"El campo «RUT» {falla}.")
            return False
        self.rut.setStyleSheet("" if falla else "border: 2px solid #2e7d32;")
        if not falla:
            self._avisar_bien(f"RUT válido: {rut_mod.formatear(texto)}")
            if self.persona_id is None:
                self._nueva_confirmada = False
                self.buscar_parecidas()
        return falla is None

    def _avisar(self, mensaje: str) -> None:
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;")
        self.aviso.setText(mensaje)

    def _avisar_bien(self, mensaje: str) -> None:
        self.aviso.setStyleSheet("color: #2e5e2e;")
        self.aviso.setText(mensaje)

    # ---- datos ---------------------------------------------------------------------------------

    def poner_organizaciones(self, organizaciones: list[dict]) -> None:
        self.organizacion.clear()
        self.organizacion.addItem("", None)
        for o in organizaciones:
            self.organizacion.addItem(o["nombre"], o["id"])

    def poner_asistentes(self, filas: list[dict], conteos: dict) -> None:
        self.modelo.poner_filas(filas)
        self.tabla.resizeColumnsToContents()
        self.tabla.horizontalHeader().setSectionResizeMode(
            COL_NOMBRE, QHeaderView.ResizeMode.Stretch
        )
        self.conteos.setText(texto_conteos(conteos))
        self.cambio_conteo.emit(len(filas))

    def pedir_opcionales(self) -> None:
        from pir_campo.servicios.envios import campos_opcionales

        self.tareas.ejecutar(campos_opcionales, self.aplicar_opcionales)

    def aplicar_opcionales(self, opcionales: dict[str, bool]) -> None:
        """La región decide qué datos opcionales se recogen: los apagados no se muestran."""
        for campo, widget in (
            ("rut", self.rut),
            ("sexo", self.sexo),
            ("tramo_edad", self.tramo),
            ("pueblo_originario", self.pueblo),
            ("afrodescendiente", self.afro),
            ("telefono", self.telefono),
            ("cargo", self.cargo),
        ):
            visible = opcionales.get(campo, True)
            widget.setVisible(visible)
            self._etiquetas[widget].setVisible(visible)
            columna = next((c for c, n in EDITABLES.items() if n == campo), None)
            if columna is not None:
                self.tabla.setColumnHidden(columna, not visible)
        # Sin datos sensibles que recoger, el consentimiento no se pide.
        sensibles = opcionales.get("pueblo_originario", True) or opcionales.get(
            "afrodescendiente", True
        )
        for widget in (self.consentimiento, self.testigo):
            widget.setVisible(sensibles)
            self._etiquetas[widget].setVisible(sensibles)
        self.tabla.setColumnHidden(COL_CONSENTIMIENTO, not sensibles)

    def refrescar(self) -> None:
        tid = self.taller_id
        self.tareas.ejecutar(
            lambda a: (q.asistentes(a.conn, tid), q.conteos_asistencia(a.conn, tid)),
            lambda r: self.poner_asistentes(*r),
        )

    def solo_lectura(self, si: bool) -> None:
        self.ingreso.setEnabled(not si)
        self.modelo.solo_lectura = si

    def agregar_fila(self) -> None:
        if self.modelo.solo_lectura:
            return
        nombre = self.nombre.text().strip()
        if not nombre and self.persona_id is None:
            self._avisar("El campo «Nombre completo» no puede quedar vacío.")
            self.nombre.setFocus()
            return
        if self.rut.text().strip() and rut_mod.problema(self.rut.text()):
            self._avisar(f"El campo «RUT» {rut_mod.problema(self.rut.text())}.")
            self.rut.setStyleSheet("border: 2px solid #c00000;")
            self.rut.setFocus()
            return
        datos = {
            "nombre": nombre,
            "rut": self.rut.text().strip() or None,
            "sexo": self.sexo.currentData(),
            "tramo_edad": self.tramo.currentData(),
            "pueblo_originario": self.pueblo.currentData(),
            "afrodescendiente": self.afro.currentData(),
            "telefono": self.telefono.text().strip() or None,
            "organizacion_id": self.organizacion.currentData(),
            "cargo": self.cargo.text().strip() or None,
            "firmo": self.firmo.isChecked(),
        }
        if self.consentimiento.currentData():
            datos["consentimiento"] = {
                "forma": self.consentimiento.currentData(),
                "testigo": self.testigo.text().strip() or None,
            }
        if self.persona_id is None and not self._nueva_confirmada:
            # Antes de crear a alguien: ¿ya existe con ese RUT o ese nombre en el territorio?
            self.buscar_parecidas(self._agregar_si_es_nueva)
            return
        self._guardar_fila(nombre, datos)

    def _agregar_si_es_nueva(self) -> None:
        mismo_nombre = [p for p in self._parecidas if p["motivo"] == "mismo nombre"]
        if mismo_nombre and not any(p["motivo"] == "mismo RUT" for p in self._parecidas):
            self._nueva_confirmada = True
            self._avisar(
                _aviso_parecida(mismo_nombre[0])
                + " Enter de nuevo la agrega como otra persona con el mismo nombre."
            )
            self.nombre.setFocus()
            return
        self._nueva_confirmada = True
        self.agregar_fila()

    def _guardar_fila(self, nombre: str, datos: dict[str, Any]) -> None:
        if self.persona_id:
            datos = {k: v for k, v in datos.items() if k != "nombre"}
        persona, tid = self.persona_id, self.taller_id
        self.tareas.ejecutar(
            lambda a: srv.agregar_asistente(a, tid, datos, persona),
            lambda _c: self._agregada(nombre),
            lambda e: self._avisar(str(e)),
        )

    def _agregada(self, nombre: str) -> None:
        for campo in (self.nombre, self.rut, self.telefono, self.cargo, self.testigo):
            campo.clear()
        self.rut.setStyleSheet("")
        for combo in (self.sexo, self.tramo, self.pueblo, self.afro, self.consentimiento):
            combo.setCurrentIndex(0)
        self._conocida_consintio = False
        self._sensibles_habilitados()
        self.firmo.setChecked(False)
        self.persona_id = None
        self._olvidar_parecidas()
        self._avisar_bien(f"Se agregó a {nombre}. Escriba el nombre de la siguiente persona.")
        self.nombre.setFocus()
        self.refrescar()

    def _editar(self, asistencia_id: str, campo: str, valor: Any) -> None:
        self.tareas.ejecutar(
            lambda a: srv.actualizar_asistente(a, asistencia_id, {campo: valor}),
            lambda _c: self.refrescar(),
            lambda e: (self._avisar(str(e)), self.refrescar()),
        )

    def _consentir(self, asistencia_id: str) -> None:
        """«Autorizó» marcado en la tabla: consentimiento firmado en la hoja de asistencia (la
        hoja impresa lleva la casilla y la versión del aviso); vale con el taller cerrado."""
        self.tareas.ejecutar(
            lambda a: srv.consentir_asistente(a, asistencia_id),
            lambda _c: (
                self._avisar_bien(
                    "Consentimiento registrado: ya se pueden anotar sus datos sensibles."
                ),
                self.refrescar(),
            ),
            lambda e: (self._avisar(str(e)), self.refrescar()),
        )

    def quitar_seleccionado(self) -> None:
        indice: QModelIndex = self.tabla.currentIndex()
        if not indice.isValid() or self.modelo.solo_lectura:
            return
        fila = self.modelo.filas[indice.row()]
        if not dialogos.confirmar(
            self, "Quitar asistente", f"¿Quitar a {fila['nombre']} de este taller?", "Quitar"
        ):
            return
        self.tareas.ejecutar(
            lambda a: srv.quitar_asistente(a, fila["id"]),
            lambda _c: self.refrescar(),
            lambda e: self._avisar(str(e)),
        )


def _aviso_parecida(p: dict[str, Any]) -> str:
    n = p["dependientes"]
    datos = [formatos.rut_visible(p["rut"]) or "sin RUT"]
    datos.append("1 asistencia" if n == 1 else f"{n} asistencias")
    que = "con ese RUT" if p["motivo"] == "mismo RUT" else "con ese nombre"
    return f"Ya existe una persona {que} en el territorio: {p['nombre']} ({', '.join(datos)})."


def _elegir(combo: QComboBox, dato: Any) -> None:
    combo.setCurrentIndex(max(0, combo.findData(dato)))
