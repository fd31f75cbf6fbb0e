"""El núcleo de planificación nunca carga Qt (la interfaz lo importa a él, no al revés)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import RAIZ


def test_planificacion_no_importa_pyside6():
    codigo = (
        "import sys\n"
        "import pir_campo.planificacion.seleccion, pir_campo.planificacion.necesidades\n"
        "import pir_campo.planificacion.priorizacion, pir_campo.planificacion.pmdt\n"
        "import pir_campo.planificacion.capacidad_servicio, pir_campo.planificacion.seguimiento\n"
        "import pir_campo.planificacion.demo_planificacion, pir_campo.cli.cmd_instrumento\n"
        "import pir_campo.almacen.consultas_planificacion\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, cwd=RAIZ, check=True
    )
    assert salida.stdout.strip() == "[]"
