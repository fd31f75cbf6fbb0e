"""Priorización participativa (pasos 4 y 8): votos o lugares de las necesidades en un taller.

El resultado queda en filas `VotoPriorizacion` ligadas al taller y pasa a ser la prioridad de
cada necesidad. Registrar de nuevo en el mismo taller reemplaza la priorización anterior.
"""

from __future__ import annotations

from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.formato import fecha as fmt_fecha
from pir_campo.modelos import Necesidad, Taller, VotoPriorizacion
from pir_campo.modelos.enums import EstadoTaller

_CAMPO = "Priorización"


def _falla(texto: str) -> ErrorValidacion:
    return ErrorValidacion(texto, _CAMPO)


def calcular_lugares(resultados: list[dict[str, Any]], titulos: dict[str, str]) -> dict[str, int]:
    """Lugar de cada necesidad: el indicado, o por votos (más votos, mejor lugar).

    Un lugar repetido o un empate de votos sin lugar que lo desempate se rechaza: la
    comunidad decide el desempate, no el programa.
    """
    if not resultados:
        raise _falla("La priorización no tiene necesidades.")
    vistos: set[str] = set()
    for r in resultados:
        if r["necesidad_id"] in vistos:
            raise _falla(
                f"La necesidad «{titulos[r['necesidad_id']]}» aparece dos veces en la priorización."
            )
        vistos.add(r["necesidad_id"])
    con_lugar = [r for r in resultados if r.get("lugar") is not None]
    if con_lugar and len(con_lugar) != len(resultados):
        falta = next(r for r in resultados if r.get("lugar") is None)
        raise _falla(
            f"Falta el lugar de «{titulos[falta['necesidad_id']]}»: si se ordena por lugar, "
            "todas las necesidades llevan el suyo."
        )
    if con_lugar:
        por_lugar: dict[int, str] = {}
        for r in resultados:
            lugar = int(r["lugar"])
            if lugar < 1:
                raise _falla("Los lugares de la priorización parten en 1.")
            if lugar in por_lugar:
                raise _falla(
                    f"El lugar {lugar} se asignó dos veces en la priorización "
                    f"(«{titulos[por_lugar[lugar]]}» y «{titulos[r['necesidad_id']]}»)."
                )
            por_lugar[lugar] = r["necesidad_id"]
        return {n: lugar for lugar, n in por_lugar.items()}
    for r in resultados:
        if r.get("votos") is None:
            raise _falla(
                f"Falta la cantidad de votos o el lugar de «{titulos[r['necesidad_id']]}»."
            )
        if int(r["votos"]) < 0:
            raise _falla("Los votos no pueden ser negativos.")
    orden = sorted(resultados, key=lambda r: -int(r["votos"]))
    for a, b in zip(orden, orden[1:], strict=False):
        if int(a["votos"]) == int(b["votos"]):
            raise _falla(
                f"Hay un empate de {a['votos']} votos entre «{titulos[a['necesidad_id']]}» y "
                f"«{titulos[b['necesidad_id']]}»: indique el lugar de cada necesidad para "
                "desempatar."
            )
    return {r["necesidad_id"]: n for n, r in enumerate(orden, start=1)}


def registrar(almacen: Almacen, taller_id: str, resultados: list[dict[str, Any]]) -> list[Cambio]:
    """Guarda la priorización de un taller y la prioridad de cada necesidad, todo o nada.

    `resultados`: [{"necesidad_id", "votos"?, "lugar"?}, ...].
    """
    taller = almacen.obtener(Taller, taller_id)
    if taller["estado"] == EstadoTaller.CERRADO:
        raise ErrorRegistroCerrado(
            "El taller está cerrado: para modificarlo, reábralo indicando el motivo."
        )
    territorio = taller["territorio_id"]
    titulos: dict[str, str] = {}
    for r in resultados:
        necesidad = almacen.obtener(Necesidad, r["necesidad_id"])
        if necesidad["territorio_id"] != territorio:
            raise _falla(f"La necesidad «{necesidad['titulo']}» es de otro territorio.")
        titulos[r["necesidad_id"]] = necesidad["titulo"]
    lugares = calcular_lugares(resultados, titulos)
    motivo = f"priorización del taller «{taller['titulo']}» del {fmt_fecha(taller['fecha'])}"
    cambios: list[Cambio] = []
    with almacen.transaccion():
        for anterior in almacen.listar(VotoPriorizacion, taller_id=taller_id):
            almacen.eliminar(VotoPriorizacion, anterior["id"], motivo=motivo)
        filas = [
            {
                "territorio_id": territorio,
                "taller_id": taller_id,
                "necesidad_id": r["necesidad_id"],
                "votos": r.get("votos"),
                "lugar": lugares[r["necesidad_id"]],
            }
            for r in resultados
        ]
        nuevos = almacen.insertar_lote(VotoPriorizacion, filas, motivo=motivo)
        cambios.append(Cambio(VotoPriorizacion.tabla, tuple(nuevos), creado=True))
        for necesidad_id, lugar in lugares.items():
            cambios.append(
                almacen.actualizar(Necesidad, necesidad_id, {"prioridad": lugar}, motivo=motivo)
            )
    return cambios


def resultado(almacen: Almacen, taller_id: str) -> list[dict[str, Any]]:
    """La priorización registrada en un taller, por lugar."""
    return q.votos_de_taller(almacen, taller_id)


def talleres(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    """Talleres del territorio, marcando los que ya tienen una priorización registrada."""
    con_votos = set(q.talleres_con_votos(almacen, territorio_id))
    filas = q.talleres(almacen, territorio_id)
    for f in filas:
        f["con_priorizacion"] = f["id"] in con_votos
    return filas
