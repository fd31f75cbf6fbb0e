"""Consentimiento para datos sensibles (Ley 21.719): pueblo originario y afrodescendencia.

Sin un consentimiento de la persona esos campos quedan vacíos: toda escritura de datos de una
persona pasa por `supresion.revisar_datos_persona`, que llama a `revisar`. El consentimiento
guarda la fecha, la versión del aviso de privacidad que se leyó (recursos/avisos) y cómo se dio:
firmado en la hoja de asistencia o verbal ante un testigo, con su nombre. Viaja como cualquier
registro (tabla `consentimiento`, migración 10).

Un paquete de un notebook con una versión anterior puede traer datos sensibles sin
consentimiento: se conservan (no se pierden datos de terreno) y `sin_consentimiento` los lista
para que la oficina los revise; el registro de tratamiento los cuenta.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_consentimiento as q
from pir_campo.errores import ErrorValidacion
from pir_campo.recursos import ruta_recurso

SENSIBLES = q.SENSIBLES
ETIQUETAS_SENSIBLES = {
    "pueblo_originario": "Pueblo originario",
    "afrodescendiente": "Afrodescendiente",
}


@cache
def _avisos() -> dict[str, Any]:
    return json.loads(ruta_recurso("avisos", "aviso_privacidad.json").read_text(encoding="utf-8"))


def aviso(version: str | None = None) -> dict[str, Any]:
    """El aviso de privacidad de esa versión (o el vigente): version, desde, titulo, texto."""
    datos = _avisos()
    buscada = version or datos["vigente"]
    for v in datos["versiones"]:
        if v["version"] == buscada:
            return v
    raise ErrorValidacion(
        f"No existe la versión «{buscada}» del aviso de privacidad; la vigente es "
        f"{datos['vigente']}.",
        "Versión del aviso de privacidad",
    )


def version_vigente() -> str:
    return _avisos()["vigente"]


def tiene(almacen: Almacen, persona_id: str | None) -> bool:
    return bool(persona_id) and bool(q.con_consentimiento(almacen.conn, [persona_id]))


def de_persona(almacen: Almacen, persona_id: str) -> list[dict[str, Any]]:
    return q.de_persona(almacen.conn, persona_id)


def revisar(
    almacen: Almacen, persona_id: str | None, datos: dict[str, Any], consiente: bool = False
) -> None:
    """Un dato sensible solo se guarda si la persona consintió (antes, o en esta misma acción)."""
    dados = [c for c in SENSIBLES if datos.get(c) not in (None, "")]
    if not dados or consiente or tiene(almacen, persona_id):
        return
    etiqueta = ETIQUETAS_SENSIBLES[dados[0]]
    raise ErrorValidacion(
        f"El campo «{etiqueta}» es un dato sensible: solo se guarda si la persona dio su "
        "consentimiento (firmado en la hoja de asistencia o verbal ante testigo). Registre "
        "primero el consentimiento o deje el campo vacío.",
        etiqueta,
    )


def datos_validos(
    persona_id: str,
    territorio_id: str,
    forma: str,
    testigo: str | None = None,
    fecha: str | dt.date | None = None,
    taller_id: str | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    return {
        "territorio_id": territorio_id,
        "persona_id": persona_id,
        "taller_id": taller_id,
        "fecha": fecha or dt.date.today().isoformat(),
        "version_aviso": aviso(version)["version"],
        "forma": forma,
        "testigo": (testigo or "").strip() or None,
    }


def registrar(
    almacen: Almacen,
    persona_id: str,
    forma: str,
    testigo: str | None = None,
    fecha: str | dt.date | None = None,
    taller_id: str | None = None,
    version: str | None = None,
) -> Cambio:
    """Anota el consentimiento de la persona (en la transacción de quien llama, si hay una)."""
    from pir_campo.almacen.consultas_supresion import personas_suprimidas
    from pir_campo.modelos import Consentimiento, Persona

    with almacen.transaccion():
        persona = almacen.obtener(Persona, persona_id)
        if persona_id in personas_suprimidas(almacen.conn):
            raise ErrorValidacion(
                "Los datos de esta persona fueron suprimidos a su pedido; no se registra un "
                "consentimiento nuevo.",
                "Persona",
            )
        datos = datos_validos(
            persona_id, persona["territorio_id"], forma, testigo, fecha, taller_id, version
        )
        nuevo = almacen.insertar(Consentimiento, datos)
    return Cambio("consentimiento", (nuevo,), creado=True)


def retirar(almacen: Almacen, persona_id: str, motivo: str | None = None) -> list[Cambio]:
    """La persona retira su consentimiento: se anulan los suyos y sus datos sensibles se
    borran de su registro (la bitácora guarda quién y cuándo)."""
    from pir_campo.modelos import Consentimiento, Persona

    cambios = []
    with almacen.transaccion():
        vigentes = q.de_persona(almacen.conn, persona_id)
        if not vigentes:
            raise ErrorValidacion("La persona no tiene un consentimiento vigente.", "Persona")
        for c in vigentes:
            cambios.append(almacen.eliminar(Consentimiento, c["id"], motivo))
        persona = almacen.obtener(Persona, persona_id)
        vaciar = {c: None for c in SENSIBLES if persona.get(c) is not None}
        if vaciar:
            cambios.append(almacen.actualizar(Persona, persona_id, vaciar, motivo))
    return cambios


def para_persona(almacen: Almacen, persona_id: str) -> list[dict[str, Any]]:
    """Sus consentimientos en español, para el documento de sus datos y la copia JSON/CSV."""
    from pir_campo.modelos.enums import FormaConsentimiento

    return [
        {
            "fecha": c["fecha"],
            "forma": FormaConsentimiento(c["forma"]).etiqueta,
            "testigo": c["testigo"],
            "version_aviso": c["version_aviso"],
            "taller": c["taller"],
        }
        for c in q.de_persona(almacen.conn, persona_id)
    ]


def sin_consentimiento(almacen: Almacen) -> list[dict[str, Any]]:
    """Personas con datos sensibles y sin consentimiento (llegados de versiones anteriores)."""
    return q.sensibles_sin_consentimiento(almacen.conn)


def conteos(almacen: Almacen) -> dict[str, int]:
    return q.conteos(almacen.conn)
