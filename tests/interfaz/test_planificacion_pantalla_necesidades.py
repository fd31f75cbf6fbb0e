"""Pantalla de necesidades: crear una necesidad con el editor, errores en español, filtros."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import Necesidad
from tests.conftest import contenido
from tests.datos_planificacion import localidad, taller, territorio
from tests.interfaz.teclado_planificacion import escribir
from ui.planificacion.comun import ModeloFilas
from ui.planificacion.pantalla_necesidades import COLUMNAS, PantallaNecesidades
from ui.tareas import Tareas


@pytest.fixture
def escena(tmp_path):
    ruta = tmp_path / "campo.sqlite"
    with Almacen.iniciar(ruta, "campo", "Ana Pérez", "09") as a:
        tid = territorio(a)
        localidad(a, tid)
        taller(a, tid, titulo="Diagnóstico participativo")
    tareas = Tareas(ruta, en_linea=True)
    yield ruta, tid, tareas
    tareas.cerrar()


def _elegir(combo, texto: str) -> None:
    combo.setCurrentIndex(combo.findText(texto))


def test_crear_necesidad_con_el_editor(qtbot, escena):
    ruta, tid, tareas = escena
    pantalla = PantallaNecesidades(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    qtbot.mouseClick(pantalla.b_nueva, Qt.MouseButton.LeftButton)
    editor = pantalla.editor
    assert editor is not None and editor.isVisible()
    escribir(editor.titulo, "Pasarela peatonal sobre el estero Ñancul")
    _elegir(editor.tipologia, "Conectividad vial")
    editor.subtipo.setCurrentText("Pasarela")
    _elegir(editor.localidad, "Puerto Domínguez")
    editor.taller.setCurrentIndex(1)
    escribir(editor.hogares, "42")
    escribir(editor.mujeres, "70")
    escribir(editor.hombres, "65")
    escribir(editor.costo, "12.500")
    _elegir(editor.unidad, "UF")
    escribir(editor.bip, "4001234-5")
    antes = contenido(ruta)
    qtbot.mouseClick(editor.guardar, Qt.MouseButton.LeftButton)
    assert "Código BIP" in editor.aviso.text() and editor.isVisible()
    editor.bip.clear()
    escribir(editor.bip, "40012345-6")
    qtbot.mouseClick(editor.guardar, Qt.MouseButton.LeftButton)
    assert "«Valor de la UF» es obligatorio" in editor.aviso.text()
    escribir(editor.valor_uf, "39.123,45")
    qtbot.mouseClick(editor.guardar, Qt.MouseButton.LeftButton)
    assert "«Fecha del valor UF» es obligatorio" in editor.aviso.text()
    assert contenido(ruta) == antes
    escribir(editor.fecha_uf, "01-10-2026")
    qtbot.mouseClick(editor.guardar, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert pantalla.modelo.rowCount() == 1
    fila = pantalla.modelo.filas[0]
    assert fila["titulo"] == "Pasarela peatonal sobre el estero Ñancul"
    assert (fila["localidad"], fila["costo_texto"]) == ("Puerto Domínguez", "UF 12.500,00")
    # Pesos y UF nunca en la misma columna; el código RATE se explica en su ayuda.
    titulos = [c.titulo for c in pantalla.modelo.columnas]
    col_pesos, col_uf = titulos.index("Costo estimado ($)"), titulos.index("Costo estimado (UF)")
    assert pantalla.modelo.index(0, col_uf).data() == "UF 12.500,00"
    assert pantalla.modelo.index(0, col_pesos).data() == ""
    col_rate = titulos.index("RATE")
    ayuda_rate = pantalla.modelo.headerData(
        col_rate, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert (
        "RS: recomendado satisfactoriamente" in ayuda_rate and "FI: falta información" in ayuda_rate
    )
    with Almacen.abrir(ruta) as a:
        guardada = a.listar(Necesidad)[0]
    assert (guardada["valor_uf"], guardada["fecha_uf"], guardada["mujeres"]) == (
        39123.45,
        "2026-10-01",
        70,
    )
    # Editar: el editor se abre con los datos y el cambio queda guardado.
    pantalla.vista.selectRow(0)
    pantalla.editar()
    editor = pantalla.editor
    assert editor.costo.text() == "12.500,00" and editor.fecha_uf.text() == "01-10-2026"
    _elegir(editor.etapa, "Perfil")
    qtbot.mouseClick(editor.guardar, Qt.MouseButton.LeftButton)
    assert pantalla.modelo.filas[0]["etapa_etiqueta"] == "Perfil"
    _elegir(pantalla.f_etapa, "Idea")
    assert pantalla.modelo.rowCount() == 0
    _elegir(pantalla.f_etapa, "Todas las etapas")
    pantalla.vista.selectRow(0)
    pantalla.descartar("")
    assert "«Motivo de descarte» es obligatorio" in pantalla.aviso.text()
    pantalla.descartar("La financia Vialidad")
    assert pantalla.modelo.filas[0]["etapa_etiqueta"] == "Descartada"


def test_modelo_de_tabla_cumple_el_contrato(qtmodeltester, escena):
    modelo = ModeloFilas(COLUMNAS)
    modelo.poner_filas(
        [
            {
                "id": "a",
                "prioridad": 1,
                "titulo": "Camino",
                "tipologia": "conectividad_vial",
                "tipologia_etiqueta": "Conectividad vial",
                "financia_programa": True,
                "fecha_taller": "2026-03-10",
                "taller_texto": "Taller",
            }
        ]
    )
    qtmodeltester.check(modelo)
    assert modelo.headerData(1, Qt.Orientation.Horizontal) == "Necesidad"
