"""Sincronización por paquetes `.pirb` entre notebooks de campo y la oficina regional.

Sigue el diseño de referencia de sincronización del programa (documento fuera de este
repositorio; cada capa dice en su docstring lo que toma de él). Capas: `zipfijo` (zip
estricto del sobre), `cifrado` (secretstream + SealedBox), `bolsa` (BagIt interior), `paquete`
(sobre firmado), `identidad` (confianza), `fusion` (regla de fusión), `alcance` (qué puede
escribir cada notebook), `revocacion` (notebooks perdidos o reinstalados), `exportar`,
`importar`, `conflictos`.
"""

from __future__ import annotations

import json
import os
import signal
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

VARIABLE_FALLA = "PIR_CAMPO_FALLA"


def punto_de_falla(nombre: str) -> None:
    """Mata el proceso en un punto dado si la variable de entorno lo pide.

    Solo para las pruebas de caída (matar a medio importar o exportar): así la caída ocurre
    siempre en el mismo lugar, no al azar.
    """
    if os.environ.get(VARIABLE_FALLA) == nombre:
        os.kill(os.getpid(), signal.SIGKILL)


# Codificador de C armado una sola vez: json.dumps lo rearma en cada llamada, y en exportar e
# importar se codifican cuatro o cinco valores por registro (medido: la mitad del costo).
_codificador = (
    c_make_encoder(None, None, encode_basestring, None, ":", ",", False, False, True)
    if c_make_encoder
    else None
)
texto_json = encode_basestring


def json_compacto(valor: Any) -> str:
    if _codificador is None:
        return json.dumps(valor, ensure_ascii=False, separators=(",", ":"))
    return "".join(_codificador(valor, 0))


def es_utf8(valor: Any) -> bool:
    """False si algún texto (clave o valor) trae un sustituto suelto («\\ud800» en JSON), que
    no se puede guardar ni mostrar: JSON lo admite, UTF-8 no."""
    try:
        json_compacto(valor).encode()
    except UnicodeEncodeError:
        return False
    return True
