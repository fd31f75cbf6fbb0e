"""Desglose de bytes por tabla e índice de la demo (issue #18, punto 4).

SQLCipher no trae dbstat compilado: se exporta la base a una copia plana con
sqlcipher_export (que la reempaca como un VACUUM) y se lee dbstat con el sqlite3 de
Python. Imprime también el tamaño de la base tal como queda tras la demo y el de la
misma base reempacada cifrada, para separar la fragmentación del contenido.

Uso (desde la raíz del repo):
    PIR_CAMPO_CLAVE=... python3 benchmarks/desglose_bytes.py [talleres]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PIR_CAMPO_CLAVE", "frase de las mediciones 2026")

from pir_campo import demo  # noqa: E402
from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402


def _exportar(conn, destino: Path, llave_sql: str) -> None:
    conn.execute(f"ATTACH DATABASE '{destino}' AS copia KEY {llave_sql}")
    conn.execute("SELECT sqlcipher_export('copia')")
    conn.execute("DETACH DATABASE copia")


def main(talleres: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        ruta = carpeta / "demo.sqlite"
        with Almacen.iniciar(ruta, "campo", "Medición", "09") as almacen:
            conteos = demo.generar(almacen, territorios=3, talleres=talleres, semilla=1)
            almacen.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        n = sum(conteos.values())
        conn = motor.conectar(ruta, llaves.abrir(ruta, None))
        plana = carpeta / "plana.sqlite"
        reempacada = carpeta / "reempacada.sqlite"
        _exportar(conn, plana, "''")
        _exportar(conn, reempacada, "'desglose'")
        conn.close()
        print(f"registros: {n}")
        for nombre, archivo in (
            ("tras la demo", ruta),
            ("reempacada cifrada", reempacada),
            ("copia plana", plana),
        ):
            print(
                f"{nombre:20s} {archivo.stat().st_size:>11d} B  "
                f"{archivo.stat().st_size / n:7.1f} B/registro"
            )
        p = sqlite3.connect(plana)
        filas = p.execute(
            "SELECT d.name, coalesce(m.tbl_name, ''), sum(d.pgsize) AS s FROM dbstat d "
            "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY d.name ORDER BY s DESC"
        ).fetchall()
        p.close()
        print(f"\n{'objeto':45s} {'tabla':25s} {'bytes':>10s} {'B/reg':>7s}")
        for nombre, tabla, tam in filas:
            if tam / n >= 0.1:
                print(f"{nombre:45s} {tabla:25s} {tam:10d} {tam / n:7.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
