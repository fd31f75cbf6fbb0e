"""Personas de un territorio: la fusión de duplicados, con las reglas de `duplicados`."""

from __future__ import annotations

from pir_campo.almacen import Almacen, Cambio
from pir_campo.servicios import duplicados


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
