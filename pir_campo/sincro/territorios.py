"""Territorios de cada notebook en la oficina: asignarlos, cambiarlos y decidir los propuestos.

Lo que un notebook envía fuera de sus territorios se retiene (sincro/alcance.py) y se guarda
aquí, por territorio; si la oficina le asigna ese territorio (o acepta el que propuso), esas
líneas se aplican en ese momento con las mismas comprobaciones que al importar. Así no hay que
pedirle al notebook que reenvíe: su próximo paquete ya no traería esos cambios, porque la
oficina confirmó haber recibido hasta ese punto. Rechazar una propuesta descarta lo guardado.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorIdentidad
from pir_campo.formato import ahora_utc

_PROPUESTAS = "alcance.propuestas"


def _pendientes_clave(dispositivo: str) -> str:
    return f"alcance.pendientes.{dispositivo}"


def _cambio_clave(dispositivo: str) -> str:
    return f"alcance.cambio.{dispositivo}"


def _json(valor: Any) -> str:
    return json.dumps(valor, ensure_ascii=False, separators=(",", ":"))


def _notebook(almacen: Almacen, dispositivo: str) -> dict[str, Any]:
    if almacen.rol != "oficina":
        raise ErrorIdentidad("Los territorios de un notebook se asignan en la oficina.")
    p = rep.par(almacen, dispositivo)
    if p is None or p["rol"] != "campo":
        raise ErrorIdentidad(f"El dispositivo {dispositivo} no es un notebook de esta oficina.")
    return p


def comprobar_existen(almacen: Almacen, territorios: Iterable[str]) -> None:
    for t in sorted(territorios):
        if rep.fila_completa(almacen, "territorio", t) is None:
            raise ErrorIdentidad(
                f"No existe el territorio {t} en esta oficina; vea los identificadores con "
                "«pir-campo listar territorios»."
            )


def propuestas(almacen: Almacen, dispositivo: str | None = None) -> list[dict[str, Any]]:
    """Territorios nuevos creados en un notebook que esperan que la oficina los acepte."""
    lista = json.loads(almacen.ajuste(_PROPUESTAS, "[]") or "[]")
    return [p for p in lista if dispositivo is None or p["dispositivo"] == dispositivo]


def pendientes(almacen: Almacen, dispositivo: str) -> dict[str, list[str]]:
    return json.loads(almacen.ajuste(_pendientes_clave(dispositivo), "{}") or "{}")


def cambio_de_alcance(almacen: Almacen, dispositivo: str) -> int:
    """Seq de la oficina en que el notebook ganó territorios: hasta que confirme un paquete
    posterior, lo que la oficina le envía va completo (los territorios nuevos no se le mandaron
    antes)."""
    return int(almacen.ajuste(_cambio_clave(dispositivo), "0") or 0)


def guardar_retenidos(
    almacen: Almacen,
    dispositivo: str,
    lineas: dict[str, list[str]],
    propuestos: Iterable[dict[str, Any]],
    paquete_id: str,
) -> None:
    """Dentro de la transacción de importación: guarda lo retenido por territorio."""
    if lineas:
        guardadas = pendientes(almacen, dispositivo)
        for t, nuevas in lineas.items():
            guardadas[t] = [*guardadas.get(t, []), *nuevas]
        almacen.guardar_ajuste(_pendientes_clave(dispositivo), _json(guardadas))
    lista = propuestas(almacen)
    ya = {(p["dispositivo"], p["territorio"]) for p in lista}
    nuevas_p = [
        {
            "dispositivo": dispositivo,
            "territorio": p["territorio"],
            "nombre": p.get("nombre"),
            "paquete_id": paquete_id,
            "recibido_en": ahora_utc(),
        }
        for p in propuestos
        if (dispositivo, p["territorio"]) not in ya
    ]
    if nuevas_p:
        almacen.guardar_ajuste(_PROPUESTAS, _json([*lista, *nuevas_p]))


def _aplicar_pendientes(almacen: Almacen, dispositivo: str, territorios: set[str] | None) -> int:
    """Aplica lo guardado de esos territorios (todos si None); devuelve cuántos se aplicaron."""
    from pir_campo.sincro.aplicar import Aplicador

    guardadas = pendientes(almacen, dispositivo)
    elegidos = [t for t in guardadas if territorios is None or t in territorios]
    if not elegidos:
        return 0
    por_tabla: dict[str, list[bytes]] = {}
    for t in elegidos:
        for linea in guardadas.pop(t):
            tabla = json.loads(linea)["t"]
            por_tabla.setdefault(tabla, []).append(linea.encode())
    almacen.guardar_ajuste(_pendientes_clave(dispositivo), _json(guardadas))
    hasta = rep.maximos_vistos(almacen).get(dispositivo, 0)
    aplicador = Aplicador(almacen, dispositivo, hasta)
    for tabla in sorted(por_tabla, key=rep.TABLAS.index):
        aplicador.tabla(tabla, por_tabla[tabla])
    c = aplicador.c
    if c.pendientes or c.propuestos:
        guardar_retenidos(almacen, dispositivo, c.pendientes, c.propuestos, "")
    return c.nuevos + c.actualizados + c.fusionados


def alcance(almacen: Almacen, dispositivo: str) -> dict[str, Any]:
    p = _notebook(almacen, dispositivo)
    return {
        "dispositivo": dispositivo,
        "nombre": p["nombre"],
        "territorios": p["territorios"],
        "toda_la_region": p["toda_la_region"],
        "propuestos": [x["territorio"] for x in propuestas(almacen, dispositivo)],
        "pendientes": {t: len(v) for t, v in pendientes(almacen, dispositivo).items()},
    }


def cambiar(
    almacen: Almacen,
    dispositivo: str,
    agregar: Iterable[str] = (),
    quitar: Iterable[str] = (),
    toda_la_region: bool | None = None,
    motivo: str = "cambio de territorios",
) -> dict[str, Any]:
    """Cambia los territorios de un notebook; queda en la bitácora y llega al notebook en el
    próximo paquete de la oficina. Devuelve el alcance nuevo y cuántos retenidos se aplicaron."""
    p = _notebook(almacen, dispositivo)
    agregar, quitar = set(agregar), set(quitar)
    propuestos = {x["territorio"] for x in propuestas(almacen, dispositivo)}
    comprobar_existen(almacen, agregar - propuestos)
    antes = {"territorios": p["territorios"], "toda_la_region": p["toda_la_region"]}
    nuevos = (set(p["territorios"]) | agregar) - quitar
    region = p["toda_la_region"] if toda_la_region is None else toda_la_region
    despues = {"territorios": sorted(nuevos), "toda_la_region": region}
    aplicados = 0
    with almacen.transaccion():
        rep.fijar_alcance(almacen, dispositivo, nuevos, region)
        seq = rep.registrar_evento(
            almacen, "par", dispositivo, "territorios", antes, despues, motivo
        )
        ganados = nuevos - set(p["territorios"])
        if ganados or (region and not p["toda_la_region"]):
            almacen.guardar_ajuste(_cambio_clave(dispositivo), str(seq))
            aplicados = _aplicar_pendientes(almacen, dispositivo, None if region else ganados)
        if region or ganados & propuestos:
            _quitar_propuestas(almacen, dispositivo, propuestos if region else ganados)
    return {**alcance(almacen, dispositivo), "aplicados": aplicados}


def _quitar_propuestas(almacen: Almacen, dispositivo: str, territorios: set[str]) -> None:
    lista = [
        x
        for x in propuestas(almacen)
        if not (x["dispositivo"] == dispositivo and x["territorio"] in territorios)
    ]
    almacen.guardar_ajuste(_PROPUESTAS, _json(lista))


def aceptar(almacen: Almacen, dispositivo: str, territorio: str) -> dict[str, Any]:
    """Acepta el territorio que propuso un notebook: se le asigna y se aplica lo retenido."""
    if territorio not in {x["territorio"] for x in propuestas(almacen, dispositivo)}:
        raise ErrorIdentidad(
            f"El notebook {dispositivo} no propuso el territorio {territorio}; vea la lista con "
            "«pir-campo territorios --propuestos»."
        )
    return cambiar(almacen, dispositivo, agregar=[territorio], motivo="territorio propuesto")


def rechazar(almacen: Almacen, dispositivo: str, territorio: str) -> None:
    """Rechaza una propuesta: lo que el notebook escribió en ese territorio se descarta."""
    p = _notebook(almacen, dispositivo)
    if territorio not in {x["territorio"] for x in propuestas(almacen, dispositivo)}:
        raise ErrorIdentidad(f"El notebook {dispositivo} no propuso el territorio {territorio}.")
    with almacen.transaccion():
        guardadas = pendientes(almacen, dispositivo)
        descartadas = len(guardadas.pop(territorio, []))
        almacen.guardar_ajuste(_pendientes_clave(dispositivo), _json(guardadas))
        _quitar_propuestas(almacen, dispositivo, {territorio})
        actual = {"territorios": p["territorios"], "toda_la_region": p["toda_la_region"]}
        rep.registrar_evento(
            almacen,
            "par",
            dispositivo,
            "territorio_propuesto",
            {"territorio": territorio, "registros": descartadas},
            actual,
            "territorio propuesto rechazado",
        )


# ---- en el notebook: su alcance, tal como lo envía la oficina --------------------------------

_PROPIO = "alcance.propio"


def para_recibo(almacen: Almacen, p: dict[str, Any]) -> dict[str, Any]:
    """El alcance de un notebook, para el recibo que la oficina le envía."""
    return {
        "territories": p["territorios"],
        "whole_region": p["toda_la_region"],
        "proposed": [x["territorio"] for x in propuestas(almacen, p["id"])],
    }


def guardar_alcance_propio(almacen: Almacen, datos: dict[str, Any]) -> None:
    """Dentro de la importación de un paquete de la oficina."""
    lista, propuestos = datos.get("territories"), datos.get("proposed", [])
    if not all(isinstance(x, list) and all(type(t) is str for t in x) for x in (lista, propuestos)):
        return
    almacen.guardar_ajuste(
        _PROPIO,
        _json(
            {
                "territorios": sorted(lista),
                "toda_la_region": datos.get("whole_region") is True,
                "propuestos": sorted(propuestos),
                "recibido_en": ahora_utc(),
            }
        ),
    )


def nombre_territorio(almacen: Almacen, tid: str) -> str:
    fila = rep.fila_completa(almacen, "territorio", tid)
    return fila["nombre"] if fila else "(territorio aún no recibido)"


def alcance_propio(almacen: Almacen) -> dict[str, Any] | None:
    """Los territorios de este notebook según el último paquete de la oficina (None si aún no
    llega ninguno)."""
    texto = almacen.ajuste(_PROPIO)
    return json.loads(texto) if texto else None
