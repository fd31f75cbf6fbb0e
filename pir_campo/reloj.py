"""Reloj lógico híbrido (HLC): ordena cambios aunque el reloj del computador retroceda.

El sello es texto "mmmmmmmmmmmmm.ccccc" (13 dígitos de milisegundos y 5 de contador), de modo
que comparar textos es comparar sellos.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

DIA_MS = 86_400_000


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

    def tick(self) -> str:
        fisico = self.reloj()
        if fisico > self.l:
            self.l, self.c = fisico, 0
        else:
            self.c += 1
        return formatear(self.l, self.c)

    def observar(self, sello: str, maximo_adelanto_ms: int = DIA_MS) -> bool:
        """Incorpora un sello remoto; devuelve False (sin adoptarlo) si viene muy adelantado."""
        l_r, c_r = leer(sello)
        fisico = self.reloj()
        if l_r > fisico + maximo_adelanto_ms:
            return False
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
