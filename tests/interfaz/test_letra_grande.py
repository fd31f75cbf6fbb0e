"""Con la letra más grande de Ajustes, cada pantalla cabe en 1366x768 y nada se recorta."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Taller
from ui.pantallas.ajustes import LETRA_MAXIMA, aplicar_tamano_letra


@pytest.fixture
def letra_grande():
    original = QApplication.font()
    aplicar_tamano_letra(LETRA_MAXIMA)
    yield
    QApplication.setFont(original)


def _pasos_visibles(pantalla) -> int:
    tabla = pantalla.tabla_pasos
    alto = tabla.viewport().height()
    return sum(
        1
        for fila in range(tabla.model().rowCount())
        if tabla.rowViewportPosition(fila) + tabla.rowHeight(fila) <= alto
    )


@pytest.mark.parametrize("grande", [False, True], ids=["letra_normal", "letra_mayor"])
def test_cada_pantalla_cabe_en_1366x768(qtbot, tareas_demo, ruta_demo, grande, request):
    if grande:
        request.getfixturevalue("letra_grande")
    from ui.ventana_principal import VentanaPrincipal

    ventana = VentanaPrincipal(tareas_demo)  # sin geometría guardada: el tamaño de la 1.ª vez
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitUntil(lambda: len(ventana.secciones) > 5, timeout=5000)
    assert ventana.width() <= 1366 and ventana.height() <= 768 - 40  # deja la barra de tareas
    anchos = {}
    for i, seccion in enumerate(ventana.secciones):
        ventana.ir_a(i)
        anchos[seccion.titulo] = ventana.minimumSizeHint().width()
        if seccion.clave == "territorio":
            qtbot.waitUntil(lambda: _pasos_visibles(ventana.pagina_actual()) == 8, timeout=3000)
    with Almacen.abrir(ruta_demo) as a:
        registros = (
            ("taller", a.listar(Taller, limite=1)[0]["id"]),
            ("acta", a.listar(ActaValidacion, limite=1)[0]["id"]),
        )
    for tipo, id_ in registros:
        ventana.abrir_registro(tipo, id_)
        anchos[tipo] = ventana.minimumSizeHint().width()
        if tipo == "taller":
            grilla = ventana.pagina_actual().asistencia.tabla
            letra = grilla.fontMetrics().averageCharWidth()
            assert grilla.columnWidth(0) >= 15 * letra  # el Nombre no se reduce a «A…»
        ventana.volver()
    navegacion = ventana.navegacion
    assert navegacion.horizontalScrollBar().maximum() == 0  # la lista no se corta
    assert {t: a for t, a in anchos.items() if a > 1366} == {}
