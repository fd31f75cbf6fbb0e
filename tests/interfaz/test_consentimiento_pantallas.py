"""Consentimiento para datos sensibles en la lista de asistencia y en la ficha de la persona, y
los datos que la oficina decide recoger (Ajustes), con widgets reales sobre bases reales."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import Consentimiento, Persona, Territorio
from pir_campo.servicios import envios, talleres
from tests.interfaz.teclado import escribir, pulsar
from ui.taller.editor import TAB_ASISTENCIA, EditorTaller
from ui.taller.modelo_asistentes import COL_CONSENTIMIENTO
from ui.tareas import Tareas

ALT = Qt.KeyboardModifier.AltModifier


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
    editor.ir_a_pestana(TAB_ASISTENCIA)
    return editor


@pytest.fixture
def tareas_de():
    creadas = []

    def crear(almacen) -> Tareas:
        t = Tareas(almacen.ruta, en_linea=True)
        creadas.append(t)
        return t

    yield crear
    for t in creadas:
        t.cerrar()


def _nombre(panel, nombre: str) -> None:
    panel.nombre.setFocus()
    escribir(panel.nombre, nombre)
    panel.completador.popup().hide()


def _consentimientos(ruta, nombre: str) -> list[dict]:
    with Almacen.abrir(ruta) as a:
        (p,) = a.listar(Persona, nombre=nombre)
        return [
            {**c, "pueblo": p["pueblo_originario"]}
            for c in a.listar(Consentimiento, persona_id=p["id"])
        ]


def test_la_fila_de_ingreso_captura_el_consentimiento_con_el_teclado(
    qtbot, editor, ruta_demo, taller_nuevo
):
    panel = editor.asistencia
    _nombre(panel, "Zoila Ñancupil Díaz")
    # Sin consentimiento el pueblo y la afrodescendencia no se pueden elegir.
    assert not panel.pueblo.isEnabled() and not panel.afro.isEnabled()
    qtbot.keyClick(panel.nombre, Qt.Key.Key_C, ALT)
    assert panel.consentimiento.hasFocus()
    escribir(panel.consentimiento, "F")
    assert panel.consentimiento.currentData() == "firmado_hoja"
    assert panel.pueblo.isEnabled() and not panel.testigo.isEnabled()
    qtbot.keyClick(panel.consentimiento, Qt.Key.Key_Tab)
    assert panel.pueblo.hasFocus()  # el testigo, apagado, se salta
    escribir(panel.pueblo, "M")
    pulsar(panel.pueblo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.modelo.rowCount() == 1, timeout=3000)
    (c,) = _consentimientos(ruta_demo, "Zoila Ñancupil Díaz")
    assert c["forma"] == "firmado_hoja" and c["taller_id"] == taller_nuevo
    assert c["pueblo"] == "mapuche" and c["fecha"] == "2025-06-02"
    assert panel.modelo.data(panel.modelo.index(0, COL_CONSENTIMIENTO)) == "Sí, en la hoja"
    # Tras agregar, la fila vuelve a quedar sin consentimiento ni datos sensibles.
    assert panel.consentimiento.currentData() is None and not panel.pueblo.isEnabled()

    # Verbal sin testigo: no se agrega nadie y el aviso lo dice.
    _nombre(panel, "Ernesto Quiñilén")
    panel.consentimiento.setCurrentIndex(panel.consentimiento.findData("verbal_testigo"))
    pulsar(panel.nombre, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Testigo" in panel.aviso.text(), timeout=3000)
    assert panel.modelo.rowCount() == 1
    panel.testigo.setFocus()
    escribir(panel.testigo, "María Huenchumán")
    pulsar(panel.testigo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.modelo.rowCount() == 2, timeout=3000)
    (c,) = _consentimientos(ruta_demo, "Ernesto Quiñilén")
    assert c["forma"] == "verbal_testigo" and c["testigo"] == "María Huenchumán"


def test_en_la_tabla_espacio_marca_que_autorizo_en_la_hoja(qtbot, editor, ruta_demo):
    panel = editor.asistencia
    _nombre(panel, "Rosa Huenchumán")
    pulsar(panel.nombre, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.modelo.rowCount() == 1, timeout=3000)
    fila = next(i for i, f in enumerate(panel.modelo.filas) if f["nombre"] == "Rosa Huenchumán")
    assert panel.modelo.filas[fila]["consentimiento"] is None
    panel.tabla.setFocus()
    panel.tabla.setCurrentIndex(panel.modelo.index(fila, COL_CONSENTIMIENTO))
    qtbot.keyClick(panel.tabla, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.modelo.filas[fila]["consentimiento"] == "firmado_hoja")
    assert "Consentimiento registrado" in panel.aviso.text()
    (c,) = _consentimientos(ruta_demo, "Rosa Huenchumán")
    assert c["forma"] == "firmado_hoja"
    # Desmarcar no lo retira (se borrarían datos): se indica usar la ficha.
    panel.tabla.setCurrentIndex(panel.modelo.index(fila, COL_CONSENTIMIENTO))
    qtbot.keyClick(panel.tabla, Qt.Key.Key_Space)
    assert "ficha de la persona" in panel.aviso.text()
    assert len(_consentimientos(ruta_demo, "Rosa Huenchumán")) == 1


def test_la_ficha_registra_el_consentimiento_antes_del_pueblo(qtbot, tareas_demo, ruta_demo):
    from ui.pantallas.persona import FichaPersona

    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        pid = a.insertar(Persona, {"territorio_id": tid, "nombre": "Luis Paillal"})
    ficha = FichaPersona(tareas_demo, pid)
    qtbot.addWidget(ficha)
    ficha.show()
    assert "No ha autorizado" in ficha.estado_consentimiento.text()
    assert not ficha.pueblo.isEnabled()
    ficha.forma.setCurrentIndex(ficha.forma.findData("verbal_testigo"))
    ficha.registrar_consentimiento.click()  # sin testigo: se rechaza
    assert "Testigo" in ficha.aviso.text()
    ficha.testigo.setText("Pedro Huaiquil")
    ficha.registrar_consentimiento.click()
    assert "Autorizó sus datos sensibles" in ficha.estado_consentimiento.text()
    assert "Pedro Huaiquil" in ficha.estado_consentimiento.text()
    assert ficha.pueblo.isEnabled() and ficha.retirar_consentimiento.isVisible()
    ficha.pueblo.setCurrentIndex(ficha.pueblo.findData("mapuche"))
    ficha.afro.setCurrentIndex(ficha.afro.findData(False))
    ficha.guardar.click()
    assert "Cambios guardados" in ficha.aviso.text(), ficha.aviso.text()
    with Almacen.abrir(ruta_demo) as a:
        p = a.obtener(Persona, pid)
    assert p["pueblo_originario"] == "mapuche" and p["afrodescendiente"] is False


def test_la_oficina_elige_en_ajustes_que_datos_se_recogen(qtbot, tmp_path, tareas_de):
    from tests.nucleo.sincro_apoyo import enviar, red
    from ui.pantallas.ajustes import DialogoAjustes
    from ui.pantallas.persona import FichaPersona

    oficina, (n1,) = red(tmp_path, 1)
    oficina.fijar_persona("Coordinación regional", recordar=True)
    dialogo = DialogoAjustes(tareas_de(oficina))
    qtbot.addWidget(dialogo)
    dialogo.show()
    assert dialogo.caja_campos.isVisible()
    dialogo.recoger["telefono"].setChecked(False)
    dialogo.recoger["afrodescendiente"].setChecked(False)
    dialogo.aceptar()
    assert envios.campos_opcionales(oficina)["telefono"] is False
    enviar(oficina, n1, tmp_path)
    assert envios.campos_opcionales(n1)["afrodescendiente"] is False
    # En el notebook, Ajustes no ofrece elegir, y la ficha no muestra lo que no se recoge.
    notebook = DialogoAjustes(tareas_de(n1))
    qtbot.addWidget(notebook)
    notebook.show()
    assert not notebook.caja_campos.isVisible()
    tid = n1.insertar(Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09117"]})
    pid = n1.insertar(Persona, {"territorio_id": tid, "nombre": "Ana Lefiñir"})
    ficha = FichaPersona(tareas_de(n1), pid)
    qtbot.addWidget(ficha)
    ficha.show()
    assert not ficha.formulario.isRowVisible(ficha.telefono)
    assert not ficha.formulario.isRowVisible(ficha.afro)
    assert ficha.formulario.isRowVisible(ficha.pueblo) and ficha.formulario.isRowVisible(ficha.rut)
    for a in (oficina, n1):
        a.cerrar()
