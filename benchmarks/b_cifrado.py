"""Costo del cifrado en reposo: el mismo trabajo sobre una base cifrada (SQLCipher) y sobre una
base plana, en la misma corrida. La versión plana es el mismo código con la llave quitada de la
conexión (motor.conectar sin PRAGMA key): la diferencia es solo el cifrado de páginas.

- generar la demo;
- arrancar la aplicación con 2.000 talleres;
- filtrar asistencias por nombre (la consulta de cada tecla, sobre la demo);
- importar un paquete en la oficina;

Cada razón es entre medianas de varias repeticiones alternadas (cifrada, plana, plana, cifrada,
...): en una máquina compartida una sola medición variaba ±40 %.
- desbloquear: Argon2id con los parámetros reales y abrir la base (absoluto: < 1 s).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
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
        segundos = time.perf_counter() - inicio
    if _ES_PLANA(ruta) != sin_cifrar:
        raise RuntimeError(f"{ruta.name} no quedó {'plana' if sin_cifrar else 'cifrada'}")
    return segundos, ruta


def _alternadas(veces: int, cifrada: Callable[[], float], plana: Callable[[], float]):
    """Medianas de `veces` repeticiones alternadas: una carga pasajera de la máquina cae sobre
    las dos versiones por igual, no sobre la que justo se estaba midiendo."""
    tiempos: dict[bool, list[float]] = {False: [], True: []}
    for i in range(veces):
        orden = (False, True) if i % 2 == 0 else (True, False)
        for sin_cifrar in orden:
            # Lo que la medición anterior dejó sin escribir al disco no se cobra a esta: sin
            # esto, el primer fsync tras crear una base de 100 MB tardaba segundos.
            os.sync()
            tiempos[sin_cifrar].append((plana if sin_cifrar else cifrada)())
    return mediana(tiempos[False]), mediana(tiempos[True])


TECLAS = ("ma", "mar", "mari", "maria", "ro", "ros", "rosa", "hu", "hue")


def _filtros(ruta_cif: Path, ruta_pla: Path, veces: int) -> tuple[float, float]:
    """Cada muestra: las nueve teclas, cinco veces (un solo filtro dura décimas de milisegundo,
    menos que el ruido del reloj y del planificador)."""
    with Almacen.abrir(ruta_cif) as cif:
        with plano(True):
            pla = Almacen.abrir(ruta_pla)
        try:

            def ronda(a: Almacen) -> Callable[[], float]:
                tid = cc.territorios(a.conn)[0]["id"]
                # La lista ya se mostró (caché caliente) cuando la persona empieza a escribir.
                cc.filtrar_asistencias(a.conn, tid, "")

                def medir_ronda() -> float:
                    inicio = time.perf_counter()
                    for _ in range(5):
                        for texto in TECLAS:
                            cc.filtrar_asistencias(a.conn, tid, texto)
                    return (time.perf_counter() - inicio) / (5 * len(TECLAS))

                return medir_ronda

            return _alternadas(veces, ronda(cif), ronda(pla))
        finally:
            pla.cerrar()


def _preparar_importacion(carpeta: Path, demo: Path, sin_cifrar: bool) -> Callable[[], float]:
    """Una oficina que conoce al notebook y el paquete de este; cada importación se hace en una
    copia nueva de esa oficina (la misma llave: el mismo paquete le sirve)."""
    sufijo = "plana" if sin_cifrar else "cifrada"
    with plano(sin_cifrar):
        of_ruta = carpeta / f"of-{sufijo}.sqlite"
        with Almacen.iniciar(of_ruta, "oficina", "GORE", "09") as of, Almacen.abrir(demo) as nb:
            for a, b in ((nb, of), (of, nb)):
                identidad.escribir(a, carpeta / "id.json")
                identidad.confiar(b, identidad.leer(carpeta / "id.json"))
            paquete = exportar.exportar(nb, carpeta / f"p-{sufijo}.pirb").ruta

    def importar_una() -> float:
        copia = carpeta / f"of-{sufijo}-{time.monotonic_ns()}.sqlite"
        shutil.copyfile(of_ruta, copia)
        shutil.copyfile(llaves.ruta_llave(of_ruta), llaves.ruta_llave(copia))
        with plano(sin_cifrar), Almacen.abrir(copia) as of:
            inicio = time.perf_counter()
            importar.importar(of, paquete)
            segundos = time.perf_counter() - inicio
        if _ES_PLANA(copia) != sin_cifrar:
            raise RuntimeError(f"{copia.name} cambió de cifrado al importar: la medición no vale")
        return segundos

    return importar_una


ARRANQUE = """
import sys
sys.path[:0] = [{raiz!r}, {bench!r}]
import b_cifrado
# Con una referencia: un contexto sin referencia se recoge enseguida y su `finally` deshacía el
# cambio, así que la «plana» se cifraba al primer arranque y se medía cifrada contra cifrada.
contexto = b_cifrado.plano({plano})
contexto.__enter__()
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
    if _ES_PLANA(ruta) != sin_cifrar:
        raise RuntimeError(f"{ruta.name} cambió de cifrado al arrancar: la medición no vale")
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
    veces = 3 if rapido else 5
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        rutas: dict[bool, Path] = {}

        def demo(sin_cifrar: bool) -> float:
            segundos, rutas[sin_cifrar] = _demo(carpeta, sin_cifrar, talleres)
            return segundos

        demo_cif, demo_pla = _alternadas(veces, lambda: demo(False), lambda: demo(True))
        grande = 200 if rapido else 2000
        _, arr_cif = _demo(carpeta, False, grande)
        _, arr_pla = _demo(carpeta, True, grande)
        import compileall

        for sub in ("pir_campo", "ui"):
            compileall.compile_dir(RAIZ / sub, quiet=1)
        os.sync()
        _arranque(arr_cif, False), _arranque(arr_pla, True)  # la primera apertura, sin contar
        arr = _alternadas(
            veces, lambda: _arranque(arr_cif, False), lambda: _arranque(arr_pla, True)
        )
        filtro = _filtros(rutas[False], rutas[True], 4 * veces + 1)
        importacion = _alternadas(
            veces,
            _preparar_importacion(carpeta, rutas[False], False),
            _preparar_importacion(carpeta, rutas[True], True),
        )
        nota = f"medianas de {veces}, alternadas"
        filas = [
            Fila(
                f"cifrado: arranque con {grande:,} talleres (cifrada / plana)".replace(",", "."),
                *arr,
                1.3,
                nota=nota,
            ),
            Fila(
                f"cifrado: demo de {talleres} talleres (cifrada / plana)",
                demo_cif,
                demo_pla,
                1.3,
                nota=nota,
            ),
            Fila(
                "cifrado: filtrar asistencias por nombre (cifrada / plana)",
                *filtro,
                1.3,
                nota=f"por tecla; medianas de {4 * veces + 1} rondas de 45, alternadas",
            ),
            Fila(
                "cifrado: importar el paquete de la demo en la oficina (cifrada / plana)",
                *importacion,
                1.3,
                nota=nota,
            ),
            Fila(
                "cifrado: desbloquear (Argon2id 64 MiB + abrir la base)",
                _desbloquear(rutas[False]),
                None,
                1.0,
            ),
        ]
    return filas


if __name__ == "__main__":
    for f in medir("--rapido" in sys.argv):
        print(f)
