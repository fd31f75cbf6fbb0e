"""pir-campo persona: los derechos de una persona registrada (Ley 21.719)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorValidacion

NOMBRE = "persona"
AYUDA = (
    "derechos de una persona: entregarle sus datos, suprimirlos, bloquearlos; registro de "
    "solicitudes"
)


def configurar(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="accion", title="acciones", metavar="ACCIÓN", required=True)
    e = sub.add_parser(
        "exportar",
        help="PDF dirigido a la persona con todo lo que se guarda de ella, y copia JSON o CSV",
        description="Escribe un PDF en lenguaje simple, dirigido a la persona, con su registro, "
        "cada taller al que asistió, sus cargos y organizaciones, los acuerdos a su cargo, las "
        "actas que firmó, los adjuntos donde puede aparecer, quién registró cada cosa y cuándo, "
        "las correcciones, las finalidades y la base de licitud; y, si se pide, la misma "
        "información en JSON y CSV para llevarla a otra parte.",
    )
    opcion_db(e, requerida=True)
    e.add_argument("--id", required=True, metavar="ID", help="identificador de la persona")
    e.add_argument("--salida", type=Path, metavar="ARCHIVO.pdf", help="PDF para la persona")
    e.add_argument("--json", type=Path, metavar="ARCHIVO.json", help="copia en JSON")
    e.add_argument("--csv", type=Path, metavar="ARCHIVO.csv", help="copia en CSV (Excel)")
    _quien(e)

    s = sub.add_parser(
        "suprimir",
        help="suprime los datos personales de la persona en esta y en todas las instalaciones",
        description="Deja en blanco el nombre, el RUT, el teléfono, el sexo, el tramo de edad, "
        "el pueblo originario, la afrodescendencia, los cargos y las marcas de firma de la "
        "persona: en su registro, en el historial de cambios, en los conflictos y en la "
        "búsqueda. Sus asistencias quedan anónimas (los talleres conservan sus conteos) y las "
        "actas firmadas conservan la firma con «(dato suprimido)». La supresión viaja en el "
        "próximo paquete y cada instalación la aplica; un paquete anterior no trae los datos de "
        "vuelta. No se puede deshacer. Sin --si, solo muestra lo que hará.",
    )
    opcion_db(s, requerida=True)
    s.add_argument("--id", required=True, metavar="ID", help="identificador de la persona")
    s.add_argument("--motivo", required=True, metavar="TEXTO", help="por qué se suprime")
    _quien(s)
    s.add_argument("--si", action="store_true", help="confirma la supresión (no se deshace)")

    for nombre, ayuda in (
        ("bloquear", "deja a la persona fuera de documentos, exportaciones y búsquedas"),
        ("desbloquear", "levanta el bloqueo de la persona"),
    ):
        b = sub.add_parser(
            nombre,
            help=ayuda,
            description=f"{ayuda[0].upper()}{ayuda[1:]} (bloqueo u oposición, Ley 21.719). Es "
            "reversible, queda en el registro de solicitudes y viaja como cualquier cambio.",
        )
        opcion_db(b, requerida=True)
        b.add_argument("--id", required=True, metavar="ID", help="identificador de la persona")
        b.add_argument("--motivo", required=True, metavar="TEXTO", help="por qué se pide")
        _quien(b)

    c = sub.add_parser(
        "conservacion",
        help="informe del plazo de conservación cumplido y, con --si, la supresión (oficina)",
        description="En la oficina: lista, por territorio con el plan cerrado, a quiénes se "
        "suprimirían los datos personales porque pasó el plazo de conservación desde el cierre "
        "del plan (los ocho pasos cumplidos; el cierre es la fecha de su última actividad). Quien "
        "también figura en un territorio con el plan abierto se conserva. Con --si, suprime a "
        "cada persona como en «persona suprimir», con el motivo «Plazo de conservación "
        "cumplido», y cada supresión queda en el registro de solicitudes. Los respaldos "
        "anteriores guardan los datos hasta que se reemplacen.",
    )
    opcion_db(c, requerida=True)
    c.add_argument(
        "--anos",
        type=int,
        metavar="N",
        help="cambia el plazo de la región a N años (viaja a los notebooks con los próximos "
        "paquetes; por omisión, el plazo vigente)",
    )
    c.add_argument("--si", action="store_true", help="confirma la supresión (no se deshace)")

    t = sub.add_parser(
        "tratamiento",
        help="PDF del registro de actividades de tratamiento (datos, finalidades, seguridad)",
        description="Escribe el «Registro de actividades de tratamiento»: qué datos personales "
        "guarda el programa (del esquema y de los campos que recoge la región), para qué, con "
        "qué base de licitud, por cuánto tiempo, a quién llegan y cómo se protegen.",
    )
    opcion_db(t, requerida=True)
    t.add_argument("--salida", type=Path, required=True, metavar="ARCHIVO.pdf", help="PDF")

    r = sub.add_parser(
        "solicitudes",
        help="registro de las solicitudes de derechos recibidas y cómo se respondió cada una",
        description="Lista las solicitudes de acceso, portabilidad, supresión y bloqueo "
        "recibidas, con su fecha, quién las pidió y cómo se respondieron.",
    )
    opcion_db(r, requerida=True)
    r.add_argument("--json", action="store_true", help="salida en JSON para scripts")
    r.add_argument(
        "--salida", type=Path, metavar="ARCHIVO.pdf", help="el registro en PDF para imprimirlo"
    )


def _quien(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--solicitante",
        default="La persona titular",
        metavar="TEXTO",
        help="quién hizo la solicitud (por omisión, la persona titular)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    if args.accion == "suprimir":
        return _suprimir(args)
    if args.accion in ("bloquear", "desbloquear"):
        return _bloquear(args)
    if args.accion == "solicitudes":
        return _solicitudes(args)
    if args.accion == "conservacion":
        return _conservacion(args)
    if args.accion == "tratamiento":
        from pir_campo.documentos import tratamiento

        with Almacen.abrir(args.db) as almacen:
            tratamiento.generar(almacen, args.salida)
        print(f"Escrito {args.salida}")
        return 0
    return _exportar(args)


def _suprimir(args: argparse.Namespace) -> int:
    from pir_campo.servicios import supresion

    with Almacen.abrir(args.db) as almacen:
        vista = supresion.vista_previa(almacen, args.id)
        if not args.si:
            print(vista.texto())
            print("Para suprimir, repita la orden con --si.")
            return 0
        hecho = supresion.suprimir(almacen, args.id, args.motivo, args.solicitante)
    print(vista.texto())
    print(
        f"Datos suprimidos ({hecho.filas} filas en blanco). La supresión viaja en el próximo "
        "paquete a la oficina."
    )
    return 0


def _conservacion(args: argparse.Namespace) -> int:
    from pir_campo import formato
    from pir_campo.servicios import conservacion

    with Almacen.abrir(args.db) as almacen:
        if args.anos is not None and conservacion.fijar_anos(almacen, args.anos):
            print(
                f"Plazo de conservación de la región: {formato.cantidad(args.anos, 'año')}. "
                "Viajará en los próximos paquetes de la oficina a los notebooks."
            )
        informe = conservacion.informe(almacen)
        print(informe.texto())
        if not informe.personas:
            return 0
        print()
        print(informe.confirmacion())
        if not args.si:
            print("Para suprimir, repita la orden con --si.")
            return 0
        _, hechas = conservacion.aplicar(almacen)
    print(
        f"Datos suprimidos de {formato.cantidad(len(hechas), 'persona')}. La supresión viaja en "
        "los próximos paquetes de la oficina a los notebooks."
    )
    return 0


def _bloquear(args: argparse.Namespace) -> int:
    from pir_campo.servicios import supresion

    bloquear = args.accion == "bloquear"
    with Almacen.abrir(args.db) as almacen:
        supresion.bloquear(almacen, args.id, args.motivo, bloquear, args.solicitante)
    print(
        "Persona bloqueada: queda fuera de documentos, exportaciones y búsquedas."
        if bloquear
        else "Bloqueo levantado: la persona vuelve a aparecer en documentos y búsquedas."
    )
    return 0


def _solicitudes(args: argparse.Namespace) -> int:
    import json

    from pir_campo import formato
    from pir_campo.servicios import supresion

    if args.salida is not None:
        from pir_campo.documentos import generar, tratamiento

        if args.salida.suffix.lower() != ".pdf":
            raise ErrorValidacion(f"El archivo «{args.salida}» debe terminar en .pdf.", "pdf")
        generar.comprobar_salida(args.salida)
        with Almacen.abrir(args.db) as almacen:
            tratamiento.generar_registro(almacen, args.salida)
        print(f"Escrito {args.salida}")
        return 0
    with Almacen.abrir(args.db) as almacen:
        filas = supresion.registro_solicitudes(almacen)
    if args.json:
        print(json.dumps(filas, ensure_ascii=False, indent=2))
        return 0
    if not filas:
        print("No hay solicitudes registradas.")
    for f in filas:
        print(
            f"{formato.fecha(f['fecha'])}  {f['derecho']}  {f['persona']}  pedida por "
            f"{f['solicitado_por']}: {f['respuesta'] or 'sin respuesta registrada'}"
        )
    return 0


def _exportar(args: argparse.Namespace) -> int:
    from pir_campo.documentos import generar
    from pir_campo.modelos.enums import TipoSolicitud
    from pir_campo.servicios import derechos, supresion

    if not (args.salida or args.json or args.csv):
        raise ErrorValidacion("Indique al menos un archivo: --salida, --json o --csv.", "salida")
    for ruta, extension in ((args.salida, ".pdf"), (args.json, ".json"), (args.csv, ".csv")):
        if ruta is not None and ruta.suffix.lower() != extension:
            raise ErrorValidacion(
                f"El archivo «{ruta}» debe terminar en {extension}.", extension[1:]
            )
    if args.salida:
        generar.comprobar_salida(args.salida)
    with Almacen.abrir(args.db) as almacen:
        if args.json or args.csv:
            derechos.exportar(almacen, args.id, args.json, args.csv)
        if args.salida:
            generar.generar(almacen, "datos-persona", args.id, args.salida)
        entregado = [str(r.name) for r in (args.salida, args.json, args.csv) if r is not None]
        supresion.registrar_solicitud(
            almacen,
            args.id,
            TipoSolicitud.PORTABILIDAD if args.json or args.csv else TipoSolicitud.ACCESO,
            args.solicitante,
            respuesta="Se entregaron sus datos: " + ", ".join(entregado) + ".",
        )
    for ruta in (args.salida, args.json, args.csv):
        if ruta is not None:
            print(f"Escrito {ruta}")
    return 0
