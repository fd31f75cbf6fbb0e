"""Respaldo: el archivo de respaldo (base, llave y adjuntos en un zip) de la demo de 2.000
talleres contra la API de respaldo del motor (lo que hace `.backup` de sqlite3) copiando la misma
base, cifrada con la misma llave, directo a un archivo."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from medir import Fila, mediana

from pir_campo.almacen import Almacen, llaves, motor
from pir_campo.cli.cmd_demo import crear_demo
from pir_campo.respaldo import archivo

REPETICIONES = 5


def _piso(ruta: Path, destino: Path) -> float:
    """`.backup` del motor: una conexión a la base y `backup` a un archivo nuevo."""
    llave = llaves.abrir(ruta, None)
    destino.unlink(missing_ok=True)
    inicio = time.perf_counter()
    fuente = motor.conectar(ruta, llave)
    copia = motor.conectar(destino, llave)
    fuente.backup(copia)
    copia.close()
    fuente.close()
    return time.perf_counter() - inicio


def _respaldo(almacen: Almacen, destino: Path) -> float:
    destino.unlink(missing_ok=True)
    inicio = time.perf_counter()
    archivo.escribir(almacen, destino)
    return time.perf_counter() - inicio


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 200 if rapido else 2000
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        ruta = carpeta / "demo.sqlite"
        crear_demo(ruta, territorios=3, talleres=talleres, semilla=1)
        pisos, medidos = [], []
        with Almacen.abrir(ruta) as almacen:
            almacen.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for _ in range(REPETICIONES):  # alternados: el mismo ruido de disco para ambos
                pisos.append(_piso(ruta, carpeta / "piso.sqlite"))
                medidos.append(_respaldo(almacen, carpeta / "demo.respaldo"))
            tamano = (carpeta / "demo.respaldo").stat().st_size
    return [
        Fila(
            f"respaldo de la demo de {talleres:,} talleres ({tamano / 1048576:.0f} MB) vs "
            "backup del motor".replace(",", "."),
            mediana(medidos),
            mediana(pisos),
            1.5,
        )
    ]
