"""Archivos temporales cifrados con una llave que solo vive en la memoria del proceso.

Preparar un paquete (la bolsa interior, la carga) o importar uno grande pasa por archivos en la
carpeta temporal (uno chico se descifra en memoria: sincro/paquete.py, EN_MEMORIA): en claro, un
corte a la mitad dejaría allí nombres y RUT. Estos archivos se cifran por bloques de 64 KiB
(XChaCha20-Poly1305, un nonce al azar por escritura) con una llave al azar que nunca se escribe:
si el proceso muere, lo que queda es ilegible. Admiten lectura y escritura con
`seek`, que es lo que necesita `zipfile` (reescribe cabeceras al cerrar cada miembro).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

BLOQUE = 64 * 1024
_NONCE, _ETIQUETA = 24, 16
_RANURA = _NONCE + BLOQUE + _ETIQUETA
_LLAVES: dict[str, bytes] = {}


def _aead():
    from nacl import bindings

    return (
        bindings.crypto_aead_xchacha20poly1305_ietf_encrypt,
        bindings.crypto_aead_xchacha20poly1305_ietf_decrypt,
    )


class ArchivoCifrado(io.RawIOBase):
    """Archivo de bytes de acceso aleatorio, cifrado en el disco."""

    def __init__(self, ruta: Path, llave: bytes, nuevo: bool):
        super().__init__()
        self.ruta = Path(ruta)
        self._llave = llave
        self._f = self.ruta.open("w+b" if nuevo else "r+b")
        tam = os.fstat(self._f.fileno()).st_size
        completos, resto = divmod(tam, _RANURA)
        self._largo = completos * BLOQUE + max(0, resto - _NONCE - _ETIQUETA)
        self._pos = 0
        self._indice = -1
        self._bloque = bytearray()
        self._sucio = False

    # ---- io ------------------------------------------------------------------------------
    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, desde: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._largo}[desde]
        if base + pos < 0:
            raise ValueError("posición negativa")
        self._pos = base + pos
        return self._pos

    def readinto(self, destino) -> int:
        vista = memoryview(destino).cast("B")
        n = 0
        while n < len(vista) and self._pos < self._largo:
            i, desde = divmod(self._pos, BLOQUE)
            self._cargar(i)
            trozo = self._bloque[desde : desde + len(vista) - n]
            if not trozo:
                break
            vista[n : n + len(trozo)] = trozo
            n += len(trozo)
            self._pos += len(trozo)
        return n

    def write(self, datos) -> int:
        datos = memoryview(datos).cast("B")
        if self._pos > self._largo:  # un hueco se rellena con ceros, como un archivo normal
            falta, self._pos = self._pos - self._largo, self._largo
            self.write(bytes(falta))
        hecho = 0
        while hecho < len(datos):
            i, desde = divmod(self._pos, BLOQUE)
            self._cargar(i)
            trozo = datos[hecho : hecho + BLOQUE - desde]
            fin = desde + len(trozo)
            if len(self._bloque) < fin:
                self._bloque.extend(bytes(fin - len(self._bloque)))
            self._bloque[desde:fin] = trozo
            self._sucio = True
            hecho += len(trozo)
            self._pos += len(trozo)
            self._largo = max(self._largo, self._pos)
        return hecho

    def truncate(self, tam: int | None = None) -> int:
        tam = self._pos if tam is None else tam
        if tam >= self._largo:
            return self._largo
        self._vaciar()
        i, resto = divmod(tam, BLOQUE)
        if resto:
            self._cargar(i)
            del self._bloque[resto:]
            self._sucio = True
            self._vaciar()
        self._f.truncate(i * _RANURA + (_NONCE + resto + _ETIQUETA if resto else 0))
        self._indice, self._bloque, self._largo = -1, bytearray(), tam
        return tam

    def flush(self) -> None:
        if not self.closed and not self._f.closed:
            self._vaciar()
            self._f.flush()

    def close(self) -> None:
        if not self.closed:
            self._vaciar()
            self._f.close()
        super().close()

    # ---- bloques -------------------------------------------------------------------------
    def _cargar(self, i: int) -> None:
        if i == self._indice:
            return
        self._vaciar()
        self._indice = i
        self._f.seek(i * _RANURA)
        crudo = self._f.read(_RANURA)
        if not crudo:
            self._bloque = bytearray()
            return
        _, descifrar = _aead()
        self._bloque = bytearray(
            descifrar(crudo[_NONCE:], i.to_bytes(8, "little"), crudo[:_NONCE], self._llave)
        )

    def _vaciar(self) -> None:
        if not self._sucio:
            return
        cifrar, _ = _aead()
        nonce = os.urandom(_NONCE)
        cifrado = cifrar(
            bytes(self._bloque), self._indice.to_bytes(8, "little"), nonce, self._llave
        )
        self._f.seek(self._indice * _RANURA)
        self._f.write(nonce + cifrado)
        self._sucio = False


def abrir(ruta: Path, modo: str = "rb") -> ArchivoCifrado:
    """`wb` crea el archivo con una llave nueva; `rb` lo reabre en este mismo proceso."""
    ruta = Path(ruta)
    clave = str(ruta.resolve())
    if modo == "wb":
        _LLAVES[clave] = os.urandom(32)
        return ArchivoCifrado(ruta, _LLAVES[clave], nuevo=True)
    if modo == "rb":
        if clave not in _LLAVES:
            raise FileNotFoundError(f"{ruta} no es un temporal cifrado de este proceso")
        return ArchivoCifrado(ruta, _LLAVES[clave], nuevo=False)
    raise ValueError(f"modo no admitido: {modo}")


def es_temporal(ruta: Path) -> bool:
    return str(Path(ruta).resolve()) in _LLAVES


def abrir_lectura(ruta: Path):
    """Un temporal cifrado de este proceso, o un archivo normal."""
    return abrir(ruta, "rb") if es_temporal(ruta) else Path(ruta).open("rb")


def olvidar(ruta: Path) -> None:
    """Borra el archivo y su llave."""
    _LLAVES.pop(str(Path(ruta).resolve()), None)
    Path(ruta).unlink(missing_ok=True)
