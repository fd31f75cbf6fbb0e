"""pir-campo verificar: comprueba paquetes por completo sin aplicarlos."""

from __future__ import annotations

import argparse
from pathlib import Path

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.cli.comun import imprimir_json, opcion_db
from pir_campo.errores import ErrorPir
from pir_campo.formato import numero
from pir_campo.sincro import importar

NOMBRE = "verificar"
AYUDA = "comprueba firma, huellas, formato y destinatario de paquetes, sin aplicarlos"


def configurar(p: argparse.ArgumentParser) -> None:
    opcion_db(p)
    p.add_argument("archivos", metavar="ARCHIVO", type=Path, nargs="+", help="paquetes .pirb")
    p.add_argument("--json", action="store_true", help="salida JSON para scripts")


def ejecutar(args: argparse.Namespace) -> int:
    fallas, salida = 0, []
    with Almacen.abrir(args.db) as almacen:
        for ruta in args.archivos:
            try:
                d = importar.verificar(almacen, ruta)
            except ErrorPir as e:
                fallas += 1
                salida.append({"ruta": str(ruta), "valido": False, "error": str(e)})
                if not args.json:
                    print(f"{ruta}: RECHAZADO. {e}")
                continue
            salida.append({**d, "valido": True})
            if args.json:
                continue
            tipo = "recibo y novedades de la oficina" if d["tipo"] == "oficina" else "cambios"
            print(
                f"{ruta}: válido. Paquete de {tipo} de {d['desde_nombre']} ({d['desde']}), "
                f"{'cifrado' if d['cifrado'] else 'sin cifrar'}, creado {_momento(d['creado'])}."
            )
            total = sum(d["registros"].values())
            detalle = ", ".join(f"{t} {n}" for t, n in d["registros"].items())
            print(f"  Registros: {numero(total)}" + (f" ({detalle})" if detalle else "") + ".")
            print(f"  Adjuntos: {d['adjuntos']} ({numero(d['bytes_adjuntos'] / 1048576, 1)} MB).")
            if d["ya_importado"]:
                print("  Ya fue importado en esta instalación.")
                continue
            if d["revocado"]:
                print(f"  Aviso: {d['revocado']}.")
            c = formato.cantidad
            print(
                f"  Al importarlo: {c(d['nuevos'], 'nuevo')}, "
                f"{c(d['actualizados'], 'actualizado')}, {c(d['fusionados'], 'fusionado')}, "
                f"{c(d['conflictos'], 'conflicto')}."
            )
            retenidos = d["retenidos"]
            if retenidos:
                casos = c(len(retenidos), "caso")
                print(f"  Se retendrá lo siguiente ({casos}); el resto se aplica:")
            for x in retenidos[:20]:
                print(f"    {x['t']} {x['id']}: {x['motivo']}")
            if len(retenidos) > 20:
                print(f"    … y {c(len(retenidos) - 20, 'caso')} más (--json los lista todos).")
    if args.json:
        imprimir_json(salida)
    return 1 if fallas else 0


def _momento(utc: str | None) -> str:
    """El instante del paquete en hora de Chile (dd-mm-aaaa HH:MM), no en ISO UTC."""
    if not utc:
        return "en fecha desconocida"
    try:
        return "el " + formato.momento_local(utc.replace("Z", "+00:00"))
    except ValueError:
        return utc
