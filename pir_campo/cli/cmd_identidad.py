"""pir-campo identidad: escribe la identidad pública de esta instalación para registrarla."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo import formato
from pir_campo.almacen import Almacen, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.cli.comun import imprimir_tabla, opcion_db
from pir_campo.errores import ErrorIdentidad
from pir_campo.sincro import estado, identidad, revocacion

NOMBRE = "identidad"
AYUDA = (
    "escribe la identidad pública de esta instalación (dispositivo, nombre, rol, región y "
    "claves públicas) y muestra su huella; con --pares, lista los equipos registrados"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument(
        "--salida",
        metavar="ARCHIVO",
        type=Path,
        help="archivo de identidad a escribir (JSON)",
    )
    p.add_argument(
        "--pares",
        action="store_true",
        help="lista los equipos registrados aquí (en la oficina, si alguno es una copia "
        "restaurada o copiada, o la identidad nueva de otro)",
    )


def _pares(almacen: Almacen) -> None:
    if almacen.rol == "campo":
        anteriores = sucesion.identidades_anteriores(almacen)
        print(f"Este equipo: {almacen.nombre} ({almacen.dispositivo})")
        if anteriores:
            print(f"Identidades anteriores de este equipo: {', '.join(anteriores)}")
        of = rep.oficina(almacen)
        print(
            f"Oficina registrada: {of['nombre']} ({of['id']})" if of else "Sin oficina registrada"
        )
        return
    filas = [
        [
            p["nombre"],
            p["id"],
            formato.numero(p["aplicado_desde_par"]),
            revocacion.texto(p) or "Activo",
            texto,
        ]
        for p in rep.pares(almacen, "campo")
        for texto in [estado.texto_identidad(almacen, p["id"])]
    ]
    if not filas:
        print("No hay notebooks registrados en esta oficina.")
        return
    imprimir_tabla(
        ["Notebook de", "Dispositivo", "Cambios recibidos", "Estado", "Copia o identidad nueva"],
        filas,
    )


def ejecutar(args: argparse.Namespace) -> int:
    if args.salida is None and not args.pares:
        raise ErrorIdentidad("Indique --salida ARCHIVO para escribir la identidad, o --pares.")
    with Almacen.abrir(args.db) as almacen:
        if args.pares:
            _pares(almacen)
            if args.salida is None:
                return 0
        huella = identidad.escribir(almacen, args.salida)
        print(f"Identidad de «{almacen.nombre}» ({almacen.dispositivo}) escrita en {args.salida}.")
    print(f"Huella: {huella}")
    print("Compare esta huella de viva voz o por teléfono con la que muestra el otro equipo.")
    return 0
