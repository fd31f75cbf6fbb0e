"""Archivo > Plazo de conservación… en la oficina: el informe, la confirmación que dice lo que
pasará (también con los respaldos) y la supresión; en un notebook, solo una explicación."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from pir_campo import demo
from pir_campo.almacen import Almacen
from pir_campo.planificacion import seguimiento
from pir_campo.servicios import conservacion, supresion
from tests.interfaz.test_publicar_servidor import _accion, _ventana
from tests.nucleo.test_conservacion import cerrar_plan
from ui import dialogos
from ui.tareas import Tareas


def oficina_con_plan_cerrado(carpeta: Path) -> Path:
    ruta = carpeta / "oficina.sqlite"
    with Almacen.iniciar(ruta, "oficina", "GORE Araucanía", "09") as a:
        demo.generar(a, 3, 24, 1)
        cerrar_plan(a, seguimiento.region(a, None)[0].territorio["id"], 8)
    return ruta


@pytest.fixture
def tareas_oficina(tmp_path):
    tareas = Tareas(oficina_con_plan_cerrado(tmp_path), en_linea=True)
    yield tareas
    tareas.cerrar()


def test_informe_confirmacion_y_supresion_desde_la_oficina(
    qtbot, monkeypatch, tareas_oficina, tmp_path
):
    preguntas: list[tuple[str, str]] = []
    respuesta = [False]

    def confirmar(_p, titulo, texto, si="Sí", enter_confirma=False):
        preguntas.append((titulo, texto))
        return respuesta[0]

    monkeypatch.setattr(dialogos, "confirmar", confirmar)

    def suprimidas() -> set[str]:
        hecho: list[set[str]] = []
        tareas_oficina.ejecutar(supresion.suprimidas, hecho.append)
        return hecho[0]

    v = _ventana(qtbot, tareas_oficina)
    accion = _accion(v, "Plazo de &conservación y registros…")
    assert accion.isVisible()
    accion.trigger()
    d = v.ultimo_dialogo_conservacion
    assert d.anos.value() == conservacion.ANOS_POR_OMISION
    assert "plazo cumplido" in d.texto.toPlainText()
    n = len(d.informe.personas)
    assert n > 0 and d.suprimir.text() == f"&Suprimir {n} personas…"
    # Con 10 años el plazo aún no se cumple: no hay a quién suprimir.
    d.anos.setValue(10)
    qtbot.waitUntil(lambda: "plazo no cumplido" in d.texto.toPlainText(), timeout=5000)
    assert not d.suprimir.isEnabled() and d.guardar.isEnabled()
    d.anos.setValue(5)
    qtbot.waitUntil(lambda: d.suprimir.isEnabled(), timeout=5000)

    d.suprimir.click()  # cancelar no suprime nada
    titulo, texto = preguntas[-1]
    assert titulo == "Suprimir por plazo de conservación"
    assert f"{n} personas" in texto and "No se puede deshacer" in texto
    assert "Los respaldos hechos antes de hoy todavía guardan estos datos" in texto
    assert suprimidas() == set()
    respuesta[0] = True
    d.suprimir.click()
    qtbot.waitUntil(lambda: "Datos suprimidos de" in d.aviso.text(), timeout=20000)
    assert len(suprimidas()) == n
    qtbot.waitUntil(lambda: "No quedan datos personales" in d.texto.toPlainText(), timeout=5000)

    destino = tmp_path / "registro.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(destino), "PDF (*.pdf)")
    )
    d.registro.click()
    qtbot.waitUntil(lambda: "Guardado en" in d.aviso.text(), timeout=10000)
    texto = "".join(p.extract_text() for p in PdfReader(destino).pages)
    assert "Registro de solicitudes de derechos" in texto and f"{n} solicitudes" in texto
    d.close()


def test_en_un_notebook_muestra_el_plazo_y_guarda_los_registros(
    qtbot, monkeypatch, tareas_demo, tmp_path
):
    v = _ventana(qtbot, tareas_demo)
    accion = _accion(v, "Plazo de &conservación y registros…")
    assert accion.isVisible()
    accion.trigger()
    d = v.ultimo_dialogo_conservacion
    assert not d.anos.isEnabled() and d.suprimir.isHidden() and d.guardar.isHidden()
    assert "5 años después del cierre del plan" in d.texto.toPlainText()
    destino = tmp_path / "tratamiento.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(destino), "PDF (*.pdf)")
    )
    d.tratamiento.click()
    qtbot.waitUntil(lambda: "Guardado en" in d.aviso.text(), timeout=10000)
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(destino).pages)
    assert "Registro de actividades de tratamiento" in texto
    assert "5 años después del cierre del plan" in texto
    d.close()
