"""El diario de una restauración: la base, su .llave y sus adjuntos cambian juntos o no cambian.

Tres cosas no se pueden renombrar en un solo paso, así que una restauración se hace en dos
tiempos:
  1. se prepara todo en `<base>.restauracion/` (base, llave y adjuntos del respaldo, ya
     revisados); si el proceso muere aquí, la carpeta no tiene plan y se borra: queda la base
     de antes, intacta;
  2. se escribe `plan.json` (atómico): desde ese instante la restauración está decidida y
     `completar` la termina, paso a paso, cada paso idempotente (mover la base de antes con su
     WAL, su llave y sus adjuntos a la copia conservada; poner los del respaldo en su lugar).
`Almacen.abrir` llama a `completar` antes de abrir: nadie ve nunca una mezcla de las dos.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pir_campo.almacen.llaves as llaves
from pir_campo import adjuntos
from pir_campo.sincro import punto_de_falla

PLAN = "plan.json"
BASE = "base.sqlite"
RESTOS = ("-wal", "-shm", "-journal")


def carpeta_preparacion(ruta_db: Path) -> Path:
    ruta_db = Path(ruta_db)
    return ruta_db.with_name(ruta_db.name + ".restauracion")


def base_preparada(ruta_db: Path) -> Path:
    return carpeta_preparacion(ruta_db) / BASE


def escribir_plan(ruta_db: Path, conservada: Path | None) -> None:
    """El punto de no retorno: lo preparado ya está completo y revisado en el disco."""
    carpeta = carpeta_preparacion(ruta_db)
    temporal = carpeta / (PLAN + ".tmp")
    with temporal.open("w", encoding="utf-8") as f:
        json.dump({"conservada": str(conservada) if conservada else None}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporal, carpeta / PLAN)
    llaves.sincronizar_carpeta(carpeta)


def _mover(origen: Path, destino: Path) -> None:
    if origen.exists() and not destino.exists():
        os.replace(origen, destino)


def completar(ruta_db: Path) -> Path | None:
    """Termina (o descarta, si no llegó a su plan) una restauración interrumpida; devuelve la
    copia conservada de la base anterior si terminó una. Sin restauración pendiente, no hace
    nada más que mirar si existe una carpeta."""
    ruta_db = Path(ruta_db)
    carpeta = carpeta_preparacion(ruta_db)
    if not carpeta.is_dir():
        return None
    plan = carpeta / PLAN
    if not plan.is_file():
        shutil.rmtree(carpeta, ignore_errors=True)
        return None
    datos = json.loads(plan.read_text(encoding="utf-8"))
    conservada = Path(datos["conservada"]) if datos.get("conservada") else None
    nueva = carpeta / BASE
    if nueva.exists():
        # La base de antes, con su WAL (que lleva lo no volcado a la base), a la copia
        # conservada; un WAL de la base vieja nunca debe quedar junto a la nueva.
        for resto in RESTOS:
            viejo = Path(f"{ruta_db}{resto}")
            if conservada is not None and resto == "-wal":
                _mover(viejo, Path(f"{conservada}{resto}"))
            viejo.unlink(missing_ok=True)
        if conservada is not None:
            _mover(ruta_db, conservada)
    nueva_llave = llaves.ruta_llave(nueva)
    if nueva_llave.exists():
        if conservada is not None:
            _mover(llaves.ruta_llave(ruta_db), llaves.ruta_llave(conservada))
        os.replace(nueva_llave, llaves.ruta_llave(ruta_db))
        punto_de_falla("restaurar_a_medias")  # pruebas: base de antes movida, llave nueva
    nuevos = adjuntos.carpeta_de(nueva)
    if nuevos.exists():
        actuales = adjuntos.carpeta_de(ruta_db)
        if actuales.exists() and conservada is not None:
            _mover(actuales, adjuntos.carpeta_de(conservada))
        if actuales.exists():  # no hay dónde conservarlos: la base no existía
            shutil.rmtree(actuales)
        os.replace(nuevos, actuales)
    if nueva.exists():
        for resto in RESTOS:
            Path(f"{ruta_db}{resto}").unlink(missing_ok=True)
        os.replace(nueva, ruta_db)
    llaves.sincronizar_carpeta(ruta_db.parent)
    plan.unlink()
    shutil.rmtree(carpeta, ignore_errors=True)
    return conservada
