"""La regla de fusión con dos notebooks y la oficina: campos distintos se fusionan solos, el
mismo campo con valores distintos es un conflicto con el mismo ganador en toda instalación."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import conflictos, fusion
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, red


@pytest.fixture
def trio(tmp_path: Path):
    """Oficina y dos notebooks que ya comparten un territorio y una persona."""
    oficina, (a, b) = red(tmp_path, 2)
    tid = a.insertar(Territorio, TERRITORIO)
    pid = a.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    enviar(a, oficina, tmp_path)
    enviar(oficina, a, tmp_path)
    enviar(oficina, b, tmp_path)
    yield tmp_path, oficina, a, b, pid
    for x in (oficina, a, b):
        x.cerrar()


def _todos(tmp, oficina, a, b):
    """Intercambio completo hasta que nada cambie."""
    for _ in range(3):
        for n in (a, b):
            enviar(n, oficina, tmp)
        for n in (a, b):
            enviar(oficina, n, tmp)


def test_campos_distintos_se_fusionan_sin_conflicto(trio):
    tmp, oficina, a, b, pid = trio
    a.actualizar(Persona, pid, {"telefono": "+56 9 1234 5678"})
    b.actualizar(Persona, pid, {"rut": "12.345.678-5"})
    enviar(a, oficina, tmp)
    r = enviar(b, oficina, tmp)
    assert r.fusionados == 1 and r.conflictos == 0
    _todos(tmp, oficina, a, b)
    for x in (oficina, a, b):
        p = x.obtener(Persona, pid)
        assert p["telefono"] == "+56 9 1234 5678" and p["rut"] == "123456785"
        assert x.conflictos_abiertos() == 0
    assert datos(a) == datos(b) == datos(oficina)


def test_mismo_valor_no_es_conflicto(trio):
    tmp, oficina, a, b, pid = trio
    a.actualizar(Persona, pid, {"nombre": "Rosa Ñancupil Huenchu"})
    b.actualizar(Persona, pid, {"nombre": "Rosa Ñancupil Huenchu"})
    _todos(tmp, oficina, a, b)
    assert oficina.conflictos_abiertos() == 0
    assert datos(a) == datos(b) == datos(oficina)


@pytest.mark.parametrize("orden", ["ab", "ba"])
def test_mismo_campo_es_conflicto_con_el_mismo_ganador(trio, orden):
    tmp, oficina, a, b, pid = trio
    a.actualizar(Persona, pid, {"nombre": "Rosa A"})
    b.actualizar(Persona, pid, {"nombre": "Rosa B"})
    primero, segundo = (a, b) if orden == "ab" else (b, a)
    enviar(primero, oficina, tmp)
    r = enviar(segundo, oficina, tmp)
    assert r.conflictos == 1
    _todos(tmp, oficina, a, b)
    valores = {x.obtener(Persona, pid)["nombre"] for x in (oficina, a, b)}
    assert len(valores) == 1
    lista = {x.dispositivo: rep.conflictos(x) for x in (oficina, a, b)}
    assert all(len(v) == 1 for v in lista.values())
    ids = {v[0]["id"] for v in lista.values()}
    assert len(ids) == 1
    c = lista[oficina.dispositivo][0]
    assert {c["valor_ganador"], c["valor_otro"]} == {'"Rosa A"', '"Rosa B"'}
    assert datos(a) == datos(b) == datos(oficina)


def test_la_oficina_gana_provisionalmente(trio):
    tmp, oficina, a, b, pid = trio
    a.actualizar(Persona, pid, {"nombre": "Rosa del notebook"})
    oficina.actualizar(Persona, pid, {"nombre": "Rosa corregida en oficina"})
    enviar(a, oficina, tmp)
    enviar(oficina, a, tmp)
    for x in (oficina, a):
        assert x.obtener(Persona, pid)["nombre"] == "Rosa corregida en oficina"
        [c] = conflictos.listar(x)
        assert c["valor_otro"] == "Rosa del notebook" and c["vigente_por"] == oficina.nombre
        assert c["registro"] == "Persona: Rosa corregida en oficina"


def test_eliminar_contra_editar_siempre_es_conflicto(trio):
    tmp, oficina, a, b, pid = trio
    a.eliminar(Persona, pid)
    b.actualizar(Persona, pid, {"telefono": "+56 9 8765 4321"})
    _todos(tmp, oficina, a, b)
    for x in (oficina, a, b):
        tipos = [c["tipo"] for c in rep.conflictos(x)]
        assert tipos == ["eliminar_vs_editar"]
    fila = rep.fila_completa(oficina, "persona", pid)
    assert fila["eliminado"] == 1 and fila["telefono"] == "+56 9 8765 4321"
    assert datos(a) == datos(b) == datos(oficina)


def test_resolver_viaja_y_cierra_en_todas_partes(trio):
    tmp, oficina, a, b, pid = trio
    a.actualizar(Persona, pid, {"nombre": "Rosa A"})
    b.actualizar(Persona, pid, {"nombre": "Rosa B"})
    _todos(tmp, oficina, a, b)
    [c] = rep.conflictos(oficina)
    perdedor = c["valor_otro"].strip('"')
    conflictos.resolver(oficina, c["id"], "tomar_otro")
    _todos(tmp, oficina, a, b)
    for x in (oficina, a, b):
        assert x.obtener(Persona, pid)["nombre"] == perdedor
        assert x.conflictos_abiertos() == 0
        assert rep.conflictos(x, "resuelto")[0]["id"] == c["id"]
    assert datos(a) == datos(b) == datos(oficina)


def test_restaurar_un_eliminado_y_editar_al_resolver(trio):
    tmp, oficina, a, b, pid = trio
    a.eliminar(Persona, pid)
    b.actualizar(Persona, pid, {"nombre": "Rosa B"})
    _todos(tmp, oficina, a, b)
    [c] = rep.conflictos(oficina)
    conflictos.resolver(oficina, c["id"], "tomar_otro")  # restaurar la persona
    assert oficina.obtener(Persona, pid)["nombre"] == "Rosa B"
    _todos(tmp, oficina, a, b)
    assert a.obtener(Persona, pid)["nombre"] == "Rosa B"
    a.actualizar(Persona, pid, {"nombre": "Rosa A"})
    b.actualizar(Persona, pid, {"nombre": "Rosa C"})
    _todos(tmp, oficina, a, b)
    [c] = rep.conflictos(oficina)
    with pytest.raises(ErrorValidacion, match="Nombre"):
        conflictos.resolver(oficina, c["id"], "editar", "")
    assert oficina.conflictos_abiertos() == 1
    conflictos.resolver(oficina, c["id"], "editar", "Rosa Ñancupil Antinao")
    _todos(tmp, oficina, a, b)
    for x in (oficina, a, b):
        assert x.obtener(Persona, pid)["nombre"] == "Rosa Ñancupil Antinao"
        assert x.conflictos_abiertos() == 0


def test_regla_pura_conmutativa_e_idempotente():
    base = {"nombre": "x", "telefono": None, "eliminado": 0, "fusionado_en": None}
    cd = ["dv_A", 1, "0000000000001.00000"]
    a = fusion.Estado(
        {**base, "nombre": "a"},
        {"dv_A": 2},
        cd,
        {"nombre": ["dv_A", 2, "0000000000002.00000"]},
        "0000000000002.00000",
        "dv_A",
    )
    b = fusion.Estado(
        {**base, "nombre": "b", "telefono": "1"},
        {"dv_A": 1, "dv_B": 1},
        cd,
        {
            "nombre": ["dv_B", 1, "0000000000003.00000"],
            "telefono": ["dv_B", 1, "0000000000003.00000"],
        },
        "0000000000003.00000",
        "dv_B",
    )
    c1, ab, k1 = fusion.fusionar("persona", "r", a, b, "territorio_id")
    c2, ba, k2 = fusion.fusionar("persona", "r", b, a, "territorio_id")
    assert c1 == c2 == fusion.FUSION
    assert (ab.v, ab.vv, ab.cd, ab.fd, ab.origen) == (ba.v, ba.vv, ba.cd, ba.fd, ba.origen)
    assert ab.v["nombre"] == "b" and ab.v["telefono"] == "1"
    assert [c["id"] for c in k1] == [c["id"] for c in k2] and len(k1) == 1
    assert fusion.fusionar("persona", "r", ab, a, None)[0] == fusion.IGUAL
    assert fusion.fusionar("persona", "r", ab, ab, None)[0] == fusion.IGUAL
