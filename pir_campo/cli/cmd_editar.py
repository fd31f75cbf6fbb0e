"""pir-campo editar: cambia campos de un registro; deja la bitácora con el motivo."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.cmd_agregar import leer_datos
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorPir
from pir_campo.modelos import CONTEOS_RESUMEN, POR_CONTEO, Persona
from pir_campo.servicios import personas

NOMBRE = "editar"
AYUDA = "cambia campos de un registro existente (JSON con los campos a cambiar)"


def configurar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "entidad",
        metavar="ENTIDAD",
        choices=CONTEOS_RESUMEN,
        help="una de: " + ", ".join(CONTEOS_RESUMEN),
    )
    p.add_argument("id", metavar="ID", help="identificador del registro")
    opcion_db(p)
    p.add_argument(
        "--datos",
        required=True,
        metavar="JSON",
        help="objeto JSON con los campos a cambiar, p. ej. '{\"poblacion\": 1200}'",
    )
    p.add_argument(
        "--motivo",
        metavar="TEXTO",
        default=None,
        help="motivo del cambio, que queda en la bitácora",
    )


def ejecutar(args: argparse.Namespace) -> int:
    cambios = leer_datos(args.datos)
    if not isinstance(cambios, dict) or not cambios:
        raise ErrorPir("Los datos deben ser un objeto JSON con al menos un campo.")
    modelo = POR_CONTEO[args.entidad]
    with Almacen.abrir(args.db) as almacen:
        if modelo is Persona:  # un RUT de otra persona del territorio se rechaza: se fusionan
            cambio = personas.editar(almacen, args.id, cambios, args.motivo)
        else:
            cambio = almacen.actualizar(modelo, args.id, cambios, args.motivo)
    if cambio.vacio:
        print("Sin cambios: los valores ya eran esos.")
    else:
        print("Campos cambiados: " + ", ".join(sorted(cambio.campos)))
    return 0
