"""PMDT del territorio: versiones, plan, cartera, validación y cambios entre versiones."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.formato import cantidad
from pir_campo.modelos import Pmdt
from pir_campo.modelos.enums import DecisionActa, EstadoPmdt, EtapaProyecto, Tipologia
from pir_campo.planificacion import necesidades, pmdt
from ui.documentos import boton_imprimir
from ui.historial import boton_historial
from ui.planificacion.comun import (
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    columnas_monto,
    id_seleccionado,
    monto,
    montos,
    sin_territorio,
    tabla,
    tipologia_corta,
    titulo,
)
from ui.planificacion.editor_iniciativa import EditorIniciativa
from ui.tareas import Tareas

COLUMNAS = [
    Columna("orden", "Orden", alineacion=DERECHA),
    Columna("nombre", "Iniciativa"),
    Columna(
        "tipologia",
        "Tipología",
        tipologia_corta,
        ayuda=lambda f: Tipologia(f["tipologia"]).etiqueta,
    ),
    Columna("etapa", "Etapa", lambda v: EtapaProyecto(v).etiqueta),
    *columnas_monto("Costo"),
    Columna("institucion_responsable", "Responsable"),
    Columna("fuente_financiamiento", "Financiamiento"),
    Columna(
        "necesidades_cuenta",
        "Necesidades",
        alineacion=DERECHA,
        ayuda=lambda f: f["necesidades_texto"],
    ),
    Columna("codigo_bip", "Código BIP"),
]


def _valor(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "(vacío)"
    if v in EstadoPmdt.__members__.values():
        return EstadoPmdt(v).etiqueta
    if isinstance(v, str) and len(v) == 10 and v[4] == "-":
        return formato.fecha(v)
    return "(vacío)" if v in (None, "") else str(v)


def html_diferencias(dif: pmdt.Diferencias, antes: int, despues: int) -> str:
    """Texto legible de los cambios entre dos versiones (lo que se muestra en «Cambios»)."""
    e = html.escape
    if dif.vacia:
        return f"<p>La versión {despues} no tiene cambios respecto de la versión {antes}.</p>"
    partes = [f"<h3>Cambios de la versión {antes} a la versión {despues}</h3>"]
    if dif.campos:
        partes.append("<p><b>Plan</b></p><ul>")
        partes += [
            f"<li>{e(c)}: «{e(_valor(a))}» → «{e(_valor(b))}»</li>" for c, a, b in dif.campos
        ]
        partes.append("</ul>")
    for rotulo, filas in (
        ("Iniciativas agregadas", dif.agregadas),
        ("Iniciativas quitadas", dif.quitadas),
    ):
        if filas:
            partes.append(f"<p><b>{rotulo}</b></p><ul>")
            partes += [f"<li>{e(f['nombre'])}</li>" for f in filas]
            partes.append("</ul>")
    if dif.modificadas:
        partes.append("<p><b>Iniciativas modificadas</b></p><ul>")
        for nombre, cambios in dif.modificadas:
            detalle = "; ".join(f"{c}: {_valor(a)} → {_valor(b)}" for c, a, b in cambios)
            partes.append(f"<li>{e(nombre)}: {e(detalle)}</li>")
        partes.append("</ul>")
    return "".join(partes)


# Dos filas con el mismo número de versión (creadas por una versión anterior de la aplicación en
# dos notebooks): se resuelve en la cola de duplicados de la oficina.
REPETIDA = "versión repetida: resuélvala en Duplicados"


def _cargar(a: Almacen, territorio_id: str, pmdt_id: str | None) -> dict[str, Any]:
    versiones = pmdt.versiones(a, territorio_id)
    if not versiones:
        return {"versiones": [], "pmdt": None}
    if pmdt_id not in {v["id"] for v in versiones}:
        pmdt_id = versiones[-1]["id"]
    plan = a.obtener(Pmdt, pmdt_id)
    vigentes = [n for n in necesidades.listar(a, territorio_id) if n["etapa"] != "descartada"]
    titulos = {n["id"]: n["titulo"] for n in necesidades.listar(a, territorio_id)}
    cartera = pmdt.cartera(a, pmdt_id)
    for i in cartera:
        i["costo_texto"] = monto(i)
        i.update(montos(i))
        i["necesidades_texto"] = "; ".join(titulos.get(n, "?") for n in i["necesidades"]) or (
            "Iniciativa propia, sin necesidad vinculada"
        )
        i["necesidades_cuenta"] = str(len(i["necesidades"])) if i["necesidades"] else "Propia"
    anterior = plan["version_anterior_id"]
    dif = None
    if anterior:
        version_ant = a.obtener(Pmdt, anterior)["version"]
        dif = html_diferencias(pmdt.diferencias(a, anterior, pmdt_id), version_ant, plan["version"])
    actas = pmdt.actas_aprobatorias(a, plan)
    return {
        "versiones": versiones,
        "pmdt": plan,
        "cartera": cartera,
        "necesidades": vigentes,
        "diferencias": dif,
        "actas": actas,
    }


class PantallaPmdt(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.datos: dict[str, Any] = {"versiones": [], "pmdt": None}
        self.editor: EditorIniciativa | None = None
        self._pedida: str | None = None  # iniciativa elegida desde el mapa, al llegar
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        capa.addWidget(titulo("Plan Marco de Desarrollo Territorial (PMDT)"))
        cabecera = QHBoxLayout()
        self.version = QComboBox()
        self.version.setAccessibleName("Versión del PMDT")
        self.version.setMinimumWidth(330)
        self.version.currentIndexChanged.connect(lambda _i: self.cargar(self.version.currentData()))
        self.estado = QLabel("")
        self.b_crear = QPushButton("&Crear PMDT")
        self.b_version = QPushButton("&Nueva versión")
        self.b_tecnico = QPushButton("Validar &técnicamente")
        self.b_core = QPushButton("Validado por el C&ORE")
        self.b_crear.clicked.connect(self.crear)
        self.b_version.clicked.connect(self.nueva_version)
        self.b_tecnico.clicked.connect(lambda: self.cambiar_estado("validado_tecnicamente"))
        self.b_core.clicked.connect(lambda: self.cambiar_estado("validado_core"))
        cabecera.addWidget(QLabel("Versión:"))
        cabecera.addWidget(self.version)
        cabecera.addWidget(self.estado, 1)
        capa.addLayout(cabecera)
        # Los botones en su propia fila: con la letra más grande, junto a la versión no cabían.
        acciones = QHBoxLayout()
        self.boton_imprimir = boton_imprimir(
            self, "Resumen del PMDT de la versión elegida: plan, cartera y validación"
        )
        self.boton_imprimir.setEnabled(False)
        self.boton_historial = boton_historial(self, self.pmdt_id)
        for b in (
            self.b_crear,
            self.b_version,
            self.b_tecnico,
            self.b_core,
            self.boton_imprimir,
            self.boton_historial,
        ):
            acciones.addWidget(b)
        acciones.addStretch()
        capa.addLayout(acciones)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        self.pestanas = QTabWidget()
        self.pestanas.addTab(self._armar_plan(), "&Plan")
        self.pestanas.addTab(self._armar_cartera(), "C&artera de iniciativas")
        self.validacion = QTextBrowser()
        self.validacion.setAccessibleName("Actas de validación")
        self.pestanas.addTab(self.validacion, "&Validación")
        self.cambios = QTextBrowser()
        self.cambios.setAccessibleName("Cambios respecto de la versión anterior")
        self.pestanas.addTab(self.cambios, "Ca&mbios entre versiones")
        capa.addWidget(self.pestanas, 1)
        tareas.cambiado.connect(self._al_cambiar)
        self.cargar()

    def _al_cambiar(self, cambio: Any) -> None:
        # Cambios hechos en otras secciones (necesidades, actas) se reflejan aquí.
        if cambio.tabla in ("necesidad", "acta_validacion"):
            self.cargar(self.pmdt_id())

    def _armar_plan(self) -> QWidget:
        hoja = QWidget()
        forma = QFormLayout(hoja)
        self.vision = QPlainTextEdit()
        self.diagnostico = QPlainTextEdit()
        self.ejes = QPlainTextEdit()
        self.modelo_gestion = QPlainTextEdit()
        for campo, nombre in (
            (self.vision, "Visión"),
            (self.diagnostico, "Resumen del diagnóstico"),
            (self.ejes, "Ejes productivos (uno por línea)"),
            (self.modelo_gestion, "Modelo de gestión"),
        ):
            campo.setAccessibleName(nombre)
            campo.setTabChangesFocus(True)
            forma.addRow(nombre, campo)
        self.b_guardar_plan = QPushButton("&Guardar plan")
        self.b_guardar_plan.clicked.connect(self.guardar_plan)
        forma.addRow("", self.b_guardar_plan)
        return hoja

    def _armar_cartera(self) -> QWidget:
        hoja = QWidget()
        capa = QVBoxLayout(hoja)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.vista = tabla(self.modelo, "Cartera de iniciativas", estirar=1)
        self.vista.doubleClicked.connect(lambda _i: self.editar_iniciativa())
        capa.addWidget(self.vista, 1)
        self.total = QLabel("")
        capa.addWidget(self.total)
        botones = QHBoxLayout()
        self.b_agregar = QPushButton("Agregar &iniciativa…")
        self.b_editar = QPushButton("&Editar…")
        self.b_quitar = QPushButton("&Quitar")
        self.b_subir = QPushButton("&Subir")
        self.b_bajar = QPushButton("&Bajar")
        self.b_agregar.clicked.connect(self.agregar_iniciativa)
        self.b_editar.clicked.connect(self.editar_iniciativa)
        self.b_quitar.clicked.connect(self.quitar_iniciativa)
        self.b_subir.clicked.connect(lambda: self.mover(-1))
        self.b_bajar.clicked.connect(lambda: self.mover(1))
        for b in (self.b_agregar, self.b_editar, self.b_quitar, self.b_subir, self.b_bajar):
            botones.addWidget(b)
        botones.addStretch()
        capa.addLayout(botones)
        return hoja

    # ---- carga -------------------------------------------------------------------------

    def cargar(self, pmdt_id: str | None = None) -> None:
        tid = self.territorio_id
        self.tareas.ejecutar(lambda a: _cargar(a, tid, pmdt_id), self._cargado, self.aviso.error)

    def pmdt_id(self) -> str | None:
        return self.datos["pmdt"]["id"] if self.datos.get("pmdt") else None

    def abrir_por_id(self, iniciativa_id: str) -> None:
        """Desde el mapa: muestra la versión del PMDT de esa iniciativa con ella elegida."""
        self._pedida = iniciativa_id

        def version(a: Almacen) -> str | None:
            from pir_campo.modelos import Iniciativa

            return a.obtener(Iniciativa, iniciativa_id)["pmdt_id"]

        self.tareas.ejecutar(version, self.cargar, self.aviso.error)

    def registro_para_imprimir(self) -> tuple[str, str] | None:
        pid = self.pmdt_id()
        return ("pmdt", pid) if pid else None

    def descripcion_para_imprimir(self) -> str:
        return f"PMDT · {self.version.currentText()}"

    def _cargado(self, datos: dict[str, Any]) -> None:
        self.datos = datos
        plan = datos["pmdt"]
        self.version.blockSignals(True)
        self.version.clear()
        numeros = [v["version"] for v in datos["versiones"]]
        for v in datos["versiones"]:
            repetida = " · " + REPETIDA if numeros.count(v["version"]) > 1 else ""
            self.version.addItem(
                f"Versión {v['version']} · {formato.fecha(v['fecha'])} · {v['estado_etiqueta']}"
                + repetida,
                v["id"],
            )
        self.version.setCurrentIndex(self.version.findData(plan["id"]) if plan else -1)
        self.version.blockSignals(False)
        hay = plan is not None
        borrador = hay and plan["estado"] == EstadoPmdt.BORRADOR
        ultima = hay and plan["version"] == datos["versiones"][-1]["version"]
        self.b_crear.setVisible(not hay)
        self.boton_imprimir.setEnabled(hay)
        self.b_version.setEnabled(bool(ultima))
        self.b_tecnico.setEnabled(bool(borrador))
        self.b_core.setEnabled(hay and plan["estado"] == EstadoPmdt.VALIDADO_TECNICAMENTE)
        for w in (self.vision, self.diagnostico, self.ejes, self.modelo_gestion):
            w.setReadOnly(not borrador)
        for b in (
            self.b_guardar_plan,
            self.b_agregar,
            self.b_editar,
            self.b_quitar,
            self.b_subir,
            self.b_bajar,
        ):
            b.setEnabled(bool(borrador))
        if not hay:
            self.estado.setText("Este territorio aún no tiene PMDT.")
            self.modelo.poner_filas([])
            return
        etiqueta = EstadoPmdt(plan["estado"]).etiqueta
        self.estado.setText(
            f"<b>{etiqueta}</b>"
            + ("" if borrador else " · solo lectura: para cambiarlo, cree una nueva versión")
            + (f" · <b>{REPETIDA}</b>" if numeros.count(plan["version"]) > 1 else "")
        )
        self.vision.setPlainText(plan["vision"] or "")
        self.diagnostico.setPlainText(plan["diagnostico"] or "")
        self.ejes.setPlainText("\n".join(plan["ejes_productivos"]))
        self.modelo_gestion.setPlainText(plan["modelo_gestion"] or "")
        self.modelo.poner_filas(datos["cartera"])
        pedida = self._pedida
        if pedida:
            fila = next((i for i, f in enumerate(datos["cartera"]) if f["id"] == pedida), -1)
            if fila >= 0:
                self._pedida = None
                self.vista.selectRow(fila)
        pesos = sum(i["costo"] or 0 for i in datos["cartera"] if i["unidad_costo"] == "CLP")
        uf = sum(i["costo"] or 0 for i in datos["cartera"] if i["unidad_costo"] == "UF")
        self.total.setText(
            f"{cantidad(len(datos['cartera']), 'iniciativa')} · "
            f"costo en pesos: {formato.miles_de_pesos(pesos)}"
            # Pesos y UF no se suman: la UF se guarda con su valor y fecha, nunca se convierte.
            + (f" · costo en UF: {formato.uf(uf)}" if uf else "")
        )
        actas = datos["actas"]
        self.validacion.setHtml(
            "".join(
                f"<p>Acta del {formato.fecha(a['fecha'])}: "
                f"<b>{DecisionActa(a['decision']).etiqueta}</b> ({a['votos_favor']} a favor, "
                f"{a['votos_contra']} en contra, "
                f"{a['abstenciones']} abstenciones), firmada.</p>"
                for a in actas
            )
            or "<p>Esta versión no tiene un acta de validación firmada que la apruebe.</p>"
        )
        self.cambios.setHtml(datos["diferencias"] or "<p>Es la primera versión del plan.</p>")

    # ---- acciones ------------------------------------------------------------------------

    def _hacer(self, trabajo, mensaje: str, pmdt_id: str | None = None) -> None:
        self.aviso.limpiar()

        def listo(resultado: Any) -> None:
            self.aviso.bien(mensaje)
            nuevo = pmdt_id
            if nuevo is None and getattr(resultado, "creado", False):
                nuevo = resultado.ids[0]
            self.cargar(nuevo or self.pmdt_id())

        self.tareas.ejecutar(trabajo, listo, self.aviso.error)

    def crear(self) -> None:
        tid, hoy = self.territorio_id, dt.date.today().isoformat()
        self._hacer(lambda a: pmdt.crear(a, tid, {"fecha": hoy}), "PMDT creado (versión 1).")

    def nueva_version(self) -> None:
        pid, hoy = self.pmdt_id(), dt.date.today().isoformat()
        self._hacer(
            lambda a: pmdt.nueva_version(a, pid, hoy),
            "Nueva versión creada como borrador, con la cartera de la anterior. Las versiones "
            "anteriores se conservan.",
        )

    def cambiar_estado(self, estado: str) -> None:
        pid = self.pmdt_id()
        self._hacer(
            lambda a: pmdt.cambiar_estado(a, pid, estado),
            f"Estado del PMDT: {EstadoPmdt(estado).etiqueta}.",
            pid,
        )

    def guardar_plan(self) -> None:
        pid = self.pmdt_id()
        cambios = {
            "vision": self.vision.toPlainText().strip() or None,
            "diagnostico": self.diagnostico.toPlainText().strip() or None,
            "ejes_productivos": [
                e.strip() for e in self.ejes.toPlainText().splitlines() if e.strip()
            ],
            "modelo_gestion": self.modelo_gestion.toPlainText().strip() or None,
        }
        self._hacer(lambda a: pmdt.editar(a, pid, cambios), "Plan guardado.", pid)

    def _editor(self, fila: dict | None) -> None:
        orden = max((i["orden"] for i in self.datos.get("cartera", [])), default=0) + 1
        self.editor = EditorIniciativa(
            self.tareas, self.pmdt_id(), self.datos["necesidades"], fila, orden, self
        )
        pid = self.pmdt_id()
        self.editor.guardada.connect(
            lambda _c: (self.aviso.bien("Iniciativa guardada."), self.cargar(pid))
        )
        self.editor.open()

    def agregar_iniciativa(self) -> None:
        self._editor(None)

    def _seleccionada(self) -> dict | None:
        id_ = id_seleccionado(self.vista)
        fila = next((i for i in self.datos.get("cartera", []) if i["id"] == id_), None)
        if fila is None:
            self.aviso.error("Elija una iniciativa de la cartera.")
        return fila

    def editar_iniciativa(self) -> None:
        if (fila := self._seleccionada()) is not None:
            self._editor(fila)

    def quitar_iniciativa(self) -> None:
        if (fila := self._seleccionada()) is not None:
            self._hacer(
                lambda a: pmdt.quitar_iniciativa(a, fila["id"]),
                f"Se quitó «{fila['nombre']}» de la cartera.",
                self.pmdt_id(),
            )

    def mover(self, paso: int) -> None:
        if (fila := self._seleccionada()) is None:
            return
        ids = [i["id"] for i in self.datos["cartera"]]
        i = ids.index(fila["id"])
        j = i + paso
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        pid = self.pmdt_id()
        self._hacer(lambda a: pmdt.reordenar(a, pid, ids), "Orden de la cartera actualizado.", pid)
        self.vista.selectRow(j)
