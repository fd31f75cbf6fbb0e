"""Registros mínimos para las pruebas de planificación (territorio, localidad, taller)."""

from __future__ import annotations

from pir_campo.almacen import Almacen
from pir_campo.modelos import Localidad, Necesidad, Organizacion, Taller, Territorio


def territorio(almacen: Almacen, nombre: str = "Costa Lago Budi", comunas=("09116",)) -> str:
    return almacen.insertar(
        Territorio,
        {
            "nombre": nombre,
            "cut_region": "09",
            "comunas": list(comunas),
            "poblacion": 4200,
            "hogares": 1300,
            "superficie_km2": 350.0,
        },
    )


def localidad(almacen: Almacen, tid: str, nombre: str = "Puerto Domínguez") -> str:
    return almacen.insertar(
        Localidad, {"territorio_id": tid, "nombre": nombre, "cut_comuna": "09116"}
    )


def taller(almacen: Almacen, tid: str, paso: int = 4, titulo: str = "Priorización") -> str:
    return almacen.insertar(
        Taller, {"territorio_id": tid, "paso": paso, "titulo": titulo, "fecha": "10-03-2026"}
    )


def necesidad(almacen: Almacen, tid: str, titulo: str, tipologia: str = "agua_potable") -> str:
    return almacen.insertar(
        Necesidad, {"territorio_id": tid, "titulo": titulo, "tipologia": tipologia}
    )


def organizacion(almacen: Almacen, tid: str, nombre: str = "Comité APR Llaguepulli") -> str:
    return almacen.insertar(
        Organizacion, {"territorio_id": tid, "nombre": nombre, "tipo": "comite_apr"}
    )


def base_con_territorio(ruta) -> str:
    """Crea una base de campo con un territorio, una localidad y una organización."""
    with Almacen.iniciar(ruta, "campo", "Ana Pérez", "09") as a:
        tid = territorio(a)
        localidad(a, tid)
        organizacion(a, tid)
    return tid
