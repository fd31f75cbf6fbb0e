"""Notebooks perdidos o robados: revocarlos en la oficina, y el que reemplaza a uno reinstalado.

Quien copia la base de un notebook puede firmar como ese notebook. Revocarlo corta eso:

- Sin número de corte, la oficina rechaza todo paquete que ese notebook firme desde entonces
  (lo ya importado queda).
- Con `hasta_cambio` (N, el último cambio suyo que la oficina da por bueno), un paquete suyo
  que llegue más tarde se lee, pero se aplica solo lo honesto: cada registro cuyo estado trae un
  cambio del notebook posterior a N (un punto o su vector de versiones) se retiene entero con su
  motivo y va en el recibo (la línea del paquete lleva el estado final del registro, no sus
  versiones anteriores: no se puede aplicar «la mitad de antes»). Un paquete cuyos cambios son
  todos posteriores a N se rechaza entero. Un cambio con un número que la oficina ya recibió
  pero que ella no tiene es inventado (con la copia de la base se puede firmar cualquier cosa
  con números viejos): también se retiene.

Un certificado de sucesión (almacen/sucesion.py) firmado por un notebook revocado no se cree:
la copia de una base revocada no puede renacer con una identidad nueva.

Un notebook reinstalado desde cero tiene identidad nueva: `reemplazar` lo registra con los
territorios del anterior y revoca el anterior (hasta lo que la oficina ya recibió de él).
"""

from __future__ import annotations

import json
from typing import Any

from nacl.signing import VerifyKey

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorIdentidad, ErrorPaquete
from pir_campo.formato import ahora_utc
from pir_campo.sincro.alcance import CLAVE_REVOCACION
from pir_campo.sincro.paquete import Firmante


def _fecha(iso: str) -> str:
    return formato.momento_local(iso.replace("Z", "+00:00"))


def _notebook(almacen: Almacen, dispositivo: str) -> dict[str, Any]:
    if almacen.rol != "oficina":
        raise ErrorIdentidad("Los notebooks se revocan en la oficina regional.")
    if dispositivo == almacen.dispositivo:
        raise ErrorIdentidad(
            "Ese es el código de esta misma oficina: la oficina no se revoca a sí misma. "
            "Indique el código de un notebook (se ven con «pir-campo identidad --pares»)."
        )
    p = rep.par(almacen, dispositivo)
    if p is None or p["rol"] != "campo":
        raise ErrorIdentidad(
            f"El dispositivo {dispositivo} no es un notebook registrado en esta oficina; vea "
            "los códigos con «pir-campo identidad --pares»."
        )
    return p


def _detalle(p: dict[str, Any]) -> str:
    corte = p.get("ultimo_seq_valido")
    if corte is None:
        return "no se acepta nada que firme después"
    return f"se aceptan solo sus cambios hasta el n.º {formato.numero(corte)}"


def _revocado_el(p: dict[str, Any]) -> str:
    return f"revocado el {_fecha(p['revocado_en'])}: {_detalle(p)}"


def texto(p: dict[str, Any]) -> str:
    """«Revocado el …» para listas; vacío si el notebook no está revocado."""
    if not p.get("revocado_en"):
        return ""
    return f"Revocado el {_fecha(p['revocado_en'])}: {_detalle(p)}"


def aviso(p: dict[str, Any]) -> str | None:
    """Para el resumen de una importación (y de verificar) de un paquete de un revocado."""
    return f"el notebook que lo envió fue {_revocado_el(p)}" if p.get("revocado_en") else None


def revocar(
    almacen: Almacen, dispositivo: str, hasta_cambio: int | None = None, motivo: str | None = None
) -> dict[str, Any]:
    """Revoca un notebook (o cambia el corte de uno ya revocado); devuelve el par actualizado."""
    p = _notebook(almacen, dispositivo)
    if hasta_cambio is not None and (type(hasta_cambio) is not int or hasta_cambio < 0):
        raise ErrorIdentidad("El número de cambio de --hasta-cambio debe ser un entero, 0 o más.")
    if p["revocado_en"] and hasta_cambio is None:
        raise ErrorIdentidad(
            f"El notebook de {p['nombre']} ({dispositivo}) ya fue {_revocado_el(p)}."
        )
    with almacen.transaccion():
        _revocar(almacen, p, hasta_cambio, motivo or "notebook revocado en la oficina")
    return rep.par(almacen, dispositivo) or p


def _revocar(almacen: Almacen, p: dict[str, Any], corte: int | None, motivo: str) -> None:
    antes = {"revocado_en": p["revocado_en"], "hasta_cambio": p["ultimo_seq_valido"]}
    en = p["revocado_en"] or ahora_utc()
    if not p["revocado_en"]:
        almacen.guardar_ajuste(
            CLAVE_REVOCACION.format(p["id"]),
            json.dumps({"recibido": p["aplicado_desde_par"], "huecos": p["rangos_faltantes"]}),
        )
    rep.actualizar_par(almacen, p["id"], revocado_en=en, ultimo_seq_valido=corte)
    rep.registrar_evento(
        almacen,
        "par",
        p["id"],
        "revocado",
        antes,
        {"revocado_en": en, "hasta_cambio": corte},
        motivo,
    )


# ---- al importar, en la oficina -------------------------------------------------------------


def _revocado_en_cadena(almacen: Almacen, certificado: Any, profundidad: int = 0) -> Any:
    """El par revocado que firmó (directa o en cadena) un certificado de sucesión, si hay."""
    if not isinstance(certificado, dict) or profundidad > 8:
        return None
    anterior = certificado.get("anterior")
    p = rep.par(almacen, anterior) if isinstance(anterior, str) else None
    if p is not None:
        return p if p["revocado_en"] else None
    return _revocado_en_cadena(almacen, certificado.get("previo"), profundidad + 1)


def firmante_revocado(almacen: Almacen, dispositivo: str, sobre: dict[str, Any]) -> Firmante | None:
    """Para leer el sobre de un paquete de un notebook revocado con corte: su clave sigue
    sirviendo para lo anterior al corte. Sin corte (o con un certificado de sucesión que firmó
    un revocado) el paquete se rechaza aquí mismo, con el motivo."""
    if almacen.rol != "oficina":
        return None
    p = rep.par(almacen, dispositivo)
    if p is None:
        revocado = _revocado_en_cadena(almacen, sobre.get("succession"))
        if revocado is not None:
            raise ErrorPaquete(
                f"El paquete viene de una identidad nueva certificada por el notebook de "
                f"{revocado['nombre']} ({revocado['id']}), que está revocado: no se cree un "
                "certificado firmado por un equipo revocado (puede venir de una copia de su "
                "base). No se aplicó nada.",
                "REVOCADO",
            )
        return None
    if not p["revocado_en"] or p["rol"] != "campo":
        return None
    ya = rep.paquete_importado(almacen, str(sobre.get("bundle_id")))
    if p["ultimo_seq_valido"] is None and ya is None:
        raise ErrorPaquete(
            f"El paquete viene del notebook de {p['nombre']} ({dispositivo}), {_revocado_el(p)}. "
            "Puede venir de una copia de su base; no se aplicó nada.",
            "REVOCADO",
        )
    return Firmante(p["id"], p["nombre"], p["rol"], VerifyKey(bytes.fromhex(p["clave_firma"])))


def revisar_rango(p: dict[str, Any], seq_desde: int, seq_hasta: int) -> None:
    """Un paquete de un revocado cuyos cambios (seq_desde, seq_hasta] son todos posteriores al
    corte se rechaza entero."""
    corte = p["ultimo_seq_valido"]
    if p["revocado_en"] and corte is not None and seq_desde >= corte and seq_hasta > corte:
        n = formato.numero
        raise ErrorPaquete(
            f"El paquete viene del notebook de {p['nombre']} ({p['id']}), {_revocado_el(p)}, "
            f"y todos los cambios de este paquete (del n.º {n(seq_desde + 1)} al "
            f"{n(seq_hasta)}) son posteriores. No se aplicó nada.",
            "REVOCADO",
        )


# ---- notebook reinstalado -------------------------------------------------------------------

_REEMPLAZA = "reemplaza.{}"
_REEMPLAZADO = "reemplazado_por.{}"


def reemplazar(
    almacen: Almacen,
    datos: dict[str, Any],
    anterior: str,
    territorios: list[str] | None = None,
    toda_la_region: bool = False,
) -> str:
    """Registra la identidad nueva de un notebook reinstalado desde cero en lugar de
    `anterior`: recibe sus territorios (su primer paquete de la oficina los trae completos) y
    el anterior queda revocado hasta lo que la oficina ya recibió de él (lo suyo ya importado
    queda). Devuelve la huella."""
    from pir_campo.sincro import identidad

    if almacen.rol != "oficina":
        raise ErrorIdentidad("Un notebook reinstalado se registra en la oficina (--reemplaza).")
    if territorios or toda_la_region:
        raise ErrorIdentidad(
            "Con --reemplaza el notebook nuevo recibe los territorios del anterior; no indique "
            "--territorio ni --toda-la-region (se cambian después con «pir-campo territorios»)."
        )
    viejo = _notebook(almacen, anterior)
    nuevo = datos["dispositivo"]
    if nuevo == anterior:
        raise ErrorIdentidad(
            "Ese archivo es la identidad del mismo notebook que quiere reemplazar. Un equipo "
            "reinstalado tiene una identidad nueva: escríbala en él con «pir-campo identidad»."
        )
    previo = rep.par(almacen, nuevo)
    if previo is not None and previo["revocado_en"]:
        raise ErrorIdentidad(f"El notebook {nuevo} está revocado; no puede reemplazar a otro.")
    lista = set(viejo["territorios"]) | set(previo["territorios"] if previo else ())
    toda = viejo["toda_la_region"] or bool(previo and previo["toda_la_region"])
    if not lista and not toda:
        raise ErrorIdentidad(
            f"El notebook de {viejo['nombre']} ({anterior}) no tiene territorios asignados: "
            "registre el nuevo con --territorio o --toda-la-region, sin --reemplaza."
        )
    with almacen.transaccion():
        huella = identidad.confiar(almacen, datos, None if toda else sorted(lista), toda)
        if not viejo["revocado_en"]:
            _revocar(
                almacen,
                viejo,
                viejo["aplicado_desde_par"],
                f"equipo reinstalado: lo reemplaza {nuevo}",
            )
        almacen.guardar_ajuste(
            _REEMPLAZA.format(nuevo), json.dumps({"anterior": anterior, "en": ahora_utc()})
        )
        almacen.guardar_ajuste(_REEMPLAZADO.format(anterior), nuevo)
        rep.registrar_evento(
            almacen,
            "par",
            nuevo,
            "reemplaza",
            None,
            {"anterior": anterior, "territorios": sorted(lista), "toda_la_region": toda},
            "notebook reinstalado: recibe los territorios del anterior",
        )
    return huella


def texto_reemplazo(almacen: Almacen, dispositivo: str) -> list[str]:
    """Para la lista de equipos de la oficina: a quién reemplaza o quién lo reemplazó."""
    partes = []
    texto_ = almacen.ajuste(_REEMPLAZA.format(dispositivo))
    if texto_:
        d = json.loads(texto_)
        partes.append(
            f"Reemplaza al notebook reinstalado de "
            f"{rep.nombre_dispositivo(almacen, d['anterior'])} ({d['anterior']}) desde el "
            f"{_fecha(d['en'])}; recibió sus territorios"
        )
    nuevo = almacen.ajuste(_REEMPLAZADO.format(dispositivo))
    if nuevo:
        partes.append(f"Equipo reinstalado: lo reemplaza {nuevo}")
    return partes
