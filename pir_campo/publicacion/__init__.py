"""Publicación de los datos consolidados de la oficina en PostgreSQL/PostGIS (nivel nacional,
QGIS y herramientas de BI). Requiere el extra `oficina` (psycopg), que se importa solo al
publicar."""
