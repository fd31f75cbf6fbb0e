"""Reloj lógico híbrido (HLC): ordena cambios aunque el reloj del computador retroceda.

El sello es texto "mmmmmmmmmmmmm.ccccc" (13 dígitos de milisegundos y 5 de contador), de modo
que comparar textos es comparar sellos.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

DIA_MS = 86_400_000
# Un sello guardado que va más de esto por delante del reloj del computador viene de un reloj
# que estuvo adelantado: una vez corregido, ese sello deja de ser la marca desde la que se
# sigue contando (si no, el equipo «ganaría» toda edición concurrente durante años).
FUTURO_MAXIMO_MS = 2 * DIA_MS
# Saltos del reloj que merecen aviso: hacia adelante, respecto de la última fecha de la oficina.
SALTO_ADELANTE_MS = 400 * DIA_MS


def formatear(l: int, c: int) -> str:  # noqa: E741
    return f"{l:013d}.{c:05d}"


def leer(sello: str) -> tuple[int, int]:
    l, c = sello.split(".")  # noqa: E741
    return int(l), int(c)


def ahora_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Hlc:
    l: int = 0  # noqa: E741
    c: int = 0
    reloj: Callable[[], int] = ahora_ms
    # El sello del futuro que se dejó de usar (para avisar); quien lo anota lo vuelve a None.
    descartado: str | None = None

    def _corregir(self, fisico: int) -> None:
        if self.l - fisico > FUTURO_MAXIMO_MS:
            self.descartado = formatear(self.l, self.c)
            self.l, self.c = fisico, 0

    def tick(self) -> str:
        fisico = self.reloj()
        self._corregir(fisico)
        if fisico > self.l:
            self.l, self.c = fisico, 0
        else:
            self.c += 1
        return formatear(self.l, self.c)

    def ticks(self, n: int) -> list[str]:
        """Los `n` sellos siguientes, como `n` llamadas a `tick` pero leyendo el reloj una vez."""
        primero = self.tick()
        sellos = [primero, *(formatear(self.l, self.c + i) for i in range(1, n))]
        self.c += n - 1
        return sellos

    def observar(self, sello: str, maximo_adelanto_ms: int = DIA_MS) -> bool:
        """Incorpora un sello remoto; devuelve False (sin adoptarlo) si viene muy adelantado."""
        l_r, c_r = leer(sello)
        fisico = self.reloj()
        if l_r > fisico + maximo_adelanto_ms:
            return False
        self._corregir(fisico)
        nuevo_l = max(self.l, l_r, fisico)
        if nuevo_l == self.l == l_r:
            self.c = max(self.c, c_r) + 1
        elif nuevo_l == self.l:
            self.c += 1
        elif nuevo_l == l_r:
            self.c = c_r + 1
        else:
            self.c = 0
        self.l = nuevo_l
        return True

    def reloj_atrasado(self) -> bool:
        """El reloj del computador está más de un día antes que datos ya guardados."""
        return self.reloj() < self.l - DIA_MS


def aviso(fisico: int, marca: int, oficina: int | None) -> str | None:
    """Aviso en palabras si el reloj del computador saltó: atrás de lo ya guardado (`marca`, ms
    del último sello propio) o de la última fecha de la oficina, o muy adelante de esta."""
    from datetime import UTC, datetime

    def fecha(ms: int) -> str:
        return datetime.fromtimestamp(ms / 1000, UTC).strftime("%d-%m-%Y")

    if oficina is not None and fisico > oficina + SALTO_ADELANTE_MS:
        return (
            f"La fecha de este computador ({fecha(fisico)}) está más de 400 días después del "
            f"último paquete de la oficina ({fecha(oficina)}): corrija la fecha y hora, o la "
            "oficina rechazará los paquetes de este equipo."
        )
    atras = max(marca, oficina or 0)
    if fisico < atras - DIA_MS:
        return (
            f"La fecha de este computador ({fecha(fisico)}) es anterior a datos ya recibidos o "
            f"guardados ({fecha(atras)}): corrija la fecha y hora."
        )
    return None
