"""pir-campo listar: los registros vigentes de un tipo, cada uno con su id."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_csv, imprimir_json, imprimir_tabla, opcion_db
from pir_campo.modelos import CONTEOS_RESUMEN, POR_CONTEO

NOMBRE = "listar"
AYUDA = "lista los registros de un tipo (territorios, talleres, personas, ...)"

# Campo que nombra cada registro en la salida para personas.
_TITULO = ("nombre", "titulo", "texto", "accion", "nombre_original", "tipo", "fecha")


def configurar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "entidad",
        metavar="ENTIDAD",
        choices=CONTEOS_RESUMEN,
        help="una de: " + ", ".join(CONTEOS_RESUMEN),
    )
    opcion_db(p)
    formato = p.add_mutually_exclusive_group()
    formato.add_argument("--json", action="store_true", help="salida JSON")
    formato.add_argument(
        "--csv",
        action="store_true",
        help="salida CSV para planillas en Chile (UTF-8 con BOM, punto y coma, coma decimal, "
        "fechas dd-mm-aaaa, etiquetas en vez de códigos)",
    )
    p.add_argument(
        "--csv-estandar",
        action="store_true",
        help="con --csv: CSV para programas (RFC 4180: coma, punto decimal, fechas ISO, "
        "códigos como en --json)",
    )


def _opcion(anotacion: object) -> type | None:
    """La enumeración (Opcion) de un campo, aunque venga dentro de Optional o Annotated."""
    import typing

    from pir_campo.modelos.enums import Opcion

    if isinstance(anotacion, type) and issubclass(anotacion, Opcion):
        return anotacion
    for arg in typing.get_args(anotacion):
        encontrada = _opcion(arg)
        if encontrada:
            return encontrada
    return None


def _valores_csv(modelo: type, filas: list[dict], etiquetas: bool) -> list[list]:
    """Fechas como fechas y RUT con puntos y guion. Para planillas, cada código con su
    etiqueta («65 años o más», no «65+», que la planilla convierte en el número 65)."""
    import datetime as dt
    import typing

    from pir_campo import rut

    fechas, ruts, opciones = set(), set(), {}
    for nombre, campo in modelo.model_fields.items():
        if "datetime.date" in str(campo.annotation) or campo.annotation is dt.date:
            fechas.add(nombre)
        elif (campo.title or "").startswith("RUT"):
            ruts.add(nombre)
        elif etiquetas and (enum := _opcion(campo.annotation)):
            opciones[nombre] = {m.value: m.etiqueta for m in enum}
    columnas = ["id", *modelo.model_fields]
    salida = []
    for f in filas:
        fila: list[typing.Any] = []
        for c in columnas:
            v = f.get(c)
            if v and c in fechas and isinstance(v, str):
                v = dt.date.fromisoformat(v[:10])
            elif v and c in ruts:
                v = rut.formatear(v)
            elif v and c in opciones:
                v = opciones[c].get(v, v)
            fila.append(v)
        salida.append(fila)
    return salida


def ejecutar(args: argparse.Namespace) -> int:
    modelo = POR_CONTEO[args.entidad]
    with Almacen.abrir(args.db) as almacen:
        filas = almacen.listar(modelo)
    if args.json:
        imprimir_json(filas)
    elif args.csv:
        filas_csv = _valores_csv(modelo, filas, etiquetas=not args.csv_estandar)
        imprimir_csv(["id", *modelo.model_fields], filas_csv, args.csv_estandar)
    else:
        titulo = next((c for c in _TITULO if c in modelo.model_fields), None)
        imprimir_tabla(
            ["id", modelo.model_fields[titulo].title if titulo else ""],
            [[f["id"], f.get(titulo, "")] for f in filas],
        )
        print(f"\n{len(filas)} registro(s).")
    return 0
