"""Cola de duplicados de la oficina y avisos al anotar a alguien, con widgets reales."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pir_campo.modelos import Persona, Territorio
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red
from tests.nucleo.test_duplicados_sincro import _crear_todo
from ui import dialogos
from ui.sincronizacion import SECCIONES, PantallaDuplicados
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
    assert "Duplicados" in [s[0] for s in SECCIONES]
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
