"""Revisión de la oficina (Recibido, Revisado, Con observaciones, Aprobado) y respuesta del
notebook. La revisión es un registro sincronizable: viaja en los paquetes como cualquier otro,
y como la oficina escribe el estado y el notebook la respuesta, nunca chocan.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_historial as qh
from pir_campo.almacen import consultas_revision as q
from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.formato import ahora_utc, momento_local
from pir_campo.modelos.enums import REVISABLES, EstadoRevision

# Espacio de nombres de los identificadores de revisión (UUIDv5 del registro revisado): dos
# revisiones del mismo registro, aunque se creen por separado, son la misma fila.
_ESPACIO = uuid.UUID("8f7d5c1e-2b3a-4c6d-9e0f-1a2b3c4d5e6f")
ESTADOS_CLI = {"revisado": "revisado", "observado": "observado", "aprobado": "aprobado"}


def id_revision(registro_id: str) -> str:
    return str(uuid.uuid5(_ESPACIO, registro_id))


def _modelos() -> tuple[Any, dict[str, Any]]:
    from pir_campo.modelos import POR_TABLA, Revision

    return Revision, POR_TABLA


def revisar(
    almacen: Almacen,
    registro_ids: Sequence[str],
    estado: str,
    comentario: str | None = None,
) -> list[Cambio]:
    """Cambia el estado de revisión de uno o muchos registros en una sola transacción."""
    if almacen.rol != "oficina":
        raise ErrorValidacion("Solo la oficina regional revisa registros.", "Estado de revisión")
    try:
        estado_e = EstadoRevision(estado)
    except ValueError:
        raise ErrorValidacion(
            f"El campo «Estado de revisión» no admite «{estado}»; use revisado, observado o "
            "aprobado.",
            "Estado de revisión",
        ) from None
    comentario = (comentario or "").strip() or None
    if estado_e == EstadoRevision.OBSERVADO and not comentario:
        raise ErrorValidacion(
            "El campo «Comentario» es obligatorio para dejar observaciones.", "Comentario"
        )
    if not registro_ids:
        raise ErrorValidacion("Seleccione al menos un registro para revisar.", "Registros")
    Revision, POR_TABLA = _modelos()
    momento = ahora_utc()
    datos = {
        "estado": estado_e.value,
        "comentario": comentario,
        "revisado_por": almacen.persona,
        "revisado_en": momento,
    }
    nuevos, ids_nuevos, cambios = [], [], []
    with almacen.transaccion():
        for rid in dict.fromkeys(registro_ids):
            tabla = qh.tabla_de(almacen, tuple(REVISABLES), rid)
            if tabla is None:
                raise ErrorNoEncontrado(
                    f"No existe un taller, acta, versión del PMDT ni diagnóstico con "
                    f"identificador {rid}."
                )
            registro = almacen.obtener(POR_TABLA[tabla], rid)
            vid = id_revision(rid)
            if almacen.contar(Revision, id=vid):
                cambios.append(almacen.actualizar(Revision, vid, datos, motivo=comentario))
            else:
                nuevos.append(
                    {
                        "territorio_id": registro["territorio_id"],
                        "registro_tabla": tabla,
                        "registro_id": rid,
                        **datos,
                    }
                )
                ids_nuevos.append(vid)
        if nuevos:
            almacen.insertar_lote(Revision, nuevos, ids_nuevos, motivo=comentario)
            cambios.append(Cambio(Revision.tabla, tuple(ids_nuevos), creado=True))
    return cambios


def responder(almacen: Almacen, registro_id: str, respuesta: str) -> Cambio:
    """La facilitadora contesta una observación; la respuesta viaja a la oficina."""
    respuesta = (respuesta or "").strip()
    if not respuesta:
        raise ErrorValidacion("El campo «Respuesta» es obligatorio.", "Respuesta")
    Revision, _ = _modelos()
    vid = id_revision(registro_id)
    if not almacen.contar(Revision, id=vid):
        raise ErrorNoEncontrado(f"El registro {registro_id} no tiene observaciones de la oficina.")
    return almacen.actualizar(
        Revision,
        vid,
        {"respuesta": respuesta, "respondido_por": almacen.persona, "respondido_en": ahora_utc()},
    )


def estado(almacen: Almacen, registro_id: str) -> dict[str, Any]:
    """Estado de revisión de un registro («recibido» si la oficina aún no lo revisa)."""
    Revision, _ = _modelos()
    [fila] = almacen.listar(Revision, id=id_revision(registro_id)) or [None]
    if fila is None:
        return {"estado": "recibido", "etiqueta": EstadoRevision.RECIBIDO.etiqueta}
    return {**fila, "etiqueta": EstadoRevision(fila["estado"]).etiqueta}


def aprobacion(almacen: Almacen, registro_id: str) -> str | None:
    """«Aprobado por X el dd-mm-aaaa HH:MM» para el pie de un documento, o None."""
    e = estado(almacen, registro_id)
    if e["estado"] != "aprobado":
        return None
    return f"Aprobado por {e['revisado_por']} el {momento_local(e['revisado_en'])}"


def observaciones(almacen: Almacen, pendientes: bool = True) -> list[dict[str, Any]]:
    salida = []
    for o in q.observaciones(almacen, pendientes):
        o["tipo"] = REVISABLES[o["tabla"]]
        o["revisado_el"] = momento_local(o["revisado_en"]) if o["revisado_en"] else ""
        salida.append(o)
    return salida


def contar_observaciones(almacen: Almacen) -> int:
    return q.contar_observaciones(almacen)


def lista(
    almacen: Almacen, tabla: str, estado: str | None = None, territorio_id: str | None = None
) -> list[dict[str, Any]]:
    if tabla not in REVISABLES:
        raise ErrorValidacion(f"No se revisan registros de tipo «{tabla}».", "Tipo de registro")
    filas = q.registros(almacen, tabla, estado, territorio_id)
    for f in filas:
        f["estado_etiqueta"] = EstadoRevision(f["estado"]).etiqueta
    return filas
