"""Cola de duplicados de la oficina y avisos al anotar a alguien, con widgets reales."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import Persona, Territorio
from pir_campo.servicios import talleres
from tests.interfaz.teclado import escribir, pulsar
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red
from tests.nucleo.test_duplicados_sincro import RUT, _crear_todo
from ui import dialogos
from ui.sincronizacion import SECCIONES, PantallaDuplicados
from ui.taller.editor import TAB_ASISTENCIA, EditorTaller
from ui.tareas import Tareas


@pytest.fixture
def oficina_con_duplicados(tmp_path: Path):
    oficina, notebooks = red(tmp_path, 2)
    tid = oficina.insertar(Territorio, TERRITORIO)
    for n in notebooks:
        enviar(oficina, n, tmp_path)
    for i, n in enumerate(notebooks, 1):
        _crear_todo(n, tid, i)
        enviar(n, oficina, tmp_path)
    tareas = Tareas(oficina.ruta, en_linea=True)
    yield oficina, tareas
    tareas.cerrar()
    for x in (oficina, *notebooks):
        x.cerrar()


def test_cola_muestra_cada_pareja_lado_a_lado_y_fusiona(
    qtbot, qtmodeltester, monkeypatch, oficina_con_duplicados
):
    oficina, tareas = oficina_con_duplicados
    assert "Duplicados" in [s.titulo for s in SECCIONES]
    pantalla = PantallaDuplicados(tareas)
    qtbot.addWidget(pantalla)
    qtmodeltester.check(pantalla.modelo)
    assert [f["tipo"] for f in pantalla.modelo.filas] == ["Persona", "Localidad"]
    assert pantalla.modelo.index(0, 4).data() == "Mismo RUT"
    pantalla.tabla.selectRow(0)
    a, b = pantalla.lado_a.texto(), pantalla.lado_b.texto()
    assert {"Registrado en: notebook1", "Registrado en: notebook2"} <= set(
        (a + " | " + b).split(" | ")
    )
    assert "Cuelgan de él: 1 asistencia" in a and "RUT: 12.345.678-5" in b
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    qtbot.mouseClick(pantalla.lado_b.boton, Qt.MouseButton.LeftButton)
    assert [f["tipo"] for f in pantalla.modelo.filas] == ["Localidad"]
    assert "Fusionado" in pantalla.mensaje.text()
    assert oficina.contar(Persona) == 1
    pantalla.tabla.selectRow(0)
    qtbot.mouseClick(pantalla.lado_a.boton, Qt.MouseButton.LeftButton)
    assert pantalla.modelo.rowCount() == 0
    assert not pantalla.lado_a.isEnabled()
    assert pantalla.mensaje.text() == "No hay posibles duplicados por revisar."


@pytest.fixture
def panel(qtbot, tareas_demo, ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        anterior = talleres.nuevo(a, tid, 2, dt.date(2025, 5, 2))
        talleres.agregar_asistente(a, anterior, {"nombre": "Zoila Ñancupil", "rut": RUT})
        talleres.agregar_asistente(a, anterior, {"nombre": "Ernesto Quiñilén"})
        taller = talleres.nuevo(a, tid, 3, dt.date(2025, 6, 2))
    editor = EditorTaller(tareas_demo, taller)
    qtbot.addWidget(editor)
    editor.resize(1140, 640)
    editor.show()
    qtbot.waitExposed(editor)
    editor.ir_a_pestana(TAB_ASISTENCIA)
    return editor.asistencia, taller


def _escribir_nombre(qtbot, panel, nombre):
    panel.nombre.setFocus()
    escribir(panel.nombre, nombre)
    qtbot.waitUntil(lambda: panel.usar_existente.isVisible(), timeout=2000)
    if panel.completador.popup().isVisible():
        panel.completador.popup().hide()


def test_grilla_avisa_del_nombre_y_ofrece_la_persona_existente(qtbot, panel, ruta_demo):
    panel, taller = panel
    _escribir_nombre(qtbot, panel, "ernesto quinilen")
    assert "Ya existe una persona con ese nombre en el territorio: Ernesto Quiñilén" in (
        panel.aviso.text()
    )
    assert panel.usar_existente.text() == "&Usar a Ernesto Quiñilén"
    pulsar(panel.nombre, Qt.Key.Key_Return)  # primer Enter: no crea a otra, avisa
    assert panel.modelo.rowCount() == 0
    assert "Enter de nuevo la agrega como otra persona" in panel.aviso.text()
    qtbot.mouseClick(panel.usar_existente, Qt.MouseButton.LeftButton)
    assert panel.nombre.text() == "Ernesto Quiñilén"
    pulsar(panel.nombre, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 1
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona, nombre="Ernesto Quiñilén") == 1
        assert a.contar(Persona, nombre="ernesto quinilen") == 0


def test_grilla_homonimo_confirmado_con_segundo_enter(qtbot, panel, ruta_demo):
    panel, _ = panel
    _escribir_nombre(qtbot, panel, "Ernesto Quiñilén")
    pulsar(panel.nombre, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 0
    pulsar(panel.nombre, Qt.Key.Key_Return)
    assert panel.modelo.rowCount() == 1
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona, nombre="Ernesto Quiñilén") == 2


def test_grilla_avisa_del_rut_y_anota_a_la_misma_persona(qtbot, panel, ruta_demo):
    panel, taller = panel
    panel.nombre.setFocus()
    escribir(panel.nombre, "Z. Nancupil")
    panel.completador.popup().hide()
    panel.rut.setFocus()
    escribir(panel.rut, "12.345.678-5")
    qtbot.waitUntil(lambda: panel.usar_existente.isVisible(), timeout=2000)
    assert "con ese RUT en el territorio: Zoila Ñancupil (12.345.678-5, 1 asistencia)" in (
        panel.aviso.text()
    )
    pulsar(panel.nombre, Qt.Key.Key_Return)  # con el mismo RUT no hay duda: es ella
    assert [f["nombre"] for f in panel.modelo.filas] == ["Zoila Ñancupil"]
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona, rut="123456785") == 1


@pytest.fixture
def dos_personas(ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        taller = talleres.nuevo(a, tid, 2, dt.date(2025, 5, 2))
        talleres.agregar_asistente(a, taller, {"nombre": "Zoila Ñancupil", "rut": RUT})
        talleres.agregar_asistente(a, taller, {"nombre": "Zoila Nancupil D."})
        ids = {p["nombre"]: p["id"] for p in a.listar(Persona, territorio_id=tid)}
    return ids["Zoila Ñancupil"], ids["Zoila Nancupil D."]


def test_ficha_avisa_rut_de_otra_persona_no_lo_repite_y_ofrece_fusionar(
    qtbot, monkeypatch, tareas_demo, ruta_demo, dos_personas
):
    from ui.pantallas.persona import FichaPersona

    zoila, copia = dos_personas
    ficha = FichaPersona(tareas_demo, copia)
    qtbot.addWidget(ficha)
    assert ficha.nombre.text() == "Zoila Nancupil D." and not ficha.fusionar.isVisibleTo(ficha)
    ficha.rut.setFocus()
    escribir(ficha.rut, "12.345.678-5")
    qtbot.waitUntil(lambda: ficha.fusionar.isVisibleTo(ficha), timeout=2000)
    assert "Ya existe otra persona con ese RUT en el territorio: Zoila Ñancupil" in (
        ficha.aviso.text()
    )
    assert ficha.fusionar.text() == "&Fusionar con Zoila Ñancupil…"
    qtbot.mouseClick(ficha.guardar, Qt.MouseButton.LeftButton)
    assert "fusione las dos personas en vez de repetir el RUT" in ficha.aviso.text()
    with Almacen.abrir(ruta_demo) as a:
        assert a.obtener(Persona, copia)["rut"] is None
    abiertos = []
    ficha.abrir_registro.connect(lambda tipo, id_: abiertos.append((tipo, id_)))
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    qtbot.mouseClick(ficha.fusionar, Qt.MouseButton.LeftButton)
    assert abiertos == [("persona", zoila)]
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona, id=copia) == 0 and a.contar(Persona, id=zoila) == 1


def test_ficha_avisa_nombre_repetido_y_guarda_otros_datos(
    qtbot, tareas_demo, ruta_demo, dos_personas
):
    from ui.pantallas.persona import FichaPersona

    _, copia = dos_personas
    ficha = FichaPersona(tareas_demo, copia)
    qtbot.addWidget(ficha)
    ficha.nombre.setFocus()
    ficha.nombre.selectAll()
    escribir(ficha.nombre, "ZOILA ñancupil")
    qtbot.waitUntil(lambda: ficha.fusionar.isVisibleTo(ficha), timeout=2000)
    assert "con ese nombre en el territorio: Zoila Ñancupil (12.345.678-5" in ficha.aviso.text()
    ficha.telefono.setFocus()
    escribir(ficha.telefono, "+56 9 4444 3333")
    qtbot.mouseClick(ficha.guardar, Qt.MouseButton.LeftButton)
    with Almacen.abrir(ruta_demo) as a:
        guardada = a.obtener(Persona, copia)
    assert guardada["telefono"] == "+56 9 4444 3333" and guardada["nombre"] == "ZOILA ñancupil"


def test_cola_no_ofrece_fusionar_entre_territorios(qtbot, tmp_path):
    oficina, _ = red(tmp_path, 1)
    for nombre in ("Territorio Lago Budi", "Territorio Toltén"):
        tid = oficina.insertar(Territorio, {**TERRITORIO, "nombre": nombre})
        taller = talleres.nuevo(oficina, tid, 2, dt.date(2025, 3, 4))
        talleres.agregar_asistente(oficina, taller, {"nombre": "Ana Huenchu", "rut": RUT})
    tareas = Tareas(oficina.ruta, en_linea=True)
    try:
        pantalla = PantallaDuplicados(tareas)
        qtbot.addWidget(pantalla)
        assert pantalla.modelo.index(0, 1).data() == "Territorio Lago Budi / Territorio Toltén"
        assert pantalla.modelo.index(0, 4).data() == "Mismo RUT en otro territorio"
        assert not pantalla.lado_a.boton.isEnabled() and not pantalla.lado_b.boton.isEnabled()
        assert "no se fusionan" in pantalla.mensaje.text()
    finally:
        tareas.cerrar()
        oficina.cerrar()
