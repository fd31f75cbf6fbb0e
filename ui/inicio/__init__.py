"""Pantallas de inicio (oficina y notebook) y sus gráficos."""
