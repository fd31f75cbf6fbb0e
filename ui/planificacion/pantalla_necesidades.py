"""Necesidades de infraestructura de un territorio: lista filtrable y editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.formato import cantidad
from pir_campo.modelos import Localidad, Necesidad
from pir_campo.modelos.enums import EtapaProyecto, Tipologia
from pir_campo.planificacion import necesidades
from ui import origen
from ui.planificacion.comun import (
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    columna_rate,
    columnas_monto,
    combo_datos,
    id_seleccionado,
    monto,
    montos,
    pedir_texto,
    sin_territorio,
    tabla,
    tipologia_corta,
    titulo,
)
from ui.planificacion.editor_necesidad import EditorNecesidad
from ui.tareas import Tareas

COLUMNAS = [
    Columna("prioridad", "Prioridad", alineacion=DERECHA),
    Columna("titulo", "Necesidad"),
    Columna("tipologia", "Tipología", tipologia_corta, ayuda=lambda f: f["tipologia_etiqueta"]),
    Columna("localidad", "Localidad"),
    Columna("etapa_etiqueta", "Etapa"),
    Columna("hogares", "Hogares", alineacion=DERECHA),
    *columnas_monto("Costo estimado"),
    Columna("codigo_bip", "Código BIP"),
    columna_rate(),
    Columna("financia_programa", "Programa", lambda v: "PIRDT" if v else "Otro programa"),
    Columna("fecha_taller", "Taller de origen", formato.fecha, ayuda=lambda f: f["taller_texto"]),
    Columna("origen_nombre", origen.TITULO, ayuda=origen.ayuda),  # solo visible en la oficina
]
COL_ORIGEN = len(COLUMNAS) - 1


def _cargar(
    a: Almacen,
    territorio_id: str,
    tipologia: str | None,
    etapa: str | None,
    creador: str | None = None,
) -> dict:
    filas = necesidades.listar(a, territorio_id, tipologia, etapa)
    for f in filas:
        f["costo_texto"] = monto(f)
        f.update(montos(f))
        f["taller_texto"] = (
            f"{f['taller']} ({formato.fecha(f['fecha_taller'])})" if f["taller"] else ""
        )
    localidades = [
        (loc["nombre"], loc["id"])
        for loc in a.listar(Localidad, orden="nombre", territorio_id=territorio_id)
    ]
    talleres = [
        (f"{formato.fecha(t['fecha'])} · {t['titulo']}", t["id"])
        for t in q.talleres(a, territorio_id)
    ]
    datos = origen.con_origen(a, Necesidad.tabla, territorio_id, filas, creador)
    return {**datos, "opciones": {"localidades": localidades, "talleres": talleres}}


class PantallaNecesidades(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        self.editor: EditorNecesidad | None = None
        self._pedida: str | None = None  # necesidad que se abrirá al llegar la lista
        self.opciones: dict[str, list] = {"localidades": [], "talleres": []}
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        capa.addWidget(titulo("Necesidades de infraestructura"))
        filtros = QHBoxLayout()
        self.f_tipologia = QComboBox()
        self.f_tipologia.setAccessibleName("Filtrar por tipología")
        combo_datos(
            self.f_tipologia,
            [("Todas las tipologías", None)] + [(t.etiqueta, t.value) for t in Tipologia],
        )
        self.f_etapa = QComboBox()
        self.f_etapa.setAccessibleName("Filtrar por etapa")
        combo_datos(
            self.f_etapa,
            [("Todas las etapas", None)] + [(e.etiqueta, e.value) for e in EtapaProyecto],
        )
        for w in (self.f_tipologia, self.f_etapa):
            w.currentIndexChanged.connect(self.cargar)
        self.f_origen = origen.FiltroOrigen()
        self.f_origen.cambiado.connect(self.cargar)
        self.cuenta = QLabel("")
        filtros.addWidget(QLabel("Tipología:"))
        filtros.addWidget(self.f_tipologia)
        filtros.addWidget(QLabel("Etapa:"))
        filtros.addWidget(self.f_etapa)
        filtros.addWidget(self.f_origen)
        # La cuenta se parte en líneas antes de ensanchar la fila (letra más grande, oficina).
        self.cuenta.setWordWrap(True)
        self.cuenta.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        filtros.addWidget(self.cuenta, 1)
        capa.addLayout(filtros)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.vista = tabla(self.modelo, "Necesidades del territorio", estirar=1)
        self.vista.horizontalHeader().setMinimumSectionSize(60)
        self.vista.setColumnHidden(COL_ORIGEN, True)
        self.vista.doubleClicked.connect(lambda _i: self.editar())
        capa.addWidget(self.vista, 1)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        botones = QHBoxLayout()
        self.b_nueva = QPushButton("&Nueva necesidad…")
        self.b_editar = QPushButton("&Editar…")
        self.b_descartar = QPushButton("&Descartar…")
        self.b_nueva.clicked.connect(self.nueva)
        self.b_editar.clicked.connect(self.editar)
        self.b_descartar.clicked.connect(self.descartar)
        for b in (self.b_nueva, self.b_editar, self.b_descartar):
            botones.addWidget(b)
        botones.addStretch()
        capa.addLayout(botones)
        tareas.cambiado.connect(self._al_cambiar)
        self.cargar()

    def _al_cambiar(self, cambio: Any) -> None:
        if cambio.tabla in (Necesidad.tabla, "voto_priorizacion", Localidad.tabla, "taller"):
            self.cargar()

    def cargar(self) -> None:
        tid, tip, etapa, creador = (
            self.territorio_id,
            self.f_tipologia.currentData(),
            self.f_etapa.currentData(),
            self.f_origen.creador(),
        )
        self.tareas.ejecutar(
            lambda a: _cargar(a, tid, tip, etapa, creador), self._cargado, self.aviso.error
        )

    def abrir_por_id(self, necesidad_id: str) -> None:
        """La elige en la lista y abre su editor (desde el mapa); si la lista aún no llega,
        lo hace al llegar."""
        fila = self.modelo.fila_de(necesidad_id)
        if fila < 0:
            self._pedida = necesidad_id
            return
        self.vista.selectRow(fila)
        self.editar()

    def _cargado(self, datos: dict) -> None:
        seleccion = self._pedida or id_seleccionado(self.vista)
        self.f_origen.poner(datos)
        self.vista.setColumnHidden(COL_ORIGEN, not datos["oficina"])
        self.modelo.poner_filas(datos["filas"])
        self.opciones = datos["opciones"]
        self.cuenta.setText(cantidad(len(datos["filas"]), "necesidad"))
        if seleccion and (fila := self.modelo.fila_de(seleccion)) >= 0:
            self.vista.selectRow(fila)
            if self._pedida == seleccion:
                self._pedida = None
                self.editar()

    def _abrir(self, fila: dict | None) -> None:
        self.editor = EditorNecesidad(self.tareas, self.territorio_id, self.opciones, fila, self)
        self.editor.guardada.connect(lambda _c: self.aviso.bien("Necesidad guardada."))
        self.editor.open()

    def nueva(self) -> None:
        self._abrir(None)

    def editar(self) -> None:
        id_ = id_seleccionado(self.vista)
        if id_ is None:
            self.aviso.error("Elija una necesidad de la lista para editarla.")
            return
        self.tareas.ejecutar(
            lambda a: {**a.obtener(Necesidad, id_), "id": id_}, self._abrir, self.aviso.error
        )

    def descartar(self, motivo: str | None = None) -> None:
        id_ = id_seleccionado(self.vista)
        if id_ is None:
            self.aviso.error("Elija una necesidad de la lista para descartarla.")
            return
        if motivo is None:
            motivo = pedir_texto(
                self, "Descartar necesidad", "Motivo del descarte (queda en la bitácora):"
            )
            if motivo is None:
                return
        self.tareas.ejecutar(
            lambda a: necesidades.descartar(a, id_, motivo),
            lambda _c: self.aviso.bien("Necesidad descartada."),
            self.aviso.error,
        )
