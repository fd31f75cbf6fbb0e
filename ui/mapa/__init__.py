"""Mapa sin conexión de territorios, localidades, necesidades e iniciativas."""
