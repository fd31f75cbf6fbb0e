"""Estado de la sincronización para pantallas: qué falta confirmar y qué llegó de cada equipo."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from pir_campo import reloj
from pir_campo.almacen import Almacen, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.formato import momento_local
from pir_campo.modelos import POR_TABLA

_FECHA_OFICINA = "reloj.oficina"
# Cuánto tiempo se recuerda que el reloj estuvo adelantado y se corrigió.
_AVISO_CORREGIDO = timedelta(days=30)

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
        salida["aviso_reloj"] = aviso_reloj(almacen)
        salida["territorios"] = _alcance_propio_texto(almacen)
        salida["pendientes"] = rep.pendientes_por_tabla(almacen, confirmado)
        salida["total_pendientes"] = sum(salida["pendientes"].values())
        return salida
    from pir_campo.sincro import revocacion, territorios

    propuestos: dict[str, int] = {}
    for x in territorios.propuestas(almacen):
        propuestos[x["dispositivo"]] = propuestos.get(x["dispositivo"], 0) + 1
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
                "territorios": _alcance_texto(almacen, p, propuestos.get(p["id"], 0)),
                "toda_la_region": p["toda_la_region"],
                "propuestos": propuestos.get(p["id"], 0),
                "identidad": texto_identidad(almacen, p["id"]),
                "revocado": revocacion.texto(p),
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
    from pir_campo.sincro.revocacion import texto_reemplazo

    partes += texto_reemplazo(almacen, dispositivo)
    return ". ".join(partes) + ("." if partes else "")


def _alcance_texto(almacen: Almacen, p: dict[str, Any], propuestos: int) -> str:
    from pir_campo.sincro.territorios import nombre_territorio

    if p["toda_la_region"]:
        texto = "Toda la región"
    else:
        texto = ", ".join(nombre_territorio(almacen, t) for t in p["territorios"]) or "Ninguno"
    if propuestos:
        texto += f" (y {propuestos} {'propuesto' if propuestos == 1 else 'propuestos'})"
    return texto


def _alcance_propio_texto(almacen: Almacen) -> str:
    from pir_campo.sincro.territorios import alcance_propio, nombre_territorio

    propio = alcance_propio(almacen)
    if propio is None:
        return "aún no llega un paquete de la oficina que los indique"
    if propio["toda_la_region"]:
        return "toda la región"
    nombres = [nombre_territorio(almacen, t) for t in propio["territorios"]]
    texto = ", ".join(nombres) or "ninguno"
    if propio["propuestos"]:
        n = len(propio["propuestos"])
        texto += f" (y {n} {'propuesto' if n == 1 else 'propuestos'}, esperando a la oficina)"
    return texto


def anotar_fecha_oficina(almacen: Almacen, sello: str) -> None:
    """En un notebook, el sello del último paquete de la oficina: la fecha real es al menos esa
    (si el reloj del computador marca antes, está atrasado). Dentro de la importación."""
    if sello > (almacen.ajuste(_FECHA_OFICINA) or ""):
        almacen.guardar_ajuste(_FECHA_OFICINA, sello)


def aviso_reloj(almacen: Almacen) -> str | None:
    """Aviso si el reloj de este computador saltó lejos hacia adelante o hacia atrás."""
    oficina = almacen.ajuste(_FECHA_OFICINA)
    marca = reloj.leer(rep.hlc_actual(almacen))[0]
    fisico = almacen.reloj_fisico()
    texto = reloj.aviso(fisico, marca, reloj.leer(oficina)[0] if oficina else None)
    if texto:
        return texto
    descartado = almacen.ajuste("reloj.descartado")
    if descartado:
        d = json.loads(descartado)
        en = datetime.fromisoformat(d["en"].replace("Z", "+00:00"))
        ahora = datetime.fromtimestamp(fisico / 1000, UTC)
        if ahora - en < _AVISO_CORREGIDO:
            hasta = datetime.fromtimestamp(reloj.leer(d["hlc"])[0] / 1000, UTC)
            return (
                "La fecha de este computador estuvo adelantada (había cambios fechados el "
                f"{hasta.strftime('%d-%m-%Y')}); ya se corrigió y los cambios nuevos usan la "
                "fecha correcta."
            )
    return None
