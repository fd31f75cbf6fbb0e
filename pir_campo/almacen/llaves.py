"""La llave de la base y su envoltura: frase de acceso -> Argon2id -> llave aleatoria de la base.

La llave de la base (32 bytes al azar) cifra la base, su WAL, los adjuntos y los respaldos. Solo
se guarda envuelta, en el archivo `<base>.llave` junto a la base: una vez con la llave derivada
de la frase de acceso (Argon2id) y, cuando el notebook registra su oficina, otra vez sellada a la
llave pública X25519 de la oficina, para recuperarla si la frase se olvida. Ese archivo no lleva
nombres ni nada personal: el identificador del dispositivo, sales, parámetros y cifrados.
Cambiar la frase vuelve a envolver la misma llave; la base no se reescribe.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pir_campo import kdf
from pir_campo.errores import ErrorBaseDatos, ErrorClave, ErrorValidacion, error_disco

# El formato del archivo de llave, la variable de la frase y la frase de la demo, junto a la
# derivación que el arranque adelanta (pir_campo/kdf.py).
FORMATO = kdf.FORMATO
ENTORNO = kdf.ENTORNO
FRASE_DEMO = kdf.FRASE_DEMO
# Argon2id: 3 pasadas sobre 64 MiB, ~0,15 s en un notebook modesto (desbloquear < 1 s).
PARAMETROS = {"ops": 3, "mem": 64 * 1024 * 1024}
MINIMO_FRASE = 12
_COMUNES = {"contraseña", "contrasena", "password", "pircampo", "pir campo", "qwerty", "clave"}

# Una derivación a la vez: la que el arranque adelanta en otro hilo (`precalentar`) se espera
# y se reutiliza, no se repite.
_CANDADO_KEK = kdf.CANDADO
_kek = kdf.kek
precalentar = kdf.precalentar

# La CLI instala aquí una función que pide la frase en la terminal sin eco; la interfaz la pide
# con su propio diálogo y la pasa explícita.
pedir_frase: Callable[[Path], str] | None = None


def ruta_llave(ruta_db: Path) -> Path:
    return Path(ruta_db).with_name(Path(ruta_db).name + ".llave")


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _de64(t: str) -> bytes:
    return base64.b64decode(t.encode("ascii"), validate=True)


def derivar(llave: bytes, proposito: str) -> bytes:
    """Subllave independiente para otro uso (adjuntos, nombres de archivo)."""
    return hashlib.blake2b(proposito.encode(), key=llave, digest_size=32).digest()


def verificador(llave: bytes) -> str:
    """Permite a la oficina comprobar que abrió bien una solicitud, sin revelar la llave."""
    return derivar(llave, "verificador").hex()[:16]


def validar_frase(frase: str) -> None:
    """Rechaza frases débiles con una explicación en español."""
    texto = frase or ""
    razon = None
    if len(texto) < MINIMO_FRASE:
        razon = f"tiene {len(texto)} caracteres y se piden al menos {MINIMO_FRASE}"
    elif texto.isdigit():
        razon = "tiene solo números"
    elif len(set(texto.lower())) < 5:
        razon = "repite casi siempre los mismos caracteres"
    elif any(c in texto.lower() for c in _COMUNES) and len(texto) < 20:
        razon = "contiene una palabra de las primeras que se prueban"
    if razon:
        raise ErrorValidacion(
            f"La frase de acceso es débil: {razon}. Use tres o cuatro palabras que solo usted "
            "relacione, por ejemplo «lenga río verde 47»: una frase larga es más difícil de "
            "adivinar que una palabra corta con símbolos.",
            "Frase de acceso",
        )


def _envoltura(llave: bytes, frase: str) -> dict[str, Any]:
    from nacl import pwhash
    from nacl.secret import SecretBox

    sal = os.urandom(pwhash.argon2id.SALTBYTES)
    ops, mem = PARAMETROS["ops"], PARAMETROS["mem"]
    caja = SecretBox(_kek(frase, sal, ops, mem))
    return {
        "kdf": "argon2id",
        "sal": _b64(sal),
        "ops": ops,
        "mem": mem,
        "envuelta": _b64(bytes(caja.encrypt(llave))),
    }


def envolver(secreto: bytes, frase: str) -> dict[str, Any]:
    """Cualquier secreto envuelto con una frase, como la llave de la base (p. ej. la llave de
    recuperación de la oficina)."""
    return _envoltura(secreto, frase)


def desenvolver(envoltura: dict[str, Any], frase: str) -> bytes | None:
    """Lo envuelto con `envolver`, o None si la frase no es la correcta."""
    return abrir_con({"frase": envoltura}, frase)


def leer(ruta_db: Path) -> dict[str, Any]:
    ruta = ruta_llave(ruta_db)
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErrorBaseDatos(
            f"Falta el archivo de llave {ruta}: sin él la base {ruta_db} no se puede abrir. "
            "Cópielo desde el mismo lugar de donde vino la base."
        ) from None
    except (OSError, ValueError) as e:
        raise error_disco(e, ruta) or ErrorBaseDatos(
            f"El archivo de llave {ruta} está dañado ({e})."
        ) from None
    if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
        raise ErrorBaseDatos(f"El archivo de llave {ruta} no es de esta versión de PIR Campo.")
    return datos


def escribir(ruta_db: Path, datos: dict[str, Any]) -> None:
    """Escritura atómica: un corte a la mitad deja el archivo anterior entero."""
    ruta = ruta_llave(ruta_db)
    temporal = ruta.with_name(ruta.name + ".tmp")
    try:
        with temporal.open("w", encoding="utf-8") as f:
            json.dump(datos, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporal, ruta)
        sincronizar_carpeta(ruta.parent)
    except OSError as e:
        with contextlib.suppress(OSError):
            temporal.unlink(missing_ok=True)
        raise error_disco(e, ruta) or ErrorBaseDatos(
            f"No se pudo escribir el archivo de llave {ruta}: {e.strerror or e}."
        ) from None


def sincronizar_carpeta(carpeta: Path) -> None:
    """fsync de una carpeta: un renombre dentro de ella sobrevive a un corte de luz."""
    if os.name == "nt":
        return
    fd = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def nueva(frase: str, demo: bool = False) -> tuple[bytes, dict[str, Any]]:
    """Llave al azar y su archivo de llave (aún sin escribir)."""
    llave = os.urandom(32)
    datos = {
        "formato": FORMATO,
        "demo": demo,
        "verificador": verificador(llave),
        "frase": _envoltura(llave, frase),
    }
    return llave, datos


def abrir_con(datos: dict[str, Any], frase: str) -> bytes | None:
    from nacl.exceptions import CryptoError
    from nacl.secret import SecretBox

    e = datos["frase"]
    try:
        with _CANDADO_KEK:
            kek = _kek(frase, _de64(e["sal"]), int(e["ops"]), int(e["mem"]))
        return bytes(SecretBox(kek).decrypt(_de64(e["envuelta"])))
    except (CryptoError, ValueError, KeyError, TypeError):
        return None


def frase_dada(ruta_db: Path, frase: str | None) -> str:
    """La frase explícita, la de PIR_CAMPO_CLAVE o la que pida la CLI en la terminal."""
    if frase is not None:
        return frase
    if os.environ.get(ENTORNO):
        return os.environ[ENTORNO]
    if pedir_frase is not None:
        return pedir_frase(ruta_db)
    raise ErrorClave(
        f"La base {ruta_db} está cifrada: falta la frase de acceso (variable {ENTORNO})."
    )


def abrir(ruta_db: Path, frase: str | None) -> bytes:
    """Desenvuelve la llave de la base; la de demostración abre sin preguntar."""
    datos = leer(ruta_db)
    if frase is None and datos.get("demo"):
        candidatas = [FRASE_DEMO, os.environ.get(ENTORNO)]
        for c in filter(None, candidatas):
            if (llave := abrir_con(datos, c)) is not None:
                return llave
    llave = abrir_con(datos, frase_dada(ruta_db, frase))
    if llave is None:
        raise ErrorClave(f"La frase de acceso de {ruta_db} no es correcta; la base no se modificó.")
    return llave


def cambiar_frase(ruta_db: Path, llave: bytes, nueva_frase: str) -> None:
    validar_frase(nueva_frase)
    datos = leer(ruta_db)
    datos["frase"] = _envoltura(llave, nueva_frase)
    datos["demo"] = False
    datos.pop("recuperacion", None)
    escribir(ruta_db, datos)


def sellar_para_oficina(ruta_db: Path, llave: bytes, dispositivo: str, publica_hex: str) -> None:
    """Copia de la llave que solo la oficina puede abrir (recuperación de la frase)."""
    from nacl.public import PublicKey, SealedBox

    caja = SealedBox(PublicKey(bytes.fromhex(publica_hex)))
    datos = leer(ruta_db)
    datos["oficina"] = {
        "dispositivo": dispositivo,
        "publica_x25519": publica_hex,
        "sellada": _b64(bytes(caja.encrypt(llave))),
    }
    escribir(ruta_db, datos)
