"""pir-campo datos: los datos de los territorios para Excel, LibreOffice o QGIS."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.exportacion import FORMATOS, Filtro, exportar, leer_fecha

NOMBRE = "datos"
AYUDA = (
    "exporta los datos para planillas y SIG: libro XLSX, CSV (para Excel o LibreOffice en "
    "Chile, o estándar), GeoJSON o GeoPackage; sin datos personales salvo que se pidan"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--formato",
        required=True,
        choices=list(FORMATOS),
        help="xlsx (un libro, una hoja por instrumento), csv o geojson (una carpeta con un "
        "archivo por tabla o capa), gpkg (un GeoPackage con las capas localidades, "
        "necesidades, iniciativas y territorios)",
    )
    p.add_argument(
        "--salida",
        metavar="RUTA",
        type=Path,
        required=True,
        help="archivo a escribir; para csv y geojson, la carpeta que recibe los archivos",
    )
    p.add_argument(
        "--territorio",
        metavar="ID",
        action="append",
        default=[],
        help="solo este territorio (se puede repetir); por omisión, todos",
    )
    p.add_argument("--desde", metavar="FECHA", help="desde esta fecha (dd-mm-aaaa), inclusive")
    p.add_argument("--hasta", metavar="FECHA", help="hasta esta fecha (dd-mm-aaaa), inclusive")
    p.add_argument(
        "--con-datos-personales",
        action="store_true",
        help="incluye nombres, RUT, teléfonos y autoidentificación; sin esta opción cada "
        "persona lleva un código seudónimo estable",
    )
    p.add_argument(
        "--csv-estandar",
        action="store_true",
        help="CSV para programas (RFC 4180: coma, punto decimal, fechas aaaa-mm-dd) en vez "
        "del CSV para planillas en Chile (punto y coma, coma decimal, dd-mm-aaaa)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    filtro = Filtro(
        territorios=tuple(args.territorio),
        desde=leer_fecha(args.desde, "de inicio (--desde)") if args.desde else None,
        hasta=leer_fecha(args.hasta, "de término (--hasta)") if args.hasta else None,
        con_datos_personales=args.con_datos_personales,
    )
    with Almacen.abrir(args.db) as almacen:
        r = exportar(almacen, args.formato, args.salida, filtro, csv_estandar=args.csv_estandar)
    print(r.texto())
    for nombre, n in r.filas.items():
        print(f"  {nombre}: {n:,}".replace(",", "."))
    if not args.con_datos_personales and args.formato in ("xlsx", "csv"):
        print("Sin datos personales: cada persona lleva un código seudónimo estable.")
    return 0
