"""Lo que muestran las pantallas de inicio y el informe regional: el mapa, la grilla de pasos,
los gráficos (con sus números) y el estado de la sincronización.

Todo se arma aquí, sin Qt, para que la pantalla y el PDF muestren exactamente lo mismo.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pir_campo import catalogos, formato
from pir_campo import mapa as geo
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_inicio as qi
from pir_campo.almacen import consultas_planificacion as qp
from pir_campo.modelos.enums import EtapaProyecto, PasoCritico, Sexo, Tipologia, TramoEdad

# Sin pydantic al abrir: el inicio del notebook es la primera pantalla de la aplicación y se
# arma con SQL simple; el seguimiento (que valida con los modelos) se importa solo en la oficina.

SIN_DATO = "Sin dato"
CUMPLIDO, EN_CURSO, PENDIENTE = "Cumplido", "En curso", "Pendiente"


@dataclass
class Grafico:
    """Un gráfico de barras (apiladas si hay varias series) y la tabla de sus números."""

    clave: str
    titulo: str
    categorias: list[str]
    series: list[tuple[str, list[float]]]
    unidad: str = ""
    nota: str = ""
    decimales: int = 0
    horizontal: bool = True  # barras horizontales (rótulos largos); las series de tiempo no

    @property
    def total(self) -> float:
        return sum(sum(v) for _n, v in self.series)

    def filas_tabla(self) -> tuple[list[str], list[list[str]]]:
        """Encabezados y filas: una por categoría, una columna por serie y el total."""
        decimales = self.decimales
        encabezados = ["", *[n for n, _v in self.series]]
        if len(self.series) > 1:
            encabezados.append("Total")
        filas = []
        for i, categoria in enumerate(self.categorias):
            valores = [v[i] for _n, v in self.series]
            fila = [categoria, *[formato.numero(x, decimales) for x in valores]]
            if len(self.series) > 1:
                fila.append(formato.numero(sum(valores), decimales))
            filas.append(fila)
        return encabezados, filas


@dataclass
class Punto:
    tipo: str  # localidad, necesidad, iniciativa
    id: str
    nombre: str
    latitud: float
    longitud: float
    territorio_id: str
    tipologia: str | None = None
    detalle: str = ""


@dataclass
class DatosMapa:
    puntos: list[Punto] = field(default_factory=list)
    # territorio_id -> (nombre, contorno [(lat, lon)])
    territorios: dict[str, tuple[str, list[tuple[float, float]]]] = field(default_factory=dict)
    # nombre de comuna -> (lat, lon) del centro de sus localidades
    comunas: dict[str, tuple[float, float]] = field(default_factory=dict)

    def caja(self) -> geo.Caja | None:
        return geo.caja_de((p.latitud, p.longitud) for p in self.puntos)


def _etiqueta(enum, valor: str | None) -> str:
    if valor in (None, "", "sin_dato"):
        return SIN_DATO
    try:
        return enum(valor).etiqueta
    except ValueError:
        return str(valor)


def mapa(almacen: Almacen, territorio_ids: list[str]) -> DatosMapa:
    """Localidades, necesidades e iniciativas con lugar, y la extensión de cada territorio."""
    datos = DatosMapa()
    cat = catalogos.cargar()
    por_territorio: dict[str, list[tuple[float, float]]] = defaultdict(list)
    nombres: dict[str, str] = {}
    por_comuna: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for loc in qi.localidades_mapa(almacen, territorio_ids):
        comuna = cat.comunas.get(loc["cut_comuna"] or "")
        nombre_comuna = comuna.nombre if comuna else ""
        datos.puntos.append(
            Punto(
                "localidad",
                loc["id"],
                loc["nombre"],
                loc["latitud"],
                loc["longitud"],
                loc["territorio_id"],
                detalle=f"Localidad · {nombre_comuna} · {loc['territorio']}".replace(" ·  ·", " ·"),
            )
        )
        por_territorio[loc["territorio_id"]].append((loc["latitud"], loc["longitud"]))
        nombres[loc["territorio_id"]] = loc["territorio"]
        if nombre_comuna:
            por_comuna[nombre_comuna].append((loc["latitud"], loc["longitud"]))
    for n in qi.necesidades_mapa(almacen, territorio_ids):
        datos.puntos.append(
            Punto(
                "necesidad",
                n["id"],
                n["titulo"] or "Necesidad sin título",
                n["latitud"],
                n["longitud"],
                n["territorio_id"],
                n["tipologia"],
                f"Necesidad · {_etiqueta(Tipologia, n['tipologia'])} · "
                f"{_etiqueta(EtapaProyecto, n['etapa'])}",
            )
        )
        por_territorio[n["territorio_id"]].append((n["latitud"], n["longitud"]))
    for i in qi.iniciativas_mapa(almacen, territorio_ids):
        datos.puntos.append(
            Punto(
                "iniciativa",
                i["id"],
                i["nombre"] or "Iniciativa sin nombre",
                i["latitud"],
                i["longitud"],
                i["territorio_id"],
                i["tipologia"],
                f"Iniciativa de cartera · {_etiqueta(Tipologia, i['tipologia'])} · "
                f"{_etiqueta(EtapaProyecto, i['etapa'])}",
            )
        )
    for tid, puntos in por_territorio.items():
        datos.territorios[tid] = (nombres.get(tid, ""), geo.contorno(puntos))
    for nombre, puntos in por_comuna.items():
        datos.comunas[nombre] = (
            sum(p[0] for p in puntos) / len(puntos),
            sum(p[1] for p in puntos) / len(puntos),
        )
    return datos


def mapa_en_listas(datos: DatosMapa) -> dict[str, list]:
    """El mapa en listas simples (para el PDF y su huella): puntos, territorios y comunas."""
    return {
        "puntos": [
            [p.tipo, p.id, p.nombre, p.latitud, p.longitud, p.tipologia] for p in datos.puntos
        ],
        "territorios": [
            [tid, nombre, [list(c) for c in contorno]]
            for tid, (nombre, contorno) in sorted(datos.territorios.items())
        ],
        "comunas": [[n, la, lo] for n, (la, lo) in sorted(datos.comunas.items())],
    }


# ---- gráficos ------------------------------------------------------------------------------


def grafico_necesidades(almacen: Almacen, territorio_ids: list[str]) -> Grafico:
    conteo: dict[tuple[str, str], int] = {}
    for f in qp.conteo_necesidades(almacen, territorio_ids):
        conteo[(f["tipologia"] or "", f["etapa"] or "")] = f["cantidad"]
    tipologias = [t for t in Tipologia if any(k[0] == t.value for k in conteo)]
    etapas = [e for e in EtapaProyecto if any(k[1] == e.value for k in conteo)]
    return Grafico(
        "necesidades",
        "Necesidades por tipología y etapa",
        [t.corta for t in tipologias],
        [(e.etiqueta, [conteo.get((t.value, e.value), 0) for t in tipologias]) for e in etapas],
        "necesidades",
    )


def grafico_cartera(almacen: Almacen, territorio_ids: list[str]) -> Grafico:
    filas = qi.cartera_por_etapa_y_fuente(almacen, territorio_ids)
    etapas = [e for e in EtapaProyecto if any(f["etapa"] == e.value for f in filas)]
    fuentes = sorted({f["fuente"] for f in filas})
    montos = {(f["etapa"], f["fuente"]): f["miles"] for f in filas}
    sin_sumar = sum(f["sin_sumar"] or 0 for f in filas)
    return Grafico(
        "cartera",
        "Cartera vigente por etapa y fuente de financiamiento (MM$)",
        [e.etiqueta for e in etapas],
        [(fu, [round(montos.get((e.value, fu), 0) / 1000, 1) for e in etapas]) for fu in fuentes],
        "MM$ (millones de pesos)",
        f"{sin_sumar} iniciativa(s) con costo en UF sin valor de la UF no se suman."
        if sin_sumar
        else "",
        decimales=1,
    )


def _participacion(almacen: Almacen, territorio_ids: list[str]) -> list[dict[str, Any]]:
    return qi.participacion_por_mes(almacen, territorio_ids)


_SEXOS = [*((s.value, s.etiqueta) for s in Sexo), ("sin_dato", SIN_DATO)]
_TRAMOS = [*((t.value, t.etiqueta) for t in TramoEdad), ("sin_dato", SIN_DATO)]


def grafico_participacion_mes(filas: list[dict[str, Any]]) -> Grafico:
    meses = sorted({f["mes"] for f in filas})
    por = defaultdict(int)
    for f in filas:
        por[(f["mes"], f["sexo"])] += f["asistencias"]
    sexos = [(v, e) for v, e in _SEXOS if any(k[1] == v for k in por)]
    return Grafico(
        "participacion_mes",
        "Participación en talleres por mes y sexo",
        [f"{m[5:7]}-{m[:4]}" for m in meses],
        [(e, [por.get((m, v), 0) for m in meses]) for v, e in sexos],
        "asistencias",
        horizontal=False,
    )


def grafico_participacion_edad(filas: list[dict[str, Any]]) -> Grafico:
    por = defaultdict(int)
    for f in filas:
        por[(f["tramo"], f["sexo"])] += f["asistencias"]
    tramos = [(v, e) for v, e in _TRAMOS if any(k[0] == v for k in por)]
    sexos = [(v, e) for v, e in _SEXOS if any(k[1] == v for k in por)]
    return Grafico(
        "participacion_edad",
        "Participación en talleres por tramo de edad y sexo",
        [e for _v, e in tramos],
        [(e, [por.get((t, s), 0) for t, _e in tramos]) for s, e in sexos],
        "asistencias",
    )


def fin_de_mes(hoy: dt.date) -> dt.date:
    return hoy.replace(day=calendar.monthrange(hoy.year, hoy.month)[1])


def grafico_acuerdos(almacen: Almacen, territorio_ids: list[str], hoy: dt.date) -> Grafico:
    p = qi.acuerdos_por_plazo(almacen, territorio_ids, hoy.isoformat(), fin_de_mes(hoy).isoformat())
    return Grafico(
        "acuerdos",
        "Acuerdos sin cumplir según su plazo",
        ["Vencidos", "Vencen este mes", "Vencen más adelante", "Sin fecha"],
        [
            (
                "Acuerdos",
                [p["vencidos"], p["este_mes"], p["mas_adelante"], p["sin_fecha"]],
            )
        ],
        "acuerdos",
    )


def graficos(almacen: Almacen, territorio_ids: list[str], hoy: dt.date) -> list[Grafico]:
    """Los cinco gráficos. La participación recorre cada asistencia de la región (~1 s con
    20.000 talleres): se recuerdan mientras la base no cambie (`Almacen.recordar`), así el
    informe pedido desde Inicio, o volver a Inicio, no repiten las consultas."""

    def calcular() -> list[Grafico]:
        filas = _participacion(almacen, territorio_ids)
        return [
            grafico_necesidades(almacen, territorio_ids),
            grafico_cartera(almacen, territorio_ids),
            grafico_participacion_mes(filas),
            grafico_participacion_edad(filas),
            grafico_acuerdos(almacen, territorio_ids, hoy),
        ]

    return list(almacen.recordar(("inicio.graficos", tuple(territorio_ids), hoy), calcular))


# ---- pantallas -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paso:
    numero: int
    etiqueta: str
    estado: str  # Cumplido, En curso, Pendiente
    detalle: str  # lo que tiene o lo que le falta, para la ayuda
    falta: str = ""  # lo que le falta al paso (registros del territorio), para la ayuda


@dataclass
class FilaPasos:
    territorio_id: str
    nombre: str
    paso_actual: int
    pasos: list[Paso]


def _fila(almacen: Almacen, s: Any) -> FilaPasos:
    """Del seguimiento (paso 8) de la oficina; la ayuda suma lo que le falta a cada paso según
    sus registros (lo mismo que muestra la pantalla del territorio)."""
    from pir_campo.servicios import territorio as srv

    faltas = {
        f["paso"]: "" if f["falta"] == "Completo" else f["falta"]
        for f in srv.estado_pasos(almacen, s.territorio["id"])
    }
    pasos = [
        Paso(p.numero, p.etiqueta, p.estado, p.detalle, faltas.get(p.numero, "")) for p in s.pasos
    ]
    return FilaPasos(s.territorio["id"], s.territorio["nombre"], s.paso_actual, pasos)


_ESTADO_CAMPO = {"completo": CUMPLIDO, "en_curso": EN_CURSO, "sin_iniciar": PENDIENTE}


def _fila_campo(almacen: Almacen, t: dict[str, Any]) -> FilaPasos:
    """En el notebook, el mismo estado de los pasos que la pantalla del territorio (lo que la
    facilitadora verá al hacer clic), con lo que falta de cada paso."""
    from pir_campo.servicios import territorio as srv

    filas = srv.estado_pasos(almacen, t["id"])
    pasos = [
        Paso(
            f["paso"],
            PasoCritico(f["paso"]).etiqueta,
            _ESTADO_CAMPO[f["estado"]],
            f"Registrado: {f['tiene']}. {f['falta']}.",
        )
        for f in filas
    ]
    return FilaPasos(t["id"], t["nombre"], srv.paso_actual(filas), pasos)


def nombre_region(cut: str | None) -> str:
    region = catalogos.cargar().regiones.get(cut or "")
    return region.nombre if region else "todas las regiones"


@dataclass
class InicioOficina:
    region: str | None
    nombre_region: str
    hoy: dt.date
    pasos: list[FilaPasos]
    mapa: DatosMapa
    graficos: list[Grafico]
    dispositivos: list[dict[str, Any]]


@dataclass
class InicioCampo:
    nombre: str
    hoy: dt.date
    pasos: list[FilaPasos]
    # Los acuerdos por cumplir hasta fin de mes, en orden; al abrir, solo los primeros
    # (`PRIMEROS_ACUERDOS`): el resto llega después con `resto_campo`.
    acuerdos: list[dict[str, Any]]
    total_pendientes: int | None  # None: aún sin contar (llega con `resto_campo`)
    oficina: dict[str, Any] | None
    mapa: DatosMapa
    total_acuerdos: int = 0
    acuerdos_vencidos: int = 0

    @property
    def completo(self) -> bool:
        return self.total_pendientes is not None and len(self.acuerdos) >= self.total_acuerdos


# Los acuerdos que el Inicio del notebook lee al abrir (más que los que caben a la vista);
# los demás, y la cuenta de cambios sin confirmar, en un segundo trabajo.
PRIMEROS_ACUERDOS = 60


@dataclass
class RestoCampo:
    acuerdos: list[dict[str, Any]]
    total_pendientes: int


def oficina(
    almacen: Almacen,
    cut_region: str | None = None,
    hoy: dt.date | None = None,
    con_graficos: bool = True,
) -> InicioOficina:
    """La región de un vistazo: pasos por territorio, mapa, gráficos y cada notebook.

    `con_graficos=False`: sin los gráficos (quedan vacíos), que la pantalla pide aparte con
    `graficos(almacen, ids, hoy)`: recorren cada asistencia de la región y la grilla y el mapa
    no tienen por qué esperarlos."""
    from pir_campo.planificacion import seguimiento
    from pir_campo.sincro import estado as estado_sincro

    hoy = hoy or dt.date.today()
    region = cut_region if cut_region is not None else almacen.cut_region

    def pasos_y_mapa() -> tuple[list[FilaPasos], DatosMapa]:
        segs = seguimiento.region(almacen, region, hoy, con_acuerdos=False)
        ids = [s.territorio["id"] for s in segs]
        return [_fila(almacen, s) for s in segs], mapa(almacen, ids)

    # Lo mismo para Inicio y su informe: se recuerda mientras la base no cambie.
    pasos, datos_mapa = almacen.recordar(("inicio.pasos", region, hoy), pasos_y_mapa)
    ids = [f.territorio_id for f in pasos]
    return InicioOficina(
        region,
        nombre_region(region),
        hoy,
        list(pasos),
        datos_mapa,
        graficos(almacen, ids, hoy) if con_graficos else [],
        estado_sincro.estado(almacen).get("dispositivos", []),
    )


def _acuerdos_campo(
    almacen: Almacen, ids: list[str], hoy: dt.date, limite: int = -1, saltar: int = 0
) -> list[dict[str, Any]]:
    acuerdos = qi.acuerdos_entre(
        almacen, ids, "0000-00-00", fin_de_mes(hoy).isoformat(), limite, saltar
    )
    for a in acuerdos:
        a["vencido"] = a["fecha_compromiso"] < hoy.isoformat()
    return acuerdos


def campo(almacen: Almacen, hoy: dt.date | None = None, completo: bool = True) -> InicioCampo:
    """Lo que toca hacer: mis territorios y su paso, acuerdos del mes y lo que falta enviar.

    `completo=False` (al abrir la aplicación): de los acuerdos solo los primeros y cuántos son,
    y sin contar los cambios sin confirmar; el resto lo trae `resto_campo` en otro trabajo,
    mientras la pantalla ya se ve."""
    hoy = hoy or dt.date.today()
    territorios = qp.territorios(almacen)
    ids = [t["id"] for t in territorios]
    total, vencidos = qi.contar_acuerdos_entre(
        almacen, ids, "0000-00-00", fin_de_mes(hoy).isoformat(), hoy.isoformat()
    )
    acuerdos = _acuerdos_campo(almacen, ids, hoy, -1 if completo else PRIMEROS_ACUERDOS)
    of = qi.oficina_del_notebook(almacen)
    oficina_ = None
    if of:
        importado = of["importado_en"]
        oficina_ = {
            "nombre": of["nombre"],
            "ultimo_paquete": formato.momento_local(importado.replace("Z", "+00:00"))
            if importado
            else "",
        }
    return InicioCampo(
        almacen.nombre,
        hoy,
        [_fila_campo(almacen, t) for t in territorios],
        acuerdos,
        almacen.pendientes_envio() if completo else None,
        oficina_,
        mapa(almacen, ids),
        total,
        vencidos,
    )


def resto_campo(almacen: Almacen, hoy: dt.date, desde: int) -> RestoCampo:
    """Lo que `campo(completo=False)` dejó para después: los acuerdos desde el número `desde`
    y la cuenta de cambios sin confirmar por la oficina."""
    ids = [t["id"] for t in qp.territorios(almacen)]
    return RestoCampo(_acuerdos_campo(almacen, ids, hoy, saltar=desde), almacen.pendientes_envio())


def inicio(
    almacen: Almacen, hoy: dt.date | None = None, con_graficos: bool = True
) -> InicioOficina | InicioCampo:
    if almacen.rol == "oficina":
        return oficina(almacen, hoy=hoy, con_graficos=con_graficos)
    return campo(almacen, hoy)


def para_pantalla(almacen: Almacen) -> InicioOficina | InicioCampo:
    """Lo que la pantalla Inicio pide primero: todo menos los gráficos de la oficina, que pide
    después en otro trabajo (`graficos`), y en el notebook sin el resto de los acuerdos ni la
    cuenta de cambios sin confirmar (`resto_campo`). La aplicación lo adelanta al arrancar."""
    if almacen.rol == "oficina":
        return oficina(almacen, con_graficos=False)
    return campo(almacen, completo=False)
