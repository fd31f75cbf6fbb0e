"""Necesidades de infraestructura por territorio y oferta de inversión existente (paso 3)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Localidad, Necesidad, OfertaInversion, Taller, Territorio
from pir_campo.modelos.enums import EtapaProyecto, Tipologia, UnidadMonto

# Etapas del ciclo de vida en orden; «descartada» va aparte.
ETAPAS_CICLO = tuple(e for e in EtapaProyecto if e != EtapaProyecto.DESCARTADA)


def _mismo_territorio(almacen: Almacen, datos: dict[str, Any]) -> None:
    """La localidad y el taller de una necesidad deben ser de su mismo territorio."""
    territorio = datos.get("territorio_id")
    for modelo, campo, nombre in (
        (Localidad, "localidad_id", "Localidad"),
        (Taller, "taller_id", "Taller de origen"),
    ):
        valor = datos.get(campo)
        if valor and almacen.obtener(modelo, valor)["territorio_id"] != territorio:
            raise ErrorValidacion(f"El campo «{nombre}» corresponde a otro territorio.", nombre)


def guardar_necesidad(
    almacen: Almacen, datos: dict[str, Any], id: str | None = None, motivo: str | None = None
) -> Cambio:
    """Crea (sin id) o actualiza una necesidad; si algo no cumple, no se guarda nada."""
    with almacen.transaccion():
        if id is None:
            Necesidad.validar(datos)
            almacen.obtener(Territorio, datos["territorio_id"])
            _mismo_territorio(almacen, datos)
            nuevo = almacen.insertar(Necesidad, datos, motivo=motivo)
            return Cambio(Necesidad.tabla, (nuevo,), creado=True)
        actual = almacen.obtener(Necesidad, id)
        combinado = {**actual, **datos}
        combinado.pop("id")
        Necesidad.validar(combinado)
        _mismo_territorio(almacen, combinado)
        return almacen.actualizar(Necesidad, id, datos, motivo=motivo)


def descartar(almacen: Almacen, id: str, motivo: str) -> Cambio:
    return guardar_necesidad(
        almacen, {"etapa": EtapaProyecto.DESCARTADA.value, "motivo_descarte": motivo}, id, motivo
    )


def listar(
    almacen: Almacen, territorio_id: str, tipologia: str | None = None, etapa: str | None = None
) -> list[dict[str, Any]]:
    filas = q.necesidades(almacen, territorio_id, tipologia, etapa)
    for f in filas:
        f["tipologia_etiqueta"] = Tipologia(f["tipologia"]).etiqueta
        f["etapa_etiqueta"] = EtapaProyecto(f["etapa"]).etiqueta
    return filas


def matriz_tipologia_etapa(
    almacen: Almacen, territorio_ids: Iterable[str]
) -> dict[str, dict[str, int]]:
    """Necesidades por tipología (filas) y etapa (columnas), con todas las celdas presentes."""
    matriz = {t.value: {e.value: 0 for e in EtapaProyecto} for t in Tipologia}
    for f in q.conteo_necesidades(almacen, list(territorio_ids)):
        matriz[f["tipologia"]][f["etapa"]] += f["cantidad"]
    return matriz


def guardar_oferta(almacen: Almacen, datos: dict[str, Any], id: str | None = None) -> Cambio:
    with almacen.transaccion():
        if id is None:
            OfertaInversion.validar(datos)
            almacen.obtener(Territorio, datos["territorio_id"])
            nuevo = almacen.insertar(OfertaInversion, datos)
            return Cambio(OfertaInversion.tabla, (nuevo,), creado=True)
        return almacen.actualizar(OfertaInversion, id, datos)


def ofertas(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    filas = almacen.listar(OfertaInversion, orden="anio", territorio_id=territorio_id)
    for f in filas:
        f["tipologia_etiqueta"] = Tipologia(f["tipologia"]).etiqueta
    return filas


def totales_oferta(filas: Iterable[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Montos por tipología, en pesos y en UF por separado (la UF nunca se convierte sola)."""
    salida: dict[str, dict[str, float]] = {}
    for f in filas:
        if f.get("monto") is None:
            continue
        por_unidad = salida.setdefault(f["tipologia"], {UnidadMonto.CLP.value: 0, "UF": 0})
        por_unidad[f["unidad_monto"]] += f["monto"]
    return salida
