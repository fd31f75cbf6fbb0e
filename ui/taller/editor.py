"""Editor de un taller: todo se guarda mientras se escribe; «Cerrar taller» lo deja de solo lectura.

Pestañas: Datos (Alt+1), Asistencia (Alt+2), Agenda y discusión (Alt+3), Acuerdos (Alt+4) y
Adjuntos (Alt+5). Reabrir pide un motivo, que queda en la bitácora.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pir_campo.modelos.enums import ClaseAdjunto, EstadoTaller
from pir_campo.servicios import talleres as srv
from ui import dialogos, formatos
from ui.adjuntos import PanelAdjuntos
from ui.autoguardado import Autoguardado
from ui.campos import aspecto_solo_lectura, atajo
from ui.documentos import boton_imprimir
from ui.historial import boton_historial
from ui.taller.acuerdos import PanelAcuerdos
from ui.taller.asistencia import PanelAsistencia
from ui.taller.datos import CAMPOS, WIDGETS, PaginaDatos, normal, poner_texto, texto
from ui.tareas import Tareas

TAB_DATOS, TAB_ASISTENCIA, TAB_AGENDA, TAB_ACUERDOS, TAB_ADJUNTOS = range(5)


class EditorTaller(QWidget):
    abrir_registro = Signal(str, str)
    cargado = Signal()

    def __init__(self, tareas: Tareas, taller_id: str, parent=None):
        super().__init__(parent)
        self.tareas = tareas
        self.taller_id = taller_id
        self.taller: dict[str, Any] = {}
        self.asistentes_registrados = 0
        self._enfocar_pendiente = False
        self.autoguardado = Autoguardado(
            tareas,
            lambda a, campo, valor: srv.guardar_campo(a, taller_id, campo, valor),
            parent=self,
        )
        self.autoguardado.rechazado.connect(self._rechazado)
        self.autoguardado.guardado.connect(self._guardado)
        self._armar()
        self.refrescar()

    # ---- armado ----------------------------------------------------------------------------

    def _armar(self) -> None:
        self.titulo_pagina = QLabel("")
        self.titulo_pagina.setTextFormat(Qt.TextFormat.RichText)
        self.titulo_pagina.setWordWrap(True)  # un título largo no deja el editor más ancho
        self.estado = QLabel("")
        self.estado.setAccessibleName("Estado del taller")
        self.boton_cerrar = QPushButton("C&errar taller")
        self.boton_cerrar.setToolTip("Finaliza el taller y lo deja de solo lectura (Ctrl+Shift+C)")
        self.boton_cerrar.clicked.connect(self.cerrar_taller)
        self.boton_reabrir = QPushButton("&Reabrir taller…")
        self.boton_reabrir.setToolTip("Permite corregirlo; se pide el motivo (Ctrl+Shift+R)")
        self.boton_reabrir.clicked.connect(self.reabrir_taller)
        self.boton_imprimir = boton_imprimir(
            self, "Acta del taller y lista de asistencia, también en blanco antes del taller"
        )
        arriba = QHBoxLayout()
        arriba.addWidget(self.titulo_pagina, 1)
        arriba.addWidget(self.estado)
        arriba.addWidget(self.boton_imprimir)
        self.boton_historial = boton_historial(self, lambda: self.taller_id)
        arriba.addWidget(self.boton_historial)
        arriba.addWidget(self.boton_cerrar)
        arriba.addWidget(self.boton_reabrir)
        self.aviso = QLabel("Los cambios se guardan solos mientras escribe.")
        self.aviso.setWordWrap(True)
        self.aviso.setAccessibleName("Aviso del taller")

        self.pestanas = QTabWidget()
        self.datos = PaginaDatos(self.autoguardado)
        for nombre in WIDGETS:
            setattr(self, nombre, getattr(self.datos, nombre))
        self.pestanas.addTab(self.datos, "Datos")
        self.asistencia = PanelAsistencia(self.tareas, self.taller_id, "", self)
        self.asistencia.cambio_conteo.connect(
            lambda n: self.pestanas.setTabText(TAB_ASISTENCIA, f"Asistencia ({n})")
        )
        self.asistencia.cambio_conteo.connect(lambda n: setattr(self, "asistentes_registrados", n))
        self.pestanas.addTab(self.asistencia, "Asistencia")
        self.pestanas.addTab(self._armar_agenda(), "Agenda y discusión")
        self.acuerdos = PanelAcuerdos(self.tareas, self.taller_id, self)
        self.pestanas.addTab(self.acuerdos, "Acuerdos")
        self.adjuntos: PanelAdjuntos | None = None
        self.pestanas.addTab(QWidget(), "Adjuntos")
        for i in range(5):
            self.pestanas.setTabToolTip(i, f"Alt+{i + 1}")
            atajo(
                self,
                f"Alt+{i + 1}",
                lambda _marcado=False, i=i: self.ir_a_pestana(i),
                f"Taller: pestaña «{self.pestanas.tabText(i)}»",
            )
        atajo(self, "Ctrl+Shift+C", self.cerrar_taller, "Taller: cerrar taller")
        atajo(self, "Ctrl+Shift+R", self.reabrir_taller, "Taller: reabrir taller")
        capa = QVBoxLayout(self)
        capa.addLayout(arriba)
        capa.addWidget(self.aviso)
        capa.addWidget(self.pestanas, 1)
        self.setFocusProxy(self.titulo)

    def _armar_agenda(self) -> QWidget:
        pagina = QWidget()
        capa = QVBoxLayout(pagina)
        self.agenda = QPlainTextEdit()
        self.discusion = QPlainTextEdit()
        for titulo, widget, campo in (
            ("A&genda", self.agenda, "agenda"),
            ("&Notas de la discusión", self.discusion, "discusion"),
        ):
            etiqueta = QLabel(titulo)
            etiqueta.setBuddy(widget)
            widget.setAccessibleName(titulo.replace("&", ""))
            widget.setTabChangesFocus(True)
            self.autoguardado.vincular(widget, campo, lambda w=widget: texto(w), widget.textChanged)
            capa.addWidget(etiqueta)
            capa.addWidget(widget, 1)
        return pagina

    # ---- datos ---------------------------------------------------------------------------------

    def refrescar(self) -> None:
        tid = self.taller_id
        self.tareas.ejecutar(lambda a: srv.cargar(a, tid), self._listo)

    def _listo(self, datos: dict[str, Any]) -> None:
        t = self.taller = datos["taller"]
        a = self.autoguardado
        a.cargando = True
        try:
            self.datos.poner(t, datos["localidades"])
            for campo in ("agenda", "discusion"):
                poner_texto(getattr(self, campo), t[campo])
            for campo in (*CAMPOS, "agenda", "discusion"):
                a.recordar(campo, normal(campo, t[campo]))
        finally:
            a.cargando = False
        self.asistencia.territorio_id = t["territorio_id"]
        self.asistencia.poner_organizaciones(datos["organizaciones"])
        self.asistencia.poner_asistentes(datos["asistentes"], datos["conteos"])
        self.asistentes_registrados = len(datos["asistentes"])
        self.acuerdos.poner_acuerdos(datos["acuerdos"])
        if self.adjuntos is None:
            self.adjuntos = PanelAdjuntos(
                self.tareas,
                "taller",
                self.taller_id,
                t["territorio_id"],
                ClaseAdjunto.ASISTENCIA_FIRMADA,
                self,
            )
            self.pestanas.removeTab(TAB_ADJUNTOS)
            self.pestanas.insertTab(TAB_ADJUNTOS, self.adjuntos, "Adjuntos")
            self.pestanas.setTabToolTip(TAB_ADJUNTOS, "Alt+5")
        self._mostrar_estado()
        if self._enfocar_pendiente:
            self.enfocar_inicio()
        self.cargado.emit()

    def enfocar_inicio(self) -> None:
        """Al abrir: el título, ya marcado, para escribir encima del provisional."""
        if not self.taller:
            self._enfocar_pendiente = True
            return
        self._enfocar_pendiente = False
        destino = self.titulo if self.titulo.isEnabled() and not self.titulo.isReadOnly() else None
        (destino or self.pestanas).setFocus()
        if destino is not None:
            self.titulo.selectAll()

    def _mostrar_estado(self) -> None:
        t = self.taller
        cerrado = t["estado"] == EstadoTaller.CERRADO
        self.titulo_pagina.setText(f"<h2>{t['titulo']}</h2>")
        self.estado.setText(
            "<b>Cerrado</b> (solo lectura)" if cerrado else "<b>En curso</b> · borrador"
        )
        self.boton_cerrar.setVisible(not cerrado)
        self.boton_reabrir.setVisible(cerrado)
        self.datos.solo_lectura(cerrado)
        for widget in (self.agenda, self.discusion):
            widget.setReadOnly(cerrado)
            aspecto_solo_lectura(widget, cerrado)
        self.asistencia.solo_lectura(cerrado)
        self.acuerdos.solo_lectura(cerrado)
        if cerrado:
            self._avisar(
                "Taller cerrado: sus datos no se pueden modificar. Para corregirlo use "
                "«Reabrir taller» (Ctrl+Shift+R) e indique el motivo.",
                error=False,
            )
        elif t.get("motivo_reapertura"):
            self._avisar(f"Reabierto. Motivo: {t['motivo_reapertura']}", error=False)

    def _avisar(self, texto: str, error: bool = True) -> None:
        self.aviso.setStyleSheet("color: #a40000; font-weight: bold;" if error else "")
        self.aviso.setText(texto)

    def _rechazado(self, _campo: str, mensaje: str) -> None:
        self._avisar(mensaje)

    def _guardado(self, campo: str) -> None:
        self._avisar("Guardado.", error=False)
        if campo == "titulo":
            self.titulo_pagina.setText(f"<h2>{self.titulo.text()}</h2>")

    # ---- acciones ------------------------------------------------------------------------------

    def registro_para_imprimir(self) -> tuple[str, str] | None:
        # Lo pendiente se guarda antes: el PDF se arma con lo que está en la base.
        self.autoguardado.guardar_pendientes()
        return ("taller", self.taller_id) if self.taller else None

    def descripcion_para_imprimir(self) -> str:
        t = self.taller
        cuando = f" del {formatos.fecha(t['fecha'])}" if t.get("fecha") else ""
        return f"Taller «{self.titulo.text() or t.get('titulo', '')}»{cuando}"

    def documento_preferido(self) -> str:
        """Antes del taller (nadie registrado) lo útil es la lista en blanco para firmar."""
        return "lista-asistencia" if not self.asistentes_registrados else "acta-taller"

    def filas_en_blanco(self) -> int:
        return 10 if self.asistentes_registrados else 30

    def ir_a_pestana(self, indice: int) -> None:
        self.pestanas.setCurrentIndex(indice)
        destino = {
            TAB_DATOS: self.titulo,
            TAB_ASISTENCIA: self.asistencia.nombre,
            TAB_AGENDA: self.agenda,
            TAB_ACUERDOS: self.acuerdos.texto,
        }.get(indice)
        if destino is not None:
            destino.setFocus()

    def cerrar_taller(self) -> None:
        if self.taller.get("estado") != EstadoTaller.BORRADOR:
            return
        self.autoguardado.guardar_pendientes()
        tid = self.taller_id
        self.tareas.ejecutar(lambda a: srv.revision_cierre(a, tid), self._confirmar_cierre)

    def _confirmar_cierre(self, r: dict[str, int]) -> None:
        if r["asistentes"] and not r["firmaron"] and not r["hojas_firmadas"]:
            eleccion = dialogos.elegir(
                self,
                "Cerrar taller",
                f"Nadie figura con «Firmó» entre {formatos.cantidad(r['asistentes'], 'asistente')}"
                " y no hay una hoja de asistencia firmada adjunta. Sin una de las dos, el acta "
                "no tiene respaldo de quiénes asistieron.",
                ["&Adjuntar la hoja firmada…", "Cerrar &igual"],
                omision=0,
            )
            if eleccion == 0:
                self.ir_a_pestana(TAB_ADJUNTOS)
                return
            if eleccion is None:
                return
        elif not dialogos.confirmar(
            self,
            "Cerrar taller",
            "Al cerrar el taller quedará de solo lectura. ¿Cerrar ahora?",
            "Cerrar taller",
            enter_confirma=True,
        ):
            return
        self.ejecutar_cierre()

    def ejecutar_cierre(self) -> None:
        tid = self.taller_id
        self.tareas.ejecutar(
            lambda a: srv.cerrar(a, tid),
            lambda _c: self.refrescar(),
            lambda e: self._avisar(str(e)),
        )

    def reabrir_taller(self) -> None:
        if self.taller.get("estado") != EstadoTaller.CERRADO:
            return
        motivo = dialogos.pedir_motivo(
            self,
            "Reabrir taller",
            "¿Por qué se reabre el taller? El motivo queda registrado.",
            "Reabrir",
        )
        if motivo:
            self.ejecutar_reapertura(motivo)

    def ejecutar_reapertura(self, motivo: str) -> None:
        tid = self.taller_id
        self.tareas.ejecutar(
            lambda a: srv.reabrir(a, tid, motivo),
            lambda _c: self.refrescar(),
            lambda e: self._avisar(str(e)),
        )

    def terminar(self) -> None:
        """Al salir del editor: guardar lo que quede pendiente."""
        self.autoguardado.guardar_pendientes()
