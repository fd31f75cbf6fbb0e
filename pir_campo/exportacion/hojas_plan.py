"""Hojas de la planificación: necesidades, oferta de inversión, PMDT y cartera, diagnósticos
de capacidad y seguimiento de los ocho pasos."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pir_campo import capacidad
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_exportacion as q
from pir_campo.exportacion.tabla import (
    C_PESOS,
    C_TERRITORIO,
    COORD,
    DECIMAL,
    ENTERO,
    FECHA,
    PESOS,
    SINO,
    TEXTO,
    UF,
    Columna,
    Seleccion,
    Tabla,
    etiqueta,
    fecha,
    montos,
    multipunto,
    nombre_comuna,
    punto,
    sino,
)
from pir_campo.modelos.enums import (
    EstadoOferta,
    EstadoPmdt,
    EtapaProyecto,
    NivelCapacidad,
    ResultadoRate,
    Tipologia,
    TipoOrganizacion,
)


def necesidades(a: Almacen, s: Seleccion) -> Tabla:
    columnas = (
        C_TERRITORIO,
        Columna("Localidad", TEXTO, "Localidad de la necesidad", 20),
        Columna("Comuna", TEXTO, "Comuna de la localidad", 16),
        Columna("Tipología", TEXTO, "Tipo de infraestructura", 24),
        Columna("Subtipo", TEXTO, "Subtipo dentro de la tipología", 20),
        Columna("Necesidad", TEXTO, "Título de la necesidad", 36),
        Columna("Situación actual", TEXTO, "Cómo se resuelve hoy", 36),
        Columna("Latitud", COORD, "Latitud en grados decimales (WGS84)"),
        Columna("Longitud", COORD, "Longitud en grados decimales (WGS84)"),
        Columna("Hogares beneficiados", ENTERO, "Hogares que se beneficiarían"),
        Columna("Mujeres beneficiadas", ENTERO, "Mujeres que se beneficiarían"),
        Columna("Hombres beneficiados", ENTERO, "Hombres que se beneficiarían"),
        Columna("Taller de origen", TEXTO, "Taller donde la comunidad la planteó", 30),
        Columna("Fecha del taller de origen", FECHA, "Fecha de ese taller"),
        Columna("Prioridad de la comunidad", ENTERO, "1 es la más prioritaria"),
        Columna("Etapa", TEXTO, "Etapa del ciclo de vida del proyecto"),
        Columna("Código BIP", TEXTO, "Código del Banco Integrado de Proyectos"),
        Columna("Resultado RATE", TEXTO, "Resultado de la evaluación (RS, FI, OT...)", 24),
        Columna(C_PESOS, PESOS, "Costo estimado en pesos, si se estimó en pesos"),
        Columna("Costo (UF)", UF, "Costo estimado en UF, si se estimó en UF (no se convierte)"),
        Columna("Valor de la UF ($)", PESOS, "Valor de la UF usado como referencia"),
        Columna("Fecha del valor UF", FECHA, "Fecha de ese valor de la UF"),
        Columna("Fuente de financiamiento", TEXTO, "Fuente de financiamiento prevista", 20),
        Columna("Financiable por el programa", SINO, "Sí si la tipología la financia el PIRDT"),
        Columna("Programa que la financia", TEXTO, "Otro programa, si no es del PIRDT", 24),
        Columna("Motivo de descarte", TEXTO, "Por qué se descartó, si se descartó", 24),
    )
    rate = {x.value: x.etiqueta for x in ResultadoRate}

    def generar(geo: bool) -> Iterator[Any]:
        for f in q.necesidades(a, s.territorio_ids):
            pesos, uf = montos(f[19], f[20])
            fila = (
                f[1],
                f[2],
                nombre_comuna(f[3]),
                etiqueta(Tipologia, f[4]),
                f[5],
                f[6],
                f[7],
                f[8],
                f[9],
                f[10],
                f[11],
                f[12],
                f[13],
                fecha(f[14]),
                f[15],
                etiqueta(EtapaProyecto, f[16]),
                f[17],
                rate.get(f[18], f[18]),
                pesos,
                uf,
                f[21],
                fecha(f[22]),
                f[23],
                sino(f[24]),
                f[25],
                f[26],
            )
            yield (fila, punto(f[8], f[9])) if geo else fila

    return Tabla(
        "necesidades",
        "Necesidades",
        "Necesidades de infraestructura con su localidad, etapa y costo",
        columnas,
        lambda: generar(False),
        "Point",
        lambda: generar(True),
    )


def ofertas(a: Almacen, s: Seleccion) -> Tabla:
    columnas = (
        C_TERRITORIO,
        Columna("Inversión", TEXTO, "Nombre de la inversión existente o comprometida", 36),
        Columna("Institución", TEXTO, "Institución que invierte", 18),
        Columna("Programa", TEXTO, "Programa de la institución", 24),
        Columna("Tipología", TEXTO, "Tipo de infraestructura", 24),
        Columna("Monto ($)", PESOS, "Monto en pesos, si se registró en pesos"),
        Columna("Monto (UF)", UF, "Monto en UF, si se registró en UF (no se convierte)"),
        Columna("Valor de la UF ($)", PESOS, "Valor de la UF usado como referencia"),
        Columna("Fecha del valor UF", FECHA, "Fecha de ese valor de la UF"),
        Columna("Año", ENTERO, "Año de la inversión"),
        Columna("Código BIP", TEXTO, "Código del Banco Integrado de Proyectos"),
        Columna("Estado", TEXTO, "Existente o comprometida"),
    )

    def generar() -> Iterator[tuple]:
        for f in q.ofertas(a, s.territorio_ids):
            pesos, uf = montos(f[6], f[7])
            yield (
                f[1],
                f[2],
                f[3],
                f[4],
                etiqueta(Tipologia, f[5]),
                pesos,
                uf,
                f[8],
                fecha(f[9]),
                f[10],
                f[11],
                etiqueta(EstadoOferta, f[12]),
            )

    return Tabla(
        "oferta_inversion",
        "Oferta de inversión",
        "Inversión pública y privada existente o comprometida en cada territorio (paso 3)",
        columnas,
        generar,
    )


def cartera(a: Almacen, s: Seleccion) -> Tabla:
    columnas = (
        C_TERRITORIO,
        Columna("Versión del PMDT", ENTERO, "Número de versión del plan"),
        Columna("Fecha de la versión", FECHA, "Fecha de esa versión"),
        Columna("Estado del PMDT", TEXTO, "Borrador, validado técnicamente o por el CORE", 20),
        Columna("Ejes productivos", TEXTO, "Ejes productivos del plan", 30),
        Columna("Orden", ENTERO, "Orden de prioridad de la iniciativa en la cartera"),
        Columna("Iniciativa", TEXTO, "Nombre de la iniciativa", 36),
        Columna("Tipología", TEXTO, "Tipo de infraestructura", 24),
        Columna("Etapa", TEXTO, "Etapa del ciclo de vida del proyecto"),
        Columna(C_PESOS, PESOS, "Costo en pesos, si se estimó en pesos"),
        Columna("Costo (UF)", UF, "Costo en UF, si se estimó en UF (no se convierte)"),
        Columna("Valor de la UF ($)", PESOS, "Valor de la UF usado como referencia"),
        Columna("Fecha del valor UF", FECHA, "Fecha de ese valor de la UF"),
        Columna("Institución responsable", TEXTO, "Quién la lleva adelante", 20),
        Columna("Fuente de financiamiento", TEXTO, "Fuente de financiamiento", 20),
        Columna("Código BIP", TEXTO, "Código del Banco Integrado de Proyectos"),
        Columna("Necesidades", TEXTO, "Necesidades que resuelve la iniciativa", 36),
    )
    lugares = q.ubicacion_necesidades(a, s.territorio_ids)

    def generar(geo: bool) -> Iterator[Any]:
        for f in q.pmdt_cartera(a, s.territorio_ids):
            if geo and f[18] is None:
                continue  # un PMDT sin cartera no es una iniciativa en el mapa
            pesos, uf = montos(f[10], f[11])
            necesidades = json.loads(f[17] or "[]")
            fila = (
                f[1],
                f[2],
                fecha(f[3]),
                etiqueta(EstadoPmdt, f[4]),
                ", ".join(json.loads(f[5] or "[]")),
                f[6],
                f[7],
                etiqueta(Tipologia, f[8]),
                etiqueta(EtapaProyecto, f[9]),
                pesos,
                uf,
                f[12],
                fecha(f[13]),
                f[14],
                f[15],
                f[16],
                "; ".join(lugares[n][0] for n in necesidades if n in lugares) or None,
            )
            if geo:
                puntos = [
                    (float(lugares[n][2]), float(lugares[n][1]))
                    for n in necesidades
                    if n in lugares and lugares[n][1] is not None and lugares[n][2] is not None
                ]
                yield fila, multipunto(puntos)
            else:
                yield fila

    return Tabla(
        "pmdt_cartera",
        "PMDT y cartera",
        "Cada versión del PMDT con su cartera de iniciativas, una iniciativa por fila; en los "
        "mapas, cada iniciativa está donde están sus necesidades",
        columnas,
        lambda: generar(False),
        "MultiPoint",
        lambda: generar(True),
    )


def diagnosticos(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    inst = capacidad.cargar()
    columnas = [
        C_TERRITORIO,
        Columna("Organización", TEXTO, "Organización diagnosticada", 30),
        Columna("Tipo de organización", TEXTO, "Comité APR, cooperativa, junta de vecinos...", 24),
        Columna("Fecha", FECHA, "Fecha del diagnóstico"),
        Columna("Instrumento", TEXTO, "Instrumento usado", 24),
        Columna("Versión del instrumento", ENTERO, "Versión del instrumento"),
        Columna("Puntaje total", DECIMAL, "Puntaje ponderado de 0 a 100"),
        Columna("Nivel", TEXTO, "Alto, medio o bajo según los umbrales del instrumento"),
    ]
    columnas += [
        Columna(f"Puntaje {sec.nombre.lower()}", DECIMAL, f"Puntaje de 0 a 100 de «{sec.nombre}»")
        for sec in inst.secciones
    ]
    columnas += [
        Columna("Acciones del plan", ENTERO, "Acciones del plan de fortalecimiento"),
        Columna("Observaciones", TEXTO, "Observaciones del diagnóstico", 36),
    ]
    respuestas = q.respuestas_diagnosticos(a, s.territorio_ids)

    def generar() -> Iterator[tuple]:
        for f in q.diagnosticos(a, s.territorio_ids, desde, hasta):
            secciones: list[float | None] = [None] * len(inst.secciones)
            if f[5] == inst.codigo and f[6] == inst.version:
                conocidas = {c: v for c, v in respuestas.get(f[0], {}).items() if c in inst.items()}
                res = capacidad.puntuar(inst, conocidas)
                secciones = [res.por_seccion[sec.codigo] for sec in inst.secciones]
            yield (
                f[1],
                f[2],
                etiqueta(TipoOrganizacion, f[3]),
                fecha(f[4]),
                inst.nombre if f[5] == inst.codigo else f[5],
                f[6],
                f[7],
                etiqueta(NivelCapacidad, f[8]),
                *secciones,
                f[10],
                f[9],
            )

    return Tabla(
        "diagnosticos",
        "Diagnósticos",
        "Diagnósticos de capacidad de gestión local: puntaje por sección y nivel",
        tuple(columnas),
        generar,
    )


def seguimiento(a: Almacen, s: Seleccion) -> Tabla:
    from pir_campo.planificacion import seguimiento as seg

    columnas = (
        C_TERRITORIO,
        Columna("N° de paso", ENTERO, "Número del paso crítico (1 a 8)"),
        Columna("Paso crítico", TEXTO, "Paso crítico del programa", 34),
        Columna("Componente", TEXTO, "Componente del programa al que pertenece el paso", 26),
        Columna("Estado", TEXTO, "Cumplido, en curso o pendiente"),
        Columna("Detalle", TEXTO, "Qué hay registrado para el paso", 50),
        Columna("Talleres del paso", ENTERO, "Talleres registrados para el paso"),
    )

    def generar() -> Iterator[tuple]:
        for tid in s.territorio_ids:
            estado = seg.territorio(a, tid)
            for p in estado.pasos:
                yield (
                    estado.territorio["nombre"],
                    p.numero,
                    p.etiqueta,
                    p.componente,
                    p.estado,
                    p.detalle,
                    p.talleres,
                )

    return Tabla(
        "seguimiento",
        "Seguimiento",
        "Los ocho pasos críticos de cada territorio: estado y lo que hay registrado",
        columnas,
        generar,
    )
