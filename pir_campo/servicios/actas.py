"""Actas de validación (pasos 2 y 5): firmantes, votación, firma que congela y adendas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_campo as q
from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import ActaValidacion, Adenda, Firmante, Pmdt, Taller
from pir_campo.modelos.enums import EstadoActa, LadoFirmante, TipoActa

PASO_DEL_TIPO = {TipoActa.VALIDACION_TERRITORIO: 2, TipoActa.VALIDACION_PMDT: 5}


def nueva(almacen: Almacen, territorio_id: str, tipo: str, taller_id: str | None = None) -> str:
    """Acta en borrador con decisión «aprobado» y sin votos; se completa al escribir."""
    datos: dict[str, Any] = {
        "territorio_id": territorio_id,
        "tipo": tipo,
        "taller_id": taller_id,
        "fecha": dt.date.today(),
        "decision": "aprobado",
    }
    if tipo == TipoActa.VALIDACION_PMDT:
        pmdts = almacen.listar(Pmdt, orden="version", territorio_id=territorio_id)
        if not pmdts:
            raise ErrorValidacion(
                "El territorio no tiene un PMDT registrado: no se puede validar todavía.", "PMDT"
            )
        datos["pmdt_id"] = pmdts[-1]["id"]
    return almacen.insertar(ActaValidacion, datos)


def cargar(almacen: Almacen, acta_id: str) -> dict[str, Any]:
    acta = almacen.obtener(ActaValidacion, acta_id)
    paso = PASO_DEL_TIPO[TipoActa(acta["tipo"])]
    talleres = [t for t in q.talleres(almacen.conn, acta["territorio_id"]) if t["paso"] == paso]
    return {
        "acta": acta,
        "talleres": talleres,
        "firmantes": almacen.listar(Firmante, orden="id", acta_id=acta_id),
        "adendas": almacen.listar(Adenda, orden="id", acta_id=acta_id),
    }


def guardar_campo(almacen: Almacen, acta_id: str, campo: str, valor: Any) -> Cambio:
    if campo == "estado":
        raise ErrorValidacion("El acta se firma con «Firmar acta».", "Estado")
    if campo == "taller_id" and valor:
        taller = almacen.obtener(Taller, valor)
        acta = almacen.obtener(ActaValidacion, acta_id)
        if taller["territorio_id"] != acta["territorio_id"]:
            raise ErrorValidacion("El taller elegido es de otro territorio.", "Taller")
    return almacen.actualizar(ActaValidacion, acta_id, {campo: valor})


def agregar_firmante(almacen: Almacen, acta_id: str, datos: dict[str, Any]) -> Cambio:
    acta = almacen.obtener(ActaValidacion, acta_id)
    nuevo_id = almacen.insertar(
        Firmante, {"territorio_id": acta["territorio_id"], "acta_id": acta_id, **datos}
    )
    return Cambio("firmante", (nuevo_id,), creado=True)


def quitar_firmante(almacen: Almacen, firmante_id: str) -> Cambio:
    return almacen.eliminar(Firmante, firmante_id)


def firmar(almacen: Almacen, acta_id: str) -> Cambio:
    """Congela el acta; exige firmantes de la comunidad y del sector público."""
    acta = almacen.obtener(ActaValidacion, acta_id)
    if acta["estado"] == EstadoActa.FIRMADA:
        raise ErrorRegistroCerrado("El acta ya está firmada.")
    lados = {f["lado"] for f in almacen.listar(Firmante, acta_id=acta_id)}
    faltan = [lado.etiqueta.lower() for lado in LadoFirmante if lado not in lados]
    if faltan:
        raise ErrorValidacion(
            "Para firmar el acta falta al menos un firmante de: " + " y ".join(faltan) + ".",
            "Firmantes",
        )
    if acta["votos_favor"] + acta["votos_contra"] + acta["abstenciones"] == 0:
        raise ErrorValidacion(
            "Registre la votación (a favor, en contra y abstenciones) antes de firmar.", "Votos"
        )
    return almacen.actualizar(ActaValidacion, acta_id, {"estado": EstadoActa.FIRMADA})


def agregar_adenda(almacen: Almacen, acta_id: str, texto: str) -> Cambio:
    acta = almacen.obtener(ActaValidacion, acta_id)
    if acta["estado"] != EstadoActa.FIRMADA:
        raise ErrorValidacion(
            "El acta aún no está firmada: corríjala directamente, sin adenda.", "Adenda"
        )
    nuevo_id = almacen.insertar(
        Adenda,
        {
            "territorio_id": acta["territorio_id"],
            "acta_id": acta_id,
            "fecha": dt.date.today(),
            "texto": texto,
        },
    )
    return Cambio("adenda", (nuevo_id,), creado=True)
