"""Archivo > Publicar en servidor… en una oficina, contra el PostgreSQL real de las pruebas."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from pir_campo import demo
from pir_campo.almacen import Almacen
from tests.servidor_pg import CLAVE
from ui import dialogos
from ui.tareas import Tareas


def _accion(ventana, texto: str):
    for menu in ventana.menuBar().findChildren(QMenu):
        if menu.title().replace("&", "") == "Archivo":
            for accion in menu.actions():
                if accion.text() == texto:
                    return accion
    raise AssertionError(f"no está «{texto}» en Archivo")


@pytest.fixture
def avisos(monkeypatch):
    dichos: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogos, "informar", lambda _p, t, x: dichos.append((t, x)))
    monkeypatch.setattr(dialogos, "error", lambda _p, x, t="": dichos.append((t, x)))
    return dichos


def _ventana(qtbot, tareas):
    from ui.ventana_principal import VentanaPrincipal

    v = VentanaPrincipal(tareas)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitUntil(lambda: v.areas_cargadas, timeout=5000)
    return v


def test_publicar_en_servidor_desde_la_oficina(qtbot, tmp_path, servidor_pg, esquema_pg, avisos):
    ruta = tmp_path / "oficina.sqlite"
    Almacen.iniciar(
        ruta, "oficina", "GORE Araucanía", "09", llenar=lambda a: demo.generar(a, 2, 8, 1)
    ).cerrar()
    tareas = Tareas(ruta, en_linea=True)
    try:
        v = _ventana(qtbot, tareas)
        accion = _accion(v, "Publicar en ser&vidor…")
        assert accion.isVisible()
        accion.trigger()
        d = v.ultimo_dialogo_publicar
        assert "aún no ha publicado" in d.ultima.text()
        d.url.setText(servidor_pg.url(clave=None))
        d.esquema.setText(esquema_pg)
        d.clave.setText("equivocada")
        d.b_publicar.click()
        titulo, texto = avisos.pop()
        assert titulo == "No se publicó" and "rechazó el usuario o la contraseña" in texto
        d.clave.setText(CLAVE)
        d.b_publicar.click()
        titulo, texto = avisos.pop()
        assert titulo == "Publicación lista" and "sin datos personales" in texto
        assert d.clave.text() == "" and "se enviaron" in d.ultima.text()
        with servidor_pg.conectar() as c:
            personas = c.execute(f"SELECT count(*) FROM {esquema_pg}.persona").fetchone()[0]
        v.close()
    finally:
        tareas.cerrar()
    with Almacen.abrir(ruta) as a:
        assert personas == a.resumen()["conteos"]["personas"] > 0
        # Ni la contraseña ni nada de ella quedó en la base.
        ajustes = a.conn.execute("SELECT valor FROM estado_sincro").fetchall()
        assert not any(CLAVE in (valor or "") for (valor,) in ajustes)
        assert "password" not in str(ajustes)

    # Al volver a abrir, el diálogo recuerda el servidor (sin contraseña) y lo enviado.
    tareas = Tareas(ruta, en_linea=True)
    try:
        v = _ventana(qtbot, tareas)
        _accion(v, "Publicar en ser&vidor…").trigger()
        d = v.ultimo_dialogo_publicar
        assert "Última publicación" in d.ultima.text() and "se enviaron" in d.ultima.text()
        assert str(servidor_pg.carpeta) in d.url.text() and d.esquema.text() == esquema_pg
        d.clave.setText(CLAVE)
        d.b_publicar.click()
        assert avisos.pop()[1].endswith("no había cambios que enviar.")
        v.close()
    finally:
        tareas.cerrar()


def test_un_notebook_no_publica_en_servidor(ventana, avisos):
    accion = _accion(ventana, "Publicar en ser&vidor…")
    assert not accion.isVisible()  # solo en modo oficina
    accion.trigger()  # y si se llegara a pedir, lo explica
    titulo, texto = avisos.pop()
    assert titulo == "Publicar en servidor" and "desde la oficina regional" in texto
