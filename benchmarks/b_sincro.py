"""Mediciones de sincronización (razones contra un piso medido en la misma corrida).

- importar N registros contra parsear el mismo JSONL e insertarlo con executemany pelado;
- reimportar un paquete ya importado (absoluto: debe bajar de 50 ms, sea cual sea su tamaño);
- exportar N registros contra seleccionar las mismas filas y escribirlas en un zip;
- memoria máxima (RSS) al exportar e importar un paquete con 1 GB de adjuntos (100 MB con
  --rapido), medida en un proceso aparte (ver b_sincro_memoria.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from medir import Fila, mediana

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from pir_campo import ids  # noqa: E402
from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402
from pir_campo.almacen import replicacion as rep  # noqa: E402
from pir_campo.almacen.conexion import copiar  # noqa: E402
from pir_campo.modelos import Asistencia, Taller, Territorio  # noqa: E402
from pir_campo.sincro import exportar, identidad, importar  # noqa: E402
from pir_campo.sincro.exportar import _lineas  # noqa: E402


def _copiar(origen: Path, destino: Path) -> Path:
    a = motor.conectar(origen, llaves.abrir(origen, None))
    copiar(a, origen, destino, llaves.abrir(origen, None))
    a.close()
    return destino


def _escena(carpeta: Path, n: int) -> tuple[Path, Path]:
    """Notebook con n personas y su oficina, registrados entre sí (bases cerradas)."""
    nb = Almacen.iniciar(carpeta / "nb.sqlite", "campo", "Ana", "09")
    of = Almacen.iniciar(carpeta / "of.sqlite", "oficina", "GORE", "09")
    # La oficina crea el territorio y se lo asigna al notebook: al importar, cada registro pasa
    # por las comprobaciones de alcance (territorio, puntos de otros equipos, vector de versiones).
    tid = of.insertar(Territorio, {"nombre": "T", "cut_region": "09", "comunas": ["09117"]})
    for a, b in ((nb, of), (of, nb)):
        identidad.escribir(a, carpeta / "id.json")
        identidad.confiar(b, identidad.leer(carpeta / "id.json"), [tid] if b is of else None)
    exportar.exportar(of, carpeta / "inicial.pirb", para=nb.dispositivo)
    importar.importar(nb, carpeta / "inicial.pirb")
    taller = nb.insertar(
        Taller,
        {"territorio_id": tid, "paso": 1, "titulo": "Taller de prueba", "fecha": "2026-03-01"},
    )
    # La asistencia es la tabla más numerosa en terreno: un registro por persona y taller.
    lote = [
        {
            "territorio_id": tid,
            "taller_id": taller,
            "persona_id": ids.uuid7(),
            "cargo": "Socia del comité de agua potable rural",
            "firmo": bool(i % 2),
        }
        for i in range(n)
    ]
    for i in range(0, n, 20_000):
        nb.insertar_lote(Asistencia, lote[i : i + 20_000])
    nb.cerrar()
    of.cerrar()
    return carpeta / "nb.sqlite", carpeta / "of.sqlite"


def _piso_importar(jsonl: Path, destino: Path) -> float:
    conn = motor.conectar(destino, None, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    cols = ("id", *rep.campos("asistencia"), "vv", "cdot", "fdots", "hlc", "origen", "extra")
    columnas = ", ".join(c + " TEXT" for c in cols[1:])
    conn.execute(f"CREATE TABLE p (id TEXT PRIMARY KEY, {columnas}) WITHOUT ROWID")
    inicio = time.perf_counter()
    filas = []
    with jsonl.open("rb") as f:
        for linea in f:
            d = json.loads(linea)
            filas.append(
                (
                    d["id"],
                    *d["v"].values(),
                    json.dumps(d["vv"]),
                    json.dumps(d["cd"]),
                    json.dumps(d["fd"]),
                    d["hlc"],
                    d["o"],
                    json.dumps(d["x"]),
                )
            )
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO p VALUES ({', '.join('?' * len(cols))})", filas)
    conn.execute("COMMIT")
    tiempo = time.perf_counter() - inicio
    conn.close()
    return tiempo


def _piso_exportar(db: Path, destino: Path) -> float:
    conn = motor.conectar(db, llaves.abrir(db, None))
    inicio = time.perf_counter()
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z, z.open("p.jsonl", "w") as f:
        lote = []
        for fila in conn.execute("SELECT * FROM asistencia"):
            lote.append(json.dumps(fila, ensure_ascii=False))
            if len(lote) >= 2000:
                f.write(("\n".join(lote) + "\n").encode())
                lote.clear()
        f.write(("\n".join(lote) + "\n").encode())
    tiempo = time.perf_counter() - inicio
    conn.close()
    return tiempo


def medir(rapido: bool = False) -> list[Fila]:
    n = 20_000 if rapido else 100_000
    repeticiones = 3
    filas: list[Fila] = []
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        ruta_nb, ruta_of = _escena(tmp, n)
        # Exportar contra el piso.
        t_exp, t_piso_exp = [], []
        for i in range(repeticiones):
            with Almacen.abrir(ruta_nb) as nb:
                inicio = time.perf_counter()
                exportar.exportar(nb, tmp / f"e{i}.pirb")
                t_exp.append(time.perf_counter() - inicio)
            t_piso_exp.append(_piso_exportar(ruta_nb, tmp / f"piso{i}.zip"))
        filas.append(
            Fila(
                f"sincro: exportar {n:,} registros vs SELECT + zip".replace(",", "."),
                mediana(t_exp),
                mediana(t_piso_exp),
                2,
            )
        )
        # Importar contra el piso (JSONL del mismo paquete, sin cifrar para poder leerlo).
        with Almacen.abrir(ruta_nb) as nb:
            conn = nb.conn
            jsonl = tmp / "asistencia.jsonl"
            with jsonl.open("w", encoding="utf-8") as f:
                filas_nb = rep.filas_exportables(nb, "asistencia", None)
                for linea in _lineas("asistencia", filas_nb, None, lambda _f: None):
                    f.write(linea + "\n")
            del conn
        t_imp, t_piso_imp, t_dup = [], [], []
        for i in range(repeticiones):
            base = _copiar(ruta_of, tmp / f"of{i}.sqlite")
            with Almacen.abrir(base) as of:
                inicio = time.perf_counter()
                r = importar.importar(of, tmp / "e0.pirb")
                t_imp.append(time.perf_counter() - inicio)
                assert r.nuevos == n + 1 and not r.retenidos
                inicio = time.perf_counter()
                assert importar.importar(of, tmp / "e0.pirb").duplicado
                t_dup.append(time.perf_counter() - inicio)
            t_piso_imp.append(_piso_importar(jsonl, tmp / f"piso{i}.sqlite"))
        filas.append(
            Fila(
                f"sincro: importar {n:,} registros (con alcance) vs JSONL + executemany".replace(
                    ",", "."
                ),
                mediana(t_imp),
                mediana(t_piso_imp),
                3,
            )
        )
        filas.append(
            Fila(
                "sincro: reimportar un paquete ya importado (s, máx. 0,05)",
                mediana(t_dup),
                None,
                0.05,
            )
        )
    mb = 100 if rapido else 1024
    for fase in ("exportar", "importar"):
        pico = _memoria(mb, fase)
        filas.append(
            Fila(
                f"sincro: RSS máx. al {fase} {mb} MB de adjuntos (MB)",
                pico,
                None,
                300,
                "M",
                "" if mb >= 1024 else f"a escala: {mb} MB en vez de 1 GB",
            )
        )
    return filas


def _memoria(mb: int, fase: str) -> float:
    """Pico de memoria (MB) de un proceso aparte que exporta o importa adjuntos grandes."""
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    r = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("b_sincro_memoria.py")), str(mb), fase],
        capture_output=True,
        text=True,
        env=entorno,
        timeout=1800,
    )
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return float(r.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    for f in medir(rapido="--rapido" in sys.argv):
        print(f)
