"""Aplicación de escritorio de PIR Campo (PySide6). Importa el núcleo; el núcleo nunca la importa."""
