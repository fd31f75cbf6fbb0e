"""pir-campo exportar: escribe un paquete .pirb firmado (y cifrado) para la otra parte."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.formato import numero
from pir_campo.sincro import exportar

NOMBRE = "exportar"
AYUDA = (
    "exporta un paquete de sincronización: en un notebook, los cambios que la oficina aún no "
    "confirma; en la oficina, con --para, el recibo y las novedades para un notebook"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--salida",
        metavar="ARCHIVO",
        type=Path,
        required=True,
        help="paquete a escribir (ARCHIVO.pirb)",
    )
    p.add_argument(
        "--para", metavar="DISPOSITIVO", help="en la oficina: dispositivo del notebook destinatario"
    )
    p.add_argument(
        "--sin-cifrar", action="store_true", help="no cifra el contenido (sigue firmado)"
    )
    p.add_argument(
        "--todo", action="store_true", help="incluye todos los datos, no solo lo no confirmado"
    )
    p.add_argument(
        "--con-adjuntos",
        action="store_true",
        help="con --todo: también los adjuntos que la oficina ya confirmó (para rehacer una "
        "oficina perdida con «pir-campo recuperar»)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        r = exportar.exportar(
            almacen,
            args.salida,
            cifrar=not args.sin_cifrar,
            todo=args.todo,
            para=args.para,
            con_adjuntos=args.con_adjuntos,
        )
    print(f"Paquete escrito y releído: {r.ruta} ({numero(r.tamano / 1024, 1)} KB).")
    print(f"Para: {r.para_nombre} ({r.para}); {'cifrado' if r.cifrado else 'SIN cifrar'}, firmado.")
    print(
        f"Registros: {numero(r.total_registros)}; adjuntos: {r.adjuntos} "
        f"({numero(r.bytes_adjuntos / 1048576, 1)} MB)."
    )
    if r.tipo == "oficina":
        print("Incluye el recibo de lo recibido de ese notebook.")
    print("El archivo está completo; puede retirar el pendrive.")
    return 0
