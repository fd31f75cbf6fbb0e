"""pir-campo territorios: en la oficina, dónde puede escribir cada notebook y qué territorios
nuevos proponen; en un notebook, los territorios que le asignó la oficina."""

from __future__ import annotations

import argparse

from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.cli.comun import imprimir_json, imprimir_tabla, opcion_db
from pir_campo.errores import ErrorIdentidad
from pir_campo.formato import cantidad
from pir_campo.sincro import territorios

NOMBRE = "territorios"
AYUDA = (
    "en la oficina, muestra o cambia los territorios de un notebook y decide los territorios "
    "que proponen; en un notebook, muestra los que le asignó la oficina"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("dispositivo", metavar="DISPOSITIVO", nargs="?", help="notebook (dv_…)")
    p.add_argument(
        "--agregar",
        metavar="ID",
        action="append",
        default=[],
        help="asigna un territorio (se puede repetir)",
    )
    p.add_argument(
        "--quitar",
        metavar="ID",
        action="append",
        default=[],
        help="quita un territorio (se puede repetir)",
    )
    region = p.add_mutually_exclusive_group()
    region.add_argument(
        "--toda-la-region", action="store_true", help="el notebook puede escribir en toda la región"
    )
    region.add_argument(
        "--solo-asignados", action="store_true", help="quita «toda la región»: solo sus territorios"
    )
    p.add_argument(
        "--propuestos",
        action="store_true",
        help="lista los territorios nuevos que proponen los notebooks",
    )
    p.add_argument("--aceptar", metavar="ID", help="acepta el territorio que propuso el notebook")
    p.add_argument("--rechazar", metavar="ID", help="rechaza el territorio que propuso el notebook")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def _mostrar(almacen: Almacen, d: dict, como_json: bool) -> None:
    if como_json:
        imprimir_json(d)
        return
    print(f"Notebook: {d['nombre']} ({d['dispositivo']})")
    if d["toda_la_region"]:
        print("Puede escribir en toda la región.")
    elif not d["territorios"]:
        print("No tiene territorios asignados: la oficina no le acepta ni le envía registros.")
    if d["territorios"]:
        imprimir_tabla(
            ["Territorio", "Identificador"],
            [[territorios.nombre_territorio(almacen, t), t] for t in d["territorios"]],
        )
    for t in d["propuestos"]:
        print(f"Propuso el territorio {t}; espera que la oficina lo acepte o lo rechace.")
    for t, n in d["pendientes"].items():
        print(f"Retenidos del territorio {t}: {cantidad(n, 'registro')}.")


def ejecutar(args: argparse.Namespace) -> int:
    with Almacen.abrir(args.db) as almacen:
        if almacen.rol == "campo":
            propio = territorios.alcance_propio(almacen)
            if args.json:
                imprimir_json(propio)
            elif propio is None:
                print("Aún no llega ningún paquete de la oficina con los territorios asignados.")
            elif propio["toda_la_region"]:
                print("La oficina le asignó toda la región.")
            else:
                print(
                    "Territorios asignados por la oficina: "
                    + (
                        ", ".join(
                            territorios.nombre_territorio(almacen, t) for t in propio["territorios"]
                        )
                        or "ninguno"
                    )
                    + "."
                )
            return 0
        if args.propuestos:
            lista = territorios.propuestas(almacen, args.dispositivo)
            if args.json:
                imprimir_json(lista)
            elif not lista:
                print("No hay territorios propuestos por los notebooks.")
            else:
                imprimir_tabla(
                    ["Notebook", "Territorio propuesto", "Identificador", "Recibido"],
                    [
                        [
                            rep.nombre_dispositivo(almacen, x["dispositivo"]),
                            x["nombre"] or "",
                            x["territorio"],
                            x["recibido_en"],
                        ]
                        for x in lista
                    ],
                )
            return 0
        if not args.dispositivo:
            raise ErrorIdentidad("Indique el notebook (su dispositivo, dv_…) o use --propuestos.")
        if args.aceptar:
            d = territorios.aceptar(almacen, args.dispositivo, args.aceptar)
            n = cantidad(d["aplicados"], "registro retenido")
            print(f"Territorio aceptado; se aplicaron {n}.")
        elif args.rechazar:
            territorios.rechazar(almacen, args.dispositivo, args.rechazar)
            print("Territorio rechazado; se descartó lo que el notebook escribió en él.")
        elif args.agregar or args.quitar or args.toda_la_region or args.solo_asignados:
            region = True if args.toda_la_region else (False if args.solo_asignados else None)
            d = territorios.cambiar(almacen, args.dispositivo, args.agregar, args.quitar, region)
            if d["aplicados"]:
                n = cantidad(d["aplicados"], "registro retenido")
                print(f"Se aplicaron {n} de los territorios nuevos.")
            print("El cambio llega al notebook con el próximo paquete de la oficina.")
        _mostrar(almacen, territorios.alcance(almacen, args.dispositivo), args.json)
    return 0
