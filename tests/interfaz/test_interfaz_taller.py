"""El editor de taller como lo usa una facilitadora: teclado, autoguardado, cierre y reapertura."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen
from pir_campo.modelos import Asistencia, Persona, Taller, Territorio
from pir_campo.servicios import talleres
from tests.conftest import contenido
from tests.interfaz.teclado import escribir, pulsar
from ui import dialogos
from ui.taller.acuerdos import PanelAcuerdos
from ui.taller.asistencia import ModeloAsistentes
from ui.taller.editor import TAB_ASISTENCIA, EditorTaller


@pytest.fixture
def taller_nuevo(ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        return talleres.nuevo(a, tid, 3, dt.date(2025, 6, 2))


@pytest.fixture
def editor(qtbot, tareas_demo, taller_nuevo):
    editor = EditorTaller(tareas_demo, taller_nuevo)
    qtbot.addWidget(editor)
    editor.resize(1140, 640)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _taller(ruta, id_):
    with Almacen.abrir(ruta) as a:
        return a.obtener(Taller, id_)


def test_texto_en_espanol_se_guarda_solo(qtbot, editor, ruta_demo, taller_nuevo):
    editor.titulo.setFocus()
    editor.titulo.selectAll()
    escribir(editor.titulo, "Validación en la sede de Ñielol")
    editor.ir_a_pestana(2)
    escribir(editor.agenda, "1. Bienvenida\n2. Revisión del camino público")
    qtbot.waitUntil(lambda: editor.aviso.text() == "Guardado.", timeout=3000)
    qtbot.wait(600)
    guardado = _taller(ruta_demo, taller_nuevo)
    assert guardado["titulo"] == "Validación en la sede de Ñielol"
    assert guardado["agenda"] == "1. Bienvenida\n2. Revisión del camino público"


def _agregar(editor, nombre, rut="", sexo=""):
    panel = editor.asistencia
    panel.nombre.setFocus()
    escribir(panel.nombre, nombre)
    if panel.completador.popup().isVisible():
        panel.completador.popup().hide()
    if rut:
        panel.rut.setFocus()
        escribir(panel.rut, rut)
    if sexo:
        panel.sexo.setFocus()
        escribir(panel.sexo, sexo)
    pulsar(panel.nombre, Qt.Key.Key_Return)


def test_asistencia_por_teclado_y_conteos(qtbot, editor, ruta_demo, taller_nuevo):
    editor.ir_a_pestana(TAB_ASISTENCIA)
    _agregar(editor, "Zoila Ñancupil Díaz", "12.345.678-5", "M")
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # la búsqueda por letra se reinicia
    _agregar(editor, "Ernesto Quiñilén", "", "H")
    panel = editor.asistencia
    assert panel.modelo.rowCount() == 2
    assert "Total: 2" in panel.conteos.text()
    assert "Mujer: 1" in panel.conteos.text() and "Hombre: 1" in panel.conteos.text()
    assert QApplication.focusWidget() is panel.nombre
    assert editor.pestanas.tabText(TAB_ASISTENCIA) == "Asistencia (2)"
    with Almacen.abrir(ruta_demo) as a:
        nombres = {
            a.obtener(Persona, x["persona_id"])["nombre"]
            for x in a.listar(Asistencia, taller_id=taller_nuevo)
        }
    assert nombres == {"Zoila Ñancupil Díaz", "Ernesto Quiñilén"}


def test_rut_invalido_rechazado_en_la_grilla(qtbot, editor, ruta_demo):
    antes = contenido(ruta_demo)
    _agregar(editor, "Pedro Soto", "12.345.678-9")
    panel = editor.asistencia
    assert panel.modelo.rowCount() == 0
    assert "dígito verificador" in panel.aviso.text()
    assert "#c00000" in panel.rut.styleSheet()
    assert contenido(ruta_demo) == antes
    # Corregir un RUT en la tabla también se rechaza sin tocar la base.
    _agregar(editor, "Pedro Soto", "12.345.678-5")
    antes = contenido(ruta_demo)
    indice = panel.modelo.index(0, 1)
    assert not panel.modelo.setData(indice, "11.111.111-2")
    assert "RUT" in panel.aviso.text()
    assert contenido(ruta_demo) == antes


def test_sugiere_personas_conocidas_sin_duplicar(qtbot, editor, ruta_demo, taller_nuevo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.obtener(Taller, taller_nuevo)["territorio_id"]
        conocida = a.listar(Persona, orden="nombre", territorio_id=tid)[0]
        personas_antes = a.contar(Persona)
    panel = editor.asistencia
    panel.nombre.setFocus()
    escribir(panel.nombre, conocida["nombre"].split()[0] + " " + conocida["nombre"].split()[1])
    qtbot.waitUntil(lambda: panel.completador.popup().isVisible(), timeout=2000)
    popup = panel.completador.popup()
    fila = next(
        i
        for i in range(popup.model().rowCount())
        if popup.model().index(i, 0).data().startswith(conocida["nombre"])
    )
    popup.setCurrentIndex(popup.model().index(fila, 0))
    pulsar(popup, Qt.Key.Key_Return)
    assert panel.persona_id == conocida["id"]
    pulsar(panel.nombre, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 1
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona) == personas_antes


def test_orden_de_tabulacion_de_la_fila_de_ingreso(qtbot, editor):
    editor.ir_a_pestana(TAB_ASISTENCIA)
    p = editor.asistencia
    # Sin consentimiento, testigo, pueblo y afrodescendencia están apagados: Tab los salta.
    esperado = [
        p.rut,
        p.sexo,
        p.tramo,
        p.consentimiento,
        p.telefono,
        p.organizacion,
        p.cargo,
        p.firmo,
        p.agregar,
    ]
    p.nombre.setFocus()
    vistos = []
    for _ in esperado:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        vistos.append(QApplication.focusWidget())
    assert vistos == esperado
    # Verbal ante testigo: se piden el testigo y los datos sensibles, en ese orden.
    p.consentimiento.setCurrentIndex(p.consentimiento.findData("verbal_testigo"))
    p.tramo.setFocus()
    vistos = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        vistos.append(QApplication.focusWidget())
    assert vistos == [p.consentimiento, p.testigo, p.pueblo, p.afro, p.telefono]


def test_cerrar_congela_y_reabrir_pide_motivo(qtbot, editor, ruta_demo, taller_nuevo, monkeypatch):
    _agregar(editor, "Rosa Huenchumán")
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    monkeypatch.setattr(dialogos, "elegir", lambda *a, **k: 1)  # «Cerrar igual»
    qtbot.keyClick(
        editor.titulo,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _taller(ruta_demo, taller_nuevo)["estado"] == "cerrado"
    assert editor.agenda.isReadOnly() and not editor.asistencia.ingreso.isEnabled()
    assert "Cerrado" in editor.estado.text()
    antes = contenido(ruta_demo)
    editor.ir_a_pestana(2)
    escribir(editor.agenda, "no debe quedar")
    editor.autoguardado.guardar_pendientes()
    assert not editor.asistencia.modelo.setData(editor.asistencia.modelo.index(0, 0), "Otra")
    assert contenido(ruta_demo) == antes
    monkeypatch.setattr(dialogos, "pedir_motivo", lambda *a, **k: "Faltó el acuerdo del agua")
    qtbot.keyClick(
        editor.titulo,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _taller(ruta_demo, taller_nuevo)["estado"] == "borrador"
    with Almacen.abrir(ruta_demo) as a:
        assert "Faltó el acuerdo del agua" in {
            h["motivo"] for h in a.historial(Taller, taller_nuevo)
        }
    assert not editor.agenda.isReadOnly()


def test_taller_con_fecha_futura_no_se_cierra(qtbot, editor, ruta_demo, taller_nuevo, monkeypatch):
    _agregar(editor, "Rosa Huenchumán")
    editor.fecha.setDate(QDate.currentDate().addDays(10))
    editor.autoguardado.guardar_pendientes()
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    monkeypatch.setattr(dialogos, "elegir", lambda *a, **k: 1)  # «Cerrar igual»
    antes = contenido(ruta_demo)
    editor.cerrar_taller()
    assert "futuro" in editor.aviso.text()
    assert contenido(ruta_demo) == antes


def test_campo_obligatorio_vacio_se_rechaza(qtbot, editor, ruta_demo, taller_nuevo):
    titulo = _taller(ruta_demo, taller_nuevo)["titulo"]
    editor.titulo.setFocus()
    editor.titulo.selectAll()
    pulsar(editor.titulo, Qt.Key.Key_Backspace)
    editor.autoguardado.guardar_pendientes()
    assert "Título del taller" in editor.aviso.text()
    assert "#c00000" in editor.titulo.styleSheet()
    assert _taller(ruta_demo, taller_nuevo)["titulo"] == titulo


def test_acuerdos_por_teclado(qtbot, editor, ruta_demo, taller_nuevo):
    editor.ir_a_pestana(4 - 1)
    panel: PanelAcuerdos = editor.acuerdos
    escribir(panel.texto, "Gestionar la mantención del camino a Pichicuyín")
    panel.responsable.setFocus()
    escribir(panel.responsable, "Junta de vecinos")
    panel.fecha.setFocus()
    escribir(panel.fecha, "30-13-2025")
    pulsar(panel.fecha, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 0 and "Fecha comprometida" in panel.aviso.text()
    panel.fecha.clear()
    escribir(panel.fecha, "30-09-2025")
    pulsar(panel.fecha, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 1
    assert panel.modelo.index(0, 2).data() == "30-09-2025"


def test_modelos_del_taller(qtmodeltester, editor):
    _agregar(editor, "Rosa Huenchumán", "12.345.678-5")
    assert isinstance(editor.asistencia.modelo, ModeloAsistentes)
    qtmodeltester.check(editor.asistencia.modelo)
    qtmodeltester.check(editor.acuerdos.modelo)


def test_cerrar_sin_firmas_ni_hoja_firmada_avisa_y_ofrece_adjuntarla(
    qtbot, editor, ruta_demo, taller_nuevo, monkeypatch
):
    _agregar(editor, "Rosa Huenchumán")
    avisos = []

    def elegir(_padre, _titulo, texto, opciones, omision):
        avisos.append((texto, opciones[omision]))
        return 0  # Enter: la opción por omisión

    monkeypatch.setattr(dialogos, "elegir", elegir)
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: pytest.fail("sin aviso"))
    antes = contenido(ruta_demo)
    editor.cerrar_taller()
    assert "Nadie figura con «Firmó» entre 1 asistente" in avisos[0][0]
    assert "Adjuntar" in avisos[0][1]
    assert editor.pestanas.currentIndex() == 4  # quedó en Adjuntos, sin cerrar
    assert contenido(ruta_demo) == antes
    monkeypatch.setattr(dialogos, "elegir", lambda *a, **k: None)  # Esc
    editor.cerrar_taller()
    assert _taller(ruta_demo, taller_nuevo)["estado"] == "borrador"
