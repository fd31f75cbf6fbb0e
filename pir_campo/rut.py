"""RUT/RUN chileno: validación módulo 11, forma compacta para guardar y forma con puntos.

python-stdnum valida el dígito verificador, pero rechaza cuerpos bajo 1.000.000 que aún
tienen personas mayores de zonas rurales; aquí se aceptan también.
"""

from __future__ import annotations

import re

from pir_campo.errores import ErrorValidacion

_FORMA = re.compile(r"^\d{1,8}[0-9K]$")


# Lo que python-stdnum quita de un RUT (espacios, guiones y puntos).
_QUITAR = str.maketrans("", "", " -.")


def compactar(texto: str) -> str:
    """Quita puntos, guion y espacios, y pasa la k a mayúscula."""
    if texto and texto.isascii():  # lo mismo que stdnum, sin su paso por cada carácter
        return texto.translate(_QUITAR).upper().strip()
    from stdnum.cl import rut as _rut  # ~60 ms (stdnum.util carga pydoc): solo al usarlo

    return _rut.compact(texto or "")


def digito_verificador(cuerpo: str) -> str:
    from stdnum.cl import rut as _rut

    return _rut.calc_check_digit(cuerpo)


def problema(texto: str) -> str | None:
    """Describe qué tiene de malo un RUT (sin nombrar el campo), o None si es válido."""
    compacto = compactar(texto)
    if not compacto:
        return "está vacío"
    if not _FORMA.match(compacto) or int(compacto[:-1]) == 0:
        return "no tiene forma de RUT (ejemplo: 12.345.678-5)"
    if digito_verificador(compacto[:-1]) != compacto[-1]:
        return "tiene un dígito verificador que no corresponde al número; revise el RUT"
    return None


def validar(texto: str, campo: str = "RUT") -> str:
    """Devuelve el RUT compacto o lanza ErrorValidacion con una frase en español."""
    falla = problema(texto)
    if falla:
        raise ErrorValidacion(f"El campo «{campo}» {falla}.", campo)
    compacto = compactar(texto)
    return compacto[:-1].lstrip("0") + compacto[-1]


def es_valido(texto: str) -> bool:
    try:
        validar(texto)
    except ErrorValidacion:
        return False
    return True


def formatear(texto: str) -> str:
    """12345678K -> 12.345.678-K; 9999993 -> 999.999-3."""
    compacto = compactar(texto)
    if len(compacto) < 2:
        return compacto
    cuerpo, dv = compacto[:-1], compacto[-1]
    cuerpo = f"{int(cuerpo):,}".replace(",", ".") if cuerpo.isdigit() else cuerpo
    return f"{cuerpo}-{dv}"
