"""Paso 3: oferta de inversión existente o comprometida en el territorio."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.modelos.enums import EstadoOferta, Tipologia, UnidadMonto
from pir_campo.planificacion import necesidades
from ui import origen
from ui.planificacion.comun import (
    Aviso,
    Columna,
    ModeloFilas,
    columnas_monto,
    combo_datos,
    monto,
    montos,
    numero_de,
    sin_territorio,
    tabla,
    tipologia_corta,
    titulo,
)
from ui.tareas import Tareas

COLUMNAS = [
    Columna("nombre", "Inversión"),
    Columna("institucion", "Institución"),
    Columna("programa", "Programa"),
    Columna("tipologia", "Tipología", tipologia_corta, ayuda=lambda f: f["tipologia_etiqueta"]),
    *columnas_monto("Monto", "monto"),
    Columna("anio", "Año", str),
    Columna("codigo_bip", "Código BIP"),
    Columna("estado", "Estado", lambda v: EstadoOferta(v).etiqueta),
    Columna("origen_nombre", origen.TITULO, ayuda=origen.ayuda),  # solo visible en la oficina
]
COL_ORIGEN = len(COLUMNAS) - 1


class PantallaOferta(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        cabecera = QHBoxLayout()
        cabecera.addWidget(titulo("Oferta de inversión en el territorio"), 1)
        self.f_origen = origen.FiltroOrigen()
        self.f_origen.cambiado.connect(self.cargar)
        cabecera.addWidget(self.f_origen)
        capa.addLayout(cabecera)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.vista = tabla(self.modelo, "Oferta de inversión", estirar=0)
        self.vista.setColumnHidden(COL_ORIGEN, True)
        capa.addWidget(self.vista, 1)
        self.totales = QLabel("")
        self.totales.setWordWrap(True)
        capa.addWidget(self.totales)
        caja = QGroupBox("Registrar una inversión existente o comprometida")
        rejilla = QGridLayout(caja)
        self.campos: dict[str, Any] = {}
        for n, (clave, nombre, ayuda) in enumerate(
            (
                ("nombre", "Nombre de la inversión", ""),
                ("institucion", "Institución", "MOP DOH"),
                ("programa", "Programa", "APR, Caminos básicos…"),
                ("monto", "Monto", "250.000.000"),
                ("valor_uf", "Valor de la UF", "Solo si es en UF"),
                ("fecha_uf", "Fecha del valor UF", "dd-mm-aaaa"),
                ("anio", "Año", "2026"),
                ("codigo_bip", "Código BIP", "30123456-7"),
            )
        ):
            campo = QLineEdit()
            campo.setAccessibleName(nombre)
            campo.setPlaceholderText(ayuda)
            self.campos[clave] = campo
            rejilla.addWidget(QLabel(nombre), n // 4 * 2, n % 4)
            rejilla.addWidget(campo, n // 4 * 2 + 1, n % 4)
        for n, (clave, nombre, opciones) in enumerate(
            (
                ("tipologia", "Tipología", [(t.etiqueta, t.value) for t in Tipologia]),
                (
                    "unidad_monto",
                    "Unidad",
                    [("(sin monto)", None)] + [(u.etiqueta, u.value) for u in UnidadMonto],
                ),
                ("estado", "Estado", [(e.etiqueta, e.value) for e in EstadoOferta]),
            )
        ):
            combo = QComboBox()
            combo.setAccessibleName(nombre)
            combo_datos(combo, opciones)
            self.campos[clave] = combo
            rejilla.addWidget(QLabel(nombre), 4, n)
            rejilla.addWidget(combo, 5, n)
        self.b_guardar = QPushButton("&Registrar inversión")
        self.b_guardar.clicked.connect(self.guardar)
        rejilla.addWidget(self.b_guardar, 5, 3)
        capa.addWidget(caja)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        self.cargar()

    def cargar(self) -> None:
        tid, creador = self.territorio_id, self.f_origen.creador()

        def trabajo(a) -> dict:
            filas = necesidades.ofertas(a, tid)
            return origen.con_origen(a, "oferta_inversion", tid, filas, creador)

        self.tareas.ejecutar(trabajo, self._cargado, self.aviso.error)

    def _cargado(self, datos: dict[str, Any]) -> None:
        self.f_origen.poner(datos)
        self.vista.setColumnHidden(COL_ORIGEN, not datos["oficina"])
        filas = datos["filas"]
        for f in filas:
            f["monto_texto"] = monto(f, "monto", "unidad_monto")
            f.update(montos(f, "monto", "unidad_monto"))
        self.modelo.poner_filas(filas)
        partes = []
        for tip, por in necesidades.totales_oferta(filas).items():
            texto = formato.miles_de_pesos(por["CLP"]) if por["CLP"] else ""
            if por["UF"]:
                texto += (" más " if texto else "") + formato.uf(por["UF"])
            partes.append(f"{Tipologia(tip).etiqueta}: {texto}")
        if partes:
            texto = "Totales por tipología: " + "; ".join(partes)
        elif filas:
            texto = "Las inversiones registradas aún no tienen monto."
        else:
            texto = "Aún no hay inversiones registradas."
        if self.f_origen.creador() is not None:
            texto += f" (Solo lo creado en «{self.f_origen.combo.currentText()}».)"
        self.totales.setText(texto)

    def datos(self) -> dict[str, Any]:
        c = self.campos
        return {
            "territorio_id": self.territorio_id,
            "nombre": c["nombre"].text(),
            "institucion": c["institucion"].text(),
            "programa": c["programa"].text().strip() or None,
            "tipologia": c["tipologia"].currentData(),
            "monto": numero_de(c["monto"].text()),
            "unidad_monto": c["unidad_monto"].currentData(),
            "valor_uf": numero_de(c["valor_uf"].text()),
            "fecha_uf": c["fecha_uf"].text().strip() or None,
            "anio": numero_de(c["anio"].text()),
            "codigo_bip": c["codigo_bip"].text().strip() or None,
            "estado": c["estado"].currentData(),
        }

    def guardar(self) -> None:
        datos = self.datos()

        def listo(_c: Any) -> None:
            for campo in self.campos.values():
                if isinstance(campo, QLineEdit):
                    campo.clear()
            self.aviso.bien("Inversión registrada.")
            self.cargar()

        self.tareas.ejecutar(
            lambda a: necesidades.guardar_oferta(a, datos), listo, self.aviso.error
        )
