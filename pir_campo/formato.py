"""Formatos chilenos para mostrar: fechas dd-mm-aaaa, 24 h, $1.234.567, 1.234,5 y M$."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

try:
    ZONA = ZoneInfo("America/Santiago")
except Exception:  # sin base de zonas (algunos Windows sin tzdata): hora UTC-3
    ZONA = dt.timezone(dt.timedelta(hours=-3))


def fecha(valor: dt.date | str | None) -> str:
    if not valor:
        return ""
    if isinstance(valor, str):
        valor = dt.date.fromisoformat(valor[:10])
    return valor.strftime("%d-%m-%Y")


def hora(valor: dt.time | str | None) -> str:
    if not valor:
        return ""
    if isinstance(valor, str):
        valor = dt.time.fromisoformat(valor)
    return valor.strftime("%H:%M")


def momento_local(utc_iso: str) -> str:
    """Un instante guardado en UTC, mostrado en hora de Chile continental."""
    instante = dt.datetime.fromisoformat(utc_iso)
    if instante.tzinfo is None:
        instante = instante.replace(tzinfo=dt.UTC)
    return instante.astimezone(ZONA).strftime("%d-%m-%Y %H:%M")


def numero(valor: float | int | None, decimales: int = 0) -> str:
    if valor is None:
        return ""
    texto = f"{valor:,.{decimales}f}"
    return texto.replace(",", "§").replace(".", ",").replace("§", ".")


def pesos(valor: float | int | None) -> str:
    return "" if valor is None else f"${numero(round(valor))}"


def miles_de_pesos(valor: float | int | None) -> str:
    """Carteras en M$ (miles de pesos), sin decimales."""
    return "" if valor is None else f"M${numero(round(valor / 1000))}"


def uf(valor: float | None) -> str:
    return "" if valor is None else f"UF {numero(valor, 2)}"


def ahora_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


_PLURALES = {"notebook": "notebooks", "ítem": "ítems", "versión": "versiones"}


def plural(singular: str) -> str:
    """Plural castellano de un sustantivo del programa (taller -> talleres, acta -> actas)."""
    if singular in _PLURALES:
        return _PLURALES[singular]
    if singular.endswith("z"):
        return singular[:-1] + "ces"
    if singular.endswith("ón"):
        return singular[:-2] + "ones"
    if singular[-1] in "aeiouáéó":
        return singular + "s"
    return singular + "es"


def cantidad(n: int, singular: str, plural_: str | None = None) -> str:
    """«1 taller», «2 talleres», «1.757 necesidades»: nunca «taller(es)» ni «1757»."""
    palabra = singular if n == 1 else (plural_ or " ".join(plural(p) for p in singular.split()))
    return f"{numero(n)} {palabra}"
