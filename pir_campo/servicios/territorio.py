"""Dónde está un territorio en los ocho pasos: qué tiene cada paso y qué le falta."""

from __future__ import annotations

import json
from typing import Any

from pir_campo import catalogos
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_campo as q
from pir_campo.formato import cantidad
from pir_campo.modelos.enums import EstadoTerritorio, PasoCritico, TipoActa

# Pasos que terminan con un acta de validación firmada.
ACTA_DEL_PASO = {2: TipoActa.VALIDACION_TERRITORIO, 5: TipoActa.VALIDACION_PMDT}
# Otros registros que muestran avance en un paso: (tabla, texto en plural).
REGISTROS_DEL_PASO = {
    3: ("oferta_inversion", "ofertas de inversión"),
    4: ("necesidad", "necesidades"),
    6: ("iniciativa", "iniciativas de cartera"),
    7: ("diagnostico", "diagnósticos de capacidad"),
}


def _comunas(cuts: list[str]) -> list[str]:
    cat = catalogos.cargar()
    return [cat.comunas[c].nombre if c in cat.comunas else c for c in cuts]


def para_elegir(almacen: Almacen) -> list[dict[str, Any]]:
    """Id, nombre y región de cada territorio (el selector de la ventana), sin contar sus
    talleres ni personas: el arranque espera esta consulta antes de la de Inicio, y contar
    recorre las personas de cada territorio (~60 ms con 2.000 talleres)."""
    from pir_campo.almacen import consultas_planificacion as qp

    regiones = catalogos.cargar().regiones
    filas = qp.territorios(almacen)
    for f in filas:
        region = regiones.get(f["cut_region"])
        f["region"] = region.nombre if region else f["cut_region"]
    return filas


def lista(almacen: Almacen) -> list[dict[str, Any]]:
    cat = catalogos.cargar()
    filas = q.territorios(almacen.conn)
    for f in filas:
        cuts = json.loads(f["comunas"]) if isinstance(f["comunas"], str) else f["comunas"]
        f["comunas"] = ", ".join(_comunas(cuts))
        region = cat.regiones.get(f["cut_region"])
        f["region"] = region.nombre if region else f["cut_region"]
        f["estado"] = EstadoTerritorio(f["estado"]).etiqueta
    return filas


def estado_pasos(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    """Una fila por paso con lo que tiene, lo que falta y un estado de tres valores."""
    conn = almacen.conn
    talleres = q.talleres_por_paso(conn, territorio_id)
    actas = q.actas_por_tipo(conn, territorio_id)
    salida = []
    for paso in PasoCritico:
        t = talleres.get(paso, {"talleres": 0, "cerrados": 0, "sin_hoja": 0})
        tiene, falta = [], []
        if t["talleres"]:
            abiertos = t["talleres"] - t["cerrados"]
            tiene.append(
                f"{t['talleres']} taller{'es' if t['talleres'] != 1 else ''}"
                + (f" ({abiertos} en curso)" if abiertos else "")
            )
        if not t["cerrados"]:
            falta.append("un taller cerrado")
        if t["sin_hoja"]:
            falta.append(f"hoja de asistencia firmada en {cantidad(t['sin_hoja'], 'taller')}")
        firmada = True
        if paso in ACTA_DEL_PASO:
            a = actas.get(ACTA_DEL_PASO[paso], {"actas": 0, "firmadas": 0})
            firmada = a["firmadas"] > 0
            if a["actas"]:
                tiene.append(
                    f"{cantidad(a['actas'], 'acta')}, {cantidad(a['firmadas'], 'firmada')}"
                )
            if not firmada:
                falta.append("el acta de validación firmada")
        if paso in REGISTROS_DEL_PASO:
            tabla, plural = REGISTROS_DEL_PASO[paso]
            n = q.conteo_por(conn, tabla, territorio_id)
            if n:
                tiene.append(f"{n} {plural}")
            else:
                falta.append(plural)
        if not tiene:
            estado = "sin_iniciar"
        elif not falta:
            estado = "completo"
        else:
            estado = "en_curso"
        salida.append(
            {
                "id": str(int(paso)),
                "paso": int(paso),
                "etiqueta": paso.etiqueta,
                "componente": paso.componente.etiqueta,
                "talleres": t["talleres"],
                "cerrados": t["cerrados"],
                "tiene": "; ".join(tiene) or "Nada registrado",
                "falta": ("Falta " + ", ".join(falta)) if falta else "Completo",
                "estado": estado,
                "acta_firmada": firmada,
            }
        )
    return salida


def paso_actual(pasos: list[dict[str, Any]]) -> int:
    """El primer paso que no está completo (o el 8 si todos lo están)."""
    return next((p["paso"] for p in pasos if p["estado"] != "completo"), 8)


def ficha(almacen: Almacen, territorio_id: str) -> dict[str, Any]:
    t = q.territorio(almacen.conn, territorio_id)
    region = catalogos.cargar().regiones.get(t["cut_region"])
    locs = q.localidades(almacen.conn, territorio_id)
    cat = catalogos.cargar()
    for loc in locs:
        comuna = cat.comunas.get(loc["cut_comuna"])
        loc["comuna"] = comuna.nombre if comuna else loc["cut_comuna"]
    pasos = estado_pasos(almacen, territorio_id)
    return {
        "territorio": t,
        "region": region.nombre if region else t["cut_region"],
        "comunas": _comunas(t["comunas"]),
        "localidades": locs,
        "pasos": pasos,
        "paso_actual": paso_actual(pasos),
    }
