"""Detección de bases restauradas o clonadas (issue 10, parte 2).

Abrir la base de la demo (notebook con 2.000 talleres) con la detección (leer la marca junto a
la base y comparar su número de cambio) contra la misma apertura sin ella, alternadas en la
misma corrida. Límite: la diferencia de medianas, menos de 5 ms. También se informa la razón y
lo que cuesta la comprobación sola.
"""

from __future__ import annotations

import random
import time

from b_inicio import _base
from medir import Fila, mediana


def _aperturas(ruta, veces: int) -> tuple[float, float, float]:
    from pir_campo.almacen import Almacen

    comprobar = Almacen.comprobar_marca
    con, sin, sola = [], [], []
    Almacen.abrir(ruta).cerrar()  # calienta la caché del sistema de archivos
    azar = random.Random(10)
    try:
        for _ in range(veces):
            pares = [(True, con), (False, sin)]
            azar.shuffle(pares)  # ni el orden ni la caché favorecen a uno
            for detectar, tiempos in pares:
                Almacen.comprobar_marca = comprobar if detectar else (lambda self: None)
                t = time.perf_counter()
                a = Almacen.abrir(ruta)
                tiempos.append(time.perf_counter() - t)
                t = time.perf_counter()
                comprobar(a)
                sola.append(time.perf_counter() - t)
                a.cerrar()
    finally:
        Almacen.comprobar_marca = comprobar
    return mediana(con), mediana(sin), mediana(sola)


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 200 if rapido else 2000
    ruta = _base("campo", 10, talleres)
    con, sin, sola = _aperturas(ruta, 10 if rapido else 40)
    n = f"{talleres:,}".replace(",", ".")
    return [
        Fila(
            f"restauración: abrir la demo ({n} talleres), detección añadida (con − sin)",
            max(con - sin, 0.0),
            None,
            limite=0.005,
            nota=f"{(con - sin) * 1000:+.2f} ms (con {con * 1000:.2f} ms, sin {sin * 1000:.2f} ms)",
        ),
        Fila(f"restauración: abrir la demo ({n} talleres) con vs sin detección", con, sin),
        Fila(
            "restauración: la comprobación de la marca sola",
            sola,
            None,
            nota=f"{sola * 1e6:.0f} µs",
        ),
    ]
