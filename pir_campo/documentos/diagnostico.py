"""Reporte del diagnóstico de capacidad de gestión local: puntajes, nivel y plan.

Los puntajes por sección se recalculan con el instrumento en `recursos/instrumentos` desde
las respuestas guardadas, así el papel muestra cómo se llegó al nivel.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pir_campo import capacidad, formato
from pir_campo.almacen import Almacen
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.errores import ErrorPir
from pir_campo.modelos import AccionPlan, Diagnostico, Organizacion, RespuestaDiagnostico
from pir_campo.modelos.enums import EstadoAccion, NivelCapacidad, TipoOrganizacion

HIJOS = (("respuesta_diagnostico", "diagnostico_id"), ("accion_plan", "diagnostico_id"))


def datos(almacen: Almacen, diagnostico_id: str) -> dict[str, Any]:
    from pir_campo.servicios.envios import activar

    activar(almacen)  # las versiones del instrumento que envió la oficina
    dg = almacen.obtener(Diagnostico, diagnostico_id)
    org = almacen.obtener(Organizacion, dg["organizacion_id"])
    respuestas = almacen.listar(RespuestaDiagnostico, diagnostico_id=diagnostico_id)
    acciones = almacen.listar(AccionPlan, diagnostico_id=diagnostico_id)
    acciones.sort(key=lambda a: (a["fecha_limite"] or "9999", a["accion"], a["id"]))
    return {
        "territorio": comun.territorio(almacen, dg["territorio_id"]),
        "organizacion": [org["nombre"], org["tipo"]],
        "diagnostico": {
            c: dg[c]
            for c in (
                "fecha",
                "instrumento",
                "version_instrumento",
                "puntaje",
                "nivel",
                "observaciones",
            )
        },
        "respuestas": {r["item"]: [r["valor"], r["comentario"]] for r in respuestas},
        "plan": [[a["accion"], a["responsable"], a["fecha_limite"], a["estado"]] for a in acciones],
    }


def subtitulo(d: dict[str, Any]) -> str:
    return f"{d['organizacion'][0]} · {comun.fecha(d['diagnostico']['fecha'])}"


def _instrumento(d: dict[str, Any]) -> capacidad.Instrumento | None:
    """La versión del instrumento con que se respondió el diagnóstico (incluida o recibida)."""
    dg = d["diagnostico"]
    try:
        return capacidad.por_version(dg["instrumento"], dg["version_instrumento"])
    except ErrorPir:
        return None


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    e = es.estilos()
    dg = d["diagnostico"]
    inst = _instrumento(d)
    salida: list[Flowable] = [
        es.seccion("Identificación"),
        es.ficha(
            [
                ("Organización", d["organizacion"][0]),
                ("Tipo", comun.etiqueta(TipoOrganizacion, d["organizacion"][1])),
                ("Región", d["territorio"]["region"]),
                ("Territorio", d["territorio"]["nombre"]),
                ("Fecha", comun.fecha(dg["fecha"])),
                (
                    "Instrumento",
                    f"{inst.nombre if inst else dg['instrumento']}, "
                    f"versión {dg['version_instrumento']}",
                ),
            ]
        ),
        es.seccion("Resultado"),
        es.ficha(
            [
                (
                    "Puntaje",
                    f"{formato.numero(dg['puntaje'], 1)} de 100"
                    if dg["puntaje"] is not None
                    else None,
                ),
                ("Nivel", comun.etiqueta(NivelCapacidad, dg["nivel"])),
            ]
        ),
    ]
    valores = {k: v[0] for k, v in d["respuestas"].items()}
    if inst:
        items = inst.items()
        resultado = capacidad.puntuar(inst, {k: v for k, v in valores.items() if k in items})
        salida += [
            es.espacio(2),
            es.tabla(
                ["Sección", "Peso", "Puntaje (0 a 100)"],
                [
                    [
                        s.nombre,
                        f"{formato.numero(s.peso * 100)} %",
                        formato.numero(resultado.por_seccion[s.codigo], 1),
                    ]
                    for s in inst.secciones
                ],
                [90 * mm, 25 * mm, 40 * mm],
                derecha=(1, 2),
            ),
            es.seccion("Respuestas por ítem"),
        ]
        escala = dict(inst.escala)
        filas = []
        for s in inst.secciones:
            for codigo, texto_item in s.items:
                valor, comentario = d["respuestas"].get(codigo, [None, None])
                respuesta = f"{valor}. {escala.get(valor, '')}" if valor is not None else "—"
                filas.append(
                    [s.nombre, texto_item + (f"\n{comentario}" if comentario else ""), respuesta]
                )
        salida.append(
            es.tabla(
                ["Sección", "Ítem", "Respuesta"],
                filas,
                [42 * mm, 95 * mm, es.ANCHO_UTIL - 137 * mm],
            )
        )
    else:
        salida += [
            es.seccion("Respuestas por ítem"),
            es.texto(
                "El instrumento de esta versión no está instalado; se listan los códigos "
                "de ítem con su respuesta.",
                e.pequeno,
            ),
            es.tabla(
                ["Ítem", "Respuesta"],
                [[k, str(v)] for k, v in sorted(valores.items())],
                [60 * mm, 30 * mm],
                derecha=(1,),
            ),
        ]
    salida += [es.seccion("Observaciones"), es.texto(dg["observaciones"] or "Sin observaciones.")]
    salida.append(es.seccion("Plan de fortalecimiento"))
    if d["plan"]:
        salida.append(
            es.tabla(
                ["N°", "Acción", "Responsable", "Fecha límite", "Estado"],
                [
                    [str(n), a, r or "—", comun.fecha(f) or "—", comun.etiqueta(EstadoAccion, est)]
                    for n, (a, r, f, est) in enumerate(d["plan"], start=1)
                ],
                [9 * mm, 85 * mm, 35 * mm, 25 * mm, es.ANCHO_UTIL - 154 * mm],
            )
        )
    else:
        salida.append(es.texto("El diagnóstico no tiene acciones de fortalecimiento."))
    return salida
