"""Geometría del mapa, común a la pantalla (Qt) y al PDF (reportlab): proyección Web Mercator
(la de las teselas MBTiles), contornos de territorio, retícula y barra de escala.

Sin Qt ni reportlab: solo números, para que ambos dibujos coincidan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Los mapas publicados de los límites de Chile requieren aprobación oficial (DIFROL): todo mapa
# de la aplicación, en pantalla o impreso, lleva esta advertencia.
REFERENCIAL = "Referencial"
AVISO_REFERENCIAL = "Referencial: sin valor oficial de límites"

RADIO_TIERRA_M = 6_378_137.0

# Paleta apta para daltonismo (Okabe-Ito) y un símbolo por tipología: la forma distingue aunque
# no se vea el color.
PALETA = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
SIMBOLOS_TIPOLOGIA = {
    "agua_potable": ("gota", "#0072B2"),
    "saneamiento": ("cuadrado", "#56B4E9"),
    "electrificacion": ("rayo", "#E69F00"),
    "conectividad_vial": ("rombo", "#D55E00"),
    "telecomunicaciones": ("antena", "#CC79A7"),
    "obras_portuarias": ("triangulo_inv", "#009E73"),
    "fomento_productivo": ("estrella", "#F0E442"),
    "otra": ("cruz", "#555555"),
}
COLOR_LOCALIDAD = "#000000"
COLOR_INICIATIVA = "#000000"


def x_mercator(longitud: float) -> float:
    """Longitud a x en [0, 1] (0 = 180° O)."""
    return (longitud + 180.0) / 360.0


def y_mercator(latitud: float) -> float:
    """Latitud a y en [0, 1] (0 = norte), como las teselas XYZ."""
    lat = max(min(latitud, 85.0511), -85.0511)
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def latitud_de_y(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


def longitud_de_x(x: float) -> float:
    return x * 360.0 - 180.0


@dataclass(frozen=True)
class Caja:
    """Extensión en coordenadas Mercator normalizadas (x crece al este, y al sur)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def ancho(self) -> float:
        return self.x1 - self.x0

    @property
    def alto(self) -> float:
        return self.y1 - self.y0

    def ampliada(self, fraccion: float, minimo: float = 0.0005) -> Caja:
        dx = max(self.ancho * fraccion, minimo)
        dy = max(self.alto * fraccion, minimo)
        return Caja(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)


def caja_de(puntos: Iterable[tuple[float, float]]) -> Caja | None:
    """Caja de puntos (latitud, longitud)."""
    xs, ys = [], []
    for lat, lon in puntos:
        xs.append(x_mercator(lon))
        ys.append(y_mercator(lat))
    if not xs:
        return None
    return Caja(min(xs), min(ys), max(xs), max(ys))


def contorno(puntos: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Envolvente convexa (latitud, longitud) de un territorio; con menos de 3 puntos, los
    mismos. Es la «extensión» aproximada: el programa no tiene polígonos oficiales."""
    unicos = sorted(set(puntos))
    if len(unicos) < 3:
        return unicos

    def giro(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    abajo: list[tuple[float, float]] = []
    for p in unicos:
        while len(abajo) >= 2 and giro(abajo[-2], abajo[-1], p) <= 0:
            abajo.pop()
        abajo.append(p)
    arriba: list[tuple[float, float]] = []
    for p in reversed(unicos):
        while len(arriba) >= 2 and giro(arriba[-2], arriba[-1], p) <= 0:
            arriba.pop()
        arriba.append(p)
    return abajo[:-1] + arriba[:-1]


def paso_reticula(grados: float) -> float:
    """Un paso «redondo» de retícula que deje entre 2 y 6 líneas en `grados`."""
    for paso in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0):
        if grados / paso <= 6:
            return paso
    return 20.0


def lineas_reticula(inicio: float, fin: float) -> list[float]:
    paso = paso_reticula(fin - inicio)
    primero = math.ceil(inicio / paso) * paso
    salida = []
    valor = primero
    while valor <= fin + 1e-9:
        salida.append(round(valor, 6))
        valor += paso
    return salida


def metros_por_unidad(latitud: float) -> float:
    """Metros en el terreno por unidad de x Mercator normalizada, a esa latitud."""
    return 2 * math.pi * RADIO_TIERRA_M * math.cos(math.radians(latitud))


def barra_escala(metros_disponibles: float) -> tuple[float, str]:
    """El largo redondo (en metros) más grande que cabe, con su rótulo («5 km»)."""
    largo = 1.0
    for base in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        for potencia in (1, 1000):
            candidato = base * potencia
            if candidato <= metros_disponibles and candidato > largo:
                largo = candidato
    rotulo = f"{largo / 1000:g} km" if largo >= 1000 else f"{largo:g} m"
    return largo, rotulo.replace(".", ",")


def formato_grado(valor: float, eje: str) -> str:
    """-38.5 en latitud es «38,5° S»; en longitud «73° O»."""
    letra = ("S" if valor < 0 else "N") if eje == "lat" else ("O" if valor < 0 else "E")
    texto = f"{abs(valor):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{texto}° {letra}"


def repartir(
    posiciones: Sequence[tuple[float, float]], celda: float, radio: float
) -> list[tuple[float, float]]:
    """Separa los símbolos que caen casi en el mismo lugar (una necesidad sobre su localidad):
    los de una misma celda de `celda` unidades se reparten en un círculo de `radio` alrededor
    de su centro, para que cada uno se vea y se pueda elegir. Lineal en la cantidad de puntos."""
    grupos: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(posiciones):
        grupos.setdefault((math.floor(x / celda), math.floor(y / celda)), []).append(i)
    salida = list(posiciones)
    for indices in grupos.values():
        if len(indices) < 2:
            continue
        cx = sum(posiciones[i][0] for i in indices) / len(indices)
        cy = sum(posiciones[i][1] for i in indices) / len(indices)
        r = radio * (1 + len(indices) / 8)
        for k, i in enumerate(indices):
            angulo = 2 * math.pi * k / len(indices) - math.pi / 2
            salida[i] = (cx + r * math.cos(angulo), cy + r * math.sin(angulo))
    return salida
