"""pir-campo publicar: la oficina envía a los notebooks, en sus próximos paquetes firmados,
una actualización de catálogo, una versión nueva del instrumento, ajustes o un aviso."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorValidacion
from pir_campo.servicios import envios

NOMBRE = "publicar"
AYUDA = "la oficina envía catálogos, instrumento, ajustes de la región o avisos a los notebooks"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("tipo", choices=envios.TIPOS, help="qué se envía")
    p.add_argument("archivo", nargs="?", type=Path, help="archivo JSON con lo que se envía")
    p.add_argument("--texto", metavar="TEXTO", help="texto del aviso (en vez de un archivo)")
    p.add_argument("--version-minima", metavar="X.Y.Z", help="aviso: versión a la que actualizar")


def ejecutar(args: argparse.Namespace) -> int:
    if args.tipo == "aviso" and args.texto:
        contenido = {"texto": args.texto, "version_minima": args.version_minima}
    elif args.archivo:
        try:
            contenido = json.loads(args.archivo.read_text(encoding="utf-8"))
        except OSError as e:
            raise ErrorValidacion(
                f"No se pudo leer {args.archivo}: {e.strerror}.", "Archivo"
            ) from None
        except ValueError as e:
            raise ErrorValidacion(f"{args.archivo} no es JSON válido ({e}).", "Archivo") from None
    else:
        raise ErrorValidacion("Indique el archivo JSON (o --texto para un aviso).", "Archivo")
    with Almacen.abrir(args.db) as almacen:
        envio = envios.publicar(almacen, args.tipo, contenido)
    print(f"{envio['texto']} Viajará en los próximos paquetes de la oficina a los notebooks.")
    return 0
