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
    try:
        from pir_campo.almacen import llaves

        if ruta is not None:
            # Argon2 suelta el GIL: en su propio hilo, mientras este sigue importando el núcleo
            # (un solo hilo importa: dos importando el mismo paquete a la vez pueden cruzarse).
            llave = threading.Thread(
                target=_sin_errores, args=(llaves.precalentar, ruta), name="precarga-llave"
            )
            llave.daemon = True
            _PRECARGA.append(llave)
            llave.start()
        # Lo que el hilo de la base usa al abrir y en sus primeros trabajos (registro.adelantos).
        import pir_campo.servicios.apertura  # noqa: F401
        import pir_campo.servicios.inicio  # noqa: F401
        import pir_campo.servicios.territorio  # noqa: F401
    except BaseException:  # noqa: BLE001 - solo adelanta: el hilo de la base repite y avisa
        pass


def _sin_errores(funcion, *argumentos) -> None:
    try:
        funcion(*argumentos)
    except BaseException:  # noqa: BLE001 - solo adelanta: `llaves.abrir` dirá lo que pase
        pass


def precargar_nucleo(ruta: Path | None = None) -> None:
    """En otro hilo, mientras el principal importa Qt y arma la ventana: importa el núcleo y,
    si la base abre sin preguntar (demo o PIR_CAMPO_CLAVE), deriva su llave (Argon2, ~0,1-0,2 s)
    en un tercero, a la vez; el hilo de la base los encuentra hechos. Solo la primera llamada
    cuenta."""
    if _PRECARGA:
        return
    hilo = threading.Thread(target=_precargar, args=(ruta,), name="precarga-nucleo", daemon=True)
    _PRECARGA.append(hilo)
    hilo.start()
