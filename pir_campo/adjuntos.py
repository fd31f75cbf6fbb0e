"""Almacén de archivos por contenido: cada archivo se guarda una vez, nombrado por su SHA-256.

Se copia el archivo (nunca se guarda la ruta original, que puede ser un pendrive), por partes
para no cargar fotos grandes en memoria, a un temporal que se renombra solo si está completo.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from pir_campo.errores import ErrorPir

BLOQUE = 1 << 20
MAXIMO = 50 * BLOQUE

_FIRMAS = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def carpeta_de(ruta_db: Path) -> Path:
    return ruta_db.with_name(ruta_db.stem + ".adjuntos")


def ruta_blob(carpeta: Path, sha256: str) -> Path:
    return carpeta / "sha256" / sha256[:2] / sha256[2:4] / sha256


def tipo_medio(cabecera: bytes) -> str | None:
    return next((t for firma, t in _FIRMAS.items() if cabecera.startswith(firma)), None)


def guardar(carpeta: Path, origen: Path) -> tuple[str, int, str]:
    """Copia `origen` al almacén; devuelve (sha256, tamaño, tipo de medio)."""
    try:
        tamano = origen.stat().st_size
        if tamano > MAXIMO:
            raise ErrorPir(
                f"El archivo {origen.name} pesa {tamano // BLOQUE} MB; el máximo es "
                f"{MAXIMO // BLOQUE} MB."
            )
        with origen.open("rb") as f:
            medio = tipo_medio(f.read(16))
        if medio is None:
            raise ErrorPir(f"El archivo {origen.name} no es una foto (JPEG o PNG) ni un PDF.")
        (carpeta / "sha256").mkdir(parents=True, exist_ok=True)
        huella = hashlib.sha256()
        fd, temporal = tempfile.mkstemp(dir=carpeta / "sha256", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as destino, origen.open("rb") as f:
                while bloque := f.read(BLOQUE):
                    huella.update(bloque)
                    destino.write(bloque)
                destino.flush()
                os.fsync(destino.fileno())
            sha = huella.hexdigest()
            final = ruta_blob(carpeta, sha)
            if final.exists():
                os.unlink(temporal)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temporal, final)
        except BaseException:
            if os.path.exists(temporal):
                os.unlink(temporal)
            raise
    except OSError as e:
        raise ErrorPir(f"No se pudo copiar el archivo {origen.name}: {e.strerror or e}.") from None
    return sha, tamano, medio


def copiar_a(carpeta: Path, sha256: str, destino: Path) -> None:
    shutil.copyfile(ruta_blob(carpeta, sha256), destino)
