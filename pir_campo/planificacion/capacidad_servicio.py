"""Paso 7: diagnósticos de capacidad de gestión local, plan de fortalecimiento y evolución.

El instrumento (secciones, ítems, escala, pesos, umbrales) es un dato versionado que carga y
puntúa `pir_campo.capacidad`; aquí se guardan respuestas, puntajes y acciones.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pir_campo import capacidad
from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.errores import ErrorValidacion
from pir_campo.formato import cantidad
from pir_campo.modelos import AccionPlan, Diagnostico, Organizacion, RespuestaDiagnostico
from pir_campo.modelos.enums import NivelCapacidad, TipoOrganizacion

# Organizaciones que operan o mantienen un servicio (las que se diagnostican).
OPERADORAS = (
    TipoOrganizacion.COMITE_APR,
    TipoOrganizacion.COOPERATIVA_APR,
    TipoOrganizacion.SSR,
    TipoOrganizacion.COOPERATIVA_ELECTRICA,
    TipoOrganizacion.JUNTA_VECINOS,
    TipoOrganizacion.MUNICIPALIDAD,
    TipoOrganizacion.OTRA,
)
_ORDEN_NIVEL = {"bajo": 0, "medio": 1, "alto": 2}


def registrar_diagnostico(
    almacen: Almacen,
    organizacion_id: str,
    fecha: dt.date | str,
    respuestas: dict[str, int],
    observaciones: str | None = None,
    instrumento: capacidad.Instrumento | None = None,
) -> Cambio:
    """Puntúa y guarda un diagnóstico completo con sus respuestas; nada si algo falla."""
    from pir_campo.servicios.envios import instrumento_vigente

    inst = instrumento or instrumento_vigente(almacen)
    faltan = [texto for codigo, texto in _items(inst) if codigo not in respuestas]
    if faltan:
        raise ErrorValidacion(
            f"Falta responder {cantidad(len(faltan), 'ítem')} del instrumento, "
            f"por ejemplo «{faltan[0]}».",
            "Respuesta",
        )
    resultado = capacidad.puntuar(inst, respuestas)
    org = almacen.obtener(Organizacion, organizacion_id)
    fila = {
        "territorio_id": org["territorio_id"],
        "organizacion_id": organizacion_id,
        "fecha": str(fecha),
        "instrumento": inst.codigo,
        "version_instrumento": inst.version,
        "puntaje": resultado.puntaje,
        "nivel": resultado.nivel,
        "observaciones": observaciones,
    }
    Diagnostico.validar(fila)
    with almacen.transaccion():
        nuevo = almacen.insertar(Diagnostico, fila)
        almacen.insertar_lote(
            RespuestaDiagnostico,
            [
                {
                    "territorio_id": org["territorio_id"],
                    "diagnostico_id": nuevo,
                    "item": codigo,
                    "valor": valor,
                }
                for codigo, valor in respuestas.items()
            ],
        )
    return Cambio(Diagnostico.tabla, (nuevo,), creado=True)


def _items(inst: capacidad.Instrumento) -> list[tuple[str, str]]:
    return [item for s in inst.secciones for item in s.items]


def detalle(almacen: Almacen, diagnostico_id: str) -> dict[str, Any]:
    """Diagnóstico con su puntaje por sección (recalculado con el instrumento vigente si es
    la misma versión) y su plan de fortalecimiento."""
    diag = almacen.obtener(Diagnostico, diagnostico_id)
    resp = q.respuestas(almacen, diagnostico_id)
    from pir_campo.servicios.envios import activar

    activar(almacen)
    inst = capacidad.por_version(diag["instrumento"], diag["version_instrumento"])
    secciones: list[tuple[str, float]] = []
    if inst is not None:
        conocidas = {c: v for c, v in resp.items() if c in inst.items()}
        res = capacidad.puntuar(inst, conocidas)
        secciones = [(s.nombre, res.por_seccion[s.codigo]) for s in inst.secciones]
    return {
        **diag,
        "respuestas": resp,
        "secciones": secciones,
        "plan": plan(almacen, diagnostico_id),
    }


def plan(almacen: Almacen, diagnostico_id: str) -> list[dict[str, Any]]:
    return almacen.listar(AccionPlan, orden="fecha_limite", diagnostico_id=diagnostico_id)


def guardar_accion(
    almacen: Almacen, diagnostico_id: str, datos: dict[str, Any], id: str | None = None
) -> Cambio:
    diag = almacen.obtener(Diagnostico, diagnostico_id)
    fila = {**datos, "territorio_id": diag["territorio_id"], "diagnostico_id": diagnostico_id}
    if id is not None:
        return almacen.actualizar(AccionPlan, id, fila)
    nuevo = almacen.insertar(AccionPlan, fila)
    return Cambio(AccionPlan.tabla, (nuevo,), creado=True)


def tendencia(anterior: str | None, actual: str | None) -> str:
    if not anterior or not actual:
        return "Primer diagnóstico" if actual else "Sin diagnóstico"
    if anterior == actual:
        return f"Se mantiene en {NivelCapacidad(actual).etiqueta.lower()}"
    verbo = "Sube" if _ORDEN_NIVEL[actual] > _ORDEN_NIVEL[anterior] else "Baja"
    return (
        f"{verbo} de {NivelCapacidad(anterior).etiqueta.lower()} a "
        f"{NivelCapacidad(actual).etiqueta.lower()}"
    )


def evolucion(almacen: Almacen, organizacion_id: str) -> list[dict[str, Any]]:
    """Diagnósticos de una organización por fecha, cada uno con su cambio de nivel."""
    filas = almacen.listar(Diagnostico, orden="fecha", organizacion_id=organizacion_id)
    anterior = None
    for f in filas:
        f["tendencia"] = tendencia(anterior, f["nivel"])
        anterior = f["nivel"]
    return filas


def niveles_territorio(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    """Una fila por organización: último nivel, el anterior, la tendencia y acciones abiertas.

    Las organizaciones operadoras sin diagnóstico aparecen también, para que se note la falta.
    """
    por_org: dict[str, list[dict[str, Any]]] = {}
    for d in q.diagnosticos_territorio(almacen, territorio_id):
        por_org.setdefault(d["organizacion_id"], []).append(d)
    salida = []
    for org in almacen.listar(Organizacion, orden="nombre", territorio_id=territorio_id):
        diags = por_org.get(org["id"], [])
        if not diags and org["tipo"] not in OPERADORAS:
            continue
        ultimo = diags[-1] if diags else None
        previo = diags[-2] if len(diags) > 1 else None
        salida.append(
            {
                "organizacion_id": org["id"],
                "organizacion": org["nombre"],
                "tipo": TipoOrganizacion(org["tipo"]).etiqueta,
                "diagnosticos": len(diags),
                "diagnostico_id": ultimo["id"] if ultimo else None,
                "fecha": ultimo["fecha"] if ultimo else None,
                "puntaje": ultimo["puntaje"] if ultimo else None,
                "nivel": ultimo["nivel"] if ultimo else None,
                "nivel_anterior": previo["nivel"] if previo else None,
                "tendencia": tendencia(
                    previo["nivel"] if previo else None, ultimo["nivel"] if ultimo else None
                ),
                "acciones_pendientes": ultimo["acciones_pendientes"] if ultimo else 0,
            }
        )
    return salida
