"""pir-campo rotar-llaves: la oficina cambia sus llaves de firma y de cifrado."""

from __future__ import annotations

import argparse

from pir_campo import formato
from pir_campo.almacen import Almacen, rotacion
from pir_campo.cli.comun import opcion_db

NOMBRE = "rotar-llaves"
AYUDA = (
    "en la oficina: crea llaves nuevas de firma y de cifrado; los notebooks las reciben, "
    "firmadas con la llave anterior, en el próximo paquete de la oficina"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--solape-dias",
        metavar="N",
        type=int,
        default=rotacion.SOLAPE_DIAS,
        help=f"días en que la oficina sigue leyendo paquetes cifrados para la llave anterior "
        f"(por omisión {rotacion.SOLAPE_DIAS}; 0 si la llave anterior pudo quedar en manos "
        "ajenas)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        r = rotacion.rotar(almacen, args.solape_dias)
    fin = formato.fecha(r["solape_hasta"])
    creado = formato.momento_local(r["certificado"]["creado"])
    print(f"Llaves nuevas de la oficina creadas ({creado}).")
    print(
        "Exporte un paquete para cada notebook: trae las llaves nuevas firmadas con la "
        "anterior, y desde que lo importe el notebook cifra para la llave nueva."
    )
    if args.solape_dias:
        print(f"Hasta el {fin} la oficina sigue leyendo paquetes cifrados para la llave anterior.")
    else:
        print("La llave anterior ya no se lee: los paquetes cifrados para ella se rechazarán.")
    print(
        "Escriba de nuevo la llave de recuperación («pir-campo llave-recuperacion»): la que "
        "tenga guardada no abre los paquetes cifrados para la llave nueva."
    )
    return 0
