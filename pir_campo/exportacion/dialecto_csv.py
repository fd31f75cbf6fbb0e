"""Las dos formas de CSV de PIR Campo, escritas por un solo módulo.

- Chilena (por omisión): la que Excel y LibreOffice configurados para Chile abren bien con
  doble clic: UTF-8 con BOM (sin él salen «FernÃ¡ndez»), punto y coma, coma decimal, fechas
  dd-mm-aaaa y «Sí»/«No».
- Estándar (`--csv-estandar`, RFC 4180): coma, punto decimal y fechas ISO, para scripts.

Lo usan `pir-campo datos`, `pir-campo listar --csv` y la comparación de territorios.
"""

from __future__ import annotations

import csv as _csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO


@dataclass(frozen=True)
class Dialecto:
    nombre: str
    separador: str
    decimal: str
    formato_fecha: str
    codificacion: str  # "utf-8-sig" escribe el BOM
    # Una planilla toma «=…», «+…», «-…» o «@…» por una fórmula (LibreOffice la calcula al
    # abrir el CSV; un teléfono «+56 9 …» da error en Excel): un espacio delante lo deja texto.
    neutralizar_formulas: bool = False


CHILENO = Dialecto("chileno", ";", ",", "%d-%m-%Y", "utf-8-sig", neutralizar_formulas=True)
ESTANDAR = Dialecto("estándar (RFC 4180)", ",", ".", "%Y-%m-%d", "utf-8")
_FORMULA = ("=", "+", "-", "@")


def dialecto(estandar: bool) -> Dialecto:
    return ESTANDAR if estandar else CHILENO


def _decimal(valor: float) -> str:
    if valor == int(valor) and abs(valor) < 1e15:
        return str(int(valor))
    texto = repr(valor)
    if "e" in texto or "E" in texto:
        texto = f"{valor:.10f}".rstrip("0").rstrip(".")
    return texto


def texto(valor: Any, d: Dialecto) -> str:
    """Un valor de Python como lo lee una planilla con ese dialecto."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, int):
        return str(valor)
    if isinstance(valor, float):
        t = _decimal(valor)
        return t.replace(".", d.decimal) if d.decimal != "." else t
    if isinstance(valor, dt.datetime):
        return valor.strftime(d.formato_fecha + " %H:%M")
    if isinstance(valor, dt.date):
        return valor.strftime(d.formato_fecha)
    if isinstance(valor, dt.time):
        return valor.strftime("%H:%M")
    if isinstance(valor, list | tuple | set):
        return ", ".join(texto(v, d) for v in valor)
    if isinstance(valor, dict):
        return ", ".join(f"{k}: {texto(v, d)}" for k, v in valor.items())
    valor = str(valor)
    if d.neutralizar_formulas and valor.startswith(_FORMULA):
        return " " + valor
    return valor


def escribir(
    archivo: TextIO, encabezados: Sequence[str], filas: Iterable[Sequence[Any]], d: Dialecto
) -> int:
    """Escribe encabezados y filas en un archivo de texto abierto; devuelve cuántas filas.

    El archivo debe estar abierto con `newline=""` (el fin de línea CRLF lo pone el módulo,
    como pide RFC 4180 y como lo espera Excel) y con la codificación del dialecto.
    """
    escritor = _csv.writer(archivo, delimiter=d.separador, lineterminator="\r\n")
    escritor.writerow(encabezados)
    n = 0
    for fila in filas:
        escritor.writerow([texto(v, d) for v in fila])
        n += 1
    return n
