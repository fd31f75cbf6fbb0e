"""Datos para Excel, LibreOffice y QGIS: libro XLSX, CSV (chileno o RFC 4180), GeoJSON y
GeoPackage, de la región, los territorios y las fechas que se elijan, con o sin datos
personales. Es la cara pública del paquete: la CLI (`pir-campo datos`) y la aplicación
(Archivo > Exportar datos…) llaman a `exportar`.

Nada queda a medias: cada archivo se escribe con un nombre temporal y se renombra al final.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_exportacion as q
from pir_campo.errores import ErrorExportacion
from pir_campo.exportacion import archivo, dialecto_csv
from pir_campo.exportacion.dialecto_csv import CHILENO, ESTANDAR, Dialecto
from pir_campo.exportacion.tabla import Seleccion, Tabla

__all__ = [
    "CHILENO",
    "ESTANDAR",
    "FORMATOS",
    "Dialecto",
    "ErrorExportacion",
    "Filtro",
    "Resultado",
    "exportar",
    "leer_fecha",
    "resolver",
    "tablas",
]

FORMATOS = {
    "xlsx": "Libro de Excel (.xlsx)",
    "csv": "CSV, un archivo por tabla",
    "geojson": "GeoJSON, un archivo por capa",
    "gpkg": "GeoPackage (.gpkg)",
}
# Formatos cuya salida es una carpeta con un archivo por tabla o capa.
EN_CARPETA = {"csv", "geojson"}

Progreso = Callable[[str, float], None] | None


@dataclass(frozen=True)
class Filtro:
    """Lo que pide la persona, sin revisar todavía."""

    cut_region: str | None = None
    territorios: tuple[str, ...] = ()
    desde: dt.date | None = None
    hasta: dt.date | None = None
    con_datos_personales: bool = False


@dataclass
class Resultado:
    ruta: Path
    formato: str
    archivos: list[Path]
    filas: dict[str, int] = field(default_factory=dict)

    def texto(self) -> str:
        datos = {k: v for k, v in self.filas.items() if k != "Léame"}
        total = sum(datos.values())
        donde = f"en la carpeta {self.ruta}" if self.ruta.is_dir() else f"en {self.ruta}"
        return (
            f"Se exportaron {total:,} filas".replace(",", ".")
            + f" en {len(datos)} {'capas' if self.formato in ('geojson', 'gpkg') else 'tablas'}"
            + f" {donde}."
        )


def leer_fecha(texto: str, campo: str) -> dt.date:
    """dd-mm-aaaa (como se escribe en Chile) o aaaa-mm-dd."""
    t = (texto or "").strip()
    try:
        m = re.fullmatch(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", t)
        if m:
            d, mes, a = (int(x) for x in m.groups())
            return dt.date(a, mes, d)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return dt.date.fromisoformat(t)
    except ValueError:
        pass
    raise ErrorExportacion(
        f"La fecha {campo} «{texto}» no es válida; escríbala como dd-mm-aaaa (ej.: 31-12-2026)."
    )


def resolver(almacen: Almacen, filtro: Filtro) -> Seleccion:
    """Revisa el filtro: territorios que existen, una selección no vacía, fechas en orden."""
    from pir_campo import catalogos
    from pir_campo.almacen import consultas_planificacion as qp

    if filtro.desde and filtro.hasta and filtro.hasta < filtro.desde:
        raise ErrorExportacion(
            f"El rango de fechas termina ({filtro.hasta:%d-%m-%Y}) antes de empezar "
            f"({filtro.desde:%d-%m-%Y}); ponga primero la fecha más antigua."
        )
    if filtro.cut_region and filtro.cut_region not in catalogos.cargar().regiones:
        raise ErrorExportacion(f"La región «{filtro.cut_region}» no existe en el catálogo.")
    pedidos = list(dict.fromkeys(filtro.territorios))
    if pedidos:
        existentes = q.territorios_existentes(almacen, pedidos)
        faltan = [t for t in pedidos if t not in existentes]
        if faltan:
            raise ErrorExportacion(
                f"No existe un territorio con identificador {', '.join(faltan)} en esta base; "
                "vea los identificadores con «pir-campo listar territorios»."
            )
    territorios = qp.territorios(almacen, filtro.cut_region)
    if pedidos:
        territorios = [t for t in territorios if t["id"] in set(pedidos)]
    if not territorios:
        raise ErrorExportacion(
            "La selección no tiene ningún territorio: no hay nada que exportar. Elija otra "
            "región o territorios de la región elegida."
        )
    return Seleccion(
        tuple(t["id"] for t in territorios),
        tuple(t["nombre"] for t in territorios),
        filtro.cut_region,
        filtro.desde,
        filtro.hasta,
        filtro.con_datos_personales,
    )


def tablas(almacen: Almacen, seleccion: Seleccion, formato: str = "xlsx") -> list[Tabla]:
    """Las tablas de la selección, con el Léame primero (en las capas SIG, solo las capas)."""
    from pir_campo.exportacion import geo
    from pir_campo.exportacion import hojas as t

    hojas = [h(almacen, seleccion) for h in t.HOJAS]
    if formato in ("geojson", "gpkg"):
        return [h for h in hojas if h.clave in geo.CAPAS]
    return [t.leame(almacen, seleccion, hojas, FORMATOS.get(formato, formato)), *hojas]


def exportar(
    almacen: Almacen,
    formato: str,
    salida: Path,
    filtro: Filtro,
    csv_estandar: bool = False,
    progreso: Progreso = None,
) -> Resultado:
    """Exporta la selección a `salida` (un archivo, o una carpeta para csv y geojson)."""
    if formato not in FORMATOS:
        raise ErrorExportacion(
            f"El formato «{formato}» no existe; use uno de: {', '.join(FORMATOS)}."
        )
    salida = Path(salida).absolute()
    archivo.revisar_destino(salida, formato in EN_CARPETA)
    seleccion = resolver(almacen, filtro)
    lista = tablas(almacen, seleccion, formato)
    avisar = _Avance(progreso, len(lista))
    resultado = Resultado(salida, formato, [])
    if formato == "xlsx":
        from pir_campo.exportacion import libro

        with archivo.archivo_temporal(salida) as tmp:
            resultado.filas = libro.escribir(tmp, lista, avisar.filas, avisar.tabla)
        resultado.archivos = [salida]
    elif formato == "gpkg":
        from pir_campo.exportacion import geo

        with archivo.archivo_temporal(salida) as tmp:
            resultado.filas = geo.escribir_gpkg(tmp, lista, avisar.tabla)
        resultado.archivos = [salida]
    else:
        resultado.filas, nombres = _en_carpeta(salida, formato, lista, csv_estandar, avisar)
        resultado.archivos = [salida / n for n in nombres]
    if progreso:
        progreso("Listo", 1.0)
    return resultado


def _en_carpeta(
    salida: Path, formato: str, lista: Sequence[Tabla], estandar: bool, avisar: _Avance
) -> tuple[dict[str, int], list[str]]:
    from pir_campo.exportacion import geo

    filas: dict[str, int] = {}
    nombres: list[str] = []
    d = dialecto_csv.dialecto(estandar)
    with archivo.carpeta_temporal(salida) as carpeta:
        for tabla in lista:
            avisar.tabla(tabla.hoja)
            if formato == "csv":
                nombre = f"{tabla.clave}.csv"
                with (carpeta / nombre).open("w", encoding=d.codificacion, newline="") as f:
                    filas[tabla.hoja] = dialecto_csv.escribir(
                        f, [c.titulo for c in tabla.columnas], tabla.filas(), d
                    )
            else:
                nombre = f"{geo.CAPAS[tabla.clave]}.geojson"
                with (carpeta / nombre).open("w", encoding="utf-8", newline="\n") as f:
                    filas[geo.CAPAS[tabla.clave]] = geo.escribir_geojson(f, tabla)
            nombres.append(nombre)
    return filas, nombres


class _Avance:
    """Avance aproximado: cada tabla vale lo mismo; la asistencia avisa cada 5.000 filas."""

    def __init__(self, progreso: Progreso, total: int):
        self.progreso, self.total, self.hechas, self.nombre = progreso, max(1, total), -1, ""

    def tabla(self, nombre: str) -> None:
        self.hechas += 1
        self.nombre = nombre
        if self.progreso:
            self.progreso(
                f"Escribiendo {nombre} ({self.hechas + 1} de {self.total})",
                min(0.99, self.hechas / self.total),
            )

    def filas(self, n: int) -> None:
        if self.progreso and n:
            self.progreso(
                f"Escribiendo {self.nombre} ({self.hechas + 1} de {self.total})",
                min(0.99, (self.hechas + 0.5) / self.total),
            )
