"""pir-campo resumen: qué hay en la base, qué falta enviar y qué conflictos esperan."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen, sucesion
from pir_campo.catalogos import cargar
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.modelos import ETIQUETAS_CONTEO

NOMBRE = "resumen"
AYUDA = "muestra el rol, el dispositivo, los conteos de registros y lo pendiente de envío"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        datos = almacen.resumen()
        sucesion.tomar_aviso(almacen)  # el aviso de copia restaurada se da una vez
    if args.json:
        imprimir_json(datos)
        return 0
    if datos["aviso_copia"]:
        print(f"Aviso: {datos['aviso_copia']}")
        print()
    region = cargar().regiones.get(datos["region"] or "")
    rol = "oficina regional" if datos["rol"] == "oficina" else "notebook de campo"
    print(f"Instalación: {datos['nombre']} ({rol})")
    print(f"Dispositivo: {datos['dispositivo']}")
    if region:
        print(f"Región: {region.nombre}")
    print(f"Esquema de la base: {datos['esquema']}")
    print()
    imprimir_tabla(
        ["Registro", "Cantidad"],
        [[ETIQUETAS_CONTEO[k], f"{v:,}".replace(",", ".")] for k, v in datos["conteos"].items()],
    )
    print()
    print(f"Cambios pendientes de envío: {datos['pendientes_envio']}")
    print(f"Conflictos abiertos: {datos['conflictos_abiertos']}")
    return 0
