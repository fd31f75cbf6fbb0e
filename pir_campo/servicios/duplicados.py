"""Duplicados por clave natural: una sola regla para el notebook y la oficina, la fusión que no
pierde nada y la redirección de lo que un notebook escribe tarde en un registro fusionado.

Claves (siempre dentro de un territorio, el alcance con que cada notebook recibe los datos):
- persona: el RUT; si a una de las dos le falta, el nombre normalizado (sin tildes, mayúsculas
  ni espacios de más) y la comuna (la de sus talleres o la de su organización; si no se sabe,
  cualquiera del territorio). Dos RUT distintos son dos personas aunque se llamen igual.
- localidad: nombre normalizado y comuna.
- organización: el RUT si ambas lo tienen; si no, nombre normalizado y comuna (la de su
  localidad; sin localidad, cualquiera del territorio).
Fusionar deja la perdedora como lápida con `fusionado_en`, que viaja como cualquier cambio.

Registros únicos (`Modelo.clave_unica`: versión del PMDT por territorio y número, indicador de
selección por territorio, indicador y tipología, respuesta por diagnóstico e ítem) que una
versión anterior creó dos veces con ids al azar también son pares de la cola; si no hay nada
que decidir (valores iguales o un lado vacío) se fusionan solos al importar o abrir la base.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_duplicados as qd
from pir_campo.almacen.consultas_campo import normalizar_nombre
from pir_campo.almacen.ids_importacion import IdsPorTabla
from pir_campo.errores import ErrorPir, ErrorValidacion
from pir_campo.modelos import POR_TABLA, Asistencia

TABLAS = qd.TABLAS
UNICOS = tuple(qd.UNICOS)
ETIQUETAS = {
    "persona": "Persona",
    "localidad": "Localidad",
    "organizacion": "Organización",
    "pmdt": "Versión del PMDT",
    "indicador_territorio": "Indicador de selección",
    "respuesta_diagnostico": "Respuesta de diagnóstico",
}
MOTIVO_UNICO = "misma clave de un registro único"
# Lo que no es contenido del registro: metadatos de sincronización y columnas de la consulta.
_NO_CONTENIDO = {"id", "territorio_id", "territorio", "nombre", "dependientes"}
MOTIVO = "fusión de registros duplicados"
_LOTE = 1000


def motivo(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """Por qué `a` y `b` serían el mismo registro, o None si no lo son."""
    if a["id"] == b["id"]:
        return None
    if a["territorio_id"] != b["territorio_id"]:
        # La misma persona en dos territorios se muestra, pero no se fusiona (cada notebook
        # recibe solo sus territorios): suele ser un RUT mal digitado en uno de ellos.
        mismo = a.get("rut") and a.get("rut") == b.get("rut")
        return "mismo RUT en otro territorio" if mismo else None
    if a.get("rut") and b.get("rut"):
        return "mismo RUT" if a["rut"] == b["rut"] else None
    if normalizar_nombre(a["nombre"]) != normalizar_nombre(b["nombre"]):
        return None
    return "mismo nombre y comuna" if a["comunas"] & b["comunas"] else None


def pares(almacen: Almacen, tabla: str, territorio_id: str | None = None) -> list[dict[str, Any]]:
    """Parejas de posibles duplicados de `tabla`; sin territorio, en toda la base (oficina)."""
    filas = qd.candidatos(almacen, tabla, territorio_id)
    grupos: dict[tuple, list[dict[str, Any]]] = {}
    for f in filas:
        if f["rut"]:
            grupos.setdefault(("rut", f["rut"]), []).append(f)
        grupos.setdefault((f["territorio_id"], normalizar_nombre(f["nombre"])), []).append(f)
    salida: dict[tuple[str, str], dict[str, Any]] = {}
    for grupo in grupos.values():
        for i, a in enumerate(grupo):
            for b in grupo[i + 1 :]:
                clave = tuple(sorted((a["id"], b["id"])))
                razon = motivo(a, b)
                if razon and clave not in salida:
                    primero, segundo = (a, b) if a["id"] == clave[0] else (b, a)
                    salida[clave] = {
                        "id": f"{tabla}|{clave[0]}|{clave[1]}",
                        "tabla": tabla,
                        "tipo": ETIQUETAS[tabla],
                        "a": primero,
                        "b": segundo,
                        "motivo": razon,
                    }
    return sorted(
        salida.values(),
        key=lambda p: (p["a"]["territorio"], normalizar_nombre(p["a"]["nombre"]), p["id"]),
    )


def pares_unicos(
    almacen: Almacen, tabla: str, territorio_id: str | None = None
) -> list[dict[str, Any]]:
    """Parejas de un registro único repetido (misma clave, ids distintos), con sus valores."""
    modelo = POR_TABLA[tabla]
    grupos: dict[tuple, list[dict[str, Any]]] = {}
    for f in qd.unicos_repetidos(almacen, tabla, modelo.clave_unica, territorio_id):
        f["nombre"], f["rut"], f["comunas"] = f.pop("nombre_clave"), None, set()
        f["valores"] = {
            c: modelo_valor(f, c) for c in modelo.model_fields if c not in _NO_CONTENIDO
        }
        grupos.setdefault(tuple(f[c] for c in modelo.clave_unica), []).append(f)
    salida = []
    for grupo in grupos.values():
        a = grupo[0]
        for b in grupo[1:]:
            salida.append(
                {
                    "id": f"{tabla}|{a['id']}|{b['id']}",
                    "tabla": tabla,
                    "tipo": ETIQUETAS[tabla],
                    "a": a,
                    "b": b,
                    "motivo": MOTIVO_UNICO,
                    "diferencias": diferencias(a["valores"], b["valores"]),
                }
            )
    return salida


def modelo_valor(fila: dict[str, Any], campo: str) -> Any:
    """El valor tal como lo compara la fusión: listas guardadas como JSON, vacío como None."""
    v = fila.get(campo)
    if isinstance(v, str) and v[:1] == "[":
        try:
            v = json.loads(v)
        except ValueError:
            pass
    return None if v in ("", [], None) else v


def diferencias(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Campos con un valor distinto en cada lado (un lado vacío no es diferencia)."""
    return [c for c in a if a[c] is not None and b.get(c) is not None and a[c] != b[c]]


def cola(almacen: Almacen, territorio_id: str | None = None) -> list[dict[str, Any]]:
    """La cola de duplicados de la oficina: personas, localidades, organizaciones y registros
    únicos repetidos."""
    return [p for tabla in TABLAS for p in pares(almacen, tabla, territorio_id)] + [
        p for tabla in UNICOS for p in pares_unicos(almacen, tabla, territorio_id)
    ]


def fusionar_unicos_seguros(almacen: Almacen, tablas: Iterable[str] = UNICOS) -> list[Cambio]:
    """Fusiona los registros únicos repetidos que no piden decidir nada (iguales o con un lado
    vacío): queda el de menor id, así dos instalaciones que lo hacen a la vez coinciden. Al
    importar se revisan solo las `tablas` a las que llegó algo."""
    cambios: list[Cambio] = []
    for tabla in tablas:
        while True:
            seguro = next((p for p in pares_unicos(almacen, tabla) if not p["diferencias"]), None)
            if seguro is None:
                break
            conservar, absorber = sorted((seguro["a"]["id"], seguro["b"]["id"]))
            cambios += fusionar(almacen, tabla, conservar, absorber)
    return cambios


def parecidas(
    almacen: Almacen, territorio_id: str, nombre: str, rut: str | None, excluir: str | None = None
) -> list[dict[str, Any]]:
    """Al anotar a alguien: personas del territorio con su RUT o su mismo nombre (normalizado),
    cada una con el motivo; lo que se ofrece para no crear un duplicado."""
    salida = []
    for p in qd.personas_parecidas(almacen, territorio_id, nombre, rut):
        if p["id"] == excluir:
            continue
        if rut and p["rut"]:
            if p["rut"] != rut:
                continue
            p["motivo"] = "mismo RUT"
        elif normalizar_nombre(p["nombre"]) == normalizar_nombre(nombre):
            p["motivo"] = "mismo nombre"
        else:
            continue
        salida.append(p)
    return sorted(salida, key=lambda p: p["motivo"] != "mismo RUT")


def sugerir_conservar(par: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(conservar, absorber): la que tiene RUT o más registros colgando aporta más."""
    a, b = par["a"], par["b"]
    if (bool(a["rut"]), a["dependientes"]) >= (bool(b["rut"]), b["dependientes"]):
        return a, b
    return b, a


def fusionar(almacen: Almacen, tabla: str, conservar: str, absorber: str) -> list[Cambio]:
    """Deja un solo registro: lo que colgaba de `absorber` pasa a `conservar` y `absorber`
    queda como lápida que redirige. Las asistencias de talleres cerrados y las actas firmadas
    no se tocan (están congeladas) y se siguen contando para `conservar` a través de la
    redirección."""
    if tabla not in TABLAS and tabla not in UNICOS:
        raise ErrorPir(f"No se fusionan registros de {tabla}.")
    modelo = POR_TABLA[tabla]
    if conservar == absorber:
        raise ErrorValidacion(f"No se puede fusionar {modelo.etiqueta} consigo misma.", "id")
    cambios: list[Cambio] = []
    with almacen.transaccion():
        buena = almacen.obtener(modelo, conservar)
        otra = almacen.obtener(modelo, absorber)
        if buena["territorio_id"] != otra["territorio_id"]:
            raise ErrorValidacion(
                f"Solo se fusionan registros del mismo territorio ({modelo.etiqueta}).",
                ETIQUETAS[tabla],
            )
        for t, campo in qd.REFERENCIAS[tabla]:
            for fila in qd.referencias(almacen, t, campo, absorber):
                cambios += _traspasar(almacen, t, campo, fila, conservar)
        completar = {
            c: otra[c]
            for c in modelo.model_fields
            if c not in ("territorio_id", "nombre", *modelo.clave_unica)
            and otra[c] not in (None, "", [])
            and buena[c] in (None, "", [])
        }
        if completar:
            cambios.append(almacen.actualizar(modelo, conservar, completar, MOTIVO))
        qd.marcar_fusion(almacen, tabla, absorber, conservar)
    cambios.append(Cambio(tabla, (absorber,), frozenset({"fusionado_en"}), eliminado=True))
    return cambios


def _traspasar(
    almacen: Almacen, tabla: str, campo: str, fila: dict[str, Any], destino: str
) -> list[Cambio]:
    """Apunta `fila` a `destino`; si la persona destino ya asistió a ese taller, junta las dos
    asistencias en una (firma, cargo y organización se conservan). Lo congelado (asistencias
    de un taller cerrado, un acta firmada) no se toca: sigue apuntando a la lápida, que redirige
    a `destino`."""
    if fila["estado_taller"] == "cerrado" or fila.get("estado_acta") == "firmada":
        return []
    modelo = POR_TABLA[tabla]
    if tabla == "asistencia" and campo == "persona_id":
        otra = next(
            (
                r
                for r in qd.referencias(almacen, "asistencia", "persona_id", destino)
                if r["taller_id"] == fila["taller_id"]
            ),
            None,
        )
        if otra is not None:
            juntos = {
                "firmo": bool(otra["firmo"] or fila["firmo"]),
                "cargo": otra["cargo"] or fila["cargo"],
                "organizacion_id": otra["organizacion_id"] or fila["organizacion_id"],
            }
            return [
                almacen.actualizar(Asistencia, otra["id"], juntos, MOTIVO),
                almacen.eliminar(Asistencia, fila["id"], MOTIVO),
            ]
    return [almacen.actualizar(modelo, fila["id"], {campo: destino}, MOTIVO)]


def redirigir_importado(
    almacen: Almacen,
    aplicados: IdsPorTabla,
    tardios: list[tuple[str, str, dict[str, Any]]],
) -> list[Cambio]:
    """En la oficina, al importar: lo que un notebook escribió en un registro ya fusionado
    (sin saberlo) pasa al registro que quedó, y lo que apunta a él se redirige. Los aplicados
    se recorren por lotes: nunca todos los ids del paquete en memoria."""
    cambios: list[Cambio] = []
    with almacen.transaccion():
        for tabla in TABLAS:
            for lote in aplicados.lotes(tabla, _LOTE):
                # Solo una lápida puede estar en un ciclo de redirecciones.
                for id_ in qd.fusionados_entre(almacen, tabla, lote):
                    cambios += _romper_ciclo(almacen, tabla, id_)
        for tabla, fusionado, valores in tardios:
            destino = qd.destino_final(almacen, tabla, fusionado)
            if destino is None:
                continue
            modelo = POR_TABLA[tabla]
            actual = almacen.obtener(modelo, destino)
            nuevos = {
                c: v
                for c, v in valores.items()
                if c in modelo.model_fields and c != modelo.campo_territorio and actual[c] != v
            }
            if nuevos:
                try:
                    cambios.append(
                        almacen.actualizar(
                            modelo, destino, nuevos, "cambio redirigido desde un registro fusionado"
                        )
                    )
                except ErrorPir:
                    pass  # el valor queda en la lápida y en su bitácora: no se pierde
        for tabla in TABLAS:
            for t, campo in qd.REFERENCIAS[tabla]:
                if not aplicados.cuantos(t):
                    continue
                elegidos = partial(aplicados.vistos, t)
                for id_, viejo in qd.apuntan_a_fusionados(almacen, t, campo, tabla, elegidos):
                    destino = qd.destino_final(almacen, tabla, viejo)
                    if destino is None:
                        continue
                    for fila in qd.referencias(almacen, t, campo, viejo):
                        if fila["id"] != id_:
                            continue
                        try:
                            cambios += _traspasar(almacen, t, campo, fila, destino)
                        except ErrorPir:
                            pass  # la lectura sigue la redirección; el paquete no se pierde
    return cambios


def _romper_ciclo(almacen: Almacen, tabla: str, id_: str) -> list[Cambio]:
    """Dos fusiones cruzadas (A en B aquí, B en A en un notebook) dejarían a ambos eliminados:
    vuelve el de menor id y los demás del ciclo apuntan a él (una escritura de la oficina)."""
    ciclo = qd.ciclo(almacen, tabla, id_)
    if not ciclo:
        return []
    vuelve = min(ciclo)
    otros = [i for i in ciclo if i != vuelve]
    qd.deshacer_ciclo(almacen, tabla, vuelve, otros)
    cambios = [Cambio(tabla, tuple(ciclo), frozenset({"eliminado", "fusionado_en"}))]
    for otro in otros:
        for t, campo in qd.REFERENCIAS[tabla]:
            for fila in qd.referencias(almacen, t, campo, otro):
                try:
                    cambios += _traspasar(almacen, t, campo, fila, vuelve)
                except ErrorPir:
                    pass  # la lectura sigue la redirección
    return cambios
