"""Cuánto lleva vivo el proceso: para `--medir-inicio`, desde que el sistema creó el proceso.

Se usa la hora de creación del proceso que informa el kernel (/proc/self/stat, en tics desde el
arranque del equipo, comparada con /proc/uptime): así la cifra incluye el arranque del intérprete
y las importaciones, igual que la del piso (una ventana Qt vacía) medido del mismo modo. Sin
/proc (Windows, macOS) se cuenta desde la importación de este módulo, lo más temprano posible.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_IMPORTADO = time.perf_counter()


def _desde_proc() -> float | None:
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError):
        return None
    # El nombre del programa va entre paréntesis y puede tener espacios: se corta tras el último.
    campos = stat[stat.rfind(")") + 2 :].split()
    inicio_tics = int(campos[19])
    return (uptime - inicio_tics / os.sysconf("SC_CLK_TCK")) * 1000


def ms_desde_inicio() -> int:
    medido = _desde_proc()
    if medido is None:
        medido = (time.perf_counter() - _IMPORTADO) * 1000
    return max(0, round(medido))


_PRECARGA: list[threading.Thread] = []


def _precargar(ruta: Path | None) -> None:
    import pir_campo.almacen  # noqa: F401

    if ruta is not None:
        from pir_campo.almacen import llaves

        llaves.precalentar(ruta)
    import pir_campo.servicios.territorio  # noqa: F401


def precargar_nucleo(ruta: Path | None = None) -> None:
    """En otro hilo, mientras el principal importa Qt y arma la ventana: importa el núcleo y,
    si la base abre sin preguntar (demo o PIR_CAMPO_CLAVE), deriva su llave (Argon2, ~0,1 s);
    el hilo de la base los encuentra hechos. Solo la primera llamada cuenta."""
    if _PRECARGA:
        return
    hilo = threading.Thread(target=_precargar, args=(ruta,), name="precarga-nucleo", daemon=True)
    _PRECARGA.append(hilo)
    hilo.start()
