"""Aplicación de escritorio de PIR Campo (PySide6): importa el núcleo; el núcleo no la importa."""
