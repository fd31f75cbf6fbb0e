"""Dibujos vectoriales de los documentos (reportlab.graphics): el mapa referencial, la franja de
los ocho pasos y los gráficos de barras. La geometría del mapa es la de `pir_campo.mapa`, la
misma de la pantalla; la paleta es la misma (apta para daltonismo).
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from pir_campo import formato
from pir_campo import mapa as geo
from pir_campo.documentos import estilos as es
from pir_campo.modelos.enums import Tipologia

FONDOS_PASO = {"Cumplido": "#bfe3d0", "En curso": "#fbe0a6", "Pendiente": "#ececec"}


def _c(hexa: str):
    return colors.HexColor(hexa)


def simbolo(forma: str, x: float, y: float, r: float, color: str) -> Group:
    """Los mismos símbolos de la pantalla; y crece hacia arriba en el PDF."""
    g = Group()
    relleno, borde = _c(color), colors.white

    def pol(puntos: list[tuple[float, float]]) -> Polygon:
        plano = [v for px, py in puntos for v in (x + px * r, y + py * r)]
        return Polygon(plano, fillColor=relleno, strokeColor=borde, strokeWidth=0.4)

    if forma == "punto":
        g.add(Circle(x, y, r * 0.6, fillColor=relleno, strokeColor=borde, strokeWidth=0.4))
    elif forma == "anillo":
        g.add(Circle(x, y, r * 1.1, fillColor=relleno, strokeColor=borde, strokeWidth=0.4))
        g.add(Circle(x, y, r * 0.55, fillColor=colors.white, strokeWidth=0))
    elif forma == "cuadrado":
        g.add(pol([(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)]))
    elif forma == "rombo":
        g.add(pol([(0, 1), (1, 0), (0, -1), (-1, 0)]))
    elif forma == "gota":
        g.add(
            Circle(x, y - r * 0.2, r * 0.8, fillColor=relleno, strokeColor=borde, strokeWidth=0.4)
        )
        g.add(pol([(0, 1.2), (0.65, 0.1), (-0.65, 0.1)]))
    elif forma == "rayo":
        g.add(pol([(0.2, 1), (-0.7, -0.1), (0, -0.1), (-0.2, -1), (0.7, 0.1), (0, 0.1)]))
    elif forma == "antena":
        g.add(pol([(0, 1), (1, -1), (-1, -1)]))
    elif forma == "triangulo_inv":
        g.add(pol([(-1, 1), (1, 1), (0, -1)]))
    elif forma == "estrella":
        puntos = []
        for i in range(10):
            radio = 1.15 if i % 2 == 0 else 0.5
            ang = math.pi / 2 + i * math.pi / 5
            puntos.append((radio * math.cos(ang), radio * math.sin(ang)))
        g.add(pol(puntos))
    else:  # cruz
        a = 0.35
        g.add(
            pol(
                [
                    (-a, 1),
                    (a, 1),
                    (a, a),
                    (1, a),
                    (1, -a),
                    (a, -a),
                    (a, -1),
                    (-a, -1),
                    (-a, -a),
                    (-1, -a),
                    (-1, a),
                    (-a, a),
                ]
            )
        )
    return g


def _estilo(tipo: str, tipologia: str | None) -> tuple[str, str]:
    if tipo == "localidad":
        return "punto", geo.COLOR_LOCALIDAD
    if tipo == "iniciativa":
        return "anillo", geo.COLOR_INICIATIVA
    return geo.SIMBOLOS_TIPOLOGIA.get(tipologia or "otra", geo.SIMBOLOS_TIPOLOGIA["otra"])


def mapa(datos: dict[str, Any], ancho: float, alto: float) -> Drawing:
    """Mapa referencial de `datos` (puntos, territorios y comunas en listas, ver
    `servicios.inicio.mapa_en_listas`): fondo liso, retícula, extensiones, símbolos, leyenda,
    escala, norte y la advertencia «Referencial»."""
    es.registrar_fuentes()
    d = Drawing(ancho, alto)
    d.add(Rect(0, 0, ancho, alto, fillColor=_c("#f3f1ea"), strokeColor=_c("#9a9483")))
    puntos = datos["puntos"]
    caja = geo.caja_de((p[3], p[4]) for p in puntos) or geo.caja_de(
        [(-17.5, -75.0), (-56.0, -66.0)]
    )
    caja = caja.ampliada(0.1)
    leyenda_ancho = 46 * mm
    mapa_ancho = ancho - leyenda_ancho
    escala = min(mapa_ancho / caja.ancho, alto / caja.alto)
    cx, cy = (caja.x0 + caja.x1) / 2, (caja.y0 + caja.y1) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            mapa_ancho / 2 + (geo.x_mercator(lon) - cx) * escala,
            alto / 2 - (geo.y_mercator(lat) - cy) * escala,
        )

    # Retícula
    lon0 = geo.longitud_de_x(cx - mapa_ancho / 2 / escala)
    lon1 = geo.longitud_de_x(cx + mapa_ancho / 2 / escala)
    lat0 = geo.latitud_de_y(cy + alto / 2 / escala)
    lat1 = geo.latitud_de_y(cy - alto / 2 / escala)
    gris = _c("#c9c4b5")
    for lon in geo.lineas_reticula(lon0, lon1):
        x = xy(lat0, lon)[0]
        d.add(Line(x, 0, x, alto, strokeColor=gris, strokeWidth=0.4, strokeDashArray=[2, 2]))
        d.add(
            String(
                x + 2,
                3,
                geo.formato_grado(lon, "lon"),
                fontName=es.FUENTE,
                fontSize=6,
                fillColor=_c("#6b6658"),
            )
        )
    for lat in geo.lineas_reticula(lat0, lat1):
        y = xy(lat, lon0)[1]
        if y < 30:
            continue
        d.add(Line(0, y, mapa_ancho, y, strokeColor=gris, strokeWidth=0.4, strokeDashArray=[2, 2]))
        d.add(
            String(
                2,
                y + 2,
                geo.formato_grado(lat, "lat"),
                fontName=es.FUENTE,
                fontSize=6,
                fillColor=_c("#6b6658"),
            )
        )
    # Extensiones de territorio (sus nombres y los símbolos, lo que los rótulos no pisan)
    ocupados: list[tuple[float, float, float, float]] = []
    for i, (_tid, nombre, contorno) in enumerate(datos["territorios"]):
        color = _c(geo.PALETA[i % len(geo.PALETA)])
        plano = [v for la, lo in contorno for v in xy(la, lo)]
        if len(contorno) >= 3:
            relleno = colors.Color(color.red, color.green, color.blue, alpha=0.15)
            d.add(Polygon(plano, fillColor=relleno, strokeColor=color, strokeWidth=0.8))
        if contorno:
            xs, ys = plano[0::2], plano[1::2]
            medio, base = sum(xs) / len(xs), max(ys) + 4
            mitad = stringWidth(nombre, es.FUENTE_NEGRITA, 7) / 2
            ocupados.append((medio - mitad, base - 2, medio + mitad, base + 7))
            d.add(
                String(
                    medio,
                    base,
                    nombre,
                    fontName=es.FUENTE_NEGRITA,
                    fontSize=7,
                    fillColor=color,
                    textAnchor="middle",
                )
            )
    orden = {"localidad": 0, "necesidad": 1, "iniciativa": 2}
    ordenados = sorted(puntos, key=lambda p: orden[p[0]])
    # Como en pantalla: los que caen en el mismo lugar se separan un poco.
    lugares = geo.repartir([xy(p[3], p[4]) for p in ordenados], 7, 5, (0, 0, mapa_ancho, alto))
    for (tipo, _id, _nombre, _lat, _lon, tipologia), (x, y) in zip(ordenados, lugares, strict=True):
        forma, color = _estilo(tipo, tipologia)
        r = 3.4 if tipo != "localidad" else 4
        d.add(simbolo(forma, x, y, r, color))
        ocupados.append((x - r, y - r, x + r, y + r))
    # Comunas en sus localidades, después de los símbolos y donde no pisan ninguno.
    for nombre, lat, lon in datos["comunas"]:
        x, y = xy(lat, lon)
        ancho_rotulo = stringWidth(nombre, es.FUENTE_CURSIVA, 6)
        x0, y0 = geo.colocar_rotulo(x, y, ancho_rotulo, 6, ocupados, (0, 0, mapa_ancho, alto))
        d.add(
            String(
                x0, y0 + 1, nombre, fontName=es.FUENTE_CURSIVA, fontSize=6, fillColor=_c("#7a7466")
            )
        )
    # Norte
    d.add(
        Polygon(
            [14, alto - 8, 19, alto - 24, 14, alto - 20, 9, alto - 24],
            fillColor=colors.black,
            strokeColor=colors.black,
            strokeWidth=0.5,
        )
    )
    d.add(String(14, alto - 33, "N", fontName=es.FUENTE_NEGRITA, fontSize=8, textAnchor="middle"))
    # Escala
    lat_media = geo.latitud_de_y(cy)
    metros_pt = geo.metros_por_unidad(lat_media) / escala
    largo, rotulo = geo.barra_escala(metros_pt * mapa_ancho / 3)
    largo_pt = largo / metros_pt
    d.add(Line(8, 16, 8 + largo_pt, 16, strokeColor=colors.black, strokeWidth=1.2))
    for x in (8, 8 + largo_pt):
        d.add(Line(x, 16, x, 20, strokeColor=colors.black, strokeWidth=0.8))
    d.add(String(8, 22, rotulo, fontName=es.FUENTE, fontSize=7))
    # Leyenda
    x0 = mapa_ancho + 4
    d.add(
        Rect(mapa_ancho, 0, leyenda_ancho, alto, fillColor=colors.white, strokeColor=_c("#9a9483"))
    )
    y = alto - 12
    d.add(String(x0, y, "Leyenda", fontName=es.FUENTE_NEGRITA, fontSize=7.5))
    for forma, color, texto in entradas_leyenda(puntos):
        y -= 11
        d.add(simbolo(forma, x0 + 5, y + 2.5, 3.2, color))
        d.add(String(x0 + 13, y, texto, fontName=es.FUENTE, fontSize=6.5))
    # Advertencia
    d.add(
        String(
            mapa_ancho + leyenda_ancho / 2,
            14,
            geo.REFERENCIAL.upper(),
            fontName=es.FUENTE_NEGRITA,
            fontSize=9,
            fillColor=_c("#8b0000"),
            textAnchor="middle",
        )
    )
    d.add(
        String(
            mapa_ancho + leyenda_ancho / 2,
            5,
            "sin valor oficial de límites",
            fontName=es.FUENTE,
            fontSize=6,
            fillColor=_c("#8b0000"),
            textAnchor="middle",
        )
    )
    return d


def entradas_leyenda(puntos: list) -> list[tuple[str, str, str]]:
    tipos = {p[0] for p in puntos}
    salida = []
    if "localidad" in tipos:
        salida.append(("punto", geo.COLOR_LOCALIDAD, "Localidad"))
    if "iniciativa" in tipos:
        salida.append(("anillo", geo.COLOR_INICIATIVA, "Iniciativa de cartera"))
    presentes = {p[5] or "otra" for p in puntos if p[0] == "necesidad"}
    for t in Tipologia:
        if t.value in presentes:
            forma, color = geo.SIMBOLOS_TIPOLOGIA[t.value]
            salida.append((forma, color, t.corta))
    return salida


def franja_pasos(pasos: list[tuple[int, str, str]], ancho: float) -> Drawing:
    """Ocho casillas (número, etapa abreviada y estado en texto) coloreadas por estado."""
    es.registrar_fuentes()
    alto = 15 * mm
    d = Drawing(ancho, alto)
    lado = ancho / 8
    for i, (numero, etiqueta, estado) in enumerate(pasos):
        x = i * lado
        d.add(
            Rect(
                x + 1,
                1,
                lado - 2,
                alto - 2,
                fillColor=_c(FONDOS_PASO.get(estado, "#ececec")),
                strokeColor=_c("#777777"),
                strokeWidth=0.5,
            )
        )
        d.add(
            String(
                x + lado / 2,
                alto - 11,
                f"Paso {numero}",
                fontName=es.FUENTE_NEGRITA,
                fontSize=7.5,
                textAnchor="middle",
            )
        )
        corta = etiqueta if len(etiqueta) <= 22 else etiqueta[:21] + "…"
        d.add(
            String(
                x + lado / 2, alto - 21, corta, fontName=es.FUENTE, fontSize=5, textAnchor="middle"
            )
        )
        d.add(
            String(
                x + lado / 2, 5, estado, fontName=es.FUENTE_NEGRITA, fontSize=7, textAnchor="middle"
            )
        )
    return d


def barras(
    titulo: str,
    categorias: list[str],
    series: list[tuple[str, list[float]]],
    ancho: float,
    horizontal: bool = True,
    unidad: str = "",
) -> Drawing:
    """Barras (apiladas si hay varias series) con leyenda; el título va como texto del PDF."""
    es.registrar_fuentes()
    n = max(1, len(categorias))
    alto = (max(45 * mm, 13 * n + 40 * mm)) if horizontal else 75 * mm
    d = Drawing(ancho, alto)
    d.add(String(0, alto - 10, titulo, fontName=es.FUENTE_NEGRITA, fontSize=9))
    if not categorias or not series or not any(any(v) for _n, v in series):
        d.add(String(0, alto - 26, "Sin datos todavía.", fontName=es.FUENTE, fontSize=8))
        return d
    grafico = HorizontalBarChart() if horizontal else VerticalBarChart()
    margen_izq = 38 * mm if horizontal else 12 * mm
    grafico.x = margen_izq
    grafico.y = (30 if horizontal else 26) * mm if len(series) > 1 else 14 * mm
    grafico.width = ancho - margen_izq - 6 * mm
    grafico.height = alto - grafico.y - 16
    orden = (lambda x: list(reversed(x))) if horizontal else list
    grafico.data = [orden(v) for _n, v in series]
    grafico.categoryAxis.categoryNames = orden(categorias)
    grafico.categoryAxis.labels.fontName = es.FUENTE
    grafico.categoryAxis.labels.fontSize = 6.5
    if horizontal:
        grafico.categoryAxis.labels.boxAnchor = "e"
        grafico.categoryAxis.labels.dx = -3
    else:
        grafico.categoryAxis.labels.angle = 45 if n > 8 else 0
        grafico.categoryAxis.labels.boxAnchor = "ne" if n > 8 else "n"
    grafico.valueAxis.labels.fontName = es.FUENTE
    grafico.valueAxis.labels.fontSize = 6.5
    grafico.valueAxis.valueMin = 0
    grafico.valueAxis.labelTextFormat = lambda v: formato.numero(v, 0 if v == int(v) else 1)
    if len(series) > 1:
        grafico.categoryAxis.style = "stacked"
    grafico.bars.strokeColor = colors.white
    grafico.bars.strokeWidth = 0.3
    for i in range(len(series)):
        grafico.bars[i].fillColor = _c(geo.PALETA[i % len(geo.PALETA)])
    d.add(grafico)
    if unidad:
        if horizontal:
            x, y, ancla = grafico.x + grafico.width / 2, grafico.y - 20, "middle"
        else:
            x, y, ancla = 2, grafico.y + grafico.height + 4, "start"
        d.add(String(x, y, unidad, fontName=es.FUENTE, fontSize=6.5, textAnchor=ancla))
    if len(series) > 1:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        leyenda = Legend()
        leyenda.x, leyenda.y = margen_izq, 34 if horizontal else 26
        leyenda.fontName, leyenda.fontSize = es.FUENTE, 6.5
        leyenda.alignment = "right"
        leyenda.columnMaximum = 2
        leyenda.deltax = max(stringWidth(n, es.FUENTE, 6.5) for n, _v in series) + 32
        leyenda.deltay = 10
        leyenda.dx = leyenda.dy = 6
        leyenda.colorNamePairs = [
            (_c(geo.PALETA[i % len(geo.PALETA)]), nombre) for i, (nombre, _v) in enumerate(series)
        ]
        d.add(leyenda)
    return d
