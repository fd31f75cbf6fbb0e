"""Capacidad de gestión: llenar un diagnóstico que da el nivel esperado y su plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pir_campo import capacidad
from pir_campo.almacen import Almacen
from pir_campo.modelos import AccionPlan, Diagnostico
from tests.datos_planificacion import base_con_territorio
from ui.planificacion.pantalla_capacidad import PantallaCapacidad
from ui.tareas import Tareas


@pytest.fixture
def escena(tmp_path):
    ruta = tmp_path / "campo.sqlite"
    tid = base_con_territorio(ruta)
    tareas = Tareas(ruta, en_linea=True)
    yield ruta, tid, tareas
    tareas.cerrar()


def _llenar(dialogo, valores):
    for codigo, valor in zip(capacidad.cargar().items(), valores, strict=True):
        dialogo.responder(codigo, valor)


def test_diagnostico_da_nivel_y_muestra_la_evolucion(qtbot, escena):
    ruta, tid, tareas = escena
    pantalla = PantallaCapacidad(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert pantalla.modelo.rowCount() == 1
    assert pantalla.modelo.filas[0]["tendencia"] == "Sin diagnóstico"
    qtbot.mouseClick(pantalla.b_diagnostico, Qt.MouseButton.LeftButton)
    dialogo = pantalla.dialogo
    nombre = pantalla.modelo.filas[0]["organizacion"]
    assert nombre in dialogo.evaluada.text()  # el diálogo dice a quién evalúa
    n = len(dialogo.combos)
    _llenar(dialogo, [1] * (n - 1) + [None])
    assert "faltan 1 ítem" in dialogo.resultado.text()
    dialogo.aceptar()
    assert "Falta responder 1 ítem del" in dialogo.aviso.text()
    with Almacen.abrir(ruta) as a:
        assert a.contar(Diagnostico) == 0
    _llenar(dialogo, [1] * n)
    assert "nivel bajo" in dialogo.resultado.text()
    dialogo.fecha.setText("15-09-2025")
    dialogo.aceptar()
    assert not dialogo.isVisible()
    assert pantalla.modelo.filas[0]["nivel"] == "bajo"
    # Segundo diagnóstico: 2 en todo da 66,7 puntos, nivel medio.
    pantalla.nuevo_diagnostico()
    dialogo = pantalla.dialogo
    _llenar(dialogo, [2] * n)
    assert dialogo.resultado.text().startswith("Puntaje 66,7 · nivel medio")
    dialogo.fecha.setText("15-09-2026")
    dialogo.aceptar()
    fila = pantalla.modelo.filas[0]
    assert (fila["nivel"], fila["puntaje"], fila["tendencia"]) == (
        "medio",
        66.7,
        "Sube de bajo a medio",
    )
    historia = pantalla.historia.toPlainText()
    assert "Legal y organizacional: 66,7" in historia and "Sube de bajo a medio" in historia
    # Plan de fortalecimiento del último diagnóstico.
    pantalla.accion.setText("Curso de contabilidad para la directiva")
    pantalla.plazo.setText("30-31-2026")
    pantalla.agregar_accion()
    assert "Fecha límite" in pantalla.aviso.text()
    pantalla.plazo.setText("30-12-2026")
    pantalla.agregar_accion()
    assert pantalla.modelo_plan.rowCount() == 1
    assert pantalla.modelo.filas[0]["acciones_pendientes"] == 1
    pantalla.vista_plan.selectRow(0)
    pantalla.estado_accion.setCurrentIndex(pantalla.estado_accion.findData("cumplida"))
    pantalla.cambiar_estado()
    assert pantalla.modelo.filas[0]["acciones_pendientes"] == 0
    with Almacen.abrir(ruta) as a:
        assert a.listar(AccionPlan)[0]["estado"] == "cumplida"
