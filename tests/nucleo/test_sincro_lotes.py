"""Leer un lote de líneas de una vez (un parser para todo el lote, sin revisar valor por valor
cuando el lote no trae números que puedan salirse de rango) da lo mismo que leerlas una por una:
los mismos estados y, para cada línea mala, el mismo motivo."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

from pir_campo.almacen import replicacion as rep
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro.aplicar import Aplicador
from tests.nucleo.sincro_apoyo import TERRITORIO, partes, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete

VALORES = [
    2**63,
    2**63 - 1,
    -(2**63) - 1,
    10**18,
    1e308,
    1.5,
    -0.0,
    True,
    None,
    "",
    "12345678901234567890",
    "e123",
    "NaN",
    [1],
    {"a": 1},
    "Ñandú",
    ["dv_X", 3, "1796197511228.00000"],
    [["dv_X", 5, "1796197511228.00001", "a"], ["dv_Y", 6, "1796197511228.00002", 1]],
    -1,
]
# Literales que json de Python acepta y que no salen de json.dumps.
CRUDOS = [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"123456789012345678901", b"-0", b"[1,"]


def _mutada(r: random.Random, d: dict) -> bytes:
    d = copy.deepcopy(d)
    for _ in range(r.randint(1, 3)):
        clave = r.choice(["t", "id", "v", "vv", "cd", "fd", "hlc", "o", "x", "borrar"])
        if clave == "borrar":
            d.pop(r.choice(list(d) or ["t"]), None)
        elif clave in ("v", "vv", "fd") and type(d.get(clave)) is dict and r.random() < 0.7:
            d[clave][r.choice([*d[clave], "nuevo"])] = r.choice(VALORES)
        elif clave == "cd" and type(d.get("cd")) is list and d["cd"]:
            d["cd"][r.randrange(len(d["cd"]))] = r.choice(VALORES)
        else:
            d[clave] = r.choice(VALORES)
    linea = json.dumps(d).encode()
    if r.random() < 0.3 and linea.endswith(b"}") and d:
        linea = linea[:-1] + b', "z": ' + r.choice(CRUDOS) + b"}"
    return linea


def _leer(aplicador: Aplicador, tabla: str, lote: list[bytes], antes: int) -> tuple:
    aplicador.c.retenidos.clear()
    estados = aplicador._leer_lote(tabla, rep.campos(tabla), lote, antes)
    return [(i, e.v, e.vv, e.cd, e.fd, e.hlc, e.origen, e.extra) for i, e in estados], list(
        aplicador.c.retenidos
    )


def test_lote_entero_y_linea_por_linea_dan_lo_mismo(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"Socia {i}"} for i in range(30)])
    _, registros, _, _ = partes(hacer_paquete(nb, oficina, tmp_path, cifrar=False))
    base = registros["persona"]
    aplicador = Aplicador(nb, oficina.dispositivo, 10**6)
    r = random.Random(2026)
    malas = 0
    for _ in range(400):
        tabla = r.choice(["persona", "persona", "conflicto"])
        lote = [
            _mutada(r, d) if r.random() < 0.25 else json.dumps(d).encode()
            for d in r.sample(base, r.randint(1, 8))
        ]
        junto = _leer(aplicador, tabla, lote, 10)
        uno_a_uno: tuple[list, list] = ([], [])
        for i, linea in enumerate(lote):
            e, x = _leer(aplicador, tabla, [linea], 10 + i)
            uno_a_uno[0].extend(e)
            uno_a_uno[1].extend(x)
        assert repr(junto) == repr(uno_a_uno), lote
        malas += len(junto[1])
    assert malas > 100  # las mutaciones sí producen líneas malas
    oficina.cerrar()
    nb.cerrar()
