"""Escena para las pruebas de origen: una oficina con registros de dos notebooks por paquetes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.modelos import Asistencia, Necesidad, OfertaInversion, Persona, Taller, Territorio
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, instalacion, registrar

MARIA, JUAN = "Notebook de María Pérez", "Notebook de Juan Soto"
AGUA, VIAL = "agua_potable", "conectividad_vial"


@dataclass
class Escena:
    oficina: Almacen
    maria: Almacen
    juan: Almacen
    territorio_id: str
    talleres: dict[str, str]  # título -> id

    def cerrar(self) -> None:
        for a in (self.oficina, self.maria, self.juan):
            a.cerrar()


def _taller(a: Almacen, tid: str, titulo: str, fecha: str, paso: int) -> str:
    datos = {"territorio_id": tid, "paso": paso, "titulo": titulo, "fecha": fecha}
    return a.insertar(Taller, datos)


def escena(carpeta: Path) -> Escena:
    """María crea el territorio y un taller; Juan recibe el territorio vía oficina y crea otro;
    la oficina importa ambos paquetes y corrige el taller de María."""
    oficina = instalacion(carpeta, "Oficina regional Araucanía", "oficina")
    maria, juan = instalacion(carpeta, MARIA), instalacion(carpeta, JUAN)
    for n in (maria, juan):
        registrar(oficina, n, carpeta)
    tid = maria.insertar(Territorio, TERRITORIO)
    t_maria = _taller(maria, tid, "Diagnóstico en Puerto Domínguez", "2026-03-10", 1)
    p = maria.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Huenchumilla"})
    maria.insertar(Asistencia, {"territorio_id": tid, "taller_id": t_maria, "persona_id": p})
    maria.insertar(
        Necesidad, {"territorio_id": tid, "titulo": "APR Llaguepulli", "tipologia": AGUA}
    )
    oferta = {"nombre": "APR Huapi", "institucion": "MOP DOH", "anio": 2026, "tipologia": AGUA}
    maria.insertar(OfertaInversion, {"territorio_id": tid, **oferta})
    enviar(maria, oficina, carpeta)
    enviar(oficina, juan, carpeta)
    t_juan = _taller(juan, tid, "Validación en Isla Huapi", "2026-04-02", 2)
    juan.insertar(Persona, {"territorio_id": tid, "nombre": "Pedro Calfuqueo"})
    juan.insertar(Necesidad, {"territorio_id": tid, "titulo": "Camino a Huapi", "tipologia": VIAL})
    enviar(juan, oficina, carpeta)
    oficina.actualizar(Taller, t_maria, {"lugar": "Sede social"})
    talleres = {"maria": t_maria, "juan": t_juan}
    return Escena(oficina, maria, juan, tid, talleres)
