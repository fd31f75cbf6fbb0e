"""Disco lleno mientras se escribe en un formulario: la frase en español y nada perdido."""

from __future__ import annotations

import datetime as dt

from pir_campo.almacen import Almacen
from pir_campo.modelos import Taller, Territorio
from pir_campo.servicios import talleres
from tests.conftest import contenido, copiar_base
from tests.discos import discos, llenar  # noqa: F401 - accesorio
from tests.interfaz.teclado import escribir
from ui.taller.editor import EditorTaller
from ui.tareas import Tareas


def test_disco_lleno_al_guardar_avisa_y_el_formulario_conserva_lo_escrito(
    qtbot,
    discos,  # noqa: F811
    ruta_demo,
):
    ruta = copiar_base(ruta_demo, discos.tmpfs("pendrive", "4m") / "demo.sqlite")
    with Almacen.abrir(ruta) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        taller = talleres.nuevo(a, tid, 3, dt.date(2025, 6, 2))
    tareas = Tareas(ruta, en_linea=True)
    try:
        editor = EditorTaller(tareas, taller)
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        qtbot.waitUntil(lambda: editor.titulo.isEnabled(), timeout=3000)
        antes = contenido(ruta)
        relleno = llenar(ruta.parent)
        texto = "Validación en la sede de Ñielol, camino a Curacautín " * 40
        editor.titulo.setFocus()
        editor.titulo.selectAll()
        escribir(editor.titulo, texto[:190])
        frase = f"El disco donde está {ruta} está lleno: libere espacio y vuelva a intentarlo."
        qtbot.waitUntil(lambda: editor.aviso.text() == frase, timeout=5000)
        assert editor.titulo.text() == texto[:190], "se perdió lo escrito"
        assert "border" in editor.titulo.styleSheet() and editor.titulo.toolTip() == frase
        relleno.unlink()
        assert contenido(ruta) == antes
        # Con espacio otra vez, lo que quedó en el formulario se guarda al seguir escribiendo.
        escribir(editor.titulo, ".")
        qtbot.waitUntil(lambda: editor.aviso.text() == "Guardado.", timeout=5000)
        with Almacen.abrir(ruta) as a:
            assert a.obtener(Taller, taller)["titulo"] == texto[:190] + "."
    finally:
        tareas.cerrar()
