"""La ficha de una persona entrega sus datos (Ley 21.719): el PDF para ella por el diálogo de
imprimir y la copia JSON y CSV donde se elija."""

from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pir_campo.almacen import Almacen
from ui import documentos as ui_documentos


def _persona(ruta_demo) -> tuple[str, str]:
    with Almacen.abrir(ruta_demo) as a:
        return a.conn.execute(
            "SELECT p.id, p.nombre FROM persona p JOIN asistencia x ON x.persona_id = p.id "
            "GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1"
        ).fetchone()


def test_ficha_imprime_sus_datos_y_guarda_la_copia(
    qtbot, monkeypatch, tareas_demo, ruta_demo, tmp_path
):
    from ui.pantallas.persona import FichaPersona

    pid, nombre = _persona(ruta_demo)
    abiertos = []
    monkeypatch.setattr(ui_documentos, "CARPETA_TEMPORAL", tmp_path / "temporal")
    monkeypatch.setattr(ui_documentos, "abrir_en_visor", lambda r: abiertos.append(r) or True)
    ficha = FichaPersona(tareas_demo, pid)
    qtbot.addWidget(ficha)
    assert ficha.sus_datos.text() == "Sus &datos (PDF)…"
    qtbot.mouseClick(ficha.sus_datos, Qt.MouseButton.LeftButton)
    dialogo = ficha.dialogo_imprimir
    assert dialogo.tipo.currentData() == "datos-persona"
    assert dialogo.windowTitle() == f"Imprimir: {nombre}"
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    texto = "".join(p.extract_text() for p in PdfReader(abiertos[-1]).pages)
    assert "Sus datos en el programa" in texto and nombre in texto
    dialogo.close()

    destino = tmp_path / "copia"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(destino), "Archivos JSON (*.json)")
    )
    qtbot.mouseClick(ficha.copia, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Copia guardada" in ficha.aviso.text(), timeout=5000)
    copia = json.loads((tmp_path / "copia.json").read_text(encoding="utf-8"))
    assert copia["persona"]["id"] == pid and copia["asistencias"]
    assert (tmp_path / "copia.csv").read_text(encoding="utf-8-sig").startswith("Sección;N°;")


def test_ficha_bloquea_levanta_y_suprime_con_confirmacion(
    qtbot, monkeypatch, tareas_demo, ruta_demo
):
    from ui import dialogos
    from ui.pantallas.persona import FichaPersona

    pid, nombre = _persona(ruta_demo)
    preguntas = []

    def responder(_padre, titulo, pregunta, boton):
        preguntas.append((titulo, pregunta, boton))
        return "Lo pidió por escrito"

    monkeypatch.setattr(dialogos, "pedir_motivo", responder)
    ficha = FichaPersona(tareas_demo, pid)
    qtbot.addWidget(ficha)
    qtbot.mouseClick(ficha.bloqueo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ficha.bloqueo.text() == "Levantar el &bloqueo…", timeout=5000)
    assert "búsquedas" in preguntas[-1][1]
    qtbot.mouseClick(ficha.bloqueo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ficha.bloqueo.text() == "&Bloquear sus datos…", timeout=5000)

    qtbot.mouseClick(ficha.suprimir, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ficha.suprimir.isEnabled(), timeout=5000)
    titulo, pregunta, boton = preguntas[-1]
    assert boton == "Suprimir para siempre" and nombre in pregunta
    assert "No se puede deshacer" in pregunta and "respaldos" in pregunta
    assert ficha.nombre.text() == "(dato suprimido)" and ficha.nombre.isReadOnly()
    with Almacen.abrir(ruta_demo) as a:
        assert (
            a.conn.execute("SELECT count(*) FROM persona WHERE nombre = ?", (nombre,)).fetchone()[0]
            == 0
        )
