"""Archivo › Rotar llaves… y Archivo › Guardar llave de recuperación… en la oficina, con una
base real; no aparecen en un notebook."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen, rotacion
from pir_campo.sincro import llave_recuperacion
from tests.interfaz.teclado import escribir
from ui import dialogos
from ui import llaves_oficina as ui_llaves
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal

FRASE_BASE, FRASE_LLAVE = "oficina temuco 2026", "cofre de lenga bajo el puente 88"


def _accion(ventana: VentanaPrincipal, texto: str) -> QAction:
    [menu] = [m for m in ventana.menuBar().actions() if m.text() == "&Archivo"]
    [accion] = [a for a in menu.menu().actions() if a.text().replace("&", "") == texto]
    return accion


def test_rotar_y_guardar_llave_en_la_oficina(qtbot, tmp_path: Path, monkeypatch):
    of = tmp_path / "oficina.sqlite"
    Almacen.iniciar(of, "oficina", "GORE Araucanía", "09", frase=FRASE_BASE).cerrar()
    tareas = Tareas(of, en_linea=True, frase=FRASE_BASE)
    ventana = VentanaPrincipal(tareas)
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitUntil(lambda: ventana.areas_cargadas, timeout=5000)
    avisos: list[str] = []
    monkeypatch.setattr(dialogos, "informar", lambda _p, _t, texto: avisos.append(texto))
    monkeypatch.setattr(dialogos, "error", lambda _p, texto, *a: avisos.append("ERROR " + texto))

    # Rotar: sin confirmar no cambia nada; confirmado, llaves nuevas.
    with Almacen.abrir(of, FRASE_BASE) as a:
        antes = bytes(a.llave_cifrado().public_key)
    preguntas: list[str] = []
    monkeypatch.setattr(
        dialogos, "confirmar", lambda _p, _t, texto, *a, **k: preguntas.append(texto) or False
    )
    rotar = _accion(ventana, "Rotar llaves…")
    assert rotar.isVisible()
    rotar.trigger()
    tareas.esperar()
    assert "90 días" in preguntas[-1]
    with Almacen.abrir(of, FRASE_BASE) as a:
        assert bytes(a.llave_cifrado().public_key) == antes
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    rotar.trigger()
    tareas.esperar()
    assert "Llaves nuevas de la oficina creadas" in avisos[-1]
    with Almacen.abrir(of, FRASE_BASE) as a:
        assert bytes(a.llave_cifrado().public_key) != antes
        assert len(rotacion.rotaciones(a)) == 1

    # Guardar la llave de recuperación: el diálogo pide la frase propia dos veces.
    salida = tmp_path / "llave.pirk"
    monkeypatch.setattr(dialogos, "guardar_como", lambda *a: salida)
    capturas = Path(os.environ.get("PIR_CAPTURAS", tmp_path))

    def llenar(dialogo: ui_llaves.DialogoFraseLlave) -> int:
        dialogo.show()
        escribir(dialogo.campos.primera, FRASE_LLAVE)
        escribir(dialogo.campos.segunda, FRASE_LLAVE)
        QApplication.processEvents()
        dialogo.grab().save(str(capturas / "llave_recuperacion.png"))
        dialogo.aceptar()
        return 1

    monkeypatch.setattr(ui_llaves.DialogoFraseLlave, "exec", llenar)
    _accion(ventana, "Guardar llave de recuperación…").trigger()
    tareas.esperar()
    assert "Huella:" in avisos[-1] and str(salida) in avisos[-1], avisos
    datos = llave_recuperacion.leer(salida)
    secreto = llave_recuperacion.abrir(datos, FRASE_LLAVE)
    with Almacen.abrir(of, FRASE_BASE) as a:
        assert secreto["cifrado_x25519"] == bytes(a.llave_cifrado()).hex()
    ventana.close()
    tareas.cerrar()


def test_no_aparecen_en_un_notebook(ventana):
    for texto in ("Rotar llaves…", "Guardar llave de recuperación…"):
        assert not _accion(ventana, texto).isVisible()
