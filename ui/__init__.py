"""Aplicación de escritorio de PIR Campo (PySide6): importa el núcleo; el núcleo no la importa."""

from ui import parche_pyside

parche_pyside.aplicar()
