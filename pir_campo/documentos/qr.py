"""Huella del contenido impreso y el texto del código QR que la lleva.

El QR dice qué documento es, de qué registro, en qué versión y con qué huella (SHA-256 de un
JSON canónico de lo que aparece en el papel). Así `pir-campo documento verificar` puede
recalcular la huella con los datos de hoy y decir si el papel sigue vigente.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.constants
from reportlab.platypus import Flowable

from pir_campo.ids import CROCKFORD, base32

PREFIJO = "PIRCAMPO"
FORMATO = "1"
_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_QR = re.compile(
    rf"{PREFIJO}\|{FORMATO}\|(?P<tipo>[a-z-]+)\|(?P<id>{_ID})\|(?P<version>[0-9.]+)\|"
    r"(?P<huella>[0-9a-f]{64})"
)


def canonico(datos: Any) -> bytes:
    """JSON con claves ordenadas y sin espacios: la misma entrada da los mismos bytes."""
    return json.dumps(datos, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def huella(datos: Any) -> str:
    return hashlib.sha256(canonico(datos)).hexdigest()


def huella_corta(huella_hex: str) -> str:
    """Cinco caracteres Crockford (25 bits) de la huella, para escribir a mano."""
    return base32(int(huella_hex[:8], 16) >> 7, 5)


@dataclass(frozen=True)
class Sello:
    """Lo que identifica un documento impreso."""

    tipo: str
    id: str
    version: str
    huella: str

    def texto(self) -> str:
        return f"{PREFIJO}|{FORMATO}|{self.tipo}|{self.id}|{self.version}|{self.huella}"

    @property
    def corta(self) -> str:
        return huella_corta(self.huella)


def leer_sello(texto: str) -> Sello | None:
    m = _QR.fullmatch(texto.strip())
    if not m:
        return None
    return Sello(m["tipo"], m["id"], m["version"], m["huella"])


def normalizar_crockford(texto: str) -> str:
    """Mayúsculas, sin guiones ni espacios, con las confusiones habituales corregidas."""
    limpio = re.sub(r"[\s-]", "", texto.upper())
    return limpio.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def es_crockford(texto: str) -> bool:
    return all(c in CROCKFORD for c in texto)


class DibujoQr(Flowable):
    """QR vectorial (nítido en cualquier impresora) con corrección de errores M.

    Se dibuja con rectángulos sobre el lienzo: el motor gráfico de reportlab declararía
    Helvetica sin incrustarla.
    """

    def __init__(self, contenido: str, lado: float):
        super().__init__()
        # Máscara fija y versión 8 (cabe el sello de 149 caracteres; crece si hiciera falta):
        # buscar la «mejor» de las ocho máscaras y versiones cuesta más que el resto del acta, y
        # cualquier máscara da un QR válido que los lectores decodifican igual.
        codigo = qrcode.QRCode(
            version=8, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2
        )
        codigo.add_data(contenido)
        codigo.make(fit=True)
        self.matriz = codigo.get_matrix()
        self.lado = lado
        self.width = self.height = lado

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.lado, self.lado

    def draw(self) -> None:
        n = len(self.matriz)
        modulo = self.lado / n
        c = self.canv
        c.saveState()
        c.setFillColorRGB(0, 0, 0)
        for i, fila in enumerate(self.matriz):
            y = self.lado - (i + 1) * modulo
            j = 0
            while j < n:
                if fila[j]:
                    inicio = j
                    while j < n and fila[j]:
                        j += 1
                    c.rect(inicio * modulo, y, (j - inicio) * modulo, modulo, stroke=0, fill=1)
                else:
                    j += 1
        c.restoreState()


def dibujo_qr(contenido: str, lado: float) -> DibujoQr:
    return DibujoQr(contenido, lado)
