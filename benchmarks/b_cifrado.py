"""Costo del cifrado en reposo: el mismo trabajo sobre una base cifrada (SQLCipher) y sobre una
base plana, en la misma corrida. La versión plana es el mismo código con la llave quitada de la
conexión (motor.conectar sin PRAGMA key): la diferencia es solo el cifrado de páginas.

- generar la demo;
- filtrar asistencias por nombre (la consulta de cada tecla, sobre la demo);
- importar un paquete en la oficina;
- desbloquear: Argon2id con los parámetros reales y abrir la base (absoluto: < 1 s).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from medir import Fila, mediana

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("PIR_CAMPO_CLAVE", "frase de medicion del cifrado")

from pir_campo.almacen import Almacen, llaves, motor  # noqa: E402
from pir_campo.almacen import consultas_campo as cc  # noqa: E402
from pir_campo.cli.cmd_demo import crear_demo  # noqa: E402
from pir_campo.sincro import exportar, identidad, importar  # noqa: E402

_CONECTAR, _ES_PLANA = motor.conectar, motor.es_plana


@contextmanager
def plano(activo: bool):
    """Mientras dura, las conexiones no llevan llave (base plana); todo lo demás, igual."""
    if activo:
        motor.conectar = lambda ruta, llave, **kw: _CONECTAR(ruta, None, **kw)
        motor.es_plana = lambda ruta: False  # que no la «actualice» cifrándola
    try:
        yield
    finally:
        motor.conectar, motor.es_plana = _CONECTAR, _ES_PLANA


def _demo(carpeta: Path, sin_cifrar: bool, talleres: int) -> tuple[float, Path]:
    ruta = carpeta / f"demo-{'plana' if sin_cifrar else 'cifrada'}-{time.monotonic_ns()}.sqlite"
    with plano(sin_cifrar):
        inicio = time.perf_counter()
        crear_demo(ruta, territorios=3, talleres=talleres, semilla=1)
        return time.perf_counter() - inicio, ruta


def _filtro(ruta: Path, sin_cifrar: bool) -> float:
    with plano(sin_cifrar), Almacen.abrir(ruta) as a:
        tid = cc.territorios(a.conn)[0]["id"]
        # La lista ya se mostró (caché caliente) cuando la persona empieza a escribir.
        cc.filtrar_asistencias(a.conn, tid, "")
        tiempos = []
        for _ in range(3):
            for texto in ("ma", "mar", "mari", "maria", "ro", "ros", "rosa", "hu", "hue"):
                inicio = time.perf_counter()
                cc.filtrar_asistencias(a.conn, tid, texto)
                tiempos.append(time.perf_counter() - inicio)
        return mediana(tiempos)


def _importar(carpeta: Path, demo: Path, sin_cifrar: bool) -> float:
    sufijo = "plana" if sin_cifrar else "cifrada"
    with plano(sin_cifrar):
        of_ruta = carpeta / f"of-{sufijo}-{time.monotonic_ns()}.sqlite"
        with Almacen.iniciar(of_ruta, "oficina", "GORE", "09") as of, Almacen.abrir(demo) as nb:
            for a, b in ((nb, of), (of, nb)):
                identidad.escribir(a, carpeta / "id.json")
                identidad.confiar(
                    b, identidad.leer(carpeta / "id.json"), toda_la_region=b.rol == "oficina"
                )
            paquete = exportar.exportar(nb, carpeta / f"p-{sufijo}.pirb").ruta
            inicio = time.perf_counter()
            importar.importar(of, paquete)
            return time.perf_counter() - inicio


ARRANQUE = """
import sys
sys.path[:0] = [{raiz!r}, {bench!r}]
import b_cifrado
if {plano}:
    b_cifrado.plano(True).__enter__()
from pir_campo.cli import main
sys.exit(main(["--medir-inicio", "--db", {ruta!r}]))
"""


def _arranque(ruta: Path, sin_cifrar: bool) -> float:
    """Mismo lanzador para las dos: importa lo mismo y solo la plana quita la llave."""
    import subprocess

    codigo = ARRANQUE.format(
        raiz=str(RAIZ), bench=str(RAIZ / "benchmarks"), plano=sin_cifrar, ruta=str(ruta)
    )
    entorno = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, env=entorno, timeout=120
    )
    linea = salida.stdout.strip().splitlines()[-1] if salida.stdout.strip() else ""
    if not linea.isdigit():
        raise RuntimeError(f"el arranque no imprimió los milisegundos: {salida.stderr[-500:]}")
    return int(linea) / 1000


def _desbloquear(ruta: Path) -> float:
    tiempos = []
    for _ in range(3):
        llaves._kek.cache_clear()
        inicio = time.perf_counter()
        Almacen.abrir(ruta, llaves.FRASE_DEMO).cerrar()
        tiempos.append(time.perf_counter() - inicio)
    return mediana(tiempos)


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 60 if rapido else 400
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        cif, ruta_cif = _demo(carpeta, False, talleres)
        pla, ruta_pla = _demo(carpeta, True, talleres)
        cif2, _ = _demo(carpeta, False, talleres)
        pla2, _ = _demo(carpeta, True, talleres)
        grande = 200 if rapido else 2000
        _, arr_cif = _demo(carpeta, False, grande)
        _, arr_pla = _demo(carpeta, True, grande)
        import compileall

        for sub in ("pir_campo", "ui"):
            compileall.compile_dir(RAIZ / sub, quiet=1)
        cif_ms, pla_ms = [], []
        for _ in range(5):
            cif_ms.append(_arranque(arr_cif, False))
            pla_ms.append(_arranque(arr_pla, True))
        filas = [
            Fila(
                f"cifrado: arranque con {grande:,} talleres (cifrada / plana)".replace(",", "."),
                mediana(cif_ms),
                mediana(pla_ms),
                1.3,
                nota="mediana de 5",
            ),
            Fila(
                f"cifrado: demo de {talleres} talleres (cifrada / plana)",
                min(cif, cif2),
                min(pla, pla2),
                1.3,
            ),
            Fila(
                "cifrado: filtrar asistencias por nombre (cifrada / plana)",
                _filtro(ruta_cif, False),
                _filtro(ruta_pla, True),
                1.3,
            ),
            Fila(
                "cifrado: importar el paquete de la demo en la oficina (cifrada / plana)",
                _importar(carpeta, ruta_cif, False),
                _importar(carpeta, ruta_pla, True),
                1.3,
            ),
            Fila(
                "cifrado: desbloquear (Argon2id 64 MiB + abrir la base)",
                _desbloquear(ruta_cif),
                None,
                1.0,
            ),
        ]
    return filas


if __name__ == "__main__":
    for f in medir("--rapido" in sys.argv):
        print(f)
