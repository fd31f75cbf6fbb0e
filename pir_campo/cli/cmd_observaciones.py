"""pir-campo observaciones: lo que la oficina observó y espera respuesta o corrección."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.errores import ErrorValidacion
from pir_campo.servicios import revision

NOMBRE = "observaciones"
AYUDA = "lista las observaciones de la oficina pendientes (o todas) y permite responderlas"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")
    p.add_argument("--todas", action="store_true", help="incluye las ya respondidas o corregidas")
    p.add_argument("--responder", metavar="ID", help="registro cuya observación se responde")
    p.add_argument("--respuesta", metavar="TEXTO", help="texto de la respuesta")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        if args.responder:
            if not args.respuesta:
                raise ErrorValidacion("Indique la respuesta con --respuesta.", "Respuesta")
            revision.responder(almacen, args.responder, args.respuesta)
            print("Respuesta guardada; viajará a la oficina en el próximo paquete.")
            return 0
        filas = revision.observaciones(almacen, pendientes=not args.todas)
    if args.json:
        imprimir_json(filas)
        return 0
    if not filas:
        print("No hay observaciones de la oficina pendientes.")
        return 0
    imprimir_tabla(
        ["Registro", "Territorio", "Observación", "Por", "El", "Respuesta"],
        [
            [
                f"{f['tipo']}: {f['descripcion']}",
                f["territorio"] or "",
                f["comentario"] or "",
                f["revisado_por"] or "",
                f["revisado_el"],
                f["respuesta"] or "",
            ]
            for f in filas
        ],
    )
    return 0
