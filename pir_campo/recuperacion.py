"""Recuperación de una frase de acceso olvidada, con la oficina regional.

Cuando el notebook registra su oficina (`confiar`), la llave de su base queda además sellada a
la llave pública X25519 de la oficina, en el archivo .llave. Si la frase se olvida:
  1. el notebook escribe una solicitud (sin abrir la base): su identificador, esa llave sellada
     y una llave pública de un solo uso cuya privada queda en el archivo .llave;
  2. la oficina abre la solicitud con su llave privada, comprueba que el notebook es suyo y
     responde con la llave de la base sellada a esa llave de un solo uso;
  3. el notebook abre la respuesta, comprueba que la llave abre su base y pone una frase nueva.
Ni la solicitud ni la respuesta sirven a quien las intercepte: la primera solo la abre la
oficina y la segunda solo el notebook que la pidió.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pir_campo import ids
from pir_campo.almacen import llaves, motor
from pir_campo.errores import ErrorClave, frase_disco

if TYPE_CHECKING:
    from pir_campo.almacen import Almacen

TIPO_SOLICITUD = "pir-campo/solicitud-recuperacion"
TIPO_RESPUESTA = "pir-campo/respuesta-recuperacion"


@dataclass(frozen=True)
class Solicitud:
    """Lo que se muestra de una solicitud: en el notebook, para anotarlo; en la oficina, para
    confirmar quién pide antes de responder (`nombre` sale del registro de la oficina)."""

    dispositivo: str
    huella: str
    nombre: str | None = None


def huella(datos: dict[str, Any]) -> str:
    """XXXXX-XXXXX de la llave de un solo uso y la llave sellada: la misma en las dos pantallas,
    para compararla por teléfono (una solicitud cambiada en el camino da otra huella)."""
    digest = hashlib.sha256(
        f"{datos.get('responder_a')}|{datos.get('sellada')}".encode("ascii", "replace")
    ).digest()
    texto = ids.base32(int.from_bytes(digest[:7], "big") >> 6, 10)
    return f"{texto[:5]}-{texto[5:]}"


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _leer(ruta: Path, tipo: str, que: str) -> dict[str, Any]:
    try:
        datos = json.loads(Path(ruta).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ErrorClave(f"No se pudo leer la {que} {ruta}: {e}.") from None
    if not isinstance(datos, dict) or datos.get("tipo") != tipo or datos.get("formato") != 1:
        raise ErrorClave(f"El archivo {ruta} no es una {que} de PIR Campo.")
    return datos


def _escribir(ruta: Path, datos: dict[str, Any]) -> None:
    """Con nombre temporal y `replace`: un pendrive que se llena no deja medio archivo."""
    temporal = Path(ruta).with_name(Path(ruta).name + ".tmp")
    try:
        temporal.write_text(json.dumps(datos, indent=1), encoding="utf-8")
        temporal.replace(ruta)
    except OSError as e:
        with contextlib.suppress(OSError):  # en un medio de solo lectura, ni esto
            temporal.unlink(missing_ok=True)
        raise ErrorClave(
            frase_disco(e, ruta) or f"No se pudo escribir {ruta}: {e.strerror or e}."
        ) from None


def _sellada_para_oficina(datos: dict[str, Any]) -> dict[str, Any]:
    oficina = datos.get("oficina")
    if not oficina:
        raise ErrorClave(
            "Esta base no tiene su llave sellada para una oficina (se sella al registrar la "
            "oficina con «pir-campo confiar»): no se puede recuperar por la oficina."
        )
    return oficina


def comprobar_recuperable(ruta_db: Path) -> None:
    """ErrorClave con la explicación si esta base no puede pedir ayuda a la oficina."""
    _sellada_para_oficina(llaves.leer(ruta_db))


def pendiente(ruta_db: Path) -> bool:
    """¿Hay una solicitud escrita esperando la respuesta de la oficina?"""
    return bool(llaves.leer(ruta_db).get("recuperacion"))


def solicitar(ruta_db: Path, salida: Path) -> Solicitud:
    """Paso 1, en el notebook, sin frase. Una solicitud nueva deja sin uso la anterior."""
    from nacl.public import PrivateKey

    datos = llaves.leer(ruta_db)
    oficina = _sellada_para_oficina(datos)
    efimera = PrivateKey.generate()
    solicitud = {
        "tipo": TIPO_SOLICITUD,
        "formato": 1,
        "dispositivo": oficina["dispositivo"],
        "oficina": oficina["publica_x25519"],
        "sellada": oficina["sellada"],
        "verificador": datos["verificador"],
        "responder_a": bytes(efimera.public_key).hex(),
    }
    # Primero el archivo de solicitud: si no se puede escribir, la solicitud anterior sigue.
    _escribir(salida, solicitud)
    datos["recuperacion"] = {"privada": _b64(bytes(efimera))}
    try:
        llaves.escribir(ruta_db, datos)
    except OSError as e:
        Path(salida).unlink(missing_ok=True)  # sin su llave de un solo uso no serviría
        ruta = llaves.ruta_llave(ruta_db)
        raise ErrorClave(
            frase_disco(e, ruta) or f"No se pudo guardar la solicitud en {ruta}: {e.strerror or e}."
        ) from None
    return Solicitud(oficina["dispositivo"], huella(solicitud))


def _abrir(oficina: Almacen, solicitud: Path) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """La solicitud, el notebook registrado que la hizo y la llave de su base."""
    from nacl.exceptions import CryptoError
    from nacl.public import PublicKey, SealedBox

    from pir_campo.almacen import replicacion as rep

    datos = _leer(solicitud, TIPO_SOLICITUD, "solicitud de recuperación")
    if oficina.rol != "oficina":
        raise ErrorClave("Las solicitudes de recuperación se responden en la oficina regional.")
    from pir_campo.almacen import rotacion

    # Un notebook que aún no recibe las llaves nuevas de la oficina sella para la anterior.
    vigentes = {bytes(k.public_key).hex(): k for k in rotacion.llaves_vigentes(oficina)}
    privada = vigentes.get(str(datos.get("oficina")))
    if privada is None:
        raise ErrorClave("Esa solicitud es para otra oficina; esta no puede abrirla.")
    par = rep.par(oficina, str(datos.get("dispositivo")))
    if par is None or par["rol"] != "campo" or par["revocado_en"]:
        raise ErrorClave(
            f"El notebook {datos.get('dispositivo')} no está registrado en esta oficina (o fue "
            "revocado); no se responde."
        )
    try:
        llave = SealedBox(privada).decrypt(base64.b64decode(datos["sellada"]))
        PublicKey(bytes.fromhex(datos["responder_a"]))
    except (CryptoError, ValueError, KeyError, TypeError):
        raise ErrorClave("La solicitud de recuperación está dañada o fue alterada.") from None
    if llaves.verificador(llave) != datos.get("verificador"):
        raise ErrorClave("La solicitud de recuperación está dañada o fue alterada.")
    return datos, par, llave


def leer_solicitud(oficina: Almacen, solicitud: Path) -> Solicitud:
    """Paso 2a, en la oficina: comprueba la solicitud sin responderla, para confirmar antes."""
    datos, par, _llave = _abrir(oficina, solicitud)
    return Solicitud(par["id"], huella(datos), par["nombre"])


def responder(oficina: Almacen, solicitud: Path, salida: Path) -> Solicitud:
    """Paso 2, en la oficina: solo para un notebook registrado en ella."""
    from nacl.public import PublicKey, SealedBox

    datos, par, llave = _abrir(oficina, solicitud)
    destino = PublicKey(bytes.fromhex(datos["responder_a"]))
    _escribir(
        salida,
        {
            "tipo": TIPO_RESPUESTA,
            "formato": 1,
            "dispositivo": datos["dispositivo"],
            "sellada": _b64(bytes(SealedBox(destino).encrypt(llave))),
        },
    )
    return Solicitud(par["id"], huella(datos), par["nombre"])


def aplicar(ruta_db: Path, respuesta: Path, nueva_frase: str) -> None:
    """Paso 3, en el notebook: la llave recibida debe abrir la base; luego la frase nueva."""
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox

    llaves.validar_frase(nueva_frase)
    datos = _leer(respuesta, TIPO_RESPUESTA, "respuesta de recuperación")
    propio = llaves.leer(ruta_db)
    pendiente = propio.get("recuperacion")
    if not pendiente:
        raise ErrorClave(
            "Esta base no tiene una solicitud de recuperación pendiente; escriba primero la "
            "solicitud y envíela a la oficina."
        )
    try:
        efimera = PrivateKey(base64.b64decode(pendiente["privada"]))
        llave = SealedBox(efimera).decrypt(base64.b64decode(datos["sellada"]))
    except (CryptoError, ValueError, KeyError, TypeError):
        raise ErrorClave(
            "Esa respuesta no corresponde a la última solicitud de esta base (o fue alterada)."
        ) from None
    conn = motor.conectar(ruta_db, llave)
    try:
        if not motor.llave_correcta(conn):
            raise ErrorClave("La llave de la respuesta no abre esta base; no se cambió nada.")
    finally:
        conn.close()
    try:
        llaves.cambiar_frase(ruta_db, llave, nueva_frase)
    except OSError as e:  # el .llave anterior queda entero (escritura atómica)
        ruta = llaves.ruta_llave(ruta_db)
        causa = frase_disco(e, ruta) or f"No se pudo guardar la frase nueva en {ruta}: {e}."
        raise ErrorClave(f"{causa} La frase anterior sigue siendo la de la base.") from None
