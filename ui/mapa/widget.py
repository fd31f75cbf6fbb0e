"""Mapa sin conexión: localidades, necesidades (símbolo por tipología) e iniciativas, la
extensión de cada territorio, zoom y desplazamiento, leyenda, barra de escala, norte y la
advertencia «Referencial». Un clic en un punto abre su registro.

Sin mapa base (MBTiles elegido en Ajustes) se dibuja un fondo liso con retícula y los nombres
de las comunas en sus localidades. La geometría es la de `pir_campo.mapa`, la misma del PDF.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from pir_campo import mapa as geo
from pir_campo.modelos.enums import Tipologia
from pir_campo.servicios.inicio import DatosMapa, Punto
from ui.mapa.mbtiles import ErrorMbtiles, Mbtiles, ruta_elegida

FONDO = QColor("#f3f1ea")
TESELA = 256
RADIO = 6.0
ZOOM_MAX = 1 << 22  # píxeles por unidad Mercator: ~ calle


def trazo_simbolo(forma: str, centro: QPointF, r: float) -> QPainterPath:
    """El símbolo de una tipología (también se usa en la leyenda)."""
    x, y = centro.x(), centro.y()
    c = QPainterPath()
    if forma == "cuadrado":
        c.addRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif forma == "rombo":
        c.addPolygon(
            QPolygonF(
                [
                    QPointF(x, y - r),
                    QPointF(x + r, y),
                    QPointF(x, y + r),
                    QPointF(x - r, y),
                    QPointF(x, y - r),
                ]
            )
        )
    elif forma == "gota":
        c.moveTo(x, y - r * 1.2)
        c.cubicTo(x + r * 1.1, y, x + r * 0.9, y + r, x, y + r)
        c.cubicTo(x - r * 0.9, y + r, x - r * 1.1, y, x, y - r * 1.2)
    elif forma == "rayo":
        c.addPolygon(
            QPolygonF(
                [
                    QPointF(x + r * 0.2, y - r),
                    QPointF(x - r * 0.7, y + r * 0.1),
                    QPointF(x, y + r * 0.1),
                    QPointF(x - r * 0.2, y + r),
                    QPointF(x + r * 0.7, y - r * 0.1),
                    QPointF(x, y - r * 0.1),
                    QPointF(x + r * 0.2, y - r),
                ]
            )
        )
    elif forma == "antena":
        c.addPolygon(
            QPolygonF(
                [QPointF(x, y - r), QPointF(x + r, y + r), QPointF(x - r, y + r), QPointF(x, y - r)]
            )
        )
    elif forma == "triangulo_inv":
        c.addPolygon(
            QPolygonF(
                [
                    QPointF(x - r, y - r),
                    QPointF(x + r, y - r),
                    QPointF(x, y + r),
                    QPointF(x - r, y - r),
                ]
            )
        )
    elif forma == "estrella":
        puntos = []
        for i in range(11):
            radio = r * (1.15 if i % 2 == 0 else 0.5)
            ang = -math.pi / 2 + i * math.pi / 5
            puntos.append(QPointF(x + radio * math.cos(ang), y + radio * math.sin(ang)))
        c.addPolygon(QPolygonF(puntos))
    elif forma == "anillo":
        c.addEllipse(QPointF(x, y), r * 1.2, r * 1.2)
        c.addEllipse(QPointF(x, y), r * 0.6, r * 0.6)
    elif forma == "punto":
        c.addEllipse(QPointF(x, y), r * 0.6, r * 0.6)
    else:  # cruz
        a = r * 0.35
        c.addPolygon(
            QPolygonF(
                [
                    QPointF(x - a, y - r),
                    QPointF(x + a, y - r),
                    QPointF(x + a, y - a),
                    QPointF(x + r, y - a),
                    QPointF(x + r, y + a),
                    QPointF(x + a, y + a),
                    QPointF(x + a, y + r),
                    QPointF(x - a, y + r),
                    QPointF(x - a, y + a),
                    QPointF(x - r, y + a),
                    QPointF(x - r, y - a),
                    QPointF(x - a, y - a),
                    QPointF(x - a, y - r),
                ]
            )
        )
    return c


def estilo_punto(p: Punto) -> tuple[str, str]:
    if p.tipo == "localidad":
        return "punto", geo.COLOR_LOCALIDAD
    if p.tipo == "iniciativa":
        return "anillo", geo.COLOR_INICIATIVA
    return geo.SIMBOLOS_TIPOLOGIA.get(p.tipologia or "otra", geo.SIMBOLOS_TIPOLOGIA["otra"])


def registro_de(p: Punto) -> tuple[str, str]:
    """Qué abre un clic: la localidad abre su territorio; una necesidad o iniciativa, su
    registro dentro de su territorio («territorio|id»)."""
    if p.tipo == "localidad":
        return "territorio", p.territorio_id
    return p.tipo, f"{p.territorio_id}|{p.id}"


class MapaWidget(QWidget):
    """`abrir_registro(tipo, id)` al hacer clic en un punto (ver `registro_de`)."""

    abrir_registro = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.datos = DatosMapa()
        self.cx, self.cy, self.escala = 0.5, 0.5, 1024.0
        self._arrastre: QPointF | None = None
        self._movido = False
        self.base: Mbtiles | None = None
        self.aviso_base = ""
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Mapa referencial")
        self.setAccessibleDescription(
            "Rueda o teclas + y − para acercar, flechas o arrastre para mover, 0 para ver todo"
        )
        self.usar_base(ruta_elegida())

    # ---- datos y vista ----------------------------------------------------------------------

    def usar_base(self, ruta: Path | None) -> None:
        if self.base is not None:
            self.base.cerrar()
            self.base = None
        self.aviso_base = ""
        if ruta is not None:
            try:
                self.base = Mbtiles(ruta)
            except ErrorMbtiles as e:
                self.aviso_base = str(e)
        self.update()

    def poner_datos(self, datos: DatosMapa) -> None:
        self.datos = datos
        self.ver_todo()

    def ver_todo(self) -> None:
        caja = self.datos.caja()
        if caja is None:
            caja = geo.caja_de([(-17.5, -75.0), (-56.0, -66.0)])
        caja = caja.ampliada(0.08)
        ancho, alto = max(self.width(), 320), max(self.height(), 240)
        self.cx, self.cy = (caja.x0 + caja.x1) / 2, (caja.y0 + caja.y1) / 2
        self.escala = min(ancho / caja.ancho, alto / caja.alto, ZOOM_MAX)
        self.update()

    def resizeEvent(self, evento) -> None:
        super().resizeEvent(evento)
        if evento.oldSize().width() <= 0:
            self.ver_todo()

    def a_pantalla(self, x: float, y: float) -> QPointF:
        return QPointF(
            self.width() / 2 + (x - self.cx) * self.escala,
            self.height() / 2 + (y - self.cy) * self.escala,
        )

    def lugar_real(self, p: Punto) -> QPointF:
        return self.a_pantalla(geo.x_mercator(p.longitud), geo.y_mercator(p.latitud))

    def _repartidos(self) -> dict[int, QPointF]:
        """Dónde se dibuja cada punto a esta escala: los que se tapan se separan un poco."""
        clave = (self.cx, self.cy, self.escala, self.width(), self.height(), id(self.datos))
        if getattr(self, "_clave_reparto", None) != clave:
            reales = [self.lugar_real(p) for p in self.datos.puntos]
            separados = geo.repartir(
                [(q.x(), q.y()) for q in reales],
                2 * RADIO,
                RADIO * 1.6,
                (0, 0, self.width(), self.height()),
            )
            self._reparto = {
                id(p): QPointF(*xy) for p, xy in zip(self.datos.puntos, separados, strict=True)
            }
            self._clave_reparto = clave
        return self._reparto

    def punto_en_pantalla(self, p: Punto) -> QPointF:
        return self._repartidos().get(id(p)) or self.lugar_real(p)

    def _de_pantalla(self, q: QPointF) -> tuple[float, float]:
        return (
            self.cx + (q.x() - self.width() / 2) / self.escala,
            self.cy + (q.y() - self.height() / 2) / self.escala,
        )

    def acercar(self, factor: float, ancla: QPointF | None = None) -> None:
        ancla = ancla or QPointF(self.width() / 2, self.height() / 2)
        antes = self._de_pantalla(ancla)
        self.escala = max(256.0, min(self.escala * factor, ZOOM_MAX))
        despues = self._de_pantalla(ancla)
        self.cx += antes[0] - despues[0]
        self.cy += antes[1] - despues[1]
        self.update()

    def mover(self, dx: float, dy: float) -> None:
        self.cx -= dx / self.escala
        self.cy -= dy / self.escala
        self.update()

    def punto_en(self, pos: QPointF) -> Punto | None:
        """El punto más cercano bajo el cursor (necesidades e iniciativas sobre localidades)."""
        mejor, distancia = None, (RADIO + 4) ** 2
        orden = {"iniciativa": 0, "necesidad": 1, "localidad": 2}
        for p in sorted(self.datos.puntos, key=lambda p: orden[p.tipo]):
            q = self.punto_en_pantalla(p)
            d = (q.x() - pos.x()) ** 2 + (q.y() - pos.y()) ** 2
            if d < distancia:
                mejor, distancia = p, d
        return mejor

    # ---- eventos ----------------------------------------------------------------------------

    def wheelEvent(self, evento: QWheelEvent) -> None:
        pasos = evento.angleDelta().y() / 120
        if pasos:
            self.acercar(1.25**pasos, evento.position())

    def mousePressEvent(self, evento: QMouseEvent) -> None:
        if evento.button() == Qt.MouseButton.LeftButton:
            self._arrastre = evento.position()
            self._movido = False

    def mouseMoveEvent(self, evento: QMouseEvent) -> None:
        if self._arrastre is not None:
            delta = evento.position() - self._arrastre
            if self._movido or abs(delta.x()) + abs(delta.y()) > 3:
                self._movido = True
                self.mover(delta.x(), delta.y())
                self._arrastre = evento.position()
            return
        p = self.punto_en(evento.position())
        if p is not None:
            QToolTip.showText(evento.globalPosition().toPoint(), f"{p.nombre}\n{p.detalle}", self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, evento: QMouseEvent) -> None:
        if evento.button() != Qt.MouseButton.LeftButton:
            return
        movido, self._arrastre = self._movido, None
        if not movido:
            p = self.punto_en(evento.position())
            if p is not None:
                self.abrir_registro.emit(*registro_de(p))

    def keyPressEvent(self, evento) -> None:
        tecla = evento.key()
        k = Qt.Key
        if tecla in (k.Key_Plus, k.Key_Equal):
            self.acercar(1.5)
        elif tecla == k.Key_Minus:
            self.acercar(1 / 1.5)
        elif tecla == k.Key_0:
            self.ver_todo()
        elif tecla in (k.Key_Left, k.Key_Right, k.Key_Up, k.Key_Down):
            d = 60
            dx = {k.Key_Left: d, k.Key_Right: -d}.get(tecla, 0)
            dy = {k.Key_Up: d, k.Key_Down: -d}.get(tecla, 0)
            self.mover(dx, dy)
        else:
            super().keyPressEvent(evento)

    # ---- dibujo -----------------------------------------------------------------------------

    def paintEvent(self, _evento) -> None:
        pintor = QPainter(self)
        pintor.setRenderHint(QPainter.RenderHint.Antialiasing)
        pintor.fillRect(self.rect(), FONDO)
        if not self._teselas(pintor):
            self._reticula(pintor)
        self._territorios(pintor)
        self._puntos(pintor)
        if self.base is None:
            self._comunas(pintor)
        self._leyenda(pintor)
        self._escala(pintor)
        self._norte(pintor)
        self._referencial(pintor)
        if self.hasFocus():
            pintor.setPen(QPen(self.palette().highlight().color(), 2))
            pintor.setBrush(Qt.BrushStyle.NoBrush)
            pintor.drawRect(self.rect().adjusted(1, 1, -1, -1))
        pintor.end()

    def _teselas(self, pintor: QPainter) -> bool:
        if self.base is None:
            return False
        z = max(self.base.zoom_min, min(self.base.zoom_max, round(math.log2(self.escala / TESELA))))
        n = 1 << z
        lado = self.escala / n
        x0, y0 = self._de_pantalla(QPointF(0, 0))
        x1, y1 = self._de_pantalla(QPointF(self.width(), self.height()))
        alguna = False
        for tx in range(max(0, int(x0 * n)), min(n - 1, int(x1 * n)) + 1):
            for ty in range(max(0, int(y0 * n)), min(n - 1, int(y1 * n)) + 1):
                imagen = self.base.tesela(z, tx, ty)
                if imagen is None:
                    continue
                esquina = self.a_pantalla(tx / n, ty / n)
                pintor.drawImage(QRectF(esquina.x(), esquina.y(), lado + 0.5, lado + 0.5), imagen)
                alguna = True
        return alguna

    def _fuente_reticula(self) -> QFont:
        fuente = QFont(self.font())
        fuente.setPointSizeF(max(7.0, fuente.pointSizeF() * 0.8))
        return fuente

    def rotulos_longitud(self) -> list[tuple[str, QRectF]]:
        """El rótulo de cada meridiano a la vista y su caja (abajo, a su derecha), salvo los que
        el aviso «Referencial» taparía a medias."""
        metrica = QFontMetrics(self._fuente_reticula())
        aviso = self._aviso_referencial()[-1]
        x0 = self._de_pantalla(QPointF(0, 0))[0]
        x1 = self._de_pantalla(QPointF(self.width(), self.height()))[0]
        salida = []
        for lon in geo.lineas_reticula(geo.longitud_de_x(x0), geo.longitud_de_x(x1)):
            x = self.a_pantalla(geo.x_mercator(lon), 0).x()
            rotulo = geo.formato_grado(lon, "lon")
            arriba = self.height() - 4 - metrica.ascent()
            caja = QRectF(x + 3, arriba, metrica.horizontalAdvance(rotulo), metrica.height())
            if not caja.intersects(aviso):
                salida.append((rotulo, caja))
        return salida

    def _reticula(self, pintor: QPainter) -> None:
        x0, y0 = self._de_pantalla(QPointF(0, 0))
        x1, y1 = self._de_pantalla(QPointF(self.width(), self.height()))
        lat0, lat1 = geo.latitud_de_y(y1), geo.latitud_de_y(y0)
        pintor.setPen(QPen(QColor("#c9c4b5"), 1, Qt.PenStyle.DashLine))
        fuente = self._fuente_reticula()
        pintor.setFont(fuente)
        metrica = QFontMetrics(fuente)
        for lon in geo.lineas_reticula(geo.longitud_de_x(x0), geo.longitud_de_x(x1)):
            x = self.a_pantalla(geo.x_mercator(lon), 0).x()
            pintor.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        pintor.setPen(QColor("#6b6658"))
        for rotulo, caja in self.rotulos_longitud():
            pintor.drawText(QPointF(caja.left(), self.height() - 4), rotulo)
        for lat in geo.lineas_reticula(lat0, lat1):
            y = self.a_pantalla(0, geo.y_mercator(lat)).y()
            if y > self.height() - 48:
                continue  # ahí va la barra de escala
            pintor.setPen(QPen(QColor("#c9c4b5"), 1, Qt.PenStyle.DashLine))
            pintor.drawLine(QPointF(0, y), QPointF(self.width(), y))
            pintor.setPen(QColor("#6b6658"))
            pintor.drawText(QPointF(3, y - 3 - metrica.descent()), geo.formato_grado(lat, "lat"))

    def _territorios(self, pintor: QPainter) -> None:
        for i, (tid, (nombre, contorno)) in enumerate(sorted(self.datos.territorios.items())):
            color = QColor(geo.PALETA[i % len(geo.PALETA)])
            puntos = [
                self.a_pantalla(geo.x_mercator(lo), geo.y_mercator(la)) for la, lo in contorno
            ]
            if not puntos:
                continue
            relleno = QColor(color)
            relleno.setAlpha(38)
            pintor.setPen(QPen(color, 1.6))
            pintor.setBrush(relleno)
            if len(puntos) >= 3:
                pintor.drawPolygon(QPolygonF(puntos))
            cx = sum(p.x() for p in puntos) / len(puntos)
            cy = min(p.y() for p in puntos)
            fuente = QFont(self.font())
            fuente.setBold(True)
            pintor.setFont(fuente)
            pintor.setPen(color.darker(140))
            pintor.drawText(
                QPointF(cx - QFontMetrics(fuente).horizontalAdvance(nombre) / 2, cy - 6), nombre
            )
            del tid

    def _fuente_comunas(self) -> QFont:
        fuente = QFont(self.font())
        fuente.setItalic(True)
        fuente.setPointSizeF(max(7.0, fuente.pointSizeF() * 0.85))
        return fuente

    def rotulos_comunas(self) -> list[tuple[str, QRectF]]:
        """Cada nombre de comuna y su caja en pantalla: junto a su localidad, donde no pisa
        ningún símbolo, el norte, la leyenda ni otro nombre (mapa.colocar_rotulo, como en el
        PDF)."""
        metrica = QFontMetrics(self._fuente_comunas())
        r = RADIO + 2  # con el borde blanco y el anillo de las iniciativas
        ocupados = [(0.0, 0.0, 44.0, 56.0)]  # el norte
        for p in self.datos.puntos:
            q = self.punto_en_pantalla(p)
            ocupados.append((q.x() - r, q.y() - r, q.x() + r, q.y() + r))
        if entradas := self.entradas_leyenda():
            c = self._disposicion_leyenda(entradas)[-1]
            ocupados.append((c.left(), c.top(), c.right(), c.bottom()))
        limites = (0.0, 0.0, float(self.width()), float(self.height()))
        salida = []
        for nombre, (lat, lon) in sorted(self.datos.comunas.items()):
            q = self.a_pantalla(geo.x_mercator(lon), geo.y_mercator(lat))
            ancho, alto = metrica.horizontalAdvance(nombre), metrica.height()
            x0, y0 = geo.colocar_rotulo(q.x(), q.y(), ancho, alto, ocupados, limites, 9)
            salida.append((nombre, QRectF(x0, y0, ancho, alto)))
        return salida

    def _comunas(self, pintor: QPainter) -> None:
        # Después de los símbolos: un nombre nunca queda debajo de uno.
        fuente = self._fuente_comunas()
        pintor.setFont(fuente)
        pintor.setPen(QColor("#7a7466"))
        ascenso = QFontMetrics(fuente).ascent()
        for nombre, caja in self.rotulos_comunas():
            pintor.drawText(QPointF(caja.left(), caja.top() + ascenso), nombre)

    def _puntos(self, pintor: QPainter) -> None:
        orden = {"localidad": 0, "necesidad": 1, "iniciativa": 2}
        for p in sorted(self.datos.puntos, key=lambda p: orden[p.tipo]):
            forma, color = estilo_punto(p)
            q = self.punto_en_pantalla(p)
            if not -20 < q.x() < self.width() + 20 or not -20 < q.y() < self.height() + 20:
                continue
            pintor.setPen(QPen(QColor("#ffffff"), 1))
            pintor.setBrush(QColor(color))
            pintor.drawPath(trazo_simbolo(forma, q, RADIO if p.tipo != "localidad" else 7))

    def entradas_leyenda(self) -> list[tuple[str, str, str]]:
        """(forma, color, texto) de lo que hay en el mapa."""
        tipos = {p.tipo for p in self.datos.puntos}
        salida = []
        if "localidad" in tipos:
            salida.append(("punto", geo.COLOR_LOCALIDAD, "Localidad"))
        if "iniciativa" in tipos:
            salida.append(("anillo", geo.COLOR_INICIATIVA, "Iniciativa de cartera"))
        presentes = {p.tipologia or "otra" for p in self.datos.puntos if p.tipo == "necesidad"}
        for t in Tipologia:
            if t.value in presentes:
                forma, color = geo.SIMBOLOS_TIPOLOGIA[t.value]
                salida.append((forma, color, "Necesidad: " + t.corta))
        return salida

    def _disposicion_leyenda(
        self, entradas: list[tuple[str, str, str]]
    ) -> tuple[QFont, float, float, int, QRectF]:
        """Fuente, alto de línea, ancho de columna, filas y caja de la leyenda."""
        # La leyenda no crece sin límite con la letra de Ajustes: taparía el mapa.
        fuente = QFont(self.font())
        fuente.setPointSizeF(min(10.0, max(7.0, fuente.pointSizeF() * 0.8)))
        metrica = QFontMetrics(fuente)
        alto_linea = max(metrica.height(), 14)
        ancho_col = max(metrica.horizontalAdvance(t) for _f, _c, t in entradas) + 36
        columnas = 2 if alto_linea * len(entradas) > self.height() * 0.45 else 1
        filas = -(-len(entradas) // columnas)
        ancho, alto = ancho_col * columnas, alto_linea * filas + 8
        # Arriba a la derecha o, si ahí tapa más puntos, arriba a la izquierda (junto al norte).
        candidatas = [
            QRectF(self.width() - ancho - 8, 8, ancho, alto),
            QRectF(48, 8, ancho, alto),
        ]
        visibles = [self.punto_en_pantalla(p) for p in self.datos.puntos]
        caja = min(candidatas, key=lambda c: sum(c.contains(q) for q in visibles))
        return fuente, alto_linea, ancho_col, filas, caja

    def _leyenda(self, pintor: QPainter) -> None:
        entradas = self.entradas_leyenda()
        if not entradas:
            return
        fuente, alto_linea, ancho_col, filas, caja = self._disposicion_leyenda(entradas)
        metrica = QFontMetrics(fuente)
        pintor.setPen(QPen(QColor("#9a9483"), 1))
        pintor.setBrush(QColor(255, 255, 255, 225))
        pintor.drawRect(caja)
        pintor.setFont(fuente)
        for i, (forma, color, texto) in enumerate(entradas):
            x = caja.left() + ancho_col * (i // filas)
            y = caja.top() + 4 + alto_linea * (i % filas) + alto_linea / 2
            pintor.setPen(QPen(QColor("#ffffff"), 1))
            pintor.setBrush(QColor(color))
            pintor.drawPath(trazo_simbolo(forma, QPointF(x + 14, y), 6))
            pintor.setPen(QColor("#202020"))
            pintor.drawText(QPointF(x + 28, y + metrica.ascent() / 2 - 1), texto)

    def _escala(self, pintor: QPainter) -> None:
        _x, y = self._de_pantalla(QPointF(0, self.height() / 2))
        metros_px = geo.metros_por_unidad(geo.latitud_de_y(y)) / self.escala
        largo, rotulo = geo.barra_escala(metros_px * min(160, self.width() / 3))
        px = largo / metros_px
        base = QPointF(12, self.height() - 24)
        pintor.setPen(QPen(QColor("#202020"), 2))
        pintor.drawLine(base, base + QPointF(px, 0))
        for x in (0, px):
            pintor.drawLine(base + QPointF(x, -5), base + QPointF(x, 0))
        pintor.setFont(self.font())
        pintor.drawText(base + QPointF(0, -8), rotulo)

    def _norte(self, pintor: QPainter) -> None:
        x, y = 24.0, 14.0
        flecha = QPolygonF(
            [
                QPointF(x, y),
                QPointF(x + 8, y + 24),
                QPointF(x, y + 18),
                QPointF(x - 8, y + 24),
                QPointF(x, y),
            ]
        )
        pintor.setPen(QPen(QColor("#202020"), 1))
        pintor.setBrush(QColor("#202020"))
        pintor.drawPolygon(flecha)
        fuente = QFont(self.font())
        fuente.setBold(True)
        pintor.setFont(fuente)
        metrica = QFontMetrics(fuente)
        pintor.drawText(
            QPointF(x - metrica.horizontalAdvance("N") / 2, y + 26 + metrica.ascent()), "N"
        )

    def _aviso_referencial(self) -> tuple[QFont, str, QRectF]:
        """Fuente, texto y caja del aviso «Referencial», abajo a la derecha."""
        fuente = QFont(self.font())
        fuente.setBold(True)
        metrica = QFontMetrics(fuente)
        texto = geo.AVISO_REFERENCIAL
        if self.aviso_base:
            texto = f"{texto} · {self.aviso_base}"
        ancho = metrica.horizontalAdvance(texto) + 12
        caja = QRectF(
            self.width() - ancho - 8,
            self.height() - metrica.height() - 14,
            ancho,
            metrica.height() + 6,
        )
        return fuente, texto, caja

    def _referencial(self, pintor: QPainter) -> None:
        fuente, texto, caja = self._aviso_referencial()
        pintor.setFont(fuente)
        pintor.setPen(Qt.PenStyle.NoPen)
        pintor.setBrush(QColor(255, 255, 255, 220))
        pintor.drawRect(caja)
        pintor.setPen(QColor("#8b0000"))
        pintor.drawText(caja, Qt.AlignmentFlag.AlignCenter, texto)
