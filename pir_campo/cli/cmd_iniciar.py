"""pir-campo iniciar: crea la base de un(a) facilitador(a) o de una oficina regional."""

from __future__ import annotations

import argparse

from pir_campo.almacen import ROLES, Almacen
from pir_campo.cli.comun import crear_carpeta, frase_nueva, opcion_db

NOMBRE = "iniciar"
AYUDA = "crea la base de datos de esta instalación y su identidad (claves de firma y cifrado)"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--rol",
        required=True,
        choices=ROLES,
        help="«campo» para un notebook de facilitador(a), «oficina» para la regional",
    )
    p.add_argument(
        "--nombre", required=True, metavar="TEXTO", help="nombre de la persona o de la oficina"
    )
    p.add_argument(
        "--region",
        metavar="CUT",
        default=None,
        help="código CUT de la región, de dos dígitos (ejemplo: 09)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    crear_carpeta(args.db.parent)
    frase = frase_nueva(args.db)
    with Almacen.iniciar(args.db, args.rol, args.nombre, args.region, frase=frase) as almacen:
        print(f"Base creada en {args.db}")
        rol = "oficina regional" if almacen.rol == "oficina" else "notebook de campo"
        print(f"Dispositivo: {almacen.dispositivo} ({rol})")
        print(
            f"La base está cifrada; su llave va en {args.db.name}.llave, protegida por la frase "
            "de acceso. Copie siempre los dos archivos juntos."
        )
    return 0
