"""Paso 1: indicadores de selección por territorio y tabla comparativa exportable a CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pir_campo import catalogos, formato
from pir_campo.almacen import Almacen, Cambio
from pir_campo.almacen import consultas_planificacion as q
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import IndicadorTerritorio, Territorio
from pir_campo.modelos.enums import EstadoTerritorio, Indicador, Tipologia


@dataclass(frozen=True)
class Columna:
    clave: str
    titulo: str
    numerica: bool = True


@dataclass(frozen=True)
class Comparacion:
    """Tabla de territorios candidatos: una fila por territorio, valores y su fuente."""

    columnas: tuple[Columna, ...]
    filas: tuple[dict[str, Any], ...]

    def ordenada(self, clave: str, descendente: bool = False) -> Comparacion:
        """Ordena por una columna; los valores faltantes siempre quedan al final."""
        con = [f for f in self.filas if f.get(clave) is not None]
        sin = [f for f in self.filas if f.get(clave) is None]
        con.sort(key=lambda f: _clave_orden(f[clave]), reverse=descendente)
        return Comparacion(self.columnas, tuple(con + sin))


def _clave_orden(valor: Any) -> Any:
    return valor.casefold() if isinstance(valor, str) else valor


def clave_indicador(indicador: str, tipologia: str | None) -> str:
    return f"{indicador}:{tipologia}" if tipologia else indicador


def titulo_indicador(indicador: str, tipologia: str | None) -> str:
    if tipologia:
        return f"Brecha {Tipologia(tipologia).etiqueta.lower()}"
    return Indicador(indicador).etiqueta


def guardar_indicador(almacen: Almacen, datos: dict[str, Any]) -> Cambio:
    """Crea el indicador o reemplaza el valor anterior del mismo indicador en el territorio."""
    IndicadorTerritorio.validar(datos)
    almacen.obtener(Territorio, datos["territorio_id"])
    tipologia = datos.get("tipologia") or None
    with almacen.transaccion():
        existentes = almacen.listar(
            IndicadorTerritorio,
            territorio_id=datos["territorio_id"],
            indicador=str(datos["indicador"]),
            tipologia=str(tipologia) if tipologia else None,
        )
        if existentes:
            return almacen.actualizar(IndicadorTerritorio, existentes[0]["id"], datos)
        nuevo = almacen.insertar(IndicadorTerritorio, datos)
    return Cambio(IndicadorTerritorio.tabla, (nuevo,), creado=True)


def indicadores(almacen: Almacen, territorio_id: str) -> list[dict[str, Any]]:
    filas = q.indicadores(almacen, [territorio_id])
    for f in filas:
        f["titulo"] = titulo_indicador(f["indicador"], f["tipologia"])
    orden_ind, orden_tip = list(Indicador), list(Tipologia)
    filas.sort(
        key=lambda f: (
            orden_ind.index(Indicador(f["indicador"])),
            orden_tip.index(Tipologia(f["tipologia"])) if f["tipologia"] else 0,
        )
    )
    return filas


def comparacion(
    almacen: Almacen, cut_region: str | None = None, solo_candidatos: bool = False
) -> Comparacion:
    """Territorios de la región con sus indicadores; una columna por indicador presente."""
    territorios = q.territorios(almacen, cut_region)
    if solo_candidatos:
        territorios = [t for t in territorios if t["estado"] == EstadoTerritorio.CANDIDATO]
    valores = q.indicadores(almacen, [t["id"] for t in territorios])
    presentes = {clave_indicador(v["indicador"], v["tipologia"]) for v in valores}
    columnas = [
        Columna("nombre", "Territorio", False),
        Columna("region", "Región", False),
        Columna("estado", "Estado", False),
        Columna("poblacion", "Población"),
        Columna("hogares", "Hogares"),
    ]
    for ind in Indicador:
        tipos = [t.value for t in Tipologia] if ind == Indicador.BRECHA else [None]
        for tip in tipos:
            clave = clave_indicador(ind.value, tip)
            if clave in presentes or (ind != Indicador.BRECHA):
                columnas.append(Columna(clave, titulo_indicador(ind.value, tip)))
    cat = catalogos.cargar()
    filas = []
    for t in territorios:
        region = cat.regiones.get(t["cut_region"])
        filas.append(
            {
                "id": t["id"],
                "nombre": t["nombre"],
                "region": region.nombre if region else t["cut_region"],
                "estado": EstadoTerritorio(t["estado"]).etiqueta,
                "poblacion": t["poblacion"],
                "hogares": t["hogares"],
                "fuentes": {},
                "unidades": {},
            }
        )
    por_id = {f["id"]: f for f in filas}
    for v in valores:
        fila = por_id[v["territorio_id"]]
        clave = clave_indicador(v["indicador"], v["tipologia"])
        fila[clave] = v["valor"]
        fila["fuentes"][clave] = f"{v['fuente']}, {v['anio']}"
        fila["unidades"][clave] = v["unidad"]
    return Comparacion(tuple(columnas), tuple(filas))


def seleccionar(almacen: Almacen, territorio_id: str, estado: str, motivo: str) -> Cambio:
    """Marca un territorio como seleccionado o descartado; el motivo queda en la bitácora."""
    if not (motivo or "").strip():
        raise ErrorValidacion(
            "El campo «Justificación» es obligatorio para cambiar el estado de selección.",
            "Justificación",
        )
    return almacen.actualizar(Territorio, territorio_id, {"estado": estado}, motivo=motivo)


def texto_valor(valor: Any, unidad: str | None = None) -> str:
    if valor is None:
        return ""
    if isinstance(valor, str):
        return valor
    # Conteos sin decimales; indicadores (tasas, densidades, índices) siempre con uno.
    texto = formato.numero(valor, 0 if isinstance(valor, int) else 1)
    return f"{texto} %" if unidad and unidad.startswith("%") else texto


def exportar_csv(comp: Comparacion, ruta: Path, estandar: bool = False) -> int:
    """CSV para planilla chilena (o RFC 4180 con `estandar`), con el mismo módulo que
    `pir-campo datos`: los valores van como números, así la planilla los puede sumar.

    Cada indicador lleva al lado su fuente y año, para que el equipo justifique su elección.
    """
    from pir_campo.exportacion.archivo import archivo_temporal, revisar_destino
    from pir_campo.exportacion.dialecto_csv import dialecto, escribir

    fijas = ("nombre", "region", "estado", "poblacion", "hogares")
    encabezado: list[str] = []
    for c in comp.columnas:
        encabezado.append(c.titulo)
        if c.clave not in fijas:
            encabezado.append(f"{c.titulo}: fuente y año")
    filas = []
    for f in comp.filas:
        fila = []
        for c in comp.columnas:
            fila.append(f.get(c.clave))
            if c.clave not in fijas:
                fila.append(f["fuentes"].get(c.clave, ""))
        filas.append(fila)
    ruta = Path(ruta).absolute()
    revisar_destino(ruta, carpeta=False)
    d = dialecto(estandar)
    with archivo_temporal(ruta) as temporal:
        with temporal.open("w", encoding=d.codificacion, newline="") as salida:
            escribir(salida, encabezado, filas, d)
    return len(comp.filas)
