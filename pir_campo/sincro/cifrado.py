"""Cifrado por flujo de la carga: secretstream XChaCha20-Poly1305 con la clave del archivo
sellada (SealedBox) para cada destinatario.

Diseño (referencias/sincronizacion.md §3.8):
"PIRB\\x01" | u16 n | n × (id_clave[8] | SealedBox(clave)[80]) | cabecera[24] | trozos*
Cada trozo cifra 1 MiB (el último menos) y lleva 17 bytes de autenticación; el último va marcado
TAG_FINAL. El dato asociado de cada trozo es el SHA-256 de todo lo anterior al primer trozo,
así los destinatarios y la cabecera quedan atados al cuerpo. Memoria acotada a un trozo.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from typing import BinaryIO

from nacl import bindings as b
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

MAGIA = b"PIRB\x01"
TROZO = 1 << 20
ABYTES = b.crypto_secretstream_xchacha20poly1305_ABYTES
CABECERA = b.crypto_secretstream_xchacha20poly1305_HEADERBYTES
SELLADA = 80
MAX_DESTINATARIOS = 16
FINAL = b.crypto_secretstream_xchacha20poly1305_TAG_FINAL
MENSAJE = b.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


class NoEsParaMi(Exception):
    """Ninguna entrada de destinatario corresponde a nuestra clave."""


class Truncado(Exception):
    """El flujo termina antes del trozo final."""


class Alterado(Exception):
    """Un trozo no se autentica, o hay datos después del trozo final."""


def id_clave(publica: bytes) -> bytes:
    return hashlib.sha256(publica).digest()[:8]


def cifrar(
    origen: BinaryIO,
    destino: BinaryIO,
    destinatarios: list[PublicKey],
    progreso: Callable[[int], None] | None = None,
) -> None:
    clave = b.crypto_secretstream_xchacha20poly1305_keygen()
    inicio = bytearray(MAGIA + struct.pack(">H", len(destinatarios)))
    for pk in destinatarios:
        inicio += id_clave(bytes(pk)) + SealedBox(pk).encrypt(clave)
    estado = b.crypto_secretstream_xchacha20poly1305_state()
    inicio += b.crypto_secretstream_xchacha20poly1305_init_push(estado, clave)
    ad = hashlib.sha256(inicio).digest()
    destino.write(inicio)
    actual = origen.read(TROZO)
    while True:
        siguiente = origen.read(TROZO) if len(actual) == TROZO else b""
        etiqueta = MENSAJE if siguiente else FINAL
        destino.write(b.crypto_secretstream_xchacha20poly1305_push(estado, actual, ad, etiqueta))
        if progreso:
            progreso(len(actual))
        if not siguiente:
            return
        actual = siguiente


def _exacto(f: BinaryIO, n: int) -> bytes:
    datos = f.read(n)
    if len(datos) != n:
        raise Truncado("cabecera incompleta")
    return datos


def descifrar(
    origen: BinaryIO,
    destino: BinaryIO,
    llave: PrivateKey | list[PrivateKey],
    progreso: Callable[[int], None] | None = None,
) -> None:
    """`llave`: la llave propia, o varias (la oficina durante el solape de una rotación)."""
    llaves = llave if isinstance(llave, list) else [llave]
    inicio = bytearray(_exacto(origen, len(MAGIA) + 2))
    if inicio[: len(MAGIA)] != MAGIA:
        raise Alterado("marca inicial desconocida")
    (n,) = struct.unpack(">H", inicio[len(MAGIA) :])
    if not 0 < n <= MAX_DESTINATARIOS:
        raise Alterado("tabla de destinatarios inválida")
    mias = {id_clave(bytes(k.public_key)): k for k in llaves}
    sellada, propia = None, llaves[0]
    for _ in range(n):
        entrada = _exacto(origen, 8 + SELLADA)
        inicio += entrada
        if entrada[:8] in mias and sellada is None:
            sellada, propia = entrada[8:], mias[entrada[:8]]
    cabecera = _exacto(origen, CABECERA)
    inicio += cabecera
    if sellada is None:
        raise NoEsParaMi("sin entrada para esta clave")
    try:
        clave = SealedBox(propia).decrypt(sellada)
    except CryptoError:
        raise Alterado("clave sellada inválida") from None
    ad = hashlib.sha256(inicio).digest()
    estado = b.crypto_secretstream_xchacha20poly1305_state()
    b.crypto_secretstream_xchacha20poly1305_init_pull(estado, cabecera, clave)
    while True:
        trozo = origen.read(TROZO + ABYTES)
        if not trozo:
            raise Truncado("falta el trozo final")
        if len(trozo) < ABYTES:
            raise Truncado("trozo incompleto")
        try:
            claro, etiqueta = b.crypto_secretstream_xchacha20poly1305_pull(estado, trozo, ad)
        except CryptoError:
            if len(trozo) < TROZO + ABYTES:
                raise Truncado("trozo incompleto o alterado") from None
            raise Alterado("trozo alterado") from None
        destino.write(claro)
        if progreso:
            progreso(len(claro))
        if etiqueta == FINAL:
            if origen.read(1):
                raise Alterado("datos después del trozo final")
            return
        if len(trozo) < TROZO + ABYTES:
            raise Truncado("trozo corto sin marca final")
