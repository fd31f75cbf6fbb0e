"""El almacén SQLite: único dueño del SQL de la aplicación."""

from __future__ import annotations

from pir_campo.almacen import sucesion
from pir_campo.almacen.almacen import ROLES, Almacen, Cambio
from pir_campo.almacen.migraciones import ESQUEMA_ACTUAL

# Una base que resulta ser una copia restaurada o clonada sigue con una identidad nueva.
Almacen.al_detectar_copia = sucesion.copia_detectada_al_abrir

__all__ = ["Almacen", "Cambio", "ESQUEMA_ACTUAL", "ROLES"]
