"""«Registro de actividades de tratamiento» (Ley 21.719): qué datos personales guarda el programa,
para qué, con qué base, por cuánto tiempo, a quién llegan y cómo se protegen.

Se genera del esquema (los campos de cada modelo con datos de personas, con su título) y de los
ajustes de la instalación (qué campos opcionales recoge la región), así no se desactualiza.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_supresion as q
from pir_campo.documentos import estilos as es
from pir_campo.documentos.generar import escribir_pdf
from pir_campo.modelos import Acuerdo, Asistencia, Firmante, Persona
from pir_campo.servicios import conservacion, derechos, envios

TITULO = "Registro de actividades de tratamiento"
# Campos sensibles (art. 16 de la Ley 21.719): solo con consentimiento.
SENSIBLES = ("pueblo_originario", "afrodescendiente")
# Qué registros guardan datos de personas y qué campos lo son.
ACTIVIDADES = (
    (Persona, "Personas que asisten a talleres", None),
    (Asistencia, "Asistencia a talleres", ("cargo", "firmo")),
    (Firmante, "Firmantes de actas de validación", ("nombre", "rut", "cargo")),
    (Acuerdo, "Responsables de acuerdos", ("responsable",)),
)
_NO_PERSONALES = {"territorio_id", "taller_id", "persona_id", "acta_id", "organizacion_id"}
CONSERVACION = (
    "Cumplido el plazo, la oficina regional revisa el informe de conservación y suprime los datos "
    "personales de quienes no figuran en otro territorio con el plan abierto; las asistencias "
    "quedan como anónimas para los conteos del programa. Los respaldos anteriores guardan los "
    "datos hasta que se reemplazan por otros más nuevos."
)
DESTINATARIOS = (
    "La oficina regional del programa (gobierno regional) recibe los paquetes de sincronización "
    "de cada notebook; SUBDERE recibe informes con conteos, sin nombres. Los datos no se ceden a "
    "terceros."
)
SEGURIDAD = (
    "Base de datos, adjuntos y respaldos cifrados en cada equipo (SQLCipher y XChaCha20-Poly1305) "
    "con una frase de acceso; paquetes firmados (Ed25519) y cifrados para la oficina (X25519); "
    "cada cambio queda en la bitácora con quién, cuándo y desde qué equipo; lo borrado se "
    "sobrescribe en el disco (secure_delete); las supresiones viajan a todas las instalaciones."
)


def datos(almacen: Almacen) -> dict[str, Any]:
    recogidos = envios.campos_opcionales(almacen)
    actividades = []
    for modelo, nombre, personales in ACTIVIDADES:
        campos = []
        for campo, info in modelo.model_fields.items():
            if campo in _NO_PERSONALES or (personales and campo not in personales):
                continue
            if campo in recogidos and not recogidos[campo]:
                estado = "no se recoge en esta región"
            elif campo in SENSIBLES:
                estado = "sensible: solo con consentimiento"
            elif info.is_required():
                estado = "obligatorio"
            else:
                estado = "voluntario"
            campos.append([info.title or campo, estado])
        actividades.append(
            {"nombre": nombre, "registros": almacen.contar(modelo), "campos": campos}
        )
    return {
        "instalacion": almacen.nombre,
        "emitido": dt.date.today().isoformat(),
        "responsable": derechos.RESPONSABLE,
        "finalidades": derechos.FINALIDADES,
        "base_licitud": derechos.BASE_LICITUD,
        "actividades": actividades,
        "conservacion_anos": conservacion.anos(almacen),
        "conservacion": f"{conservacion.texto_plazo(conservacion.anos(almacen))} {CONSERVACION}",
        "destinatarios": DESTINATARIOS,
        "seguridad": SEGURIDAD,
        "solicitudes": len(q.solicitudes(almacen.conn)),
    }


def historia(d: dict[str, Any]) -> list[Flowable]:
    e = es.estilos()
    salida: list[Flowable] = [
        Paragraph(TITULO, e.titulo),
        es.texto(
            f"Instalación «{d['instalacion']}», emitido el {formato.fecha(d['emitido'])}.",
            e.subtitulo,
        ),
        es.seccion("Responsable"),
        es.texto(d["responsable"], e.normal),
        es.seccion("Finalidades"),
        *[es.texto(f"• {f}", e.normal) for f in d["finalidades"]],
        es.seccion("Base de licitud"),
        es.texto(d["base_licitud"], e.normal),
    ]
    for a in d["actividades"]:
        salida += [
            es.seccion(f"{a['nombre']} ({formato.cantidad(a['registros'], 'registro')})"),
            es.tabla(["Dato", "Cómo se recoge"], a["campos"], [90 * mm, 80 * mm]),
        ]
    salida += [
        es.seccion("Plazo de conservación"),
        es.texto(d["conservacion"], e.normal),
        es.seccion("Destinatarios"),
        es.texto(d["destinatarios"], e.normal),
        es.seccion("Medidas de seguridad"),
        es.texto(d["seguridad"], e.normal),
        es.seccion("Solicitudes de derechos"),
        es.texto(
            f"{formato.cantidad(d['solicitudes'], 'solicitud')} registradas; el detalle, con la "
            "fecha y la respuesta de cada una, está en el «Registro de solicitudes de derechos» "
            "(en la aplicación, Archivo › Plazo de conservación y registros…; en la línea de "
            "comandos, «pir-campo persona solicitudes --salida»).",
            e.normal,
        ),
    ]
    return salida


TITULO_REGISTRO = "Registro de solicitudes de derechos"


def historia_registro(instalacion: str, filas: list[dict[str, Any]]) -> list[Flowable]:
    """Cada solicitud recibida con su fecha, quién la pidió, por qué y cómo se respondió."""
    e = es.estilos()
    salida: list[Flowable] = [
        Paragraph(TITULO_REGISTRO, e.titulo),
        es.texto(
            f"Instalación «{instalacion}», emitido el {formato.fecha(dt.date.today())}: "
            f"{formato.cantidad(len(filas), 'solicitud')}.",
            e.subtitulo,
        ),
    ]
    if not filas:
        return [*salida, es.texto("No hay solicitudes registradas.", e.normal)]
    anchos = [22 * mm, 20 * mm, 25 * mm, 26 * mm, 40 * mm]
    anchos.append(es.ANCHO_UTIL - sum(anchos))
    salida.append(
        es.tabla(
            ["Fecha", "Derecho", "Persona", "Pedida por", "Motivo", "Respuesta"],
            [
                [
                    formato.fecha(f["fecha"]),
                    f["derecho"],
                    f["persona"],
                    f["solicitado_por"],
                    f["motivo"] or "",
                    f["respuesta"] or "Sin respuesta registrada",
                ]
                for f in filas
            ],
            anchos,
        )
    )
    return salida


def _escribir(titulo: str, sigla: str, historia_: list[Flowable], salida: Path) -> Path:
    memoria = io.BytesIO()
    documento = SimpleDocTemplate(
        memoria,
        pagesize=es.PAGINA,
        leftMargin=es.MARGEN_IZQ,
        rightMargin=es.MARGEN_DER,
        topMargin=es.MARGEN_SUP,
        bottomMargin=es.MARGEN_INF,
        title=titulo,
        author="PIR Campo",
        lang="es-CL",
        invariant=1,
    )
    pie = es.Pie(titulo, sigla, "")
    documento.build(historia_, canvasmaker=es.fabrica_lienzo(pie))
    return escribir_pdf(memoria.getvalue(), Path(salida))


def generar_registro(almacen: Almacen, salida: Path) -> Path:
    from pir_campo.servicios import supresion

    es.registrar_fuentes()
    filas = supresion.registro_solicitudes(almacen)
    return _escribir(
        TITULO_REGISTRO, "Solicitudes", historia_registro(almacen.nombre, filas), salida
    )


def generar(almacen: Almacen, salida: Path) -> Path:
    es.registrar_fuentes()
    # Un título de sección nunca queda solo al pie de la página.
    partes: list[Flowable] = []
    for f in historia(datos(almacen)):
        if getattr(f, "style", None) is es.estilos().seccion:
            partes.append(CondPageBreak(30 * mm))
        partes.append(f)
    return _escribir(TITULO, "RAT", partes, salida)
