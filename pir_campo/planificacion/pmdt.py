"""PMDT (pasos 4, 5 y 8): versiones por territorio, su cartera, su validación y sus cambios.

Una versión validada no se edita: actualizar el plan crea otra versión (borrador) que copia
la anterior y su cartera en una sola transacción; las versiones anteriores se conservan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pir_campo import ids
from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import Iniciativa, Necesidad, Pmdt, Territorio
from pir_campo.modelos.enums import DecisionActa, EstadoPmdt, TipoActa

_COPIADOS_PMDT = ("vision", "diagnostico", "ejes_productivos", "modelo_gestion")
_CAMPOS_INICIATIVA = tuple(
    c for c in Iniciativa.model_fields if c not in ("territorio_id", "pmdt_id")
)
_SIGUIENTE = {
    EstadoPmdt.BORRADOR: {EstadoPmdt.VALIDADO_TECNICAMENTE},
    EstadoPmdt.VALIDADO_TECNICAMENTE: {EstadoPmdt.BORRADOR, EstadoPmdt.VALIDADO_CORE},
    EstadoPmdt.VALIDADO_CORE: set(),
}


def _cerrado(pmdt: dict[str, Any]) -> ErrorRegistroCerrado:
    return ErrorRegistroCerrado(
        f"El PMDT versión {pmdt['version']} está {EstadoPmdt(pmdt['estado']).etiqueta.lower()}: "
        "para cambiarlo, cree una nueva versión."
    )


def versiones(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    filas = q.pmdt_versiones(almacen, territorio_id)
    for f in filas:
        f["estado_etiqueta"] = EstadoPmdt(f["estado"]).etiqueta
    return filas


def crear(almacen: Almacen, territorio_id: str, datos: dict[str, Any]) -> Cambio:
    """Primera versión del plan de un territorio (borrador)."""
    almacen.obtener(Territorio, territorio_id)
    with almacen.transaccion():
        if almacen.contar(Pmdt, territorio_id=territorio_id):
            raise ErrorValidacion(
                "El territorio ya tiene un PMDT: actualícelo creando una nueva versión.", "PMDT"
            )
        fila = {**datos, "territorio_id": territorio_id, "version": 1, "estado": "borrador"}
        nuevo = almacen.insertar(Pmdt, fila)
    return Cambio(Pmdt.tabla, (nuevo,), creado=True)


def editar(almacen: Almacen, pmdt_id: str, cambios: dict[str, Any]) -> Cambio:
    with almacen.transaccion():
        pmdt = almacen.obtener(Pmdt, pmdt_id)
        if pmdt["estado"] != EstadoPmdt.BORRADOR:
            raise _cerrado(pmdt)
        cambios = {k: v for k, v in cambios.items() if k not in ("estado", "version")}
        return almacen.actualizar(Pmdt, pmdt_id, cambios)


def cartera(almacen: Almacen, pmdt_id: str) -> list[dict[str, Any]]:
    return almacen.listar(Iniciativa, orden="orden", pmdt_id=pmdt_id)


def _revisar_iniciativa(
    almacen: Almacen, pmdt: dict[str, Any], fila: dict[str, Any], propia: str | None
) -> None:
    Iniciativa.validar(fila)
    for otra in cartera(almacen, pmdt["id"]):
        if otra["id"] != propia and otra["orden"] == int(fila["orden"]):
            raise ErrorValidacion(
                f"El orden de prioridad {fila['orden']} ya lo tiene «{otra['nombre']}» en esta "
                "cartera.",
                "Orden de prioridad",
            )
    for nid in fila.get("necesidades") or []:
        if almacen.obtener(Necesidad, nid)["territorio_id"] != pmdt["territorio_id"]:
            raise ErrorValidacion(
                "El campo «Necesidades vinculadas» incluye una necesidad de otro territorio.",
                "Necesidades vinculadas",
            )


def guardar_iniciativa(
    almacen: Almacen, pmdt_id: str, datos: dict[str, Any], id: str | None = None
) -> Cambio:
    """Agrega (sin id) o modifica una iniciativa de la cartera de una versión en borrador."""
    with almacen.transaccion():
        pmdt = almacen.obtener(Pmdt, pmdt_id)
        if pmdt["estado"] != EstadoPmdt.BORRADOR:
            raise _cerrado(pmdt)
        base = {}
        if id is not None:
            base = almacen.obtener(Iniciativa, id)
            base.pop("id")
        fila = {**base, **datos, "territorio_id": pmdt["territorio_id"], "pmdt_id": pmdt_id}
        _revisar_iniciativa(almacen, pmdt, fila, id)
        if id is not None:
            return almacen.actualizar(Iniciativa, id, fila)
        nuevo = almacen.insertar(Iniciativa, fila)
    return Cambio(Iniciativa.tabla, (nuevo,), creado=True)


def reordenar(almacen: Almacen, pmdt_id: str, ids_en_orden: list[str]) -> list[Cambio]:
    """Da el orden 1..n a toda la cartera según la lista (para subir o bajar una iniciativa)."""
    with almacen.transaccion():
        pmdt = almacen.obtener(Pmdt, pmdt_id)
        if pmdt["estado"] != EstadoPmdt.BORRADOR:
            raise _cerrado(pmdt)
        actuales = {i["id"] for i in cartera(almacen, pmdt_id)}
        if set(ids_en_orden) != actuales or len(ids_en_orden) != len(actuales):
            raise ErrorValidacion(
                "El nuevo orden debe incluir cada iniciativa de la cartera una sola vez.",
                "Orden de prioridad",
            )
        return [
            almacen.actualizar(Iniciativa, i, {"orden": n})
            for n, i in enumerate(ids_en_orden, start=1)
        ]


def quitar_iniciativa(almacen: Almacen, id: str) -> Cambio:
    with almacen.transaccion():
        pmdt = almacen.obtener(Pmdt, almacen.obtener(Iniciativa, id)["pmdt_id"])
        if pmdt["estado"] != EstadoPmdt.BORRADOR:
            raise _cerrado(pmdt)
        return almacen.eliminar(Iniciativa, id)


def actas_aprobatorias(almacen: Almacen, pmdt: dict[str, Any]) -> list[dict[str, Any]]:
    """Actas de validación del PMDT firmadas que lo aprueban (con o sin condiciones)."""
    return [
        a
        for a in q.actas(almacen, pmdt["territorio_id"], TipoActa.VALIDACION_PMDT, pmdt["id"])
        if a["estado"] == "firmada" and a["decision"] != DecisionActa.RECHAZADO
    ]


def cambiar_estado(almacen: Almacen, pmdt_id: str, estado: str) -> Cambio:
    """Borrador → validado técnicamente → validado por el CORE (con acta firmada que lo apruebe)."""
    with almacen.transaccion():
        pmdt = almacen.obtener(Pmdt, pmdt_id)
        actual, nuevo = EstadoPmdt(pmdt["estado"]), EstadoPmdt(estado)
        if nuevo == actual:
            return Cambio(Pmdt.tabla, ())
        if nuevo not in _SIGUIENTE[actual]:
            raise ErrorValidacion(
                f"El PMDT no puede pasar de «{actual.etiqueta}» a «{nuevo.etiqueta}».", "Estado"
            )
        if nuevo == EstadoPmdt.VALIDADO_TECNICAMENTE and not cartera(almacen, pmdt_id):
            raise ErrorValidacion(
                "El PMDT no tiene iniciativas en su cartera: agréguelas antes de validarlo.",
                "Estado",
            )
        if nuevo == EstadoPmdt.VALIDADO_CORE and not actas_aprobatorias(almacen, pmdt):
            raise ErrorValidacion(
                "Para marcarlo como validado por el CORE, registre y firme el acta de validación "
                "del PMDT que lo aprueba.",
                "Estado",
            )
        return almacen.actualizar(Pmdt, pmdt_id, {"estado": nuevo.value})


def nueva_version(
    almacen: Almacen, pmdt_id: str, fecha: dt.date | str, cambios: dict[str, Any] | None = None
) -> Cambio:
    """Copia la versión (la más reciente) y su cartera en una nueva versión en borrador."""
    with almacen.transaccion():
        anterior = almacen.obtener(Pmdt, pmdt_id)
        ultima = max(v["version"] for v in q.pmdt_versiones(almacen, anterior["territorio_id"]))
        if anterior["version"] != ultima:
            raise ErrorValidacion(
                f"Solo se actualiza la versión más reciente (versión {ultima}).", "Versión"
            )
        fila = {c: anterior[c] for c in _COPIADOS_PMDT}
        fila.update(cambios or {})
        fila.update(
            territorio_id=anterior["territorio_id"],
            version=ultima + 1,
            version_anterior_id=pmdt_id,
            fecha=str(fecha),
            estado=EstadoPmdt.BORRADOR.value,
        )
        motivo = f"actualización del PMDT desde la versión {ultima}"
        nuevo = almacen.insertar(Pmdt, fila, motivo=motivo)
        origen = cartera(almacen, pmdt_id)
        copias = [
            {
                **{c: i[c] for c in _CAMPOS_INICIATIVA},
                "territorio_id": fila["territorio_id"],
                "pmdt_id": nuevo,
            }
            for i in origen
        ]
        # La copia de una iniciativa en la versión nueva es única por (versión, original): dos
        # notebooks que crean la misma versión copian la misma cartera con los mismos ids.
        ids_copias = [ids.uuid_clave(Iniciativa.tabla, nuevo, i["id"]) for i in origen]
        if copias:
            almacen.insertar_lote(Iniciativa, copias, ids_copias, motivo=motivo)
    return Cambio(Pmdt.tabla, (nuevo,), creado=True)


@dataclass
class Diferencias:
    """Qué cambió entre dos versiones: campos del plan y la cartera."""

    campos: list[tuple[str, Any, Any]] = field(default_factory=list)
    agregadas: list[dict[str, Any]] = field(default_factory=list)
    quitadas: list[dict[str, Any]] = field(default_factory=list)
    modificadas: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)

    @property
    def vacia(self) -> bool:
        return not (self.campos or self.agregadas or self.quitadas or self.modificadas)


def _emparejar(
    antes: list[dict[str, Any]], despues: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Empareja iniciativas por nombre y, si cambió el nombre, por las mismas necesidades."""
    pares, libres = [], list(despues)
    pendientes = []
    for a in antes:
        b = next((x for x in libres if x["nombre"] == a["nombre"]), None)
        if b is None:
            pendientes.append(a)
            continue
        libres.remove(b)
        pares.append((a, b))
    for a in pendientes:
        clave = sorted(a["necesidades"])
        b = next((x for x in libres if clave and sorted(x["necesidades"]) == clave), None)
        if b is not None:
            libres.remove(b)
            pares.append((a, b))
    return pares


def diferencias(almacen: Almacen, antes_id: str, despues_id: str) -> Diferencias:
    antes, despues = almacen.obtener(Pmdt, antes_id), almacen.obtener(Pmdt, despues_id)
    dif = Diferencias()
    for c in (*_COPIADOS_PMDT, "estado", "fecha"):
        if antes[c] != despues[c]:
            dif.campos.append((Pmdt.model_fields[c].title, antes[c], despues[c]))
    cart_a, cart_d = cartera(almacen, antes_id), cartera(almacen, despues_id)
    pares = _emparejar(cart_a, cart_d)
    vistos_a = {a["id"] for a, _ in pares}
    vistos_d = {b["id"] for _, b in pares}
    dif.quitadas = [a for a in cart_a if a["id"] not in vistos_a]
    dif.agregadas = [b for b in cart_d if b["id"] not in vistos_d]
    for a, b in pares:
        cambios = [
            (Iniciativa.model_fields[c].title, a[c], b[c])
            for c in _CAMPOS_INICIATIVA
            if a[c] != b[c]
        ]
        if cambios:
            dif.modificadas.append((b["nombre"], cambios))
    return dif
