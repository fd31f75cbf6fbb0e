"""El archivo de respaldo: un zip sin comprimir (todo lo que lleva ya va cifrado) con

- `base.sqlite`: copia consistente de la base, cifrada con la misma llave (API de respaldo);
- `base.sqlite.llave`: su llave envuelta, que se abre con la frase de acceso de ese momento;
- `adjuntos/<sha256>`: cada adjunto tal como está en el almacén (cifrado por archivo);
- `respaldo.json`: qué es, de qué instalación y esquema, y la huella SHA-256 de cada miembro.

Se escribe con un nombre temporal que se renombra al final: un corte no deja un archivo
completo en apariencia. Al leerlo se comprueba cada huella, además del CRC del zip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pir_campo.almacen.llaves as llaves
import pir_campo.almacen.motor as motor
from pir_campo import __version__, adjuntos
from pir_campo.errores import ErrorBaseDatos, ErrorExportacion
from pir_campo.exportacion.archivo import archivo_temporal, mensaje_os, revisar_destino
from pir_campo.formato import ZONA
from pir_campo.sincro import punto_de_falla

if TYPE_CHECKING:
    from pir_campo.almacen import Almacen

TIPO = "pir-campo/respaldo"
FORMATO = 1
EXTENSION = ".respaldo"
MANIFIESTO = "respaldo.json"
BASE = "base.sqlite"
LLAVE = BASE + ".llave"
CARPETA_ADJUNTOS = "adjuntos/"
BLOQUE = 1 << 20

Progreso = Callable[[str, float], None]


def _nada(_texto: str, _fraccion: float) -> None:
    return None


@dataclass(frozen=True)
class Resultado:
    ruta: Path
    tamano: int
    adjuntos: int
    creado: str


def nombre_por_omision(ruta_db: Path, instante: dt.datetime) -> str:
    """`<base>-AAAA-MM-DD_HH-MM-SS.respaldo`, en hora de Chile (ordena por fecha)."""
    return f"{Path(ruta_db).stem}-{instante.astimezone(ZONA):%Y-%m-%d_%H-%M-%S}{EXTENSION}"


def lista_adjuntos(ruta_db: Path) -> list[tuple[str, Path]]:
    """Los archivos del almacén de adjuntos (sin los temporales de una copia cortada)."""
    raiz = adjuntos.carpeta_de(Path(ruta_db)) / "sha256"
    if not raiz.is_dir():
        return []
    return [
        (r.name, r)
        for r in sorted(raiz.glob("*/*/*"))
        if r.is_file() and r.suffix != ".tmp" and len(r.name) == 64
    ]


def _copiar(origen: BinaryIO, destino: BinaryIO, avance: Callable[[int], None]) -> str:
    huella = hashlib.sha256()
    while bloque := origen.read(BLOQUE):
        huella.update(bloque)
        destino.write(bloque)
        avance(len(bloque))
    return huella.hexdigest()


def _trabajo(ruta_db: Path) -> Path:
    """Carpeta junto a la base para la copia de la base (en el disco local, no en el pendrive)."""
    return Path(ruta_db).with_name(Path(ruta_db).name + ".respaldo-parcial")


def _limpiar_restos(destino: Path) -> None:
    """Lo que dejó un respaldo cortado hacia el mismo archivo (nombres temporales al azar)."""
    for resto in destino.parent.glob(f".{destino.name}.*.parcial"):
        resto.unlink(missing_ok=True)


def escribir(
    almacen: Almacen,
    destino: Path,
    progreso: Progreso | None = None,
    instante: dt.datetime | None = None,
) -> Resultado:
    """Respaldo consistente de la base abierta en `destino` (un archivo, o una carpeta donde
    se le pone el nombre por omisión). La base sigue usable: la copia toma un instante."""
    avisar = progreso or _nada
    instante = instante or dt.datetime.now(dt.UTC)
    destino = Path(destino)
    if destino.is_dir():
        destino = destino / nombre_por_omision(almacen.ruta, instante)
    revisar_destino(destino, carpeta=False)
    _limpiar_restos(destino)
    trabajo = _trabajo(almacen.ruta)
    shutil.rmtree(trabajo, ignore_errors=True)
    try:
        trabajo.mkdir()
        avisar("Copiando la base", 0.0)
        copia = almacen.copiar_base(
            trabajo / BASE,
            lambda hechas, total: avisar("Copiando la base", 0.4 * hechas / max(total, 1)),
        )
    except OSError as e:
        shutil.rmtree(trabajo, ignore_errors=True)
        raise ErrorBaseDatos(mensaje_os(trabajo, e, carpeta=True)) from None
    except motor.Error as e:
        shutil.rmtree(trabajo, ignore_errors=True)
        raise ErrorBaseDatos(
            f"No se pudo copiar la base junto a {almacen.ruta} ({e}): ¿queda espacio en ese "
            "disco? No se escribió ningún respaldo."
        ) from None
    try:
        punto_de_falla("respaldar_copia")
        blobs = lista_adjuntos(almacen.ruta)
        total = copia.stat().st_size + sum(r.stat().st_size for _, r in blobs) or 1
        escrito = 0

        def avance(n: int) -> None:
            nonlocal escrito
            escrito += n
            avisar("Escribiendo el respaldo", 0.4 + 0.6 * min(1.0, escrito / total))

        huellas: dict[str, str] = {}
        with archivo_temporal(destino) as temporal:
            with zipfile.ZipFile(temporal, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
                miembros = [(BASE, copia), (LLAVE, llaves.ruta_llave(copia))]
                miembros += [(CARPETA_ADJUNTOS + sha, ruta) for sha, ruta in blobs]
                for nombre, ruta in miembros:
                    with ruta.open("rb") as f, zf.open(nombre, "w", force_zip64=True) as z:
                        huellas[nombre] = _copiar(f, z, avance)
                    if nombre == BASE:
                        punto_de_falla("respaldar_escritura")
                manifiesto = {
                    "tipo": TIPO,
                    "formato": FORMATO,
                    "creado": instante.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                    "version": __version__,
                    "esquema": almacen.esquema(),
                    "dispositivo": almacen.dispositivo,
                    "rol": almacen.rol,
                    "nombre": almacen.nombre,
                    "huellas": huellas,
                }
                zf.writestr(MANIFIESTO, json.dumps(manifiesto, ensure_ascii=False, indent=1))
            punto_de_falla("respaldar_antes_de_renombrar")
        llaves.sincronizar_carpeta(destino.parent)
    except OSError as e:
        raise ErrorExportacion(mensaje_os(destino, e)) from None
    finally:
        shutil.rmtree(trabajo, ignore_errors=True)
    avisar("Respaldo listo", 1.0)
    return Resultado(destino, destino.stat().st_size, len(blobs), manifiesto["creado"])


def _no_es(archivo: Path, detalle: str) -> ErrorBaseDatos:
    return ErrorBaseDatos(
        f"El archivo {archivo} no es un respaldo de PIR Campo o está dañado ({detalle}); "
        "no se cambió nada."
    )


def leer_manifiesto(zf: zipfile.ZipFile, archivo: Path) -> dict[str, Any]:
    try:
        datos = json.loads(zf.read(MANIFIESTO).decode("utf-8"))
    except KeyError:
        raise _no_es(archivo, "le falta su índice") from None
    except (ValueError, zipfile.BadZipFile, OSError):
        raise _no_es(archivo, "su índice no se puede leer") from None
    if not isinstance(datos, dict) or datos.get("tipo") != TIPO:
        raise _no_es(archivo, "su índice no es el de un respaldo")
    if datos.get("formato") != FORMATO:
        raise ErrorBaseDatos(
            f"El respaldo {archivo} es de otra versión de PIR Campo (formato "
            f"{datos.get('formato')}); actualice la aplicación. No se cambió nada."
        )
    huellas = datos.get("huellas")
    if not isinstance(huellas, dict) or BASE not in huellas or LLAVE not in huellas:
        raise _no_es(archivo, "su índice no lista la base y su llave")
    return datos


def extraer(archivo: Path, carpeta: Path, progreso: Progreso | None = None) -> dict[str, Any]:
    """Extrae el respaldo en `carpeta` (base, llave y adjuntos con la forma del almacén)
    comprobando cada huella; devuelve su índice. No toca nada fuera de `carpeta`."""
    avisar = progreso or _nada
    archivo = Path(archivo)
    if not archivo.is_file():
        raise ErrorBaseDatos(f"No existe el archivo de respaldo {archivo}.")
    try:
        zf = zipfile.ZipFile(archivo)
    except (zipfile.BadZipFile, OSError):
        raise _no_es(archivo, "no es un zip completo") from None
    with zf:
        datos = leer_manifiesto(zf, archivo)
        huellas: dict[str, str] = datos["huellas"]
        nombres = {i.filename for i in zf.infolist()}
        if nombres != {MANIFIESTO, *huellas}:
            raise _no_es(archivo, "sus miembros no son los de su índice")
        base = carpeta / BASE
        destinos = {BASE: base, LLAVE: llaves.ruta_llave(base)}
        raiz = adjuntos.carpeta_de(base)
        raiz.mkdir(parents=True, exist_ok=True)
        for nombre in huellas:
            if nombre in destinos:
                continue
            sha = nombre.removeprefix(CARPETA_ADJUNTOS)
            if not nombre.startswith(CARPETA_ADJUNTOS) or len(sha) != 64 or not sha.isalnum():
                raise _no_es(archivo, f"miembro inesperado «{nombre[:80]}»")
            destinos[nombre] = adjuntos.ruta_blob(raiz, sha)
        total = sum(i.file_size for i in zf.infolist()) or 1
        hecho = 0

        def avance(n: int) -> None:
            nonlocal hecho
            hecho += n
            avisar("Revisando el respaldo", 0.8 * min(1.0, hecho / total))

        for nombre, ruta in destinos.items():
            ruta.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(nombre) as z, ruta.open("wb") as f:
                    huella = _copiar(z, f, avance)
                    f.flush()
                    os.fsync(f.fileno())
            except (zipfile.BadZipFile, EOFError, ValueError):
                raise _no_es(archivo, f"el miembro {nombre[:80]} está dañado") from None
            except OSError as e:
                if e.errno is None:  # zipfile: datos truncados o un CRC que no cuadra
                    raise _no_es(archivo, f"el miembro {nombre[:80]} está dañado") from None
                raise
            if huella != huellas[nombre]:
                raise _no_es(archivo, f"el miembro {nombre[:80]} no coincide con su huella")
    return datos


def descripcion(datos: dict[str, Any]) -> str:
    """«de Ana (notebook), del 02-12-2026 01:05» para los mensajes."""
    from pir_campo.formato import momento_local

    try:
        cuando = momento_local(str(datos.get("creado", "")).replace("Z", "+00:00"))
    except ValueError:
        cuando = "fecha desconocida"
    return f"de {datos.get('nombre', 'una instalación')}, del {cuando}"
