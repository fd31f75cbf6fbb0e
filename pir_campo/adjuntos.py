"""Almacén de archivos por contenido: cada archivo se guarda una vez, nombrado por su SHA-256.

Se copia el archivo (nunca se guarda la ruta original, que puede ser un pendrive), por partes
para no cargar fotos grandes en memoria, a un temporal que se renombra solo si está completo.
Cada archivo queda cifrado y autenticado (secretstream XChaCha20-Poly1305 de libsodium, por
bloques de 1 MiB) con la llave de adjuntos derivada de la llave de la base; su SHA-256 va como
dato asociado, así un archivo no puede hacerse pasar por otro. Las miniaturas se hacen en
memoria a partir del contenido descifrado: no hay copias en claro en el disco.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from pir_campo.errores import ErrorPir, error_disco

BLOQUE = 1 << 20
MAGIA = b"PIRADJ1\n"
MAXIMO = 50 * BLOQUE

_FIRMAS = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def carpeta_de(ruta_db: Path) -> Path:
    return ruta_db.with_name(ruta_db.stem + ".adjuntos")


def ruta_blob(carpeta: Path, sha256: str) -> Path:
    return carpeta / "sha256" / sha256[:2] / sha256[2:4] / sha256


def tipo_medio(cabecera: bytes) -> str | None:
    return next((t for firma, t in _FIRMAS.items() if cabecera.startswith(firma)), None)


def _ss():
    from nacl import bindings

    return bindings


def _lleno(leer: Callable[[int], bytes]) -> Callable[[int], bytes]:
    """Lecturas completas: cada bloque cifrado debe tener BLOQUE bytes salvo el último (un zip
    o una tubería pueden entregar menos por lectura)."""

    def lectura(n: int) -> bytes:
        partes, falta = [], n
        while falta and (parte := leer(falta)):
            partes.append(parte)
            falta -= len(parte)
        return b"".join(partes)

    return lectura


def _cifrar_flujo(
    leer: Callable[[int], bytes], destino: BinaryIO, llave: bytes, sha: str
) -> tuple[str, int]:
    """Cifra lo que entrega `leer` en `destino`; devuelve (sha256, tamaño) del contenido, que
    quien llama compara con `sha` (el dato asociado de cada bloque)."""
    leer = _lleno(leer)
    b = _ss()
    estado = b.crypto_secretstream_xchacha20poly1305_state()
    cabecera = b.crypto_secretstream_xchacha20poly1305_init_push(estado, llave)
    destino.write(MAGIA + cabecera)
    huella, tamano = hashlib.sha256(), 0
    ad = sha.encode()
    siguiente = leer(BLOQUE)
    while True:
        actual, siguiente = siguiente, leer(BLOQUE) if siguiente else b""
        huella.update(actual)
        tamano += len(actual)
        final = not siguiente
        etiqueta = (
            b.crypto_secretstream_xchacha20poly1305_TAG_FINAL
            if final
            else b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        )
        destino.write(b.crypto_secretstream_xchacha20poly1305_push(estado, actual, ad, etiqueta))
        if final:
            return huella.hexdigest(), tamano


def cifrado(ruta: Path) -> bool:
    try:
        with ruta.open("rb") as f:
            return f.read(len(MAGIA)) == MAGIA
    except OSError:
        return False


def bloques(carpeta: Path, sha256: str, llave: bytes) -> Iterator[bytes]:
    """El contenido descifrado, por bloques; falla si el archivo fue alterado o truncado."""
    b = _ss()
    abytes = b.crypto_secretstream_xchacha20poly1305_ABYTES
    with ruta_blob(carpeta, sha256).open("rb") as f:
        if f.read(len(MAGIA)) != MAGIA:
            raise ErrorPir(f"El adjunto {sha256[:12]}… no está cifrado o está dañado.")
        estado = b.crypto_secretstream_xchacha20poly1305_state()
        cabecera = f.read(b.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
        try:
            b.crypto_secretstream_xchacha20poly1305_init_pull(estado, cabecera, llave)
        except Exception:  # noqa: BLE001 - cabecera truncada
            raise ErrorPir(f"El adjunto {sha256[:12]}… está incompleto.") from None
        huella = hashlib.sha256()
        while True:
            trozo = f.read(BLOQUE + abytes)
            if not trozo:
                raise ErrorPir(f"El adjunto {sha256[:12]}… está incompleto.")
            try:
                claro, etiqueta = b.crypto_secretstream_xchacha20poly1305_pull(
                    estado, trozo, sha256.encode()
                )
            except Exception:  # noqa: BLE001 - CryptoError y RuntimeError de libsodium
                raise ErrorPir(f"El adjunto {sha256[:12]}… fue alterado.") from None
            huella.update(claro)
            yield claro
            if etiqueta == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                break
        if huella.hexdigest() != sha256:
            raise ErrorPir(f"El adjunto {sha256[:12]}… no coincide con su huella.")


def leer(carpeta: Path, sha256: str, llave: bytes) -> bytes:
    return b"".join(bloques(carpeta, sha256, llave))


def tamano(carpeta: Path, sha256: str) -> int:
    """Tamaño del contenido en claro, sin descifrar (cabecera y etiquetas conocidas)."""
    b = _ss()
    cifrado_total = ruta_blob(carpeta, sha256).stat().st_size
    resto = cifrado_total - len(MAGIA) - b.crypto_secretstream_xchacha20poly1305_HEADERBYTES
    por_bloque = BLOQUE + b.crypto_secretstream_xchacha20poly1305_ABYTES
    n = max(1, -(-resto // por_bloque))
    return resto - n * b.crypto_secretstream_xchacha20poly1305_ABYTES


def guardar_flujo(carpeta: Path, sha256: str, origen: BinaryIO, llave: bytes) -> bool:
    """Guarda cifrado un contenido cuyo SHA-256 se conoce (un paquete); False si no coincide."""
    final = ruta_blob(carpeta, sha256)
    if final.exists():
        return True
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, temporal = tempfile.mkstemp(dir=final.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as destino:
            sha, _ = _cifrar_flujo(origen.read, destino, llave, sha256)
            destino.flush()
            os.fsync(destino.fileno())
        if sha != sha256:
            return False
        os.replace(temporal, final)
        return True
    finally:
        if os.path.exists(temporal):
            os.unlink(temporal)


# ---- adjuntos que llegan en un paquete ------------------------------------------------------
# Se cifran en una carpeta de preparación y pasan al almacén (un renombre en el mismo disco)
# solo después del COMMIT de la importación: un paquete rechazado o un proceso muerto no deja
# archivos en el almacén. Preparar y limpiar ocurren con la base tomada para escribir (dentro
# de una transacción), así una limpieza nunca toca la preparación de otra importación viva.
PREPARACION = "preparacion"
_HUELLA = re.compile(r"[0-9a-f]{64}\Z")


def es_huella(valor: object) -> bool:
    return isinstance(valor, str) and _HUELLA.match(valor) is not None


def carpeta_preparacion(carpeta: Path) -> Path:
    return carpeta / PREPARACION


def _fsync_carpeta(carpeta: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _al_almacen(carpeta: Path, preparado: Path) -> None:
    final = ruta_blob(carpeta, preparado.name)
    if final.exists():
        preparado.unlink(missing_ok=True)
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(preparado, final)
    except FileNotFoundError:
        if not final.exists():  # otra limpieza ya lo movió: basta con que esté
            raise
    _fsync_carpeta(final.parent)


class Preparacion:
    """Los adjuntos de una importación, cifrados como en el almacén, a la espera del COMMIT."""

    def __init__(self, carpeta: Path):
        self.carpeta = carpeta
        self.dir: Path | None = None  # se crea con el primer adjunto, ya dentro de la transacción
        self.preparados: list[Path] = []

    def guardar(self, sha256: str, origen: BinaryIO, llave: bytes) -> bool:
        """Cifra el contenido en la preparación; False si no coincide con su huella."""
        if self.dir is None:
            raiz = carpeta_preparacion(self.carpeta)
            raiz.mkdir(parents=True, exist_ok=True)
            self.dir = Path(tempfile.mkdtemp(dir=raiz, prefix="importacion-"))
        temporal = self.dir / f"{sha256}.tmp"
        try:
            with temporal.open("wb") as destino:
                sha, _ = _cifrar_flujo(origen.read, destino, llave, sha256)
                destino.flush()
                os.fsync(destino.fileno())
            if sha != sha256:
                return False
            os.replace(temporal, self.dir / sha256)
        finally:
            temporal.unlink(missing_ok=True)
        self.preparados.append(self.dir / sha256)
        return True

    def pasar_al_almacen(self) -> None:
        """Después del COMMIT: cada adjunto preparado a su lugar definitivo."""
        for preparado in self.preparados:
            _al_almacen(self.carpeta, preparado)
        self.descartar()

    def descartar(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


def recuperar_preparacion(
    carpeta: Path, referenciados: Callable[[list[str]], set[str]]
) -> tuple[int, int]:
    """Lo que dejó una importación cortada: lo que la base usa (se cortó después del COMMIT)
    pasa al almacén; el resto se borra. Devuelve (movidos, borrados). Llamar con la base
    tomada para escribir."""
    raiz = carpeta_preparacion(carpeta)
    if not raiz.is_dir():
        return 0, 0
    movidos = borrados = 0
    for dir_ in sorted(raiz.iterdir()):
        archivos = [f for f in dir_.iterdir() if f.is_file()] if dir_.is_dir() else []
        completos = [f for f in archivos if _HUELLA.match(f.name)]
        usados = referenciados([f.name for f in completos]) if completos else set()
        for f in completos:
            if f.name in usados:
                _al_almacen(carpeta, f)
                movidos += 1
        borrados += len(archivos) - sum(f.name in usados for f in completos)
        if dir_.is_dir():
            shutil.rmtree(dir_, ignore_errors=True)
        else:
            dir_.unlink(missing_ok=True)
    return movidos, borrados


def hay_preparacion(carpeta: Path) -> bool:
    raiz = carpeta_preparacion(carpeta)
    return raiz.is_dir() and any(raiz.iterdir())


def guardar(carpeta: Path, origen: Path, llave: bytes) -> tuple[str, int, str]:
    """Copia `origen` cifrado al almacén; devuelve (sha256, tamaño, tipo de medio)."""
    try:
        tamano = origen.stat().st_size
        if tamano > MAXIMO:
            raise ErrorPir(
                f"El archivo {origen.name} pesa {tamano // BLOQUE} MB; el máximo es "
                f"{MAXIMO // BLOQUE} MB."
            )
        with origen.open("rb") as f:
            medio = tipo_medio(f.read(16))
        if medio is None:
            raise ErrorPir(f"El archivo {origen.name} no es una foto (JPEG o PNG) ni un PDF.")
        huella = hashlib.sha256()
        with origen.open("rb") as f:
            while bloque := f.read(BLOQUE):
                huella.update(bloque)
        sha = huella.hexdigest()
        with origen.open("rb") as f:
            if not guardar_flujo(carpeta, sha, f, llave):
                raise ErrorPir(f"El archivo {origen.name} cambió mientras se copiaba.")
    except OSError as e:
        leido = getattr(e, "filename", None) == str(origen)  # el original, no la copia
        raise error_disco(e, origen if leido else carpeta) or ErrorPir(
            f"No se pudo copiar el archivo {origen.name}: {e.strerror or e}."
        ) from None
    return sha, tamano, medio


def copiar_a(carpeta: Path, sha256: str, destino: Path, llave: bytes) -> None:
    """Copia en claro que la persona pidió (abrir con el visor, guardar como)."""
    parcial = destino.with_name(destino.name + ".partial")
    try:
        with parcial.open("wb") as f:
            for bloque in bloques(carpeta, sha256, llave):
                f.write(bloque)
        os.replace(parcial, destino)
    except OSError as e:
        with contextlib.suppress(OSError):  # en un medio de solo lectura, ni esto
            parcial.unlink(missing_ok=True)
        raise error_disco(e, destino) or ErrorPir(
            f"No se pudo guardar {destino}: {e.strerror or e}."
        ) from None
    except BaseException:
        parcial.unlink(missing_ok=True)
        raise


def cifrar_carpeta(carpeta: Path, llave: bytes) -> int:
    """Cifra en el lugar los archivos planos de una versión anterior; reanudable tras un corte
    (cada archivo se reemplaza atómicamente y los ya cifrados se saltan)."""
    raiz = carpeta / "sha256"
    if not raiz.is_dir():
        return 0
    n = 0
    for ruta in sorted(raiz.glob("*/*/*")):
        if ruta.suffix == ".tmp":
            ruta.unlink(missing_ok=True)
            continue
        if not ruta.is_file() or cifrado(ruta):
            continue
        fd, temporal = tempfile.mkstemp(dir=ruta.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as destino, ruta.open("rb") as f:
                sha, _ = _cifrar_flujo(f.read, destino, llave, ruta.name)
                destino.flush()
                os.fsync(destino.fileno())
            if sha != ruta.name:
                raise ErrorPir(f"El adjunto {ruta.name[:12]}… no coincide con su huella.")
            os.replace(temporal, ruta)
            n += 1
        finally:
            if os.path.exists(temporal):
                os.unlink(temporal)
    return n
