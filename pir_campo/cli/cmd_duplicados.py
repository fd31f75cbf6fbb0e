"""pir-campo duplicados: la cola de posibles duplicados (y fusiona una pareja con --fusionar)."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.rut import formatear
from pir_campo.servicios import duplicados

NOMBRE = "duplicados"
AYUDA = (
    "lista personas, localidades y organizaciones que parecen el mismo registro (mismo RUT, o "
    "mismo nombre y comuna) en todos los territorios de la base"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")
    p.add_argument("--territorio", metavar="ID", help="solo los de ese territorio")
    p.add_argument(
        "--fusionar",
        nargs=2,
        metavar=("CONSERVAR", "ABSORBER"),
        help="deja solo CONSERVAR: lo que cuelga de ABSORBER pasa a él y ABSORBER queda redirigido",
    )
    p.add_argument(
        "--tipo",
        choices=duplicados.TABLAS,
        default="persona",
        help="al fusionar: persona (por omisión), localidad u organizacion",
    )


def _fila(r: dict) -> str:
    rut = formatear(r["rut"]) if r.get("rut") else "sin RUT"
    return f"{r['nombre']} ({rut}; {r['dependientes']}; {r.get('origen_nombre') or ''})"


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        if args.fusionar:
            conservar, absorber = args.fusionar
            duplicados.fusionar(almacen, args.tipo, conservar, absorber)
            print("Fusionados; la fusión viajará en el próximo paquete.")
            return 0
        cola = duplicados.cola(almacen, args.territorio)
    if args.json:
        for p in cola:
            for lado in ("a", "b"):
                p[lado]["comunas"] = sorted(p[lado]["comunas"])
        imprimir_json(cola)
        return 0
    if not cola:
        print("No hay posibles duplicados.")
        return 0
    print("Cada registro: nombre (RUT; registros que cuelgan de él; dónde se registró).")
    imprimir_tabla(
        ["Tipo", "Territorio", "Registro A", "Registro B", "Motivo"],
        [
            [p["tipo"], p["a"]["territorio"], _fila(p["a"]), _fila(p["b"]), p["motivo"]]
            for p in cola
        ],
    )
    return 0
