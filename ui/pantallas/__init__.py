"""Pantallas de la aplicación de terreno, una por módulo."""
