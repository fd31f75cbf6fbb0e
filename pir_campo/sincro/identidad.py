"""Identidad pública de una instalación y registro de confianza entre notebook y oficina.

El archivo de identidad lleva solo claves públicas (nunca las privadas) y va autofirmado; la
huella corta (10 caracteres base32) se compara de viva voz o por teléfono en ambas pantallas.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from pir_campo import ids
from pir_campo.almacen import Almacen, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorIdentidad, frase_disco
from pir_campo.sincro.paquete import Firmante

FORMATO = "pir-identidad/1"
_HEX32 = re.compile(r"[0-9a-f]{64}")
_DISPOSITIVO = re.compile(r"(dv|of)_[0-9A-HJKMNP-TV-Z]{10}")


def huella(clave_firma: str, clave_cifrado: str) -> str:
    """10 caracteres base32 de Crockford (50 bits) de ambas claves públicas: XXXXX-XXXXX."""
    digest = hashlib.sha256(bytes.fromhex(clave_firma) + bytes.fromhex(clave_cifrado)).digest()
    texto = ids.base32(int.from_bytes(digest[:7], "big") >> 6, 10)
    return f"{texto[:5]}-{texto[5:]}"


def publica(almacen: Almacen) -> dict[str, Any]:
    return {
        "formato": FORMATO,
        "dispositivo": almacen.dispositivo,
        "nombre": almacen.nombre,
        "rol": almacen.rol,
        "cut_region": almacen.cut_region,
        "clave_firma": bytes(almacen.llave_firma().verify_key).hex(),
        "clave_cifrado": bytes(almacen.llave_cifrado().public_key).hex(),
    }


def _canonico(datos: dict[str, Any]) -> bytes:
    return json.dumps(datos, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def escribir(almacen: Almacen, salida: Path) -> str:
    """Escribe la identidad autofirmada; devuelve la huella."""
    datos = publica(almacen)
    firma = almacen.llave_firma().sign(_canonico(datos)).signature.hex()
    texto = json.dumps({**datos, "firma": firma}, ensure_ascii=False, indent=2) + "\n"
    parcial = salida.with_name(salida.name + ".partial")
    try:
        with parcial.open("w", encoding="utf-8") as f:
            f.write(texto)
            f.flush()
            os.fsync(f.fileno())
        os.replace(parcial, salida)
    except OSError as e:
        with contextlib.suppress(OSError):  # en un medio de solo lectura, ni esto
            parcial.unlink(missing_ok=True)
        raise ErrorIdentidad(
            frase_disco(e, salida) or f"No se pudo escribir {salida}: {e.strerror or e}."
        ) from None
    return huella(datos["clave_firma"], datos["clave_cifrado"])


def leer(ruta: Path) -> dict[str, Any]:
    """Lee y comprueba un archivo de identidad (formato, campos y autofirma)."""
    invalido = f"El archivo {ruta.name} no es una identidad válida de PIR Campo"
    try:
        if ruta.stat().st_size > 64 << 10:
            raise ErrorIdentidad(f"{invalido} (demasiado grande).")
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErrorIdentidad(f"No existe el archivo {ruta}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ErrorIdentidad(f"{invalido}.") from None
    if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
        raise ErrorIdentidad(f"{invalido}.")
    firma = datos.pop("firma", None)
    if not all(
        isinstance(datos.get(c), str)
        for c in ("dispositivo", "nombre", "rol", "clave_firma", "clave_cifrado")
    ):
        raise ErrorIdentidad(f"{invalido} (faltan campos).")
    if not _DISPOSITIVO.fullmatch(datos["dispositivo"]) or datos["rol"] not in ("campo", "oficina"):
        raise ErrorIdentidad(f"{invalido} (dispositivo o rol desconocido).")
    if not (_HEX32.fullmatch(datos["clave_firma"]) and _HEX32.fullmatch(datos["clave_cifrado"])):
        raise ErrorIdentidad(f"{invalido} (claves mal formadas).")
    if (datos["rol"] == "oficina") != datos["dispositivo"].startswith("of_"):
        raise ErrorIdentidad(f"{invalido} (el rol no corresponde al dispositivo).")
    try:
        VerifyKey(bytes.fromhex(datos["clave_firma"])).verify(
            _canonico(datos), bytes.fromhex(firma or "")
        )
    except (BadSignatureError, ValueError, TypeError):
        raise ErrorIdentidad(f"{invalido}: su firma no coincide (fue modificado).") from None
    return datos


def confiar(
    almacen: Almacen,
    datos: dict[str, Any],
    territorios: list[str] | None = None,
    toda_la_region: bool = False,
) -> str:
    """En un notebook fija su oficina; en la oficina registra un notebook. Devuelve la huella.

    En la oficina hay que decir dónde puede escribir el notebook: sus `territorios`, o
    `toda_la_region` explícitamente (sin ninguno se rechaza: un notebook sin territorios no
    podría enviar nada, y darle toda la región por omisión le daría datos de otros).
    """
    if (territorios or toda_la_region) and almacen.rol != "oficina":
        raise ErrorIdentidad("Los territorios de un notebook se asignan en la oficina.")
    if almacen.rol == "oficina" and datos.get("rol") == "campo":
        if territorios and toda_la_region:
            raise ErrorIdentidad(
                "Indique los territorios del notebook o toda la región, no ambas cosas."
            )
        if not territorios and not toda_la_region:
            raise ErrorIdentidad(
                "Indique los territorios en que trabajará este notebook (--territorio, se "
                "puede repetir) o, si trabajará en todos, --toda-la-region. Sin eso la oficina "
                "no sabría qué datos aceptarle ni cuáles enviarle."
            )
        from pir_campo.sincro.territorios import comprobar_existen

        comprobar_existen(almacen, territorios or ())
    if datos["dispositivo"] == almacen.dispositivo:
        raise ErrorIdentidad("Ese archivo es la identidad de esta misma instalación.")
    if almacen.rol == "campo" and datos["rol"] != "oficina":
        raise ErrorIdentidad(
            "En un notebook de campo solo se registra la oficina regional; ese archivo es de "
            f"otro notebook ({datos['nombre']})."
        )
    if almacen.rol == "oficina" and datos["rol"] != "campo":
        raise ErrorIdentidad(
            f"La oficina registra notebooks de campo; ese archivo es de otra oficina "
            f"({datos['nombre']})."
        )
    previo = rep.par(almacen, datos["dispositivo"])
    if previo and (previo["clave_firma"], previo["clave_cifrado"]) != (
        datos["clave_firma"],
        datos["clave_cifrado"],
    ):
        raise ErrorIdentidad(
            f"El dispositivo {datos['dispositivo']} ya está registrado con otras claves; no se "
            "reemplazan (un equipo reinstalado tiene un identificador nuevo)."
        )
    rep.guardar_par(
        almacen,
        {
            "id": datos["dispositivo"],
            "rol": datos["rol"],
            "nombre": datos["nombre"],
            "cut_region": datos.get("cut_region"),
            "clave_firma": datos["clave_firma"],
            "clave_cifrado": datos["clave_cifrado"],
        },
        reemplazar_oficina=almacen.rol == "campo",
    )
    if almacen.rol == "campo":
        # Copia de la llave de la base que solo la oficina abre: recuperar una frase olvidada.
        almacen.sellar_para_oficina(datos["clave_cifrado"])
    if almacen.rol == "oficina":
        antes = (
            {"territorios": previo["territorios"], "toda_la_region": previo["toda_la_region"]}
            if previo
            else None
        )
        despues = {"territorios": sorted(set(territorios or ())), "toda_la_region": toda_la_region}
        if previo and antes != despues:
            # Registrar de nuevo un notebook conocido es cambiar sus territorios.
            from pir_campo.sincro import territorios as terr

            actuales, nuevos = set(previo["territorios"]), set(despues["territorios"])
            terr.cambiar(
                almacen, datos["dispositivo"], nuevos - actuales, actuales - nuevos, toda_la_region
            )
        elif antes != despues:
            with almacen.transaccion():
                rep.fijar_alcance(almacen, datos["dispositivo"], territorios or (), toda_la_region)
                rep.registrar_evento(
                    almacen,
                    "par",
                    datos["dispositivo"],
                    "territorios",
                    antes,
                    despues,
                    "registro del notebook",
                )
    return huella(datos["clave_firma"], datos["clave_cifrado"])


def firmante(almacen: Almacen, dispositivo: str) -> Firmante | None:
    """Quién puede firmar paquetes para esta instalación: su oficina, o sus notebooks."""
    p = rep.par(almacen, dispositivo)
    if p is None or p["revocado_en"]:
        return None
    esperado = "oficina" if almacen.rol == "campo" else "campo"
    if p["rol"] != esperado:
        return None
    return Firmante(p["id"], p["nombre"], p["rol"], VerifyKey(bytes.fromhex(p["clave_firma"])))


def firmante_sucesor(
    almacen: Almacen, dispositivo: str, certificado: Any, profundidad: int = 0
) -> Firmante | None:
    """Un notebook con identidad nueva (base restaurada o copiada): se le cree si su certificado
    de sucesión está firmado por la clave de un notebook registrado y no revocado (o por una
    cadena de ellos). Solo en la oficina, y solo para leer el sobre: registrarlo es parte de la
    importación (`sucesion.registrar_sucesor`)."""
    if almacen.rol != "oficina" or not isinstance(certificado, dict) or profundidad > 8:
        return None
    if rep.par(almacen, dispositivo) is not None:
        # Un equipo registrado (p. ej. revocado) firma con su propia clave, nunca con una que
        # diga un certificado: si no, la copia de un revocado renacería por su cadena.
        return None
    datos = {k: v for k, v in certificado.items() if k not in ("firma", "previo")}
    if (
        datos.get("formato") != sucesion.FORMATO
        or datos.get("nuevo") != dispositivo
        or not isinstance(datos.get("anterior"), str)
        or not _DISPOSITIVO.fullmatch(dispositivo)
        or not dispositivo.startswith("dv_")
        or not isinstance(datos.get("clave_firma"), str)
        or not _HEX32.fullmatch(datos["clave_firma"])
        or not isinstance(datos.get("clave_cifrado"), str)
        or not _HEX32.fullmatch(datos["clave_cifrado"])
        or not isinstance(datos.get("seq_base"), int)
    ):
        return None
    anterior = firmante(almacen, datos["anterior"])
    if anterior is None and isinstance(certificado.get("previo"), dict):
        anterior = firmante_sucesor(
            almacen, datos["anterior"], certificado["previo"], profundidad + 1
        )
    if anterior is None or anterior.rol != "campo":
        return None
    try:
        anterior.clave_firma.verify(
            sucesion.canonico(datos),
            bytes.fromhex(str(certificado.get("firma") or "")),
        )
    except (BadSignatureError, ValueError, TypeError):
        return None
    nombre = str(datos.get("nombre") or anterior.nombre)
    return Firmante(dispositivo, nombre, "campo", VerifyKey(bytes.fromhex(datos["clave_firma"])))
