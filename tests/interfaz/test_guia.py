"""La guía no se aleja de la aplicación: lo que una página nombra existe, con el mismo texto.

Convenciones de las páginas de `recursos/guia` (las pruebas las hacen cumplir):

- «Texto» es una etiqueta tal como se ve: menú, botón, campo, pestaña, sección o columna. Debe
  estar en los widgets vivos de la aplicación (ventana, cada sección, los editores y diálogos)
  o ser, entera, una cadena de `ui/` o `pir_campo/` (p. ej. una opción de un aviso).
- «Menú › Elemento» es un elemento de la barra de menús, y debe estar en ese menú.
- <i>…</i> cita un mensaje de la aplicación; «…» marca la parte que cambia. Cada trozo fijo
  está en una cadena del código.
- <code>pir-campo …</code> es una orden de la línea de comandos: la acepta el parser real.
- Ctrl+…, Alt+número, F1: cada tecla nombrada la tiene una acción, un atajo o un botón.
- Nada de inglés ni plurales con paréntesis.
"""

from __future__ import annotations

import ast
import html
import re
import shlex
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from pir_campo.modelos import ActaValidacion, Persona, Taller
from pir_campo.recursos import ruta_recurso
from ui import ayuda, registro

GUIA = ruta_recurso("guia")
RAIZ = Path(__file__).resolve().parents[2]
PAGINAS = sorted(GUIA.glob("*.html"))
PORTABLE = QKeySequence.SequenceFormat.PortableText
# Teclas que Qt da a todo campo o tabla, sin acción propia de la aplicación.
TECLAS_ESTANDAR = {"Ctrl+A", "F2"}


def normal(texto: str) -> str:
    """Como se lee en pantalla: sin «&» de atajo, espacios simples, sin «:» final ni conteo
    entre paréntesis («Asistencia (28)» es la pestaña «Asistencia»)."""
    texto = html.unescape(re.sub(r"<[^>]+>", " ", texto)).replace("&", "")
    texto = re.sub(r"\s+", " ", texto).strip().rstrip(":").strip()
    return re.sub(r" \(\d+\)$", "", texto)


def _sin(html_: str, *etiquetas: str) -> str:
    for e in etiquetas:
        html_ = re.sub(rf"<{e}>.*?</{e}>", " ", html_, flags=re.S)
    return html_


def etiquetas(html_: str) -> list[str]:
    return re.findall(r"«([^»]+)»", _sin(html_, "i", "code"))


def mensajes(html_: str) -> list[str]:
    return [normal(m) for m in re.findall(r"<i>(.*?)</i>", html_, flags=re.S)]


def ordenes(html_: str) -> list[str]:
    return [
        html.unescape(c)
        for c in re.findall(r"<code>(.*?)</code>", html_, flags=re.S)
        if c.startswith("pir-campo")
    ]


def teclas(html_: str) -> set[str]:
    texto = normal(_sin(html_, "code"))
    patron = (
        r"(?<![\w+])(?:Ctrl\+(?:Shift\+)?(?:F\d+|[A-Z0-9,])|Alt\+(?:\d|Izquierda)|F\d+)"
        r"(?![\w+])"
    )
    return {t.replace("Izquierda", "Left") for t in re.findall(patron, texto)}


def _cadenas_del_codigo() -> set[str]:
    """Cada cadena de `ui/` y `pir_campo/`; en una f-string, «…» por cada parte variable."""
    cadenas: set[str] = set()
    for carpeta in ("ui", "pir_campo"):
        for ruta in (RAIZ / carpeta).rglob("*.py"):
            arbol = ast.parse(ruta.read_text(encoding="utf-8"))
            for nodo in ast.walk(arbol):
                if isinstance(nodo, ast.Constant) and isinstance(nodo.value, str):
                    cadenas.add(nodo.value)
                elif isinstance(nodo, ast.JoinedStr):
                    cadenas.add(
                        "".join(
                            p.value if isinstance(p, ast.Constant) else "…" for p in nodo.values
                        )
                    )
    return {re.sub(r"\s+", " ", c) for c in cadenas}


CADENAS = _cadenas_del_codigo()
ETIQUETAS_DEL_CODIGO = {normal(c) for c in CADENAS}


def _textos(raiz: QWidget) -> set[str]:
    """Lo que se lee en los widgets bajo `raiz`, visibles o no (p. ej. lo propio de la oficina)."""
    salida: set[str] = set()

    def poner(texto: str | None) -> None:
        if texto:
            salida.add(normal(texto))
            salida.update(normal(t) for t in re.split(r"<[^>]+>", texto) if t.strip())

    for w in [raiz, *raiz.findChildren(QWidget)]:
        poner(w.accessibleName())
        if isinstance(w, QAbstractButton | QLabel):
            poner(w.text())
        if isinstance(w, QGroupBox):
            poner(w.title())
        if isinstance(w, QLineEdit):
            poner(w.placeholderText())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                poner(w.tabText(i))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                poner(w.itemText(i))
        if isinstance(w, QTableView | QTreeView) and w.model() is not None:
            cabecera = w.horizontalHeader() if isinstance(w, QTableView) else w.header()
            for c in range(cabecera.count()):
                poner(str(w.model().headerData(c, Qt.Orientation.Horizontal) or ""))
        if isinstance(w, QMenu):
            poner(w.title())
    for accion in raiz.findChildren(QAction):
        poner(accion.text())
    return salida


def _atajos(raiz: QWidget) -> set[str]:
    salida = {t for t, _ in ayuda.atajos(raiz)}
    for accion in raiz.findChildren(QAction):
        salida.update(s.toString(PORTABLE) for s in accion.shortcuts())
    salida.update(s.key().toString(PORTABLE) for s in raiz.findChildren(QShortcut))
    salida.update(b.shortcut().toString(PORTABLE) for b in raiz.findChildren(QAbstractButton))
    return salida - {""}


@pytest.fixture
def aplicacion_viva(qtbot, ventana, ruta_demo):
    """Textos, atajos y menús de la aplicación en marcha: cada sección, los tres editores y los
    diálogos que la guía muestra."""
    from pir_campo.almacen import Almacen
    from ui.asistente_inicio import AsistenteInicio
    from ui.documentos import abrir_dialogo
    from ui.exportar_datos import DialogoExportarDatos
    from ui.frase import DialogoFrase
    from ui.pantallas.ajustes import DialogoAjustes

    textos: set[str] = set()
    atajos: set[str] = set()
    with Almacen.abrir(ruta_demo) as a:
        taller = a.listar(Taller, orden="fecha", estado="borrador")[-1]["id"]
        acta = a.listar(ActaValidacion, orden="fecha")[0]["id"]
        persona = a.listar(Persona, orden="nombre")[0]["id"]
    for i, _seccion in enumerate(ventana.secciones):
        ventana.ir_a(i)
    qtbot.wait(200)
    textos |= _textos(ventana)
    atajos |= _atajos(ventana)
    for tipo, id_ in (("taller", taller), ("acta", acta), ("persona", persona)):
        ventana.abrir_registro(tipo, id_)
        editor = ventana.pagina_actual()
        qtbot.wait(300)
        if tipo == "taller":
            qtbot.waitUntil(lambda e=editor: e.adjuntos is not None, timeout=3000)
            dialogo = abrir_dialogo(editor, ventana)
            qtbot.addWidget(dialogo)
            textos |= _textos(dialogo)
            dialogo.close()
        textos |= _textos(ventana)
        atajos |= _atajos(ventana)
        ventana.volver()
    for dialogo in (
        DialogoAjustes(ventana.tareas, ventana),
        DialogoExportarDatos(ventana.tareas, ventana),
        AsistenteInicio(ruta_demo.parent / "nueva.sqlite"),
        DialogoFrase(ruta_demo),
    ):
        qtbot.addWidget(dialogo)
        textos |= _textos(dialogo)
    menus_ = {}
    for accion in ventana.menuBar().actions():
        if accion.menu() is not None:
            menus_[normal(accion.text())] = {normal(a.text()) for a in accion.menu().actions()}
    return {"textos": textos, "atajos": atajos, "menus": menus_}


def test_cada_etiqueta_de_la_guia_existe_en_la_aplicacion(aplicacion_viva):
    vivos, menus_ = aplicacion_viva["textos"], aplicacion_viva["menus"]
    faltan = []
    for pagina in PAGINAS:
        for etiqueta in etiquetas(pagina.read_text(encoding="utf-8")):
            if "›" in etiqueta:
                menu, elemento = (normal(x) for x in etiqueta.split("›", 1))
                if elemento not in menus_.get(menu, set()):
                    faltan.append(f"{pagina.name}: menú «{etiqueta}»")
            elif normal(etiqueta) not in vivos | ETIQUETAS_DEL_CODIGO:
                faltan.append(f"{pagina.name}: «{etiqueta}»")
    assert not faltan, "La guía nombra etiquetas que la aplicación no tiene:\n" + "\n".join(faltan)


def test_cada_tecla_de_la_guia_hace_algo(aplicacion_viva):
    propias = aplicacion_viva["atajos"] | TECLAS_ESTANDAR
    faltan = [
        f"{pagina.name}: {tecla}"
        for pagina in PAGINAS
        for tecla in sorted(teclas(pagina.read_text(encoding="utf-8")))
        if tecla not in propias
    ]
    assert not faltan, "La guía nombra teclas sin acción:\n" + "\n".join(faltan)


def test_cada_mensaje_citado_lo_dice_la_aplicacion():
    faltan = []
    for pagina in PAGINAS:
        for mensaje in mensajes(pagina.read_text(encoding="utf-8")):
            for trozo in (t.strip(" .") for t in mensaje.split("…")):
                if len(trozo) >= 4 and not any(trozo in c for c in CADENAS):
                    faltan.append(f"{pagina.name}: «{trozo}»")
    assert not faltan, "Mensajes citados que la aplicación no da:\n" + "\n".join(faltan)


def test_cada_orden_de_la_guia_la_acepta_la_linea_de_comandos():
    from pir_campo.cli import construir_parser

    parser = construir_parser()
    vistas = 0
    for pagina in PAGINAS:
        for orden in ordenes(pagina.read_text(encoding="utf-8")):
            try:
                parser.parse_args(shlex.split(orden)[1:])
            except SystemExit:
                pytest.fail(f"{pagina.name}: la CLI rechaza «{orden}»")
            vistas += 1
    assert vistas >= 10


INGLES = (
    "the and click file files save cancel open settings backup upload download password login "
    "delete edit button screenshot user help sync print export import shortcut folder sheet "
    "workshop report warning select"
).split()


@pytest.mark.parametrize("pagina", PAGINAS, ids=lambda p: p.stem)
def test_en_espanol_sin_ingles_ni_plurales_con_parentesis(pagina):
    html_ = pagina.read_text(encoding="utf-8")
    texto = normal(_sin(html_, "code"))
    palabras = set(re.findall(r"[a-záéíóúñü]+", texto.lower()))
    assert not palabras & set(INGLES), f"{pagina.name}: {sorted(palabras & set(INGLES))}"
    assert not re.search(r"\w\((?:e?s)\)", texto), f"{pagina.name}: plural con paréntesis"


def test_las_paginas_de_tareas_tienen_pasos_y_que_hacer_si_algo_sale_mal():
    for nombre in (
        "primer-dia",
        "taller",
        "imprimir-firmar",
        "adjuntos",
        "sincronizar",
        "consolidar",
        "conflictos",
        "planificacion",
    ):
        html_ = (GUIA / f"{nombre}.html").read_text(encoding="utf-8")
        assert html_.count("<li>") >= 12, nombre
        assert "<h2>Si algo sale mal</h2>" in html_, nombre
        assert len(normal(html_).split()) >= 300, nombre


def test_cada_imagen_de_la_guia_la_hace_el_script_de_capturas():
    import importlib.util

    spec = importlib.util.spec_from_file_location("capturas", RAIZ / "scripts" / "capturas.py")
    capturas = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(capturas)
    usadas = {
        Path(src).stem
        for pagina in PAGINAS
        for src in re.findall(r'src="([^"]+)"', pagina.read_text(encoding="utf-8"))
    }
    assert usadas <= set(capturas.GUIA), sorted(usadas - set(capturas.GUIA))
    en_disco = {p.stem for p in (GUIA / "img").glob("*.png")}
    assert en_disco <= set(capturas.GUIA), f"imágenes que nadie rehace: {en_disco - usadas}"
    peso = sum(p.stat().st_size for p in (GUIA / "img").glob("*.png"))
    assert peso < 3 * 1024 * 1024, f"{peso / 1048576:.1f} MB de imágenes"


def test_f1_llega_a_la_seccion_de_cada_pantalla():
    """«pagina#seccion» en el registro: la página existe y tiene esa sección (<a name>)."""
    claves = [s.ayuda for s in registro.SECCIONES] + [e.ayuda for e in registro.EDITORES.values()]
    claves += [s.ayuda for s in registro.cargar_areas()]
    for clave in claves:
        pagina, _, seccion = clave.partition("#")
        html_ = (GUIA / f"{pagina}.html").read_text(encoding="utf-8")
        if seccion:
            assert f'<a name="{seccion}">' in html_, clave
        url = ayuda.pagina_guia(clave)
        assert url.fileName() == f"{pagina}.html" and url.fragment() == seccion, clave
