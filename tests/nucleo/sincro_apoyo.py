"""Apoyo para las pruebas de sincronización: instalaciones registradas entre sí y envíos."""

from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path

from nacl.public import PublicKey

from pir_campo.almacen import Almacen
from pir_campo.sincro import exportar, identidad, importar
from pir_campo.sincro import paquete as sobre_pirb
from pir_campo.sincro.bolsa import AUDITORIA, EscritorBolsa

_contador = itertools.count()

TERRITORIO = {
    "nombre": "Territorio Lago Budi",
    "cut_region": "09",
    "comunas": ["09117"],
    "estado": "candidato",
}


def instalacion(carpeta: Path, nombre: str, rol: str = "campo") -> Almacen:
    return Almacen.iniciar(carpeta / f"{nombre}.sqlite", rol, nombre, "09")


def registrar(oficina: Almacen, notebook: Almacen, carpeta: Path) -> None:
    a, b = carpeta / f"id-{next(_contador)}.json", carpeta / f"id-{next(_contador)}.json"
    identidad.escribir(oficina, a)
    identidad.escribir(notebook, b)
    identidad.confiar(notebook, identidad.leer(a))
    identidad.confiar(oficina, identidad.leer(b))


def red(carpeta: Path, notebooks: int = 2) -> tuple[Almacen, list[Almacen]]:
    oficina = instalacion(carpeta, "oficina", "oficina")
    lista = [instalacion(carpeta, f"notebook{i + 1}") for i in range(notebooks)]
    for n in lista:
        registrar(oficina, n, carpeta)
    return oficina, lista


def paquete(origen: Almacen, destino: Almacen, carpeta: Path, **kw) -> Path:
    ruta = carpeta / f"p{next(_contador):04d}.pirb"
    para = destino.dispositivo if origen.rol == "oficina" else None
    exportar.exportar(origen, ruta, para=para, **kw)
    return ruta


def enviar(origen: Almacen, destino: Almacen, carpeta: Path, **kw) -> importar.Importacion:
    return importar.importar(destino, paquete(origen, destino, carpeta, **kw))


def datos(almacen: Almacen) -> dict[str, list[tuple]]:
    """Filas de las tablas sincronizables sin lo que es local (lseq, revisar)."""
    from pir_campo.almacen import replicacion as rep

    salida = {}
    for t in rep.TABLAS:
        cols = ", ".join(("id", *rep.campos(t), "vv", "cdot", "fdots", "hlc", "origen", "extra"))
        salida[t] = sorted(almacen.conn.execute(f"SELECT {cols} FROM {t}").fetchall())
    return salida


def partes(real: Path) -> tuple[dict, dict[str, list[dict]], list[bytes], dict[str, bytes]]:
    """Cabecera, registros, bitácora y adjuntos de un paquete real sin cifrar."""
    with zipfile.ZipFile(real) as z, z.open("payload.zip") as i, zipfile.ZipFile(i) as b:
        cab = json.loads(b.read("bundle.json"))
        registros = {
            n.removeprefix("data/records/").removesuffix(".jsonl"): [
                json.loads(x) for x in b.read(n).splitlines() if x.strip()
            ]
            for n in b.namelist()
            if n.startswith("data/records/")
        }
        auditoria = (
            [x for x in b.read(AUDITORIA).splitlines() if x.strip()]
            if AUDITORIA in b.namelist()
            else []
        )
        blobs = {
            n.rsplit("/", 1)[1]: b.read(n) for n in b.namelist() if n.startswith("data/blobs/")
        }
    return cab, registros, auditoria, blobs


def armar(
    tmp: Path,
    nb: Almacen,
    oficina: Almacen,
    cab: dict,
    lineas: dict[str, list[bytes]],
    auditoria: list[bytes],
    blobs: dict[str, bytes],
    otros: dict[str, bytes] | None = None,
) -> Path:
    """Un paquete bien firmado por `nb` (con su clave real, registrada en `oficina`) con las
    líneas dadas; `otros`: más archivos de la bolsa (data/receipt.json, …)."""
    n = next(_contador)
    bolsa = EscritorBolsa(tmp / f"bolsa-{n}.zip")
    for t, ls in lineas.items():
        bolsa.agregar_bytes(f"data/records/{t}.jsonl", b"".join(x + b"\n" for x in ls))
    if auditoria:
        bolsa.agregar_bytes("data/audit/cambio.jsonl", b"".join(x + b"\n" for x in auditoria))
    for sha, datos in blobs.items():
        bolsa.agregar_blob(sha, [datos], None)
    for nombre, datos in (otros or {}).items():
        bolsa.agregar_bytes(nombre, datos)
    cab = {k: v for k, v in cab.items() if not k.startswith("payload_")}
    cab["bundle_id"] = f"{cab['bundle_id']}-{n}"
    bolsa.cerrar(cab, nb.llave_firma())
    destino = tmp / f"armado-{n}.pirb"
    sobre = {k: cab[k] for k in ("bundle_id", "from_device", "from_name", "to", "kind")}
    clave = PublicKey(bytes(oficina.llave_cifrado().public_key))
    sobre_pirb.escribir(destino, tmp / f"bolsa-{n}.zip", sobre, nb.llave_firma(), [clave])
    return destino
