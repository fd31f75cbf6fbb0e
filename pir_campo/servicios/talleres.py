"""Un taller como lo lleva una facilitadora: borrador que se guarda solo, asistencia, cierre.

Cada función recibe el almacén (en el hilo de la base) y devuelve los `Cambio` producidos,
para que la interfaz refresque solo lo que cambió.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_campo as q
from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import Acuerdo, Asistencia, Organizacion, Persona, Taller
from pir_campo.modelos.enums import EstadoTaller, PasoCritico
from pir_campo.servicios import consentimiento, supresion

CAMPOS_PERSONA = (
    "nombre",
    "rut",
    "sexo",
    "tramo_edad",
    "pueblo_originario",
    "afrodescendiente",
    "telefono",
)
CAMPOS_ASISTENCIA = ("organizacion_id", "cargo", "firmo")


def nuevo(almacen: Almacen, territorio_id: str, paso: int, fecha: dt.date | None = None) -> str:
    """Crea un taller en borrador con un título provisional que se puede cambiar."""
    fecha = fecha or dt.date.today()
    titulo = f"Taller del paso {paso}: {PasoCritico(paso).etiqueta}"
    return almacen.insertar(
        Taller,
        {"territorio_id": territorio_id, "paso": paso, "titulo": titulo, "fecha": fecha},
    )


def cargar(almacen: Almacen, taller_id: str) -> dict[str, Any]:
    taller = almacen.obtener(Taller, taller_id)
    return {
        "taller": taller,
        "localidades": q.localidades(almacen.conn, taller["territorio_id"]),
        "organizaciones": almacen.listar(
            Organizacion, orden="nombre", territorio_id=taller["territorio_id"]
        ),
        "asistentes": q.asistentes(almacen.conn, taller_id),
        "conteos": q.conteos_asistencia(almacen.conn, taller_id),
        "acuerdos": almacen.listar(Acuerdo, orden="id", taller_id=taller_id),
    }


def guardar_campo(almacen: Almacen, taller_id: str, campo: str, valor: Any) -> Cambio:
    """Autoguardado de un campo: si no es válido, no se escribe nada y el error lo explica."""
    if campo in ("estado", "motivo_reapertura"):
        raise ErrorValidacion("El estado del taller se cambia con «Cerrar taller».", "Estado")
    return almacen.actualizar(Taller, taller_id, {campo: valor})


def revision_cierre(almacen: Almacen, taller_id: str) -> dict[str, int]:
    """Lo que se mira antes de cerrar: cuántos firmaron y si hay hoja firmada adjunta."""
    from pir_campo.modelos import Adjunto
    from pir_campo.modelos.enums import ClaseAdjunto

    asistentes = almacen.listar(Asistencia, taller_id=taller_id)
    hojas = almacen.contar(
        Adjunto, registro_id=taller_id, clase=ClaseAdjunto.ASISTENCIA_FIRMADA.value
    )
    return {
        "asistentes": len(asistentes),
        "firmaron": sum(1 for a in asistentes if a.get("firmo")),
        "hojas_firmadas": hojas,
    }


def cerrar(almacen: Almacen, taller_id: str) -> Cambio:
    taller = almacen.obtener(Taller, taller_id)
    if taller["estado"] == EstadoTaller.CERRADO:
        raise ErrorRegistroCerrado("El taller ya está cerrado.")
    if not almacen.contar(Asistencia, taller_id=taller_id):
        raise ErrorValidacion(
            "El taller no tiene asistentes: registre la asistencia antes de cerrarlo.",
            "Asistencia",
        )
    return almacen.actualizar(Taller, taller_id, {"estado": EstadoTaller.CERRADO})


def reabrir(almacen: Almacen, taller_id: str, motivo: str) -> Cambio:
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorValidacion("El campo «Motivo de reapertura» es obligatorio.", "Motivo")
    taller = almacen.obtener(Taller, taller_id)
    if taller["estado"] != EstadoTaller.CERRADO:
        raise ErrorValidacion("El taller no está cerrado.", "Estado")
    return almacen.actualizar(
        Taller,
        taller_id,
        {"estado": EstadoTaller.BORRADOR, "motivo_reapertura": motivo},
        motivo=motivo,
    )


def _separar(datos: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    persona = {k: v for k, v in datos.items() if k in CAMPOS_PERSONA}
    asistencia = {k: v for k, v in datos.items() if k in CAMPOS_ASISTENCIA}
    return persona, asistencia


def agregar_asistente(
    almacen: Almacen, taller_id: str, datos: dict[str, Any], persona_id: str | None = None
) -> list[Cambio]:
    """Anota a una persona en el taller; una persona conocida (o con el mismo RUT) no se duplica.

    `datos` trae campos de la persona (nombre, rut, sexo...) y de la asistencia (cargo, firmo,
    organizacion_id). `datos["consentimiento"]` ({"forma", "testigo"}), si viene, registra el
    consentimiento de la persona para sus datos sensibles con la fecha del taller y el aviso
    vigente. Todo en una transacción: si algo no es válido no queda nada escrito.
    """
    taller = almacen.obtener(Taller, taller_id)
    territorio = taller["territorio_id"]
    consiente = datos.get("consentimiento")
    de_persona, de_asistencia = _separar(datos)
    cambios: list[Cambio] = []
    with almacen.transaccion():
        if taller["estado"] == EstadoTaller.CERRADO:
            raise ErrorRegistroCerrado(
                "El taller está cerrado: para modificarlo, reábralo indicando el motivo."
            )
        supresion.revisar_datos_persona(
            almacen,
            persona_id,
            {**de_persona, "cargo": de_asistencia.get("cargo")},
            consiente=bool(consiente),
        )
        if persona_id is None and de_persona.get("rut"):
            validado = Persona.validar({"territorio_id": territorio, **de_persona, "nombre": "x"})
            persona_id = q.persona_por_rut(almacen.conn, territorio, validado.rut)
        if persona_id is None:
            persona_id = almacen.insertar(Persona, {"territorio_id": territorio, **de_persona})
            cambios.append(Cambio("persona", (persona_id,), creado=True))
        else:
            faltantes = {
                k: v
                for k, v in de_persona.items()
                if v not in (None, "") and not almacen.obtener(Persona, persona_id).get(k)
            }
            if faltantes:
                cambios.append(almacen.actualizar(Persona, persona_id, faltantes))
        if consiente and not consentimiento.tiene(almacen, persona_id):
            cambios.append(
                consentimiento.registrar(
                    almacen, persona_id, fecha=taller["fecha"], taller_id=taller_id, **consiente
                )
            )
        ya = almacen.conn.execute(
            "SELECT 1 FROM asistencia a JOIN persona p ON p.id = a.persona_id "
            "WHERE a.taller_id = ? AND a.eliminado = 0 AND (p.id = ? OR p.fusionado_en = ?)",
            (taller_id, persona_id, persona_id),
        ).fetchone()
        if ya:
            nombre = almacen.obtener(Persona, persona_id)["nombre"]
            raise ErrorValidacion(f"{nombre} ya está en la lista de este taller.", "Nombre")
        nuevo_id = almacen.insertar(
            Asistencia,
            {
                "territorio_id": territorio,
                "taller_id": taller_id,
                "persona_id": persona_id,
                **de_asistencia,
            },
        )
    cambios.append(Cambio("asistencia", (nuevo_id,), creado=True))
    return cambios


def actualizar_asistente(
    almacen: Almacen, asistencia_id: str, datos: dict[str, Any]
) -> list[Cambio]:
    """Corrige un dato de la fila: los de la persona van a la persona (sirven a otros talleres)."""
    asistencia = almacen.obtener(Asistencia, asistencia_id)
    de_persona, de_asistencia = _separar(datos)
    cambios = []
    with almacen.transaccion():
        if de_asistencia.get("cargo"):
            supresion.revisar_datos_persona(
                almacen, asistencia["persona_id"], {"cargo": de_asistencia["cargo"]}
            )
        if de_persona:
            taller = almacen.obtener(Taller, asistencia["taller_id"])
            if taller["estado"] == EstadoTaller.CERRADO:
                raise ErrorRegistroCerrado(
                    "El taller está cerrado: para modificarlo, reábralo indicando el motivo."
                )
            supresion.revisar_datos_persona(almacen, asistencia["persona_id"], de_persona)
            cambios.append(almacen.actualizar(Persona, asistencia["persona_id"], de_persona))
        if de_asistencia:
            cambios.append(almacen.actualizar(Asistencia, asistencia_id, de_asistencia))
    return [c for c in cambios if not c.vacio]


def consentir_asistente(
    almacen: Almacen, asistencia_id: str, forma: str = "firmado_hoja", testigo: str | None = None
) -> Cambio | None:
    """Anota el consentimiento de quien asistió (con la fecha del taller y el aviso vigente);
    también con el taller cerrado: la hoja firmada suele llegar después. Si ya tenía uno, nada."""
    asistencia = almacen.obtener(Asistencia, asistencia_id)
    taller = almacen.obtener(Taller, asistencia["taller_id"])
    with almacen.transaccion():
        if consentimiento.tiene(almacen, asistencia["persona_id"]):
            return None
        return consentimiento.registrar(
            almacen,
            asistencia["persona_id"],
            forma,
            testigo,
            fecha=taller["fecha"],
            taller_id=taller["id"],
        )


def quitar_asistente(almacen: Almacen, asistencia_id: str) -> Cambio:
    return almacen.eliminar(Asistencia, asistencia_id)


def agregar_acuerdo(almacen: Almacen, taller_id: str, datos: dict[str, Any]) -> Cambio:
    taller = almacen.obtener(Taller, taller_id)
    nuevo_id = almacen.insertar(
        Acuerdo, {"territorio_id": taller["territorio_id"], "taller_id": taller_id, **datos}
    )
    return Cambio("acuerdo", (nuevo_id,), creado=True)


def actualizar_acuerdo(almacen: Almacen, acuerdo_id: str, datos: dict[str, Any]) -> Cambio:
    return almacen.actualizar(Acuerdo, acuerdo_id, datos)


def quitar_acuerdo(almacen: Almacen, acuerdo_id: str) -> Cambio:
    return almacen.eliminar(Acuerdo, acuerdo_id)
