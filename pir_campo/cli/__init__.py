"""La línea de comandos `pir-campo`: comandos pequeños sobre los mismos servicios del núcleo.

Sin subcomando abre la aplicación de escritorio (importando `ui` solo entonces). Todo error
esperado se muestra en español por stderr con código de salida distinto de cero; nunca una
traza de Python.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from pir_campo import NOMBRE, __version__
from pir_campo.errores import ErrorPir, error_disco

if TYPE_CHECKING:
    import argparse

# Un módulo por comando, cada uno con NOMBRE, AYUDA, configurar(parser) y ejecutar(args).
COMANDOS = (
    "iniciar",
    "demo",
    "resumen",
    "listar",
    "agregar",
    "editar",
    "documento",
    "instrumento",
    "identidad",
    "confiar",
    "revocar",
    "territorios",
    "exportar",
    "verificar",
    "importar",
    "conflictos",
    "frase",
    "recuperacion",
    "rotar-llaves",
    "llave-recuperacion",
    "recuperar",
    "duplicados",
    "datos",
    "historial",
    "revisar",
    "observaciones",
    "entregas",
    "publicar",
    "avisos",
    "ajustes",
    "persona",
    "respaldar",
    "restaurar",
)

SALIDA_ERROR = 1
SALIDA_INESPERADA = 70


def _modulo(nombre: str):
    return importlib.import_module(f"pir_campo.cli.cmd_{nombre.replace('-', '_')}")


def construir_parser(con_comandos: bool = True) -> argparse.ArgumentParser:
    """`con_comandos=False` arma solo las opciones de la aplicación de escritorio: abrirla no
    debe pagar la importación de todos los comandos (y del núcleo entero) antes de la ventana."""
    import argparse

    from pir_campo.cli import espanol
    from pir_campo.cli.comun import ruta_db_por_omision

    espanol.instalar()
    parser = argparse.ArgumentParser(
        prog="pir-campo",
        description=f"{NOMBRE}: registro de terreno del Programa de Infraestructura Rural. "
        "Sin comando, abre la aplicación de escritorio.",
        formatter_class=espanol.Formato,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{NOMBRE} {__version__}",
        help="muestra la versión y termina",
    )
    parser.add_argument(
        "--db",
        dest="db_app",
        metavar="RUTA",
        type=Path,
        default=None,
        help=f"base de datos que abre la aplicación (por omisión: {ruta_db_por_omision()})",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="abre la aplicación con datos de demostración (los crea si faltan)",
    )
    parser.add_argument(
        "--medir-inicio",
        action="store_true",
        help="abre la aplicación, imprime los milisegundos hasta mostrar la "
        "ventana con sus datos y termina",
    )
    sub = parser.add_subparsers(dest="comando", title="comandos", metavar="COMANDO")
    for nombre in COMANDOS if con_comandos else ():
        modulo = _modulo(nombre)
        p = sub.add_parser(
            nombre, help=modulo.AYUDA, description=modulo.AYUDA, formatter_class=espanol.Formato
        )
        modulo.configurar(p)
        p.set_defaults(ejecutar_comando=modulo.ejecutar)
    return parser


def _opciones_aplicacion(argv: list[str]) -> SimpleNamespace | None:
    """Las opciones si son solo de la aplicación de escritorio (lo mismo que daría el parser
    liviano, sin importar argparse: la ventana abre antes). Ante cualquier otra cosa (un
    comando, --help, un error de tipeo) None: se arma el parser completo, con sus mensajes."""
    args = SimpleNamespace(db_app=None, demo=False, medir_inicio=False, comando=None)
    i = 0
    while i < len(argv):
        if argv[i] in ("--demo", "--medir-inicio"):
            setattr(args, argv[i][2:].replace("-", "_"), True)
            i += 1
        elif argv[i].startswith("--db=") and len(argv[i]) > 5:
            args.db_app = Path(argv[i][5:])
            i += 1
        elif argv[i] == "--db" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            args.db_app = Path(argv[i + 1])
            i += 2
        else:
            return None
    return args


def _solo_aplicacion(argv: list[str]) -> bool:
    return _opciones_aplicacion(argv) is not None


def _abrir_aplicacion(args: argparse.Namespace | SimpleNamespace) -> int:
    ruta = args.db_app
    if ruta is None:
        from pir_campo.cli.comun import ruta_db_por_omision  # platformdirs: solo si hace falta

        ruta = ruta_db_por_omision()
    if args.demo:
        from pir_campo.cli import cmd_demo
        from pir_campo.cli.comun import carpeta_datos

        if args.db_app is None:
            ruta = carpeta_datos() / "demo.sqlite"
        if not ruta.exists():
            cmd_demo.crear_demo(ruta, territorios=3, talleres=24, semilla=1)
        else:
            from pir_campo.almacen import Almacen, llaves, motor

            if motor.es_plana(ruta):  # demo de una versión anterior: se cifra con su frase
                Almacen.abrir(ruta, llaves.FRASE_DEMO).cerrar()
    try:
        # Antes que Qt: el núcleo y la llave de la base se preparan en otro hilo mientras tanto.
        importlib.import_module("ui.arranque").precargar_nucleo(ruta)
        app = importlib.import_module("ui.app")
    except ImportError as e:
        raise ErrorPir(
            f"No se pudo cargar la interfaz de escritorio ({e}). Instale PySide6 o use los "
            "comandos de la línea de comandos."
        ) from None
    return app.ejecutar(ruta, medir_inicio=args.medir_inicio)


def main(argv: list[str] | None = None) -> int:
    for flujo in (sys.stdout, sys.stderr):
        if hasattr(flujo, "reconfigure"):
            flujo.reconfigure(errors="replace")
    args = None
    try:
        lista = sys.argv[1:] if argv is None else argv
        args = _opciones_aplicacion(lista)
        try:
            args = args or construir_parser().parse_args(lista)
        except SystemExit as salida:  # --help, --version o argumentos malos (argparse)
            return salida.code if isinstance(salida.code, int) else SALIDA_ERROR
        if args.comando is None:
            return _abrir_aplicacion(args)
        from pir_campo.almacen import llaves
        from pir_campo.cli.comun import pedir_frase

        llaves.pedir_frase = pedir_frase
        from pir_campo.almacen import Almacen
        from pir_campo.servicios.apertura import al_abrir

        if al_abrir not in Almacen.al_abrir:  # catálogos, instrumento y únicos repetidos
            Almacen.al_abrir.append(al_abrir)
        return int(args.ejecutar_comando(args) or 0)
    except ErrorPir as e:
        print(f"Error: {e}", file=sys.stderr)
        return SALIDA_ERROR
    except KeyboardInterrupt:
        print("Operación cancelada; no se guardó nada a medias.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - la última red: nunca una traza en pantalla
        # Disco lleno, medio de solo lectura o pendrive sacado donde ningún comando lo esperaba
        # (una lectura, un archivo): la misma frase que en el resto, con la base como lugar.
        lugar = getattr(e, "filename", None) or getattr(args, "db", None)
        if disco := error_disco(e, lugar or getattr(args, "db_app", None)):
            print(f"Error: {disco}", file=sys.stderr)
            return SALIDA_ERROR
        registro = _guardar_traza()
        print(
            f"Error inesperado: {e.__class__.__name__}: {e}. "
            f"El detalle quedó en {registro}; envíelo al equipo de soporte.",
            file=sys.stderr,
        )
        return SALIDA_INESPERADA


def traza_sin_datos(error: BaseException | None) -> str:
    """La traza para soporte sin datos personales: clase del error y archivo, línea y función
    de cada marco. Ni el mensaje del error ni el texto de las líneas, que pueden llevar un
    nombre, un RUT o un teléfono (el registro queda fuera de la base cifrada)."""
    if error is None:
        return "(sin error)"
    marcos = traceback.extract_tb(error.__traceback__)
    lineas = [f"{type(error).__module__}.{type(error).__qualname__}"]
    lineas += [f"  {Path(m.filename).name}:{m.lineno} en {m.name}" for m in marcos]
    return "\n".join(lineas)


def _guardar_traza() -> Path:
    import platformdirs

    carpeta = Path(platformdirs.user_log_dir(NOMBRE, appauthor=False))
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        ruta = carpeta / "errores.log"
        with ruta.open("a", encoding="utf-8") as f:
            f.write(traza_sin_datos(sys.exc_info()[1]) + "\n")
        return ruta
    except OSError:
        return Path("(no se pudo escribir el registro)")
