"""Personas de un territorio: posibles duplicados y fusión que conserva toda su asistencia."""

from __future__ import annotations

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_campo as q
from pir_campo.modelos import Asistencia, Persona, Taller
from pir_campo.modelos.enums import EstadoTaller
from pir_campo.servicios.talleres import CAMPOS_PERSONA


def fusionar(almacen: Almacen, conservar: str, absorber: str) -> list[Cambio]:
    """Deja una sola persona: `absorber` pasa a ser una lápida que redirige a `conservar`.

    Sus asistencias en talleres abiertos se traspasan (o se eliminan si ambas asistieron al
    mismo taller); las de talleres cerrados no se tocan, porque están congeladas, y se siguen
    contando para `conservar` a través de la redirección. Los datos que `conservar` no tenía
    (RUT, sexo, teléfono...) se copian desde `absorber`.
    """
    cambios: list[Cambio] = []
    with almacen.transaccion():
        buena = almacen.obtener(Persona, conservar)
        otra = almacen.obtener(Persona, absorber)
        if buena["territorio_id"] != otra["territorio_id"]:
            from pir_campo.errores import ErrorValidacion

            raise ErrorValidacion("Solo se fusionan personas del mismo territorio.", "Persona")
        talleres_buena = {a["taller_id"] for a in almacen.listar(Asistencia, persona_id=conservar)}
        for asis in almacen.listar(Asistencia, persona_id=absorber):
            taller = almacen.obtener(Taller, asis["taller_id"])
            if taller["estado"] == EstadoTaller.CERRADO:
                continue
            if asis["taller_id"] in talleres_buena:
                cambios.append(almacen.eliminar(Asistencia, asis["id"], "fusión de personas"))
            else:
                cambios.append(
                    almacen.actualizar(
                        Asistencia, asis["id"], {"persona_id": conservar}, "fusión de personas"
                    )
                )
        completar = {
            c: otra[c] for c in CAMPOS_PERSONA if c != "nombre" and otra[c] and not buena[c]
        }
        if completar:
            cambios.append(almacen.actualizar(Persona, conservar, completar, "fusión de personas"))
        q.marcar_fusion(almacen, absorber, conservar)
    cambios.append(Cambio("persona", (absorber,), frozenset({"fusionado_en"}), eliminado=True))
    return cambios
