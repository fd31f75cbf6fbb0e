"""Informe regional de avance: los territorios de la región por los ocho pasos, los gráficos de
la pantalla de inicio con sus números, el mapa referencial, la fecha y el corte de los datos
(el último paquete recibido de cada notebook). Todo vectorial (reportlab.graphics).

No es el documento de un registro: no lleva QR ni se verifica, pero sí una huella de sus datos
en el pie para reconocer dos copias del mismo corte.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, SimpleDocTemplate

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.documentos import estilos as es
from pir_campo.documentos import generar, graficos
from pir_campo.documentos.qr import huella, huella_corta
from pir_campo.errores import ErrorDocumento

TITULO = "Informe regional de avance"


def datos(almacen: Almacen, cut_region: str | None = None, hoy: dt.date | None = None) -> dict:
    """Lo que se imprime, en listas simples (la huella del pie se calcula sobre esto)."""
    from pir_campo import catalogos
    from pir_campo.servicios import inicio

    if cut_region and cut_region not in catalogos.cargar().regiones:
        raise ErrorDocumento(f"No existe la región con código «{cut_region}» en el catálogo.")
    d = inicio.oficina(almacen, cut_region, hoy)
    return {
        "region": d.nombre_region,
        "cut_region": d.region,
        "fecha": d.hoy.isoformat(),
        "instalacion": almacen.nombre,
        "rol": almacen.rol,
        "territorios": [
            [
                f.nombre,
                f.paso_actual,
                [[p.numero, p.etiqueta, p.estado, p.detalle] for p in f.pasos],
            ]
            for f in d.pasos
        ],
        "graficos": [
            {
                "titulo": g.titulo,
                "categorias": g.categorias,
                "series": [[n, list(v)] for n, v in g.series],
                "unidad": g.unidad,
                "horizontal": g.horizontal,
                "decimales": g.decimales,
                "nota": g.nota,
            }
            for g in d.graficos
        ],
        "mapa": inicio.mapa_en_listas(d.mapa),
        "dispositivos": [
            [x["nombre"], x["ultimo_paquete"], x["recibido_el"], ", ".join(x["huecos"])]
            for x in d.dispositivos
        ],
    }


def _tabla_grafico(g: dict[str, Any]) -> Flowable:
    n = len(g["series"])
    encabezado = ["", *[s[0] for s in g["series"]]] + (["Total"] if n > 1 else [])
    filas = []
    for i, c in enumerate(g["categorias"]):
        valores = [s[1][i] for s in g["series"]]
        fila = [c, *[formato.numero(v, g["decimales"]) for v in valores]]
        if n > 1:
            fila.append(formato.numero(sum(valores), g["decimales"]))
        filas.append(fila)
    columnas = len(encabezado)
    return es.tabla(
        encabezado, filas, _anchos_grafico(encabezado, filas), derecha=tuple(range(1, columnas))
    )


def _anchos_grafico(encabezado: list[str], filas: list[list[str]]) -> list[float]:
    """La primera columna (las categorías) a la medida de su texto más largo, hasta 42 mm, y
    las de números iguales entre sí; si así alguna no alcanza para la palabra más larga de su
    encabezado («Prefactibilidad») o sus cifras, cada una lleva eso más una parte igual de lo
    que sobra (si ni así caben, partes iguales y el encabezado baja de tamaño en es.tabla)."""
    relleno = 2 * es.RELLENO_CELDA + 1

    def ancho(texto: str, fuente: str) -> float:
        return max((stringWidth(p, fuente, es.TAMANO_CELDA) for p in texto.split()), default=0)

    textos = [stringWidth(f[0], es.FUENTE, es.TAMANO_CELDA) for f in filas]
    primera = min(42 * mm, max(textos, default=0) + relleno)
    minimos = [
        max(ancho(t, es.FUENTE_NEGRITA), *(ancho(f[i], es.FUENTE) for f in filas)) + relleno
        for i, t in enumerate(encabezado[1:], start=1)
    ]
    disponible = es.ANCHO_UTIL - primera
    sobra = disponible - sum(minimos)
    if max(minimos) * len(minimos) <= disponible or sobra < 0:
        return [primera] + [disponible / len(minimos)] * len(minimos)
    return [primera] + [m + sobra / len(minimos) for m in minimos]


def historia(d: dict[str, Any]) -> list[Flowable]:
    e = es.estilos()
    corte = [x for x in d["dispositivos"] if x[1]]
    salida: list[Flowable] = [
        es.texto(TITULO, e.titulo),
        es.texto(f"Región de {d['region']} · {formato.fecha(d['fecha'])}", e.subtitulo),
        es.texto(es.PROGRAMA, e.pequeno),
        es.espacio(2),
        es.seccion("Corte de los datos"),
    ]
    if corte:
        salida.append(
            es.texto(
                "Los datos incluyen lo recibido de cada notebook hasta su último paquete "
                "importado en esta oficina:"
            )
        )
        salida.append(
            es.tabla(
                ["Notebook", "Último paquete", "Recibido el", "Huecos"],
                [[n, u, r, h or "Sin huecos"] for n, u, r, h in d["dispositivos"]],
                [62 * mm, 36 * mm, 36 * mm, es.ANCHO_UTIL - 134 * mm],
            )
        )
    elif d["rol"] == "oficina":
        salida.append(es.texto("Esta oficina aún no recibe paquetes de ningún notebook."))
    else:
        salida.append(es.texto(f"Datos de la instalación «{d['instalacion']}»."))
    salida.append(es.seccion("Territorios por paso crítico"))
    if d["territorios"]:
        estilo_extra = []
        for fila, (_n, _a, pasos) in enumerate(d["territorios"], start=1):
            for col, p in enumerate(pasos, start=1):
                color = graficos.FONDOS_PASO.get(p[2], "#ececec")
                estilo_extra.append(("BACKGROUND", (col, fila), (col, fila), _color(color)))
        salida.append(
            es.tabla(
                ["Territorio", *[f"Paso {i}" for i in range(1, 9)]],
                [[n, *[p[2] for p in pasos]] for n, _a, pasos in d["territorios"]],
                [42 * mm] + [(es.ANCHO_UTIL - 42 * mm) / 8] * 8,
                estilo_extra=estilo_extra,
            )
        )
        salida.append(
            es.texto(
                "Cumplido, En curso o Pendiente según el seguimiento (paso 8) de cada territorio.",
                e.pequeno,
            )
        )
    else:
        salida.append(es.texto("La región no tiene territorios registrados."))
    salida.append(CondPageBreak(110 * mm))
    salida.append(es.seccion("Mapa de la región (referencial)"))
    if d["mapa"]["puntos"]:
        salida.append(graficos.mapa(d["mapa"], es.ANCHO_UTIL, 110 * mm))
    else:
        salida.append(es.texto("Ninguna localidad ni necesidad tiene coordenadas registradas."))
    for g in d["graficos"]:
        bloque: list[Flowable] = [
            es.espacio(3),
            graficos.barras(
                g["titulo"],
                g["categorias"],
                [(n, v) for n, v in g["series"]],
                es.ANCHO_UTIL,
                g["horizontal"],
                g["unidad"],
            ),
        ]
        if g["categorias"]:
            bloque.append(_tabla_grafico(g))
        if g["nota"]:
            bloque.append(es.texto(g["nota"], e.pequeno))
        salida.append(KeepTogether(bloque))
    return salida


def _color(hexa: str):
    from reportlab.lib import colors

    return colors.HexColor(hexa)


def construir(almacen: Almacen, cut_region: str | None = None, hoy: dt.date | None = None) -> bytes:
    return dibujar(datos(almacen, cut_region, hoy))


def dibujar(d: dict[str, Any]) -> bytes:
    es.registrar_fuentes()
    memoria = io.BytesIO()
    documento = SimpleDocTemplate(
        memoria,
        pagesize=es.PAGINA,
        leftMargin=es.MARGEN_IZQ,
        rightMargin=es.MARGEN_DER,
        topMargin=es.MARGEN_SUP,
        bottomMargin=es.MARGEN_INF,
        title=f"{TITULO}: Región de {d['region']}",
        author="PIR Campo",
        subject=f"{TITULO} al {formato.fecha(d['fecha'])}",
        creator="PIR Campo",
        lang="es-CL",
        invariant=1,
    )
    codigo = f"IR-{d['cut_region'] or 'TODAS'}-{d['fecha']}"
    pie = es.Pie(TITULO, codigo, huella_corta(huella(d)), "Mapas referenciales: sin valor oficial")
    documento.build(historia(d), canvasmaker=es.fabrica_lienzo(pie))
    return memoria.getvalue()


def generar_informe(
    almacen: Almacen, salida: Path, cut_region: str | None = None, hoy: dt.date | None = None
) -> Path:
    """Revisa la salida antes de trabajar, arma el informe y lo escribe sin dejar parciales."""
    generar.comprobar_salida(Path(salida))
    return generar.escribir_pdf(construir(almacen, cut_region, hoy), Path(salida))
