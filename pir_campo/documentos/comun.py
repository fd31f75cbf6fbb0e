"""Piezas compartidas por los documentos: datos del territorio, etiquetas y el bloque de título.

Los datos que se imprimen (y sobre los que se calcula la huella) guardan valores del registro
(códigos, fechas ISO, nombres), no etiquetas: cambiar un rótulo en una versión nueva de la
aplicación no debe hacer parecer «modificado» un papel ya firmado.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Table

from pir_campo import catalogos, formato
from pir_campo.almacen import Almacen
from pir_campo.documentos import estilos as es
from pir_campo.documentos.qr import Sello, dibujo_qr
from pir_campo.modelos import Territorio

SIN_DATO = "sin_dato"
LADO_QR = 30 * mm


def territorio(almacen: Almacen, territorio_id: str) -> dict[str, Any]:
    """Nombre del territorio, su región y sus comunas, como se imprimen en el encabezado."""
    t = almacen.obtener(Territorio, territorio_id)
    cat = catalogos.cargar()
    region = cat.regiones.get(t["cut_region"])
    return {
        "nombre": t["nombre"],
        "region": region.nombre if region else t["cut_region"],
        "comunas": [cat.comunas[c].nombre if c in cat.comunas else c for c in t["comunas"]],
    }


def nombre_comuna(cut: str | None) -> str | None:
    if not cut:
        return None
    comuna = catalogos.cargar().comunas.get(cut)
    return comuna.nombre if comuna else cut


def etiqueta(enum: type[Enum], valor: Any, vacio: str = "Sin dato") -> str:
    """Etiqueta en español de un código guardado; «Sin dato» si falta."""
    if valor in (None, SIN_DATO):
        return vacio
    try:
        miembro = enum(valor)
    except ValueError:
        return str(valor)
    return str(getattr(miembro, "etiqueta", valor))


def fecha(valor: str | None) -> str:
    return formato.fecha(valor) if valor else ""


def monto_m(valor: float | None, unidad: str | None, valor_uf: float | None) -> float | None:
    """Monto en miles de pesos: en pesos directo; en UF, con el valor de la UF registrado."""
    if valor is None:
        return None
    if unidad == "UF":
        return None if valor_uf is None else valor * valor_uf / 1000
    return valor / 1000


def m_pesos(valor_miles: float | None) -> str:
    return "" if valor_miles is None else formato.numero(round(valor_miles))


def bloque_titulo(titulo: str, subtitulo: str, sello: Sello, codigo: str) -> Flowable:
    """Título del documento a la izquierda y el QR con el código corto a la derecha."""
    e = es.estilos()
    izquierda = [
        es.texto(titulo, e.titulo),
        es.texto(subtitulo, e.subtitulo),
        es.espacio(1.5),
        es.texto(es.PROGRAMA, e.pequeno),
    ]
    derecha = [
        dibujo_qr(sello.texto(), LADO_QR),
        es.texto(f"Código {codigo}", e.centrado),
        es.texto(f"Huella {sello.corta}", e.centrado),
    ]
    t = Table([[izquierda, derecha]], colWidths=[es.ANCHO_UTIL - 40 * mm, 40 * mm])
    t.setStyle(
        es.estilo_tabla(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, es.GRIS),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


def linea_aprobacion(texto: str) -> Flowable:
    """«Aprobado por Pía Soto el 01-12-2026 18:05 (oficina regional)» bajo el título."""
    e = es.estilos()
    return es.texto(f"{texto} (revisión de la oficina regional).", e.etiqueta)


def lineas_firma(personas: list[tuple[str, str]], por_fila: int = 2) -> Flowable:
    """Una línea para firmar por persona, con su nombre y su rol debajo."""
    e = es.estilos()
    ancho = es.ANCHO_UTIL / por_fila
    celdas = [
        [
            es.espacio(16),
            HRFlowable(width="100%", thickness=0.6, color=es.GRIS, spaceAfter=2),
            es.texto(nombre, e.centrado),
            es.texto(rol, e.pequeno_centrado),
        ]
        for nombre, rol in personas
    ]
    filas = [celdas[i : i + por_fila] for i in range(0, len(celdas), por_fila)]
    if filas and len(filas[-1]) < por_fila:
        filas[-1] += [""] * (por_fila - len(filas[-1]))
    if not filas:
        return es.espacio(0)
    t = Table(filas, colWidths=[ancho] * por_fila)
    comandos = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10 * mm / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10 * mm / 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    t.setStyle(es.estilo_tabla(comandos))
    return t


def institucion(region: str, comunas: list[str]) -> list[tuple[str, str]]:
    """Quiénes convocan: el Gobierno Regional y la o las municipalidades del territorio.

    Se deriva de la región y las comunas ya impresas (no entra a la huella del papel)."""
    municipios = ", ".join(f"Municipalidad de {c}" for c in comunas[:3] if c)
    filas = [("Institución", f"Gobierno Regional de {region} · SUBDERE, Programa PIRDT")]
    if municipios:
        filas.append(("Municipio", municipios + ("…" if len(comunas) > 3 else "")))
    return filas


def bloques_firma_partes(facilitadores: list[str]) -> Flowable:
    """Las dos partes del taller firman: la comunidad y el sector público (con quien facilitó).

    Van juntas en una hoja: nunca una sola línea de firma sola en la página siguiente."""
    comunidad = [("Nombre, cargo y organización", "Por la comunidad")] * 2
    publico = [(n, "Por el sector público · facilitador(a)") for n in facilitadores]
    publico += [("Nombre, cargo e institución", "Por el sector público")] * max(0, 2 - len(publico))
    return KeepTogether(
        [
            es.seccion("Firmas"),
            es.texto("Representantes de la comunidad", es.estilos().celda),
            lineas_firma(comunidad),
            es.texto("Representantes del sector público", es.estilos().celda),
            lineas_firma(publico),
        ]
    )
