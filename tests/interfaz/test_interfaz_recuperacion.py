"""Frase olvidada por la interfaz, con dos bases reales: el notebook escribe la solicitud desde
el diálogo de la frase, la oficina la responde desde Archivo y el notebook pone una frase nueva."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorClave
from pir_campo.sincro import identidad
from tests.interfaz.teclado import escribir
from ui import dialogos
from ui import recuperacion as ui_recuperacion
from ui.frase import DialogoFrase
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal

OLVIDADA, OFICINA, NUEVA = "frase olvidada 123", "oficina temuco 2026", "ñandú laguna sur 77"
TEXTO_ACCION = "Responder solicitud de recuperación…"


@pytest.fixture
def bases(tmp_path):
    """Un notebook con su llave sellada a la oficina, y la oficina que lo tiene registrado."""
    nb, of = tmp_path / "notebook.sqlite", tmp_path / "oficina.sqlite"
    Almacen.iniciar(of, "oficina", "GORE Araucanía", "09", frase=OFICINA).cerrar()
    Almacen.iniciar(nb, "campo", "Ana Pérez", "09", frase=OLVIDADA).cerrar()
    ids = {ruta: tmp_path / f"{ruta.stem}.pirid" for ruta in (nb, of)}
    for ruta, frase in ((nb, OLVIDADA), (of, OFICINA)):
        with Almacen.abrir(ruta, frase) as a:
            identidad.escribir(a, ids[ruta])
    with Almacen.abrir(nb, OLVIDADA) as a:
        identidad.confiar(a, identidad.leer(ids[of]))
    with Almacen.abrir(of, OFICINA) as a:
        identidad.confiar(a, identidad.leer(ids[nb]))
    return nb, of


def contesta(preguntas: list[str], si: bool):
    """En lugar de `dialogos.confirmar`: guarda lo que se preguntó y contesta `si`."""

    def confirmar(_padre, _titulo, texto, *_a, **_k) -> bool:
        preguntas.append(texto)
        return si

    return confirmar


def accion_de_archivo(ventana: VentanaPrincipal) -> QAction:
    [menu] = [m for m in ventana.menuBar().actions() if m.text() == "&Archivo"]
    [accion] = [a for a in menu.menu().actions() if a.text().replace("&", "") == TEXTO_ACCION]
    return accion


def test_recuperacion_por_la_interfaz_de_punta_a_punta(qtbot, bases, tmp_path, monkeypatch):
    nb, of = bases
    solicitud, respuesta = tmp_path / "pendrive" / "solicitud.json", tmp_path / "respuesta.json"
    solicitud.parent.mkdir()
    avisos: list[str] = []
    preguntas: list[str] = []
    monkeypatch.setattr(dialogos, "informar", lambda _p, _t, texto: avisos.append(texto))
    monkeypatch.setattr(dialogos, "error", lambda _p, texto, *a: pytest.fail(texto))

    # 1. En el notebook, sin la frase: «Olvidé mi frase…» explica y escribe la solicitud.
    dialogo = DialogoFrase(nb)
    qtbot.addWidget(dialogo)
    assert dialogo.aplicar.isHidden()  # sin solicitud pendiente no hay respuesta que aplicar
    monkeypatch.setattr(dialogos, "confirmar", contesta(preguntas, True))
    monkeypatch.setattr(dialogos, "guardar_como", lambda *a: solicitud)
    qtbot.mouseClick(dialogo.olvide, Qt.MouseButton.LeftButton)
    assert "oficina regional" in preguntas[-1] and "pendrive" in preguntas[-1]
    assert solicitud.is_file() and b"Ana" not in solicitud.read_bytes()
    huella = next(p for p in avisos[-1].split("\n") if p.startswith("Huella")).split(": ")[1]
    assert str(solicitud) in avisos[-1] and len(huella) == 11
    assert not dialogo.aplicar.isHidden() and dialogo.frase is None

    # 2. En la oficina: Archivo > Responder… muestra quién pide y responde solo si se confirma.
    tareas = Tareas(of, en_linea=True, frase=OFICINA)
    ventana = VentanaPrincipal(tareas)
    qtbot.addWidget(ventana)
    ventana.show()
    qtbot.waitUntil(lambda: ventana.areas_cargadas, timeout=5000)
    accion = accion_de_archivo(ventana)
    assert accion.isVisible()
    monkeypatch.setattr(dialogos, "elegir_json", lambda *a: solicitud)
    monkeypatch.setattr(dialogos, "guardar_como", lambda *a: respuesta)
    monkeypatch.setattr(dialogos, "confirmar", contesta(preguntas, False))
    accion.trigger()
    tareas.esperar()
    assert "Notebook: Ana Pérez" in preguntas[-1] and huella in preguntas[-1]
    assert "Identificador: dv_" in preguntas[-1]
    assert not respuesta.exists()  # no confirmó: nada escrito
    monkeypatch.setattr(dialogos, "confirmar", lambda *a: True)
    accion.trigger()
    tareas.esperar()
    assert respuesta.is_file() and "Ana Pérez" in avisos[-1] and str(respuesta) in avisos[-1]
    ventana.close()
    tareas.cerrar()

    # 3. En el notebook: la respuesta y una frase nueva (dos veces; una débil no sirve).
    dialogo = DialogoFrase(nb)
    qtbot.addWidget(dialogo)
    assert not dialogo.aplicar.isHidden()
    monkeypatch.setattr(dialogos, "elegir_json", lambda *a: respuesta)
    rechazos: list[str] = []

    def llenar(pedido: ui_recuperacion.DialogoAplicarRespuesta) -> int:
        escribir(pedido.campos.primera, "corta")
        escribir(pedido.campos.segunda, "corta")
        pedido.aceptar()
        rechazos.append(pedido.aviso.text())
        for campo in (pedido.campos.primera, pedido.campos.segunda):
            campo.clear()
            escribir(campo, NUEVA)
        qtbot.mouseClick(pedido.boton, Qt.MouseButton.LeftButton)
        return pedido.result()

    monkeypatch.setattr(ui_recuperacion.DialogoAplicarRespuesta, "exec", llenar)
    qtbot.mouseClick(dialogo.aplicar, Qt.MouseButton.LeftButton)
    assert "débil" in rechazos[0]
    assert dialogo.frase == NUEVA and dialogo.result() == DialogoFrase.DialogCode.Accepted
    # La aplicación abre la base con la frase que dejó el diálogo; la olvidada ya no sirve.
    tareas = Tareas(nb, en_linea=True, frase=dialogo.frase)
    nombre: list[str] = []
    tareas.ejecutar(lambda a: a.nombre, nombre.append)
    tareas.cerrar()
    assert nombre == ["Ana Pérez"]
    with pytest.raises(ErrorClave):
        Almacen.abrir(nb, OLVIDADA)
    # La respuesta sirve una sola vez: ya no queda una solicitud pendiente.
    despues = DialogoFrase(nb)
    qtbot.addWidget(despues)
    assert despues.aplicar.isHidden()


def test_responder_recuperacion_no_aparece_en_un_notebook(ventana):
    assert not accion_de_archivo(ventana).isVisible()


def test_sin_llave_sellada_se_explica_y_no_se_escribe_nada(qtbot, almacen, tmp_path, monkeypatch):
    almacen.cerrar()
    errores: list[str] = []
    monkeypatch.setattr(dialogos, "error", lambda _p, texto, *a: errores.append(texto))
    monkeypatch.setattr(dialogos, "guardar_como", lambda *a: pytest.fail("no debía preguntar"))
    dialogo = DialogoFrase(almacen.ruta)
    qtbot.addWidget(dialogo)
    qtbot.mouseClick(dialogo.olvide, Qt.MouseButton.LeftButton)
    assert "no se puede recuperar por la oficina" in errores[0]
    assert dialogo.aplicar.isHidden() and not list(tmp_path.glob("*.json"))
