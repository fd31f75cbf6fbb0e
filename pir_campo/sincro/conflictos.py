"""Revisar y resolver conflictos. Resolver es una escritura local más: su punto domina a los
dos que chocaron, y el registro de conflicto resuelto viaja como cualquier cambio.
"""

from __future__ import annotations

import json
from typing import Any

from pir_campo.almacen import Almacen, Cambio, consultas_documentos
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.errores import ErrorNoEncontrado, ErrorPir, ErrorValidacion
from pir_campo.formato import ZONA
from pir_campo.modelos import POR_TABLA

ACCIONES = ("mantener", "tomar_otro", "editar")
TIPOS = {"campo": "Dos cambios al mismo campo", "eliminar_vs_editar": "Eliminación y edición"}


def _momento(hlc: str) -> str:
    import datetime as dt

    ms = int(hlc.split(".")[0])
    return dt.datetime.fromtimestamp(ms / 1000, ZONA).strftime("%d-%m-%Y %H:%M")


def _etiqueta_campo(tabla: str, campo: str) -> str:
    if campo == "eliminado":
        return "Eliminado"
    modelo = POR_TABLA.get(tabla)
    info = modelo.model_fields.get(campo) if modelo else None
    return info.title if info and info.title else campo


def _valor(texto: str | None, campo: str) -> str:
    valor = json.loads(texto) if texto else None
    if campo == "eliminado":
        return "eliminado" if valor else "vigente"
    if valor is None or valor == "":
        return "(vacío)"
    return str(valor)


def _sin_articulo(etiqueta: str) -> str:
    for articulo in ("la ", "el ", "los ", "las "):
        if etiqueta.startswith(articulo):
            etiqueta = etiqueta[len(articulo) :]
    return etiqueta[:1].upper() + etiqueta[1:]


def describir(almacen: Almacen, c: dict[str, Any]) -> dict[str, Any]:
    """Un conflicto en palabras: campo, valor vigente y el otro, con quién y cuándo."""
    dg, do = json.loads(c["dot_ganador"]), json.loads(c["dot_otro"])
    modelo = POR_TABLA.get(c["tabla"])
    registro = _sin_articulo(modelo.etiqueta) if modelo else c["tabla"]
    if modelo and {"nombre", "titulo"} & set(modelo.model_fields):
        # «Persona: Rosa Ñancupil» dice a quién toca el conflicto; el tipo solo, no.
        nombre = consultas_documentos.nombres(almacen, modelo, [c["registro_id"]])
        if nombre.get(c["registro_id"]):
            registro += f": {nombre[c['registro_id']]}"
    return {
        "id": c["id"],
        "estado": c["estado"],
        "tipo": TIPOS.get(c["tipo"], c["tipo"]),
        "registro": registro,
        "tabla": c["tabla"],
        "registro_id": c["registro_id"],
        "campo": _etiqueta_campo(c["tabla"], c["campo"]),
        "valor_vigente": _valor(c["valor_ganador"], c["campo"]),
        "vigente_por": rep.nombre_dispositivo(almacen, dg[0]),
        "vigente_dispositivo": dg[0],
        "vigente_el": _momento(dg[2]),
        "valor_otro": _valor(c["valor_otro"], c["campo"]),
        "otro_por": rep.nombre_dispositivo(almacen, do[0]),
        "otro_dispositivo": do[0],
        "otro_el": _momento(do[2]),
        "resolucion": json.loads(c["resolucion"]) if c["resolucion"] else None,
    }


def listar(almacen: Almacen, todos: bool = False) -> list[dict[str, Any]]:
    return [describir(almacen, c) for c in rep.conflictos(almacen, None if todos else "abierto")]


def resolver(almacen: Almacen, conflicto_id: str, accion: str, valor: Any = None) -> list[Cambio]:
    """mantener: deja el valor vigente; tomar_otro: usa el otro; editar: escribe `valor`."""
    if accion not in ACCIONES:
        raise ErrorPir(f"Acción desconocida «{accion}»: use mantener, tomar_otro o editar.")
    c = rep.conflicto(almacen, conflicto_id)
    if c is None:
        raise ErrorNoEncontrado(f"No existe el conflicto {conflicto_id}.")
    if c["estado"] != "abierto":
        raise ErrorPir("Ese conflicto ya está resuelto.")
    tabla, registro, campo = c["tabla"], c["registro_id"], c["campo"]
    actual = rep.fila_completa(almacen, tabla, registro)
    if actual is None:
        raise ErrorNoEncontrado("El registro del conflicto aún no llega a esta instalación.")
    nuevo = actual[campo]
    if accion == "tomar_otro":
        nuevo = json.loads(c["valor_otro"])
    elif accion == "editar":
        if campo == "eliminado":
            raise ErrorPir("En un conflicto de eliminación, mantenga o tome el otro valor.")
        modelo = POR_TABLA[tabla]
        t = tabla_modelo(modelo)
        python = t.desde_sql([actual[k] for k in t.campos])
        python[campo] = valor
        validado = modelo.validar(python).como_fila()
        nuevo = dict(zip(t.campos, t.a_sql(validado), strict=True))[campo]
    cambios = []
    with almacen.transaccion():
        # Con escrituras concurrentes aún vigentes en el campo, también «mantener» escribe:
        # el punto de la resolución las supera a todas y el campo queda con uno solo.
        if nuevo != actual[campo] or rep.varias_escrituras(almacen, tabla, registro, campo):
            if campo == "eliminado" and nuevo not in (0, 1):
                raise ErrorValidacion("Valor de eliminación inválido.", "eliminado")
            almacen.escribir_sellado(tabla, registro, {campo: nuevo}, "resolución de conflicto")
            cambios.append(Cambio(tabla, (registro,), frozenset({campo})))
        resolucion = json.dumps(
            {"accion": accion, "por": almacen.nombre, "dispositivo": almacen.dispositivo},
            ensure_ascii=False,
        )
        almacen.escribir_sellado(
            "conflicto", conflicto_id, {"estado": "resuelto", "resolucion": resolucion}
        )
        rep.marcar_revisar(almacen, tabla, registro)
    cambios.append(Cambio("conflicto", (conflicto_id,), frozenset({"estado"})))
    return cambios
