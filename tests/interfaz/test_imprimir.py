"""«Imprimir…» desde cada registro: el botón de la pantalla y Archivo > Imprimir… (Ctrl+P)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Pmdt, Taller, Territorio
from pir_campo.servicios import talleres as srv_talleres
from tests.interfaz.teclado import escribir
from ui import documentos as ui_documentos
from ui import menus
from ui.acta.editor import EditorActa
from ui.pantallas.territorio import PantallaTerritorio
from ui.planificacion.pantalla_capacidad import PantallaCapacidad
from ui.planificacion.pantalla_pmdt import PantallaPmdt
from ui.taller.editor import EditorTaller
from ui.ventana_principal import VentanaPrincipal


@pytest.fixture
def abiertos(monkeypatch, tmp_path):
    """El visor del sistema no se abre en las pruebas: se anota qué PDF habría abierto."""
    rutas: list[Path] = []
    monkeypatch.setattr(ui_documentos, "CARPETA_TEMPORAL", tmp_path / "temporal")
    monkeypatch.setattr(ui_documentos, "abrir_en_visor", lambda r: rutas.append(r) or True)
    return rutas


@pytest.fixture
def guardar_en(monkeypatch, tmp_path):
    """«Guardar como…» sin el diálogo de archivos: responde una ruta en tmp_path."""
    destino = tmp_path / "guardado"
    monkeypatch.setattr(
        ui_documentos.QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(destino), "")),
    )
    return destino.with_suffix(".pdf")


def _tipos(dialogo) -> list[str]:
    return [dialogo.tipo.itemText(i) for i in range(dialogo.tipo.count())]


def _texto(ruta: Path) -> str:
    assert ruta.read_bytes().startswith(b"%PDF-")
    return "".join(p.extract_text() for p in PdfReader(ruta).pages)


def _imprimir(qtbot, pantalla):
    assert pantalla.boton_imprimir.isEnabled()
    assert "Ctrl+P" in pantalla.boton_imprimir.toolTip()
    qtbot.mouseClick(pantalla.boton_imprimir, Qt.MouseButton.LeftButton)
    dialogo = pantalla.dialogo_imprimir
    assert dialogo.isVisible() and dialogo.isModal()
    return dialogo


def _datos(ruta: Path):
    with Almacen.abrir(ruta) as a:
        taller = a.listar(Taller, limite=1)[0]
        acta = a.listar(ActaValidacion, limite=1)[0]
        territorio = a.obtener(Territorio, taller["territorio_id"])
    return taller, acta, territorio


def test_taller_imprime_acta_y_lista(qtbot, tareas_demo, ruta_demo, guardar_en):
    taller, _acta, _t = _datos(ruta_demo)
    editor = EditorTaller(tareas_demo, taller["id"])
    qtbot.addWidget(editor)
    editor.show()
    dialogo = _imprimir(qtbot, editor)
    assert _tipos(dialogo) == ["Acta de taller", "Lista de asistencia"]
    assert dialogo.tipo_elegido == "acta-taller"  # ya hay asistentes: el acta primero
    # La persona reconoce el registro por su título y fecha, no por el código.
    assert f"Taller «{taller['titulo']}» del " in dialogo.registro.text()
    assert taller["titulo"] in dialogo.windowTitle()
    qtbot.mouseClick(dialogo.guardar, Qt.MouseButton.LeftButton)
    assert taller["titulo"] in _texto(guardar_en)
    assert dialogo.ultimo == guardar_en and "Documento listo" in dialogo.estado.text()


def test_taller_sin_asistentes_ofrece_la_lista_en_blanco(qtbot, tareas_demo, ruta_demo, abiertos):
    taller, _acta, _t = _datos(ruta_demo)
    with Almacen.abrir(ruta_demo) as a:
        nuevo = srv_talleres.nuevo(a, taller["territorio_id"], 3)
        titulo = a.obtener(Taller, nuevo)["titulo"]
    editor = EditorTaller(tareas_demo, nuevo)
    qtbot.addWidget(editor)
    editor.show()
    dialogo = _imprimir(qtbot, editor)
    assert dialogo.tipo_elegido == "lista-asistencia"
    assert dialogo.en_blanco.isEnabled() and dialogo.en_blanco.value() == 30
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    assert len(abiertos) == 1 and abiertos[0].name.startswith("lista-asistencia-")
    texto = _texto(abiertos[0])
    # El número de cada fila en blanco sale junto a su casilla «Autorizo» (☐).
    filas = [
        int(linea.split()[0])
        for linea in texto.splitlines()
        if linea.split() and linea.split()[0].isdigit() and linea.split()[1:] in ([], ["☐"])
    ]
    assert titulo in texto and max(filas) == 30  # 30 filas numeradas para firmar


def test_lo_recien_escrito_sale_en_el_documento(qtbot, tareas_demo, ruta_demo, abiertos):
    with Almacen.abrir(ruta_demo) as a:
        taller = next(t for t in a.listar(Taller) if t["estado"] == "borrador")
    editor = EditorTaller(tareas_demo, taller["id"])
    qtbot.addWidget(editor)
    editor.show()
    editor.titulo.clear()
    escribir(editor.titulo, "Reunión en Ñielol")
    dialogo = _imprimir(qtbot, editor)  # sin esperar el autoguardado
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    assert "Reunión en Ñielol" in _texto(abiertos[0])


def test_acta_de_validacion(qtbot, tareas_demo, ruta_demo, guardar_en):
    _taller, acta, _t = _datos(ruta_demo)
    editor = EditorActa(tareas_demo, acta["id"])
    qtbot.addWidget(editor)
    editor.show()
    dialogo = _imprimir(qtbot, editor)
    assert _tipos(dialogo) == ["Acta de validación"]
    assert dialogo.registro.text().startswith("Acta de validación")
    assert not dialogo.en_blanco.isEnabled()
    qtbot.mouseClick(dialogo.guardar, Qt.MouseButton.LeftButton)
    assert "ACTA DE VALIDACI" in _texto(guardar_en).upper()


def test_ficha_de_territorio(qtbot, tareas_demo, ruta_demo, abiertos):
    _taller, _acta, territorio = _datos(ruta_demo)
    pantalla = PantallaTerritorio(tareas_demo, territorio["id"])
    qtbot.addWidget(pantalla)
    pantalla.show()
    dialogo = _imprimir(qtbot, pantalla)
    assert _tipos(dialogo) == ["Ficha de territorio"]
    assert dialogo.registro.text().startswith(f"Territorio {territorio['nombre']} · código ")
    qtbot.mouseClick(dialogo.imprimir, Qt.MouseButton.LeftButton)
    assert territorio["nombre"] in _texto(abiertos[0])


def test_pmdt_de_la_version_mostrada(qtbot, tareas_demo, ruta_demo, abiertos):
    _taller, _acta, territorio = _datos(ruta_demo)
    with Almacen.abrir(ruta_demo) as a:
        versiones = a.listar(Pmdt, orden="version", territorio_id=territorio["id"])
    assert len(versiones) >= 2
    pantalla = PantallaPmdt(tareas_demo, territorio["id"])
    qtbot.addWidget(pantalla)
    pantalla.show()
    pantalla.version.setCurrentIndex(pantalla.version.findData(versiones[0]["id"]))
    assert pantalla.pmdt_id() == versiones[0]["id"]
    dialogo = _imprimir(qtbot, pantalla)
    assert _tipos(dialogo) == ["Resumen del PMDT"]
    assert dialogo.id_registro == versiones[0]["id"]
    assert dialogo.registro.text().startswith("PMDT · Versión 1 · ")
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    assert "versión 1 del" in _texto(abiertos[0])


def test_pmdt_sin_plan_no_imprime(qtbot, tareas_vacia):
    with Almacen.abrir(tareas_vacia.ruta) as a:
        tid = a.insertar(
            Territorio, {"nombre": "Sin plan", "cut_region": "16", "comunas": ["16101"]}
        )
    pantalla = PantallaPmdt(tareas_vacia, tid)
    qtbot.addWidget(pantalla)
    assert not pantalla.boton_imprimir.isEnabled()
    assert pantalla.registro_para_imprimir() is None
    assert ui_documentos.abrir_dialogo(pantalla) is None


def test_diagnostico_de_la_organizacion_elegida(qtbot, tareas_demo, ruta_demo, guardar_en):
    _taller, _acta, territorio = _datos(ruta_demo)
    pantalla = PantallaCapacidad(tareas_demo, territorio["id"])
    qtbot.addWidget(pantalla)
    pantalla.show()
    filas = pantalla.modelo.filas
    con_diagnostico = [i for i, f in enumerate(filas) if f["nivel"]]
    pantalla.vista.selectRow(con_diagnostico[-1])
    ultimo = pantalla.detalle["ultimo"]
    dialogo = _imprimir(qtbot, pantalla)
    assert _tipos(dialogo) == ["Diagnóstico de capacidad de gestión"]
    assert dialogo.id_registro == ultimo["id"]
    nombre = filas[con_diagnostico[-1]]["organizacion"]
    assert dialogo.registro.text().startswith(f"Diagnóstico de {nombre} del ")
    qtbot.mouseClick(dialogo.guardar, Qt.MouseButton.LeftButton)
    assert nombre in _texto(guardar_en)


def _ctrl_p(qtbot, ventana):
    qtbot.keyClick(ventana.pagina_actual(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    return getattr(ventana.pagina_actual(), "dialogo_imprimir", None)


def test_ctrl_p_en_la_ventana_actua_sobre_la_pantalla(qtbot, tareas_demo, ruta_demo, abiertos):
    taller, acta, _t = _datos(ruta_demo)
    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    assert ventana.accion_imprimir.shortcut().toString() == "Ctrl+P"
    ventana.ir_a(menus.indice_de(ventana, "territorio"))  # la aplicación abre en Inicio
    qtbot.waitUntil(lambda: ventana.pagina_actual().ficha is not None, timeout=5000)
    assert isinstance(ventana.pagina_actual(), PantallaTerritorio)
    dialogo = _ctrl_p(qtbot, ventana)
    assert _tipos(dialogo) == ["Ficha de territorio"]
    assert dialogo.id_registro == ventana.territorio_id
    dialogo.reject()

    ventana.abrir_registro("taller", taller["id"])
    dialogo = _ctrl_p(qtbot, ventana)
    assert _tipos(dialogo) == ["Acta de taller", "Lista de asistencia"]
    qtbot.mouseClick(dialogo.vista, Qt.MouseButton.LeftButton)
    assert taller["titulo"] in _texto(abiertos[-1])
    dialogo.reject()

    ventana.abrir_registro("acta", acta["id"])
    assert _tipos(_ctrl_p(qtbot, ventana)) == ["Acta de validación"]
    ventana.pagina_actual().dialogo_imprimir.reject()

    pmdt = next(i for i, s in enumerate(ventana.secciones) if s.titulo == "PMDT")
    ventana.ir_a(pmdt)
    dialogo = _ctrl_p(qtbot, ventana)
    assert dialogo.id_registro == ventana.pagina_actual().pmdt_id()
    dialogo.reject()

    capacidad = next(
        i for i, s in enumerate(ventana.secciones) if s.titulo == "Capacidad de gestión"
    )
    ventana.ir_a(capacidad)
    pagina = ventana.pagina_actual()
    sin = next(i for i, f in enumerate(pagina.modelo.filas) if not f["nivel"])
    pagina.vista.selectRow(sin)  # organización sin diagnóstico: nada que imprimir aún
    assert not pagina.boton_imprimir.isEnabled()
    assert _ctrl_p(qtbot, ventana) is None
    assert "elija una organización con diagnóstico" in ventana.statusBar().currentMessage()

    ventana.ir_a(menus.indice_de(ventana, "territorios"))  # la lista no tiene un documento propio
    assert _ctrl_p(qtbot, ventana) is None
    assert "no hay un documento para imprimir" in ventana.statusBar().currentMessage()
