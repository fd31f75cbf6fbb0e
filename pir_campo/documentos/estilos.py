"""Fuentes, estilos y plantilla de página de los documentos impresos.

Las fuentes se incrustan desde `recursos/fuentes` (DejaVu Sans): la Vera que trae reportlab
no se encuentra en una aplicación congelada y no cubre bien los acentos y la ñ en negrita.
Tamaño Carta, el papel que se compra en los pueblos de Chile.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pir_campo.recursos import ruta_recurso

PAGINA = letter
MARGEN_IZQ = MARGEN_DER = 18 * mm
MARGEN_SUP = 24 * mm
MARGEN_INF = 20 * mm
# El marco de platypus deja 6 pt de relleno a cada lado: el ancho útil real es ese.
RELLENO_MARCO = 6
ANCHO_UTIL = PAGINA[0] - MARGEN_IZQ - MARGEN_DER - 2 * RELLENO_MARCO
IZQ = MARGEN_IZQ + RELLENO_MARCO
DER = PAGINA[0] - MARGEN_DER - RELLENO_MARCO

FUENTE = "PirSans"
FUENTE_NEGRITA = "PirSans-Negrita"
FUENTE_CURSIVA = "PirSans-Cursiva"
GRIS = colors.HexColor("#555555")
GRIS_CLARO = colors.HexColor("#E6E6E6")
PROGRAMA = "Programa de Infraestructura Rural para el Desarrollo Territorial (PIRDT)"


@cache
def registrar_fuentes() -> None:
    """Registra DejaVu Sans (normal, negrita, cursiva) una sola vez por proceso."""
    for nombre, archivo in (
        (FUENTE, "DejaVuSans.ttf"),
        (FUENTE_NEGRITA, "DejaVuSans-Bold.ttf"),
        (FUENTE_CURSIVA, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(nombre, str(ruta_recurso("fuentes", archivo))))
    pdfmetrics.registerFontFamily(
        FUENTE, normal=FUENTE, bold=FUENTE_NEGRITA, italic=FUENTE_CURSIVA, boldItalic=FUENTE_NEGRITA
    )
    # Los dibujos (mapas y gráficos) parten del estado por omisión de reportlab.graphics, que
    # declara Helvetica sin incrustar al volver de cada texto: se parte de la fuente propia.
    from reportlab.graphics import renderbase

    renderbase.STATE_DEFAULTS["fontName"] = FUENTE


@dataclass(frozen=True)
class Estilos:
    titulo: ParagraphStyle
    subtitulo: ParagraphStyle
    seccion: ParagraphStyle
    normal: ParagraphStyle
    etiqueta: ParagraphStyle
    celda: ParagraphStyle
    celda_negrita: ParagraphStyle
    pequeno: ParagraphStyle
    centrado: ParagraphStyle
    pequeno_centrado: ParagraphStyle
    celda_derecha: ParagraphStyle


@cache
def estilos() -> Estilos:
    registrar_fuentes()
    base = ParagraphStyle("normal", fontName=FUENTE, fontSize=9.5, leading=12.5)
    return Estilos(
        titulo=ParagraphStyle("titulo", base, fontName=FUENTE_NEGRITA, fontSize=15, leading=19),
        subtitulo=ParagraphStyle("subtitulo", base, fontSize=10.5, leading=14, textColor=GRIS),
        seccion=ParagraphStyle(
            "seccion",
            base,
            fontName=FUENTE_NEGRITA,
            fontSize=11,
            leading=14,
            spaceBefore=9,
            spaceAfter=4,
        ),
        normal=base,
        etiqueta=ParagraphStyle(
            "etiqueta", base, fontName=FUENTE_NEGRITA, fontSize=8.5, leading=11
        ),
        celda=ParagraphStyle("celda", base, fontSize=8.5, leading=10.5),
        celda_negrita=ParagraphStyle(
            "celda_negrita", base, fontName=FUENTE_NEGRITA, fontSize=8.5, leading=10.5
        ),
        pequeno=ParagraphStyle("pequeno", base, fontSize=7.5, leading=9.5, textColor=GRIS),
        centrado=ParagraphStyle("centrado", base, fontSize=8.5, leading=10.5, alignment=TA_CENTER),
        pequeno_centrado=ParagraphStyle(
            "pequeno_centrado", base, fontSize=7.5, leading=9.5, textColor=GRIS, alignment=TA_CENTER
        ),
        celda_derecha=ParagraphStyle(
            "celda_derecha", base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
    )


def estilo_tabla(comandos: list[tuple]) -> TableStyle:
    """Estilo con la fuente propia en toda celda: sin ella reportlab declara Helvetica."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FUENTE, 8.5), *comandos])


def texto(valor: object, estilo: ParagraphStyle | None = None) -> Paragraph:
    """Párrafo con el texto escapado; los saltos de línea del registro se respetan."""
    limpio = escape("" if valor is None else str(valor)).replace("\n", "<br/>")
    return Paragraph(limpio, estilo or estilos().normal)


def seccion(titulo: str) -> Paragraph:
    return Paragraph(escape(titulo), estilos().seccion)


def ficha(pares: list[tuple[str, object]], columnas: int = 2) -> Table:
    """Pares etiqueta/valor en una grilla; los valores vacíos se muestran como «—»."""
    e = estilos()
    celdas = [
        [texto(etiqueta, e.etiqueta), texto(valor if valor not in (None, "") else "—", e.celda)]
        for etiqueta, valor in pares
    ]
    filas = []
    for i in range(0, len(celdas), columnas):
        fila = [c for par in celdas[i : i + columnas] for c in par]
        fila += [""] * (2 * columnas - len(fila))
        filas.append(fila)
    ancho_etiqueta = 30 * mm if columnas == 2 else 42 * mm
    ancho_valor = ANCHO_UTIL / columnas - ancho_etiqueta
    tabla = Table(filas, colWidths=[ancho_etiqueta, ancho_valor] * columnas)
    tabla.setStyle(
        estilo_tabla(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return tabla


TAMANO_CELDA = 8.5
INTERLINEA_CELDA = 10.5
RELLENO_CELDA = 3

ESTILO_TABLA = [
    ("FONT", (0, 0), (-1, -1), FUENTE, TAMANO_CELDA, INTERLINEA_CELDA),
    ("FONT", (0, 0), (-1, 0), FUENTE_NEGRITA, TAMANO_CELDA, INTERLINEA_CELDA),
    ("BACKGROUND", (0, 0), (-1, 0), GRIS_CLARO),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), RELLENO_CELDA),
    ("RIGHTPADDING", (0, 0), (-1, -1), RELLENO_CELDA),
    ("TOPPADDING", (0, 0), (-1, -1), RELLENO_CELDA),
    ("BOTTOMPADDING", (0, 0), (-1, -1), RELLENO_CELDA),
]


def partir(texto: str, fuente: str, ancho: float, tamano: float = TAMANO_CELDA) -> list[str]:
    """Líneas que caben en `ancho`; una palabra más larga que la columna se corta con guion
    (mejor es que quepa: ver `tamano_que_cabe`).

    Mide cada palabra una sola vez (los anchos de una fuente TrueType se suman): con cientos
    de filas, medir cada candidato de línea domina el tiempo del documento.
    """
    medir = pdfmetrics.stringWidth
    if "\n" not in texto and medir(texto, fuente, tamano) <= ancho:
        return [texto]
    espacio_ = medir(" ", fuente, tamano)
    lineas: list[str] = []
    for parrafo in texto.split("\n"):
        actual, ocupado = "", 0.0
        for palabra in parrafo.split():
            largo = medir(palabra, fuente, tamano)
            while largo > ancho:
                corte = len(palabra) - 1
                while corte > 1 and medir(palabra[:corte] + "-", fuente, tamano) > ancho:
                    corte -= 1
                if actual:
                    lineas.append(actual)
                lineas.append(palabra[:corte] + "-")
                actual, ocupado = "", 0.0
                palabra = palabra[corte:]
                largo = medir(palabra, fuente, tamano)
            if not actual:
                actual, ocupado = palabra, largo
            elif ocupado + espacio_ + largo <= ancho:
                actual, ocupado = f"{actual} {palabra}", ocupado + espacio_ + largo
            else:
                lineas.append(actual)
                actual, ocupado = palabra, largo
        lineas.append(actual)
    return lineas


TAMANO_MINIMO_CELDA = 6.5


def tamano_que_cabe(texto: str, fuente: str, ancho: float) -> float:
    """El tamaño de letra de celda con que la palabra más larga de `texto` cabe en `ancho`,
    sin bajar de TAMANO_MINIMO_CELDA (más abajo no se lee impreso; ahí `partir` la corta)."""
    palabras = texto.split()
    if not palabras:
        return TAMANO_CELDA
    mayor = max(pdfmetrics.stringWidth(p, fuente, TAMANO_CELDA) for p in palabras)
    if mayor <= ancho:
        return TAMANO_CELDA
    return max(TAMANO_MINIMO_CELDA, round(TAMANO_CELDA * ancho / mayor - 0.05, 1))


def tabla(
    encabezado: list[str],
    filas: list[list[object]],
    anchos: list[float],
    derecha: tuple[int, ...] = (),
    estilo_extra: list[tuple] | None = None,
    alto_fila: float | None = None,
) -> Table:
    """Tabla que se parte entre páginas repitiendo el encabezado.

    Las celdas son cadenas cortadas en líneas a la medida de su columna (mucho más rápido que
    un párrafo por celda, y nunca se salen del borde). Con `alto_fila`, ninguna fila del cuerpo
    es más baja que eso: las de más líneas crecen.
    """
    utiles = [a - 2 * RELLENO_CELDA for a in anchos]
    # Un encabezado cuya palabra más larga no cabe en su columna («Prefactibilidad» en una
    # columna de montos) va con letra más chica antes que partido.
    tamanos = [tamano_que_cabe(t, FUENTE_NEGRITA, utiles[i]) for i, t in enumerate(encabezado)]
    cabeza = [
        "\n".join(partir(t, FUENTE_NEGRITA, utiles[i], tamanos[i]))
        for i, t in enumerate(encabezado)
    ]
    cuerpo, altos = [], [None]
    for f in filas:
        fila, lineas = [], 1
        for i, v in enumerate(f):
            if isinstance(v, str) and v:
                partes = partir(v, FUENTE, utiles[i])
                lineas = max(lineas, len(partes))
                v = "\n".join(partes)
            fila.append("" if v is None else v)
        cuerpo.append(fila)
        if alto_fila:
            natural = lineas * INTERLINEA_CELDA + 2 * RELLENO_CELDA
            altos.append(alto_fila if natural <= alto_fila else None)
    comandos = list(ESTILO_TABLA)
    comandos += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in derecha]
    comandos += [
        ("FONT", (i, 0), (i, 0), FUENTE_NEGRITA, tam, INTERLINEA_CELDA * tam / TAMANO_CELDA)
        for i, tam in enumerate(tamanos)
        if tam != TAMANO_CELDA
    ]
    t = Table(
        [cabeza, *cuerpo], colWidths=anchos, repeatRows=1, rowHeights=altos if alto_fila else None
    )
    t.setStyle(estilo_tabla(comandos + (estilo_extra or [])))
    return t


def espacio(alto_mm: float = 3) -> Spacer:
    return Spacer(1, alto_mm * mm)


@dataclass(frozen=True)
class Pie:
    """Lo que se repite en cada página: encabezado y pie con «Página X de Y»."""

    titulo: str
    codigo: str
    huella: str
    aviso: str | None = None

    def dibujar(self, c: canvas.Canvas, pagina: int, total: int) -> None:
        ancho, alto = PAGINA
        c.saveState()
        c.setFillColor(GRIS)
        c.setStrokeColor(GRIS)
        c.setFont(FUENTE, 7.5)
        y_sup = alto - MARGEN_SUP + 8 * mm
        c.drawString(IZQ, y_sup, PROGRAMA)
        c.drawRightString(DER, y_sup, self.titulo)
        c.setLineWidth(0.4)
        c.line(IZQ, y_sup - 2 * mm, DER, y_sup - 2 * mm)
        y_inf = MARGEN_INF - 9 * mm
        c.line(IZQ, y_inf + 4 * mm, DER, y_inf + 4 * mm)
        c.drawString(IZQ, y_inf, f"Código {self.codigo} · Huella {self.huella}")
        c.drawRightString(DER, y_inf, f"Página {pagina} de {total}")
        if self.aviso:
            c.setFont(FUENTE_NEGRITA, 7.5)
            c.drawCentredString(ancho / 2, y_inf - 3.8 * mm, self.aviso)
        c.restoreState()


def fabrica_lienzo(pie: Pie) -> type[canvas.Canvas]:
    """Lienzo que guarda las páginas hasta el final para poder escribir «de Y»."""

    class Lienzo(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            # La plantilla pasa None explícito; sin esto se declara Helvetica sin incrustar.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FUENTE
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 9.5
            super().__init__(*args, **kwargs)
            self._paginas: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - nombre de reportlab
            self._paginas.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._paginas)
            for numero, estado in enumerate(self._paginas, start=1):
                self.__dict__.update(estado)
                pie.dibujar(self, numero, total)
                super().showPage()
            super().save()

    return Lienzo
