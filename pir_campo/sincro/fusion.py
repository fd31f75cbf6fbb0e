"""Regla de fusión por estado: idempotente, conmutativa y sin perder lo que alguien escribió.

Un punto (dot) es [dispositivo, seq, hlc]: la escritura número seq de ese dispositivo. Cada
registro lleva su vector de versiones (vv), el punto de creación (cd) y el punto de cada campo
escrito después (fd). Dos escrituras chocan si ponen valores distintos en el mismo campo del
mismo registro y ninguna vio a la otra; el ganador provisional es el mismo en toda instalación:
oficina sobre facilitador, después el reloj (HLC), después el dispositivo. Lo perdido queda en
un registro de conflicto. Diseño: referencias/sincronizacion.md §3.5.

Un campo guarda todas las escrituras concurrentes que siguen vigentes (un registro multivalor):
si dos instalaciones ponen el mismo valor sin verse, quedan los dos puntos, no solo el mayor;
si no, quien conoce solo uno de ellos podría después pisar el otro sin conflicto. Con un solo
punto, `fd[campo]` es ese punto; con varios, la lista [[dispositivo, seq, hlc, valor], ...]
ordenada, y el valor del campo es el del punto ganador. Una escritura local deja de nuevo un
solo punto: quien escribe conoce todos los que tiene.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

Dot = list  # [dispositivo, seq, hlc]
# Punto «virtual» de los conflictos detectados: todos lo conocen, así toda réplica que detecta
# el mismo conflicto crea exactamente la misma fila.
DISPOSITIVO_VIRTUAL = "~"

IGUAL, AVANCE, FUSION = "igual", "avance", "fusion"


def rango(dispositivo: str) -> int:
    """Autoridad del dispositivo: la oficina corrige por sobre el facilitador."""
    return 2 if dispositivo.startswith("of_") else 1


def clave_dot(d: Dot) -> tuple[int, str, str]:
    return (rango(d[0]), d[2], d[0])


def conoce(vv: dict[str, int], d: Dot) -> bool:
    return vv.get(d[0], 0) >= d[1]


def leq(a: dict[str, int], b: dict[str, int]) -> bool:
    return all(b.get(k, 0) >= n for k, n in a.items())


@dataclass(slots=True)
class Estado:
    """Estado de un registro: valores en forma SQL (incluye `eliminado` y `fusionado_en`)."""

    v: dict[str, Any]
    vv: dict[str, int]
    cd: Dot
    fd: dict[str, Dot] = field(default_factory=dict)
    hlc: str = ""
    origen: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def dot(self, campo: str) -> Dot:
        """El punto ganador del campo (el único, salvo escrituras concurrentes vigentes)."""
        return max((d for d, _ in self.escrituras(campo)), key=clave_dot)

    def escrituras(self, campo: str) -> list[tuple[Dot, Any]]:
        """(punto, valor) de cada escritura vigente del campo."""
        punto = self.fd.get(campo) or self.cd
        if multiple(punto):
            return [(e[:3], e[3]) for e in punto]
        return [(punto, self.v.get(campo))]


def puntos(e: Estado) -> list[Dot]:
    """El punto de creación y el de cada escritura vigente de cada campo (también las
    concurrentes de un campo multivalor)."""
    return [e.cd, *(d for c in e.fd for d, _ in e.escrituras(c))]


def multiple(punto: list) -> bool:
    """Un `fd[campo]` con varias escrituras concurrentes (lista de [dev, seq, hlc, valor])."""
    return bool(punto) and isinstance(punto[0], list)


def _clave(d: Dot) -> tuple[str, int]:
    return (d[0], d[1])


def _vigentes(local: Estado, remoto: Estado, campo: str) -> tuple[list[tuple[Dot, Any]], set, set]:
    """Escrituras del campo que ningún lado sobrescribió sabiendo de ellas (unión multivalor),
    con las claves de las que ya tenía cada lado."""
    el, er = local.escrituras(campo), remoto.escrituras(campo)
    kl, kr = {_clave(d) for d, _ in el}, {_clave(d) for d, _ in er}
    sl = [(d, x) for d, x in el if _clave(d) in kr or not conoce(remoto.vv, d)]
    sr = [(d, x) for d, x in er if _clave(d) in kl or not conoce(local.vv, d)]
    union = {_clave(d): (d, x) for d, x in sorted(sl + sr, key=lambda e: json.dumps(e))}
    if not union:  # cada lado dice haber visto lo del otro (puntos inconsistentes): el mayor
        d, x = max(el + er, key=lambda e: (clave_dot(e[0]), json.dumps(e[1])))
        union = {_clave(d): (d, x)}
    return [union[k] for k in sorted(union)], kl, kr


def _forma(vigentes: list[tuple[Dot, Any]]) -> Dot | list:
    if len(vigentes) == 1:
        return vigentes[0][0]
    return [[*d, x] for d, x in vigentes]


def id_conflicto(tabla: str, registro: str, campo: str, a: Dot, b: Dot) -> str:
    pares = sorted([[a[0], a[1]], [b[0], b[1]]])
    texto = f"{tabla}|{registro}|{campo}|{json.dumps(pares, separators=(',', ':'))}"
    return str(uuid.UUID(bytes=hashlib.sha256(texto.encode()).digest()[:16]))


def conflicto(
    tabla: str,
    registro: str,
    territorio: Any,
    campo: str,
    tipo: str,
    ganador: tuple[Any, Dot],
    otro: tuple[Any, Dot],
) -> dict[str, Any]:
    """Fila de conflicto idéntica en toda réplica que lo detecte."""
    hlc = max(ganador[1][2], otro[1][2])
    return {
        "id": id_conflicto(tabla, registro, campo, ganador[1], otro[1]),
        "v": {
            "territorio_id": territorio,
            "tabla": tabla,
            "registro_id": registro,
            "campo": campo,
            "tipo": tipo,
            "valor_ganador": json.dumps(ganador[0], ensure_ascii=False),
            "valor_otro": json.dumps(otro[0], ensure_ascii=False),
            "dot_ganador": json.dumps(ganador[1], separators=(",", ":")),
            "dot_otro": json.dumps(otro[1], separators=(",", ":")),
            "estado": "abierto",
            "resolucion": None,
            "eliminado": 0,
            "fusionado_en": None,
        },
        "vv": {},
        "cd": [DISPOSITIVO_VIRTUAL, 0, hlc],
        "fd": {},
        "hlc": hlc,
        "origen": ganador[1][0],
    }


def fusionar(
    tabla: str, registro: str, local: Estado, remoto: Estado, campo_territorio: str | None
) -> tuple[str, Estado | None, list[dict[str, Any]]]:
    """(clase, estado resultante o None si no cambia nada, conflictos detectados)."""
    if leq(remoto.vv, local.vv):
        return IGUAL, None, []
    if leq(local.vv, remoto.vv):
        return AVANCE, remoto, []
    vv = {k: max(local.vv.get(k, 0), remoto.vv.get(k, 0)) for k in local.vv.keys() | remoto.vv}
    cd = max(local.cd, remoto.cd, key=clave_dot)
    territorio = local.v.get(campo_territorio) if campo_territorio else None
    if campo_territorio == "id":
        territorio = registro
    v: dict[str, Any] = {}
    dots: dict[str, Dot] = {}
    formas: dict[str, Dot | list] = {}
    conflictos: list[dict[str, Any]] = []
    for campo in local.v:
        vigentes, ya_l, ya_r = _vigentes(local, remoto, campo)
        g, vg = max(vigentes, key=lambda e: clave_dot(e[0]))
        v[campo], dots[campo], formas[campo] = vg, g, _forma(vigentes)
        if tabla == "conflicto":  # dos resoluciones distintas: gana una, sin meta-conflicto
            continue
        otros: dict[str, tuple[Any, Dot]] = {}
        for d, x in vigentes:
            clave = json.dumps(x, sort_keys=True)
            if x != vg and (clave not in otros or clave_dot(d) > clave_dot(otros[clave][1])):
                otros[clave] = (x, d)
        for x, o in otros.values():
            par = {_clave(g), _clave(o)}
            if not par <= ya_l and not par <= ya_r:  # un lado que ya tenía los dos, ya lo anotó
                conflictos.append(
                    conflicto(tabla, registro, territorio, campo, "campo", (vg, g), (x, o))
                )
    # Una lápida de fusión no choca con una edición: la oficina la redirige al registro que
    # quedó (servicios/duplicados.redirigir_importado), así que no hay nada que restaurar.
    if v.get("eliminado") and not v.get("fusionado_en") and tabla != "conflicto":
        conflictos.extend(_eliminar_vs_editar(tabla, registro, territorio, local, remoto))
    fd = {c: f for c, f in formas.items() if f != cd}
    ultimo = max(dots.values(), key=lambda d: (d[2], d[0]))
    primero, segundo = sorted((local, remoto), key=lambda e: (e.hlc, e.origen))
    extra = {**primero.extra, **segundo.extra}
    estado = Estado(v, vv, cd, fd, max(local.hlc, remoto.hlc), ultimo[0], extra)
    return FUSION, estado, conflictos


def _eliminar_vs_editar(
    tabla: str, registro: str, territorio: Any, local: Estado, remoto: Estado
) -> list[dict[str, Any]]:
    """Una eliminación que no vio una edición concurrente es siempre un conflicto."""
    salida = []
    for borra, edita in ((local, remoto), (remoto, local)):
        d_borra = borra.dot("eliminado")
        if not borra.v.get("eliminado") or conoce(edita.vv, d_borra):
            continue
        ediciones = [
            edita.dot(c) for c in edita.v if c != "eliminado" and not conoce(borra.vv, edita.dot(c))
        ]
        if ediciones:
            otro = max(ediciones, key=clave_dot)
            salida.append(
                conflicto(
                    tabla,
                    registro,
                    territorio,
                    "eliminado",
                    "eliminar_vs_editar",
                    (1, d_borra),
                    (0, otro),
                )
            )
    return salida
