"""Argon2id de la frase de acceso, sin nada más: lo primero que corre al abrir la aplicación.

Vive fuera de `pir_campo.almacen` para que el arranque (ui/arranque.py) empiece a derivar en la
primera línea, sin esperar a importar el almacén (pydantic, SQLCipher: ~50 ms), y mientras el
hilo principal importa Qt: Argon2 (~80 ms con 64 MiB) suelta el GIL. `pir_campo.almacen.llaves`
usa esta misma derivación (y su caché), así que `llaves.abrir` encuentra la llave hecha.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import threading
from pathlib import Path

FORMATO = 1  # del archivo `<base>.llave`
ENTORNO = "PIR_CAMPO_CLAVE"
# La base de demostración usa esta frase fija (la dice el README): sus datos son inventados.
FRASE_DEMO = "demostracion pir campo"

# Una derivación a la vez: la que el arranque adelanta en otro hilo (`precalentar`) se espera
# y se reutiliza, no se repite.
CANDADO = threading.Lock()


@functools.lru_cache(maxsize=16)
def kek(frase: str, sal: bytes, ops: int, mem: int) -> bytes:
    """La llave que envuelve la de la base, derivada de la frase (recordada por proceso)."""
    from nacl import pwhash

    return pwhash.argon2id.kdf(32, frase.encode("utf-8"), sal, opslimit=ops, memlimit=mem)


def precalentar(ruta_db: Path) -> None:
    """Deriva de antemano la llave de la frase con que `llaves.abrir(ruta_db, None)` abrirá sin
    preguntar (la de la demostración o PIR_CAMPO_CLAVE). Sin esa frase, o ante cualquier
    problema con el archivo de llave, no hace nada: `llaves.abrir` dirá lo que corresponda."""
    try:
        ruta = Path(ruta_db)
        datos = json.loads(ruta.with_name(ruta.name + ".llave").read_text(encoding="utf-8"))
        if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
            return
        frase = FRASE_DEMO if datos.get("demo") else os.environ.get(ENTORNO)
        e = datos.get("frase")
        if not frase or not isinstance(e, dict):
            return
        sal = base64.b64decode(str(e["sal"]).encode("ascii"), validate=True)
        ops, mem = int(e["ops"]), int(e["mem"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    with CANDADO:
        kek(frase, sal, ops, mem)
