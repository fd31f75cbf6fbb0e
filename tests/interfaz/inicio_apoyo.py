"""Una oficina consolidada de verdad: la demo de un notebook enviada por paquete a la oficina."""

from __future__ import annotations

from pathlib import Path

from pir_campo.almacen import Almacen
from tests.conftest import copiar_base
from tests.nucleo.sincro_apoyo import enviar, registrar


def oficina_consolidada(carpeta: Path, demo: Path) -> Path:
    """Copia la demo como notebook, la registra con una oficina de La Araucanía y le envía
    todo en un paquete cifrado. Devuelve la ruta de la base de la oficina."""
    carpeta.mkdir(parents=True, exist_ok=True)
    notebook = copiar_base(demo, carpeta / "notebook.sqlite")
    ruta = carpeta / "oficina.sqlite"
    with (
        Almacen.iniciar(ruta, "oficina", "GORE La Araucanía", "09") as oficina,
        Almacen.abrir(notebook) as campo,
    ):
        registrar(oficina, campo, carpeta)
        enviar(campo, oficina, carpeta)
    return ruta
