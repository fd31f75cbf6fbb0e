"""Estado de la sincronización para pantallas: qué falta confirmar y qué llegó de cada equipo."""

from __future__ import annotations

from typing import Any

from pir_campo.almacen import Almacen, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.formato import momento_local
from pir_campo.modelos import POR_TABLA

ETIQUETAS_TABLA = {t: POR_TABLA[t].etiqueta for t in POR_TABLA} | {"conflicto": "el conflicto"}


def _fecha(iso: str | None) -> str:
    if not iso:
        return ""
    return momento_local(iso.replace("Z", "+00:00"))


def estado(almacen: Almacen) -> dict[str, Any]:
    """En un notebook: su oficina, lo confirmado y lo pendiente. En la oficina: cada notebook."""
    salida: dict[str, Any] = {
        "rol": almacen.rol,
        "dispositivo": almacen.dispositivo,
        "nombre": almacen.nombre,
        "seq": rep.seq_actual(almacen),
        "conflictos_abiertos": almacen.conflictos_abiertos(),
    }
    if almacen.rol == "campo":
        of = rep.oficina(almacen)
        confirmado = of["confirmado_por_par"] if of else 0
        salida["oficina"] = (
            {
                "id": of["id"],
                "nombre": of["nombre"],
                "confirmado_hasta": confirmado,
                "ultimo_paquete": _fecha((of["ultimo_paquete"] or {}).get("importado_en")),
            }
            if of
            else None
        )
        salida["pendientes"] = rep.pendientes_por_tabla(almacen, confirmado)
        salida["total_pendientes"] = sum(salida["pendientes"].values())
        return salida
    dispositivos = []
    for p in rep.pares(almacen, "campo"):
        ultimo = p["ultimo_paquete"] or {}
        dispositivos.append(
            {
                "id": p["id"],
                "nombre": p["nombre"],
                "ultimo_paquete": _fecha(ultimo.get("creado")),
                "recibido_el": _fecha(ultimo.get("importado_en")),
                "recibido_hasta": p["aplicado_desde_par"],
                "huecos": [f"{a + 1}-{b}" for a, b in p["rangos_faltantes"]],
                "confirma_oficina_hasta": p["confirmado_por_par"],
                "territorios": len(p["territorios"]),
                "identidad": texto_identidad(almacen, p["id"]),
            }
        )
    salida["dispositivos"] = dispositivos
    return salida


def texto_identidad(almacen: Almacen, dispositivo: str) -> str:
    """En la oficina: si el notebook es la identidad nueva de otro, si lo reemplazó una, o si
    se le rechazó un paquete por repetir números de cambio (base restaurada o copiada)."""
    partes = []
    de = sucesion.sucesion_de(almacen, dispositivo)
    if de:
        partes.append(
            f"Identidad nueva de {rep.nombre_dispositivo(almacen, de['anterior'])} "
            f"({de['anterior']}), registrada el {_fecha(de['registrado_en'])}: su base era una "
            "copia restaurada o copiada"
        )
    nuevo = sucesion.sucedido_por(almacen, dispositivo)
    if nuevo:
        partes.append(f"Una copia de su base sigue como {nuevo}")
    reuso = sucesion.reutilizacion(almacen, dispositivo)
    if reuso:
        partes.append(
            f"Paquete rechazado el {_fecha(reuso['fecha'])}: repitió números de cambio "
            f"(desde el n.º {reuso['seq']}) con otro contenido; su base es una copia "
            "restaurada o copiada. Debe importar el próximo paquete de la oficina"
        )
    return ". ".join(partes) + ("." if partes else "")
