"""Entregas: cada paquete que la oficina recibió de cada notebook, con cuándo, qué trajo por
tipo de registro, conflictos, lo retenido y por qué, y el recibo que la oficina devolvió."""

from __future__ import annotations

import json
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.formato import momento_local


def _etiqueta_tabla(tabla: str) -> str:
    from pir_campo.modelos import ETIQUETAS_CONTEO, POR_TABLA

    if tabla == "conflicto":
        return "Conflictos"
    modelo = POR_TABLA.get(tabla)
    return ETIQUETAS_CONTEO.get(modelo.conteo, tabla) if modelo else tabla


def recibos_enviados(almacen: Almacen, dispositivo: str) -> list[dict[str, Any]]:
    return json.loads(almacen.ajuste(f"recibos.{dispositivo}", "[]") or "[]")


def entregas(almacen: Almacen, dispositivo: str | None = None) -> list[dict[str, Any]]:
    salida = []
    for p in rep.pares(almacen, "campo"):
        if dispositivo and p["id"] != dispositivo:
            continue
        recibos = recibos_enviados(almacen, p["id"])
        for b in rep.paquetes_de(almacen, p["id"], 100_000):
            r = b["resumen"]
            por_tabla = {_etiqueta_tabla(t): n for t, n in (r.get("por_tabla") or {}).items()}
            # El recibo que lo cubre: el primero enviado después, que confirma hasta su final.
            recibo = next(
                (
                    x
                    for x in recibos
                    if x["enviado_en"] >= b["importado_en"][:19]
                    and x["confirma_hasta"] >= b["seq_hasta"]
                ),
                None,
            )
            retenidos = r.get("retenidos", [])
            salida.append(
                {
                    "id": b["paquete_id"],
                    "notebook": p["nombre"],
                    "dispositivo": p["id"],
                    "creado": r.get("creado"),
                    "importado_en": b["importado_en"],
                    "recibido_el": momento_local(b["importado_en"]),
                    "registros": por_tabla,
                    "registros_texto": ", ".join(f"{k}: {v}" for k, v in por_tabla.items())
                    or "sin registros",
                    "nuevos": r.get("nuevos", 0),
                    "actualizados": r.get("actualizados", 0),
                    "conflictos": r.get("conflictos", 0),
                    "retenidos": retenidos,
                    "retenidos_texto": "; ".join(
                        f"{_etiqueta_tabla(x['t'])} {x['id'][:8]}…: {x['motivo']}"
                        for x in retenidos
                    )
                    or "ninguno",
                    "recibo": recibo,
                    "recibo_texto": (
                        f"Enviado el {momento_local(recibo['enviado_en'])}"
                        if recibo
                        else "Aún no se envía"
                    ),
                }
            )
    salida.sort(key=lambda e: (e["importado_en"], e["id"]), reverse=True)  # uuid7: por hora
    return salida
