"""pir-campo agregar: agrega registros desde JSON (un objeto o una lista), todo o nada."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorPir, ErrorValidacion
from pir_campo.modelos import CONTEOS_RESUMEN, POR_CONTEO

NOMBRE = "agregar"
AYUDA = "agrega registros desde JSON; si uno no es válido, no se guarda ninguno"


def configurar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "entidad",
        metavar="ENTIDAD",
        choices=CONTEOS_RESUMEN,
        help="una de: " + ", ".join(CONTEOS_RESUMEN),
    )
    opcion_db(p)
    p.add_argument(
        "--datos",
        required=True,
        metavar="JSON",
        help="un objeto o una lista de objetos JSON, o @ARCHIVO.json para leerlo",
    )


def leer_datos(texto: str) -> Any:
    if texto.startswith("@"):
        ruta = Path(texto[1:])
        try:
            texto = ruta.read_text(encoding="utf-8")
        except OSError as e:
            raise ErrorPir(f"No se pudo leer {ruta}: {e.strerror or e}.") from None
    try:
        return json.loads(texto)
    except ValueError as e:
        raise ErrorPir(f"Los datos no son JSON válido ({e.msg}, posición {e.pos}).") from None


def ejecutar(args: argparse.Namespace) -> int:
    datos = leer_datos(args.datos)
    lote = datos if isinstance(datos, list) else [datos]
    if not lote or not all(isinstance(d, dict) for d in lote):
        raise ErrorPir("Los datos deben ser un objeto JSON o una lista de objetos.")
    modelo = POR_CONTEO[args.entidad]
    with Almacen.abrir(args.db) as almacen:
        try:
            ids = almacen.insertar_lote(modelo, lote)
        except ErrorValidacion as e:
            if len(lote) > 1:
                fallido = next(n for n, d in enumerate(lote, 1) if _falla(modelo, d))
                raise ErrorValidacion(f"Registro {fallido}: {e}", e.campo) from None
            raise
    for id_ in ids:
        print(id_)
    return 0


def _falla(modelo, datos: dict) -> bool:
    try:
        modelo.validar(datos)
    except ErrorValidacion:
        return True
    return False
