"""Frase de acceso en la interfaz: pedirla, cambiarla en Ajustes y el bloqueo por inactividad."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from pir_campo.almacen import Almacen
from tests.conftest import FRASE
from tests.interfaz.teclado import escribir
from ui.bloqueo import Bloqueo
from ui.frase import DialogoCambiarFrase, DialogoFrase


def test_dialogo_de_frase_no_deja_entrar_con_una_equivocada(qtbot, almacen):
    almacen.cerrar()
    dialogo = DialogoFrase(almacen.ruta)
    qtbot.addWidget(dialogo)
    assert dialogo.campo.echoMode() == QLineEdit.EchoMode.Password
    escribir(dialogo.campo, "no es la frase")
    dialogo.entrar()
    assert dialogo.frase is None and "no es correcta" in dialogo.aviso.text()
    dialogo.campo.setText(FRASE)
    dialogo.entrar()
    assert dialogo.frase == FRASE and dialogo.result() == DialogoFrase.DialogCode.Accepted


def test_ajustes_cambia_la_frase(qtbot, tareas_vacia):
    dialogo = DialogoCambiarFrase(tareas_vacia)
    qtbot.addWidget(dialogo)
    dialogo.actual.setText(FRASE)
    escribir(dialogo.campos.primera, "araucaria volcán 33")
    escribir(dialogo.campos.segunda, "araucaria volcán 33")
    dialogo.aceptar()
    assert dialogo.result() == DialogoCambiarFrase.DialogCode.Accepted, dialogo.aviso.text()
    tareas_vacia.cerrar()
    with Almacen.abrir(tareas_vacia.ruta, "araucaria volcán 33") as a:
        assert a.comprobar_frase("araucaria volcán 33")


def test_ajustes_rechaza_la_frase_actual_equivocada(qtbot, tareas_vacia):
    dialogo = DialogoCambiarFrase(tareas_vacia)
    qtbot.addWidget(dialogo)
    dialogo.actual.setText("no es la actual de nada")
    dialogo.campos.primera.setText("araucaria volcan 33")
    dialogo.campos.segunda.setText("araucaria volcan 33")
    dialogo.aceptar()
    assert "actual no es correcta" in dialogo.aviso.text()
    assert dialogo.result() != DialogoCambiarFrase.DialogCode.Accepted


def test_seccion_seguridad_en_ajustes(qtbot, tareas_demo):
    from ui.pantallas.ajustes import DialogoAjustes

    dialogo = DialogoAjustes(tareas_demo)
    qtbot.addWidget(dialogo)
    dialogo.bloqueo.setValue(3)
    dialogo.aceptar()
    from ui.bloqueo import minutos_bloqueo

    assert minutos_bloqueo() == 3
    assert dialogo.cambiar_frase.text().startswith("Cambiar la")


def test_bloqueo_por_inactividad_guarda_lo_escrito(qtbot, almacen):
    almacen.cerrar()
    from PySide6.QtWidgets import QMainWindow

    ventana = QMainWindow()
    texto = QPlainTextEdit()
    ventana.setCentralWidget(texto)
    qtbot.addWidget(ventana)
    ventana.show()
    escribir(texto, "Acuerdo: la junta de vecinos revisa el trazado")
    bloqueo = Bloqueo(ventana, almacen.ruta, minutos=0.002)  # ~120 ms
    qtbot.waitUntil(lambda: bloqueo.bloqueada, timeout=3000)
    assert not ventana.isVisible() and bloqueo.dialogo.isVisible()
    bloqueo.dialogo.reject()  # Esc no desbloquea
    assert bloqueo.bloqueada
    bloqueo.dialogo.campo.setText("otra frase que no es")
    bloqueo.dialogo.entrar()
    assert bloqueo.bloqueada and not ventana.isVisible()
    bloqueo.dialogo.campo.setText(FRASE)
    bloqueo.dialogo.entrar()
    assert not bloqueo.bloqueada and ventana.isVisible()
    assert texto.toPlainText() == "Acuerdo: la junta de vecinos revisa el trazado"
    bloqueo.fijar_minutos(0)


def test_restos_de_sesiones_y_paquetes_abandonados_se_borran(tmp_path, monkeypatch):
    import os
    import tempfile
    import time

    from ui import temporales

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    temporales.limpiar()
    vieja = tmp_path / "pir-campo-sesion-abc"
    (vieja / "sub").mkdir(parents=True)
    (vieja / "lista.pdf").write_bytes(b"%PDF- Rosa")
    abandonado, en_curso = tmp_path / "pirb-viejo", tmp_path / "pirb-nuevo"
    abandonado.mkdir()
    en_curso.mkdir()
    hace = time.time() - 24 * 3600
    os.utime(abandonado, (hace, hace))
    actual = temporales.carpeta()
    temporales.limpiar_restos()
    assert not vieja.exists() and not abandonado.exists()
    assert en_curso.exists() and actual.exists()
    temporales.limpiar()
    assert not actual.exists()
