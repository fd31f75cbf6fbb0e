"""Núcleo de PIR Campo: modelos, almacén SQLite, sincronización, documentos y CLI.

Este paquete nunca importa Qt; la interfaz de escritorio vive en `ui/`.
"""

from __future__ import annotations

NOMBRE = "PIR Campo"
__version__ = "0.1.0"
