"""Libro XLSX para personas, con XlsxWriter en modo de memoria constante.

XlsxWriter y no openpyxl: en modo `constant_memory` escribe cada fila al disco apenas se
termina, así que 70.000 asistencias no ocupan memoria, y escribe varias veces más rápido que
el modo de solo escritura de openpyxl. Su costo es escribir las filas en orden, que es como
llegan desde la base. Es Python puro, sin dependencias, con rueda para Windows y Linux.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from pir_campo.exportacion.tabla import (
    COORD,
    DECIMAL,
    ENTERO,
    FECHA,
    HORA,
    PESOS,
    SINO,
    UF,
    Tabla,
)

_MAX_TEXTO = 32_767  # lo más largo que cabe en una celda de Excel
_MUESTRA = 200  # filas que se miran para decidir el ancho de cada columna

Avance = Callable[[int], None]


def _anchos(tabla: Tabla, muestra: Sequence[tuple]) -> list[float]:
    anchos = []
    for i, c in enumerate(tabla.columnas):
        if c.ancho:
            base = c.ancho
        elif c.tipo in (FECHA, HORA, SINO, ENTERO):
            base = 11
        elif c.tipo in (PESOS, UF, DECIMAL, COORD):
            base = 14
        else:
            largos = sorted(len(str(f[i])) for f in muestra if f[i] is not None)
            base = largos[int(len(largos) * 0.9)] if largos else 10
        # El encabezado se parte en dos líneas si hace falta, así que basta la mitad.
        anchos.append(max(8, min(60, max(base, (len(c.titulo) + 1) // 2 + 2))))
    return anchos


def escribir(
    ruta: Path,
    tablas: Sequence[Tabla],
    avance: Avance | None = None,
    al_empezar: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Escribe una hoja por tabla en `ruta`; devuelve las filas de cada hoja."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    libro = xlsxwriter.Workbook(
        str(ruta),
        {"constant_memory": True, "strings_to_numbers": False},
    )
    libro.set_properties({"title": "Datos de PIR Campo", "author": "PIR Campo"})
    encabezado = libro.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE7F0", "bottom": 1}
    )
    formatos = {
        FECHA: libro.add_format({"num_format": "dd-mm-yyyy"}),
        HORA: libro.add_format({"num_format": "hh:mm"}),
        PESOS: libro.add_format({"num_format": '"$"#,##0'}),
        UF: libro.add_format({"num_format": '"UF" #,##0.00'}),
        DECIMAL: libro.add_format({"num_format": "#,##0.0"}),
        COORD: libro.add_format({"num_format": "0.00000"}),
        ENTERO: libro.add_format({"num_format": "0"}),
    }
    conteos: dict[str, int] = {}
    for tabla in tablas:
        if al_empezar is not None:
            al_empezar(tabla.hoja)
        conteos[tabla.hoja] = _hoja(libro, tabla, encabezado, formatos, avance)
    # Si el cierre falla (disco lleno, sin permiso), XlsxWriter deja su ZipFile abierto y, al
    # recogerlo, su cierre vuelve a fallar: Python imprimiría esa segunda falla como una traza.
    # Se recoge aquí en silencio y se informa solo el error, que la capa de arriba pone en
    # español.
    anterior = sys.unraisablehook
    sys.unraisablehook = lambda _info: None
    try:
        libro.close()
    except FileCreateError as e:
        causa = e.args[0] if e.args and isinstance(e.args[0], OSError) else None
        error = OSError(causa.errno, causa.strerror) if causa else OSError(str(e))
        del causa
    else:
        return conteos
    finally:
        del libro
        gc.collect()
        sys.unraisablehook = anterior
    raise error


def _escritor(hoja: Any, tipo: str, formatos: dict[str, Any]) -> Callable[[int, int, Any], Any]:
    if tipo in (FECHA, HORA):
        formato, celda = formatos[tipo], hoja.write_datetime
        return lambda r, c, v: celda(r, c, v, formato)
    if tipo in formatos:
        formato, numero = formatos[tipo], hoja.write_number
        return lambda r, c, v: numero(r, c, v, formato)
    texto = hoja.write_string
    if tipo == SINO:
        return lambda r, c, v: texto(r, c, "Sí" if v else "No")
    return lambda r, c, v: texto(r, c, v if len(v) <= _MAX_TEXTO else v[:_MAX_TEXTO])


def _hoja(
    libro: Any,
    tabla: Tabla,
    encabezado: Any,
    formatos: dict[str, Any],
    avance: Avance | None,
) -> int:
    hoja = libro.add_worksheet(tabla.hoja)
    filas: Iterator[tuple] = tabla.filas()
    muestra = list(islice(filas, _MUESTRA))
    for i, ancho in enumerate(_anchos(tabla, muestra)):
        hoja.set_column(i, i, ancho)
    hoja.set_row(0, 32)
    for i, c in enumerate(tabla.columnas):
        hoja.write_string(0, i, c.titulo, encabezado)
    hoja.freeze_panes(1, 0)
    escritores = [_escritor(hoja, c.tipo, formatos) for c in tabla.columnas]
    pares = list(enumerate(escritores))
    n = 0
    for n, fila in enumerate(chain(muestra, filas), start=1):
        for c, escribir_celda in pares:
            v = fila[c]
            if v is not None and v != "":
                escribir_celda(n, c, v)
        if avance is not None and n % 5000 == 0:
            avance(5000)
    if avance is not None:
        avance(n % 5000)
    hoja.autofilter(0, 0, max(n, 1), len(tabla.columnas) - 1)
    return n
