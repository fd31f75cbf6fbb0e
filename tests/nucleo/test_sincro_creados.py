"""Las filas de creación («*») que la oficina rehace desde los tramos «creados» del paquete.

Se arman en SQL desde el punto de creación de cada registro (almacen/bitacora.py); esta prueba
las compara con la regla de siempre, escrita aquí en Python: cada número de cambio va al último
tramo que empieza en él o antes, y solo si ese tramo llega hasta él. Con tramos que se solapan,
que empiezan igual, con huecos y con más tramos de los que caben en una sentencia."""

from __future__ import annotations

import bisect
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import importar
from tests.nucleo.sincro_apoyo import TERRITORIO, armar, partes, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete


def _esperadas(registros: dict[str, list[dict]], remitente: str, tramos: list[list]) -> set:
    """La regla anterior (importar._creadas en Python, con bisect), fila por fila."""
    tramos = sorted(tramos, key=importar.orden_tramo)
    desde = [t[0] for t in tramos]
    salida = set()
    for tabla, filas in registros.items():
        for d in filas:
            dev, seq, hlc = d["cd"]
            j = bisect.bisect_right(desde, seq) - 1
            if dev != remitente or j < 0 or seq > tramos[j][1]:
                continue
            momento = datetime.fromtimestamp(int(hlc.split(".")[0]) / 1000, UTC)
            salida.add(
                (dev, seq, hlc, momento.isoformat(timespec="seconds"), tramos[j][2], tabla)
                + (d["id"], "*", None, None, tramos[j][3])
            )
    return salida


def _tramos_solapados(seqs: list[int]) -> list[list]:
    a, b = seqs[0], seqs[-1]
    medio = seqs[len(seqs) // 2]
    return [
        [a, medio, "Rosa Ñancupil", None],
        [a, a + 1, "Juan Painemal", "carga inicial"],  # empieza igual: gana el mayor al ordenar
        [medio - 1, medio + 2, "Rosa Ñancupil", "corrección"],  # se solapa con el primero
        [medio + 4, b - 2, "Ana", None],  # deja un hueco antes
        [b - 1, b + 50, "Ana", "cierre"],
    ]


def _muchos_tramos(seqs: list[int]) -> list[list]:
    # Más de los 16 por sentencia: un tramo de un número cada uno, con personas alternadas.
    return [
        [s, s, f"Persona {i % 3}", None if i % 2 else f"motivo {i}"] for i, s in enumerate(seqs)
    ]


def _iguales_salvo_el_motivo(seqs: list[int]) -> list[list]:
    # Un remitente puede mandar el mismo tramo con y sin motivo: antes, un error de Python.
    a, b = seqs[0], seqs[-1]
    return [[a, b, "Rosa Ñancupil", "carga inicial"], [a, b, "Rosa Ñancupil", None]]


@pytest.mark.parametrize(
    "armar_tramos", [_tramos_solapados, _muchos_tramos, _iguales_salvo_el_motivo]
)
def test_filas_de_creacion_siguen_la_regla_de_los_tramos(tmp_path: Path, armar_tramos):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"Socia {i}"} for i in range(40)])
    cab, registros, auditoria, blobs = partes(hacer_paquete(nb, oficina, tmp_path, cifrar=False))
    seqs = sorted(d["cd"][1] for filas in registros.values() for d in filas)
    tramos = armar_tramos(seqs)
    lineas = {t: [json.dumps(d).encode() for d in filas] for t, filas in registros.items()}
    propias = [x for x in auditoria if "creados" not in json.loads(x)]
    extra = [json.dumps({"creados": t}).encode() for t in tramos]
    ruta = armar(tmp_path, nb, oficina, cab, lineas, propias + extra, blobs)
    r = importar.importar(oficina, ruta)
    assert not r.retenidos and r.nuevos == 41
    hechas = set(
        oficina.conn.execute(
            "SELECT dispositivo, seq, hlc, momento, usuario, tabla, registro_id, campo, "
            "anterior, nuevo, motivo FROM cambio WHERE campo = '*' AND dispositivo = ?",
            (nb.dispositivo,),
        )
    )
    esperadas = _esperadas(registros, nb.dispositivo, tramos)
    assert len(esperadas) > 10 and hechas == esperadas
    assert r.auditoria == len(propias) + len(esperadas)
    oficina.cerrar()
    nb.cerrar()
