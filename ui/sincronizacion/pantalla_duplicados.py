"""Cola de posibles duplicados (personas, localidades, organizaciones) de todos los notebooks.

Cada pareja se muestra lado a lado: de dónde vino cada registro y cuántos registros cuelgan de
él. Fusionar conserva uno y deja el otro como lápida que redirige; la fusión viaja a todos.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo import catalogos
from pir_campo.servicios import duplicados
from ui import dialogos, formatos, origen
from ui.modelos_tabla import Columna, ModeloFilas
from ui.tareas import Tareas

COLUMNAS = [
    Columna("tipo", "Tipo"),
    Columna("territorio", "Territorio"),
    Columna("nombre_a", "Registro A"),
    Columna("nombre_b", "Registro B"),
    Columna("motivo", "Motivo"),
]
SIN_DUPLICADOS = "No hay posibles duplicados por revisar."
OTRO_TERRITORIO = (
    "Están en territorios distintos y cada notebook recibe solo los suyos: no se fusionan. "
    "Si el RUT está mal escrito en uno, corríjalo en la ficha de esa persona."
)
# Qué cuelga de cada tipo de registro, para decirlo con palabras.
CUELGA = {
    "persona": ("asistencia", "asistencias"),
    "localidad": ("registro (talleres, necesidades u organizaciones)", "registros"),
    "organizacion": ("registro (personas, asistencias o diagnósticos)", "registros"),
}


def _cuelgan(tabla: str, n: int) -> str:
    uno, varios = CUELGA[tabla]
    return f"1 {uno}" if n == 1 else f"{n} {varios.split(' (')[0]}"


def _comunas(cuts: set[str]) -> str:
    comunas = catalogos.cargar().comunas
    nombres = sorted(comunas[c].nombre if c in comunas else c for c in cuts)
    return ", ".join(nombres) or "sin comuna"


def ficha(tabla: str, r: dict[str, Any]) -> list[tuple[str, str]]:
    """Las líneas que se comparan lado a lado."""
    lineas = [("Nombre", r["nombre"])]
    if tabla != "localidad":
        lineas.append(("RUT", formatos.rut_visible(r["rut"]) or "sin RUT"))
    lineas += [
        ("Territorio", r["territorio"]),
        ("Comunas", _comunas(r["comunas"])),
        ("Registrado en", r.get("origen_nombre") or ""),
        ("Último cambio", f"{r.get('cambio_nombre') or ''}, {origen.momento(r.get('cambio_ms'))}"),
        ("Cuelgan de él", _cuelgan(tabla, r["dependientes"])),
    ]
    return lineas


class Lado(QGroupBox):
    """Un registro de la pareja, con un botón para conservarlo."""

    def __init__(self, titulo: str, boton: str, parent: QWidget | None = None):
        super().__init__(titulo, parent)
        self.rejilla = QGridLayout()
        self.rejilla.setColumnStretch(1, 1)
        self.valores: dict[str, QLabel] = {}
        self.boton = QPushButton(boton)
        capa = QVBoxLayout(self)
        capa.addLayout(self.rejilla)
        capa.addStretch(1)
        capa.addWidget(self.boton)

    def poner(self, lineas: list[tuple[str, str]]) -> None:
        for i, (etiqueta, valor) in enumerate(lineas):
            if etiqueta not in self.valores:
                self.rejilla.addWidget(QLabel(f"{etiqueta}:"), i, 0, Qt.AlignmentFlag.AlignTop)
                lbl = QLabel()
                lbl.setWordWrap(True)
                lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.rejilla.addWidget(lbl, i, 1)
                self.valores[etiqueta] = lbl
            self.valores[etiqueta].setText(valor)

    def texto(self) -> str:
        return " | ".join(f"{k}: {v.text()}" for k, v in self.valores.items())


class PantallaDuplicados(QWidget):
    def __init__(self, tareas: Tareas, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas = tareas
        self.setAccessibleName("Posibles duplicados")
        self.titulo = QLabel("<h2>Posibles duplicados</h2>")
        self.explicacion = QLabel(
            "Personas con el mismo RUT (o el mismo nombre y comuna si falta el RUT), y "
            "localidades y organizaciones con el mismo nombre y comuna, de todos los notebooks."
        )
        self.explicacion.setWordWrap(True)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = QTableView()
        self.tabla.setModel(self.modelo)
        self.tabla.setAccessibleName("Lista de posibles duplicados")
        self.tabla.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabla.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.verticalHeader().hide()
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (2, 3):
            cabecera.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.tabla.selectionModel().currentRowChanged.connect(lambda i, _p: self._elegida(i.row()))
        self.lado_a = Lado("Registro A", "Conservar &A (fusionar B en A)")
        self.lado_b = Lado("Registro B", "Conservar &B (fusionar A en B)")
        self.lado_a.boton.clicked.connect(lambda: self.fusionar("a"))
        self.lado_b.boton.clicked.connect(lambda: self.fusionar("b"))
        lados = QHBoxLayout()
        lados.addWidget(self.lado_a, 1)
        lados.addWidget(self.lado_b, 1)
        self.mensaje = QLabel("")
        self.mensaje.setWordWrap(True)
        capa = QVBoxLayout(self)
        capa.addWidget(self.titulo)
        capa.addWidget(self.explicacion)
        capa.addWidget(self.tabla, 1)
        capa.addLayout(lados)
        capa.addWidget(self.mensaje)
        self.setFocusProxy(self.tabla)
        tareas.cambiado.connect(self._al_cambiar)
        self._elegida(-1)
        self.refrescar()

    def _al_cambiar(self, cambio) -> None:
        if cambio.tabla in (*duplicados.TABLAS, "asistencia", "taller"):
            self.refrescar()

    def refrescar(self) -> None:
        self.tareas.ejecutar(duplicados.cola, self._listo)

    def _listo(self, pares: list[dict]) -> None:
        filas = [
            {
                **p,
                "territorio": p["a"]["territorio"]
                if p["a"]["territorio"] == p["b"]["territorio"]
                else f"{p['a']['territorio']} / {p['b']['territorio']}",
                "nombre_a": p["a"]["nombre"],
                "nombre_b": p["b"]["nombre"],
                "motivo": p["motivo"][:1].upper() + p["motivo"][1:],
            }
            for p in pares
        ]
        self.modelo.poner_filas(filas)
        self.titulo.setText(f"<h2>Posibles duplicados: {len(filas)}</h2>")
        if filas:
            self.tabla.selectRow(0)
        self._elegida(0 if filas else -1)

    def _elegida(self, fila: int) -> None:
        par = self.modelo.filas[fila] if 0 <= fila < self.modelo.rowCount() else None
        otro_territorio = par is not None and par["a"]["territorio_id"] != par["b"]["territorio_id"]
        for lado, clave in ((self.lado_a, "a"), (self.lado_b, "b")):
            lado.setEnabled(par is not None)
            lado.boton.setEnabled(par is not None and not otro_territorio)
            if par is not None:
                lado.poner(ficha(par["tabla"], par[clave]))
        if par is None:
            self.mensaje.setText(SIN_DUPLICADOS)
        elif otro_territorio:
            self.mensaje.setText(OTRO_TERRITORIO)
        elif self.mensaje.text() in (SIN_DUPLICADOS, OTRO_TERRITORIO):
            self.mensaje.clear()

    def par_actual(self) -> dict[str, Any] | None:
        fila = self.tabla.currentIndex().row()
        return self.modelo.filas[fila] if 0 <= fila < self.modelo.rowCount() else None

    def fusionar(self, conservar: str) -> None:
        par = self.par_actual()
        if par is None:
            return
        buena, otra = (par["a"], par["b"]) if conservar == "a" else (par["b"], par["a"])
        tabla = par["tabla"]
        if not dialogos.confirmar(
            self,
            "Fusionar registros",
            f"Se conservará «{buena['nombre']}» ({_cuelgan(tabla, buena['dependientes'])}) y "
            f"recibirá lo que cuelga de «{otra['nombre']}» "
            f"({_cuelgan(tabla, otra['dependientes'])}), que quedará redirigido. ¿Fusionar?",
            "Fusionar",
        ):
            return
        self.tareas.ejecutar(
            lambda a: duplicados.fusionar(a, tabla, buena["id"], otra["id"]),
            lambda _c: (
                self.mensaje.setText(f"Fusionado: queda «{buena['nombre']}»."),
                self.refrescar(),
            ),
            lambda e: dialogos.error(self, str(e)),
        )
