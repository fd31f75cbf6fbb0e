"""Con la letra más grande de Ajustes, cada pantalla cabe en 1366x768 y nada se recorta."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Taller
from tests.conftest import copiar_base
from tests.interfaz.inicio_apoyo import oficina_consolidada
from ui.pantallas.ajustes import LETRA_MAXIMA, aplicar_tamano_letra
from ui.tareas import Tareas


@pytest.fixture
def letra_grande():
    original = QApplication.font()
    aplicar_tamano_letra(LETRA_MAXIMA)
    yield
    QApplication.setFont(original)


@pytest.fixture(scope="module")
def plantilla_oficina_letra(tmp_path_factory, plantilla_demo):
    return oficina_consolidada(tmp_path_factory.mktemp("oficina_letra"), plantilla_demo)


def _cabe_sin_recorte(qtbot, ventana) -> None:
    """La ventana entera cabe en 1366x768 y la página a la vista tiene al menos su tamaño
    mínimo (si no cabe, se desplaza): ni la ventana pasa el borde ni la página se aplasta."""
    qtbot.wait(50)  # los cambios de tamaño pendientes de la página recién armada
    marco = ventana.frameGeometry()
    assert marco.width() <= 1366 and marco.height() <= 768, ventana.pagina_actual()
    pagina = ventana.pagina_actual()
    minimo = pagina.minimumSizeHint()
    assert pagina.width() >= minimo.width() and pagina.height() >= minimo.height(), pagina
    # Y se ve entera a lo ancho, sin desplazarse: las filas largas se parten en líneas.
    assert _ancho_visible(pagina) == pagina.width(), pagina


def _ancho_visible(widget) -> int:
    """Ancho del widget que queda dentro de cada uno de sus contenedores (y de la ventana)."""
    visible = QRect(QPoint(0, 0), widget.size())
    while (padre := widget.parentWidget()) is not None:
        visible = visible.translated(widget.pos()) & QRect(QPoint(0, 0), padre.size())
        widget = padre
    return visible.width()


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
        _cabe_sin_recorte(qtbot, ventana)
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
        _cabe_sin_recorte(qtbot, ventana)
        if tipo == "taller":
            grilla = ventana.pagina_actual().asistencia.tabla
            letra = grilla.fontMetrics().averageCharWidth()
            assert grilla.columnWidth(0) >= 15 * letra  # el Nombre no se reduce a «A…»
        ventana.volver()
    navegacion = ventana.navegacion
    assert navegacion.horizontalScrollBar().maximum() == 0  # la lista no se corta
    assert {t: a for t, a in anchos.items() if a > 1366} == {}


def test_oficina_cabe_en_1366x768_con_la_letra_mayor(
    qtbot, tmp_path, plantilla_oficina_letra, letra_grande
):
    from ui.ventana_principal import VentanaPrincipal

    tareas = Tareas(
        copiar_base(plantilla_oficina_letra, tmp_path / "oficina.sqlite"), en_linea=True
    )
    try:
        ventana = VentanaPrincipal(tareas)
        qtbot.addWidget(ventana)
        ventana.show()
        qtbot.waitUntil(lambda: ventana.areas_cargadas, timeout=5000)
        _cabe_sin_recorte(qtbot, ventana)
        for i in range(len(ventana.secciones)):
            ventana.ir_a(i)
            _cabe_sin_recorte(qtbot, ventana)
        assert ventana.navegacion.horizontalScrollBar().maximum() == 0
    finally:
        ventana.cerrar_detalles()
        tareas.cerrar()
