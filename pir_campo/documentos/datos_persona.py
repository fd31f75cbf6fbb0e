"""«Sus datos en el programa»: respuesta a una solicitud de acceso (Ley 21.719), dirigida a la
persona, con todo lo que la instalación guarda de ella (ver `servicios.derechos`)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es

HIJOS = (("asistencia", "persona_id"),)
AVISO = "Contiene datos personales: entréguelo solo a la persona o a quien ella autorice."


def datos(almacen: Almacen, persona_id: str) -> dict[str, Any]:
    from pir_campo.servicios import derechos

    d = derechos.datos_persona(almacen, persona_id)
    d.pop("emitido")  # la fecha de emisión no cambia la huella: va en el pie del lienzo
    return d


def subtitulo(d: dict[str, Any]) -> str:
    return d["persona"]["nombre"]


def _tabla(
    titulo: str, vacio: str, encabezado: list[str], filas: list[list[Any]], anchos_mm: list[float]
) -> list[Flowable]:
    e = es.estilos()
    # Un título nunca queda solo al pie de la página.
    cabeza = [CondPageBreak(30 * mm), es.seccion(titulo)]
    if not filas:
        return [*cabeza, es.texto(vacio, e.celda)]
    anchos = [a * mm for a in anchos_mm]
    anchos[-1] = es.ANCHO_UTIL - sum(anchos[:-1])
    return [*cabeza, es.tabla(encabezado, filas, anchos)]


def _quien(persona: str | None, instalacion: str | None, cuando: str | None) -> str:
    """«Ana Pérez (Notebook 3), el 01-12-2026 22:02», sin repetir la instalación si es ella."""
    texto = persona or ""
    if instalacion and instalacion != persona:
        texto += f" ({instalacion})"
    return f"{texto}, el {cuando}" if cuando else texto


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    e = es.estilos()
    p = d["persona"]
    registrada = _quien(p["registrada_por"], p["registrada_en"], p["registrada_el"])
    salida: list[Flowable] = [
        es.texto(
            f"Estimada persona: este documento reúne todos los datos que el programa guarda de "
            f"usted en la instalación «{d['instalacion']}». {d['derechos']}",
            e.normal,
        ),
        es.seccion("Sus datos personales"),
        es.ficha(
            [
                ("Nombre completo", p["nombre"]),
                ("RUT", p["rut"]),
                ("Sexo", p["sexo"]),
                ("Tramo de edad", p["tramo_edad"]),
                ("Pueblo originario", p["pueblo_originario"]),
                ("Afrodescendiente", p["afrodescendiente"]),
                ("Teléfono", p["telefono"]),
                ("Organización", p["organizacion"]),
                ("Territorio", p["territorio"]),
                ("Región", p["region"]),
                ("Registrada por", registrada),
            ],
            columnas=1,
        ),
    ]
    if p["fusionada_con"]:
        salida.append(
            es.texto(
                "Sus datos estaban registrados más de una vez y se juntaron en uno solo: se "
                "incluye aquí lo que guardaba cada registro.",
                e.pequeno,
            )
        )
    salida += _tabla(
        "Su consentimiento para datos sensibles",
        "No ha dado consentimiento: su pueblo originario y si es afrodescendiente no se anotan.",
        ["Fecha", "Cómo lo dio", "Testigo", "Aviso de privacidad", "En el taller"],
        [
            [
                comun.fecha(c["fecha"]),
                c["forma"],
                c["testigo"] or "",
                f"versión {c['version_aviso']}",
                c["taller"] or "",
            ]
            for c in d.get("consentimientos", [])
        ],
        [21, 50, 34, 30, 0],
    )
    a = d["asistencias"]
    salida += _tabla(
        f"Talleres a los que asistió ({formato.cantidad(len(a), 'taller')})",
        "No figura en la asistencia de ningún taller.",
        ["Fecha", "Taller", "Lugar", "Cargo u organización", "Firmó", "Registrada por"],
        [
            [
                comun.fecha(x["fecha"]),
                x["taller"],
                x["lugar"] or "",
                " · ".join(v for v in (x["cargo"], x["organizacion"]) if v),
                x["firmo"] or "",
                _quien(x["registrada_por"], None, x["registrada_el"]),
            ]
            for x in a
        ],
        [21, 44, 36, 28, 13, 0],
    )
    salida += _tabla(
        "Actas que firmó",
        "No figura como firmante de actas de validación.",
        ["Fecha", "Acta", "Parte", "Institución y cargo", "Estado"],
        [
            [
                comun.fecha(f["fecha"]),
                f["acta"],
                f["parte"],
                " · ".join(v for v in (f["institucion"], f["cargo"]) if v),
                f["estado"],
            ]
            for f in d["firmas"]
        ],
        [21, 44, 26, 50, 0],
    )
    salida += _tabla(
        "Acuerdos a su cargo",
        "No figura como responsable de acuerdos de talleres.",
        ["Taller", "Acuerdo", "Compromiso", "Estado"],
        [
            [
                f"{c['taller']} ({comun.fecha(c['fecha_taller'])})",
                c["acuerdo"],
                comun.fecha(c["fecha_compromiso"]),
                c["estado"],
            ]
            for c in d["acuerdos"]
        ],
        [44, 80, 22, 0],
    )
    salida += _tabla(
        "Archivos adjuntos donde puede aparecer",
        "No hay archivos adjuntos de usted ni de los talleres a los que asistió.",
        ["Archivo", "Clase", "De"],
        [[x["archivo"], x["clase"], x["de"]] for x in d["adjuntos"]],
        [70, 50, 0],
    )
    salida += _tabla(
        "Correcciones hechas a sus datos",
        "Sus datos no se han corregido desde que se registraron.",
        ["Fecha", "Dato", "Antes", "Después", "Por"],
        [
            [c["cuando"], c["campo"], c["antes"] or "—", c["despues"] or "—", c["por"]]
            for c in d["correcciones"]
        ],
        [28, 30, 40, 40, 0],
    )
    salida += [
        es.seccion("Quién trata sus datos y para qué"),
        es.texto(d["responsable"], e.normal),
        es.espacio(1.5),
        *[es.texto(f"• {f}", e.normal) for f in d["finalidades"]],
        es.espacio(1.5),
        es.texto(f"Base de licitud: {d['base_licitud']}", e.normal),
    ]
    return salida
