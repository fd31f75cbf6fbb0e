"""Servicios de planificación (sin Qt): los ocho pasos del programa sobre el almacén.

Cada módulo recibe un `Almacen` y devuelve datos simples o un `Cambio`; la interfaz y la
CLI usan los mismos servicios. El SQL vive en `pir_campo.almacen.consultas_planificacion`.
"""
