"""pir-campo ajustes: ajustes de la región que la oficina envía a los notebooks."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorValidacion

NOMBRE = "ajustes"
AYUDA = "ajustes de la región: qué datos opcionales de las personas se recogen"


def configurar(p: argparse.ArgumentParser) -> None:
    from pir_campo.servicios.envios import OPCIONALES

    sub = p.add_subparsers(dest="accion", title="acciones", metavar="ACCIÓN", required=True)
    c = sub.add_parser(
        "campos-personales",
        help="muestra o fija qué datos opcionales de las personas se recogen en la región",
        description="Minimización (Ley 21.719): la oficina decide qué datos opcionales de las "
        "personas se recogen en la región. Los que no se recogen no se muestran en los "
        "notebooks y no se aceptan al guardar. El ajuste viaja en los próximos paquetes de la "
        "oficina. Sin --no-recoger ni --recoger-todos, muestra el ajuste vigente. Campos: "
        + ", ".join(OPCIONALES)
        + ".",
    )
    opcion_db(c, requerida=True)
    grupo = c.add_mutually_exclusive_group()
    grupo.add_argument(
        "--no-recoger",
        metavar="CAMPOS",
        help="campos que no se recogen, separados por comas (p. ej. telefono,afrodescendiente)",
    )
    grupo.add_argument(
        "--recoger-todos", action="store_true", help="vuelve a recoger todos los campos"
    )


def ejecutar(args: argparse.Namespace) -> int:
    from pir_campo.servicios import envios

    with Almacen.abrir(args.db) as almacen:
        if args.no_recoger is not None or args.recoger_todos:
            if almacen.rol != "oficina":
                raise ErrorValidacion(
                    "Solo la oficina regional decide qué datos se recogen; en un notebook el "
                    "ajuste llega con los paquetes de la oficina.",
                    "Campos personales",
                )
            no = [c.strip() for c in (args.no_recoger or "").split(",") if c.strip()]
            if args.no_recoger is not None and not no:
                raise ErrorValidacion(
                    "Indique al menos un campo en --no-recoger (o use --recoger-todos).",
                    "Campos personales",
                )
            envios.fijar_campos_personales(almacen, no)
            print("Ajuste guardado; viaja a los notebooks en los próximos paquetes de la oficina.")
        vigentes = envios.campos_opcionales(almacen)
    for campo, si in vigentes.items():
        etiqueta = envios.ETIQUETAS_OPCIONALES[campo]
        print(f"{etiqueta} ({campo}): {'se recoge' if si else 'no se recoge'}")
    return 0
