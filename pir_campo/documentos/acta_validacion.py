"""Acta de validación (pacto territorial, paso 2, o validación del PMDT, paso 5).

Un bloque de firma por firmante, agrupados por parte; las adendas se listan al final porque
un acta firmada no cambia: lo posterior se agrega como adenda.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table

from pir_campo import formato, rut
from pir_campo.almacen import Almacen
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.modelos import ActaValidacion, Adenda, Firmante, Pmdt, Taller
from pir_campo.modelos.enums import DecisionActa, EstadoActa, LadoFirmante, TipoActa

HIJOS = (("firmante", "acta_id"), ("adenda", "acta_id"))


def datos(almacen: Almacen, acta_id: str) -> dict[str, Any]:
    a = almacen.obtener(ActaValidacion, acta_id)
    taller = almacen.obtener(Taller, a["taller_id"]) if a["taller_id"] else None
    pmdt = almacen.obtener(Pmdt, a["pmdt_id"]) if a["pmdt_id"] else None
    firmantes = almacen.listar(Firmante, acta_id=acta_id)
    orden_lado = {m.value: i for i, m in enumerate(LadoFirmante)}
    firmantes.sort(key=lambda f: (orden_lado.get(f["lado"], 9), f["nombre"], f["id"]))
    adendas = sorted(almacen.listar(Adenda, acta_id=acta_id), key=lambda x: (x["fecha"], x["id"]))
    return {
        "territorio": comun.territorio(almacen, a["territorio_id"]),
        "acta": {
            c: a[c]
            for c in (
                "tipo",
                "fecha",
                "lugar",
                "decision",
                "votos_favor",
                "votos_contra",
                "abstenciones",
                "condiciones",
                "estado",
            )
        },
        "taller": [taller["titulo"], taller["fecha"]] if taller else None,
        "pmdt": [pmdt["version"], pmdt["fecha"]] if pmdt else None,
        "firmantes": [
            [f["lado"], f["nombre"], f["rut"], f["institucion"], f["cargo"]] for f in firmantes
        ],
        "adendas": [[x["fecha"], x["texto"]] for x in adendas],
    }


def subtitulo(d: dict[str, Any]) -> str:
    tipo = comun.etiqueta(TipoActa, d["acta"]["tipo"])
    return f"{tipo} · {d['territorio']['nombre']} · {comun.fecha(d['acta']['fecha'])}"


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    e = es.estilos()
    a = d["acta"]
    origen = []
    if d["taller"]:
        origen.append(("Taller de origen", f"{d['taller'][0]} ({comun.fecha(d['taller'][1])})"))
    if d["pmdt"]:
        origen.append(("PMDT validado", f"Versión {d['pmdt'][0]} del {comun.fecha(d['pmdt'][1])}"))
    salida: list[Flowable] = [
        es.seccion("Identificación"),
        es.ficha(
            [
                ("Tipo de acta", comun.etiqueta(TipoActa, a["tipo"])),
                ("Estado", comun.etiqueta(EstadoActa, a["estado"])),
                ("Región", d["territorio"]["region"]),
                ("Territorio", d["territorio"]["nombre"]),
                ("Comunas", ", ".join(d["territorio"]["comunas"])),
                ("Fecha", comun.fecha(a["fecha"])),
                ("Lugar", a["lugar"]),
                *origen,
            ]
        ),
        es.seccion("Partes"),
        es.texto(_partes(d["firmantes"]), e.normal),
        es.seccion("Decisión"),
        es.texto(comun.etiqueta(DecisionActa, a["decision"]), e.etiqueta),
        es.espacio(1.5),
        es.tabla(
            ["Votos a favor", "Votos en contra", "Abstenciones", "Total"],
            [
                [
                    formato.numero(v)
                    for v in (
                        a["votos_favor"],
                        a["votos_contra"],
                        a["abstenciones"],
                        a["votos_favor"] + a["votos_contra"] + a["abstenciones"],
                    )
                ]
            ],
            [30 * mm] * 4,
            derecha=(0, 1, 2, 3),
        ),
        es.seccion("Condiciones"),
        es.texto(a["condiciones"] or "Sin condiciones."),
    ]
    salida.append(es.seccion("Firmas"))
    for lado in LadoFirmante:
        del_lado = [f for f in d["firmantes"] if f[0] == lado.value]
        if del_lado:
            salida.append(es.texto(f"Por {lado.etiqueta.lower()}", e.etiqueta))
            salida += [_bloque_firma(f) for f in del_lado]
    if not d["firmantes"]:
        salida.append(es.texto("El acta no tiene firmantes registrados."))
    salida.append(es.seccion("Adendas"))
    if d["adendas"]:
        for n, (f, texto) in enumerate(d["adendas"], start=1):
            salida += [
                es.texto(f"Adenda {n}, del {comun.fecha(f)}", e.etiqueta),
                es.texto(texto),
                es.espacio(1.5),
            ]
    else:
        salida.append(es.texto("El acta no tiene adendas."))
    return salida


def _partes(firmantes: list[list[Any]]) -> str:
    partes = []
    for lado in LadoFirmante:
        inst = sorted({f[3] for f in firmantes if f[0] == lado.value and f[3]})
        if inst:
            partes.append(f"{lado.etiqueta}: {', '.join(inst)}.")
    return " ".join(partes) or "Sin partes registradas."


def _bloque_firma(f: list[Any]) -> Flowable:
    """Nombre, RUT, institución y cargo a la izquierda; espacio para firmar a la derecha."""
    e = es.estilos()
    _, nombre, r, institucion, cargo = f
    datos_firmante = [
        es.texto(nombre, e.celda_negrita),
        es.texto(f"RUT {rut.formatear(r)}" if r else "RUT no registrado", e.celda),
        es.texto(" · ".join(x for x in (cargo, institucion) if x) or "—", e.celda),
    ]
    ancho_firma = 75 * mm
    t = Table(
        [[datos_firmante, [es.espacio(12), es.texto("Firma", e.pequeno_centrado)]]],
        colWidths=[es.ANCHO_UTIL - ancho_firma, ancho_firma],
    )
    t.setStyle(
        es.estilo_tabla(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, es.GRIS),
                ("LINEBEFORE", (1, 0), (1, 0), 0.5, es.GRIS),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return KeepTogether([t, es.espacio(1.5)])
