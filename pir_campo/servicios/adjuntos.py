"""Adjuntar fotos, escaneos y PDF a cualquier registro: se copian al almacén por contenido."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pir_campo import adjuntos
from pir_campo.almacen import Almacen, Cambio
from pir_campo.modelos import Adjunto


def adjuntar(
    almacen: Almacen,
    tabla_duena: str,
    registro_id: str,
    territorio_id: str,
    origen: Path,
    clase: str | None = None,
) -> Cambio:
    """Copia el archivo (nunca guarda su ruta original) y registra sus metadatos."""
    sha, tamano, medio = adjuntos.guardar(adjuntos.carpeta_de(almacen.ruta), Path(origen))
    if clase is None:
        clase = "pdf" if medio == "application/pdf" else "foto"
    nuevo_id = almacen.insertar(
        Adjunto,
        {
            "territorio_id": territorio_id,
            "tabla_duena": tabla_duena,
            "registro_id": registro_id,
            "sha256": sha,
            "tamano": tamano,
            "tipo_medio": medio,
            "nombre_original": Path(origen).name[:255],
            "clase": clase,
        },
    )
    return Cambio("adjunto", (nuevo_id,), creado=True)


def listar(almacen: Almacen, registro_id: str) -> list[dict[str, Any]]:
    """Adjuntos del registro, cada uno con la ruta de su copia en el almacén."""
    carpeta = adjuntos.carpeta_de(almacen.ruta)
    filas = almacen.listar(Adjunto, orden="id", registro_id=registro_id)
    for f in filas:
        f["ruta"] = str(adjuntos.ruta_blob(carpeta, f["sha256"]))
    return filas


def quitar(almacen: Almacen, adjunto_id: str) -> Cambio:
    return almacen.eliminar(Adjunto, adjunto_id)
