"""Zip mínimo y estricto para el sobre de un paquete: entradas sin comprimir, sin fecha ni extras.

Cada byte del archivo queda cubierto por alguna comprobación: la estructura del zip se regenera
y se compara byte a byte, el sobre va firmado y la carga lleva su SHA-256 en el sobre. Así un
solo byte cambiado en cualquier parte se detecta, cosa que `zipfile` no garantiza (ignora
fechas, atributos y comentarios). El archivo sigue siendo un zip que cualquier herramienta abre.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

LOCAL = struct.Struct("<4sHHHHHIIIHH")
CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
FIN = struct.Struct("<4sHHHHIIH")
VERSION = 20
FECHA = 0x0021  # 01-01-1980: sin fecha real, para que el archivo no dependa del reloj
MAXIMO = 0xFFFFFFFF - 1
MAX_ENTRADAS = 8
BLOQUE = 1 << 20


class EstructuraInvalida(ValueError):
    """El archivo no es exactamente el zip que escribe PIR Campo (truncado o alterado)."""


def _local(nombre: bytes, crc: int, tam: int) -> bytes:
    return (
        LOCAL.pack(b"PK\x03\x04", VERSION, 0, 0, 0, FECHA, crc, tam, tam, len(nombre), 0) + nombre
    )


def _central(nombre: bytes, crc: int, tam: int, desde: int) -> bytes:
    return (
        CENTRAL.pack(
            b"PK\x01\x02",
            VERSION,
            VERSION,
            0,
            0,
            0,
            FECHA,
            crc,
            tam,
            tam,
            len(nombre),
            0,
            0,
            0,
            0,
            0,
            desde,
        )
        + nombre
    )


def _fin(n: int, tam_cd: int, desde_cd: int) -> bytes:
    return FIN.pack(b"PK\x05\x06", 0, 0, n, n, tam_cd, desde_cd, 0)


class EscritorZip:
    """Escribe entradas en orden; el CRC y el tamaño de cada una se conocen antes de escribirla."""

    def __init__(self, f: BinaryIO):
        self.f = f
        self.pos = 0
        self.entradas: list[tuple[bytes, int, int, int]] = []

    def _cabecera(self, nombre: str, crc: int, tam: int) -> None:
        if tam > MAXIMO:
            raise ValueError("entrada demasiado grande para un paquete")
        nb = nombre.encode("ascii")
        self.entradas.append((nb, crc, tam, self.pos))
        cab = _local(nb, crc, tam)
        self.f.write(cab)
        self.pos += len(cab)

    def agregar_bytes(self, nombre: str, datos: bytes) -> None:
        self._cabecera(nombre, zlib.crc32(datos), len(datos))
        self.f.write(datos)
        self.pos += len(datos)

    def agregar_archivo(
        self,
        nombre: str,
        ruta: Path,
        crc: int,
        tam: int,
        progreso: Callable[[int], None] | None = None,
    ) -> None:
        self._cabecera(nombre, crc, tam)
        from pir_campo import temporal_cifrado

        with temporal_cifrado.abrir_lectura(ruta) as origen:
            while bloque := origen.read(BLOQUE):
                self.f.write(bloque)
                self.pos += len(bloque)
                if progreso:
                    progreso(len(bloque))

    def cerrar(self) -> None:
        desde_cd = self.pos
        cd = b"".join(_central(n, c, t, d) for n, c, t, d in self.entradas)
        self.f.write(cd + _fin(len(self.entradas), len(cd), desde_cd))


@dataclass(frozen=True)
class Entrada:
    nombre: str
    desde: int
    tam: int
    crc: int


def leer_indice(f: BinaryIO, tam_archivo: int) -> list[Entrada]:
    """Índice del zip, comprobando que cada byte de estructura es el que escribiría EscritorZip."""
    if tam_archivo < FIN.size:
        raise EstructuraInvalida("archivo demasiado corto")
    f.seek(tam_archivo - FIN.size)
    fin = f.read(FIN.size)
    firma, d1, d2, n1, n, tam_cd, desde_cd, largo_com = FIN.unpack(fin)
    if firma != b"PK\x05\x06" or d1 or d2 or n1 != n or largo_com or not 0 < n <= MAX_ENTRADAS:
        raise EstructuraInvalida("fin de zip inválido")
    if desde_cd + tam_cd + FIN.size != tam_archivo:
        raise EstructuraInvalida("directorio central fuera de lugar")
    f.seek(desde_cd)
    cd = f.read(tam_cd)
    entradas: list[Entrada] = []
    pos = 0
    for _ in range(n):
        if pos + CENTRAL.size > len(cd):
            raise EstructuraInvalida("directorio central corto")
        campos = CENTRAL.unpack_from(cd, pos)
        crc, tam, largo, desde = campos[7], campos[9], campos[10], campos[16]
        nombre = cd[pos + CENTRAL.size : pos + CENTRAL.size + largo]
        esperado = _central(nombre, crc, tam, desde)
        if cd[pos : pos + len(esperado)] != esperado:
            raise EstructuraInvalida("entrada del directorio central alterada")
        pos += len(esperado)
        try:
            texto = nombre.decode("ascii")
        except UnicodeDecodeError:
            raise EstructuraInvalida("nombre no ASCII") from None
        entradas.append(Entrada(texto, desde, tam, crc))
    if pos != len(cd):
        raise EstructuraInvalida("directorio central con bytes sobrantes")
    actual = 0
    for i, e in enumerate(entradas):
        cab = _local(e.nombre.encode("ascii"), e.crc, e.tam)
        if e.desde != actual:
            raise EstructuraInvalida("entradas no contiguas")
        f.seek(actual)
        if f.read(len(cab)) != cab:
            raise EstructuraInvalida("cabecera local alterada")
        entradas[i] = Entrada(e.nombre, actual + len(cab), e.tam, e.crc)
        actual += len(cab) + e.tam
    if actual != desde_cd:
        raise EstructuraInvalida("datos sobrantes antes del directorio central")
    return entradas


def leer_bytes(f: BinaryIO, e: Entrada, maximo: int) -> bytes:
    if e.tam > maximo:
        raise EstructuraInvalida(f"{e.nombre} demasiado grande")
    f.seek(e.desde)
    datos = f.read(e.tam)
    if len(datos) != e.tam or zlib.crc32(datos) != e.crc:
        raise EstructuraInvalida(f"{e.nombre} dañado")
    return datos


def copiar(
    f: BinaryIO,
    e: Entrada,
    destino: BinaryIO,
    observar: Callable[[bytes], None],
    progreso: Callable[[int], None] | None = None,
) -> None:
    """Copia una entrada por bloques comprobando su CRC; `observar` recibe cada bloque."""
    f.seek(e.desde)
    falta, crc = e.tam, 0
    while falta:
        bloque = f.read(min(BLOQUE, falta))
        if not bloque:
            raise EstructuraInvalida(f"{e.nombre} incompleto")
        falta -= len(bloque)
        crc = zlib.crc32(bloque, crc)
        observar(bloque)
        destino.write(bloque)
        if progreso:
            progreso(len(bloque))
    if crc != e.crc:
        raise EstructuraInvalida(f"{e.nombre} dañado")
