"""Mapa base opcional: un archivo MBTiles (SQLite de teselas PNG o JPEG) elegido en Ajustes.

No es una base de PIR Campo: se abre con el `sqlite3` de la biblioteca estándar, solo lectura.
La oficina lo hace en QGIS («Generate XYZ tiles (MBTiles)») y lo entrega en pendrive.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

CLAVE = "mapa/mbtiles"


class ErrorMbtiles(Exception):
    pass


def ruta_elegida() -> Path | None:
    valor = QSettings().value(CLAVE, "") or ""
    return Path(valor) if valor and Path(valor).is_file() else None


class Mbtiles:
    """Teselas por (z, x, y) en el esquema XYZ; el archivo guarda y en TMS (invertida)."""

    def __init__(self, ruta: Path):
        import sqlite3  # solo con un mapa base elegido: el arranque no lo paga (~25 ms)

        self.ruta = Path(ruta)
        try:
            self._conn = sqlite3.connect(f"file:{self.ruta}?mode=ro", uri=True)
            fila = self._conn.execute(
                "SELECT min(zoom_level), max(zoom_level) FROM tiles"
            ).fetchone()
        except sqlite3.DatabaseError as e:
            raise ErrorMbtiles(
                f"«{self.ruta.name}» no es un archivo MBTiles legible ({e})."
            ) from None
        if fila is None or fila[0] is None:
            raise ErrorMbtiles(f"«{self.ruta.name}» no tiene teselas.")
        self.zoom_min, self.zoom_max = int(fila[0]), int(fila[1])
        self._cache: dict[tuple[int, int, int], QImage | None] = {}

    def tesela(self, z: int, x: int, y: int) -> QImage | None:
        clave = (z, x, y)
        if clave not in self._cache:
            if len(self._cache) > 512:
                self._cache.clear()
            fila = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                "AND tile_row = ?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
            imagen = QImage.fromData(fila[0]) if fila else None
            self._cache[clave] = imagen if imagen is not None and not imagen.isNull() else None
        return self._cache[clave]

    def cerrar(self) -> None:
        self._conn.close()
