"""Priorizar necesidades en un taller desde la pantalla: lugares, votos y errores."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import Necesidad, Taller, VotoPriorizacion
from tests.conftest import contenido
from tests.datos_planificacion import necesidad, taller, territorio
from ui.planificacion.pantalla_priorizacion import PantallaPriorizacion
from ui.tareas import Tareas


@pytest.fixture
def escena(tmp_path):
    ruta = tmp_path / "campo.sqlite"
    with Almacen.iniciar(ruta, "campo", "Ana Pérez", "09") as a:
        tid = territorio(a)
        cerrado = taller(a, tid, titulo="Diagnóstico participativo")
        a.actualizar(Taller, cerrado, {"estado": "cerrado"})
        abierto = taller(a, tid, titulo="Priorización de la cartera")
        nec = [necesidad(a, tid, t) for t in ("Agua sector alto", "Camino a Huapi", "Sede")]
    tareas = Tareas(ruta, en_linea=True)
    yield ruta, tid, abierto, cerrado, nec, tareas
    tareas.cerrar()


def test_rankear_necesidades_en_un_taller(qtbot, escena):
    ruta, tid, abierto, cerrado, (a, b, c), tareas = escena
    pantalla = PantallaPriorizacion(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert pantalla.taller.currentData() == abierto
    assert pantalla.tabla.rowCount() == 3 and pantalla.guardar.isEnabled()
    qtbot.mouseClick(pantalla.por_lugar, Qt.MouseButton.LeftButton)
    assert pantalla.tabla.isColumnHidden(4) and not pantalla.tabla.isColumnHidden(5)
    pantalla.poner(a, lugar=2)
    pantalla.poner(b, lugar=2)
    pantalla.poner(c, lugar=1)
    antes = contenido(ruta)
    qtbot.mouseClick(pantalla.guardar, Qt.MouseButton.LeftButton)
    assert "El lugar 2 se asignó dos veces" in pantalla.aviso.text()
    assert contenido(ruta) == antes
    pantalla.poner(a, lugar=3)
    qtbot.mouseClick(pantalla.guardar, Qt.MouseButton.LeftButton)
    assert "Priorización guardada" in pantalla.aviso.text()
    with Almacen.abrir(ruta) as alm:
        assert [alm.obtener(Necesidad, n)["prioridad"] for n in (a, b, c)] == [3, 2, 1]
        assert len(alm.listar(VotoPriorizacion, taller_id=abierto)) == 3
    assert "con priorización" in pantalla.taller.currentText()
    # Con votos: más votos, mejor lugar; un empate pide desempatar.
    qtbot.mouseClick(pantalla.por_votos, Qt.MouseButton.LeftButton)
    pantalla.poner(a, votos=14)
    pantalla.poner(b, votos=9)
    pantalla.poner(c, votos=9)
    qtbot.mouseClick(pantalla.guardar, Qt.MouseButton.LeftButton)
    assert "empate de 9 votos" in pantalla.aviso.text()
    pantalla.poner(c, votos=2)
    qtbot.mouseClick(pantalla.guardar, Qt.MouseButton.LeftButton)
    with Almacen.abrir(ruta) as alm:
        assert [alm.obtener(Necesidad, n)["prioridad"] for n in (a, b, c)] == [1, 2, 3]


def test_taller_cerrado_muestra_sin_editar(qtbot, escena):
    _, tid, _, cerrado, _, tareas = escena
    pantalla = PantallaPriorizacion(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    pantalla.taller.setCurrentIndex(pantalla.taller.findData(cerrado))
    assert "cerrado" in pantalla.estado.text() and not pantalla.guardar.isEnabled()
    assert not pantalla.tabla.cellWidget(0, 4).isEnabled()


def test_sin_territorio_no_falla(qtbot, escena):
    *_, tareas = escena
    pantalla = PantallaPriorizacion(tareas, None)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert not hasattr(pantalla, "tabla")
