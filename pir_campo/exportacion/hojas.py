"""Las hojas que se exportan, para personas: etiquetas en vez de códigos, una hoja por
instrumento, y el «Léame» con el origen, los filtros y la descripción de cada columna."""

from __future__ import annotations

from collections.abc import Callable

from pir_campo import catalogos, formato
from pir_campo.almacen import Almacen
from pir_campo.exportacion.hojas_campo import (
    actas,
    acuerdos,
    asistencia,
    localidades,
    talleres,
    territorios,
)
from pir_campo.exportacion.hojas_plan import (
    cartera,
    diagnosticos,
    necesidades,
    ofertas,
    seguimiento,
)
from pir_campo.exportacion.tabla import TEXTO, Columna, Seleccion, Tabla

__all__ = [
    "HOJAS",
    "acuerdos",
    "actas",
    "asistencia",
    "cartera",
    "diagnosticos",
    "leame",
    "localidades",
    "necesidades",
    "ofertas",
    "seguimiento",
    "talleres",
    "territorios",
]

HOJAS: tuple[Callable[[Almacen, Seleccion], Tabla], ...] = (
    territorios,
    localidades,
    talleres,
    asistencia,
    acuerdos,
    actas,
    necesidades,
    ofertas,
    cartera,
    diagnosticos,
    seguimiento,
)


def leame(a: Almacen, s: Seleccion, tablas: list[Tabla], formato_salida: str) -> Tabla:
    """Origen, fecha, filtros y el diccionario de cada columna de cada hoja."""
    region = catalogos.cargar().regiones.get(a.cut_region or "")
    rol = "oficina regional" if a.rol == "oficina" else "notebook de campo"
    if s.desde or s.hasta:
        fechas = (
            f"desde {formato.fecha(s.desde) or 'el inicio'} hasta "
            f"{formato.fecha(s.hasta) or 'hoy'}; se aplica a talleres (con su asistencia y "
            "acuerdos), actas y diagnósticos"
        )
    else:
        fechas = "todas las fechas"
    region_filtro = catalogos.cargar().regiones.get(s.cut_region or "")
    datos = [
        ("Origen", "Instalación", f"{a.nombre} ({rol}, dispositivo {a.dispositivo})"),
        ("Origen", "Región de la instalación", region.nombre_oficial if region else "Sin región"),
        ("Origen", "Exportado el", formato.momento_local(formato.ahora_utc())),
        ("Origen", "Formato", formato_salida),
        ("Filtros", "Región", region_filtro.nombre_oficial if region_filtro else "Todas"),
        ("Filtros", "Territorios", ", ".join(s.territorios)),
        ("Filtros", "Fechas", fechas),
        (
            "Filtros",
            "Datos personales",
            "Incluidos: nombres, RUT, teléfonos y autoidentificación (Ley 21.719: trátelos "
            "como datos personales y sensibles)"
            if s.con_datos_personales
            else "No incluidos: cada persona lleva un código seudónimo estable en vez de su "
            "nombre, RUT y teléfono",
        ),
    ]
    for t in tablas:
        datos.append((t.hoja, "(hoja)", t.descripcion))
        for c in t.columnas:
            datos.append((t.hoja, c.titulo, c.descripcion))
    columnas = (
        Columna("Hoja o tema", TEXTO, "Hoja del libro, o Origen y Filtros", 22),
        Columna("Columna o dato", TEXTO, "Nombre de la columna, o el dato", 30),
        Columna("Descripción o valor", TEXTO, "Qué contiene", 90),
    )
    return Tabla(
        "leame", "Léame", "Origen, filtros y diccionario de columnas", columnas, lambda: iter(datos)
    )
