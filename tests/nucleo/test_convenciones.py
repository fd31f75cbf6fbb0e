"""Pruebas que cuidan convenciones además de comportamiento (como test_docs.py de sqlite-utils)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import RAIZ

_IMPORTAR_TODO = """
import importlib, pkgutil, sys
import pir_campo
for m in pkgutil.walk_packages(pir_campo.__path__, "pir_campo."):
    if m.name != "pir_campo.__main__":
        importlib.import_module(m.name)
qt = sorted(n for n in sys.modules if n.startswith(("PySide6", "shiboken6", "ui")))
print(len([n for n in sys.modules if n.startswith("pir_campo")]), qt)
"""


def test_el_nucleo_no_importa_qt():
    resultado = subprocess.run(
        [sys.executable, "-c", _IMPORTAR_TODO],
        capture_output=True,
        text=True,
        cwd=RAIZ,
        timeout=120,
    )
    assert resultado.returncode == 0, resultado.stderr
    cantidad, qt = resultado.stdout.split(" ", 1)
    assert int(cantidad) > 20
    assert qt.strip() == "[]", f"el núcleo cargó módulos de Qt: {qt}"


def test_ningun_modulo_del_nucleo_importa_qt_ni_la_interfaz():
    # La única excepción es la CLI, que carga `ui.app` por nombre al abrir la aplicación.
    patron = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|ui)\b", re.MULTILINE)
    for ruta in (RAIZ / "pir_campo").rglob("*.py"):
        assert not patron.search(ruta.read_text(encoding="utf-8")), ruta


def test_no_existe_una_carpeta_tests_ui_que_tape_el_paquete():
    assert not (RAIZ / "tests" / "ui").exists()


def test_abrir_la_base_y_leer_la_ficha_no_carga_pydantic():
    # El arranque de la aplicación lee sin validar: pydantic (~0,35 s) se carga después.
    codigo = (
        "import sys\n"
        "import pir_campo.almacen, pir_campo.modelos.enums, pir_campo.servicios.territorio\n"
        # la barra de estado cuenta observaciones y el hilo de la base activa lo recibido
        "import pir_campo.servicios.revision, pir_campo.servicios.envios\n"
        "print(sorted(n for n in sys.modules if n.startswith('pydantic')))\n"
    )
    resultado = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ, timeout=120
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == "[]"


def test_abrir_una_base_y_armar_el_inicio_del_notebook_no_carga_pydantic(ruta_demo):
    # Lo que hace el hilo de la base antes de la primera pantalla: abrir, `al_abrir`, el inicio
    # del notebook y la barra de estado. Los modelos (~0,25 s) no están en ese camino.
    codigo = (
        "import sys\n"
        "from pir_campo.almacen import Almacen\n"
        "from pir_campo.servicios import inicio, revision\n"
        "from pir_campo.servicios.apertura import al_abrir\n"
        f"a = Almacen.abrir({str(ruta_demo)!r})\n"
        "al_abrir(a)\n"
        "inicio.campo(a); a.pendientes_envio(); revision.contar_observaciones(a)\n"
        "print(sorted(n for n in sys.modules if n.startswith('pydantic')))\n"
    )
    resultado = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ, timeout=120
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == "[]"


def test_las_tablas_de_los_modelos_sin_importarlos_son_las_de_cada_modelo():
    from pir_campo import modelos

    assert modelos.TABLAS == tuple(m.tabla for m in modelos.MODELOS)


def _textos_que_no_son_docstring(arbol: ast.AST) -> list[ast.Constant]:
    docstrings = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            if nodo.body and isinstance(nodo.body[0], ast.Expr):
                docstrings.add(id(nodo.body[0].value))
    return [
        n
        for n in ast.walk(arbol)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_nada_lee_la_carpeta_shared_de_afuera_del_repositorio():
    # Quien clona el proyecto en otra parte no tiene ../shared: lo que las pruebas y el programa
    # necesitan viaja en el repositorio (tests/datos/referencia, recursos/).
    culpables = []
    for carpeta in ("pir_campo", "ui", "recursos", "tests", "scripts", "benchmarks"):
        for ruta in (RAIZ / carpeta).rglob("*.py"):
            if ruta == Path(__file__).resolve():
                continue
            arbol = ast.parse(ruta.read_text(encoding="utf-8"))
            for nodo in _textos_que_no_son_docstring(arbol):
                if re.search(r"(^|[/\\])shared($|[/\\])", nodo.value):
                    culpables.append(f"{ruta.relative_to(RAIZ)}:{nodo.lineno}")
    for ruta in [RAIZ / "build.spec", *(RAIZ / ".ci").iterdir()]:
        if "../shared" in ruta.read_text(encoding="utf-8"):
            culpables.append(str(ruta.relative_to(RAIZ)))
    assert culpables == []


def test_la_prueba_de_shared_encuentra_una_lectura_de_afuera():
    arbol = ast.parse('"""Ver ../shared/x."""\nRUTA = RAIZ.parent / "shared"\n')
    assert [n.value for n in _textos_que_no_son_docstring(arbol)] == ["shared"]


def _nodos_en_ejecucion(arbol: ast.AST):
    """Todos los nodos salvo los de `if TYPE_CHECKING:` (solo anotaciones, no se ejecutan)."""
    pendientes = [arbol]
    while pendientes:
        nodo = pendientes.pop()
        yield nodo
        for hijo in ast.iter_child_nodes(nodo):
            if isinstance(hijo, ast.If) and getattr(hijo.test, "id", "") == "TYPE_CHECKING":
                pendientes.extend(hijo.orelse)
                continue
            pendientes.append(hijo)


def _ciclos_de_imports(carpetas: tuple[str, ...]) -> list[list[str]]:
    """Componentes fuertes del grafo de imports (también los perezosos, dentro de funciones)."""
    modulos: dict[str, set[str]] = {}
    for carpeta in carpetas:
        for ruta in (RAIZ / carpeta).rglob("*.py"):
            nombre = ".".join(ruta.relative_to(RAIZ).with_suffix("").parts)
            nombre = nombre.removesuffix(".__init__")
            deps: set[str] = set()
            for nodo in _nodos_en_ejecucion(ast.parse(ruta.read_text(encoding="utf-8"))):
                if isinstance(nodo, ast.ImportFrom) and nodo.module:
                    deps.add(nodo.module)
                    deps.update(f"{nodo.module}.{a.name}" for a in nodo.names)
                elif isinstance(nodo, ast.Import):
                    deps.update(a.name for a in nodo.names)
            modulos[nombre] = deps
    grafo = {m: {d for d in ds if d in modulos and d != m} for m, ds in modulos.items()}
    indice: dict[str, int] = {}
    bajo: dict[str, int] = {}
    pila: list[str] = []
    ciclos: list[list[str]] = []

    def visitar(v: str) -> None:
        indice[v] = bajo[v] = len(indice)
        pila.append(v)
        for w in grafo[v]:
            if w not in indice:
                visitar(w)
                bajo[v] = min(bajo[v], bajo[w])
            elif w in pila:
                bajo[v] = min(bajo[v], indice[w])
        if bajo[v] == indice[v]:
            componente = []
            while True:
                w = pila.pop()
                componente.append(w)
                if w == v:
                    break
            if len(componente) > 1:
                ciclos.append(sorted(componente))

    for v in grafo:
        if v not in indice:
            visitar(v)
    return ciclos


def test_no_hay_circulos_de_imports_en_la_interfaz_ni_en_el_nucleo():
    assert _ciclos_de_imports(("pir_campo", "ui")) == []


def test_la_ventana_pregunta_por_protocolos_y_no_por_hasattr():
    for nombre in ("ventana_principal.py", "menus.py"):
        codigo = (RAIZ / "ui" / nombre).read_text(encoding="utf-8")
        assert not re.search(
            r"hasattr\((pagina|widget|anterior), \"(?!selectAll|showPopup)", codigo
        )


# Nombres `_sunder_` que Python reserva a las enumeraciones (se asignan en `__new__`).
_API_ENUM = {"_value_", "_name_", "_missing_", "_ignore_", "_order_", "_generate_next_value_"}


def _privado(nombre: str) -> bool:
    dunder = nombre.startswith("__") and nombre.endswith("__")
    return nombre.startswith("_") and not dunder and nombre not in _API_ENUM


def _privados_ajenos(codigo: str) -> list[str]:
    """`x._nombre` (x no es self ni cls) y `from m import _nombre` en un módulo.

    Queda fuera lo privado de módulos de afuera del proyecto importados con `import m`
    (p. ej. la traducción de argparse): la regla cerca el almacén y los módulos propios."""
    arbol = ast.parse(codigo)
    externos = {
        (a.asname or a.name).split(".")[0]
        for n in ast.walk(arbol)
        if isinstance(n, ast.Import)
        for a in n.names
        if not a.name.startswith("pir_campo")
    }
    salida = []
    for n in ast.walk(arbol):
        if isinstance(n, ast.ImportFrom):
            privados = [a.name for a in n.names if _privado(a.name)]
            salida += [f"{n.lineno}: from {n.module} import {a}" for a in privados]
        elif isinstance(n, ast.Attribute) and _privado(n.attr):
            if isinstance(n.value, ast.Name) and n.value.id in {"self", "cls", *externos}:
                continue
            salida.append(f"{n.lineno}: {ast.unparse(n)}")
    return salida


def test_ningun_modulo_del_nucleo_toca_lo_privado_de_otro():
    # Una fachada con un interior cercado: al almacén (y a todo módulo) se llega por sus
    # nombres públicos; lo que otro módulo necesita se vuelve público a propósito.
    culpables = []
    for ruta in sorted((RAIZ / "pir_campo").rglob("*.py")):
        for hallazgo in _privados_ajenos(ruta.read_text(encoding="utf-8")):
            culpables.append(f"{ruta.relative_to(RAIZ)}:{hallazgo}")
    assert culpables == []


def test_la_prueba_de_privados_encuentra_cada_forma():
    codigo = (
        "import argparse\n"
        "from pir_campo.almacen.almacen import Almacen, _json\n"
        "from pir_campo.almacen import replicacion as rep\n"
        "def f(almacen, obj):\n"
        "    almacen._sellar()\n"
        "    rep._par(None)\n"
        "    obj._value_ = 1\n"
        "    self._propio = obj.__class__\n"
        "    argparse._ = str\n"
    )
    assert _privados_ajenos(codigo) == [
        "2: from pir_campo.almacen.almacen import _json",
        "5: almacen._sellar",
        "6: rep._par",
    ]
