"""Ficha de territorio: datos generales, indicadores, localidades, necesidades y avance."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import comun, graficos
from pir_campo.documentos import estilos as es
from pir_campo.modelos import IndicadorTerritorio, Localidad, Necesidad, Territorio
from pir_campo.modelos.enums import EstadoTerritorio, Indicador, PasoCritico, Tipologia

HIJOS = (
    ("indicador_territorio", "territorio_id"),
    ("localidad", "territorio_id"),
    ("necesidad", "territorio_id"),
    ("organizacion", "territorio_id"),
    ("taller", "territorio_id"),
)


def datos(almacen: Almacen, territorio_id: str) -> dict[str, Any]:
    from pir_campo.planificacion import seguimiento
    from pir_campo.servicios import inicio

    t = almacen.obtener(Territorio, territorio_id)
    localidades = sorted(
        almacen.listar(Localidad, territorio_id=territorio_id), key=lambda x: (x["nombre"], x["id"])
    )
    por_tipo: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0])
    for n in almacen.listar(Necesidad, territorio_id=territorio_id):
        fila = por_tipo[n["tipologia"]]
        fila[0] += 1
        fila[1] += n["hogares"] or 0
        miles = comun.monto_m(n["costo"], n["unidad_costo"], n["valor_uf"])
        fila[2] += miles or 0
        fila[3] += n["costo"] is not None and miles is None
    return {
        "territorio": comun.territorio(almacen, territorio_id),
        "ficha": {
            c: t[c]
            for c in (
                "descripcion",
                "poblacion",
                "hogares",
                "superficie_km2",
                "comunidades_indigenas",
                "actividades_productivas",
                "servicios_existentes",
                "estado",
            )
        },
        "localidades": [
            [
                x["nombre"],
                comun.nombre_comuna(x["cut_comuna"]),
                x["latitud"],
                x["longitud"],
                x["poblacion"],
                x["hogares"],
            ]
            for x in localidades
        ],
        "necesidades": {
            k: [int(v[0]), int(v[1]), round(v[2]), int(v[3])] for k, v in sorted(por_tipo.items())
        },
        "seleccion": [
            [x["indicador"], x["tipologia"], x["valor"], x["unidad"], x["fuente"], x["anio"]]
            for x in sorted(
                almacen.listar(IndicadorTerritorio, territorio_id=territorio_id),
                key=lambda x: (x["indicador"], x["tipologia"] or "", x["anio"], x["id"]),
            )
        ],
        "organizaciones": consultas.conteo_por_territorio(almacen, "organizacion", territorio_id),
        "pasos": [list(p) for p in consultas.pasos_de_talleres(almacen, territorio_id)],
        "mapa": inicio.mapa_en_listas(inicio.mapa(almacen, [territorio_id])),
        "estado_pasos": [
            [p.numero, p.etiqueta, p.estado]
            for p in seguimiento.territorio(almacen, territorio_id).pasos
        ],
    }


def subtitulo(d: dict[str, Any]) -> str:
    return f"{d['territorio']['nombre']} · Región de {d['territorio']['region']}"


def _coordenada(valor: float | None) -> str:
    return "" if valor is None else formato.numero(valor, 5)


def historia(d: dict[str, Any], **_: Any) -> list[Flowable]:
    f = d["ficha"]
    densidad = (
        formato.numero(f["poblacion"] / f["superficie_km2"], 1)
        if f["poblacion"] and f["superficie_km2"]
        else None
    )
    hogares_loc = sum(x[5] or 0 for x in d["localidades"])
    salida: list[Flowable] = [
        es.seccion("Datos generales"),
        es.ficha(
            [
                ("Región", d["territorio"]["region"]),
                ("Comunas", ", ".join(d["territorio"]["comunas"])),
                ("Estado de selección", comun.etiqueta(EstadoTerritorio, f["estado"])),
                ("Organizaciones", formato.numero(d["organizaciones"])),
                ("Comunidades indígenas", f["comunidades_indigenas"]),
                ("Actividades productivas", f["actividades_productivas"]),
                ("Servicios existentes", f["servicios_existentes"]),
            ],
            columnas=1,
        ),
        es.seccion("Descripción"),
        es.texto(f["descripcion"] or "Sin descripción."),
        es.seccion("Indicadores"),
        es.tabla(
            ["Indicador", "Valor"],
            [
                ["Población", formato.numero(f["poblacion"]) or "—"],
                ["Hogares", formato.numero(f["hogares"]) or "—"],
                ["Superficie (km²)", formato.numero(f["superficie_km2"], 1) or "—"],
                ["Densidad (hab./km²)", densidad or "—"],
                ["Localidades registradas", formato.numero(len(d["localidades"]))],
                ["Hogares en localidades registradas", formato.numero(hogares_loc)],
            ],
            [70 * mm, 35 * mm],
            derecha=(1,),
        ),
        es.seccion("Indicadores de selección (paso 1)"),
    ]
    if d["seleccion"]:
        salida.append(
            es.tabla(
                ["Indicador", "Valor", "Fuente", "Año"],
                [
                    [
                        comun.etiqueta(Indicador, ind)
                        + (f": {comun.etiqueta(Tipologia, tip)}" if tip else ""),
                        f"{formato.numero(valor, 0 if float(valor).is_integer() else 1)} {unidad}",
                        fuente,
                        str(anio),
                    ]
                    for ind, tip, valor, unidad, fuente, anio in d["seleccion"]
                ],
                [62 * mm, 58 * mm, es.ANCHO_UTIL - 138 * mm, 18 * mm],
                derecha=(1, 3),
            )
        )
    else:
        salida.append(es.texto("No hay indicadores de selección registrados."))
    salida.append(es.seccion("Localidades"))
    if d["localidades"]:
        salida.append(
            es.tabla(
                ["Localidad", "Comuna", "Latitud", "Longitud", "Población", "Hogares"],
                [
                    [
                        x[0],
                        x[1],
                        _coordenada(x[2]),
                        _coordenada(x[3]),
                        formato.numero(x[4]),
                        formato.numero(x[5]),
                    ]
                    for x in d["localidades"]
                ],
                [48 * mm, 36 * mm, 24 * mm, 24 * mm, 24 * mm, es.ANCHO_UTIL - 156 * mm],
                derecha=(2, 3, 4, 5),
            )
        )
    else:
        salida.append(es.texto("No hay localidades registradas."))
    salida.append(es.seccion("Mapa de localidades y necesidades (referencial)"))
    if d["mapa"]["puntos"]:
        salida.append(graficos.mapa(d["mapa"], es.ANCHO_UTIL, 95 * mm))
    else:
        salida.append(es.texto("Ninguna localidad ni necesidad tiene coordenadas registradas."))
    salida.append(es.seccion("Necesidades de infraestructura por tipología"))
    if d["necesidades"]:
        orden = [t.value for t in Tipologia]
        filas = [
            [
                comun.etiqueta(Tipologia, k),
                formato.numero(v[0]),
                formato.numero(v[1]),
                comun.m_pesos(v[2]) + (" *" if v[3] else ""),
            ]
            for k in orden
            if (v := d["necesidades"].get(k))
        ]
        total = [sum(v[i] for v in d["necesidades"].values()) for i in range(3)]
        filas.append(
            ["Total", formato.numero(total[0]), formato.numero(total[1]), comun.m_pesos(total[2])]
        )
        salida.append(
            es.tabla(
                ["Tipología", "Necesidades", "Hogares", "Costo estimado (M$)"],
                filas,
                [78 * mm, 28 * mm, 28 * mm, es.ANCHO_UTIL - 134 * mm],
                derecha=(1, 2, 3),
                estilo_extra=[("FONT", (0, -1), (-1, -1), es.FUENTE_NEGRITA, 8.5)],
            )
        )
        if any(v[3] for v in d["necesidades"].values()):
            salida.append(
                es.texto(
                    "* Incluye costos en UF sin valor de la UF registrado, que no se suman.",
                    es.estilos().pequeno,
                )
            )
    else:
        salida.append(es.texto("No hay necesidades registradas."))
    salida.append(es.seccion("Los ocho pasos críticos"))
    salida.append(graficos.franja_pasos(d["estado_pasos"], es.ANCHO_UTIL))
    salida.append(es.seccion("Avance por paso crítico (talleres)"))
    por_paso = {p: (c, a) for p, c, a in d["pasos"]}
    salida.append(
        es.tabla(
            ["Paso crítico", "Realizados", "En curso"],
            [
                [
                    f"{p.value}. {p.etiqueta}",
                    formato.numero(por_paso.get(p.value, (0, 0))[0]),
                    formato.numero(por_paso.get(p.value, (0, 0))[1]),
                ]
                for p in PasoCritico
            ],
            [110 * mm, 30 * mm, 30 * mm],
            derecha=(1, 2),
        )
    )
    return salida
