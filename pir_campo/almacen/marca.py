"""Marca de continuidad: un archivo pequeño junto a la base (`<base>.marca`) con el dispositivo y
el número de cambio (seq) más alto que la base llegó a guardar.

Se escribe después de cada COMMIT que sube el contador, bajo nombre temporal y con `os.replace`
(sin fsync: una marca atrasada nunca da una falsa alarma, solo deja de avisar). Al abrir, si la
marca dice más de lo que la base tiene, o es de otro dispositivo, la base es una copia puesta en
su lugar (un respaldo restaurado o un archivo copiado): seguir con ese dispositivo reutilizaría
números de cambio que la oficina ya tiene con otro contenido (ver `sucesion`).
"""

from __future__ import annotations

import os
from pathlib import Path

FORMATO = "pir-marca/1"


def ruta_marca(ruta_db: Path) -> Path:
    return ruta_db.with_name(ruta_db.name + ".marca")


def escribir(ruta_db: Path, dispositivo: str, seq: int) -> None:
    """Escritura atómica; si el disco no deja (lleno, solo lectura), la marca queda atrás."""
    final = ruta_marca(ruta_db)
    parcial = final.with_name(final.name + ".tmp")
    try:
        with open(parcial, "w", encoding="ascii") as f:
            f.write(f"{FORMATO} {dispositivo} {seq}\n")
        os.replace(parcial, final)
    except OSError:
        try:
            parcial.unlink(missing_ok=True)
        except OSError:
            pass


def leer(ruta_db: Path) -> tuple[str, int] | None:
    """(dispositivo, seq) de la marca; None si no hay marca legible."""
    try:
        with open(ruta_marca(ruta_db), encoding="ascii") as f:
            partes = f.read(200).split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(partes) != 3 or partes[0] != FORMATO or not partes[2].isdigit():
        return None
    return partes[1], int(partes[2])
