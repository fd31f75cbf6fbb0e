"""Editor de actas de validación (pasos 2 y 5)."""
