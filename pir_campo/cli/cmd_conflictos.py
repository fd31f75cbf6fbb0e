"""pir-campo conflictos: lista los conflictos (y resuelve uno con --resolver)."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.sincro import conflictos

NOMBRE = "conflictos"
AYUDA = "lista los conflictos de sincronización abiertos (con --todos, también los resueltos)"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")
    p.add_argument("--todos", action="store_true", help="incluye los ya resueltos")
    p.add_argument("--resolver", metavar="ID", help="resuelve el conflicto con ese identificador")
    p.add_argument(
        "--accion",
        choices=conflictos.ACCIONES,
        default="mantener",
        help="al resolver: mantener el valor vigente, tomar_otro o editar",
    )
    p.add_argument("--valor", help="al resolver con «editar»: el valor nuevo")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        if args.resolver:
            conflictos.resolver(almacen, args.resolver, args.accion, args.valor)
            print("Conflicto resuelto; la resolución viajará en el próximo paquete.")
            return 0
        lista = conflictos.listar(almacen, args.todos)
    if args.json:
        imprimir_json(lista)
        return 0
    if not lista:
        print("No hay conflictos abiertos.")
        return 0
    imprimir_tabla(
        ["Id", "Registro", "Campo", "Vigente", "Por / el", "Otro valor", "Por / el"],
        [
            [
                c["id"][:8],
                c["registro"],
                c["campo"],
                c["valor_vigente"],
                f"{c['vigente_por']} {c['vigente_el']}",
                c["valor_otro"],
                f"{c['otro_por']} {c['otro_el']}",
            ]
            for c in lista
        ],
    )
    return 0
