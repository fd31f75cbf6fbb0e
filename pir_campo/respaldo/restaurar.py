"""Restaurar un respaldo: revisarlo entero, conservar la base de antes y poner el respaldo en su
lugar de una vez (ver `diario`). Si el archivo no sirve, no se cambia nada."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pir_campo.almacen.llaves as llaves
from pir_campo import adjuntos
from pir_campo.almacen.conexion import comprobar_copia
from pir_campo.errores import ErrorBaseDatos, ErrorClave
from pir_campo.exportacion.archivo import mensaje_os
from pir_campo.formato import ZONA
from pir_campo.reloj import ahora_ms
from pir_campo.respaldo import archivo as formato_respaldo
from pir_campo.respaldo import diario
from pir_campo.sincro import punto_de_falla


@dataclass(frozen=True)
class Restauracion:
    ruta: Path
    conservada: Path | None
    indice: dict[str, Any]

    def texto(self) -> str:
        de = formato_respaldo.descripcion(self.indice)
        partes = [f"Respaldo {de}, restaurado en {self.ruta}."]
        if self.conservada:
            partes.append(
                f"La base que había quedó como copia en {self.conservada}, con su llave y sus "
                "adjuntos."
            )
        return " ".join(partes)


def nombre_conservada(ruta_db: Path, reloj: Callable[[], int] = ahora_ms) -> Path:
    """`<base>.antes-de-restaurar-AAAAMMDD-HHMMSS<ext>`: se abre como cualquier base."""
    marca = dt.datetime.fromtimestamp(reloj() / 1000, ZONA).strftime("%Y%m%d-%H%M%S")
    ruta_db = Path(ruta_db)
    n, destino = 1, ruta_db.with_name(f"{ruta_db.stem}.antes-de-restaurar-{marca}{ruta_db.suffix}")
    while destino.exists() or adjuntos.carpeta_de(destino).exists():
        n += 1
        destino = ruta_db.with_name(
            f"{ruta_db.stem}.antes-de-restaurar-{marca}-{n}{ruta_db.suffix}"
        )
    return destino


def restaurar(
    ruta_db: Path,
    archivo: Path,
    frase: str | None = None,
    progreso: formato_respaldo.Progreso | None = None,
    reloj: Callable[[], int] = ahora_ms,
) -> Restauracion:
    """Pone el respaldo `archivo` en lugar de la base `ruta_db` (que puede no existir: un
    notebook nuevo tras perder el anterior). `frase` abre la llave del respaldo (la frase que
    tenía la base cuando se respaldó). La base no debe estar abierta: la interfaz cierra la
    suya antes. Al final se abre con `Almacen.abrir`, como cualquier base."""
    ruta_db = Path(ruta_db)
    archivo = Path(archivo)
    if not ruta_db.parent.is_dir():
        raise ErrorBaseDatos(f"La carpeta {ruta_db.parent} no existe.")
    diario.completar(ruta_db)  # una restauración anterior cortada: se termina o se descarta
    carpeta = diario.carpeta_preparacion(ruta_db)
    shutil.rmtree(carpeta, ignore_errors=True)
    try:
        carpeta.mkdir()
        indice = formato_respaldo.extraer(archivo, carpeta, progreso)
        base = diario.base_preparada(ruta_db)
        try:
            llave = llaves.abrir(base, frase)
        except ErrorClave:
            raise ErrorClave(
                "La frase de acceso no abre este respaldo: use la frase que tenía la base "
                "cuando se hizo el respaldo. No se cambió nada."
            ) from None
        if progreso:
            progreso("Revisando la base del respaldo", 0.85)
        comprobar_copia(base, llave)
        llaves.sincronizar_carpeta(carpeta)
    except OSError as e:
        shutil.rmtree(carpeta, ignore_errors=True)
        raise ErrorBaseDatos(mensaje_os(carpeta, e, carpeta=True)) from None
    except BaseException:
        shutil.rmtree(carpeta, ignore_errors=True)
        raise
    punto_de_falla("restaurar_preparado")
    hay_algo = any(
        p.exists() for p in (ruta_db, llaves.ruta_llave(ruta_db), adjuntos.carpeta_de(ruta_db))
    )
    conservada = nombre_conservada(ruta_db, reloj) if hay_algo else None
    if progreso:
        progreso("Poniendo el respaldo en su lugar", 0.95)
    diario.escribir_plan(ruta_db, conservada)
    punto_de_falla("restaurar_plan")
    diario.completar(ruta_db)
    from pir_campo.almacen import Almacen, marca

    # La base restaurada es una copia anterior: al abrirse sigue con una identidad nueva si la
    # marca de la que había dice más (o, si no había marca, porque lo exige esta).
    marca.exigir_identidad_nueva(ruta_db)

    # Abrir como siempre: migra un esquema anterior y pasa por lo que `abrir` revise al abrir.
    Almacen.abrir(ruta_db, frase).cerrar()
    if progreso:
        progreso("Respaldo restaurado", 1.0)
    return Restauracion(ruta_db, conservada, indice)
