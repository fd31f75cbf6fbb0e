"""La regla de fusión con dos notebooks y la oficina: campos distintos se fusionan solos, el
mismo campo con valores distintos es un conflicto con el mismo ganador en toda instalación."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("primero", ["a", "b"])
def test_mismo_valor_concurrente_no_se_traga_una_escritura_posterior(trio, primero):
    """a y b ponen el mismo nombre sin verse; la oficina guardaba un solo punto de los dos, y
    el notebook cuyo punto quedó podía después pisar el de la otra sin conflicto."""
    tmp, oficina, a, b, pid = trio
    x, y = (a, b) if primero == "a" else (b, a)
    x.actualizar(Persona, pid, {"nombre": "Rosa Ñancupil Huenchu"})
    time.sleep(0.01)  # el punto de y es el más reciente: el que la oficina conservaba
    y.actualizar(Persona, pid, {"nombre": "Rosa Ñancupil Huenchu"})
    enviar(x, oficina, tmp)
    assert enviar(y, oficina, tmp).conflictos == 0  # el mismo valor no es conflicto
    # y, sin saber de x, cambia su nombre: la escritura de x queda pisada sin que y la viera.
    y.actualizar(Persona, pid, {"nombre": "Rosa Huenchu"})
    assert enviar(y, oficina, tmp).conflictos == 1
    _todos(tmp, oficina, a, b)
    for r in (oficina, a, b):
        [c] = rep.conflictos(r)
        valores = {json.loads(c["valor_ganador"]), json.loads(c["valor_otro"])}
        assert valores == {"Rosa Ñancupil Huenchu", "Rosa Huenchu"}
    assert datos(a) == datos(b) == datos(oficina)
    assert rep.varias_escrituras(oficina, "persona", pid, "nombre")
    # Resolver deja un solo punto en el campo y todo converge de nuevo.
    vigente = oficina.obtener(Persona, pid)["nombre"]
    conflictos.resolver(oficina, rep.conflictos(oficina)[0]["id"], "mantener")
    _todos(tmp, oficina, a, b)
    assert datos(a) == datos(b) == datos(oficina)
    for r in (oficina, a, b):
        assert r.conflictos_abiertos() == 0 and r.obtener(Persona, pid)["nombre"] == vigente
        assert not rep.varias_escrituras(r, "persona", pid, "nombre")


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


DISPOSITIVOS = ("of_oficina", "dv_a", "dv_b", "dv_c")


class _Replica:
    """Una instalación en memoria para la regla pura: un registro, sus escrituras y el reloj."""

    def __init__(self, dispositivo: str, inicial: fusion.Estado):
        self.d, self.e, self.seq = dispositivo, inicial, 0

    def escribir(self, campo: str, valor, hlc: str, escritas: list) -> None:
        self.seq += 1
        dot = [self.d, self.seq, hlc]
        antes = dict(self.e.vv)
        e = self.e
        self.e = fusion.Estado(
            {**e.v, campo: valor}, {**e.vv, self.d: self.seq}, e.cd, {**e.fd, campo: dot}, hlc
        )
        escritas.append((campo, dot, valor, antes))

    def recibir(self, otra: fusion.Estado) -> None:
        clase, estado, _ = fusion.fusionar("persona", "r", self.e, otra, None)
        if estado is not None:
            self.e = estado


def _vista(e: fusion.Estado) -> tuple:
    return (e.v, e.vv, e.cd, e.fd)


_operacion_pura = st.one_of(
    st.tuples(
        st.just("w"),
        st.integers(0, 3),
        st.sampled_from(["nombre", "telefono"]),
        st.sampled_from(["x", "y", "z"]),
    ),
    st.tuples(st.just("s"), st.integers(0, 3), st.integers(0, 3)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_operacion_pura, max_size=30), st.permutations(range(4)))
def test_regla_pura_multivalor_converge_en_todo_orden_sin_perder_escrituras(ops, orden):
    base = {"nombre": "inicial", "telefono": None, "eliminado": 0, "fusionado_en": None}
    cd = ["of_oficina", 0, "0000000000000.00000"]
    replicas = [_Replica(d, fusion.Estado(dict(base), {}, cd, {})) for d in DISPOSITIVOS]
    escritas: list = []
    for n, op in enumerate(ops, start=1):
        if op[0] == "w":
            replicas[op[1]].escribir(op[2], op[3], f"{n:013d}.00000", escritas)
        elif op[1] != op[2]:
            replicas[op[2]].recibir(replicas[op[1]].e)
    # Juntar los estados en cualquier orden y agrupación da lo mismo (conmutativa, asociativa).
    estados = [r.e for r in replicas]
    final = _Replica("of_oficina", estados[orden[0]])
    for i in orden[1:]:
        final.recibir(estados[i])
    final.recibir(estados[orden[-1]])  # idempotente
    cadena = _Replica("of_oficina", estados[0])
    for e in estados[1:]:
        cadena.recibir(e)
    assert _vista(final.e) == _vista(cadena.e)
    # Quedan vigentes exactamente las escrituras que nadie sobrescribió sabiendo de ellas, y
    # el valor es el de la ganadora entre ellas.
    for campo in ("nombre", "telefono"):
        propias = [(d, x, antes) for c, d, x, antes in escritas if c == campo]
        maximas = {
            (d[0], d[1])
            for d, _, _ in propias
            if not any(
                (d2[0], d2[1]) != (d[0], d[1]) and fusion.conoce({**antes2, d2[0]: d2[1]}, d)
                for d2, _, antes2 in propias
            )
        }
        vigentes = final.e.escrituras(campo)
        assert {(d[0], d[1]) for d, _ in vigentes} == (maximas or {(cd[0], cd[1])})
        if vigentes:
            assert final.e.v[campo] == max(vigentes, key=lambda e: fusion.clave_dot(e[0]))[1]
