"""Lo que toda instalación hace al abrirse, desde la CLI o desde la aplicación, en un solo lugar."""

from __future__ import annotations

from pir_campo.almacen import Almacen, consultas_supresion
from pir_campo.almacen.almacen import AJUSTE_UNICOS_REVISADOS
from pir_campo.errores import ErrorBaseDatos
from pir_campo.servicios import adjuntos, envios


def al_abrir(almacen: Almacen) -> None:
    """Catálogos e instrumento que envió la oficina, la fusión de los únicos repetidos, los
    adjuntos que dejó a medias una importación cortada y las supresiones que le falten a una
    base restaurada de un respaldo anterior."""
    envios.activar(almacen)
    fusionar_unicos_antiguos(almacen)
    try:
        adjuntos.recuperar_preparados(almacen)
    except (ErrorBaseDatos, OSError):
        pass  # solo lectura u ocupada: se intenta de nuevo al importar o en la próxima apertura
    if not consultas_supresion.ruta_copia(almacen.ruta).is_file():
        return  # lo común: nada suprimido; abrir no paga la importación de los modelos
    try:
        from pir_campo.servicios import supresion

        supresion.reaplicar_copia(almacen)
    except (ErrorBaseDatos, OSError):
        pass  # solo lectura u ocupada: en la próxima apertura


def fusionar_unicos_antiguos(almacen: Almacen) -> int:
    """Una vez por base: fusiona los registros únicos que una versión anterior creó dos veces
    (ids al azar) y que no piden decidir nada; lo mismo que hace cada importación, para una base
    que nunca importa. Los que difieren quedan en la cola de duplicados. Devuelve cuántos
    registros cambió.

    En un medio de solo lectura no se puede escribir la marca: se intenta en la próxima apertura.
    """
    if almacen.ajuste(AJUSTE_UNICOS_REVISADOS):
        return 0
    # Aquí y no arriba: importa los modelos pydantic (~0,1 s), y abrir la base casi nunca los pide.
    from pir_campo.servicios import duplicados

    try:
        with almacen.transaccion():
            cambios = duplicados.fusionar_unicos_seguros(almacen)
            almacen.guardar_ajuste(AJUSTE_UNICOS_REVISADOS, "1")
    except ErrorBaseDatos:
        return 0
    return sum(len(c.ids) for c in cambios)
