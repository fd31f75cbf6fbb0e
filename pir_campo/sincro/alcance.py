"""Quién puede escribir qué: las comprobaciones que la oficina hace a un paquete de un notebook.

Funciones puras (sin SQL). La cabecera debe coincidir con el contenido y con quien firma; cada
registro debe caer en los territorios del notebook y traer puntos nuevos solo de ese notebook:
lo que nombra a otro equipo tiene que ser exactamente lo que la oficina tiene (un eco) o algo
que la oficina ya superó. Lo que no cumple se retiene con su motivo y va en el recibo.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorPaquete
from pir_campo.formato import numero
from pir_campo.reloj import DIA_MS, formatear
from pir_campo.sincro.fusion import (
    DISPOSITIVO_VIRTUAL,
    Estado,
    clave_dot,
    conoce,
    id_conflicto,
    puntos,
)

# Un paquete fechado más allá de esto respecto del reloj de quien lo recibe se rechaza
# (referencias §4 caso 19: 400 días adelante se rechaza, 5 horas adelante se acepta).
LIMITE_ADELANTO_DIAS = 400
LIMITE_ADELANTO_MS = LIMITE_ADELANTO_DIAS * DIA_MS
# El tipo de paquete que firma cada rol: los notebooks envían cambios; la oficina, «oficina».
TIPO_POR_ROL = {"campo": "cambios", "oficina": "oficina"}
_HLC = re.compile(r"\d{13}\.\d{5}")
_FECHA = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

FUTURO = (
    f"tiene fecha más de {LIMITE_ADELANTO_DIAS} días en el futuro (el reloj del notebook "
    "estaba adelantado)"
)
VECTOR = "dice conocer cambios de otro equipo que la oficina no ha recibido (posible falsificación)"
AJENO = (
    "trae cambios atribuidos a otro equipo que no coinciden con los de la oficina "
    "(posible falsificación)"
)
NO_PARTICIPO = "es un conflicto en que este notebook no participó"
CONFLICTO_AJENO = "el conflicto no corresponde a los cambios que dice comparar"
FUERA = (
    "pertenece a un territorio no asignado a este notebook; se aplicará si la oficina se lo asigna"
)
PROPUESTO = "es un territorio nuevo propuesto por el notebook; espera que la oficina lo acepte"
# Notebook revocado con corte (sincro/revocacion.py).
POSTERIOR = (
    "trae cambios del notebook revocado posteriores a su último cambio válido (n.º {corte}); "
    "no se aplicó"
)
INVENTADO = (
    "trae un cambio del notebook revocado con un número que la oficina ya había recibido, "
    "pero que ella no tiene (posible falsificación con una copia de su base); no se aplicó"
)


def hlc_valido(sello: Any) -> bool:
    return type(sello) is str and _HLC.fullmatch(sello) is not None


def sello_limite(ahora_ms: int) -> str:
    """El HLC más alto aceptable ahora (los HLC de ancho fijo se comparan como texto)."""
    return formatear(ahora_ms + LIMITE_ADELANTO_MS, 99_999)


def _ms_fecha(texto: Any) -> int | None:
    if type(texto) is not str or not _FECHA.fullmatch(texto):
        return None
    try:
        momento = datetime.strptime(texto, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return int(momento.timestamp() * 1000)


def revisar_cabecera(cab: dict[str, Any], rol_remitente: str, ahora_ms: int) -> None:
    """Tipo según el rol de quien firma, fechas y HLC bien formados, sin fechas imposibles."""
    esperado = TIPO_POR_ROL.get(rol_remitente)
    if cab.get("kind") != esperado:
        quien = "un notebook de campo" if rol_remitente == "campo" else "la oficina"
        raise ErrorPaquete(
            f"El paquete dice ser de tipo «{cab.get('kind')}», pero lo firmó {quien}, que solo "
            f"envía paquetes de tipo «{esperado}»; no se aplicó.",
            "TIPO",
        )
    wall, hlc = _ms_fecha(cab.get("created_wall")), cab.get("created_hlc")
    if wall is None or not hlc_valido(hlc):
        raise ErrorPaquete(
            "El paquete trae una fecha de creación o un sello de tiempo mal formado; no se aplicó.",
            "FORMATO",
        )
    momento = max(wall, int(hlc.split(".")[0]))
    if momento > ahora_ms + LIMITE_ADELANTO_MS:
        fecha = datetime.fromtimestamp(momento / 1000, UTC).strftime("%d-%m-%Y")
        raise ErrorPaquete(
            f"El paquete está fechado el {fecha}, más de {LIMITE_ADELANTO_DIAS} días después "
            "de la fecha de este equipo: el reloj del notebook que lo envió está adelantado. "
            "Corrija la fecha y hora de ese notebook, exporte de nuevo e importe el paquete "
            "nuevo; este no se aplicó.",
            "RELOJ_ADELANTADO",
        )
    conteos = cab.get("counts")
    if type(conteos) is not dict or not all(
        type(t) is str and type(n) is int and n >= 0 for t, n in conteos.items()
    ):
        raise ErrorPaquete("El paquete no declara bien cuántos registros trae.", "FORMATO")


def revisar_conteos(cab: dict[str, Any], por_tabla: dict[str, int], blobs: int) -> None:
    """Lo declarado en la cabecera contra las líneas y adjuntos que realmente vienen."""
    declarados = {t: n for t, n in cab["counts"].items() if n}
    reales = {t: n for t, n in por_tabla.items() if n}
    if declarados != reales:
        tabla = min(t for t in declarados.keys() | reales if declarados.get(t) != reales.get(t))
        raise ErrorPaquete(
            f"El paquete declara {declarados.get(tabla, 0)} registros de {tabla} pero trae "
            f"{reales.get(tabla, 0)}: la cabecera no coincide con el contenido; no se aplicó.",
            "CONTEOS",
        )
    declarado = cab.get("blobs")
    if isinstance(declarado, dict) and declarado.get("count", blobs) != blobs:
        raise ErrorPaquete(
            f"El paquete declara {declarado.get('count')} adjuntos pero trae {blobs}; no se "
            "aplicó.",
            "CONTEOS",
        )


@dataclass(frozen=True)
class Alcance:
    """Lo que un notebook puede escribir en la oficina."""

    remitente: str
    territorios: frozenset[str]
    toda_la_region: bool
    # Identidades anteriores del mismo notebook (base restaurada o copiada: almacen/sucesion.py)
    # y hasta qué número de cambio habla por ellas: sus puntos hasta ahí son suyos.
    anteriores: dict[str, int] = field(default_factory=dict)

    @classmethod
    def de_par(cls, p: dict[str, Any], anteriores: dict[str, int] | None = None) -> Alcance:
        return cls(
            p["id"], frozenset(p["territorios"]), bool(p.get("toda_la_region")), anteriores or {}
        )

    def habla_por(self, dispositivo: str, seq: int) -> bool:
        """¿Un punto (dispositivo, seq) es del remitente o de una identidad suya anterior?"""
        return dispositivo == self.remitente or seq <= self.anteriores.get(dispositivo, 0)

    def incluye(self, territorio: Any) -> bool:
        return self.toda_la_region or territorio in self.territorios


@dataclass(frozen=True, slots=True)
class Retencion:
    motivo: str
    # Territorio que falta: el registro se guarda y se aplica si la oficina lo asigna.
    territorio: str | None = None
    propuesta: bool = False


def _iguales(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):  # JSON con otro orden de claves o espacios
        try:
            return json.loads(a) == json.loads(b)
        except ValueError:
            return False
    return False


def _participantes(v: dict[str, Any]) -> set[str] | None:
    try:
        ganador, otro = json.loads(v["dot_ganador"]), json.loads(v["dot_otro"])
        return {ganador[0], otro[0]}
    except (ValueError, TypeError, IndexError, KeyError):
        return None


def _conflicto_nuevo(id_: str, remoto: Estado, remitente: str) -> str | None:
    v = remoto.v
    if remoto.cd[0] != DISPOSITIVO_VIRTUAL or remoto.cd[1] != 0:
        return CONFLICTO_AJENO
    try:
        ganador, otro = json.loads(v["dot_ganador"]), json.loads(v["dot_otro"])
        esperado = id_conflicto(v["tabla"], v["registro_id"], v["campo"], ganador, otro)
    except (ValueError, TypeError, IndexError, KeyError):
        return CONFLICTO_AJENO
    if esperado != id_:
        return CONFLICTO_AJENO
    if remitente not in (ganador[0], otro[0]):
        return NO_PARTICIPO
    return None


def _puntos_ajenos(remoto: Estado, local: Estado, alcance: Alcance) -> bool:
    """¿Algún punto que nombra a otro equipo no es ni eco ni algo que la oficina ya superó?"""
    if remoto.cd != local.cd:
        d = remoto.cd
        if alcance.habla_por(d[0], d[1]):
            # Dos creaciones del mismo registro único: válido solo si no había visto la otra.
            if conoce(remoto.vv, local.cd):
                return True
        elif d[0] == DISPOSITIVO_VIRTUAL or not (
            conoce(local.vv, d) and clave_dot(d) <= clave_dot(local.cd)
        ):
            return True
    for campo in remoto.v:
        dl = local.dot(campo)
        # Cada escritura vigente del campo (varias si hubo escrituras concurrentes del mismo
        # valor o de valores distintos: sincro/fusion.py).
        locales = {(d[0], d[1]): (d, x) for d, x in local.escrituras(campo)}
        for dr, valor in remoto.escrituras(campo):
            if alcance.habla_por(dr[0], dr[1]):
                continue
            previa = locales.get((dr[0], dr[1]))
            if previa is not None:
                if previa[0] != dr or not _iguales(valor, previa[1]):
                    return True
            elif not (conoce(local.vv, dr) and not conoce(remoto.vv, dl)):
                return True
    return False


_CAMPO_TERRITORIO: dict[str, str | None] = {}


def _campo_territorio(tabla: str) -> str | None:
    if tabla not in _CAMPO_TERRITORIO:
        _CAMPO_TERRITORIO[tabla] = rep.campo_territorio(tabla)
    return _CAMPO_TERRITORIO[tabla]


def revisar_registro(
    tabla: str,
    id_: str,
    remoto: Estado,
    local: Estado | None,
    alcance: Alcance,
    limite: str,
    territorio_registro: str | None = None,
) -> Retencion | None:
    """None si el registro se puede fusionar; si no, por qué se retiene.

    `territorio_registro`: para un conflicto, el territorio que la oficina tiene para el
    registro del que trata (su `territorio_id` propio lo escribe quien lo detectó).

    Solo se llama cuando el registro cambiaría algo (los ecos idénticos no se revisan)."""
    yo = alcance.remitente
    ct = _campo_territorio(tabla)
    cd, vv = remoto.cd, remoto.vv
    if (
        local is None
        and not remoto.fd
        and cd[0] == yo
        and len(vv) == 1
        and cd[1] <= vv.get(yo, -1)
        and cd[2] <= limite
        and remoto.hlc <= limite
        and tabla != "conflicto"
    ):
        # Lo más común, por lejos: un registro nuevo que solo escribió el notebook.
        if ct is None:
            return None
        propio = id_ if ct == "id" else remoto.v.get(ct)
        if alcance.incluye(propio):
            return None
    todos = puntos(remoto)
    if remoto.hlc > limite or any(p[2] > limite for p in todos):
        return Retencion(FUTURO)
    vv_local = local.vv if local is not None else {}
    if any(n > vv_local.get(d, 0) for d, n in remoto.vv.items() if not alcance.habla_por(d, n)):
        return Retencion(VECTOR)
    if any(p[1] > remoto.vv.get(p[0], 0) for p in todos):
        return Retencion(VECTOR)
    if local is None:
        if tabla == "conflicto":
            motivo = _conflicto_nuevo(id_, remoto, yo)
            if motivo:
                return Retencion(motivo)
            if any(not alcance.habla_por(p[0], p[1]) for p in todos[1:]):
                return Retencion(AJENO)
        elif any(not alcance.habla_por(p[0], p[1]) for p in todos):
            return Retencion(AJENO)
    else:
        if _puntos_ajenos(remoto, local, alcance):
            return Retencion(AJENO)
        if tabla == "conflicto" and yo not in (_participantes(local.v) or ()):
            return Retencion(NO_PARTICIPO)
    if ct is None:
        return None
    propio = id_ if ct == "id" else remoto.v.get(ct)
    otro = (id_ if ct == "id" else local.v.get(ct)) if local else propio
    for territorio in (propio, otro, territorio_registro or propio):
        if not alcance.incluye(territorio):
            propuesta = tabla == "territorio" and local is None
            return Retencion(
                PROPUESTO if propuesta else FUERA,
                territorio if isinstance(territorio, str) else None,
                propuesta,
            )
    return None


# Ajuste de la oficina con lo recibido de un notebook al revocarlo (sincro/revocacion.py).
CLAVE_REVOCACION = "revocacion.{}"


class Corte:
    """Lo que la oficina acepta de un notebook revocado con corte (en el Aplicador)."""

    def __init__(self, p: dict[str, Any], al_revocar: dict[str, Any]):
        self.remitente: str = p["id"]
        self.corte: int = p["ultimo_seq_valido"]
        # Lo que la oficina había recibido de él al revocarlo (lo que llega después, firmado
        # con una clave que ya no es de fiar, no cuenta como recibido).
        self.recibido: int = al_revocar.get("recibido", 0)
        self.huecos: list[list[int]] = al_revocar.get("huecos", [])

    @classmethod
    def de_par(cls, p: dict[str, Any] | None, al_revocar: str | None) -> Corte | None:
        """`al_revocar`: el ajuste CLAVE_REVOCACION del notebook (JSON)."""
        if p is None or not p["revocado_en"] or p["ultimo_seq_valido"] is None:
            return None
        return cls(p, json.loads(al_revocar or "{}"))

    def _ya_recibido(self, seq: int) -> bool:
        return seq <= self.recibido and not any(a < seq <= b for a, b in self.huecos)

    def revisar(self, remoto: Estado, local: Estado | None) -> str | None:
        """None si el registro puede seguir (a las demás comprobaciones); si no, el motivo."""
        yo = self.remitente
        if remoto.vv.get(yo, 0) > self.corte:
            return POSTERIOR.format(corte=numero(self.corte))
        propios = [d for d in puntos(remoto) if d[0] == yo]
        if any(d[1] > self.corte for d in propios):
            return POSTERIOR.format(corte=numero(self.corte))
        locales = [] if local is None else puntos(local)
        for d in propios:
            if not self._ya_recibido(d[1]) or d in locales:
                continue
            if local is None or not conoce(local.vv, d):
                return INVENTADO
        return None

    def auditoria(self, seq: int) -> bool:
        """¿Entra una fila de bitácora del notebook con ese número de cambio?"""
        return seq <= self.corte
