"""Bases restauradas o clonadas: nunca reutilizar un número de cambio con otro contenido.

Un notebook cuya base vuelve atrás (un respaldo restaurado) o aparece en dos equipos (un archivo
copiado) repetiría números de cambio (seq) que la oficina ya tiene de ese dispositivo: la fusión
los tomaría por vistos y los descartaría sin conflicto. Cuando se detecta (la marca junto a la
base al abrir, o lo que la oficina informa en su recibo), el notebook sigue con una identidad
nueva: dispositivo y claves nuevos, con un certificado de sucesión firmado por la clave anterior
que viaja en el sobre de sus paquetes hasta que la oficina lo confirme. Lo que esa base escribió
con números repetidos se vuelve a sellar con la identidad nueva, y su vector de versiones deja de
decir que conoce lo que el dispositivo anterior escribió después del punto seguro: así la
oficina reenvía lo que le falta y los valores de ambas ramas quedan (o en conflicto).
Diseño: referencias/sincronizacion.md §3.12 y §4, caso 20.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

import pir_campo.almacen.marca as marca
from pir_campo import formato, ids
from pir_campo.almacen.tablas import a_json, escrituras_de
from pir_campo.formato import ahora_utc

if TYPE_CHECKING:
    from pir_campo.almacen.almacen import Almacen

FORMATO = "pir-sucesion/1"
MOTIVO_RESELLO = "Vuelto a sellar con la identidad nueva del equipo (base restaurada o copiada)"
_CLAVE_AVISO = "aviso.copia"


def canonico(datos: dict[str, Any]) -> bytes:
    return json.dumps(datos, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _valor(almacen: Almacen, clave: str) -> str | None:
    fila = almacen.conn.execute(
        "SELECT valor FROM estado_sincro WHERE clave = ?", (clave,)
    ).fetchone()
    return fila[0] if fila else None


def _poner(almacen: Almacen, clave: str, valor: str | None) -> None:
    if valor is None:
        almacen.conn.execute("DELETE FROM estado_sincro WHERE clave = ?", (clave,))
    else:
        almacen.conn.execute("INSERT OR REPLACE INTO estado_sincro VALUES (?, ?)", (clave, valor))


def identidades_anteriores(almacen: Almacen) -> list[str]:
    return json.loads(_valor(almacen, "identidades_anteriores") or "[]")


def certificado_pendiente(almacen: Almacen) -> dict[str, Any] | None:
    """El certificado de sucesión que aún debe viajar en los paquetes a la oficina."""
    texto = _valor(almacen, "sucesion")
    return json.loads(texto) if texto else None


def olvidar_certificado(almacen: Almacen) -> None:
    """La oficina ya confirmó la identidad nueva (llegó un recibo para ella)."""
    _poner(almacen, "sucesion", None)


def aviso(almacen: Almacen) -> str | None:
    return _valor(almacen, _CLAVE_AVISO)


def tomar_aviso(almacen: Almacen) -> str | None:
    """El aviso de copia restaurada, una sola vez: quien lo muestra lo retira."""
    texto = aviso(almacen)
    if texto:
        with almacen.transaccion():
            _poner(almacen, _CLAVE_AVISO, None)
    return texto


def _texto_aviso(anterior: str, nuevo: str, motivo: str, reenviar: int) -> str:
    causa = {
        "restaurada": "Esta base es una copia restaurada (volvió a un estado anterior)",
        "clonada": "Esta base es una copia de la de otro equipo o de un respaldo antiguo",
    }[motivo]
    return (
        f"{causa}: seguir con el dispositivo {anterior} repetiría números de cambio que la "
        f"oficina ya tiene. Se creó una identidad nueva para este equipo ({nuevo}), firmada con "
        f"la anterior; se reenviará a la oficina lo que ella no haya confirmado "
        f"({formato.cantidad(reenviar, 'registro')}), y el próximo paquete de la oficina traerá "
        "lo que esta copia no tiene. Exporte e importe como siempre."
    )


def copia_detectada_al_abrir(almacen: Almacen, dispositivo_marca: str, seq_marca: int) -> None:
    """La marca junto a la base dice más de lo que la base tiene, o es de otro dispositivo."""
    seq = int(almacen.estado()["seq"])
    if dispositivo_marca in identidades_anteriores(almacen):
        # La base es más nueva que la marca (la marca quedó atrás tras un cambio de identidad).
        marca.escribir(almacen.ruta, almacen.dispositivo, seq)
        return
    if almacen.rol == "oficina":
        # La oficina no cambia de identidad (los notebooks confían en su clave): al menos sus
        # números de cambio nuevos no repiten los que ya salieron en paquetes.
        with almacen.transaccion():
            _poner(
                almacen,
                _CLAVE_AVISO,
                "Esta base de la oficina es una copia restaurada (volvió a un estado anterior): "
                "los paquetes que los notebooks enviaron después de esa copia deben importarse "
                "de nuevo.",
            )
        # Fuera de `transaccion`, que al cerrar reescribe el contador que leyó al empezar.
        almacen.conn.execute("BEGIN IMMEDIATE")
        almacen.conn.execute(
            "UPDATE estado_sincro SET valor = ? WHERE clave = 'seq'", (str(max(seq, seq_marca)),)
        )
        almacen.conn.execute("COMMIT")
        marca.escribir(almacen.ruta, almacen.dispositivo, max(seq, seq_marca))
        return
    restaurada = dispositivo_marca in (almacen.dispositivo, marca.RESTAURADA)
    motivo = "restaurada" if restaurada else "clonada"
    nueva_identidad(almacen, motivo, seguro=seq)


def nueva_identidad(almacen: Almacen, motivo: str, seguro: int) -> str:
    """Dispositivo y claves nuevos, certificados por la clave anterior; devuelve el dispositivo.

    `seguro`: hasta qué número de cambio lo que esta base escribió con el dispositivo anterior es
    idéntico a lo que la oficina tiene; lo escrito después se vuelve a sellar."""
    from nacl.public import PrivateKey
    from nacl.signing import SigningKey

    import pir_campo.almacen.replicacion as rep

    anterior = almacen.dispositivo
    firma, cifrado = SigningKey.generate(), PrivateKey.generate()
    nuevo = ids.nuevo_dispositivo(almacen.rol)
    with almacen.transaccion():
        guardado = almacen.estado()["dispositivo"]
        if guardado != anterior:
            # Otro proceso que abrió la misma copia ya cambió de identidad: se sigue con esa.
            almacen.dispositivo = guardado
            return guardado
        clave_anterior = almacen.llave_firma()
        seq_base = rep.seq_actual(almacen)
        certificado = {
            "formato": FORMATO,
            "anterior": anterior,
            "nuevo": nuevo,
            "nombre": almacen.nombre,
            "cut_region": almacen.cut_region,
            "clave_firma": bytes(firma.verify_key).hex(),
            "clave_cifrado": bytes(cifrado.public_key).hex(),
            "motivo": motivo,
            "seq_base": seq_base,
            "creado": ahora_utc(),
        }
        certificado["firma"] = clave_anterior.sign(canonico(certificado)).signature.hex()
        previo = certificado_pendiente(almacen)
        if previo:
            # Una cadena: la oficina puede no conocer aún la identidad intermedia.
            certificado["previo"] = previo
        almacen.conn.executemany(
            "UPDATE identidad SET valor = ? WHERE clave = ?",
            [(bytes(firma), "firma_ed25519"), (bytes(cifrado), "cifrado_x25519")],
        )
        for clave, valor in (
            ("dispositivo", nuevo),
            ("epoca_instalacion", os.urandom(8).hex()),
            ("sucesion", a_json(certificado)),
            ("identidades_anteriores", a_json([*identidades_anteriores(almacen), anterior])),
        ):
            _poner(almacen, clave, valor)
        almacen.dispositivo = nuevo
        try:
            resellar(almacen, anterior, seguro)
            of = rep.oficina(almacen)
            reenviar = almacen.pendientes_envio()
            _poner(almacen, _CLAVE_AVISO, _texto_aviso(anterior, nuevo, motivo, reenviar))
        except BaseException:
            almacen.dispositivo = anterior
            raise
    if of:
        almacen.sellar_para_oficina(of["clave_cifrado"])
    return nuevo


def resellar(almacen: Almacen, anterior: str, seguro: int) -> int:
    """Vuelve a sellar con el dispositivo actual lo que `anterior` escribió después de `seguro`
    en esta base (números que la oficina tiene con otro contenido). Devuelve cuántos registros."""
    import pir_campo.almacen.replicacion as rep

    n = 0
    for tabla in rep.TABLAS:
        filas = almacen.conn.execute(
            f"SELECT id, cdot, fdots, vv FROM {tabla} WHERE lseq > ?", (seguro,)
        ).fetchall()
        for id_, cdot, fdots, vv_texto in filas:
            cd, fd, vv = json.loads(cdot), json.loads(fdots), json.loads(vv_texto)
            repetidos = [
                c
                for c, d in fd.items()
                if any(p[0] == anterior and p[1] > seguro for p in escrituras_de(d))
            ]
            creacion = cd[0] == anterior and cd[1] > seguro
            if not repetidos and not creacion and vv.get(anterior, 0) <= seguro:
                continue
            campos = list(rep.campos(tabla)) if creacion else repetidos
            if campos:
                actuales = rep.fila_completa(almacen, tabla, id_) or {}
                almacen.escribir_sellado(
                    tabla, id_, {c: actuales[c] for c in campos}, MOTIVO_RESELLO
                )
            cdot, fdots, vv_texto = almacen.conn.execute(
                f"SELECT cdot, fdots, vv FROM {tabla} WHERE id = ?", (id_,)
            ).fetchone()
            vv = json.loads(vv_texto)
            if vv.get(anterior, 0) > seguro:
                # Lo que el registro sabe de la identidad anterior queda en su último cambio que
                # la oficina ya tiene (según la bitácora); si no hay ninguno, nada: un vector
                # que dijera más lo retendría la oficina como conocimiento inventado.
                previo = almacen.conn.execute(
                    "SELECT max(seq) FROM cambio WHERE dispositivo = ? AND tabla = ? AND "
                    "registro_id = ? AND seq <= ?",
                    (anterior, tabla, id_, seguro),
                ).fetchone()[0]
                vv[anterior] = previo or 0
            if not vv.get(anterior):
                vv.pop(anterior, None)
            if creacion:
                cdot = a_json(json.loads(fdots)[campos[0]])
            almacen.conn.execute(
                f"UPDATE {tabla} SET cdot = ?, vv = ? WHERE id = ?", (cdot, a_json(vv), id_)
            )
            n += 1
    return n


def huellas_propias(almacen: Almacen, desde: int, hasta: int) -> dict[int, str]:
    """HLC de cada número de cambio propio en (desde, hasta], según la bitácora."""
    return {
        s: h
        for s, h in almacen.conn.execute(
            "SELECT seq, min(hlc) FROM cambio WHERE dispositivo = ? AND seq > ? AND seq <= ? "
            "GROUP BY seq",
            (almacen.dispositivo, desde, hasta),
        )
    }


def huellas_de(almacen: Almacen, dispositivo: str, seqs: list[int]) -> dict[int, str]:
    """HLC que la oficina guardó para esos números de cambio del dispositivo (bitácora)."""
    if not seqs:
        return {}
    return {
        s: h
        for s, h in almacen.conn.execute(
            "SELECT seq, min(hlc) FROM cambio WHERE dispositivo = ? AND seq IN "
            "(SELECT value FROM json_each(?)) GROUP BY seq",
            (dispositivo, json.dumps(sorted(set(seqs)))),
        )
    }


def huellas_rango(
    almacen: Almacen, dispositivo: str, desde: int, hasta: int, maximo: int = 100_000
) -> dict[int, str]:
    return {
        s: h
        for s, h in almacen.conn.execute(
            "SELECT seq, min(hlc) FROM cambio WHERE dispositivo = ? AND seq > ? AND seq <= ? "
            "GROUP BY seq ORDER BY seq LIMIT ?",
            (dispositivo, desde, hasta, maximo),
        )
    }


# ---- en la oficina -----------------------------------------------------------------------


def anotar_reutilizacion(almacen: Almacen, dispositivo: str, datos: dict[str, Any]) -> None:
    """La oficina rechazó un paquete que repetía números de cambio; queda en la lista."""
    with almacen.transaccion():
        _poner(almacen, f"reutiliza.{dispositivo}", a_json({**datos, "fecha": ahora_utc()}))


def reutilizacion(almacen: Almacen, dispositivo: str) -> dict[str, Any] | None:
    texto = _valor(almacen, f"reutiliza.{dispositivo}")
    return json.loads(texto) if texto else None


def registrar_sucesor(almacen: Almacen, certificado: dict[str, Any]) -> None:
    """Registra en la oficina la identidad nueva de un notebook (dentro de la importación)."""
    import pir_campo.almacen.replicacion as rep

    if certificado.get("previo") and rep.par(almacen, certificado["anterior"]) is None:
        registrar_sucesor(almacen, certificado["previo"])
    anterior = rep.par(almacen, certificado["anterior"])
    nuevo = certificado["nuevo"]
    if anterior is None or rep.par(almacen, nuevo) is not None:
        return
    rep.guardar_par(
        almacen,
        {
            "id": nuevo,
            "rol": "campo",
            "nombre": certificado.get("nombre") or anterior["nombre"],
            "cut_region": anterior["cut_region"],
            "clave_firma": certificado["clave_firma"],
            "clave_cifrado": certificado["clave_cifrado"],
        },
        reemplazar_oficina=False,
    )
    # La identidad nueva escribe donde escribía la anterior.
    rep.fijar_alcance(almacen, nuevo, anterior["territorios"], anterior["toda_la_region"])
    huella = hashlib.sha256(canonico(certificado)).hexdigest()
    datos = {
        "anterior": anterior["id"],
        "motivo": certificado.get("motivo"),
        "seq_base": int(certificado.get("seq_base") or 0),
        "huella": huella,
        "registrado_en": ahora_utc(),
    }
    _poner(almacen, f"sucesor_de.{nuevo}", a_json(datos))
    _poner(almacen, f"sucedido_por.{anterior['id']}", nuevo)
    _poner(almacen, f"reutiliza.{anterior['id']}", None)


def sucesion_de(almacen: Almacen, dispositivo: str) -> dict[str, Any] | None:
    """Si el dispositivo es la identidad nueva de otro: de cuál, por qué y desde qué número."""
    texto = _valor(almacen, f"sucesor_de.{dispositivo}")
    return json.loads(texto) if texto else None


def sucedido_por(almacen: Almacen, dispositivo: str) -> str | None:
    return _valor(almacen, f"sucedido_por.{dispositivo}")
