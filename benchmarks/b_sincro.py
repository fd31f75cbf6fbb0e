"""Mediciones de sincronización (razones contra un piso medido en la misma corrida).

- importar N registros contra parsear el mismo JSONL e insertarlo con executemany pelado;
- reimportar un paquete ya importado (absoluto: debe bajar de 50 ms, sea cual sea su tamaño);
- exportar N registros contra seleccionar las mismas filas y escribirlas en un zip;
- memoria máxima (RSS) al exportar e importar un paquete con 1 GB de adjuntos (100 MB con
  --rapido), medida en un proceso aparte (ver b_sincro_memoria.py);
- la oficina grande (issue 18): el mismo paquete de ~5.000 registros en una oficina de 1 millón
  de registros (100.000 con --rapido) contra en una vacía, alternadas; un paquete de 5 ediciones
  en una oficina de 100.000 personas (absoluto, máx. 10 ms; también recién abierta, sin límite);
  y el pico de memoria de solo importar paquetes de dos tamaños (máx. 100 MB, y el grande contra
  el chico: plana, máx. 1,2);
- una oficina de 20 notebooks (issue 18): el paquete de cada uno, importados por turno en la
  misma oficina (que crece y acumula paquetes de cada equipo), contra cada paquete en la oficina
  sin datos; máx. 1,2.
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

from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402
from pir_campo.almacen import replicacion as rep  # noqa: E402
from pir_campo.almacen.conexion import copiar  # noqa: E402
from pir_campo.modelos import Asistencia, Persona, Taller, Territorio  # noqa: E402
from pir_campo.sincro import exportar, identidad, importar  # noqa: E402
from pir_campo.sincro.exportar import _lineas  # noqa: E402


def _copiar(origen: Path, destino: Path) -> Path:
    a = motor.conectar(origen, llaves.abrir(origen, None))
    copiar(a, origen, destino, llaves.abrir(origen, None))
    a.close()
    # La copia recién escrita queda en la caché del sistema sin bajar al disco: el primer fsync
    # de la importación (synchronous = FULL) pagaría por bajarla entera (en ext4 un fsync
    # arrastra lo pendiente de otros archivos), y más cuanto más grande la base. Eso es de
    # preparar la medición, no de importar: se baja aquí.
    os.sync()
    return destino


PERSONAS = 100


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
    # La asistencia es la tabla más numerosa en terreno: un registro por persona y taller (las
    # personas existen: la base comprueba las referencias).
    personas = nb.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": f"Persona {i}"} for i in range(PERSONAS)]
    )
    lote = [
        {
            "territorio_id": tid,
            "taller_id": taller,
            "persona_id": personas[i % PERSONAS],
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


# Una oficina grande se llena con SQL (INSERT ... SELECT), no con la aplicación: lo que se mide
# es la importación en ella, no cómo se llenó. Los ids son anteriores a los del paquete (UUIDv7
# ordenados por tiempo) y las personas de cada asistencia, al azar: como en una oficina real.
_UUID = "printf('01800000-%04x-7000-8000-%012x', {t}, i)"
_AZAR = (
    "lower(substr(hex(randomblob(4)), 1, 8) || '-' || substr(hex(randomblob(2)), 1, 4) || '-7' "
    "|| substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' "
    "|| hex(randomblob(6)))"
)


def _llenar(ruta: Path, tabla: str, m: int, tid: str, n_tabla: int = 1) -> None:
    """m filas más de `tabla` (asistencia o persona) en el territorio `tid`, de otro equipo,
    con su fila de bitácora cada una."""
    if tabla == "asistencia":
        valores = f"{_AZAR}, {_AZAR}, NULL, 'Socia del comité', i % 2, 0, NULL"
    else:
        valores = (
            "'Nombre' || i || ' Apellido' || (i % 997), NULL, NULL, NULL, NULL, NULL, "
            "'+569' || (10000000 + i), NULL, 0, NULL"
        )
    cols = ", ".join(("id", *rep.campos(tabla), *rep.META_SQL, "lseq"))
    uuid = _UUID.format(t=n_tabla)
    seq = f"(i + {n_tabla * 10_000_000})"
    with Almacen.abrir(ruta) as a:
        c = a.conn
        c.execute("BEGIN")
        c.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            f"INSERT INTO {tabla} ({cols}) SELECT {uuid}, ?, {valores}, "
            f"'{{\"dv_OTRO00001\":' || {seq} || '}}', '[\"dv_OTRO00001\",' || {seq} || "
            "',\"1740000000000.00000\"]', '{}', '1740000000000.00000', 'dv_OTRO00001', '{}', "
            "i FROM n",
            (m, tid),
        )
        c.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO cambio (dispositivo, seq, hlc, momento, usuario, tabla, registro_id, "
            f"campo) SELECT 'dv_OTRO00001', {seq}, '1740000000000.00000', "
            f"'2025-02-19T21:20:00+00:00', 'Otra', ?, {uuid}, '*' FROM n",
            (m, tabla),
        )
        c.execute("COMMIT")


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
                assert r.nuevos == n + PERSONAS + 1 and not r.retenidos
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
                1.8,  # meta del issue 18 (antes 3, issue 11)
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
    filas.extend(_escala(rapido))
    filas.append(_veinte(rapido))
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


def _importar_en(origenes: list[Path], destino: Path, ruta: Path, repeticiones: int = 3) -> list:
    """Mediana de importar `ruta` en copias nuevas de cada base de `origenes`, alternadas (la
    carga de la máquina cambia: así cada una ve la misma)."""
    tiempos: list[list[float]] = [[] for _ in origenes]
    for _ in range(repeticiones):
        for i, origen in enumerate(origenes):
            _copiar(origen, destino)
            with Almacen.abrir(destino) as a:
                inicio = time.perf_counter()
                r = importar.importar(a, ruta)
                tiempos[i].append(time.perf_counter() - inicio)
                assert not r.duplicado and not r.retenidos
            destino.unlink()
    return [mediana(t) for t in tiempos]


def _escala(rapido: bool) -> list[Fila]:
    """La oficina grande: el mismo paquete en una oficina de M registros y en una vacía, un
    paquete de 5 ediciones en una oficina de 100.000 personas y la memoria de importar."""
    m = 100_000 if rapido else 1_000_000
    personas = 100_000
    k = 5_000
    filas = []
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        ruta_nb, ruta_of = _escena(tmp, k)
        with Almacen.abrir(ruta_of) as of:
            tid = of.conn.execute("SELECT id FROM territorio").fetchone()[0]
        with Almacen.abrir(ruta_nb) as nb:
            exportar.exportar(nb, tmp / "k.pirb")
        grande = _copiar(ruta_of, tmp / "grande.sqlite")
        _llenar(grande, "asistencia", m, tid)
        vacia, llena = _importar_en([ruta_of, grande], tmp / "destino.sqlite", tmp / "k.pirb")
        filas.append(
            Fila(
                f"sincro: el mismo paquete ({k + PERSONAS + 1:,} registros) en una oficina de "
                f"{m:,} registros vs en una vacía".replace(",", "."),
                llena,
                vacia,
                1.2,
            )
        )
        grande.unlink()
        # Cinco teléfonos editados en el notebook, en una oficina con 100.000 personas.
        with Almacen.abrir(ruta_of) as of:
            importar.importar(of, tmp / "k.pirb")
            exportar.exportar(of, tmp / "recibo.pirb", para=_dispositivo(ruta_nb))
        with Almacen.abrir(ruta_nb) as nb:
            importar.importar(nb, tmp / "recibo.pirb")
            for i, (pid,) in enumerate(nb.conn.execute("SELECT id FROM persona LIMIT 5")):
                nb.actualizar(Persona, pid, {"telefono": f"+56 9 5555 000{i}"})
            e = exportar.exportar(nb, tmp / "cinco.pirb")
            assert e.total_registros == 5, e.total_registros
        _llenar(ruta_of, "persona", personas, tid, 2)
        frio, tibio = _cinco(ruta_of, tmp / "destino.sqlite", tmp / "cinco.pirb")
        en = f"en una oficina de {personas:,} personas".replace(",", ".")
        filas.append(
            Fila(f"sincro: paquete de 5 ediciones {en} abierta (s, máx. 0,01)", tibio, None, 0.01)
        )
        filas.append(Fila("sincro: ídem, recién abierta (caché vacía; s)", frio, None, None))
    tamanos = (20_000, 60_000) if rapido else (100_000, 787_000)
    picos = [_memoria_registros(n) for n in tamanos]
    for n, pico in zip(tamanos, picos, strict=True):
        filas.append(
            Fila(
                f"sincro: RSS máx. al importar un paquete de {n:,} registros (MB)".replace(
                    ",", "."
                ),
                pico,
                None,
                100,
                "M",
            )
        )
    filas.append(
        Fila(
            f"sincro: memoria al importar {tamanos[1]:,} vs {tamanos[0]:,} registros".replace(
                ",", "."
            ),
            picos[1],
            picos[0],
            1.2,
            "M",
        )
    )
    return filas


NOTEBOOKS = 20


def _veinte(rapido: bool) -> Fila:
    """20 notebooks, cada uno con su territorio y un paquete de k registros: importarlos por
    turno en una oficina contra importar cada uno en la oficina sin datos (la suma de los 20)."""
    k = 200 if rapido else 2_000
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        of = Almacen.iniciar(tmp / "of.sqlite", "oficina", "GORE", "09")
        paquetes = []
        for n in range(NOTEBOOKS):
            nb = Almacen.iniciar(tmp / f"nb{n}.sqlite", "campo", f"Notebook {n + 1}", "09")
            datos = {"nombre": f"T{n}", "cut_region": "09", "comunas": ["09117"]}
            tid = of.insertar(Territorio, datos)
            for a, b in ((nb, of), (of, nb)):
                identidad.escribir(a, tmp / "id.json")
                identidad.confiar(b, identidad.leer(tmp / "id.json"), [tid] if b is of else None)
            exportar.exportar(of, tmp / "inicial.pirb", para=nb.dispositivo, sobrescribir=True)
            importar.importar(nb, tmp / "inicial.pirb")
            taller = nb.insertar(
                Taller,
                {"territorio_id": tid, "paso": 1, "titulo": "Taller", "fecha": "2026-03-01"},
            )
            personas = nb.insertar_lote(
                Persona, [{"territorio_id": tid, "nombre": f"Persona {i}"} for i in range(k // 10)]
            )
            nb.insertar_lote(
                Asistencia,
                [
                    {
                        "territorio_id": tid,
                        "taller_id": taller,
                        "persona_id": personas[i % len(personas)],
                        "firmo": bool(i % 2),
                    }
                    for i in range(k)
                ],
            )
            paquetes.append(tmp / f"nb{n}.pirb")
            exportar.exportar(nb, paquetes[-1])
            nb.cerrar()
        of.cerrar()
        destino = tmp / "destino.sqlite"
        turnos, solos = [], []
        for _ in range(3):
            _copiar(tmp / "of.sqlite", destino)
            with Almacen.abrir(destino) as a:
                total = 0.0
                for ruta in paquetes:
                    inicio = time.perf_counter()
                    r = importar.importar(a, ruta)
                    total += time.perf_counter() - inicio
                    assert not r.retenidos and r.nuevos == k + k // 10 + 1, r.texto()
            destino.unlink()
            turnos.append(total)
            total = 0.0
            for ruta in paquetes:
                _copiar(tmp / "of.sqlite", destino)
                with Almacen.abrir(destino) as a:
                    inicio = time.perf_counter()
                    importar.importar(a, ruta)
                    total += time.perf_counter() - inicio
                destino.unlink()
            solos.append(total)
    return Fila(
        f"sincro: {NOTEBOOKS} notebooks ({k:,} registros c/u) por turno en una oficina vs cada "
        "uno en la oficina sin datos".replace(",", "."),
        mediana(turnos),
        mediana(solos),
        1.2,
    )


def _cinco(origen: Path, destino: Path, ruta: Path, repeticiones: int = 5) -> tuple[float, float]:
    """Importar un paquete chico en la oficina recién abierta (caché de páginas vacía: cada
    página se lee y descifra) y en la oficina abierta que ya trabajó (como la aplicación, que
    importa un paquete tras otro): antes, un ensayo (`verificar`) hace la misma importación y
    la deshace."""
    frio, tibio = [], []
    for _ in range(repeticiones):
        for lista in (frio, tibio):
            _copiar(origen, destino)
            with Almacen.abrir(destino) as a:
                if lista is tibio:
                    importar.verificar(a, ruta)
                inicio = time.perf_counter()
                r = importar.importar(a, ruta)
                lista.append(time.perf_counter() - inicio)
                assert r.actualizados == 5, r.actualizados
            destino.unlink()
    return mediana(frio), mediana(tibio)


def _dispositivo(ruta: Path) -> str:
    with Almacen.abrir(ruta) as a:
        return a.dispositivo


def _memoria_registros(n: int) -> float:
    """Pico de memoria (MB) de un proceso aparte que solo importa un paquete de n registros
    (la base y el paquete se preparan antes, en este proceso)."""
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        ruta_nb, ruta_of = _escena(tmp, n)
        with Almacen.abrir(ruta_nb) as nb:
            exportar.exportar(nb, tmp / "n.pirb")
        entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
        r = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("b_sincro_memoria.py")),
                "0",
                "registros",
                str(ruta_of),
                str(tmp / "n.pirb"),
            ],
            capture_output=True,
            text=True,
            env=entorno,
            timeout=3600,
        )
        if r.returncode != 0:
            raise RuntimeError(r.stderr)
        return float(r.stdout.strip().splitlines()[-1])


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
