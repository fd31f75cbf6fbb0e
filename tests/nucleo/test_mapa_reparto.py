"""Separación de los símbolos del mapa que caen en el mismo lugar (`mapa.repartir`), la misma
en pantalla y en el PDF: cada símbolo queda a la vista, a cualquier cantidad y en los bordes."""

from __future__ import annotations

import math
import random

from pir_campo.mapa import colocar_rotulo, repartir

CELDA, RADIO = 7.0, 5.0


def _minima(puntos: list[tuple[float, float]]) -> float:
    return min(math.dist(a, b) for i, a in enumerate(puntos) for b in puntos[i + 1 :])


def test_muchos_puntos_en_el_mismo_lugar_no_se_tapan():
    for n in (2, 3, 7, 8, 20, 60, 200):
        salida = repartir([(300.0, 200.0)] * n, CELDA, RADIO)
        assert _minima(salida) >= CELDA * 0.95, n
        # Quedan juntos: el grupo ocupa lo que ocupan sus símbolos, no un anillo enorme.
        assert max(math.dist(p, (300, 200)) for p in salida) <= CELDA * (1.2 + math.sqrt(n) * 0.6)


def test_dos_puntos_a_cada_lado_de_una_celda_se_separan():
    salida = repartir([(CELDA - 0.01, 50.0), (CELDA + 0.01, 50.0)], CELDA, RADIO)
    assert math.dist(*salida) >= CELDA * 0.95


def test_grupos_vecinos_no_se_tapan_entre_si():
    posiciones = [(100.0, 100.0)] * 10 + [(118.0, 100.0)] * 10 + [(109.0, 112.0)] * 5
    assert _minima(repartir(posiciones, CELDA, RADIO)) >= CELDA * 0.95


def test_en_el_borde_del_mapa_los_simbolos_quedan_dentro():
    limites = (0.0, 0.0, 400.0, 250.0)
    for esquina in ((0.5, 0.5), (399.5, 0.5), (0.5, 249.5), (399.5, 249.5), (200.0, 0.0)):
        salida = repartir([esquina] * 15, CELDA, RADIO, limites)
        margen = CELDA / 2
        assert all(
            margen - 1e-9 <= x <= 400 - margen + 1e-9 and margen - 1e-9 <= y <= 250 - margen + 1e-9
            for x, y in salida
        ), esquina
        assert _minima(salida) >= CELDA * 0.95


def test_puntos_separados_no_se_mueven():
    azar = random.Random(3)
    posiciones = [
        (i * 20.0 + azar.random(), j * 20.0 + azar.random()) for i in range(20) for j in range(10)
    ]
    assert repartir(posiciones, CELDA, RADIO) == posiciones
    assert repartir([], CELDA, RADIO) == []


def test_mezcla_al_azar_queda_toda_a_la_vista():
    azar = random.Random(11)
    centros = [(azar.uniform(0, 500), azar.uniform(0, 300)) for _ in range(25)]
    posiciones = [
        (cx + azar.uniform(-2, 2), cy + azar.uniform(-2, 2))
        for cx, cy in centros
        for _ in range(azar.randint(1, 12))
    ]
    salida = repartir(posiciones, CELDA, RADIO, (0.0, 0.0, 500.0, 300.0))
    assert len(salida) == len(posiciones)
    assert _minima(salida) >= CELDA * 0.95


def test_un_grupo_fuera_de_la_vista_no_se_trae_adentro():
    """En pantalla, con el mapa acercado, los puntos fuera de la vista siguen fuera."""
    salida = repartir([(-50.0, 40.0)] * 4, CELDA, RADIO, (0.0, 0.0, 400.0, 250.0))
    assert all(x < 0 for x, _y in salida)


def test_rotulo_de_comuna_no_pisa_los_simbolos_de_su_localidad():
    # Una localidad con sus necesidades repartidas alrededor y un nombre ya puesto arriba.
    simbolos = repartir([(100.0, 100.0)] * 7, CELDA, RADIO)
    ocupados = [(x - RADIO, y - RADIO, x + RADIO, y + RADIO) for x, y in simbolos]
    ocupados.append((80.0, 112.0, 140.0, 122.0))
    antes = list(ocupados)
    x0, y0 = colocar_rotulo(100.0, 100.0, 40.0, 8.0, ocupados, (0.0, 0.0, 300.0, 300.0))
    caja = (x0, y0, x0 + 40.0, y0 + 8.0)
    assert not any(
        caja[0] < o[2] and o[0] < caja[2] and caja[1] < o[3] and o[1] < caja[3] for o in antes
    )
    assert ocupados[-1] == caja and len(ocupados) == len(antes) + 1
    # Cerca del borde derecho no se sale: va a la izquierda.
    x0, _ = colocar_rotulo(295.0, 50.0, 40.0, 8.0, [], (0.0, 0.0, 300.0, 300.0))
    assert x0 + 40.0 <= 300.0 and x0 < 295.0
    # Sin lugar libre, el primero (a la derecha), y no falla.
    lleno = [(-1e9, -1e9, 1e9, 1e9)]
    assert colocar_rotulo(10.0, 10.0, 5.0, 5.0, lleno) == (15.0, 7.5)
