"""Hojas del trabajo en terreno: territorios, localidades, talleres, asistencia, acuerdos y
actas con sus firmantes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pir_campo import catalogos
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_exportacion as q
from pir_campo.exportacion.tabla import (
    C_TERRITORIO,
    COORD,
    DECIMAL,
    ENTERO,
    FECHA,
    HORA,
    SINO,
    TEXTO,
    Columna,
    Seleccion,
    Seudonimos,
    Tabla,
    comunas,
    etiqueta,
    fecha,
    hora,
    multipunto,
    punto,
    rut_texto,
    sino,
)
from pir_campo.modelos.enums import (
    DecisionActa,
    EstadoActa,
    EstadoAcuerdo,
    EstadoTaller,
    EstadoTerritorio,
    Indicador,
    LadoFirmante,
    PasoCritico,
    PuebloOriginario,
    Sexo,
    TipoActa,
    Tipologia,
    TramoEdad,
)


def territorios(a: Almacen, s: Seleccion) -> Tabla:
    from pir_campo.planificacion.seleccion import clave_indicador, titulo_indicador

    indicadores = q.indicadores(a, s.territorio_ids)
    orden_ind, orden_tip = list(Indicador), [None, *(t.value for t in Tipologia)]
    presentes = sorted(
        {(i[1], i[2]) for i in indicadores},
        key=lambda x: (
            orden_ind.index(Indicador(x[0])) if x[0] in set(orden_ind) else 99,
            orden_tip.index(x[1]) if x[1] in orden_tip else 99,
        ),
    )
    columnas = [
        C_TERRITORIO,
        Columna("Región", TEXTO, "Región del territorio", 16),
        Columna("Comunas", TEXTO, "Comunas que abarca el territorio", 30),
        Columna("Estado de selección", TEXTO, "Candidato, seleccionado o descartado (paso 1)"),
        Columna("Población", ENTERO, "Población del territorio (personas)"),
        Columna("Hogares", ENTERO, "Hogares del territorio"),
        Columna("Superficie (km²)", DECIMAL, "Superficie del territorio en kilómetros cuadrados"),
        Columna("Localidades", ENTERO, "Cantidad de localidades registradas"),
        Columna("Comunidades indígenas", TEXTO, "Comunidades indígenas del territorio", 30),
        Columna("Actividades productivas", TEXTO, "Actividades productivas principales", 30),
        Columna("Servicios existentes", TEXTO, "Servicios de infraestructura que ya existen", 30),
    ]
    claves = []
    for ind, tip in presentes:
        titulo = titulo_indicador(ind, tip) if ind in set(orden_ind) else ind
        claves.append(clave_indicador(ind, tip))
        columnas += [
            Columna(titulo, DECIMAL, f"Indicador de selección: {titulo.lower()}"),
            Columna(f"{titulo}: unidad", TEXTO, f"Unidad de «{titulo}»"),
            Columna(f"{titulo}: fuente", TEXTO, f"Fuente de «{titulo}»", 24),
            Columna(f"{titulo}: año", ENTERO, f"Año del dato de «{titulo}»"),
        ]
    por_territorio: dict[str, dict[str, tuple]] = {}
    for tid, ind, tip, valor, unidad, fuente, anio in indicadores:
        por_territorio.setdefault(tid, {})[clave_indicador(ind, tip)] = (
            float(valor),
            unidad,
            fuente,
            anio,
        )
    regiones = catalogos.cargar().regiones
    puntos: dict[str, list[tuple[float, float]]] = {}
    cantidad: dict[str, int] = {}
    for loc in q.localidades(a, s.territorio_ids):
        cantidad[loc[8]] = cantidad.get(loc[8], 0) + 1
        if loc[4] is not None and loc[5] is not None:
            puntos.setdefault(loc[8], []).append((float(loc[5]), float(loc[4])))

    def generar(geo: bool) -> Iterator[Any]:
        for f in q.territorios(a, s.territorio_ids):
            tid = f[0]
            region = regiones.get(f[2])
            fila: list[Any] = [
                f[1],
                region.nombre if region else f[2],
                comunas(json.loads(f[3] or "[]")),
                etiqueta(EstadoTerritorio, f[4]),
                f[5],
                f[6],
                f[7],
                cantidad.get(tid, 0),
                f[8],
                f[9],
                f[10],
            ]
            valores = por_territorio.get(tid, {})
            for clave in claves:
                fila += list(valores.get(clave, (None, None, None, None)))
            yield (tuple(fila), multipunto(puntos.get(tid, []))) if geo else tuple(fila)

    return Tabla(
        "territorios",
        "Territorios",
        "Un territorio por fila, con sus indicadores de selección, la fuente y el año de cada uno",
        tuple(columnas),
        lambda: generar(False),
        "MultiPoint",
        lambda: generar(True),
    )


def localidades(a: Almacen, s: Seleccion) -> Tabla:
    cat = catalogos.cargar()
    columnas = (
        C_TERRITORIO,
        Columna("Localidad", TEXTO, "Nombre de la localidad", 24),
        Columna("Comuna", TEXTO, "Comuna de la localidad", 18),
        Columna("Provincia", TEXTO, "Provincia de la localidad", 16),
        Columna("Latitud", COORD, "Latitud en grados decimales (WGS84; negativa al sur)"),
        Columna("Longitud", COORD, "Longitud en grados decimales (WGS84; negativa al oeste)"),
        Columna("Población", ENTERO, "Población de la localidad"),
        Columna("Hogares", ENTERO, "Hogares de la localidad"),
    )

    def generar(geo: bool) -> Iterator[Any]:
        for f in q.localidades(a, s.territorio_ids):
            comuna = cat.comunas.get(f[3])
            provincia = cat.provincias.get(comuna.cut_provincia) if comuna else None
            fila = (
                f[1],
                f[2],
                comuna.nombre if comuna else f[3],
                provincia.nombre if provincia else None,
                f[4],
                f[5],
                f[6],
                f[7],
            )
            yield (fila, punto(f[4], f[5])) if geo else fila

    return Tabla(
        "localidades",
        "Localidades",
        "Localidades de cada territorio con sus coordenadas",
        columnas,
        lambda: generar(False),
        "Point",
        lambda: generar(True),
    )


def talleres(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    personales = s.con_datos_personales
    columnas = [
        C_TERRITORIO,
        Columna("Localidad", TEXTO, "Localidad donde se hizo el taller", 20),
        Columna("N° de paso", ENTERO, "Número del paso crítico (1 a 8) al que sirve el taller"),
        Columna("Paso crítico", TEXTO, "Paso crítico del programa al que sirve el taller", 30),
        Columna("Título del taller", TEXTO, "Título del taller", 36),
        Columna("Fecha", FECHA, "Fecha del taller"),
        Columna("Hora de inicio", HORA, "Hora de inicio (24 horas)"),
        Columna("Hora de término", HORA, "Hora de término (24 horas)"),
        Columna("Lugar", TEXTO, "Lugar del taller", 18),
        Columna("Propósito", TEXTO, "Propósito del taller", 36),
    ]
    if personales:
        columnas.append(Columna("Facilitadores", TEXTO, "Quiénes facilitaron el taller", 28))
    columnas += [
        Columna("Intérprete", TEXTO, "Intérprete o traducción, si la hubo", 20),
        Columna("Participan pueblos indígenas", SINO, "Sí si participaron pueblos indígenas"),
        Columna(
            "Posible afectación directa",
            SINO,
            "Sí si se advirtió una posible afectación directa a pueblos indígenas, para que "
            "el gobierno regional la evalúe",
        ),
        Columna("Estado", TEXTO, "En curso o cerrado"),
        Columna("Asistentes", ENTERO, "Cantidad de asistencias registradas"),
        Columna("Acuerdos", ENTERO, "Cantidad de acuerdos del taller"),
    ]

    def generar() -> Iterator[tuple]:
        for f in q.talleres(a, s.territorio_ids, desde, hasta):
            paso = PasoCritico(f[3]) if f[3] in set(PasoCritico) else None
            fila = [
                f[1],
                f[2],
                f[3],
                paso.etiqueta if paso else None,
                f[4],
                fecha(f[5]),
                hora(f[6]),
                hora(f[7]),
                f[8],
                f[9],
            ]
            if personales:
                fila.append(f[10])
            fila += [
                f[11],
                sino(f[12]),
                sino(f[13]),
                etiqueta(EstadoTaller, f[14]),
                f[15],
                f[16],
            ]
            yield tuple(fila)

    return Tabla(
        "talleres",
        "Talleres",
        "Un taller por fila, con su paso crítico y sus conteos",
        tuple(columnas),
        generar,
    )


def asistencia(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    personales = s.con_datos_personales
    columnas = [
        C_TERRITORIO,
        Columna("Título del taller", TEXTO, "Taller al que asistió la persona", 36),
        Columna("Fecha del taller", FECHA, "Fecha del taller"),
        Columna("Localidad del taller", TEXTO, "Localidad donde se hizo el taller", 20),
    ]
    if personales:
        columnas += [
            Columna("Nombre", TEXTO, "Nombre completo de la persona", 30),
            Columna("RUT", TEXTO, "RUT con puntos y dígito verificador (texto)", 13),
            Columna("Teléfono", TEXTO, "Teléfono de contacto", 16),
        ]
    else:
        columnas.append(
            Columna(
                "Código de persona",
                TEXTO,
                "Código seudónimo estable: la misma persona lleva el mismo código en cada "
                "exportación de esta instalación, sin que se pueda saber quién es",
                12,
            )
        )
    columnas += [
        Columna("Sexo", TEXTO, "Mujer, hombre, otro o prefiere no responder", 12),
        Columna("Tramo de edad", TEXTO, "Tramo de edad declarado", 14),
    ]
    if personales:
        columnas += [
            Columna("Pueblo originario", TEXTO, "Autoidentificación (dato sensible)", 16),
            Columna("Afrodescendiente", SINO, "Autoidentificación (dato sensible)"),
        ]
    columnas += [
        Columna("Organización", TEXTO, "Organización a la que representa", 28),
        Columna("Cargo o rol", TEXTO, "Cargo o rol en el taller o en su organización", 22),
        Columna("Firmó", SINO, "Sí si firmó la lista en papel"),
    ]
    seudonimo = None if personales else Seudonimos(a)
    sexo, tramo, pueblo = (
        {x.value: x.etiqueta for x in e} for e in (Sexo, TramoEdad, PuebloOriginario)
    )

    def generar() -> Iterator[tuple]:
        for f in q.asistencias(a, s.territorio_ids, desde, hasta):
            fila = [f[1], f[2], fecha(f[3]), f[4]]
            if seudonimo is None:
                fila += [f[5], rut_texto(f[6]), f[7]]
            else:
                fila.append(seudonimo(f[0]))
            fila += [sexo.get(f[8], f[8]), tramo.get(f[9], f[9])]
            if seudonimo is None:
                fila += [pueblo.get(f[10], f[10]), sino(f[11])]
            fila += [f[12], f[13], bool(f[14])]
            yield tuple(fila)

    return Tabla(
        "asistencia",
        "Asistencia",
        "Una asistencia por fila, con el título y la fecha de su taller al lado; sin las de "
        "personas que pidieron el bloqueo de sus datos (Ley 21.719), que sí cuentan en la hoja "
        "Talleres",
        tuple(columnas),
        generar,
    )


def acuerdos(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    columnas = (
        C_TERRITORIO,
        Columna("Título del taller", TEXTO, "Taller donde se tomó el acuerdo", 36),
        Columna("Fecha del taller", FECHA, "Fecha del taller"),
        Columna("Acuerdo", TEXTO, "Texto del acuerdo o compromiso", 50),
        Columna("Responsable", TEXTO, "Quién se comprometió", 24),
        Columna("Fecha comprometida", FECHA, "Fecha en que debe cumplirse"),
        Columna("Estado", TEXTO, "Pendiente, en curso, cumplido o no cumplido"),
    )

    def generar() -> Iterator[tuple]:
        for f in q.acuerdos(a, s.territorio_ids, desde, hasta):
            yield (
                f[1],
                f[2],
                fecha(f[3]),
                f[4],
                f[5],
                fecha(f[6]),
                etiqueta(EstadoAcuerdo, f[7]),
            )

    return Tabla(
        "acuerdos", "Acuerdos", "Acuerdos y compromisos de los talleres", columnas, generar
    )


def actas(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    personales = s.con_datos_personales
    columnas = [
        C_TERRITORIO,
        Columna(
            "Tipo de acta", TEXTO, "Validación del territorio (paso 2) o del PMDT (paso 5)", 24
        ),
        Columna("Fecha del acta", FECHA, "Fecha del acta"),
        Columna("Lugar", TEXTO, "Lugar donde se firmó", 16),
        Columna("Taller", TEXTO, "Taller en que se tomó el acuerdo", 30),
        Columna("Decisión", TEXTO, "Aprobado, aprobado con condiciones o rechazado", 22),
        Columna("Votos a favor", ENTERO, "Votos a favor"),
        Columna("Votos en contra", ENTERO, "Votos en contra"),
        Columna("Abstenciones", ENTERO, "Abstenciones"),
        Columna("Condiciones", TEXTO, "Condiciones de la aprobación", 30),
        Columna("Estado del acta", TEXTO, "Borrador o firmada (una firmada no cambia)"),
        Columna("Adendas", ENTERO, "Cantidad de adendas del acta"),
    ]
    if personales:
        columnas += [
            Columna("Firmante", TEXTO, "Nombre de quien firmó", 28),
            Columna("RUT del firmante", TEXTO, "RUT con puntos y dígito verificador (texto)", 13),
        ]
    columnas += [
        Columna("Institución u organización", TEXTO, "A quién representa el firmante", 24),
        Columna("Cargo", TEXTO, "Cargo del firmante", 22),
        Columna("Parte", TEXTO, "Comunidad o sector público"),
    ]

    def generar() -> Iterator[tuple]:
        for f in q.actas_firmantes(a, s.territorio_ids, desde, hasta):
            fila = [
                f[1],
                etiqueta(TipoActa, f[2]),
                fecha(f[3]),
                f[4],
                f[5],
                etiqueta(DecisionActa, f[6]),
                f[7],
                f[8],
                f[9],
                f[10],
                etiqueta(EstadoActa, f[11]),
                f[12],
            ]
            if personales:
                fila += [f[13], rut_texto(f[14])]
            fila += [f[15], f[16], etiqueta(LadoFirmante, f[17])]
            yield tuple(fila)

    return Tabla(
        "actas_firmantes",
        "Actas y firmantes",
        "Actas de validación, una fila por firmante (un acta sin firmantes ocupa una fila)",
        tuple(columnas),
        generar,
    )
