"""Archivo > Respaldar en… y Archivo > Restaurar respaldo… sobre la demo, con los diálogos de
archivos respondidos por la prueba, y el respaldo automático al cerrar la ventana."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu

from pir_campo.modelos import Territorio
from pir_campo.respaldo import automatico
from tests.conftest import contenido
from ui import dialogos


def _accion(ventana, texto: str):
    for menu in ventana.menuBar().findChildren(QMenu):
        if menu.title().replace("&", "") == "Archivo":
            for accion in menu.actions():
                if accion.text() == texto:
                    return accion
    raise AssertionError(f"no está «{texto}» en Archivo")


@pytest.fixture
def avisos(monkeypatch):
    """Los avisos modales, anotados en vez de mostrados."""
    dichos: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogos, "informar", lambda _p, titulo, texto: dichos.append((titulo, texto))
    )
    monkeypatch.setattr(
        dialogos, "error", lambda _p, texto, titulo="": dichos.append((titulo, texto))
    )
    return dichos


def _territorios(tareas) -> list[str]:
    nombres: list[str] = []
    tareas.ejecutar(lambda a: [t["nombre"] for t in a.listar(Territorio)], nombres.extend)
    return sorted(nombres)


def test_respaldar_en_una_carpeta_y_restaurar_desde_el_menu(ventana, monkeypatch, tmp_path, avisos):
    usb = tmp_path / "pendrive"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    _accion(ventana, "&Respaldar en…").trigger()
    [respaldo] = usb.glob("demo-*.respaldo")
    titulo, texto = avisos.pop()
    assert titulo == "Respaldo listo" and str(respaldo) in texto
    assert ventana.ultimo_avance.llegado == 100
    ruta = ventana.tareas.ruta
    antes = _territorios(ventana.tareas)

    # Algo escrito después del respaldo.
    ventana.tareas.ejecutar(
        lambda a: a.insertar(
            Territorio, {"nombre": "Escrito después", "cut_region": "09", "comunas": ["09117"]}
        )
    )
    assert "Escrito después" in _territorios(ventana.tareas)

    preguntas: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(respaldo), ""))
    )
    monkeypatch.setattr(
        dialogos, "confirmar", lambda _p, _t, texto, **k: preguntas.append(texto) or True
    )
    _accion(ventana, "Res&taurar respaldo…").trigger()
    assert preguntas and "queda como copia" in preguntas[0]
    titulo, texto = avisos.pop()
    assert titulo == "Respaldo restaurado", texto
    assert _territorios(ventana.tareas) == antes
    # La ventana se volvió a leer: el selector ya no ofrece lo escrito después.
    textos = [ventana.selector.itemText(i) for i in range(ventana.selector.count())]
    assert not any(t.startswith("Escrito después") for t in textos) and textos
    [conservada] = ruta.parent.glob("demo.antes-de-restaurar-*.sqlite")
    assert any(
        fila for fila in contenido(conservada)["territorio"] if "Escrito después" in repr(fila)
    )


def test_restaurar_un_archivo_que_no_es_respaldo_lo_dice_y_no_cambia_nada(
    ventana, monkeypatch, tmp_path, avisos
):
    malo = tmp_path / "foto.respaldo"
    malo.write_bytes(b"\x89PNG no soy un respaldo")
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    antes = contenido(ventana.tareas.ruta)
    from ui import respaldo

    respaldo.restaurar(ventana, malo)
    titulo, texto = avisos.pop()
    assert titulo == "No se restauró el respaldo" and "no se cambió nada" in texto
    assert contenido(ventana.tareas.ruta) == antes
    assert ventana.selector.count() > 0  # la base se volvió a abrir


def test_respaldo_automatico_al_cerrar_y_uno_al_dia(ventana):
    ruta = ventana.tareas.ruta
    ventana.respaldos.si_toca()
    ventana.respaldos.si_toca()  # el núcleo dice que ya no toca
    assert len(automatico.existentes(ruta)) == 1
    automatico.existentes(ruta)[0][1].unlink()
    ventana.close()
    [(_, hecho)] = automatico.existentes(ruta)
    assert hecho.parent == automatico.carpeta(ruta) == Path(f"{ruta}.respaldos")
    assert ventana.respaldos is None  # un solo respaldo por cierre


def test_restaurar_en_el_hilo_de_la_base(qtbot, ruta_demo, tmp_path):
    """Como en la aplicación: la base vive en su hilo, que la cierra, restaura y la reabre."""
    from pir_campo.respaldo import archivo
    from pir_campo.respaldo.restaurar import restaurar
    from ui.tareas import Tareas

    tareas = Tareas(ruta_demo)
    try:
        hechos: list = []
        tareas.ejecutar(lambda a: archivo.escribir(a, tmp_path / "r.respaldo"), hechos.append)
        tareas.esperar()
        nombre = {"nombre": "Escrito después", "cut_region": "09", "comunas": ["09117"]}
        tareas.ejecutar(lambda a: a.insertar(Territorio, nombre))
        tareas.esperar()
        assert "Escrito después" in _hilo(tareas)
        tareas.ejecutar(
            lambda sin_base: restaurar(ruta_demo, hechos[0].ruta, None),
            hechos.append,
            hechos.append,
            sin_base=True,
        )
        tareas.esperar()
        assert hechos[-1].conservada is not None, hechos[-1]
        assert "Escrito después" not in _hilo(tareas)
    finally:
        tareas.cerrar()


def _hilo(tareas) -> list[str]:
    nombres: list[str] = []
    tareas.ejecutar(lambda a: [t["nombre"] for t in a.listar(Territorio)], nombres.extend)
    tareas.esperar()
    return nombres
