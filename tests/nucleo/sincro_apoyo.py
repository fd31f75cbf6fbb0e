"""Apoyo para las pruebas de sincronización: instalaciones registradas entre sí y envíos."""

from __future__ import annotations

import itertools
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.sincro import exportar, identidad, importar

_contador = itertools.count()

TERRITORIO = {
    "nombre": "Territorio Lago Budi",
    "cut_region": "09",
    "comunas": ["09117"],
    "estado": "candidato",
}


def instalacion(carpeta: Path, nombre: str, rol: str = "campo") -> Almacen:
    return Almacen.iniciar(carpeta / f"{nombre}.sqlite", rol, nombre, "09")


def registrar(
    oficina: Almacen, notebook: Almacen, carpeta: Path, territorios: list[str] | None = None
) -> None:
    """Sin `territorios`, el notebook queda con toda la región."""
    a, b = carpeta / f"id-{next(_contador)}.json", carpeta / f"id-{next(_contador)}.json"
    identidad.escribir(oficina, a)
    identidad.escribir(notebook, b)
    identidad.confiar(notebook, identidad.leer(a))
    identidad.confiar(oficina, identidad.leer(b), territorios, toda_la_region=not territorios)


def red(
    carpeta: Path, notebooks: int = 2, territorios: list[list[str]] | None = None
) -> tuple[Almacen, list[Almacen]]:
    oficina = instalacion(carpeta, "oficina", "oficina")
    lista = [instalacion(carpeta, f"notebook{i + 1}") for i in range(notebooks)]
    for i, n in enumerate(lista):
        registrar(oficina, n, carpeta, territorios[i] if territorios else None)
    return oficina, lista


def paquete(origen: Almacen, destino: Almacen, carpeta: Path, **kw) -> Path:
    ruta = carpeta / f"p{next(_contador):04d}.pirb"
    para = destino.dispositivo if origen.rol == "oficina" else None
    exportar.exportar(origen, ruta, para=para, **kw)
    return ruta


def enviar(origen: Almacen, destino: Almacen, carpeta: Path, **kw) -> importar.Importacion:
    return importar.importar(destino, paquete(origen, destino, carpeta, **kw))


def datos(almacen: Almacen) -> dict[str, list[tuple]]:
    """Filas de las tablas sincronizables sin lo que es local (lseq, revisar)."""
    from pir_campo.almacen import replicacion as rep

    salida = {}
    for t in rep.TABLAS:
        cols = ", ".join(("id", *rep.campos(t), "vv", "cdot", "fdots", "hlc", "origen", "extra"))
        salida[t] = sorted(almacen.conn.execute(f"SELECT {cols} FROM {t}").fetchall())
    return salida
