"""Ids por tabla que una importación recuerda de punta a punta del paquete (los ya vistos, para
retener los repetidos; los aplicados, para los pasos que siguen), con la memoria acotada.

Hasta `EN_MEMORIA` ids viven en un diccionario; desde ahí pasan a una base aparte en un
directorio temporal, cifrada con una llave al azar que solo conoce este proceso (las tablas
temporales de SQLCipher viven en memoria y un archivo temporal del motor no va cifrado). Así un
paquete de un millón de registros ocupa lo mismo que uno de veinte mil, y uno chico no abre
ningún archivo. La base aparte no es parte de la transacción de la importación: si esta se
deshace, el conjunto se descarta igual.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pir_campo.almacen import motor

# Unos 20.000 ids en memoria son unos 3 MB; más, a la base aparte.
EN_MEMORIA = 20_000
# Cada cuántos ids nuevos se escriben juntos, ordenados, en la base aparte (un executemany).
TANDA = 20_000


def _cerrar(conn: motor.Connection, carpeta: str) -> None:
    conn.close()
    shutil.rmtree(carpeta, ignore_errors=True)


class IdsPorTabla:
    """Ids por tabla. `unico`: un conjunto (cada id una vez; lo que se consulta a menudo con
    `vistos`); si no, una lista que se recorre después (un id anotado dos veces, en tandas
    distintas, puede salir dos veces)."""

    def __init__(self, unico: bool = False, en_memoria: int | None = None):
        self._unico = unico
        self._limite = EN_MEMORIA if en_memoria is None else en_memoria
        self._memoria: dict[str, dict[str, None]] = {}
        self._en_memoria = 0
        self._conteo: dict[str, int] = {}
        self._tablas: dict[str, str] = {}  # tabla -> su tabla en la base aparte
        self._indices: set[str] = set()
        self._conn: motor.Connection | None = None
        self._cierre: weakref.finalize | None = None

    # ---- escribir ----------------------------------------------------------------------

    def agregar(self, tabla: str, id_: str) -> None:
        self.extender(tabla, (id_,))

    def extender(self, tabla: str, ids: Iterable[str]) -> None:
        """Como `agregar` con cada uno, de una vez (un lote puede pasar el límite por su largo
        antes de ir a la base aparte: la memoria sigue acotada)."""
        memoria = self._memoria.get(tabla)
        if memoria is None:
            memoria = self._memoria[tabla] = {}
        antes = len(memoria)
        memoria.update(dict.fromkeys(ids))
        self._en_memoria += len(memoria) - antes
        if self._en_memoria > (self._limite if self._conn is None else TANDA):
            self._volcar()

    # ---- leer --------------------------------------------------------------------------

    def vistos(self, tabla: str, ids: list[str]) -> set[str]:
        """Los de `ids` que ya están en el conjunto."""
        en_memoria = self._memoria.get(tabla, {})
        salida = {i for i in ids if i in en_memoria}
        nombre = self._tablas.get(tabla)
        if nombre is not None and ids:
            assert self._conn is not None
            if not self._unico and nombre not in self._indices:
                self._conn.execute(f"CREATE INDEX i{nombre} ON {nombre} (id)")  # rara vez
                self._indices.add(nombre)
            salida.update(
                f[0]
                for f in self._conn.execute(
                    f"SELECT id FROM {nombre} WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(sorted(ids)),),
                )
            )
        return salida

    def tablas(self) -> list[str]:
        """Las tablas con algún id, en el orden en que aparecieron."""
        vistas = dict.fromkeys(self._tablas)
        vistas.update((t, None) for t, ids in self._memoria.items() if ids)
        return list(vistas)

    def cuantos(self, tabla: str) -> int:
        """Cuántos hay (sin `unico`, un id anotado en dos tandas cuenta dos veces)."""
        if self._conn is not None:
            self._volcar()
        return self._conteo.get(tabla, 0) + len(self._memoria.get(tabla, ()))

    def lotes(self, tabla: str, n: int) -> Iterator[list[str]]:
        """Los ids de `tabla` en listas de a lo más `n`: nunca todos juntos en memoria."""
        if self._conn is None:
            ids = list(self._memoria.get(tabla, ()))
            for i in range(0, len(ids), n):
                yield ids[i : i + n]
            return
        self._volcar()
        nombre = self._tablas.get(tabla)
        if nombre is None:
            return
        clave = "id" if self._unico else "rowid"
        ultimo: Any = "" if self._unico else 0
        while True:
            filas = self._conn.execute(
                f"SELECT {clave}, id FROM {nombre} WHERE {clave} > ? ORDER BY {clave} LIMIT ?",
                (ultimo, n),
            ).fetchall()
            if not filas:
                return
            yield [f[1] for f in filas]
            ultimo = filas[-1][0]

    def primeros(self, tabla: str, n: int) -> list[str]:
        return next(self.lotes(tabla, n), [])

    def cerrar(self) -> None:
        """Borra la base aparte, si se abrió (también pasa solo al soltar el objeto)."""
        if self._cierre is not None:
            self._cierre()
        self._memoria.clear()
        self._en_memoria = 0

    # ---- base aparte -------------------------------------------------------------------

    def _abrir(self) -> motor.Connection:
        carpeta = tempfile.mkdtemp(prefix="pirb-")
        conn = motor.conectar(
            Path(carpeta) / "ids.sqlite", os.urandom(motor.LARGO_LLAVE), isolation_level=None
        )
        self._cierre = weakref.finalize(self, _cerrar, conn, carpeta)
        # Nada de esto necesita sobrevivir a un corte: sin diario ni esperas al disco.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # El conjunto se consulta en cada lote: algo de caché; la lista solo se escribe y se lee
        # de corrido. Acotadas, para que la memoria no crezca con el paquete.
        conn.execute(f"PRAGMA cache_size = {-4000 if self._unico else -500}")
        self._conn = conn
        return conn

    def _volcar(self) -> None:
        """Pasa lo que está en memoria a la base aparte (la abre la primera vez)."""
        if not self._en_memoria:
            return
        conn = self._conn or self._abrir()
        conn.execute("BEGIN")
        for tabla, ids in self._memoria.items():
            if not ids:
                continue
            nombre = self._tablas.get(tabla)
            if nombre is None:
                nombre = self._tablas[tabla] = f"t{len(self._tablas)}"
                columnas = "id TEXT PRIMARY KEY) WITHOUT ROWID" if self._unico else "id TEXT)"
                conn.execute(f"CREATE TABLE {nombre} ({columnas}")
            antes = conn.total_changes
            # En orden, los del conjunto: cada página del índice se toca una vez por tanda.
            filas = ((i,) for i in (sorted(ids) if self._unico else ids))
            conn.executemany(f"INSERT OR IGNORE INTO {nombre} (id) VALUES (?)", filas)
            self._conteo[tabla] = self._conteo.get(tabla, 0) + conn.total_changes - antes
        conn.execute("COMMIT")
        self._memoria.clear()
        self._en_memoria = 0
