"""pir-campo agregar: agrega registros desde JSON (un objeto o una lista), todo o nada."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorPir, ErrorValidacion
from pir_campo.modelos import CONTEOS_RESUMEN, POR_CONTEO, Persona
from pir_campo.rut import formatear
from pir_campo.servicios import duplicados

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
        except UnicodeDecodeError as e:
            raise ErrorPir(
                f"El archivo {ruta} no está en UTF-8 (byte no válido en la posición {e.start}); "
                "guárdelo con codificación UTF-8 y vuelva a intentarlo."
            ) from None
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
        if modelo is Persona:
            _revisar_duplicados(almacen, lote)
            from pir_campo.servicios import supresion

            for n, d in enumerate(lote, 1):
                try:  # campos que la región no recoge; datos sensibles sin consentimiento
                    supresion.revisar_datos_persona(almacen, None, d)
                except ErrorValidacion as e:
                    prefijo = f"Registro {n}: " if len(lote) > 1 else ""
                    raise ErrorValidacion(f"{prefijo}{e}", e.campo) from None
        try:
            ids = almacen.insertar_lote(modelo, lote)
        except ErrorValidacion as e:
            # Un error del modelo se ubica aquí; el de una referencia ya dice su registro.
            fallido = next((n for n, d in enumerate(lote, 1) if _falla(modelo, d)), None)
            if len(lote) > 1 and fallido:
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


def _revisar_duplicados(almacen: Almacen, lote: list[dict]) -> None:
    """Mismo RUT en el territorio (o en el lote): se rechaza todo. Mismo nombre: se avisa."""
    vistos: dict[tuple[str, str], int] = {}
    for n, datos in enumerate(lote, 1):
        try:
            persona = Persona.validar(datos)
        except ErrorValidacion:
            continue  # insertar_lote da el mensaje que nombra el campo
        prefijo = f"Registro {n}: " if len(lote) > 1 else ""
        if persona.rut:
            clave = (persona.territorio_id, persona.rut)
            if clave in vistos:
                raise ErrorValidacion(
                    f"{prefijo}el RUT {formatear(persona.rut)} ya viene en el registro "
                    f"{vistos[clave]}; no se agregó ninguna persona.",
                    "RUT",
                )
            vistos[clave] = n
        for otra in duplicados.parecidas(
            almacen, persona.territorio_id, persona.nombre, persona.rut
        ):
            if otra["motivo"] == "mismo RUT":
                raise ErrorValidacion(
                    f"{prefijo}ya existe una persona con el RUT {formatear(persona.rut)} en el "
                    f"territorio: «{otra['nombre']}» ({otra['id']}); no se agregó ninguna "
                    "persona.",
                    "RUT",
                )
            print(
                f"Aviso: {prefijo.lower()}ya hay una persona llamada «{otra['nombre']}» en el "
                f"territorio ({otra['id']}); se agrega de todos modos.",
                file=sys.stderr,
            )
