"""pir-campo documento: imprime actas, listas, fichas y reportes en PDF, y verifica papeles."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, opcion_db
from pir_campo.errores import ErrorValidacion

NOMBRE = "documento"
AYUDA = "genera documentos PDF para imprimir y verifica si un papel sigue vigente"

# Sub-acción, ayuda y de qué registro se imprime.
DOCUMENTOS = (
    ("acta-taller", "acta de un taller (sin datos personales)", "el taller"),
    (
        "lista-asistencia",
        "lista de asistencia para firmar (anexo con datos personales)",
        "el taller",
    ),
    ("acta-validacion", "acta de validación con bloques de firma y adendas", "el acta"),
    ("ficha-territorio", "ficha de territorio", "el territorio"),
    ("pmdt", "resumen de una versión del PMDT con su cartera", "la versión del PMDT"),
    ("diagnostico", "reporte de un diagnóstico de capacidad de gestión", "el diagnóstico"),
    (
        "datos-persona",
        "todo lo que se guarda de una persona, para entregárselo (Ley 21.719)",
        "la persona",
    ),
)
SALIDA_CAMBIO = 2


def _no_negativo(texto: str) -> int:
    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if not 0 <= valor <= 2000:
        raise argparse.ArgumentTypeError("debe estar entre 0 y 2000")
    return valor


def _identificador(registro: str) -> str:
    """«identificador del taller», «identificador de la persona»: «de el» se contrae."""
    if registro.startswith("el "):
        return f"identificador del {registro[3:]}"
    return f"identificador de {registro}"


def configurar(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="accion", title="acciones", metavar="ACCIÓN", required=True)
    for nombre, ayuda, registro in DOCUMENTOS:
        d = sub.add_parser(nombre, help=ayuda, description=ayuda.capitalize() + ".")
        opcion_db(d, requerida=True)
        d.add_argument("--id", required=True, metavar="ID", help=_identificador(registro))
        d.add_argument(
            "--salida",
            required=True,
            type=Path,
            metavar="ARCHIVO.pdf",
            help="archivo PDF que se escribe (se reemplaza si existe)",
        )
        if nombre == "lista-asistencia":
            d.add_argument(
                "--en-blanco",
                type=_no_negativo,
                default=None,
                metavar="N",
                help="filas en blanco para quienes lleguen sin inscripción (por omisión, 10)",
            )
            d.add_argument(
                "--orden",
                choices=["alfabetico", "llegada"],
                default=None,
                help="orden de las personas: alfabético (por omisión) o de llegada",
            )
    r = sub.add_parser(
        "informe-regional",
        help="informe regional de avance: territorios por paso, gráficos y mapa",
        description="Informe regional de avance: los territorios por los ocho pasos, los "
        "gráficos de necesidades, cartera, participación y acuerdos, y el mapa referencial, con "
        "la fecha y el último paquete recibido de cada notebook.",
    )
    opcion_db(r, requerida=True)
    r.add_argument(
        "--region",
        metavar="CUT",
        default=None,
        help="código de la región (dos dígitos, p. ej. 09); por omisión, la de la instalación",
    )
    r.add_argument(
        "--salida",
        required=True,
        type=Path,
        metavar="ARCHIVO.pdf",
        help="archivo PDF que se escribe (se reemplaza si existe)",
    )
    v = sub.add_parser(
        "verificar",
        help="dice si un documento impreso coincide con los datos de hoy",
        description="Dice si el registro de un documento impreso sigue igual o cambió desde "
        "que se imprimió. Sale con 0 si coincide, 2 si cambió o fue eliminado.",
    )
    opcion_db(v, requerida=True)
    v.add_argument(
        "--codigo",
        required=True,
        metavar="TEXTO",
        help="el texto del código QR, o el código corto impreso (con su huella, "
        "por ejemplo «06AJ-057VS ASN00», para comprobarlo)",
    )
    v.add_argument("--json", action="store_true", help="salida JSON")


def ejecutar(args: argparse.Namespace) -> int:
    from pir_campo.documentos import generar, verificacion

    if args.accion == "verificar":
        with Almacen.abrir(args.db) as almacen:
            resultado = verificacion.verificar(almacen, args.codigo)
        if args.json:
            imprimir_json(resultado.como_dict())
        else:
            print(resultado.mensaje)
        return 0 if resultado.vigente else SALIDA_CAMBIO
    if args.salida.suffix.lower() != ".pdf":
        raise ErrorValidacion(
            f"El archivo de salida «{args.salida}» debe terminar en .pdf.", "salida"
        )
    generar.comprobar_salida(args.salida)
    if args.accion == "informe-regional":
        from pir_campo.documentos import informe_regional

        with Almacen.abrir(args.db) as almacen:
            ruta = informe_regional.generar_informe(almacen, args.salida, args.region)
        print(f"Informe escrito en {ruta}")
        return 0
    opciones = {}
    if getattr(args, "en_blanco", None) is not None:
        opciones["en_blanco"] = args.en_blanco
    if getattr(args, "orden", None):
        opciones["orden"] = args.orden
    with Almacen.abrir(args.db) as almacen:
        ruta = generar.generar(almacen, args.accion, args.id, args.salida, **opciones)
    print(f"Documento escrito en {ruta}")
    return 0
