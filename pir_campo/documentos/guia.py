"""La guía de uso en PDF, armada desde las mismas páginas HTML que F1 muestra en la aplicación
(`recursos/guia`): un solo texto, así el PDF y la ayuda en pantalla no se separan.
"""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from reportlab.platypus import (
    Image,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
)

from pir_campo import NOMBRE
from pir_campo.documentos import estilos as es
from pir_campo.documentos.generar import escribir_pdf
from pir_campo.recursos import ruta_recurso

# El orden de las tareas, como en el índice de la guía.
ORDEN = (
    "inicio",
    "primer-dia",
    "taller",
    "imprimir-firmar",
    "adjuntos",
    "sincronizar",
    "consolidar",
    "conflictos",
    "respaldos",
    "datos-personales",
    "planificacion",
)


ANCHO_PANTALLA = 760


class _Lector(HTMLParser):
    """Lo poco de HTML que usa la guía: h1, h2, p, ol/ul con li, b, i (un mensaje de la
    aplicación, entre comillas), code (una orden para escribir), a e img."""

    def __init__(self, carpeta: Path):
        super().__init__()
        self.carpeta = carpeta
        self.bloques: list = []
        self._texto: list[str] = []
        self._etiqueta: str | None = None
        self._items: list[str] | None = None
        self._lista_ordenada = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "p", "li"):
            self._etiqueta, self._texto = tag, []
        elif tag in ("ol", "ul"):
            self._items, self._lista_ordenada = [], tag == "ol"
        elif tag == "b":
            self._texto.append("<b>")
        elif tag == "i":
            self._texto.append("“")
        elif tag == "code":
            self._texto.append('<font face="Courier">')
        elif tag == "img" and a.get("src"):
            ruta = self.carpeta / a["src"]
            # El ancho de la página HTML (760 es el de una pantalla entera) da la proporción:
            # un diálogo chico no se estira a todo el ancho.
            ancho = es.ANCHO_UTIL * min(1.0, int(a.get("width") or ANCHO_PANTALLA) / ANCHO_PANTALLA)
            imagen = Image(str(ruta))
            imagen.drawHeight = imagen.imageHeight * ancho / imagen.imageWidth
            imagen.drawWidth = ancho
            self.bloques.append(imagen)

    def handle_endtag(self, tag):
        if tag in _CIERRES:
            self._texto.append(_CIERRES[tag])
            return
        if tag == self._etiqueta:
            texto = re.sub(r"\s+", " ", "".join(self._texto)).strip()
            if tag == "li" and self._items is not None:
                self._items.append(texto)
            elif texto:
                self.bloques.append(Paragraph(texto, _estilo(tag)))
            self._etiqueta = None
        if tag in ("ol", "ul") and self._items is not None:
            self.bloques.append(
                ListFlowable(
                    [ListItem(Paragraph(t, es.estilos().normal)) for t in self._items],
                    bulletType="1" if self._lista_ordenada else "bullet",
                    bulletFontName=es.FUENTE,
                )
            )
            self._items = None

    def handle_data(self, data):
        if self._etiqueta:
            self._texto.append(
                unescape(data).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            )


_CIERRES = {"b": "</b>", "i": "”", "code": "</font>"}


def _estilo(tag: str):
    e = es.estilos()
    return {"h1": e.titulo, "h2": e.seccion}.get(tag, e.normal)


def historia() -> list:
    carpeta = ruta_recurso("guia")
    salida: list = []
    for n, nombre in enumerate(ORDEN):
        lector = _Lector(carpeta)
        lector.feed((carpeta / f"{nombre}.html").read_text(encoding="utf-8"))
        bloques = [b for b in lector.bloques if not _es_enlace_al_indice(b)]
        salida += ([PageBreak()] if n else []) + bloques
    return salida


def _es_enlace_al_indice(bloque) -> bool:
    return isinstance(bloque, Paragraph) and bloque.getPlainText() == "Índice de la guía"


def construir() -> bytes:
    es.registrar_fuentes()
    memoria = io.BytesIO()
    documento = SimpleDocTemplate(
        memoria,
        pagesize=es.PAGINA,
        leftMargin=es.MARGEN_IZQ,
        rightMargin=es.MARGEN_DER,
        topMargin=es.MARGEN_SUP,
        bottomMargin=es.MARGEN_INF,
        title=f"Guía de uso de {NOMBRE}",
        author=NOMBRE,
        lang="es-CL",
        invariant=1,
    )
    pie = es.Pie("Guía de uso", "guía", "-")
    documento.build(historia(), canvasmaker=es.fabrica_lienzo(pie))
    return memoria.getvalue()


def generar(salida: Path) -> Path:
    return escribir_pdf(construir(), Path(salida))
