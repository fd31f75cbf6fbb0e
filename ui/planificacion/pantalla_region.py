"""Paso 8 a nivel regional: una fila por territorio y los totales de la región."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pir_campo import catalogos
from pir_campo.almacen import Almacen
from pir_campo.formato import cantidad, numero
from pir_campo.planificacion import seguimiento
from ui.planificacion.comun import (
    DERECHA,
    Aviso,
    Columna,
    ModeloFilas,
    filtro_region,
    id_seleccionado,
    tabla,
    titulo,
)
from ui.planificacion.pantalla_seguimiento import columnas_matriz, filas_matriz
from ui.tareas import Tareas

COLUMNAS = [
    Columna("nombre", "Territorio"),
    Columna("region", "Región"),
    Columna("pasos", "Pasos\ncumplidos", alineacion=DERECHA),
    Columna("paso_actual", "Paso en curso"),
    Columna("necesidades", "Necesidades", alineacion=DERECHA),
    Columna("cartera", "Cartera\n(en obra / total)", alineacion=DERECHA),
    Columna("pmdt", "PMDT"),
    Columna("vencidos", "Acuerdos\nvencidos", alineacion=DERECHA),
    Columna("capacidad", "Capacidad\n(alta / media / baja)"),
]


def _cargar(a: Almacen, cut_region: str | None) -> dict[str, Any]:
    todos = seguimiento.region(a, cut_region)
    regiones = catalogos.cargar().regiones
    filas = []
    for s in todos:
        t = s.territorio
        actual = s.paso_actual
        filas.append(
            {
                "id": t["id"],
                "nombre": t["nombre"],
                "region": regiones[t["cut_region"]].nombre,
                "pasos": f"{s.pasos_cumplidos} de 8",
                "paso_actual": "Todos cumplidos"
                if actual > 8
                else f"{actual}. {s.pasos[actual - 1].etiqueta}",
                "necesidades": sum(sum(f.values()) for f in s.necesidades.values()),
                "cartera": f"{s.cartera['en_obra']} / {s.cartera['iniciativas']}",
                "pmdt": s.cartera["estado"] or "Sin PMDT",
                "vencidos": len(s.acuerdos_vencidos),
                "capacidad": " / ".join(str(s.capacidad[n]) for n in ("alto", "medio", "bajo")),
            }
        )
    from collections import Counter

    from pir_campo import ids

    # Dos territorios con el mismo nombre en la región (de dos notebooks) no se ven iguales.
    repetidos = {k for k, n in Counter((f["nombre"], f["region"]) for f in filas).items() if n > 1}
    for f in filas:
        if (f["nombre"], f["region"]) in repetidos:
            f["nombre"] = f"{f['nombre']} · {ids.codigo_corto(f['id'])}"
    usadas = sorted({f["region"] for f in filas})
    return {"filas": filas, "totales": seguimiento.totales_region(todos), "regiones": usadas}


class PantallaSeguimientoRegion(QWidget):
    elegir_territorio = Signal(str)

    def __init__(self, tareas: Tareas, territorio_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas, self.territorio_id = tareas, territorio_id
        capa = QVBoxLayout(self)
        capa.addWidget(titulo("Seguimiento regional de los territorios"))
        fila = QHBoxLayout()
        self.region = filtro_region(fila, self.cargar)
        self.resumen = QLabel("")
        self.resumen.setWordWrap(True)  # con la letra más grande, en una línea no cabía
        self.resumen.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        fila.addWidget(self.resumen, 1)
        capa.addLayout(fila)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.vista = tabla(self.modelo, "Territorios de la región", estirar=0)
        self.vista.doubleClicked.connect(lambda _i: self._abrir())
        capa.addWidget(self.vista, 2)
        capa.addWidget(QLabel("Doble clic en un territorio para abrirlo en las demás secciones."))
        caja = QGroupBox("Necesidades de la región por tipología y etapa")
        self.modelo_matriz = ModeloFilas(columnas_matriz(), self)
        QVBoxLayout(caja).addWidget(
            tabla(self.modelo_matriz, "Necesidades de la región por tipología y etapa", estirar=0)
        )
        capa.addWidget(caja, 2)
        self.aviso = Aviso()
        capa.addWidget(self.aviso)
        self.cargar()

    def cargar(self) -> None:
        cut = self.region.currentData()
        self.tareas.ejecutar(lambda a: _cargar(a, cut), self._cargado, self.aviso.error)

    def _cargado(self, datos: dict[str, Any]) -> None:
        self.modelo.poner_filas(datos["filas"])
        self.modelo_matriz.poner_filas(filas_matriz(datos["totales"]["necesidades"]))
        t = datos["totales"]
        cap = t["capacidad"]
        self.resumen.setText(
            f"{cantidad(t['territorios'], 'territorio')} · "
            f"{cantidad(t['iniciativas'], 'iniciativa')}, "
            f"{numero(t['en_obra'])} en obra · "
            f"{cantidad(t['acuerdos_vencidos'], 'acuerdo vencido', 'acuerdos vencidos')} · "
            f"capacidad: {cap['alto']} alta, {cap['medio']} media, {cap['bajo']} baja"
        )

    def _abrir(self) -> None:
        tid = id_seleccionado(self.vista)
        if tid:
            self.elegir_territorio.emit(tid)
