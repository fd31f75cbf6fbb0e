"""pir-campo revocar: en la oficina, deja de creerle a un notebook perdido o robado."""

from __future__ import annotations

import argparse

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.sincro import revocacion

NOMBRE = "revocar"
AYUDA = (
    "en la oficina, revoca un notebook perdido, robado o reinstalado: se rechaza lo que firme "
    "después de su último cambio válido; lo ya importado queda"
)


def _no_negativo(texto: str) -> int:
    try:
        n = int(texto)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número de cambio (0 o más)")
    return n


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "dispositivo",
        metavar="DISPOSITIVO",
        help="código del notebook (se ve con «pir-campo identidad --pares»)",
    )
    p.add_argument(
        "--hasta-cambio",
        metavar="N",
        type=_no_negativo,
        help="último cambio del notebook que se da por bueno: lo suyo hasta ese número se "
        "aplica aunque llegue después; sin esta opción, se rechaza todo lo que aún no llegó",
    )
    p.add_argument("--motivo", metavar="TEXTO", help="por qué se revoca (queda en la bitácora)")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        p = revocacion.revocar(almacen, args.dispositivo, args.hasta_cambio, args.motivo)
    print(f"Notebook de {p['nombre']} ({p['id']}) revocado.")
    if p["ultimo_seq_valido"] is None:
        print(
            "La oficina conserva lo que ya aplicó de él y rechaza todo paquete que firme desde "
            "ahora."
        )
    else:
        print(
            "La oficina conserva lo que ya aplicó de él y aplica sus cambios hasta el n.º "
            f"{formato.numero(p['ultimo_seq_valido'])} si llegan en un paquete; lo posterior "
            "se rechaza."
        )
    print(
        "Si el notebook se reinstaló, registre su identidad nueva con «pir-campo confiar "
        f"ARCHIVO --reemplaza {p['id']}»: recibe sus territorios."
    )
    return 0
