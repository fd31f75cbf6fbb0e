"""La importación recuerda los ids del paquete con la memoria acotada (issue 18): pasado un
límite, los ids vistos y aplicados van a una base aparte cifrada, y el resultado es el mismo
que con todo en memoria (repetidos retenidos, bitácora, fusiones, lo que se refresca)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.almacen import ids_importacion
from pir_campo.almacen.ids_importacion import IdsPorTabla
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import importar
from tests.nucleo.sincro_apoyo import TERRITORIO, armar, datos, partes, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete


@pytest.mark.parametrize("unico", [True, False])
@pytest.mark.parametrize("limite", [2, 1000])
def test_ids_por_tabla_en_memoria_o_en_la_base_aparte(limite, unico):
    ids = IdsPorTabla(unico=unico, en_memoria=limite)
    ids.extender("persona", ["c", "a", "b", "a"])
    ids.agregar("taller", "t1")
    ids.extender("persona", ["d", "b"])
    assert ids.vistos("persona", ["a", "z", "d"]) == {"a", "d"}
    assert ids.vistos("taller", ["a", "t1"]) == {"t1"}
    # Sin `unico`, un id anotado en dos tandas puede salir dos veces (aquí, con límite 2: «b»,
    # que llega en la primera tanda y otra vez en la segunda).
    n = 4 if unico or limite > 6 else 5
    assert ids.cuantos("persona") == n and ids.cuantos("taller") == 1 and not ids.cuantos("x")
    assert set(ids.tablas()) == {"persona", "taller"}
    lotes = list(ids.lotes("persona", 3))
    assert sum(len(x) for x in lotes) == n and max(len(x) for x in lotes) == 3
    assert set(sum(lotes, [])) == {"a", "b", "c", "d"}
    assert len(ids.primeros("persona", 2)) == 2 and ids.primeros("x", 2) == []
    carpeta = ids._conn.execute("PRAGMA database_list").fetchone()[2] if ids._conn else None
    ids.cerrar()
    if limite == 2:  # se desbordó: la base aparte existía y se borró al cerrar
        assert carpeta and not Path(carpeta).exists()


def _paquete_con_repetido(tmp: Path, n: int):
    """Oficina, notebook y un paquete con n personas en el que una línea viene dos veces."""
    oficina, (nb,) = red(tmp, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"Persona {i}"} for i in range(n)])
    cab, registros, auditoria, blobs = partes(hacer_paquete(nb, oficina, tmp, cifrar=False))
    lineas = {t: [json.dumps(d).encode() for d in filas] for t, filas in registros.items()}
    repetida = registros["persona"][n // 2]
    lineas["persona"].append(json.dumps(repetida).encode())
    return oficina, nb, armar(tmp, nb, oficina, cab, lineas, auditoria, blobs), repetida["id"]


def test_importar_con_los_ids_en_la_base_aparte_da_lo_mismo(tmp_path, monkeypatch):
    resultados = []
    for limite in (ids_importacion.EN_MEMORIA, 5):
        monkeypatch.setattr(ids_importacion, "EN_MEMORIA", limite)
        monkeypatch.setattr(importar, "MAX_IDS_CAMBIO", 7)
        carpeta = tmp_path / str(limite)
        carpeta.mkdir()
        # Más de un lote (aplicar.LOTE): el repetido se halla en la base aparte.
        oficina, nb, ruta, repetido = _paquete_con_repetido(carpeta, 1100)
        r = importar.importar(oficina, ruta)
        assert [(x["t"], x["id"]) for x in r.retenidos] == [("persona", repetido)]
        assert "repetido" in r.retenidos[0]["motivo"]
        assert r.nuevos == 1101 and oficina.contar(Persona) == 1100
        # Lo que la interfaz refresca: las tablas, con unos pocos ids de cada una.
        assert {c.tabla: len(c.ids) for c in r.cambios} == {"territorio": 1, "persona": 7}
        filas = datos(oficina)
        bitacora = oficina.conn.execute(
            "SELECT dispositivo, seq, tabla, registro_id, campo FROM cambio ORDER BY 1, 2, 4, 5"
        ).fetchall()
        resultados.append((r.nuevos, r.auditoria, filas["persona"], bitacora))
        oficina.cerrar()
        nb.cerrar()
    (n1, a1, p1, b1), (n2, a2, p2, b2) = resultados
    assert (n1, a1) == (n2, a2) and a1 >= 1101
    assert len(p1) == len(p2) == 1100 and len(b1) == len(b2)
