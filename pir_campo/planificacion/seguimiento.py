"""Paso 8: seguimiento por territorio (ocho pasos, necesidades, cartera, acuerdos vencidos) y
por región (lo mismo, una fila por territorio)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.formato import cantidad, numero
from pir_campo.modelos import OfertaInversion, Territorio
from pir_campo.modelos.enums import EstadoPmdt, EstadoTerritorio, EtapaProyecto, PasoCritico
from pir_campo.planificacion import capacidad_servicio, necesidades, pmdt

CUMPLIDO, EN_CURSO, PENDIENTE = "Cumplido", "En curso", "Pendiente"
_EN_OBRA = {EtapaProyecto.EJECUCION.value, EtapaProyecto.OPERACION.value}


@dataclass(frozen=True)
class Paso:
    numero: int
    etiqueta: str
    componente: str
    estado: str
    detalle: str
    talleres: int


@dataclass
class SeguimientoTerritorio:
    territorio: dict[str, Any]
    pasos: list[Paso]
    necesidades: dict[str, dict[str, int]]
    cartera: dict[str, Any]
    acuerdos_vencidos: list[dict[str, Any]]  # vacía si se pidió sin el detalle
    capacidad: dict[str, int] = field(default_factory=dict)
    total_vencidos: int = 0  # cuántos acuerdos vencidos hay, con o sin el detalle

    @property
    def pasos_cumplidos(self) -> int:
        return sum(p.estado == CUMPLIDO for p in self.pasos)

    @property
    def paso_actual(self) -> int:
        """El primer paso no cumplido (9 si están todos)."""
        return next((p.numero for p in self.pasos if p.estado != CUMPLIDO), 9)


def _avance_cartera(almacen: Almacen, versiones: list[dict[str, Any]]) -> dict[str, Any]:
    """Cartera de la última versión validada por el CORE (o la más reciente si no hay)."""
    if not versiones:
        return {
            "version": None,
            "estado": None,
            "iniciativas": 0,
            "en_obra": 0,
            "por_etapa": {},
            "porcentaje": 0.0,
        }
    validadas = [v for v in versiones if v["estado"] == EstadoPmdt.VALIDADO_CORE]
    base = (validadas or versiones)[-1]
    cartera = pmdt.cartera(almacen, base["id"])
    por_etapa: dict[str, int] = {}
    for i in cartera:
        por_etapa[i["etapa"]] = por_etapa.get(i["etapa"], 0) + 1
    en_obra = sum(por_etapa.get(e, 0) for e in _EN_OBRA)
    return {
        "version": base["version"],
        "estado": EstadoPmdt(base["estado"]).etiqueta,
        "iniciativas": len(cartera),
        "en_obra": en_obra,
        "por_etapa": por_etapa,
        "porcentaje": round(100 * en_obra / len(cartera), 1) if cartera else 0.0,
    }


def territorio(
    almacen: Almacen, territorio_id: str, hoy: dt.date | None = None, con_acuerdos: bool = True
) -> SeguimientoTerritorio:
    """`con_acuerdos=False`: sin la lista de acuerdos vencidos, solo cuántos son (la región y
    el informe regional no la muestran, y leer cada acuerdo con su taller era la consulta más
    cara de Inicio en frío)."""
    hoy = hoy or dt.date.today()
    terr = almacen.obtener(Territorio, territorio_id)
    talleres = q.talleres_por_paso(almacen, territorio_id)
    indicadores = q.indicadores(almacen, [territorio_id])
    actas_terr = [
        a
        for a in q.actas(almacen, territorio_id, "validacion_territorio")
        if a["estado"] == "firmada" and a["decision"] != "rechazado"
    ]
    ofertas = almacen.contar(OfertaInversion, territorio_id=territorio_id)
    versiones = pmdt.versiones(almacen, territorio_id)
    cartera = _avance_cartera(almacen, versiones)
    matriz = necesidades.matriz_tipologia_etapa(almacen, [territorio_id])
    total_nec = sum(sum(f.values()) for f in matriz.values())
    avanzadas = sum(
        n for f in matriz.values() for e, n in f.items() if e not in ("idea", "descartada")
    )
    orgs = capacidad_servicio.niveles_territorio(almacen, territorio_id)
    con_diag = [o for o in orgs if o["nivel"]]
    niveles = {n: sum(o["nivel"] == n for o in con_diag) for n in ("alto", "medio", "bajo")}
    if con_acuerdos:
        vencidos = q.acuerdos_vencidos(almacen, [territorio_id], hoy.isoformat())
        for a in vencidos:
            a["dias_atraso"] = (hoy - dt.date.fromisoformat(a["fecha_compromiso"])).days
        total_vencidos = len(vencidos)
    else:
        vencidos = []
        total_vencidos = q.contar_acuerdos_vencidos(almacen, [territorio_id], hoy.isoformat())

    def estado(cumplido: bool, en_curso: bool) -> str:
        return CUMPLIDO if cumplido else EN_CURSO if en_curso else PENDIENTE

    def t(n: int) -> int:
        return talleres.get(n, (0, 0))[0]

    validado_core = any(v["estado"] == EstadoPmdt.VALIDADO_CORE for v in versiones)
    validado_tec = any(v["estado"] == EstadoPmdt.VALIDADO_TECNICAMENTE for v in versiones)
    reglas = [
        (
            terr["estado"] == "seleccionado",
            bool(indicadores) or t(1) > 0,
            f"{cantidad(len(indicadores), 'indicador')}; "
            f"{EstadoTerritorio(terr['estado']).etiqueta.lower()}",
        ),
        (
            bool(actas_terr),
            t(2) > 0,
            cantidad(len(actas_terr), "acta de validación firmada", "actas de validación firmadas"),
        ),
        (
            ofertas > 0,
            t(3) > 0,
            cantidad(ofertas, "inversión registrada", "inversiones registradas"),
        ),
        (
            bool(versiones) and cartera["iniciativas"] > 0,
            bool(versiones) or t(4) > 0,
            f"{cantidad(len(versiones), 'versión')}; "
            f"{cantidad(cartera['iniciativas'], 'iniciativa')} en cartera",
        ),
        (
            validado_core,
            validado_tec or t(5) > 0,
            "Validado por el CORE" if validado_core else "Sin validación del CORE",
        ),
        (
            cartera["iniciativas"] > 0 and cartera["en_obra"] == cartera["iniciativas"],
            avanzadas > 0 or cartera["en_obra"] > 0,
            f"{numero(cartera['en_obra'])} de {cantidad(cartera['iniciativas'], 'iniciativa')} en "
            f"ejecución u operación; {numero(avanzadas)} de "
            f"{cantidad(total_nec, 'necesidad')} con preinversión",
        ),
        (
            bool(orgs) and len(con_diag) == len(orgs),
            bool(con_diag),
            f"{numero(len(con_diag))} de {cantidad(len(orgs), 'organización')} con diagnóstico",
        ),
        (
            len(versiones) > 1 and t(8) > 0,
            t(8) > 0 or len(versiones) > 1,
            f"{cantidad(len(versiones), 'versión')} del PMDT; "
            f"{cantidad(total_vencidos, 'acuerdo vencido', 'acuerdos vencidos')}",
        ),
    ]
    pasos = [
        Paso(p.value, p.etiqueta, p.componente.etiqueta, estado(c, e), d, t(p.value))
        for p, (c, e, d) in zip(PasoCritico, reglas, strict=True)
    ]
    return SeguimientoTerritorio(terr, pasos, matriz, cartera, vencidos, niveles, total_vencidos)


def region(
    almacen: Almacen, cut_region: str | None, hoy: dt.date | None = None, con_acuerdos: bool = True
) -> list[SeguimientoTerritorio]:
    """El seguimiento de cada territorio de la región (o de todos, sin región)."""
    return [
        territorio(almacen, t["id"], hoy, con_acuerdos) for t in q.territorios(almacen, cut_region)
    ]


def totales_region(seguimientos: list[SeguimientoTerritorio]) -> dict[str, Any]:
    """Suma de la región: necesidades por tipología y etapa, cartera, acuerdos y capacidad."""
    matriz: dict[str, dict[str, int]] = {}
    for s in seguimientos:
        for tip, fila in s.necesidades.items():
            destino = matriz.setdefault(tip, dict.fromkeys(fila, 0))
            for etapa, n in fila.items():
                destino[etapa] += n
    return {
        "territorios": len(seguimientos),
        "necesidades": matriz,
        "iniciativas": sum(s.cartera["iniciativas"] for s in seguimientos),
        "en_obra": sum(s.cartera["en_obra"] for s in seguimientos),
        "acuerdos_vencidos": sum(s.total_vencidos for s in seguimientos),
        "capacidad": {
            n: sum(s.capacidad.get(n, 0) for s in seguimientos) for n in ("alto", "medio", "bajo")
        },
    }
