"""Entregas en la oficina: cada paquete recibido por notebook con lo que trajo y su recibo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.modelos import Persona, Territorio
from pir_campo.servicios.entregas import entregas
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a, b
    for x in (oficina, a, b):
        x.cerrar()


def test_lista_de_paquetes_recibidos_con_retenidos_y_recibo(escena, cli):
    tmp, oficina, a, b = escena
    tid = a.insertar(Territorio, TERRITORIO)
    ids = a.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"P {i}"} for i in range(3)])
    a.conn.execute("UPDATE persona SET rut = 'no es rut' WHERE id = ?", (ids[0],))
    enviar(a, oficina, tmp)
    [e] = entregas(oficina)
    assert e["notebook"] == "notebook1" and e["registros"] == {"Territorios": 1, "Personas": 3}
    assert e["conflictos"] == 0 and e["retenidos"][0]["id"] == ids[0]
    assert "Personas" in e["retenidos_texto"] and "RUT" in e["retenidos_texto"]
    assert e["recibo"] is None and e["recibo_texto"] == "Aún no se envía"
    enviar(oficina, a, tmp)
    [e] = entregas(oficina)
    assert e["recibo_texto"].startswith("Enviado el ")
    b.insertar(Territorio, {**TERRITORIO, "nombre": "Otro"})
    enviar(b, oficina, tmp)
    assert [x["notebook"] for x in entregas(oficina)] == ["notebook2", "notebook1"]
    assert [x["notebook"] for x in entregas(oficina, b.dispositivo)] == ["notebook2"]
    codigo, salida, _ = cli("entregas", "--db", oficina.ruta)
    assert codigo == 0 and "notebook1" in salida and "Personas: 3" in salida
    codigo, salida, _ = cli("entregas", "--db", oficina.ruta, "--json")
    assert codigo == 0 and len(json.loads(salida)) == 2
