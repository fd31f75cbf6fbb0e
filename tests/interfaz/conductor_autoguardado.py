"""Conductor para la prueba de corte: abre el editor real (con su hilo de base) y escribe.

Imprime GUARDADO cuando la agenda quedó en la base y ESCRIBIENDO cuando ya tecleó a medias
en otro campo; la prueba lo mata con SIGKILL en ese momento.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.interfaz.teclado import escribir  # noqa: E402
from ui.app import aplicacion  # noqa: E402
from ui.taller.editor import TAB_AGENDA, EditorTaller  # noqa: E402
from ui.tareas import Tareas  # noqa: E402

TEXTO = "Acuerdo: la comunidad de Ñielol prioriza el agua potable rural"


def main() -> None:
    ruta, taller_id = Path(sys.argv[1]), sys.argv[2]
    app = aplicacion()
    tareas = Tareas(ruta)
    editor = EditorTaller(tareas, taller_id)
    editor.show()

    def cargado() -> None:
        editor.cargado.disconnect(cargado)
        editor.ir_a_pestana(TAB_AGENDA)
        escribir(editor.agenda, TEXTO)

    def guardado(campo: str) -> None:
        if campo == "agenda":
            print("GUARDADO", flush=True)
            editor.discusion.setFocus()
            escribir(editor.discusion, "esto se está escribiendo cuando se corta la luz")
            print("ESCRIBIENDO", flush=True)

    editor.cargado.connect(cargado)
    editor.autoguardado.guardado.connect(guardado)
    app.exec()


if __name__ == "__main__":
    main()
