"""Resumen del PMDT: visión, ejes productivos, modelo de gestión y la cartera en M$.

Los montos en UF se muestran como UF y, aparte, su equivalente en M$ con el valor y la fecha de
la UF registrados: nunca se convierten en silencio.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.modelos import Iniciativa, Pmdt
from pir_campo.modelos.enums import EstadoPmdt, EtapaProyecto, Tipologia

HIJOS = (("iniciativa", "pmdt_id"),)


def datos(almacen: Almacen, pmdt_id: str) -> dict[str, Any]:
    p = almacen.obtener(Pmdt, pmdt_id)
    cartera = sorted(
        almacen.listar(Iniciativa, pmdt_id=pmdt_id), key=lambda i: (i["orden"], i["id"])
    )
    return {
        "territorio": comun.territorio(almacen, p["territorio_id"]),
        "pmdt": {
            c: p[c]
            for c in (
                "version",
                "fecha",
                "estado",
                "vision",
                "diagnostico",
                "ejes_productivos",
                "modelo_gestion",
            )
        },
        "cartera": [
            {
                c: i[c]
                for c in (
                    "orden",
                    "nombre",
                    "tipologia",
                    "etapa",
                    "costo",
                    "unidad_costo",
                    "valor_uf",
                    "fecha_uf",
                    "institucion_responsable",
                    "fuente_financiamiento",
                    "codigo_bip",
                )
            }
            for i in cartera
        ],
    }


def subtitulo(d: dict[str, Any]) -> str:
    p = d["pmdt"]
    return f"{d['territorio']['nombre']} · versión {p['version']} del {comun.fecha(p['fecha'])}"


def _costo(i: dict[str, Any]) -> str:
    if i["costo"] is None:
        return "—"
    miles = comun.monto_m(i["costo"], i["unidad_costo"], i["valor_uf"])
    if i["unidad_costo"] == "UF":
        linea = formato.uf(i["costo"])
        if miles is None:
            return f"{linea}\n(sin valor UF)"
        return f"{comun.m_pesos(miles)}\n({linea} al {comun.fecha(i['fecha_uf'])})"
    return comun.m_pesos(miles)


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    e = es.estilos()
    p = d["pmdt"]
    salida: list[Flowable] = [
        es.seccion("Identificación"),
        es.ficha(
            [
                ("Región", d["territorio"]["region"]),
                ("Territorio", d["territorio"]["nombre"]),
                ("Comunas", ", ".join(d["territorio"]["comunas"])),
                ("Versión", str(p["version"])),
                ("Fecha", comun.fecha(p["fecha"])),
                ("Estado", comun.etiqueta(EstadoPmdt, p["estado"])),
            ]
        ),
        es.seccion("Visión"),
        es.texto(p["vision"] or "Sin registro."),
        es.seccion("Ejes productivos"),
    ]
    if p["ejes_productivos"]:
        salida += [es.texto(f"• {eje}") for eje in p["ejes_productivos"]]
    else:
        salida.append(es.texto("Sin ejes registrados."))
    salida += [
        es.seccion("Resumen del diagnóstico"),
        es.texto(p["diagnostico"] or "Sin registro."),
        es.seccion("Modelo de gestión"),
        es.texto(p["modelo_gestion"] or "Sin registro."),
        es.seccion("Cartera de iniciativas"),
    ]
    cartera = d["cartera"]
    if not cartera:
        salida.append(es.texto("La cartera no tiene iniciativas."))
        return salida
    filas = [
        [
            str(i["orden"]),
            i["nombre"] + (f"\nBIP {i['codigo_bip']}" if i["codigo_bip"] else ""),
            comun.etiqueta(Tipologia, i["tipologia"]),
            comun.etiqueta(EtapaProyecto, i["etapa"]),
            " / ".join(x for x in (i["institucion_responsable"], i["fuente_financiamiento"]) if x)
            or "—",
            _costo(i),
        ]
        for i in cartera
    ]
    montos = [comun.monto_m(i["costo"], i["unidad_costo"], i["valor_uf"]) for i in cartera]
    total = sum(m for m in montos if m is not None)
    filas.append(["", "Total de la cartera", "", "", "", comun.m_pesos(total)])
    salida.append(
        es.tabla(
            ["N°", "Iniciativa", "Tipología", "Etapa", "Responsable / fuente", "Costo (M$)"],
            filas,
            [9 * mm, 47 * mm, 30 * mm, 26 * mm, 30 * mm, es.ANCHO_UTIL - 142 * mm],
            derecha=(0, 5),
            estilo_extra=[("FONT", (0, -1), (-1, -1), es.FUENTE_NEGRITA, 8.5)],
        )
    )
    if any(i["unidad_costo"] == "UF" for i in cartera):
        salida.append(
            es.texto(
                "Los costos en UF se expresan en M$ con el valor de la UF registrado en cada "
                "iniciativa, indicado entre paréntesis.",
                e.pequeno,
            )
        )
    return salida
