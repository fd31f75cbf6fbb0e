"""pir-campo publicar: la oficina envía a los notebooks, en sus próximos paquetes firmados,
una actualización de catálogo, una versión nueva del instrumento, ajustes o un aviso; o, con
--postgres, publica sus datos consolidados en un servidor PostgreSQL/PostGIS."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.cli.comun import opcion_db
from pir_campo.errores import ErrorValidacion
from pir_campo.servicios import envios

NOMBRE = "publicar"
AYUDA = (
    "la oficina envía catálogos, instrumento, ajustes de la región o avisos a los notebooks, "
    "o publica sus datos en un servidor PostgreSQL (--postgres)"
)


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("tipo", nargs="?", choices=envios.TIPOS, help="qué se envía a los notebooks")
    p.add_argument("archivo", nargs="?", type=Path, help="archivo JSON con lo que se envía")
    p.add_argument("--texto", metavar="TEXTO", help="texto del aviso (en vez de un archivo)")
    p.add_argument("--version-minima", metavar="X.Y.Z", help="aviso: versión a la que actualizar")
    p.add_argument(
        "--postgres",
        metavar="URL",
        help="publica los datos en este servidor (postgresql://usuario@servidor:5432/base; la "
        "contraseña se pregunta, o va en PGPASSWORD o en ~/.pgpass)",
    )
    p.add_argument("--esquema", default="pir", help="esquema del servidor (por omisión: pir)")
    p.add_argument(
        "--con-datos-personales",
        action="store_true",
        help="incluye nombres, RUT, teléfonos y el texto libre de actas, acuerdos y "
        "comentarios (sin esta opción van códigos seudónimos y ese texto queda vacío)",
    )


def ejecutar(args: argparse.Namespace) -> int:
    if args.postgres and args.tipo:
        raise ErrorValidacion(
            f"Indique qué enviar a los notebooks («{args.tipo}») o --postgres para publicar en "
            "un servidor, no ambas cosas.",
            "Tipo",
        )
    if args.postgres:
        return _publicar_servidor(args)
    if not args.tipo:
        raise ErrorValidacion(
            "Indique qué enviar a los notebooks (catalogo, instrumento, ajustes o aviso) o "
            "--postgres URL para publicar en un servidor.",
            "Tipo",
        )
    if args.tipo == "aviso" and args.texto:
        contenido = {"texto": args.texto, "version_minima": args.version_minima}
    elif args.archivo:
        try:
            contenido = json.loads(args.archivo.read_text(encoding="utf-8"))
        except OSError as e:
            raise ErrorValidacion(
                f"No se pudo leer {args.archivo}: {e.strerror}.", "Archivo"
            ) from None
        except ValueError as e:
            raise ErrorValidacion(f"{args.archivo} no es JSON válido ({e}).", "Archivo") from None
    else:
        raise ErrorValidacion("Indique el archivo JSON (o --texto para un aviso).", "Archivo")
    with Almacen.abrir(args.db) as almacen:
        envio = envios.publicar(almacen, args.tipo, contenido)
    print(f"{envio['texto']} Viajará en los próximos paquetes de la oficina a los notebooks.")
    return 0


def _publicar_servidor(args: argparse.Namespace) -> int:
    from pir_campo.publicacion import envio
    from pir_campo.publicacion.servidor import ErrorCredenciales

    with Almacen.abrir(args.db) as almacen:
        clave = None
        while True:
            progreso = Progreso("Publicando")
            try:
                resultado = envio.publicar(
                    almacen,
                    args.postgres,
                    args.esquema,
                    args.con_datos_personales,
                    clave=clave,
                    al_avanzar=progreso,
                )
                break
            except ErrorCredenciales as e:
                if not (e.falta_clave and clave is None and sys.stdin.isatty()):
                    raise
                import getpass

                clave = getpass.getpass("Contraseña del servidor: ")
            finally:
                progreso.terminar()
    print(f"Publicado en {resultado.servidor}, esquema «{resultado.esquema}».")
    if not resultado.total:
        print("No había cambios desde la publicación anterior: no se envió nada.")
        return 0
    nombres = {m.tabla: _etiqueta(m) for m in _modelos()}
    filas = [
        [nombres[t], resultado.enviados.get(t, 0), resultado.borrados.get(t, 0)]
        for t in nombres
        if t in resultado.enviados or t in resultado.borrados
    ]
    from pir_campo.cli.comun import imprimir_tabla

    imprimir_tabla(["Registros", "Enviados", "Borrados"], filas)
    return 0


def _modelos():
    from pir_campo.modelos import MODELOS

    return MODELOS


def _etiqueta(m) -> str:
    from pir_campo.modelos import ETIQUETAS_CONTEO

    if m.conteo in ETIQUETAS_CONTEO:
        return ETIQUETAS_CONTEO[m.conteo]
    sin_articulo = m.etiqueta.split(" ", 1)[-1]
    return sin_articulo[0].upper() + sin_articulo[1:]


class Progreso:
    """Barra de avance en la terminal (stderr); nada si la salida no es una terminal."""

    def __init__(self, titulo: str):
        self.titulo = titulo
        self.activo = sys.stderr.isatty()
        self.mostrado = False

    def __call__(self, hechos: int, total: int) -> None:
        if not self.activo or not total:
            return
        ancho = 30
        lleno = ancho * hechos // total
        barra = "█" * lleno + "·" * (ancho - lleno)
        cifra = f"{hechos:,}/{total:,}".replace(",", ".")
        sys.stderr.write(f"\r{self.titulo} [{barra}] {cifra} registros")
        sys.stderr.flush()
        self.mostrado = True

    def terminar(self) -> None:
        if self.mostrado:
            sys.stderr.write("\n")
            self.mostrado = False
