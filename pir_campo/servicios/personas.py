"""Personas de un territorio: corregir sus datos y fusionar duplicados (reglas de `duplicados`)."""

from __future__ import annotations

from pir_campo.almacen import Almacen, Cambio
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Persona
from pir_campo.rut import formatear
from pir_campo.servicios import duplicados, supresion


def posibles_duplicados(almacen: Almacen, territorio_id: str) -> list[dict]:
    """Las parejas de personas del territorio que la oficina también vería como duplicadas."""
    return duplicados.pares(almacen, "persona", territorio_id)


def fusionar(almacen: Almacen, conservar: str, absorber: str) -> list[Cambio]:
    """Deja una sola persona: `absorber` pasa a ser una lápida que redirige a `conservar`.

    Sus asistencias en talleres abiertos se traspasan (si ambas asistieron al mismo taller se
    juntan en una, con la firma y el cargo de las dos); las de talleres cerrados no se tocan,
    porque están congeladas, y se siguen contando para `conservar` a través de la redirección.
    Los datos que `conservar` no tenía (RUT, sexo, teléfono...) se copian desde `absorber`.
    """
    return duplicados.fusionar(almacen, "persona", conservar, absorber)


def editar(almacen: Almacen, persona_id: str, cambios: dict, motivo: str | None = None) -> Cambio:
    """Corrige los datos de una persona; un RUT que ya tiene otra persona del territorio se
    rechaza: son la misma persona y corresponde fusionarlas, no repetir el RUT."""
    with almacen.transaccion():
        actual = {k: v for k, v in almacen.obtener(Persona, persona_id).items() if k != "id"}
        supresion.revisar_datos_persona(
            almacen, persona_id, {k: v for k, v in cambios.items() if v != actual.get(k)}
        )
        nueva = Persona.validar({**actual, **cambios, "territorio_id": actual["territorio_id"]})
        if nueva.rut and nueva.rut != actual["rut"]:
            for otra in duplicados.parecidas(
                almacen, actual["territorio_id"], nueva.nombre, nueva.rut, excluir=persona_id
            ):
                if otra["motivo"] == "mismo RUT":
                    raise ErrorValidacion(
                        f"{otra['nombre']} ya tiene el RUT {formatear(nueva.rut)} en este "
                        "territorio: fusione las dos personas en vez de repetir el RUT.",
                        "RUT",
                    )
        return almacen.actualizar(Persona, persona_id, cambios, motivo)
