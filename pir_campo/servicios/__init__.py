"""Servicios del núcleo para la aplicación de terreno (sin Qt): lo que hace una facilitadora."""
