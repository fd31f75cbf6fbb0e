"""Genera una base de prueba por cada esquema publicado (tests/datos/esquema_vN.sqlite).

Se ejecuta una vez, cuando se agrega una migración, y el archivo resultante se versiona: las
pruebas de migración abren esas bases viejas reales, como hace Electrum con sus billeteras.
Uso: python tests/datos/generar_fixtures.py N  (solo crea el archivo del esquema N si no existe)
"""

from __future__ import annotations

import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ))  # el pir_campo de este repositorio, no uno instalado en otra parte

from pir_campo.almacen import motor  # noqa: E402
from pir_campo.almacen.conexion import ID_APLICACION  # noqa: E402
from pir_campo.almacen.migraciones import MIGRACIONES  # noqa: E402

TERRITORIO = "0195a000-0000-7000-8000-000000000001"
PERSONA = "0195a000-0000-7000-8000-000000000002"
DISPOSITIVO = "dv_FIXTURE001"


def generar(numero: int, destino: Path) -> None:
    conn = motor.conectar(destino, None, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for n, _, aplicar in MIGRACIONES:
        if n <= numero:
            aplicar(conn)
    conn.execute(f"PRAGMA user_version = {numero}")
    conn.execute(f"PRAGMA application_id = {ID_APLICACION}")
    meta = ('{"dv_FIXTURE001":%d}', '["dv_FIXTURE001",%d,"1740000000000.00000"]')
    conn.executemany(
        "INSERT INTO estado_sincro VALUES (?, ?)",
        [
            ("dispositivo", DISPOSITIVO),
            ("rol", "campo"),
            ("nombre", "Base de prueba"),
            ("cut_region", "09"),
            ("seq", "2"),
            ("hlc", "1740000000000.00001"),
            ("epoca_instalacion", "00"),
            ("creada_en", "2025-02-20T00:00:00+00:00"),
        ],
    )
    conn.executemany(
        "INSERT INTO identidad VALUES (?, ?)",
        [("firma_ed25519", bytes(range(32))), ("cifrado_x25519", bytes(range(32, 64)))],
    )
    conn.execute(
        "INSERT INTO territorio (id, nombre, cut_region, comunas, estado, vv, cdot, hlc, origen, "
        "lseq) VALUES (?, 'Costa Lago Budi', '09', '[\"09117\"]', 'candidato', ?, ?, "
        "'1740000000000.00000', ?, 1)",
        (TERRITORIO, meta[0] % 1, meta[1] % 1, DISPOSITIVO),
    )
    conn.execute(
        "INSERT INTO persona (id, territorio_id, nombre, rut, vv, cdot, hlc, origen, lseq) "
        "VALUES (?, ?, 'Rosa Ñancupil Huenchumilla', '999999K', ?, ?, '1740000000000.00001', "
        "?, 2)",
        (PERSONA, TERRITORIO, meta[0] % 2, meta[1] % 2, DISPOSITIVO),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


if __name__ == "__main__":
    numero = int(sys.argv[1])
    destino = Path(__file__).with_name(f"esquema_v{numero}.sqlite")
    if destino.exists():
        sys.exit(f"{destino} ya existe: las bases de esquemas publicados no se regeneran.")
    generar(numero, destino)
    print(f"Creada {destino}")
