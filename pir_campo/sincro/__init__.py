"""Sincronización por paquetes `.pirb` entre notebooks de campo y la oficina regional.

Diseño: ../shared/referencias/sincronizacion.md. Capas: `zipfijo` (zip estricto del sobre),
`cifrado` (secretstream + SealedBox), `bolsa` (BagIt interior), `paquete` (sobre firmado),
`identidad` (confianza), `fusion` (regla de fusión), `exportar`, `importar`, `conflictos`.
"""

from __future__ import annotations

import os
import signal

VARIABLE_FALLA = "PIR_CAMPO_FALLA"


def punto_de_falla(nombre: str) -> None:
    """Mata el proceso en un punto dado si la variable de entorno lo pide.

    Solo para las pruebas de caída (matar a medio importar o exportar): así la caída ocurre
    siempre en el mismo lugar, no al azar.
    """
    if os.environ.get(VARIABLE_FALLA) == nombre:
        os.kill(os.getpid(), signal.SIGKILL)
