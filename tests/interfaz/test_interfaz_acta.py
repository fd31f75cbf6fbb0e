"""Acta de validación: firmantes por teclado, firma que congela y adendas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Territorio
from pir_campo.servicios import actas
from tests.conftest import contenido
from tests.interfaz.teclado import escribir, pulsar
from ui import dialogos
from ui.acta.editor import EditorActa


@pytest.fixture
def acta_nueva(ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        return actas.nueva(a, tid, "validacion_territorio")


@pytest.fixture
def editor(qtbot, tareas_demo, acta_nueva):
    editor = EditorActa(tareas_demo, acta_nueva)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _firmante(editor, nombre, rut, institucion, lado):
    editor.pestanas.setCurrentIndex(1)
    editor.f_nombre.setFocus()
    escribir(editor.f_nombre, nombre)
    editor.f_rut.setFocus()
    escribir(editor.f_rut, rut)
    editor.f_institucion.setFocus()
    escribir(editor.f_institucion, institucion)
    editor.f_lado.setFocus()
    escribir(editor.f_lado, lado)
    pulsar(editor.f_lado, Qt.Key.Key_Return)


def test_firma_congela_y_adenda(qtbot, editor, ruta_demo, acta_nueva, monkeypatch):
    _firmante(editor, "Luisa Ancán Ñirripil", "12.345.678-5", "Comunidad Juan Lefiñir", "C")
    assert editor.firmantes.rowCount() == 1
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # la búsqueda por letra se reinicia
    _firmante(editor, "Carlos Ruiz", "", "Gobierno Regional de La Araucanía", "S")
    assert [f["lado"] for f in editor.firmantes.filas] == ["comunidad", "sector_publico"]
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    qtbot.keyClick(
        editor,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "votación" in editor.aviso.text()
    editor.favor.setValue(31)
    editor.abstenciones.setValue(2)
    editor.autoguardado.guardar_pendientes()
    editor.firmar()
    with Almacen.abrir(ruta_demo) as a:
        acta = a.obtener(ActaValidacion, acta_nueva)
    assert acta["estado"] == "firmada" and acta["votos_favor"] == 31
    assert not editor.favor.isEnabled() and not editor.ingreso.isEnabled()
    assert editor.condiciones.isReadOnly()
    # Se ve de solo lectura (gris), no solo lo dice el encabezado.
    assert editor.lugar.property("solo_lectura") and "background" in editor.lugar.styleSheet()
    antes = contenido(ruta_demo)
    escribir(editor.condiciones, "cambio tardío")
    editor.autoguardado.guardar_pendientes()
    assert contenido(ruta_demo) == antes
    monkeypatch.setattr(dialogos, "pedir_motivo", lambda *a, **k: "Se corrige el sector Ñielol")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.adendas.count() == 1
    assert "Ñielol" in editor.adendas.item(0).text()


def test_rut_de_firmante_invalido(qtbot, editor, ruta_demo):
    antes = contenido(ruta_demo)
    _firmante(editor, "Luisa Ancán", "12.345.678-0", "Comunidad", "C")
    assert editor.firmantes.rowCount() == 0
    assert "RUT del firmante" in editor.aviso.text()
    assert contenido(ruta_demo) == antes


def test_condiciones_obligatorias_si_se_aprueba_con_condiciones(
    qtbot, editor, ruta_demo, acta_nueva
):
    editor.decision.setCurrentIndex(editor.decision.findData("aprobado_con_condiciones"))
    editor.autoguardado.guardar_pendientes()
    assert "Condiciones" in editor.aviso.text()
    with Almacen.abrir(ruta_demo) as a:
        assert a.obtener(ActaValidacion, acta_nueva)["decision"] == "aprobado"


def test_modelo_de_firmantes(qtmodeltester, editor):
    _firmante(editor, "Luisa Ancán", "", "Comunidad", "C")
    qtmodeltester.check(editor.firmantes)


def test_supr_quita_firmante_en_borrador(qtbot, editor, monkeypatch):
    _firmante(editor, "Luisa Ancán", "", "Comunidad", "C")
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    editor.tabla.setFocus()
    editor.tabla.selectRow(0)
    qtbot.keyClick(editor.tabla, Qt.Key.Key_Delete)
    assert editor.firmantes.rowCount() == 0
