"""Diálogo de documentos: arma el PDF con Tareas y lo abre, lo guarda o muestra el error."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from pir_campo.modelos import ActaValidacion, Taller
from ui import documentos as ui_documentos
from ui.tareas import Tareas


@pytest.fixture
def tareas(ruta_demo: Path):
    t = Tareas(ruta_demo, en_linea=True)
    yield t
    t.cerrar()


@pytest.fixture
def abiertos(monkeypatch, tmp_path):
    rutas: list[Path] = []
    monkeypatch.setattr(ui_documentos, "CARPETA_TEMPORAL", tmp_path / "temporal")
    monkeypatch.setattr(ui_documentos, "abrir_en_visor", lambda r: rutas.append(r) or True)
    return rutas


def test_vista_previa_de_la_lista_con_filas_en_blanco(qtbot, tareas, almacen_demo, abiertos):
    taller = almacen_demo.listar(Taller, limite=1)[0]
    dialogo = ui_documentos.DialogoDocumento(tareas, "taller", taller["id"])
    qtbot.addWidget(dialogo)
    assert [dialogo.tipo.itemText(i) for i in range(dialogo.tipo.count())] == [
        "Acta de taller",
        "Lista de asistencia",
    ]
    assert not dialogo.en_blanco.isEnabled()
    dialogo.tipo.setCurrentIndex(1)
    assert dialogo.en_blanco.isEnabled()
    dialogo.en_blanco.setValue(0)
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    assert len(abiertos) == 1 and abiertos[0].name.startswith("lista-asistencia-")
    texto = "".join(p.extract_text() for p in PdfReader(abiertos[0]).pages)
    assert taller["titulo"] in texto
    assert "Documento listo" in dialogo.estado.text()
    assert dialogo.vista.isEnabled()


def test_guardar_como_y_error_en_espanol(
    qtbot, tareas, almacen_demo, abiertos, monkeypatch, tmp_path
):
    acta = almacen_demo.listar(ActaValidacion, limite=1)[0]["id"]
    dialogo = ui_documentos.DialogoDocumento(tareas, "acta_validacion", acta)
    qtbot.addWidget(dialogo)
    destino = tmp_path / "acta firmada"
    monkeypatch.setattr(
        ui_documentos.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(destino), "")),
    )
    qtbot.mouseClick(dialogo.guardar, Qt.MouseButton.LeftButton)
    assert (tmp_path / "acta firmada.pdf").read_bytes().startswith(b"%PDF-")
    assert not abiertos

    malo = ui_documentos.DialogoDocumento(
        tareas, "acta_validacion", "01234567-89ab-7def-8123-456789abcdef"
    )
    qtbot.addWidget(malo)
    qtbot.mouseClick(malo.vista, Qt.MouseButton.LeftButton)
    assert malo.estado.text().startswith("No existe ningún registro")
    assert not abiertos and malo.vista.isEnabled()


def test_registro_sin_documentos(qtbot, tareas):
    dialogo = ui_documentos.DialogoDocumento(tareas, "adjunto", "x")
    qtbot.addWidget(dialogo)
    assert not dialogo.vista.isEnabled()
    assert "no tiene documentos" in dialogo.estado.text()


def test_lista_de_asistencia_en_orden_de_llegada(qtbot, tareas, almacen_demo, abiertos):
    from pir_campo.documentos import lista_asistencia

    talleres = almacen_demo.listar(Taller)
    d, taller = next(
        (d, t)
        for t in talleres
        if (d := lista_asistencia.datos(almacen_demo, t["id"]))["_llegada"] != sorted(d["_llegada"])
    )
    alfabetico = [a[0] for a in d["asistentes"]]
    llegada = [alfabetico[i] for i in d["_llegada"]]
    dialogo = ui_documentos.DialogoDocumento(tareas, "taller", taller["id"])
    qtbot.addWidget(dialogo)
    assert not dialogo.orden.isEnabled()
    dialogo.tipo.setCurrentIndex(dialogo.tipo.findData("lista-asistencia"))
    assert dialogo.orden.isEnabled()
    assert [dialogo.orden.itemText(i) for i in range(dialogo.orden.count())] == [
        "Alfabético",
        "De llegada",
    ]
    for n, (orden, esperado) in enumerate((("alfabetico", alfabetico), ("llegada", llegada))):
        dialogo.orden.setCurrentIndex(dialogo.orden.findData(orden))
        qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)  # Tareas en línea: ya está
        assert len(abiertos) == n + 1
        texto = "".join(p.extract_text() for p in PdfReader(abiertos[-1]).pages)
        posiciones = [texto.index(nombre) for nombre in esperado]
        assert posiciones == sorted(posiciones), orden
