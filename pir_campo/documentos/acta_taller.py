"""Acta de taller: se sostiene sola ante una solicitud de la Ley 20.285.

Lleva solo conteos de asistencia (por sexo, tramo de edad y pueblo originario); los nombres,
RUT y teléfonos van en la lista de asistencia, un anexo que se separa del acta.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.modelos import Acuerdo, Localidad, Taller
from pir_campo.modelos.enums import (
    EstadoAcuerdo,
    EstadoTaller,
    PasoCritico,
    PuebloOriginario,
    Sexo,
    TramoEdad,
)

HIJOS = (("asistencia", "taller_id"), ("acuerdo", "taller_id"))


def datos(almacen: Almacen, taller_id: str) -> dict[str, Any]:
    t = almacen.obtener(Taller, taller_id)
    localidad = almacen.obtener(Localidad, t["localidad_id"]) if t["localidad_id"] else None
    territorio = comun.territorio(almacen, t["territorio_id"])
    acuerdos = almacen.listar(Acuerdo, taller_id=taller_id)
    acuerdos.sort(key=lambda a: (a["fecha_compromiso"] or "9999", a["texto"], a["id"]))
    asistentes = consultas.asistentes(almacen, taller_id)
    return {
        "territorio": territorio,
        "comuna": comun.nombre_comuna(localidad["cut_comuna"]) if localidad else None,
        "localidad": localidad["nombre"] if localidad else None,
        "taller": {
            c: t[c]
            for c in (
                "titulo",
                "fecha",
                "hora_inicio",
                "hora_termino",
                "lugar",
                "paso",
                "proposito",
                "facilitadores",
                "agenda",
                "discusion",
                "interprete",
                "participan_pueblos_indigenas",
                "posible_afectacion_directa",
                "estado",
            )
        },
        "acuerdos": [
            [a["texto"], a["responsable"], a["fecha_compromiso"], a["estado"]] for a in acuerdos
        ],
        "asistencia": resumen_asistencia(asistentes),
    }


def resumen_asistencia(asistentes: list[dict[str, Any]]) -> dict[str, Any]:
    """Solo conteos: nunca quién se declaró de qué pueblo."""

    def contar(campo: str) -> dict[str, int]:
        return dict(sorted(Counter(a[campo] or comun.SIN_DATO for a in asistentes).items()))

    return {
        "total": len(asistentes),
        "sexo": contar("sexo"),
        "tramo_edad": contar("tramo_edad"),
        "pueblo_originario": contar("pueblo_originario"),
        "afrodescendientes": sum(1 for a in asistentes if a["afrodescendiente"]),
    }


def subtitulo(d: dict[str, Any]) -> str:
    return f"{d['taller']['titulo']} · {comun.fecha(d['taller']['fecha'])}"


def _horario(t: dict[str, Any]) -> str:
    inicio, fin = formato.hora(t["hora_inicio"]), formato.hora(t["hora_termino"])
    if inicio and fin:
        return f"{inicio} a {fin} h"
    return f"{inicio or fin} h" if (inicio or fin) else ""


def _facilitadores(texto: str | None) -> list[str]:
    if not texto:
        return []
    return [n.strip() for n in texto.replace("\n", ";").split(";") if n.strip()]


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    e = es.estilos()
    t = d["taller"]
    paso = PasoCritico(t["paso"])
    salida: list[Flowable] = [
        es.seccion("Identificación"),
        es.ficha(
            [
                *comun.institucion(
                    d["territorio"]["region"],
                    [d["comuna"]] if d["comuna"] else d["territorio"]["comunas"],
                ),
                ("Región", d["territorio"]["region"]),
                ("Territorio", d["territorio"]["nombre"]),
                ("Comuna", d["comuna"] or ", ".join(d["territorio"]["comunas"])),
                ("Localidad", d["localidad"]),
                ("Lugar", t["lugar"]),
                ("Fecha", comun.fecha(t["fecha"])),
                ("Horario", _horario(t)),
                ("Paso crítico", f"{paso.value}. {paso.etiqueta}"),
                ("Componente", paso.componente.etiqueta),
                ("Estado", _estado(t["estado"])),
                ("Intérprete", t["interprete"]),
            ]
        ),
    ]
    if t["participan_pueblos_indigenas"] or t["posible_afectacion_directa"]:
        nota = "Participaron comunidades o personas de pueblos originarios."
        if t["posible_afectacion_directa"]:
            nota += (
                " Se registra una posible afectación directa, para evaluación del Gobierno "
                "Regional (este taller no constituye consulta indígena)."
            )
        salida += [es.espacio(2), es.texto(nota, e.celda)]
    for titulo, campo in (
        ("Propósito", "proposito"),
        ("Agenda", "agenda"),
        ("Discusión", "discusion"),
    ):
        salida += [es.seccion(titulo), es.texto(t[campo] or "Sin registro.")]
    salida.append(es.seccion("Acuerdos y compromisos"))
    if d["acuerdos"]:
        filas = [
            [str(n), texto, resp or "—", comun.fecha(f) or "—", comun.etiqueta(EstadoAcuerdo, est)]
            for n, (texto, resp, f, est) in enumerate(d["acuerdos"], start=1)
        ]
        salida.append(
            es.tabla(
                ["N°", "Acuerdo", "Responsable", "Plazo", "Estado"],
                filas,
                [9 * mm, 88 * mm, 38 * mm, 20 * mm, es.ANCHO_UTIL - 155 * mm],
            )
        )
    else:
        salida.append(es.texto("No se registraron acuerdos."))
    salida += _resumen(d["asistencia"])
    salida.append(comun.bloques_firma_partes(_facilitadores(t["facilitadores"])))
    return salida


def _estado(estado: str) -> str:
    """Qué significa para quien lee el papel, no el nombre interno del estado."""
    if estado == EstadoTaller.CERRADO:
        return "Taller cerrado: esta acta es la versión final"
    return "Borrador: el taller sigue abierto y esta acta puede cambiar"


def _resumen(a: dict[str, Any]) -> list[Flowable]:
    e = es.estilos()
    bloques = []
    for titulo, enum, clave in (
        ("Sexo", Sexo, "sexo"),
        ("Tramo de edad", TramoEdad, "tramo_edad"),
        ("Pueblo originario", PuebloOriginario, "pueblo_originario"),
    ):
        orden = [m.value for m in enum] + [comun.SIN_DATO]
        filas = [
            [comun.etiqueta(enum, k), formato.numero(a[clave][k])] for k in orden if a[clave].get(k)
        ]
        bloques.append(es.tabla([titulo, "Personas"], filas, [38 * mm, 18 * mm], derecha=(1,)))
    grilla = Table([bloques], colWidths=[es.ANCHO_UTIL / 3] * 3)
    grilla.setStyle(
        es.estilo_tabla([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [
        KeepTogether(
            [
                es.seccion("Resumen de asistencia"),
                es.texto(
                    f"Asistieron {formato.numero(a['total'])} personas"
                    + (
                        f"; {formato.numero(a['afrodescendientes'])} se declararon "
                        "afrodescendientes"
                        if a.get("afrodescendientes")
                        else ""
                    )
                    + ". El detalle con nombres y firmas está en la lista de asistencia, anexo "
                    "separable de esta acta porque contiene datos personales.",
                    e.celda,
                ),
                es.espacio(2),
                grilla,
            ]
        )
    ]
