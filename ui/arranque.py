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


def _llave_y_nucleo(ruta: Path | None) -> None:
    """Primero Argon2 (lo más largo del camino hasta los datos: ~80 ms que sueltan el GIL), en
    este hilo, desde la primera línea; el núcleo se importa en otro, a la vez."""
    nucleo = threading.Thread(target=_precargar, args=(ruta,), name="precarga-nucleo", daemon=True)
    if ruta is None:
        nucleo.start()
        return
    # Aquí y no arriba: el piso de las mediciones (una ventana vacía) importa este módulo.
    from pir_campo import kdf

    try:
        # nacl antes de que el otro hilo empiece a importar: un solo hilo importa a la vez un
        # mismo paquete (dos a la vez pueden cruzarse).
        from nacl import pwhash  # noqa: F401
    except BaseException:  # noqa: BLE001 - solo adelanta: `llaves.abrir` dirá lo que pase
        pass
    nucleo.start()
    _sin_errores(kdf.precalentar, ruta)


def _precargar(ruta: Path | None) -> None:
    try:
        # Lo que el hilo de la base usa al abrir y en sus primeros trabajos (registro.adelantos).
        import pir_campo.servicios.apertura  # noqa: F401
        import pir_campo.servicios.inicio  # noqa: F401
        import pir_campo.servicios.territorio  # noqa: F401

        if ruta is not None and es_de_oficina(ruta):
            # El Inicio de la oficina valida con los modelos (pydantic, ~0,1 s de importar):
            # mientras Argon2 aún deriva la llave, no después de abrir la base.
            import pir_campo.planificacion.seguimiento  # noqa: F401
            import pir_campo.sincro.estado  # noqa: F401
    except BaseException:  # noqa: BLE001 - solo adelanta: el hilo de la base repite y avisa
        pass


def es_de_oficina(ruta: Path) -> bool:
    """Si la base es de una oficina, según su marca de continuidad (en claro junto a la base: el
    dispositivo de una oficina empieza con «of_», `ids.nuevo_dispositivo`). Solo una pista para
    adelantar importaciones: sin marca legible, False."""
    from pir_campo.almacen import marca

    leida = marca.leer(Path(ruta))
    return leida is not None and leida[0].startswith("of_")


def _sin_errores(funcion, *argumentos) -> None:
    try:
        funcion(*argumentos)
    except BaseException:  # noqa: BLE001 - solo adelanta: `llaves.abrir` dirá lo que pase
        pass


def precargar_nucleo(ruta: Path | None = None) -> None:
    """En otros hilos, mientras el principal importa Qt y arma la ventana: si la base abre sin
    preguntar (demo o PIR_CAMPO_CLAVE), deriva su llave (Argon2, ~0,1 s) y, a la vez, importa
    el núcleo; el hilo de la base los encuentra hechos. Solo la primera llamada cuenta."""
    if _PRECARGA:
        return
    hilo = threading.Thread(
        target=_llave_y_nucleo, args=(ruta,), name="precarga-llave", daemon=True
    )
    _PRECARGA.append(hilo)
    hilo.start()
