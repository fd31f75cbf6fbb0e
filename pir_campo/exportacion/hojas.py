"""Las tablas que se exportan, para personas: etiquetas en vez de códigos, una hoja por
instrumento, y la descripción de cada columna (el diccionario de la hoja «Léame»).

Cada tabla entrega sus filas de a una (tuplas de valores de Python: texto, número, fecha,
Sí/No como bool) y, si es una capa SIG, también su geometría. Los escritores (libro XLSX, CSV,
GeoJSON, GeoPackage) solo deciden cómo se ve cada tipo de columna.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pir_campo import capacidad, catalogos, formato, ids, rut
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_exportacion as q
from pir_campo.modelos.enums import (
    DecisionActa,
    EstadoActa,
    EstadoAcuerdo,
    EstadoOferta,
    EstadoPmdt,
    EstadoTaller,
    EstadoTerritorio,
    EtapaProyecto,
    Indicador,
    LadoFirmante,
    NivelCapacidad,
    PasoCritico,
    PuebloOriginario,
    ResultadoRate,
    Sexo,
    TipoActa,
    Tipologia,
    TipoOrganizacion,
    TramoEdad,
)

# Tipos de columna: cómo la escribe cada formato.
TEXTO, ENTERO, DECIMAL, PESOS, UF, FECHA, HORA, SINO, COORD = (
    "texto",
    "entero",
    "decimal",
    "pesos",
    "uf",
    "fecha",
    "hora",
    "sino",
    "coordenada",
)
NUMERICOS = {ENTERO, DECIMAL, PESOS, UF, COORD}

Geometria = tuple[str, list[tuple[float, float]]] | None  # ("Point"|"MultiPoint", [(lon, lat)])


@dataclass(frozen=True)
class Columna:
    titulo: str
    tipo: str
    descripcion: str
    ancho: int | None = None


@dataclass(frozen=True)
class Seleccion:
    """Qué se exporta, ya revisado: territorios que existen y un rango de fechas en orden."""

    territorio_ids: tuple[str, ...]
    territorios: tuple[str, ...]  # nombres, para el Léame
    cut_region: str | None = None
    desde: dt.date | None = None
    hasta: dt.date | None = None
    con_datos_personales: bool = False

    @property
    def rango(self) -> tuple[str | None, str | None]:
        return (
            self.desde.isoformat() if self.desde else None,
            self.hasta.isoformat() if self.hasta else None,
        )


@dataclass
class Tabla:
    clave: str  # nombre de archivo o de capa, sin acentos
    hoja: str  # nombre de la hoja del libro
    descripcion: str
    columnas: tuple[Columna, ...]
    filas: Callable[[], Iterator[tuple]]
    geometria: str | None = None  # "Point" o "MultiPoint" si es una capa SIG
    geo: Callable[[], Iterator[tuple[tuple, Geometria]]] | None = None


def _etiqueta(enum: Any, valor: Any) -> str | None:
    """Etiqueta en español de un código; un código desconocido (versión más nueva) tal cual."""
    if valor is None:
        return None
    try:
        return enum(valor).etiqueta
    except ValueError:
        return str(valor)


def _fecha(valor: str | None) -> dt.date | None:
    return dt.date.fromisoformat(valor[:10]) if valor else None


def _hora(valor: str | None) -> dt.time | None:
    return dt.time.fromisoformat(valor) if valor else None


def _sino(valor: Any) -> bool | None:
    return None if valor is None else bool(valor)


def _rut(valor: str | None) -> str | None:
    return rut.formatear(valor) if valor else None


def _montos(monto: float | None, unidad: str | None) -> tuple[float | None, float | None]:
    """(pesos, UF): cada monto en su columna, sin convertir nunca uno en otro."""
    if monto is None:
        return None, None
    if unidad == "UF":
        return None, float(monto)
    return (int(monto) if float(monto).is_integer() else float(monto)), None


def _punto(lat: float | None, lon: float | None) -> Geometria:
    if lat is None or lon is None:
        return None
    return ("Point", [(float(lon), float(lat))])


def _multipunto(puntos: list[tuple[float, float]]) -> Geometria:
    return ("MultiPoint", puntos) if puntos else None


class Seudonimos:
    """Códigos estables para personas sin datos personales: HMAC del id con una clave
    derivada de la identidad de la instalación. La misma persona recibe el mismo código en
    cada exportación de esta instalación, y el código no permite volver al id ni al nombre."""

    def __init__(self, almacen: Almacen):
        semilla = bytes(almacen.llave_firma())
        self.clave = hashlib.sha256(b"pir-campo/seudonimos/1" + semilla).digest()
        self.cache: dict[str, str] = {}

    def __call__(self, persona_id: str | None) -> str | None:
        if persona_id is None:
            return None
        codigo = self.cache.get(persona_id)
        if codigo is None:
            digest = hmac.new(self.clave, persona_id.encode(), hashlib.sha256).digest()
            codigo = "P-" + ids.base32(int.from_bytes(digest[:5], "big"), 8)
            self.cache[persona_id] = codigo
        return codigo


# ---- cada hoja ---------------------------------------------------------------------------

_T = "Territorio"
_C_TERRITORIO = Columna(_T, TEXTO, "Nombre del territorio del programa", 28)


def _comunas(cuts: list[str]) -> str:
    cat = catalogos.cargar().comunas
    return ", ".join(cat[c].nombre if c in cat else c for c in cuts)


def _nombre_comuna(cut: str | None) -> str | None:
    if not cut:
        return None
    c = catalogos.cargar().comunas.get(cut)
    return c.nombre if c else cut


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
        _C_TERRITORIO,
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
                _comunas(json.loads(f[3] or "[]")),
                _etiqueta(EstadoTerritorio, f[4]),
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
            yield (tuple(fila), _multipunto(puntos.get(tid, []))) if geo else tuple(fila)

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
        _C_TERRITORIO,
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
            yield (fila, _punto(f[4], f[5])) if geo else fila

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
        _C_TERRITORIO,
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
                _fecha(f[5]),
                _hora(f[6]),
                _hora(f[7]),
                f[8],
                f[9],
            ]
            if personales:
                fila.append(f[10])
            fila += [
                f[11],
                _sino(f[12]),
                _sino(f[13]),
                _etiqueta(EstadoTaller, f[14]),
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
        _C_TERRITORIO,
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
            fila = [f[1], f[2], _fecha(f[3]), f[4]]
            if seudonimo is None:
                fila += [f[5], _rut(f[6]), f[7]]
            else:
                fila.append(seudonimo(f[0]))
            fila += [sexo.get(f[8], f[8]), tramo.get(f[9], f[9])]
            if seudonimo is None:
                fila += [pueblo.get(f[10], f[10]), _sino(f[11])]
            fila += [f[12], f[13], bool(f[14])]
            yield tuple(fila)

    return Tabla(
        "asistencia",
        "Asistencia",
        "Una asistencia por fila, con el título y la fecha de su taller al lado",
        tuple(columnas),
        generar,
    )


def acuerdos(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    columnas = (
        _C_TERRITORIO,
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
                _fecha(f[3]),
                f[4],
                f[5],
                _fecha(f[6]),
                _etiqueta(EstadoAcuerdo, f[7]),
            )

    return Tabla(
        "acuerdos", "Acuerdos", "Acuerdos y compromisos de los talleres", columnas, generar
    )


def actas(a: Almacen, s: Seleccion) -> Tabla:
    desde, hasta = s.rango
    personales = s.con_datos_personales
    columnas = [
        _C_TERRITORIO,
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
                _etiqueta(TipoActa, f[2]),
                _fecha(f[3]),
                f[4],
                f[5],
                _etiqueta(DecisionActa, f[6]),
                f[7],
                f[8],
                f[9],
                f[10],
                _etiqueta(EstadoActa, f[11]),
                f[12],
            ]
            if personales:
                fila += [f[13], _rut(f[14])]
            fila += [f[15], f[16], _etiqueta(LadoFirmante, f[17])]
            yield tuple(fila)

    return Tabla(
        "actas_firmantes",
        "Actas y firmantes",
        "Actas de validación, una fila por firmante (un acta sin firmantes ocupa una fila)",
        tuple(columnas),
        generar,
    )


_C_PESOS = "Costo ($)"


def necesidades(a: Almacen, s: Seleccion) -> Tabla:
    columnas = (
        _C_TERRITORIO,
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
        Columna(_C_PESOS, PESOS, "Costo estimado en pesos, si se estimó en pesos"),
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
            pesos, uf = _montos(f[19], f[20])
            fila = (
                f[1],
                f[2],
                _nombre_comuna(f[3]),
                _etiqueta(Tipologia, f[4]),
                f[5],
                f[6],
                f[7],
                f[8],
                f[9],
                f[10],
                f[11],
                f[12],
                f[13],
                _fecha(f[14]),
                f[15],
                _etiqueta(EtapaProyecto, f[16]),
                f[17],
                rate.get(f[18], f[18]),
                pesos,
                uf,
                f[21],
                _fecha(f[22]),
                f[23],
                _sino(f[24]),
                f[25],
                f[26],
            )
            yield (fila, _punto(f[8], f[9])) if geo else fila

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
        _C_TERRITORIO,
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
            pesos, uf = _montos(f[6], f[7])
            yield (
                f[1],
                f[2],
                f[3],
                f[4],
                _etiqueta(Tipologia, f[5]),
                pesos,
                uf,
                f[8],
                _fecha(f[9]),
                f[10],
                f[11],
                _etiqueta(EstadoOferta, f[12]),
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
        _C_TERRITORIO,
        Columna("Versión del PMDT", ENTERO, "Número de versión del plan"),
        Columna("Fecha de la versión", FECHA, "Fecha de esa versión"),
        Columna("Estado del PMDT", TEXTO, "Borrador, validado técnicamente o por el CORE", 20),
        Columna("Ejes productivos", TEXTO, "Ejes productivos del plan", 30),
        Columna("Orden", ENTERO, "Orden de prioridad de la iniciativa en la cartera"),
        Columna("Iniciativa", TEXTO, "Nombre de la iniciativa", 36),
        Columna("Tipología", TEXTO, "Tipo de infraestructura", 24),
        Columna("Etapa", TEXTO, "Etapa del ciclo de vida del proyecto"),
        Columna(_C_PESOS, PESOS, "Costo en pesos, si se estimó en pesos"),
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
            pesos, uf = _montos(f[10], f[11])
            necesidades = json.loads(f[17] or "[]")
            fila = (
                f[1],
                f[2],
                _fecha(f[3]),
                _etiqueta(EstadoPmdt, f[4]),
                ", ".join(json.loads(f[5] or "[]")),
                f[6],
                f[7],
                _etiqueta(Tipologia, f[8]),
                _etiqueta(EtapaProyecto, f[9]),
                pesos,
                uf,
                f[12],
                _fecha(f[13]),
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
                yield fila, _multipunto(puntos)
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
        _C_TERRITORIO,
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
                _etiqueta(TipoOrganizacion, f[3]),
                _fecha(f[4]),
                inst.nombre if f[5] == inst.codigo else f[5],
                f[6],
                f[7],
                _etiqueta(NivelCapacidad, f[8]),
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
        _C_TERRITORIO,
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


HOJAS: tuple[Callable[[Almacen, Seleccion], Tabla], ...] = (
    territorios,
    localidades,
    talleres,
    asistencia,
    acuerdos,
    actas,
    necesidades,
    ofertas,
    cartera,
    diagnosticos,
    seguimiento,
)


def leame(a: Almacen, s: Seleccion, tablas: list[Tabla], formato_salida: str) -> Tabla:
    """Origen, fecha, filtros y el diccionario de cada columna de cada hoja."""
    region = catalogos.cargar().regiones.get(a.cut_region or "")
    rol = "oficina regional" if a.rol == "oficina" else "notebook de campo"
    if s.desde or s.hasta:
        fechas = (
            f"desde {formato.fecha(s.desde) or 'el inicio'} hasta "
            f"{formato.fecha(s.hasta) or 'hoy'}; se aplica a talleres (con su asistencia y "
            "acuerdos), actas y diagnósticos"
        )
    else:
        fechas = "todas las fechas"
    region_filtro = catalogos.cargar().regiones.get(s.cut_region or "")
    datos = [
        ("Origen", "Instalación", f"{a.nombre} ({rol}, dispositivo {a.dispositivo})"),
        ("Origen", "Región de la instalación", region.nombre_oficial if region else "Sin región"),
        ("Origen", "Exportado el", formato.momento_local(formato.ahora_utc())),
        ("Origen", "Formato", formato_salida),
        ("Filtros", "Región", region_filtro.nombre_oficial if region_filtro else "Todas"),
        ("Filtros", "Territorios", ", ".join(s.territorios)),
        ("Filtros", "Fechas", fechas),
        (
            "Filtros",
            "Datos personales",
            "Incluidos: nombres, RUT, teléfonos y autoidentificación (Ley 21.719: trátelos "
            "como datos personales y sensibles)"
            if s.con_datos_personales
            else "No incluidos: cada persona lleva un código seudónimo estable en vez de su "
            "nombre, RUT y teléfono",
        ),
    ]
    for t in tablas:
        datos.append((t.hoja, "(hoja)", t.descripcion))
        for c in t.columnas:
            datos.append((t.hoja, c.titulo, c.descripcion))
    columnas = (
        Columna("Hoja o tema", TEXTO, "Hoja del libro, o Origen y Filtros", 22),
        Columna("Columna o dato", TEXTO, "Nombre de la columna, o el dato", 30),
        Columna("Descripción o valor", TEXTO, "Qué contiene", 90),
    )
    return Tabla(
        "leame", "Léame", "Origen, filtros y diccionario de columnas", columnas, lambda: iter(datos)
    )
