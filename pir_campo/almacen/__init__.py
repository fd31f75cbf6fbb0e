"""El almacén SQLite: único dueño del SQL de la aplicación."""

from __future__ import annotations

from pir_campo.almacen.almacen import ROLES, Almacen, Cambio
from pir_campo.almacen.migraciones import ESQUEMA_ACTUAL

__all__ = ["Almacen", "Cambio", "ESQUEMA_ACTUAL", "ROLES"]
