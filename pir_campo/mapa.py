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


_ANGULO_AUREO = math.pi * (3 - math.sqrt(5))
_ANILLO_MAXIMO = 7  # hasta tantos símbolos, un anillo; más, una espiral de girasol


def _figura(n: int, celda: float, radio: float) -> list[tuple[float, float]]:
    """Dónde va cada uno de `n` símbolos respecto del centro de su grupo, a no menos de `celda`
    entre sí: un anillo de al menos `radio` si son pocos; si son más, una espiral de Vogel
    (girasol), que da a cada símbolo la misma superficie y crece con la raíz de `n` (un anillo
    con muchos crecería con `n` y los dejaría juntos igual)."""
    if n <= _ANILLO_MAXIMO:
        r = max(radio, celda / (2 * math.sin(math.pi / n)))
        angulos = [2 * math.pi * k / n - math.pi / 2 for k in range(n)]
        return [(r * math.cos(a), r * math.sin(a)) for a in angulos]
    # Con r = c·√(k + 1) el par más cercano queda a 1,602·c (los del centro): c = celda / 1,6.
    c = celda / 1.6
    return [
        (
            c * math.sqrt(k + 1) * math.cos(k * _ANGULO_AUREO),
            c * math.sqrt(k + 1) * math.sin(k * _ANGULO_AUREO),
        )
        for k in range(n)
    ]


class _Grupo:
    """Símbolos que se tapan: se dibujan en su figura alrededor de `centro`."""

    def __init__(self, miembros: list[int]) -> None:
        self.miembros = miembros
        self.vivo = True
        self.figura: list[tuple[float, float]] = []
        self.alcance = 0.0  # distancia del centro al símbolo más lejano
        self.centro = (0.0, 0.0)

    def armar(
        self,
        posiciones: Sequence[tuple[float, float]],
        celda: float,
        radio: float,
        limites: tuple[float, float, float, float] | None,
    ) -> None:
        self.miembros.sort()
        n = len(self.miembros)
        cx = sum(posiciones[i][0] for i in self.miembros) / n
        cy = sum(posiciones[i][1] for i in self.miembros) / n
        self.figura = _figura(n, celda, radio)
        self.alcance = max(math.hypot(dx, dy) for dx, dy in self.figura)
        if limites is not None and _en_caja((cx, cy), limites):
            # El grupo entero dentro del mapa: se corre hacia adentro si toca un borde (uno que
            # cae fuera, en pantalla fuera de la vista, se queda donde está).
            holgura = self.alcance + celda / 2
            x0, y0, x1, y1 = limites
            cx = _dentro(cx, x0 + holgura, x1 - holgura)
            cy = _dentro(cy, y0 + holgura, y1 - holgura)
        self.centro = (cx, cy)


def _en_caja(p: tuple[float, float], caja: tuple[float, float, float, float]) -> bool:
    return caja[0] <= p[0] <= caja[2] and caja[1] <= p[1] <= caja[3]


def _dentro(valor: float, minimo: float, maximo: float) -> float:
    if minimo > maximo:
        return (minimo + maximo) / 2
    return min(max(valor, minimo), maximo)


def repartir(
    posiciones: Sequence[tuple[float, float]],
    celda: float,
    radio: float,
    limites: tuple[float, float, float, float] | None = None,
) -> list[tuple[float, float]]:
    """Separa los símbolos que caen casi en el mismo lugar (una necesidad sobre su localidad):
    los que quedan a menos de `celda` unos de otros forman un grupo, que se dibuja alrededor de
    su centro a `celda` entre símbolos (ver `_figura`). Si la figura de un grupo alcanza a otro
    símbolo o a otro grupo, se juntan y se vuelve a armar, hasta que nada se tape. Con `limites`
    (x0, y0, x1, y1), cada grupo que cae dentro del mapa queda entero dentro. Los puntos sin
    vecinos no se mueven."""
    n = len(posiciones)
    padre = list(range(n))

    def raiz(i: int) -> int:
        while padre[i] != i:
            padre[i] = padre[padre[i]]
            i = padre[i]
        return i

    # Los que están en el mismo punto exacto (lo común) se juntan sin compararlos uno a uno.
    mismos: dict[tuple[float, float], int] = {}
    for i, p in enumerate(posiciones):
        padre[i] = mismos.setdefault((p[0], p[1]), i)
    rejilla: dict[tuple[int, int], list[int]] = {}
    for i in set(mismos.values()):
        x, y = posiciones[i]
        clave = (math.floor(x / celda), math.floor(y / celda))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in rejilla.get((clave[0] + dx, clave[1] + dy), ()):
                    if math.dist(posiciones[i], posiciones[j]) < celda:
                        padre[raiz(i)] = raiz(j)
        rejilla.setdefault(clave, []).append(i)
    por_raiz: dict[int, list[int]] = {}
    for i in range(n):
        por_raiz.setdefault(raiz(i), []).append(i)
    grupos = [g for m in por_raiz.values() if len(m) > 1 for g in [_Grupo(m)]]
    solos: dict[tuple[int, int], list[int]] = {}
    for m in por_raiz.values():
        if len(m) == 1:
            x, y = posiciones[m[0]]
            solos.setdefault((math.floor(x / celda), math.floor(y / celda)), []).append(m[0])
    for g in grupos:
        g.armar(posiciones, celda, radio, limites)
    cambio = True
    while cambio:
        cambio = False
        for g in grupos:
            if not g.vivo:
                continue
            # Los solos que alcanza la figura (se buscan en las celdas que cubre).
            alcance = g.alcance + celda
            x0, y0 = (
                math.floor((g.centro[0] - alcance) / celda),
                math.floor((g.centro[1] - alcance) / celda),
            )
            x1, y1 = (
                math.floor((g.centro[0] + alcance) / celda),
                math.floor((g.centro[1] + alcance) / celda),
            )
            nuevos = []
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    lista = solos.get((cx, cy))
                    if not lista:
                        continue
                    cerca = [j for j in lista if math.dist(g.centro, posiciones[j]) < alcance]
                    if cerca:
                        nuevos += cerca
                        solos[(cx, cy)] = [j for j in lista if j not in cerca]
            for otro in grupos:
                if otro is g or not otro.vivo:
                    continue
                if math.dist(g.centro, otro.centro) < g.alcance + otro.alcance + celda:
                    nuevos += otro.miembros
                    otro.vivo = False
            if nuevos:
                g.miembros += nuevos
                g.armar(posiciones, celda, radio, limites)
                cambio = True
    salida = list(posiciones)
    for g in grupos:
        if g.vivo:
            for i, (dx, dy) in zip(g.miembros, g.figura, strict=True):
                salida[i] = (g.centro[0] + dx, g.centro[1] + dy)
    return salida


def _se_pisan(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def colocar_rotulo(
    x: float,
    y: float,
    ancho: float,
    alto: float,
    ocupados: list[tuple[float, float, float, float]],
    limites: tuple[float, float, float, float] | None = None,
    separacion: float = 5,
) -> tuple[float, float]:
    """Esquina menor (x0, y0) de un rótulo de `ancho` × `alto` junto al punto (x, y): el primer
    lugar que no pisa ninguna caja de `ocupados` (x0, y0, x1, y1: los símbolos y los rótulos ya
    puestos) ni sale de `limites`, probando a la derecha, a la izquierda, a un lado y al otro
    en vertical, cada vez más lejos (los símbolos de una localidad se reparten alrededor de
    ella). Si ninguno está libre, el primero. La caja elegida se agrega a `ocupados`. Sirve con
    el eje y hacia arriba (PDF) o hacia abajo (pantalla): prueba ambos lados."""
    candidatos = []
    for distancia in (separacion, separacion + 8, separacion + 18, separacion + 32):
        candidatos += [
            (x + distancia, y - alto / 2),
            (x - distancia - ancho, y - alto / 2),
            (x - ancho / 2, y + distancia),
            (x - ancho / 2, y - distancia - alto),
        ]
    elegido = candidatos[0]
    for x0, y0 in candidatos:
        caja = (x0, y0, x0 + ancho, y0 + alto)
        if limites is not None and not (
            limites[0] <= caja[0]
            and caja[2] <= limites[2]
            and limites[1] <= caja[1]
            and caja[3] <= limites[3]
        ):
            continue
        if not any(_se_pisan(caja, o) for o in ocupados):
            elegido = (x0, y0)
            break
    ocupados.append((elegido[0], elegido[1], elegido[0] + ancho, elegido[1] + alto))
    return elegido
