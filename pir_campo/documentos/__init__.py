"""Documentos impresos (reportlab): actas, listas de asistencia, fichas y reportes."""

from __future__ import annotations
