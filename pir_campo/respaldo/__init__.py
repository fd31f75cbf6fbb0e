"""Respaldos de una instalación: un solo archivo con la base, su .llave y sus adjuntos.

- `archivo`: el formato (un zip sin comprimir: lo que lleva ya va cifrado) y su revisión;
- `crear`: un respaldo consistente mientras la aplicación escribe (API de respaldo del motor);
- `restaurar`: revisa el archivo y lo pone en lugar de la base, conservando la de antes;
- `diario`: la restauración en dos tiempos que nunca deja una mezcla (la termina `Almacen.abrir`);
- `automatico`: los respaldos de cada día junto a la base, 7 diarios y 4 semanales.

Este `__init__` no importa nada: `Almacen.abrir` usa `diario` sin cargar el resto.
"""
