"""El archivo `.pirb`: un zip estricto con el sobre firmado y la carga (cifrada o no).

    envelope.json       sobre: quién lo firma, para quién, huella y tamaño de la carga
    envelope.json.sig   firma Ed25519 de los bytes exactos del sobre
    payload.enc         bolsa interior cifrada (payload.zip si se exportó con --sin-cifrar)

Escritura segura: `.partial`, fsync, renombrar y releer antes de darlo por terminado. Lectura en
dos pasos: `leer_sobre` (barato, para detectar duplicados) y `carga_verificada` (verifica todo;
en memoria si la carga es chica, si no en la carpeta temporal).
Toda falla es un ErrorPaquete con un mensaje en español; nada se aplica antes de verificar.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from nacl.exceptions import BadSignatureError
from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey

from pir_campo import temporal_cifrado
from pir_campo.errores import ErrorPaquete
from pir_campo.sincro import cifrado, es_utf8, punto_de_falla, zipfijo
from pir_campo.sincro.bolsa import BolsaInvalida, LectorBolsa

# Carga y bolsa en preparación: cifradas en el disco con una llave que solo tiene este proceso.
tc_abrir = temporal_cifrado.abrir

FORMATO_SOBRE = "pirb-envelope"
FORMATO = "pirb"
VERSION = 1
MAX_SOBRE = 64 << 10
Progreso = Callable[[int], None] | None

DANADO = (
    "El archivo está incompleto o dañado (la copia pudo interrumpirse o el archivo fue "
    "modificado). Pida que se lo envíen de nuevo."
)

_AJENA = (
    "El contenido del paquete no corresponde a su sobre (alterado, o el sobre es de otro "
    "paquete); no se acepta."
)


def id_firma(clave: VerifyKey | bytes) -> str:
    return "ed25519:" + hashlib.sha256(bytes(clave)).hexdigest()[:16]


@dataclass(frozen=True)
class Firmante:
    dispositivo: str
    nombre: str
    rol: str
    clave_firma: VerifyKey


class _Contador:
    """Envoltorio de escritura que calcula SHA-256, CRC-32 y tamaño al pasar."""

    def __init__(self, f: BinaryIO):
        self.f, self.sha, self.crc, self.tam = f, hashlib.sha256(), 0, 0

    def write(self, datos: bytes) -> int:
        self.sha.update(datos)
        self.crc = zlib.crc32(datos, self.crc)
        self.tam += len(datos)
        return self.f.write(datos)


def _fsync_carpeta(carpeta: Path) -> None:
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


def escribir(
    destino: Path,
    bolsa: Path,
    sobre: dict[str, Any],
    llave: SigningKey,
    destinatarios: list[PublicKey] | None,
    progreso: Progreso = None,
) -> dict[str, Any]:
    """Empaqueta la bolsa en `destino` sin dejar nunca un archivo que parezca completo a medias."""
    parcial = destino.with_name(destino.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="pirb-") as tmp:
        carga = Path(tmp) / "carga"
        with temporal_cifrado.abrir_lectura(bolsa) as origen, tc_abrir(carga, "wb") as f:
            contador = _Contador(f)
            if destinatarios:
                cifrado.cifrar(origen, contador, destinatarios, progreso)  # type: ignore[arg-type]
            else:
                while bloque := origen.read(zipfijo.BLOQUE):
                    contador.write(bloque)
        sobre = {
            **sobre,
            "format": f"{FORMATO_SOBRE}/{VERSION}",
            "cifrado": bool(destinatarios),
            "recipients": [
                "x25519:" + cifrado.id_clave(bytes(pk)).hex() for pk in destinatarios or []
            ],
            "signer_key_id": id_firma(llave.verify_key),
            "payload_sha256": contador.sha.hexdigest(),
            "payload_size": contador.tam,
        }
        texto = json.dumps(sobre, ensure_ascii=False, sort_keys=True, indent=1).encode()
        try:
            with parcial.open("wb") as f:
                z = zipfijo.EscritorZip(f)
                z.agregar_bytes("envelope.json", texto)
                z.agregar_bytes("envelope.json.sig", llave.sign(texto).signature)
                nombre = "payload.enc" if destinatarios else "payload.zip"
                z.agregar_archivo(nombre, carga, contador.crc, contador.tam)
                punto_de_falla("exportar_escritura")
                z.cerrar()
                f.flush()
                os.fsync(f.fileno())
            os.replace(parcial, destino)
            _fsync_carpeta(destino.parent)
        except BaseException:
            parcial.unlink(missing_ok=True)
            raise
    _releer(destino, sobre)
    return sobre


def _releer(ruta: Path, sobre: dict[str, Any]) -> None:
    """Relee lo escrito (puede ser un pendrive) y compara la huella antes de decir «listo»."""
    try:
        with ruta.open("rb") as f:
            entradas = zipfijo.leer_indice(f, ruta.stat().st_size)
            carga = entradas[-1]
            huella = hashlib.sha256()
            zipfijo.copiar(f, carga, _Nulo(), huella.update)
    except (zipfijo.EstructuraInvalida, OSError) as e:
        raise ErrorPaquete(f"El paquete escrito en {ruta} no se pudo releer bien ({e}).") from None
    if huella.hexdigest() != sobre["payload_sha256"]:
        raise ErrorPaquete(f"El paquete escrito en {ruta} no coincide al releerlo; repita.")


class _Nulo:
    def write(self, datos: bytes) -> int:
        return len(datos)


@dataclass
class Sobre:
    ruta: Path
    datos: dict[str, Any]
    firmante: Firmante
    carga: zipfijo.Entrada
    identidad: str | None = None


def _version(formato: Any, prefijo: str) -> int:
    m = re.fullmatch(rf"{prefijo}/(\d+)", formato) if isinstance(formato, str) else None
    if not m:
        raise ErrorPaquete(DANADO, "DANADO")
    return int(m.group(1))


def leer_sobre(
    ruta: Path, confiar: Callable[[str, dict[str, Any]], Firmante | None], yo: str
) -> Sobre:
    """Estructura, formato, firmante registrado, firma y destinatario del sobre.

    `confiar` recibe el dispositivo y el sobre (que puede traer un certificado de sucesión)."""
    try:
        tam = ruta.stat().st_size
        with ruta.open("rb") as f:
            entradas = {e.nombre: e for e in zipfijo.leer_indice(f, tam)}
            if "envelope.json" not in entradas or "envelope.json.sig" not in entradas:
                if "envelope.json" in entradas:
                    raise ErrorPaquete("El paquete no está firmado; no se acepta.", "SIN_FIRMA")
                raise ErrorPaquete(DANADO, "DANADO")
            texto = zipfijo.leer_bytes(f, entradas["envelope.json"], MAX_SOBRE)
            firma = zipfijo.leer_bytes(f, entradas["envelope.json.sig"], 64)
    except FileNotFoundError:
        raise ErrorPaquete(f"No existe el archivo {ruta}.", "NO_EXISTE") from None
    except zipfijo.EstructuraInvalida:
        raise ErrorPaquete(DANADO, "DANADO") from None
    except OSError as e:
        raise ErrorPaquete(f"No se pudo leer {ruta}: {e.strerror or e}.", "LECTURA") from None
    nombres = set(entradas)
    if nombres not in (
        {"envelope.json", "envelope.json.sig", "payload.enc"},
        {"envelope.json", "envelope.json.sig", "payload.zip"},
    ):
        raise ErrorPaquete(DANADO, "DANADO")
    try:
        datos = json.loads(texto)
        assert isinstance(datos, dict) and es_utf8(datos)
    except (ValueError, RecursionError, AssertionError):
        raise ErrorPaquete(DANADO, "DANADO") from None
    version = _version(datos.get("format"), FORMATO_SOBRE)
    if version > VERSION:
        raise ErrorPaquete(
            f"El paquete usa un formato más nuevo ({datos['format']}) que esta versión de PIR "
            "Campo; actualice la aplicación para importarlo.",
            "FORMATO_NUEVO",
        )
    if len(firma) != 64:
        raise ErrorPaquete("El paquete no está firmado; no se acepta.", "SIN_FIRMA")
    dispositivo = str(datos.get("from_device"))
    firmante = confiar(dispositivo, datos)
    if firmante is None:
        raise ErrorPaquete(
            f"El paquete viene firmado por un dispositivo no registrado ({dispositivo}). "
            "Regístrelo con «pir-campo confiar» después de comparar su huella.",
            "FIRMANTE_DESCONOCIDO",
        )
    if datos.get("signer_key_id") != id_firma(firmante.clave_firma):
        raise ErrorPaquete(
            f"El paquete dice venir de {dispositivo} pero está firmado con otra clave; "
            "no se acepta.",
            "FIRMANTE_DESCONOCIDO",
        )
    try:
        firmante.clave_firma.verify(texto, firma)
    except BadSignatureError:
        raise ErrorPaquete(
            "La firma del paquete no coincide: el archivo fue alterado o está dañado.",
            "FIRMA_INVALIDA",
        ) from None
    if datos.get("to") != yo:
        raise ErrorPaquete(
            f"El paquete está dirigido a otra instalación ({datos.get('to')}), no a esta ({yo}).",
            "NO_ES_PARA_MI",
        )
    if bool(datos.get("cifrado")) != ("payload.enc" in nombres):
        raise ErrorPaquete(DANADO, "DANADO")
    carga = entradas.get("payload.enc") or entradas["payload.zip"]
    return Sobre(ruta, datos, firmante, carga)


# Un paquete ya importado se reconoce por su sobre firmado (su id y la huella de su carga
# coinciden con lo registrado) y su carga se comprueba igual, para que un byte alterado se
# rechace también en un reimporte. Recalcular la huella cuesta ~10 ms por cada 20 MB; para que
# reimportar tarde lo mismo a cualquier tamaño, la importación guarda la identidad del archivo
# cuya huella comprobó (`identidad_archivo`) y el reimporte del mismo archivo sin cambios no la
# recalcula. Cualquier otro archivo (una copia, o el mismo modificado) se lee entero.
#
# Por qué basta la identidad: en POSIX st_ctime es el momento del último cambio del archivo (de
# su contenido o de sus metadatos) y nadie lo puede fijar a mano: escribir el archivo y volver
# su fecha de modificación atrás (touch -d) deja otro ctime. Lo único que burla eso es cambiar
# el archivo en el mismo tic del reloj en que se leyó su identidad: por eso solo se guarda la
# de un archivo quieto hace más de QUIETO_NS (como git con su «racy git»). En Windows st_ctime
# es la fecha de creación: ahí no se guarda identidad y la huella se recalcula siempre.
# Aun si algo burlara la identidad, el resultado sería «ya importado, no cambia nada»: un
# paquete ya importado nunca se vuelve a aplicar, tenga la carga que tenga.
QUIETO_NS = 2_000_000_000


def identidad_archivo(ruta: Path, st: os.stat_result | None = None) -> str | None:
    """Dispositivo, inodo, tamaño, mtime y ctime (ns) del archivo, o None si no sirve."""
    if os.name != "posix":
        return None
    try:
        st = st or ruta.stat()
    except OSError:
        return None
    if not st.st_ino or time.time_ns() - st.st_ctime_ns < QUIETO_NS:
        return None
    datos = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return json.dumps(datos, separators=(",", ":"))


class _Descarte:
    def write(self, _datos: bytes) -> None:
        pass


def comprobar_carga(sobre: Sobre, identidad: str | None = None) -> bool:
    """La carga de un paquete ya importado sigue siendo la que firmó su sobre. Devuelve False si
    no hizo falta leerla (es el mismo archivo, sin cambios, cuya huella se comprobó al
    importarlo: `identidad`)."""
    if identidad is not None and identidad_archivo(sobre.ruta) == identidad:
        return False
    if sobre.carga.tam != sobre.datos.get("payload_size"):
        raise ErrorPaquete(_AJENA, "ALTERADO")
    huella = hashlib.sha256()
    try:
        with sobre.ruta.open("rb") as f:
            zipfijo.copiar(f, sobre.carga, _Descarte(), huella.update)
    except zipfijo.EstructuraInvalida:
        raise ErrorPaquete(DANADO, "DANADO") from None
    except OSError as e:
        raise ErrorPaquete(f"No se pudo leer el paquete: {e.strerror or e}.", "LECTURA") from None
    if huella.hexdigest() != sobre.datos.get("payload_sha256"):
        raise ErrorPaquete(_AJENA, "ALTERADO")
    return True


@contextmanager
def _escribir(destino: Path | io.BytesIO) -> Iterator[BinaryIO]:
    """Un temporal cifrado nuevo, o el búfer en memoria (que queda abierto para leerlo)."""
    if isinstance(destino, io.BytesIO):
        yield destino
        return
    with tc_abrir(destino, "wb") as f:
        yield f  # type: ignore[misc]


@contextmanager
def _leer(origen: Path | io.BytesIO) -> Iterator[BinaryIO]:
    if isinstance(origen, io.BytesIO):
        origen.seek(0)
        yield origen
        return
    with tc_abrir(origen, "rb") as f:
        yield f  # type: ignore[misc]


# Una carga de hasta este tamaño se copia y se descifra en la memoria del proceso, sin carpeta
# temporal: un paquete incremental de unas pocas ediciones pagaba más por crear y borrar la
# carpeta (y sus archivos cifrados) que por aplicarse. Las comprobaciones son las mismas.
EN_MEMORIA = 4 << 20


@contextmanager
def carga_verificada(
    sobre: Sobre, llave: PrivateKey | list[PrivateKey], progreso: Progreso = None
) -> Iterator[LectorBolsa]:
    """La carga verificada (ver `abrir_carga`), en memoria si es chica o en una carpeta
    temporal que se borra al salir; el lector se cierra al salir."""
    if sobre.carga.tam <= EN_MEMORIA:
        lector = abrir_carga(sobre, None, llave, progreso)
        try:
            yield lector
        finally:
            lector.cerrar()
        return
    with tempfile.TemporaryDirectory(prefix="pirb-") as tmp:
        lector = abrir_carga(sobre, Path(tmp), llave, progreso)
        try:
            yield lector
        finally:
            lector.cerrar()


def abrir_carga(
    sobre: Sobre,
    carpeta: Path | None,
    llave: PrivateKey | list[PrivateKey],
    progreso: Progreso = None,
) -> LectorBolsa:
    """Copia y comprueba la carga, la descifra y verifica la bolsa interior completa. Sin
    `carpeta`, todo en memoria (solo para cargas de hasta `EN_MEMORIA`)."""
    d = sobre.datos
    if sobre.carga.tam != d.get("payload_size"):
        raise ErrorPaquete(_AJENA, "ALTERADO")
    if carpeta is None and sobre.carga.tam > EN_MEMORIA:
        raise ValueError("carga demasiado grande para la memoria")
    copia: Path | io.BytesIO = carpeta / "carga" if carpeta is not None else io.BytesIO()
    huella = hashlib.sha256()
    try:
        with sobre.ruta.open("rb") as f, _escribir(copia) as destino:
            antes = identidad_archivo(sobre.ruta, os.fstat(f.fileno()))
            zipfijo.copiar(f, sobre.carga, destino, huella.update, progreso)
            despues = identidad_archivo(sobre.ruta, os.fstat(f.fileno()))
    except zipfijo.EstructuraInvalida:
        raise ErrorPaquete(DANADO, "DANADO") from None
    except OSError as e:
        raise ErrorPaquete(f"No se pudo leer el paquete: {e.strerror or e}.", "LECTURA") from None
    if huella.hexdigest() != d.get("payload_sha256"):
        raise ErrorPaquete(_AJENA, "ALTERADO")
    # La identidad del archivo que se leyó (igual antes y después de leerlo) queda con el
    # paquete importado: un reimporte del mismo archivo sin cambios no vuelve a leerlo.
    sobre.identidad = antes if antes == despues else None
    interior = copia
    if d.get("cifrado"):
        interior = carpeta / "bolsa.zip" if carpeta is not None else io.BytesIO()
        try:
            with _leer(copia) as f, _escribir(interior) as destino:
                cifrado.descifrar(f, destino, llave)
        except cifrado.NoEsParaMi:
            raise ErrorPaquete(
                "El paquete está cifrado para otra instalación o para una clave antigua; "
                "no se puede abrir aquí.",
                "NO_ES_PARA_MI",
            ) from None
        except (cifrado.Truncado, cifrado.Alterado):
            raise ErrorPaquete(DANADO, "DANADO") from None
        if isinstance(copia, Path):
            temporal_cifrado.olvidar(copia)
        del copia
    if isinstance(interior, io.BytesIO):
        interior.seek(0)
    try:
        lector = LectorBolsa(interior)
        cabecera = lector.verificar(lambda _c: sobre.firmante.clave_firma)
    except BolsaInvalida as e:
        raise ErrorPaquete(f"El paquete fue rechazado: {e}.", "BOLSA_INVALIDA") from None
    version = _version(cabecera.get("format"), FORMATO)
    if version > VERSION:
        raise ErrorPaquete(
            f"El paquete usa un formato más nuevo ({cabecera['format']}) que esta versión de "
            "PIR Campo; actualice la aplicación para importarlo.",
            "FORMATO_NUEVO",
        )
    for campo in ("bundle_id", "from_device", "to", "kind"):
        if cabecera.get(campo) != d.get(campo):
            raise ErrorPaquete(
                "El sobre y el contenido del paquete no coinciden (sobre de otro paquete); "
                "no se acepta.",
                "ALTERADO",
            )
    return lector
