"""pir-campo recuperar: rehace una oficina perdida con su llave de recuperación y los paquetes
de los notebooks."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo import formato
from pir_campo.cli.cmd_llave_recuperacion import frase_llave, opcion_frase
from pir_campo.cli.comun import frase_nueva
from pir_campo.sincro import llave_recuperacion as lr

NOMBRE = "recuperar"
AYUDA = (
    "base de la oficina perdida: crea una base de oficina nueva con la llave de recuperación "
    "e importa los paquetes que los notebooks exportaron (pídales «exportar --todo --con-adjuntos»)"
)


def configurar(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--llave", required=True, type=Path, metavar="ARCHIVO", help="llave de recuperación"
    )
    p.add_argument(
        "--paquete",
        required=True,
        type=Path,
        nargs="+",
        metavar="PAQUETE",
        help="paquetes de los notebooks para la oficina (.pirb)",
    )
    p.add_argument(
        "--db",
        required=True,
        type=Path,
        metavar="RUTA",
        help="base de oficina nueva a crear (su frase: PIR_CAMPO_CLAVE o se pregunta)",
    )
    opcion_frase(p)


def ejecutar(args: argparse.Namespace) -> int:
    datos = lr.leer(args.llave)
    frase = frase_llave(args, dos_veces=False)
    lr.abrir(datos, frase)  # la frase, antes de pedir la de la base nueva
    r = lr.rehacer(datos, frase, args.paquete, args.db, frase_nueva(args.db))
    print(f"Oficina «{r.nombre}» ({r.oficina}) rehecha en {args.db}.")
    for i in r.importados:
        print(f"  {i.texto()}")
    print(f"Paquetes importados: {formato.numero(len(r.importados))}.")
    for ruta, nombre, dispositivo in r.sin_registrar:
        print(
            f"No se importó {ruta.name}: el notebook {nombre} ({dispositivo}) se registró "
            "después de escribir la llave de recuperación. Pídale su archivo de identidad, "
            f"regístrelo con «pir-campo confiar --db {args.db} ARCHIVO --territorio ID» e "
            f"importe el paquete con «pir-campo importar --db {args.db} {ruta}»."
        )
    if r.faltan:
        print(
            "A estos notebooks les faltan cambios anteriores: pídales «pir-campo exportar "
            f"--todo --con-adjuntos» e impórtelo: {', '.join(sorted(set(r.faltan)))}."
        )
    print(
        "Lo que la oficina escribió y no llegó a ningún notebook se perdió; si tiene un "
        "respaldo de la base, «pir-campo restaurar» lo recupera mejor."
    )
    return 0
