"""Grilla para firmar a mano: filas altas, encabezado repetido en cada hoja y dibujo liviano.

Una lista de 300 personas es casi toda la página en celdas; la tabla general de reportlab crea
un objeto de texto por línea de cada celda. Aquí cada trozo de página escribe todo su texto en
un solo objeto de texto y todas sus líneas en un solo trazo, así la lista completa cuesta poco
más que una tabla desnuda con las mismas filas.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from pir_campo.documentos import estilos as es

# Encabezado partido en líneas, celdas partidas, altos de fila y alto del encabezado.
Preparadas = tuple[list[list[str]], list[list[list[str]]], list[float], float]


class HojaFirmas(Flowable):
    """Filas de alto mínimo `alto_min`; la que tiene más líneas crece, nunca se corta."""

    def __init__(
        self,
        encabezado: list[str],
        filas: list[list[str]],
        anchos: list[float],
        alto_min: float,
        _preparadas: tuple[list[list[str]], list[list[list[str]]], list[float], float]
        | None = None,
    ):
        super().__init__()
        self.anchos = anchos
        self.alto_min = alto_min
        if _preparadas:
            self.cabeza, self.celdas, self.altos, self.alto_cabeza = _preparadas
        else:
            utiles = [a - 2 * es.RELLENO_CELDA for a in anchos]
            self.cabeza = [
                es.partir(t, es.FUENTE_NEGRITA, utiles[i]) for i, t in enumerate(encabezado)
            ]
            self.alto_cabeza = self._alto(self.cabeza)
            self.celdas = [
                [es.partir(v, es.FUENTE, utiles[i]) if v else [] for i, v in enumerate(f)]
                for f in filas
            ]
            self.altos = [max(self.alto_min, self._alto(f)) for f in self.celdas]
        self.width = sum(anchos)

    @staticmethod
    def _alto(fila: list[list[str]]) -> float:
        lineas = max((len(c) for c in fila), default=1) or 1
        return lineas * es.INTERLINEA_CELDA + 2 * es.RELLENO_CELDA

    def _trozo(self, desde: int, hasta: int) -> HojaFirmas:
        return HojaFirmas(
            [],
            [],
            self.anchos,
            self.alto_min,
            (self.cabeza, self.celdas[desde:hasta], self.altos[desde:hasta], self.alto_cabeza),
        )

    def wrap(self, ancho_disponible: float, alto_disponible: float) -> tuple[float, float]:
        self.height = self.alto_cabeza + sum(self.altos)
        return self.width, self.height

    def split(self, ancho_disponible: float, alto_disponible: float) -> list[Flowable]:
        libre = alto_disponible - self.alto_cabeza
        caben = 0
        while caben < len(self.altos) and libre >= self.altos[caben]:
            libre -= self.altos[caben]
            caben += 1
        if caben == 0:
            return []
        return [self._trozo(0, caben), self._trozo(caben, len(self.altos))]

    def draw(self) -> None:
        c = self.canv
        alto_total = self.alto_cabeza + sum(self.altos)
        xs = [0.0]
        for a in self.anchos:
            xs.append(xs[-1] + a)
        c.saveState()
        c.setFillColor(es.GRIS_CLARO)
        c.rect(0, alto_total - self.alto_cabeza, self.width, self.alto_cabeza, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        texto = c.beginText()
        y = alto_total
        self._textos(texto, self.cabeza, xs, y, self.alto_cabeza, es.FUENTE_NEGRITA, centrar=False)
        y -= self.alto_cabeza
        bordes = [y]
        for fila, alto in zip(self.celdas, self.altos, strict=True):
            self._textos(texto, fila, xs, y, alto, es.FUENTE, centrar=True)
            y -= alto
            bordes.append(y)
        c.drawText(texto)
        trazo = c.beginPath()
        for yb in [alto_total, *bordes]:
            trazo.moveTo(0, yb)
            trazo.lineTo(self.width, yb)
        for x in xs:
            trazo.moveTo(x, 0)
            trazo.lineTo(x, alto_total)
        c.setStrokeColor(es.GRIS)
        c.setLineWidth(0.5)
        c.drawPath(trazo, stroke=1, fill=0)
        c.restoreState()

    @staticmethod
    def _textos(texto, fila, xs, y_sup, alto, fuente, centrar: bool) -> None:
        texto.setFont(fuente, es.TAMANO_CELDA, es.INTERLINEA_CELDA)
        for i, lineas in enumerate(fila):
            if not lineas:
                continue
            bloque = len(lineas) * es.INTERLINEA_CELDA
            arriba = (alto - bloque) / 2 if centrar else es.RELLENO_CELDA
            base = y_sup - arriba - es.TAMANO_CELDA
            for n, linea in enumerate(lineas):
                texto.setTextOrigin(xs[i] + es.RELLENO_CELDA, base - n * es.INTERLINEA_CELDA)
                texto.textOut(linea)
