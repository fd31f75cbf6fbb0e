"""Marca de continuidad: un archivo pequeño junto a la base (`<base>.marca`) con el dispositivo y
el número de cambio (seq) más alto que la base llegó a guardar.

Se escribe después de cada COMMIT que sube el contador. Para que cueste poco (unos µs; crear un
archivo temporal y renombrarlo cuesta 0,3 a 3 ms en cada edición) es un registro de largo fijo
que se sobrescribe en su lugar con una sola escritura, con su suma de control: un registro a
medio escribir (corte de luz) no pasa la suma y cuenta como «sin marca», nunca como una falsa
alarma. Una marca atrasada tampoco da falsas alarmas: solo deja de avisar.

Al abrir, si la marca dice más de lo que la base tiene, o es de otro dispositivo, la base es una
copia puesta en su lugar (un respaldo restaurado o un archivo copiado): seguir con ese
dispositivo reutilizaría números de cambio que la oficina ya tiene con otro contenido (ver
`sucesion`). Un respaldo o una restauración no deben copiar ni reemplazar este archivo.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

FORMATO = "pir-marca/1"
LARGO = 80
# Lo que deja una restauración de respaldo donde no había marca (p. ej. un notebook nuevo tras
# perder el anterior): la base restaurada es una copia, y al abrirse sigue con identidad nueva.
RESTAURADA = "restaurada"


def ruta_marca(ruta_db: Path) -> Path:
    return ruta_db.with_name(ruta_db.name + ".marca")


def _registro(dispositivo: str, seq: int) -> bytes:
    datos = f"{FORMATO} {dispositivo} {seq}"
    texto = f"{datos} {zlib.crc32(datos.encode()):08x}"
    return texto.encode("ascii").ljust(LARGO - 1) + b"\n"


class Marca:
    """La marca de una base abierta: el archivo queda abierto para sobrescribirlo barato."""

    def __init__(self, ruta_db: Path):
        self.ruta = ruta_marca(ruta_db)
        self._fd: int | None = None

    def escribir(self, dispositivo: str, seq: int) -> None:
        """Si el disco no deja (lleno, solo lectura), la marca queda atrás: no es un error."""
        try:
            if self._fd is None:
                self._fd = os.open(self.ruta, os.O_RDWR | os.O_CREAT, 0o600)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, _registro(dispositivo, seq))
        except (OSError, UnicodeEncodeError):
            self.cerrar()

    def cerrar(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None


def escribir(ruta_db: Path, dispositivo: str, seq: int) -> None:
    m = Marca(ruta_db)
    m.escribir(dispositivo, seq)
    m.cerrar()


def exigir_identidad_nueva(ruta_db: Path) -> None:
    """Tras poner un respaldo en lugar de la base: si no quedó una marca (la de la base que
    había, que ya basta para notarlo), se deja una que obliga a seguir con identidad nueva."""
    if leer(ruta_db) is None:
        escribir(ruta_db, RESTAURADA, 0)


def leer(ruta_db: Path) -> tuple[str, int] | None:
    """(dispositivo, seq) de la marca; None si no hay marca legible y completa."""
    try:
        with open(ruta_marca(ruta_db), "rb") as f:
            texto = f.read(LARGO).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None
    partes = texto.split()
    if len(partes) != 4 or partes[0] != FORMATO or not partes[2].isdigit():
        return None
    if f"{zlib.crc32(' '.join(partes[:3]).encode()):08x}" != partes[3]:
        return None
    return partes[1], int(partes[2])
