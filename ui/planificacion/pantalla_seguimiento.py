"""Paso 8: seguimiento de un territorio (ocho pasos, necesidades, cartera, acuerdos vencidos)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from pir_campo import formato
from pir_campo.modelos.enums import EtapaProyecto, Tipologia
from pir_campo.planificacion import seguimiento
from ui.planificacion.comun import (
    COLORES_ESTADO,
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    sin_territorio,
    tabla,
    titulo,
)
from ui.tareas import Tareas

COLUMNAS_PASOS = [
    Columna("numero", "Paso", str, DERECHA),
    Columna("etiqueta", "Paso crítico"),
    Columna("estado", "Estado", fondo=lambda f: COLORES_ESTADO.get(f["estado"])),
    Columna("detalle", "Detalle"),
    Columna("talleres", "Talleres", alineacion=DERECHA),
]
COLUMNAS_ACUERDOS = [
    Columna("fecha_compromiso", "Comprometido para", formato.fecha),
    Columna("dias_atraso", "Días de atraso", alineacion=DERECHA),
    Columna("texto", "Acuerdo"),
    Columna("responsable", "Responsable"),
    Columna("taller", "Taller"),
]
# Etapas en columnas abreviadas, para que la matriz quepa en 1366x768.
ETAPAS_CORTAS = {
    "idea": "Idea",
    "perfil": "Perfil",
    "prefactibilidad": "Prefact.",
    "factibilidad": "Fact.",
    "diseno": "Diseño",
    "ejecucion": "Ejec.",
    "operacion": "Oper.",
    "descartada": "Desc.",
}


def columnas_matriz() -> list[Columna]:
    return (
        [Columna("tipologia", "Tipología")]
        + [Columna(e.value, ETAPAS_CORTAS[e.value], alineacion=DERECHA) for e in EtapaProyecto]
        + [Columna("total", "Total", alineacion=DERECHA)]
    )


def filas_matriz(matriz: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    filas = []
    for tip, por_etapa in matriz.items():
        total = sum(por_etapa.values())
        if total:
            filas.append(
                {"id": tip, "tipologia": Tipologia(tip).etiqueta, **por_etapa, "total": total}
            )
    return filas


class PantallaSeguimiento(QWidget):
    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        capa = QVBoxLayout(self)
        if territorio_id is None:
            capa.addWidget(sin_territorio())
            return
        self.encabezado = titulo("Seguimiento del territorio")
        capa.addWidget(self.encabezado)
        self.modelo_pasos = ModeloFilas(COLUMNAS_PASOS, self)
        self.vista_pasos = tabla(self.modelo_pasos, "Los ocho pasos del programa", estirar=3)
        self.vista_pasos.setFixedHeight(8 * 24 + 30)
        self.vista_pasos.horizontalHeader().setMaximumSectionSize(420)
        capa.addWidget(self.vista_pasos)
        medio = QHBoxLayout()
        caja_nec = QGroupBox("Necesidades por tipología y etapa")
        self.modelo_matriz = ModeloFilas(columnas_matriz(), self)
        self.vista_matriz = tabla(
            self.modelo_matriz, "Necesidades por tipología y etapa", estirar=0
        )
        QVBoxLayout(caja_nec).addWidget(self.vista_matriz)
        medio.addWidget(caja_nec, 3)
        caja_cartera = QGroupBox("Avance de la cartera")
        capa_cartera = QVBoxLayout(caja_cartera)
        self.barra = QProgressBar()
        self.barra.setAccessibleName("Iniciativas en ejecución u operación")
        self.barra.setFormat("%p % en ejecución u operación")
        self.texto_cartera = QLabel("")
        self.texto_cartera.setWordWrap(True)
        self.texto_cartera.setAlignment(Qt.AlignmentFlag.AlignTop)
        capa_cartera.addWidget(self.barra)
        capa_cartera.addWidget(self.texto_cartera, 1)
        medio.addWidget(caja_cartera, 2)
        capa.addLayout(medio, 2)
        caja_acu = QGroupBox("Acuerdos vencidos")
        self.caja_acu = caja_acu
        self.modelo_acuerdos = ModeloFilas(COLUMNAS_ACUERDOS, self)
        self.vista_acuerdos = tabla(self.modelo_acuerdos, "Acuerdos vencidos", estirar=2)
        QVBoxLayout(caja_acu).addWidget(self.vista_acuerdos)
        capa.addWidget(caja_acu, 2)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        tareas.cambiado.connect(self._al_cambiar)
        self.cargar()

    def _al_cambiar(self, _cambio: Any) -> None:
        self.cargar()

    def cargar(self) -> None:
        tid = self.territorio_id
        self.tareas.ejecutar(
            lambda a: seguimiento.territorio(a, tid), self._cargado, self.aviso.error
        )

    def _cargado(self, s: seguimiento.SeguimientoTerritorio) -> None:
        self.encabezado.setText(
            f"Seguimiento de {s.territorio['nombre']}: {s.pasos_cumplidos} de 8 pasos cumplidos"
        )
        self.modelo_pasos.poner_filas([{"id": str(p.numero), **p.__dict__} for p in s.pasos])
        self.modelo_matriz.poner_filas(filas_matriz(s.necesidades))
        c = s.cartera
        self.barra.setValue(round(c["porcentaje"]))
        if c["version"] is None:
            self.texto_cartera.setText("El territorio aún no tiene PMDT.")
        else:
            etapas = ", ".join(
                f"{EtapaProyecto(e).etiqueta.lower()}: {n}"
                for e, n in sorted(
                    c["por_etapa"].items(), key=lambda x: list(EtapaProyecto).index(x[0])
                )
            )
            self.texto_cartera.setText(
                f"PMDT versión {c['version']} ({c['estado']}): {c['iniciativas']} "
                f"iniciativa(s), {c['en_obra']} en ejecución u operación.\nPor etapa: {etapas}."
                f"\n\nCapacidad de gestión: {s.capacidad['alto']} alta, {s.capacidad['medio']} "
                f"media, {s.capacidad['bajo']} baja."
            )
        self.modelo_acuerdos.poner_filas(s.acuerdos_vencidos)
        self.caja_acu.setTitle(f"Acuerdos vencidos ({len(s.acuerdos_vencidos)})")
