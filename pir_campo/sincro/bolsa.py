"""La carga de un paquete: una bolsa BagIt 1.0 (RFC 8493) en un zip, con `bundle.json` firmado.

Se escribe por flujo (los adjuntos se copian por bloques, nunca enteros en memoria) y se lee con
resguardos: nombres hostiles, duplicados, enlaces, bombas zip, archivos fuera del manifiesto.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from pir_campo import temporal_cifrado
from pir_campo.formato import numero
from pir_campo.sincro import es_utf8

BLOQUE = 1 << 20
FECHA_ZIP = (1980, 1, 1, 0, 0, 0)
# Límites de un paquete (se rechaza entero, con el motivo, antes de leer nada más): cantidad de
# archivos dentro de la bolsa y tamaño total descomprimido que declara.
MAX_MIEMBROS = 200_000
MAX_TOTAL = 8 << 30  # 8 GiB
MAX_RAZON = 200  # una entrada que se expande más de 200 veces es una bomba
MAX_CABECERA = 1 << 20
ETIQUETAS = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "bundle.json", "bundle.json.sig")
_DATOS = re.compile(
    r"data/(records/[a-z_]{1,40}\.jsonl|blobs/sha256/[0-9a-f]{64}|receipt\.json"
    r"|audit/cambio\.jsonl|oficina/[a-z_]{1,40}\.json)\Z"
)
AUDITORIA = "data/audit/cambio.jsonl"


class BolsaInvalida(ValueError):
    """La bolsa interior no cumple el formato o sus resguardos; el texto es la razón en español."""


def _json(valor: Any) -> bytes:
    return json.dumps(valor, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class EscritorBolsa:
    """Escribe data/… por flujo y al cerrar agrega manifiestos y el encabezado firmado."""

    def __init__(self, ruta: Path):
        # La bolsa en preparación lleva datos personales: se escribe cifrada (temporal_cifrado).
        self._archivo = temporal_cifrado.abrir(ruta, "wb")
        self.zip = zipfile.ZipFile(self._archivo, "w", allowZip64=True)
        self.manifiesto: dict[str, str] = {}
        self.octetos = 0

    def _info(self, nombre: str, comprimir: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(nombre, FECHA_ZIP)
        info.compress_type = zipfile.ZIP_DEFLATED if comprimir else zipfile.ZIP_STORED
        return info

    def agregar_lineas(self, nombre: str, lineas: Iterable[str]) -> int:
        """Escribe un JSONL agrupando líneas para no pagar una llamada por registro."""
        huella, n, tam = hashlib.sha256(), 0, 0
        with self.zip.open(self._info(nombre, True), "w", force_zip64=True) as f:
            lote: list[str] = []
            for linea in lineas:
                lote.append(linea)
                n += 1
                if len(lote) >= 2000:
                    tam += self._volcar(f, lote, huella)
            tam += self._volcar(f, lote, huella)
        self.manifiesto[nombre] = huella.hexdigest()
        self.octetos += tam
        return n

    @staticmethod
    def _volcar(f: Any, lote: list[str], huella: Any) -> int:
        if not lote:
            return 0
        datos = ("\n".join(lote) + "\n").encode()
        lote.clear()
        huella.update(datos)
        f.write(datos)
        return len(datos)

    def agregar_bytes(self, nombre: str, datos: bytes) -> None:
        self.zip.writestr(self._info(nombre, True), datos)
        self.manifiesto[nombre] = hashlib.sha256(datos).hexdigest()
        self.octetos += len(datos)

    def agregar_blob(
        self, sha: str, bloques: Iterable[bytes], progreso: Callable[[int], None] | None
    ) -> int | None:
        """Copia un adjunto (descifrado por bloques) sin comprimir: fotos y PDF ya vienen
        comprimidos. Devuelve su tamaño, o None si no coincide con su huella."""
        nombre = f"data/blobs/sha256/{sha}"
        huella, tam = hashlib.sha256(), 0
        with self.zip.open(self._info(nombre, False), "w") as f:
            for bloque in bloques:
                huella.update(bloque)
                f.write(bloque)
                tam += len(bloque)
                if progreso:
                    progreso(len(bloque))
        if huella.hexdigest() != sha:
            return None
        self.manifiesto[nombre] = sha
        self.octetos += tam
        return tam

    def cerrar(self, cabecera: dict[str, Any], llave: SigningKey) -> dict[str, Any]:
        manifiesto = "".join(f"{h}  {n}\n" for n, h in sorted(self.manifiesto.items())).encode()
        oxum = f"{self.octetos}.{len(self.manifiesto)}"
        cabecera = {
            **cabecera,
            "payload_manifest_sha256": hashlib.sha256(manifiesto).hexdigest(),
            "payload_oxum": oxum,
        }
        encabezado = _json(cabecera)
        etiquetas = {
            "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": (
                f"Bagging-Date: {datetime.now(UTC).date().isoformat()}\n"
                f"Payload-Oxum: {oxum}\nExternal-Identifier: {cabecera['bundle_id']}\n"
                f"Source-Organization: {cabecera['from_device']}\n"
            ).encode(),
            "manifest-sha256.txt": manifiesto,
            "bundle.json": encabezado,
            "bundle.json.sig": llave.sign(encabezado).signature,
        }
        for nombre, datos in etiquetas.items():
            self.zip.writestr(self._info(nombre, False), datos)
        tag = "".join(
            f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(etiquetas.items())
        )
        self.zip.writestr(self._info("tagmanifest-sha256.txt", False), tag.encode())
        self.zip.close()
        self._archivo.close()
        return cabecera

    def descartar(self) -> None:
        self.zip.close()
        self._archivo.close()


def _gb(octetos: int) -> str:
    if octetos < 1 << 20:
        return f"{numero(octetos / 1024)} KB"
    if octetos < 1 << 30:
        return f"{numero(octetos / (1 << 20), 1)} MB"
    return f"{numero(octetos / (1 << 30), 1)} GB"


def _nombre_seguro(nombre: str) -> str | None:
    """Razón por la que un nombre de miembro es hostil, o None si es aceptable."""
    if not nombre or nombre.startswith(("/", "\\")) or "\\" in nombre or ":" in nombre:
        return f"ruta absoluta o con caracteres no permitidos ({nombre!r})"
    if any(p in ("..", ".", "") for p in nombre.split("/")):
        return f"ruta que sale de la carpeta del paquete ({nombre!r})"
    return None


class LectorBolsa:
    """Abre la bolsa con todos sus resguardos y verifica firma, etiquetas y manifiesto."""

    def __init__(self, ruta: Path | BinaryIO):
        """`ruta`: el archivo (temporal cifrado o normal), o la bolsa ya abierta (un búfer en
        memoria, ver paquete.carga_verificada): se cierra con el lector."""
        self._archivo = (
            temporal_cifrado.abrir_lectura(ruta) if isinstance(ruta, (str, Path)) else ruta
        )
        try:
            self.zip = zipfile.ZipFile(self._archivo)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            raise BolsaInvalida(f"la carga no es un zip legible ({e})") from None
        self._resguardos()
        self.cabecera: dict[str, Any] = {}

    def _resguardos(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_MIEMBROS:
            raise BolsaInvalida(
                f"trae {numero(len(infos))} archivos dentro y el máximo es {numero(MAX_MIEMBROS)}"
            )
        vistos: set[str] = set()
        total = 0
        for info in infos:
            razon = _nombre_seguro(info.filename)
            if razon:
                raise BolsaInvalida(razon)
            clave = unicodedata.normalize("NFC", info.filename).casefold()
            if clave in vistos:
                raise BolsaInvalida(f"nombre repetido ({info.filename!r})")
            vistos.add(clave)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise BolsaInvalida(f"contiene un enlace simbólico ({info.filename!r})")
            if info.flag_bits & 0x1:
                raise BolsaInvalida("contiene archivos cifrados con contraseña")
            if info.filename not in ETIQUETAS + ("tagmanifest-sha256.txt",) and not _DATOS.match(
                info.filename
            ):
                raise BolsaInvalida(f"contiene un archivo inesperado ({info.filename!r})")
            total += info.file_size
            if info.file_size > (1 << 20) and info.file_size > MAX_RAZON * max(
                info.compress_size, 1
            ):
                raise BolsaInvalida("es una bomba zip (se expande sin medida)")
        if total > MAX_TOTAL:
            raise BolsaInvalida(
                f"su contenido descomprimido suma {_gb(total)} y el máximo es {_gb(MAX_TOTAL)}"
            )
        self.nombres = [i.filename for i in infos]

    def _leer(self, nombre: str, maximo: int = MAX_CABECERA) -> bytes:
        try:
            info = self.zip.getinfo(nombre)
        except KeyError:
            raise BolsaInvalida(f"falta {nombre}") from None
        if info.file_size > maximo:
            raise BolsaInvalida(f"{nombre} es demasiado grande")
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as e:
            raise BolsaInvalida(f"{nombre} está dañado ({e})") from None

    def verificar(self, clave_de: Callable[[dict[str, Any]], VerifyKey]) -> dict[str, Any]:
        encabezado = self._leer("bundle.json")
        firma = self._leer("bundle.json.sig")
        try:
            cabecera = json.loads(encabezado)
        except (ValueError, RecursionError):
            raise BolsaInvalida("bundle.json no es JSON válido") from None
        if not isinstance(cabecera, dict):
            raise BolsaInvalida("bundle.json no es un objeto")
        try:
            clave_de(cabecera).verify(encabezado, firma)
        except (BadSignatureError, ValueError, TypeError):
            raise BolsaInvalida("la firma interior (bundle.json) no coincide") from None
        etiquetas = self._manifiesto("tagmanifest-sha256.txt")
        if set(etiquetas) != set(ETIQUETAS):
            raise BolsaInvalida("el manifiesto de etiquetas no cubre los archivos esperados")
        for nombre, h in etiquetas.items():
            if hashlib.sha256(self._leer(nombre, 64 << 20)).hexdigest() != h:
                raise BolsaInvalida(f"{nombre} no coincide con su huella")
        if hashlib.sha256(self._leer("manifest-sha256.txt", 64 << 20)).hexdigest() != (
            cabecera.get("payload_manifest_sha256")
        ):
            raise BolsaInvalida("el manifiesto no es el declarado en bundle.json")
        manifiesto = self._manifiesto("manifest-sha256.txt")
        datos = {n for n in self.nombres if n.startswith("data/")}
        if datos - set(manifiesto):
            raise BolsaInvalida(
                f"archivo fuera del manifiesto ({sorted(datos - set(manifiesto))[0]})"
            )
        if set(manifiesto) - datos:
            raise BolsaInvalida(
                f"falta un archivo del manifiesto ({sorted(set(manifiesto) - datos)[0]})"
            )
        for nombre, h in manifiesto.items():
            if nombre.startswith("data/blobs/") and nombre.rsplit("/", 1)[1] != h:
                raise BolsaInvalida(f"el adjunto {nombre} no tiene el nombre de su huella")
            if self._huella(nombre) != h:
                raise BolsaInvalida(f"{nombre} no coincide con su huella")
        self.manifiesto = manifiesto
        self.cabecera = cabecera
        return cabecera

    def _manifiesto(self, nombre: str) -> dict[str, str]:
        salida: dict[str, str] = {}
        for linea in self._leer(nombre, 64 << 20).decode("utf-8", "replace").splitlines():
            partes = linea.split("  ", 1)
            if len(partes) != 2 or not re.fullmatch(r"[0-9a-f]{64}", partes[0]):
                raise BolsaInvalida(f"{nombre} tiene una línea mal formada")
            if partes[1] in salida:
                raise BolsaInvalida(f"{nombre} repite {partes[1]}")
            salida[partes[1]] = partes[0]
        return salida

    def _huella(self, nombre: str) -> str:
        huella = hashlib.sha256()
        try:
            with self.zip.open(nombre) as f:
                while bloque := f.read(BLOQUE):
                    huella.update(bloque)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as e:
            raise BolsaInvalida(f"{nombre} está dañado ({e})") from None
        return huella.hexdigest()

    def tablas(self) -> list[str]:
        return [
            n.removeprefix("data/records/").removesuffix(".jsonl")
            for n in self.nombres
            if n.startswith("data/records/")
        ]

    def lineas(self, tabla: str) -> Iterator[bytes]:
        """Las líneas no vacías del archivo de la tabla (sin el salto de línea)."""
        return self._lineas(f"data/records/{tabla}.jsonl")

    def auditoria(self) -> Iterator[bytes]:
        """Filas de bitácora del remitente (vacío si el paquete no trae bitácora)."""
        if AUDITORIA not in self.nombres:
            return iter(())
        return self._lineas(AUDITORIA)

    def _lineas(self, nombre: str) -> Iterator[bytes]:
        # Por bloques de 1 MB partidos en C: leer línea por línea del zip (readline, escrito en
        # Python) costaba tanto como parsear el JSON de cada línea.
        with self.zip.open(nombre) as f:
            pendiente: list[bytes] = []
            while bloque := f.read(BLOQUE):
                partes = bloque.split(b"\n")
                if len(partes) == 1:
                    pendiente.append(bloque)  # una línea más larga que un bloque
                    continue
                if pendiente:
                    partes[0] = b"".join((*pendiente, partes[0]))
                    pendiente = []
                pendiente.append(partes.pop())
                for linea in partes:
                    if linea.strip():
                        yield linea
            if (ultima := b"".join(pendiente)).strip():
                yield ultima

    def oficina(self, nombre: str) -> Any:
        """Un envío de la oficina (`data/oficina/<nombre>.json`), o None si no viene."""
        ruta = f"data/oficina/{nombre}.json"
        if ruta not in self.nombres:
            return None
        try:
            valor = json.loads(self._leer(ruta, 64 << 20))
            if not es_utf8(valor):
                raise ValueError(ruta)
            return valor
        except (ValueError, RecursionError):
            from pir_campo.errores import ErrorPaquete

            raise ErrorPaquete(
                f"El paquete fue rechazado: {ruta} no es JSON válido.", "FORMATO"
            ) from None

    def blobs(self) -> list[str]:
        return [n.rsplit("/", 1)[1] for n in self.nombres if n.startswith("data/blobs/")]

    def abrir_blob(self, sha: str):  # noqa: ANN201 - archivo binario de zipfile
        return self.zip.open(f"data/blobs/sha256/{sha}")

    def recibo(self) -> Any:
        """El recibo de la oficina tal como viene (quien lo usa valida su forma), o None si no
        viene o no es JSON."""
        if "data/receipt.json" not in self.nombres:
            return None
        try:
            return json.loads(self._leer("data/receipt.json", 64 << 20))
        except (ValueError, RecursionError):
            return None

    def cerrar(self) -> None:
        self.zip.close()
        self._archivo.close()
