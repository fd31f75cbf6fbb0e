"""Capacidad de gestión local: nivel de cada organización operadora, su evolución y su plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.modelos.enums import EstadoAccion, NivelCapacidad
from pir_campo.planificacion import capacidad_servicio as cs
from ui.documentos import boton_imprimir
from ui.historial import boton_historial
from ui.planificacion.comun import (
    COLORES_NIVEL,
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    combo_datos,
    id_seleccionado,
    sin_territorio,
    tabla,
    titulo,
)
from ui.planificacion.dialogo_diagnostico import DialogoDiagnostico
from ui.tareas import Tareas

COLUMNAS = [
    Columna("organizacion", "Organización"),
    Columna("tipo", "Tipo"),
    Columna("fecha", "Último diagnóstico", formato.fecha),
    Columna(
        "puntaje",
        "Puntaje",
        lambda v: "" if v is None else formato.numero(v, 1),
        alineacion=DERECHA,
    ),
    Columna(
        "nivel",
        "Nivel",
        lambda v: NivelCapacidad(v).etiqueta if v else "Sin diagnóstico",
        fondo=lambda f: COLORES_NIVEL.get(f["nivel"] or ""),
    ),
    Columna("tendencia", "Evolución"),
    Columna("acciones_pendientes", "Acciones abiertas", alineacion=DERECHA),
]
COLUMNAS_PLAN = [
    Columna("accion", "Acción"),
    Columna("responsable", "Responsable"),
    Columna("fecha_limite", "Fecha límite", formato.fecha),
    Columna("estado", "Estado", lambda v: EstadoAccion(v).etiqueta),
]


def _detalle(a: Almacen, organizacion_id: str) -> dict[str, Any]:
    evolucion = cs.evolucion(a, organizacion_id)
    ultimo = cs.detalle(a, evolucion[-1]["id"]) if evolucion else None
    return {"evolucion": evolucion, "ultimo": ultimo}


class PantallaCapacidad(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.dialogo: DialogoDiagnostico | None = None
        self.detalle: dict[str, Any] = {}
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        capa.addWidget(titulo("Capacidad de gestión local de las organizaciones operadoras"))
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.vista = tabla(self.modelo, "Organizaciones y su nivel de capacidad", estirar=0)
        self.vista.selectionModel().selectionChanged.connect(lambda *_: self.cargar_detalle())
        capa.addWidget(self.vista, 2)
        botones = QHBoxLayout()
        self.b_diagnostico = QPushButton("&Nuevo diagnóstico…")
        self.b_diagnostico.clicked.connect(self.nuevo_diagnostico)
        botones.addWidget(self.b_diagnostico)
        self.boton_imprimir = boton_imprimir(
            self, "Reporte del último diagnóstico de la organización elegida, con su plan"
        )
        self.boton_imprimir.setEnabled(False)
        botones.addWidget(self.boton_imprimir)
        self.boton_historial = boton_historial(
            self, lambda: (self.detalle.get("ultimo") or {}).get("id")
        )
        botones.addWidget(self.boton_historial)
        botones.addStretch()
        capa.addLayout(botones)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        abajo = QHBoxLayout()
        caja_hist = QGroupBox("Último diagnóstico y evolución")
        self.historia = QTextBrowser()
        self.historia.setAccessibleName("Último diagnóstico y evolución")
        QVBoxLayout(caja_hist).addWidget(self.historia)
        abajo.addWidget(caja_hist, 2)
        caja_plan = QGroupBox("Plan de fortalecimiento (último diagnóstico)")
        capa_plan = QVBoxLayout(caja_plan)
        self.modelo_plan = ModeloFilas(COLUMNAS_PLAN, self)
        self.vista_plan = tabla(self.modelo_plan, "Plan de fortalecimiento", estirar=0)
        capa_plan.addWidget(self.vista_plan)
        fila = QHBoxLayout()
        self.accion = QLineEdit()
        self.accion.setAccessibleName("Nueva acción")
        self.accion.setPlaceholderText("Nueva acción")
        self.responsable = QLineEdit()
        self.responsable.setAccessibleName("Responsable")
        self.responsable.setPlaceholderText("Responsable")
        self.plazo = QLineEdit()
        self.plazo.setAccessibleName("Fecha límite")
        self.plazo.setPlaceholderText("dd-mm-aaaa")
        self.plazo.setMaximumWidth(100)
        self.b_accion = QPushButton("&Agregar")
        self.b_accion.clicked.connect(self.agregar_accion)
        for w in (self.accion, self.responsable, self.plazo, self.b_accion):
            fila.addWidget(w)
        capa_plan.addLayout(fila)
        fila2 = QHBoxLayout()
        self.estado_accion = QComboBox()
        self.estado_accion.setAccessibleName("Estado de la acción")
        combo_datos(self.estado_accion, [(e.etiqueta, e.value) for e in EstadoAccion])
        self.b_estado = QPushButton("Cambiar &estado")
        self.b_estado.clicked.connect(self.cambiar_estado)
        fila2.addStretch()
        fila2.addWidget(self.estado_accion)
        fila2.addWidget(self.b_estado)
        capa_plan.addLayout(fila2)
        abajo.addWidget(caja_plan, 3)
        capa.addLayout(abajo, 3)
        tareas.cambiado.connect(self._al_cambiar)
        self.cargar()

    def _al_cambiar(self, cambio: Any) -> None:
        if cambio.tabla == "organizacion":
            self.cargar()

    def cargar(self) -> None:
        tid = self.territorio_id
        self.tareas.ejecutar(
            lambda a: cs.niveles_territorio(a, tid), self._cargado, self.aviso.error
        )

    def organizacion_id(self) -> str | None:
        return id_seleccionado(self.vista)

    def _cargado(self, filas: list[dict[str, Any]]) -> None:
        actual = self.organizacion_id()
        for f in filas:
            f["id"] = f["organizacion_id"]
        self.modelo.poner_filas(filas)
        fila = self.modelo.fila_de(actual) if actual else -1
        if fila < 0:
            fila = next((i for i, f in enumerate(filas) if f["nivel"]), 0 if filas else -1)
        if fila >= 0:
            self.vista.selectRow(fila)

    def cargar_detalle(self) -> None:
        org = self.organizacion_id()
        if org is None:
            return
        self.tareas.ejecutar(lambda a: _detalle(a, org), self._detalle_listo, self.aviso.error)

    def registro_para_imprimir(self) -> tuple[str, str] | None:
        ultimo = self.detalle.get("ultimo")
        return ("diagnostico", ultimo["id"]) if ultimo else None

    def descripcion_para_imprimir(self) -> str | None:
        org = self.organizacion_id()
        ultimo = self.detalle.get("ultimo")
        if org is None or not ultimo:
            return None
        nombre = self.modelo.filas[self.modelo.fila_de(org)]["organizacion"]
        return f"Diagnóstico de {nombre} del {formato.fecha(ultimo['fecha'])}"

    def _detalle_listo(self, datos: dict[str, Any]) -> None:
        self.detalle = datos
        ultimo = datos["ultimo"]
        self.boton_imprimir.setEnabled(ultimo is not None)
        if ultimo is None:
            self.historia.setHtml("<p>Esta organización aún no tiene diagnóstico.</p>")
            self.modelo_plan.poner_filas([])
            return
        partes = [
            f"<p><b>{formato.fecha(ultimo['fecha'])}</b>: puntaje "
            f"{formato.numero(ultimo['puntaje'], 1)}, nivel "
            f"<b>{NivelCapacidad(ultimo['nivel']).etiqueta.lower()}</b> (instrumento versión "
            f"{ultimo['version_instrumento']})</p><ul>"
        ]
        partes += [f"<li>{s}: {formato.numero(p, 1)}</li>" for s, p in ultimo["secciones"]]
        partes.append("</ul><p><b>Evolución</b></p><ul>")
        partes += [
            f"<li>{formato.fecha(e['fecha'])}: {formato.numero(e['puntaje'], 1)} · "
            f"{e['tendencia']}</li>"
            for e in datos["evolucion"]
        ]
        partes.append("</ul>")
        self.historia.setHtml("".join(partes))
        self.modelo_plan.poner_filas(ultimo["plan"])

    def nuevo_diagnostico(self) -> None:
        org = self.organizacion_id()
        if org is None:
            self.aviso.error("Elija una organización de la lista.")
            return
        nombre = self.modelo.filas[self.modelo.fila_de(org)]["organizacion"]

        def abrir(instrumento) -> None:
            # La versión vigente en esta instalación (la oficina puede haber enviado otra).
            self.dialogo = DialogoDiagnostico(self.tareas, org, nombre, self, instrumento)
            self.dialogo.guardado.connect(
                lambda _c: (self.aviso.bien("Diagnóstico guardado."), self.cargar())
            )
            self.dialogo.open()

        from pir_campo.servicios.envios import instrumento_vigente

        self.tareas.ejecutar(instrumento_vigente, abrir, self.aviso.error)

    def agregar_accion(self) -> None:
        ultimo = self.detalle.get("ultimo")
        if not ultimo:
            self.aviso.error("La organización necesita un diagnóstico antes de su plan.")
            return
        datos = {
            "accion": self.accion.text(),
            "responsable": self.responsable.text() or None,
            "fecha_limite": self.plazo.text().strip() or None,
        }
        did = ultimo["id"]

        def listo(_c: Any) -> None:
            self.accion.clear()
            self.plazo.clear()
            self.aviso.bien("Acción agregada al plan.")
            self.cargar()
            self.cargar_detalle()

        self.tareas.ejecutar(lambda a: cs.guardar_accion(a, did, datos), listo, self.aviso.error)

    def cambiar_estado(self) -> None:
        id_ = id_seleccionado(self.vista_plan)
        ultimo = self.detalle.get("ultimo")
        if id_ is None or not ultimo:
            self.aviso.error("Elija una acción del plan.")
            return
        fila = next(a for a in ultimo["plan"] if a["id"] == id_)
        datos = {
            **{k: fila[k] for k in ("accion", "responsable", "fecha_limite")},
            "estado": self.estado_accion.currentData(),
        }
        did = ultimo["id"]
        self.tareas.ejecutar(
            lambda a: cs.guardar_accion(a, did, datos, id_),
            lambda _c: (self.cargar(), self.cargar_detalle()),
            self.aviso.error,
        )
