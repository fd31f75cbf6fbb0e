"""Supresión (Ley 21.719): lo que cuesta `PRAGMA secure_delete = ON` (cada página liberada o
reescrita se llena de ceros) en la demo, contra la misma carga con secure_delete apagado; y una
supresión completa contra editar el nombre de la misma persona."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo.almacen import Almacen
from pir_campo.cli.cmd_demo import crear_demo
from pir_campo.modelos import Persona
from pir_campo.servicios import supresion

REPETICIONES = 5


def _editar_todas(almacen: Almacen, secure_delete: bool, vuelta: int) -> float:
    """Cambia el nombre de cada persona (registro, índice, búsqueda y bitácora reescritos)."""
    almacen.conn.execute(f"PRAGMA secure_delete = {'ON' if secure_delete else 'OFF'}")
    personas = almacen.listar(Persona)
    inicio = time.perf_counter()
    with almacen.transaccion():
        for p in personas:
            almacen.actualizar(Persona, p["id"], {"nombre": f"{p['nombre'][:150]} {vuelta}"})
    transcurrido = time.perf_counter() - inicio
    almacen.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return transcurrido


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 100 if rapido else 400
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        ruta = carpeta / "demo.sqlite"
        crear_demo(ruta, territorios=3, talleres=talleres, semilla=1)
        pisos, medidos, ediciones, supresiones = [], [], [], []
        with Almacen.abrir(ruta) as almacen:
            n = almacen.contar(Persona)
            for i in range(REPETICIONES):  # alternados: el mismo ruido de disco para ambos
                pisos.append(_editar_todas(almacen, False, 2 * i))
                medidos.append(_editar_todas(almacen, True, 2 * i + 1))
            almacen.conn.execute("PRAGMA secure_delete = ON")
            for p in almacen.listar(Persona, limite=REPETICIONES):
                inicio = time.perf_counter()
                almacen.actualizar(Persona, p["id"], {"nombre": p["nombre"] + " x"})
                ediciones.append(time.perf_counter() - inicio)
                inicio = time.perf_counter()
                supresion.suprimir(almacen, p["id"], "Medición")
                supresiones.append(time.perf_counter() - inicio)
    return [
        Fila(
            f"editar las {n:,} personas de la demo con secure_delete vs sin él".replace(",", "."),
            mediana(medidos),
            mediana(pisos),
            1.5,
        ),
        Fila(
            "suprimir una persona (con WAL vaciado y búsqueda compactada) vs editar su nombre",
            mediana(supresiones),
            mediana(ediciones),
            nota="operación rara: solo informativo",
        ),
    ]
