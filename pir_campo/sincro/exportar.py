"""Exportar un paquete: en un notebook, lo que la oficina aún no confirma (o todo con --todo);
en la oficina, para un notebook, su recibo más correcciones y cambios de otros en sus territorios.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nacl.public import PublicKey

from pir_campo import __version__, adjuntos, ids, reloj
from pir_campo.almacen import Almacen, rotacion, sucesion
from pir_campo.almacen import consultas_historial as bitacora
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorPaquete, frase_disco
from pir_campo.servicios import envios
from pir_campo.sincro import json_compacto, paquete, territorios, texto_json
from pir_campo.sincro.alcance import LIMITE_ADELANTO_MS
from pir_campo.sincro.bolsa import AUDITORIA, EscritorBolsa

Progreso = Callable[[str, float], None] | None
# Esquema más antiguo que puede aplicar estos paquetes sin cambiar su sentido; se sube solo
# cuando cambia el significado de datos que viajan. 7: un campo puede traer varias escrituras
# concurrentes (sincro/fusion.py), viajan supresiones (solicitud_derecho), la sucesión de
# identidades y el alcance en el recibo; una versión anterior los leería mal, así que los
# rechaza con «actualice la aplicación».
MIN_LECTOR = 7
# 10: consentimientos para datos sensibles (migración 10) y ajustes de minimización con campos
# que la versión 7 no conoce. Solo los paquetes que los traen lo piden: una versión anterior
# retendría los consentimientos como «tabla desconocida» y seguiría recogiendo datos que la
# región dejó de recoger; mejor que pida actualizar. Los demás paquetes siguen en 7.
MIN_LECTOR_CONSENTIMIENTO = 10
_OPCIONALES_V7 = {"rut", "pueblo_originario", "telefono"}
_dumps = json_compacto


@dataclass
class Exportacion:
    ruta: Path
    paquete_id: str
    tipo: str
    para: str
    para_nombre: str
    cifrado: bool
    seq_desde: int
    seq_hasta: int
    registros: dict[str, int] = field(default_factory=dict)
    adjuntos: int = 0
    bytes_adjuntos: int = 0
    auditoria: int = 0
    tamano: int = 0

    @property
    def total_registros(self) -> int:
        return sum(self.registros.values())


def _min_lector(registros: dict[str, int], publicado: list[dict[str, Any]]) -> int:
    """El esquema mínimo para leer este paquete sin perder su sentido (ver MIN_LECTOR)."""
    if registros.get("consentimiento"):
        return MIN_LECTOR_CONSENTIMIENTO
    for e in publicado:
        opcionales = (
            (e.get("contenido") or {}).get("campos_opcionales")
            if e.get("tipo") == "ajustes"
            else None
        )
        if isinstance(opcionales, dict) and not set(opcionales) <= _OPCIONALES_V7:
            return MIN_LECTOR_CONSENTIMIENTO
    return MIN_LECTOR


def _lineas(
    tabla: str, filas: Iterator[tuple], excluir: str | None, al_pasar: Callable[[tuple], None]
) -> Iterator[str]:
    """Una línea JSON por fila; los metadatos JSON se copian tal como están guardados."""
    cs = rep.campos(tabla)
    n = len(cs)
    cabeza = '{"t":"' + tabla + '","id":'
    for f in filas:
        # Lo que solo ese notebook escribió ya lo tiene: no se le devuelve (eco).
        if excluir is not None and f[n + 1] != "{}" and set(json.loads(f[n + 1])) <= {excluir}:
            continue
        al_pasar(f)
        valores = _dumps(dict(zip(cs, f[1 : n + 1], strict=True)))
        yield (
            f'{cabeza}{texto_json(f[0])},"v":{valores},"vv":{f[n + 1]},'
            f'"cd":{f[n + 2]},"fd":{f[n + 3]},"hlc":{texto_json(f[n + 4])},'
            f'"o":{texto_json(f[n + 5])},"x":{f[n + 6]}}}'
        )


def _seq(fila: tuple) -> int:
    return fila[1]


def _lineas_auditoria(
    almacen: Almacen, desde: int | None, exportados: set[tuple[str, str]] | None
) -> Iterator[str]:
    """La bitácora propia desde lo confirmado; desde la oficina, solo la de lo que se envía
    (un notebook no recibe el historial de registros de otros territorios)."""
    # Las filas de creación no viajan una por una: su punto (dispositivo, seq, hlc) ya va en el
    # cdot de cada registro, así que basta decir qué tramo de seq creó cada persona (y con qué
    # motivo). Quien recibe rehace las filas: el paquete crece un 5 % y no un 40 %.
    # Los tramos ya guardados como tales (esquema 14) entran en orden de seq entre las filas.
    tramo: list[Any] | None = None
    guardados = (
        (None, d, None, None, u, None, None, "*", None, None, m, h)
        for d, h, u, m in bitacora.tramos_propios(almacen, desde)
    )
    filas = heapq.merge(bitacora.auditoria_propia(almacen, desde), guardados, key=_seq)
    for f in filas:
        if f[7] == "*":
            hasta = f[11] if len(f) > 11 else f[1]
            if tramo and tramo[2] == f[4] and tramo[3] == f[10]:
                tramo[1] = max(tramo[1], hasta)
            else:
                if tramo:
                    yield _dumps({"creados": tramo})
                tramo = [f[1], hasta, f[4], f[10]]
            continue
        if exportados is not None and (f[5], f[6]) not in exportados:
            continue
        yield _dumps(list(f))
    if tramo:
        yield _dumps({"creados": tramo})


def recibo(almacen: Almacen, p: dict[str, Any]) -> dict[str, Any]:
    """Recibo acumulativo para un notebook: hasta dónde se aplicó lo suyo y qué se retuvo.

    Si la oficina rechazó un paquete suyo por repetir números de cambio, el recibo trae la
    huella (HLC) de cada número que la oficina tiene desde ese paquete: el notebook que es la
    copia lo reconoce comparándola con su bitácora (`importar._revisar_recibo`)."""
    salida = {
        "for_device": p["id"],
        "office_seq": rep.seq_actual(almacen),
        "device_acked_seq": p["aplicado_desde_par"],
        "missing_ranges": p["rangos_faltantes"],
        "bundles": [
            {
                "bundle_id": b["paquete_id"],
                "status": b["estado"],
                "seq_to": b["seq_hasta"],
                "imported_at": b["importado_en"],
                "quarantined": b["resumen"].get("retenidos", []),
            }
            for b in rep.paquetes_de(almacen, p["id"])
        ],
        "blobs_received": sorted(rep.blobs_confirmados(almacen, p["id"])),
        "scope": territorios.para_recibo(almacen, p),
    }
    reuso = sucesion.reutilizacion(almacen, p["id"])
    if reuso:
        puntos = sucesion.huellas_rango(almacen, p["id"], reuso["seq_desde"], 1 << 62)
        salida["reused"] = {
            "bundle_id": reuso["paquete_id"],
            "seq_from": reuso["seq_desde"],
            "points": {str(s): h for s, h in puntos.items()},
        }
    return salida


def exportar(
    almacen: Almacen,
    salida: Path,
    cifrar: bool = True,
    todo: bool = False,
    para: str | None = None,
    progreso: Progreso = None,
    sobrescribir: bool = False,
    con_adjuntos: bool = False,
) -> Exportacion:
    """`sobrescribir` solo cuando la persona ya lo confirmó (diálogo de guardar): el archivo
    anterior se reemplaza al final, de una vez, por renombre. `con_adjuntos` (con `todo`):
    también los adjuntos que la oficina ya confirmó, para rehacer una oficina perdida."""
    salida = Path(salida)
    if salida.exists() and not sobrescribir:
        raise ErrorPaquete(f"Ya existe {salida}; no se sobrescribe. Elija otro nombre.")
    if not salida.parent.is_dir():
        raise ErrorPaquete(f"La carpeta {salida.parent} no existe.")
    if almacen.rol == "oficina":
        if not para:
            raise ErrorPaquete(
                "En la oficina, indique con --para el dispositivo al que va el paquete "
                "(el que muestra «pir-campo resumen» en ese notebook)."
            )
        destino = rep.par(almacen, para)
        if destino is None or destino["rol"] != "campo":
            raise ErrorPaquete(f"El dispositivo {para} no está registrado en esta oficina.")
        if destino["revocado_en"]:
            raise ErrorPaquete(
                f"El notebook de {destino['nombre']} ({para}) está revocado: la oficina no le "
                "envía datos (quien tenga una copia de su base podría leerlos)."
            )
        # Solo sus territorios (todos si tiene toda la región) y lo que él mismo creó; sin
        # territorios no recibe registros de nadie más.
        alcance = None if destino["toda_la_region"] else destino["territorios"]
        excluir, tipo = para, "oficina"
    else:
        if para:
            raise ErrorPaquete("Un notebook exporta solo a su oficina; no use --para.")
        destino = rep.oficina(almacen)
        if destino is None:
            raise ErrorPaquete(
                "Esta instalación no tiene oficina registrada: use «pir-campo confiar» con el "
                "archivo de identidad de la oficina."
            )
        alcance, excluir, tipo = None, None, "cambios"
        # Lo escrito con el reloj muy adelantado no lo aceptaría la oficina: ya corregido el
        # reloj, recibe la hora de ahora (nadie lo aceptó antes, así que nadie tiene ese punto).
        rep.reestampar_futuro(
            almacen, reloj.formatear(almacen.reloj_fisico() + LIMITE_ADELANTO_MS, 99_999)
        )
    desde = None if todo else destino["confirmado_por_par"]
    if tipo == "oficina" and territorios.cambio_de_alcance(almacen, destino["id"]) > (desde or 0):
        desde = None  # ganó territorios que aún no tiene: va todo lo de su alcance
    if con_adjuntos and not todo:
        raise ErrorPaquete("Use --con-adjuntos junto con --todo.")
    confirmados = set() if con_adjuntos else rep.blobs_confirmados(almacen, destino["id"])
    carpeta = adjuntos.carpeta_de(almacen.ruta)
    blobs: dict[str, Path] = {}
    i_sha = rep.campos("adjunto").index("sha256") + 1
    i_el = rep.campos("adjunto").index("eliminado") + 1

    def ver_adjunto(f: tuple) -> None:
        sha = f[i_sha]
        if f[i_el] or sha in confirmados or sha in blobs:
            return
        ruta = adjuntos.ruta_blob(carpeta, sha)
        if ruta.is_file():
            blobs[sha] = ruta

    exportados: set[tuple[str, str]] | None = set() if tipo == "oficina" else None
    resultado = Exportacion(
        salida,
        ids.uuid7(),
        tipo,
        destino["id"],
        destino["nombre"],
        cifrar,
        0 if desde is None else desde,
        0,
    )
    with tempfile.TemporaryDirectory(prefix="pirb-") as tmp:
        bolsa = EscritorBolsa(Path(tmp) / "bolsa.zip")
        try:
            almacen.conn.execute("BEGIN")  # una foto consistente de la base mientras se lee
            try:
                resultado.seq_hasta = rep.seq_actual(almacen)
                hlc = rep.hlc_actual(almacen)
                for n, t in enumerate(rep.TABLAS):
                    if progreso:
                        progreso(f"Leyendo {t}", 0.6 * n / len(rep.TABLAS))
                    filas = rep.filas_exportables(
                        almacen, t, desde, alcance, excluir if alcance is not None else None
                    )

                    def visto(f: tuple, t: str = t) -> None:
                        if exportados is not None:
                            exportados.add((t, f[0]))
                        if t == "adjunto":
                            ver_adjunto(f)

                    lineas = _lineas(t, filas, excluir, visto)
                    primera = next(lineas, None)
                    if primera is not None:
                        resultado.registros[t] = bolsa.agregar_lineas(
                            f"data/records/{t}.jsonl", _con_primera(primera, lineas)
                        )
                lineas = _lineas_auditoria(almacen, desde, exportados)
                primera = next(lineas, None)
                if primera is not None:
                    resultado.auditoria = bolsa.agregar_lineas(
                        AUDITORIA, _con_primera(primera, lineas)
                    )
                publicado_oficina = envios.para_paquete(almacen) if tipo == "oficina" else []
                if publicado := publicado_oficina:
                    bolsa.agregar_bytes("data/oficina/envios.json", _dumps(publicado).encode())
                if tipo == "oficina":
                    bolsa.agregar_bytes(
                        "data/receipt.json", _dumps(recibo(almacen, destino)).encode()
                    )
            finally:
                almacen.conn.execute("COMMIT")
            total_blobs = sum(adjuntos.tamano(carpeta, sha) for sha in blobs) or 1
            hecho = 0

            def avance(n: int) -> None:
                nonlocal hecho
                hecho += n
                if progreso:
                    progreso("Copiando adjuntos", 0.6 + 0.2 * hecho / total_blobs)

            llave_adj = almacen.llave_adjuntos()
            for sha in sorted(blobs):
                tam = bolsa.agregar_blob(sha, adjuntos.bloques(carpeta, sha, llave_adj), avance)
                if tam is not None:
                    resultado.adjuntos += 1
                    resultado.bytes_adjuntos += tam
            cabecera = {
                "format": f"{paquete.FORMATO}/{paquete.VERSION}",
                "kind": tipo,
                "bundle_id": resultado.paquete_id,
                "from_device": almacen.dispositivo,
                "from_name": almacen.nombre,
                "to": destino["id"],
                "app_version": __version__,
                "schema_version": almacen.esquema(),
                "min_reader_schema": _min_lector(resultado.registros, publicado_oficina),
                "created_hlc": hlc,
                "created_wall": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "seq_from": resultado.seq_desde,
                "seq_to": resultado.seq_hasta,
                # Con una identidad nueva aún sin confirmar se pide todo desde cero: lo que la
                # oficina mandó a la identidad anterior omitía lo que «ya tenía» esa base.
                "ack_remote": {
                    destino["id"]: 0
                    if tipo == "cambios" and sucesion.certificado_pendiente(almacen)
                    else destino["aplicado_desde_par"]
                },
                "counts": resultado.registros,
                "blobs": {"count": resultado.adjuntos, "bytes": resultado.bytes_adjuntos},
                "audit": resultado.auditoria,
            }
            bolsa.cerrar(cabecera, almacen.llave_firma())
        except BaseException:
            bolsa.descartar()
            raise
        if progreso:
            progreso("Cifrando y escribiendo el paquete", 0.8)
        sobre = {k: cabecera[k] for k in ("bundle_id", "from_device", "from_name", "to", "kind")}
        sobre.update(created_wall=cabecera["created_wall"], seq_to=resultado.seq_hasta)
        if tipo == "cambios" and (certificado := sucesion.certificado_pendiente(almacen)):
            # La identidad nueva de una base restaurada o copiada, firmada por la anterior.
            sobre["succession"] = certificado
        if tipo == "oficina" and (certificados := rotacion.cadena(almacen)):
            # Las llaves de la oficina cambiaron: cada cambio firmado con la llave anterior,
            # para que el notebook crea en la nueva con que va firmado este paquete.
            sobre["office_rotation"] = certificados
        destinatarios = [PublicKey(bytes.fromhex(destino["clave_cifrado"]))] if cifrar else None
        try:
            paquete.escribir(
                salida, Path(tmp) / "bolsa.zip", sobre, almacen.llave_firma(), destinatarios
            )
        except OSError as e:
            raise ErrorPaquete(
                frase_disco(e, salida)
                or f"No se pudo escribir el paquete en {salida}: {e.strerror or e}. "
                "No quedó ningún paquete a medias."
            ) from None
    resultado.tamano = salida.stat().st_size
    if tipo == "oficina":
        _anotar_recibo(almacen, destino, resultado)
    if progreso:
        progreso("Listo: el paquete se releyó y está completo", 1.0)
    return resultado


def _anotar_recibo(almacen: Almacen, destino: dict[str, Any], r: Exportacion) -> None:
    """La oficina recuerda cada recibo enviado a un notebook (la lista de entregas lo muestra)."""
    clave = f"recibos.{destino['id']}"
    anteriores = json.loads(almacen.ajuste(clave, "[]") or "[]")
    nuevo = {
        "paquete_id": r.paquete_id,
        "enviado_en": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "confirma_hasta": destino["aplicado_desde_par"],
        "archivo": r.ruta.name,
    }
    almacen.guardar_ajuste(clave, json.dumps([*anteriores, nuevo][-500:]))


def _con_primera(primera: str, resto: Iterator[str]) -> Iterator[str]:
    yield primera
    yield from resto
