"""F1 abre la guía en la página de la pantalla en uso; la lista de atajos sale de las acciones."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from pir_campo.recursos import ruta_recurso
from ui import ayuda, menus, registro

GUIA = ruta_recurso("guia")


def test_cada_pagina_de_la_guia_existe_y_sus_imagenes_tambien():
    paginas = {s.ayuda for s in registro.SECCIONES} | {e.ayuda for e in registro.EDITORES.values()}
    paginas |= {s.ayuda for s in registro.cargar_areas()}
    for nombre in {p.partition("#")[0] for p in paginas} | {"inicio"}:
        html = (GUIA / f"{nombre}.html").read_text(encoding="utf-8")
        assert '<html lang="es">' in html
        for imagen in re.findall(r'src="([^"]+)"', html):
            assert (GUIA / imagen).is_file(), f"{nombre}: falta {imagen}"
        for enlace in re.findall(r'href="([^"]+)"', html):
            assert (GUIA / enlace).is_file(), f"{nombre}: enlace roto {enlace}"


def test_f1_abre_la_guia_en_la_pagina_de_cada_pantalla(qtbot, ventana):
    for i, seccion in enumerate(ventana.secciones):
        ventana.ir_a(i)
        dialogo = menus.mostrar_ayuda(ventana)
        qtbot.addWidget(dialogo)
        pagina, _, parte = seccion.ayuda.partition("#")
        fuente = dialogo.guia.source()
        assert (fuente.fileName(), fuente.fragment()) == (f"{pagina}.html", parte), seccion.titulo
        assert dialogo.guia.toPlainText().strip()
        if parte:  # bajó hasta la sección de esa pantalla, no se quedó al comienzo de la página
            qtbot.waitUntil(lambda d=dialogo: d.guia.verticalScrollBar().value() > 0, timeout=2000)
        dialogo.close()


def test_f1_en_el_editor_de_taller_abre_su_pagina_y_lista_sus_atajos(qtbot, ventana):
    qtbot.keyClick(ventana.navegacion, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ventana.pagina_actual().property("pagina_guia") == "taller"
    qtbot.keyClick(ventana.pagina_actual(), Qt.Key.Key_F1)
    dialogo = ventana.dialogo_ayuda
    qtbot.addWidget(dialogo)
    assert dialogo.isVisible() and dialogo.guia.source().fileName() == "taller.html"
    assert "Cerrar" in dialogo.guia.toPlainText()
    filas = {
        (dialogo.tabla.item(i, 0).text(), dialogo.tabla.item(i, 1).text())
        for i in range(dialogo.tabla.rowCount())
    }
    assert ("Ctrl+N", "Nuevo taller") in filas
    assert ("Ctrl+Shift+C", "Taller: cerrar taller") in filas  # los del editor también
    assert ("Alt+2", "Taller: pestaña «Asistencia»") in filas
    assert ("F1", "Guía de uso") in filas
    dialogo.close()


def test_los_atajos_salen_de_las_acciones_y_no_se_repiten(qtbot, ventana):
    filas = ayuda.atajos(ventana, ventana.pagina_actual())
    assert len(filas) == len(set(filas))
    assert all(tecla and texto and "&" not in texto for tecla, texto in filas)


def test_ninguna_tecla_de_la_ventana_hace_dos_cosas(ventana):
    """Una tecla con dos acciones no hace ninguna (Qt la declara ambigua): la guía no podría
    nombrarla. Así estaba Ctrl+Shift+U en «Duplicados» y «Enviar a los notebooks»."""
    from collections import Counter

    repetidas = Counter(tecla for tecla, _ in ayuda.atajos(ventana))
    assert [t for t, n in repetidas.items() if n > 1] == []


def test_f1_en_el_acta_y_en_la_ficha_de_una_persona(qtbot, ventana, almacen_demo):
    from pir_campo.modelos import ActaValidacion, Persona

    for tipo, modelo, pagina in (
        ("acta", ActaValidacion, "imprimir-firmar.html"),
        ("persona", Persona, "datos-personales.html"),
    ):
        ventana.abrir_registro(tipo, almacen_demo.listar(modelo, orden="id")[0]["id"])
        dialogo = menus.mostrar_ayuda(ventana)
        qtbot.addWidget(dialogo)
        assert dialogo.guia.source().fileName() == pagina, tipo
        dialogo.close()
        ventana.volver()


def test_f1_en_el_asistente_de_la_primera_vez_abre_el_primer_dia(qtbot, tmp_path):
    """Antes de que exista la ventana principal, F1 ya lleva a la guía del primer día."""
    from ui.asistente_inicio import AsistenteInicio

    asistente = AsistenteInicio(tmp_path / "nueva" / "pir_campo.sqlite")
    qtbot.addWidget(asistente)
    asistente.show()
    asistente.activateWindow()
    qtbot.waitUntil(asistente.isActiveWindow, timeout=2000)
    qtbot.keyClick(asistente.nombre, Qt.Key.Key_F1)
    dialogo = asistente.dialogo_ayuda
    qtbot.addWidget(dialogo)
    assert dialogo.isVisible() and dialogo.guia.source().fileName() == "primer-dia.html"
    assert "Crear y comenzar" in dialogo.guia.toPlainText()
    dialogo.close()
    assert not (tmp_path / "nueva").exists()  # pedir ayuda no crea la base
