"""pir-campo recuperacion: recupera una frase olvidada con la ayuda de la oficina regional."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo import recuperacion
from pir_campo.almacen import Almacen
from pir_campo.cli.cmd_frase import frase_nueva_dos_veces
from pir_campo.cli.comun import opcion_db

NOMBRE = "recuperacion"
AYUDA = (
    "frase olvidada: el notebook escribe una solicitud, la oficina la responde y el notebook "
    "pone una frase nueva con la respuesta"
)


def configurar(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="accion", title="acciones", metavar="ACCIÓN", required=True)
    s = sub.add_parser(
        "solicitar",
        help="en el notebook: escribe la solicitud para la oficina (no pide la frase)",
        description="Escribe la solicitud de recuperación para enviarla a la oficina.",
    )
    opcion_db(s)
    s.add_argument("--salida", required=True, type=Path, metavar="ARCHIVO", help="solicitud")
    r = sub.add_parser(
        "responder",
        help="en la oficina: responde la solicitud de un notebook registrado",
        description="Abre la solicitud con la llave de la oficina y escribe la respuesta.",
    )
    opcion_db(r)
    r.add_argument("solicitud", type=Path, metavar="SOLICITUD", help="archivo de solicitud")
    r.add_argument("--salida", required=True, type=Path, metavar="ARCHIVO", help="respuesta")
    a = sub.add_parser(
        "aplicar",
        help="en el notebook: usa la respuesta de la oficina para poner una frase nueva",
        description="Pone una frase nueva (de PIR_CAMPO_CLAVE_NUEVA, o preguntada dos veces).",
    )
    opcion_db(a)
    a.add_argument("respuesta", type=Path, metavar="RESPUESTA", help="archivo de respuesta")


def ejecutar(args: argparse.Namespace) -> int:
    if args.accion == "solicitar":
        solicitud = recuperacion.solicitar(args.db, args.salida)
        print(f"Solicitud escrita en {args.salida} (dispositivo {solicitud.dispositivo}).")
        print(f"Huella de la solicitud: {solicitud.huella} (la oficina verá la misma).")
        print("Envíela a la oficina regional; con su respuesta use «recuperacion aplicar».")
    elif args.accion == "responder":
        with Almacen.abrir(args.db) as oficina:
            par = recuperacion.responder(oficina, args.solicitud, args.salida)
        print(f"Respuesta para {par.nombre} ({par.dispositivo}) escrita en {args.salida}.")
        print(f"Huella de la solicitud respondida: {par.huella}.")
        print("Entréguela solo a esa persona: le permite poner una frase nueva.")
    else:
        nueva = frase_nueva_dos_veces()
        recuperacion.aplicar(args.db, args.respuesta, nueva)
        print(f"Frase de acceso nueva puesta en {args.db}. La anterior ya no abre la base.")
    return 0
