"""Adjuntar fotos, escaneos y PDF a cualquier registro: se copian al almacén por contenido."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pir_campo import adjuntos, modelos
from pir_campo.almacen import Almacen, Cambio

# La replicación y el modelo Adjunto (pydantic, ~0,1 s) se cargan al usarlos: abrir la base
# llama `recuperar_preparados`, que sin preparación pendiente no los necesita.


def recuperar_preparados(almacen: Almacen) -> tuple[int, int]:
    """Lo que una importación cortada dejó en la preparación de adjuntos: lo que la base usa
    (se cortó después del COMMIT) pasa al almacén, el resto se borra. Al abrir la base y antes
    de cada importación; sin preparación pendiente cuesta un `stat`. Devuelve (movidos,
    borrados); un OSError o ErrorBaseDatos llega a quien llama."""
    carpeta = adjuntos.carpeta_de(almacen.ruta)
    if not adjuntos.hay_preparacion(carpeta):
        return 0, 0
    from pir_campo.almacen import replicacion as rep

    with almacen.transaccion():  # con la base tomada: ninguna importación viva prepara ahora
        return adjuntos.recuperar_preparacion(
            carpeta, lambda shas: rep.adjuntos_referenciados(almacen, shas)
        )


def adjuntar(
    almacen: Almacen,
    tabla_duena: str,
    registro_id: str,
    territorio_id: str,
    origen: Path,
    clase: str | None = None,
) -> Cambio:
    """Copia el archivo (nunca guarda su ruta original) y registra sus metadatos."""
    sha, tamano, medio = adjuntos.guardar(
        adjuntos.carpeta_de(almacen.ruta), Path(origen), almacen.llave_adjuntos()
    )
    if clase is None:
        clase = "pdf" if medio == "application/pdf" else "foto"
    nuevo_id = almacen.insertar(
        modelos.Adjunto,
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
    """Adjuntos del registro (metadatos; el contenido se pide aparte, descifrado)."""
    return almacen.listar(modelos.Adjunto, orden="id", registro_id=registro_id)


def contenido(almacen: Almacen, sha256: str) -> bytes:
    """Contenido descifrado en memoria (miniaturas): nunca una copia en claro en el disco."""
    return adjuntos.leer(adjuntos.carpeta_de(almacen.ruta), sha256, almacen.llave_adjuntos())


def copia_para_ver(almacen: Almacen, adjunto: dict[str, Any], carpeta: Path) -> Path:
    """Copia en claro en `carpeta` para el visor del sistema (la interfaz la borra al cerrar)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    nombre = Path(adjunto["nombre_original"]).name or adjunto["sha256"][:12]
    destino = carpeta / f"{adjunto['sha256'][:8]}-{nombre}"
    adjuntos.copiar_a(
        adjuntos.carpeta_de(almacen.ruta), adjunto["sha256"], destino, almacen.llave_adjuntos()
    )
    return destino


def quitar(almacen: Almacen, adjunto_id: str) -> Cambio:
    return almacen.eliminar(modelos.Adjunto, adjunto_id)
