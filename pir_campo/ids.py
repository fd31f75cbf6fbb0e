"""Identificadores: UUIDv7 para registros, ids de dispositivo y códigos cortos para papel."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Espacio de nombres de PIR Campo para los UUIDv5: fijo para siempre (cambiarlo duplicaría
# los registros únicos creados por versiones distintas de la aplicación).
ESPACIO = uuid.UUID("5f3c2d1e-8a4b-5c6d-9e0f-1a2b3c4d5e6f")

_candado = threading.Lock()
_ultimo_ms = 0
_secuencia = 0


def uuid7(ms: int | None = None) -> str:
    """UUIDv7 (RFC 9562): 48 bits de milisegundos, contador de 12 bits y 62 bits al azar.

    El contador mantiene el orden dentro del mismo milisegundo y con el reloj detenido;
    nunca se usa el tiempo embebido para ordenar cambios (para eso está el HLC).
    """
    global _ultimo_ms, _secuencia
    with _candado:
        ahora = int(time.time() * 1000) if ms is None else ms
        if ahora <= _ultimo_ms:
            _secuencia += 1
            if _secuencia > 0xFFF:
                _ultimo_ms += 1
                _secuencia = 0
            ahora = _ultimo_ms
        else:
            _secuencia = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _ultimo_ms = ahora
        azar = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        valor = (ahora & ((1 << 48) - 1)) << 80
        valor |= 0x7 << 76
        valor |= _secuencia << 64
        valor |= 0b10 << 62
        valor |= azar
    return str(uuid.UUID(int=valor))


def uuid_clave(tabla: str, *partes: object) -> str:
    """UUIDv5 de un registro que existe una sola vez por su clave natural.

    Dos notebooks que crean sin conexión «la versión 2 del PMDT del territorio T» obtienen el
    mismo id, así que la sincronización los fusiona campo a campo en vez de duplicarlos.
    """
    texto = ":".join((tabla, *("" if p is None else str(p) for p in partes)))
    return str(uuid.uuid5(ESPACIO, texto))


def base32(bits: int, largo: int) -> str:
    return "".join(CROCKFORD[(bits >> (5 * (largo - 1 - i))) & 31] for i in range(largo))


def nuevo_dispositivo(rol: str) -> str:
    """dv_XXXXXXXXXX para un notebook, of_XXXXXXXXXX para una oficina (50 bits al azar)."""
    prefijo = "of_" if rol == "oficina" else "dv_"
    return prefijo + base32(int.from_bytes(os.urandom(7), "big") >> 6, 10)


def codigo_corto(id_registro: str) -> str:
    """Código para papel: base32 de los últimos 40 bits del UUID más un dígito de control.

    Son bits al azar del UUIDv7 (los primeros son su marca de tiempo, que comparten los
    registros creados en el mismo instante), así que dos registros casi nunca lo comparten.
    """
    bits = int(id_registro.replace("-", "")[-10:], 16)
    cuerpo = base32(bits, 8)
    control = CROCKFORD[sum((i + 1) * CROCKFORD.index(c) for i, c in enumerate(cuerpo)) % 32]
    return f"{cuerpo[:4]}-{cuerpo[4:]}{control}"


def uuid7_de(azar: random.Random, ms: int) -> str:
    """UUIDv7 reproducible a partir de un generador con semilla (datos de demostración)."""
    valor = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | azar.getrandbits(12) << 64
    valor |= 0b10 << 62 | azar.getrandbits(62)
    # Lo mismo que str(uuid.UUID(int=valor)), sin armar el objeto (la demo pide cien mil).
    h = f"{valor:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
