"""Priorización participativa: lugares o votos en un taller, todo o nada."""

from __future__ import annotations

import pytest

from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import Necesidad, Taller, VotoPriorizacion
from pir_campo.planificacion import priorizacion
from tests.conftest import contenido
from tests.datos_planificacion import necesidad, taller, territorio


@pytest.fixture
def escena(almacen):
    tid = territorio(almacen)
    tal = taller(almacen, tid)
    nec = [necesidad(almacen, tid, t) for t in ("Agua sector alto", "Camino", "Sede")]
    return tid, tal, nec


def test_lugares_pasan_a_prioridad_y_quedan_ligados_al_taller(almacen, escena):
    _, tal, (a, b, c) = escena
    resultados = [
        {"necesidad_id": a, "lugar": 2},
        {"necesidad_id": b, "lugar": 1},
        {"necesidad_id": c, "lugar": 3},
    ]
    priorizacion.registrar(almacen, tal, resultados)
    assert [almacen.obtener(Necesidad, n)["prioridad"] for n in (a, b, c)] == [2, 1, 3]
    filas = priorizacion.resultado(almacen, tal)
    assert [f["titulo"] for f in filas] == ["Camino", "Agua sector alto", "Sede"]
    assert priorizacion.talleres(almacen, escena[0])[0]["con_priorizacion"]


def test_votos_ordenan_y_registrar_de_nuevo_reemplaza(almacen, escena):
    _, tal, (a, b, c) = escena
    priorizacion.registrar(
        almacen,
        tal,
        [
            {"necesidad_id": a, "votos": 5},
            {"necesidad_id": b, "votos": 12},
            {"necesidad_id": c, "votos": 0},
        ],
    )
    assert [almacen.obtener(Necesidad, n)["prioridad"] for n in (a, b, c)] == [2, 1, 3]
    priorizacion.registrar(almacen, tal, [{"necesidad_id": c, "lugar": 1}])
    vigentes = almacen.listar(VotoPriorizacion, taller_id=tal)
    assert [(v["necesidad_id"], v["lugar"]) for v in vigentes] == [(c, 1)]
    assert almacen.conn.execute("SELECT count(*) FROM voto_priorizacion").fetchone()[0] == 4


@pytest.mark.parametrize(
    ("resultados", "mensaje"),
    [
        ([(0, {"lugar": 1}), (1, {"lugar": 1})], "El lugar 1 se asignó dos veces"),
        ([(0, {"votos": 4}), (1, {"votos": 4})], "empate de 4 votos"),
        ([(0, {"lugar": 1}), (1, {"votos": 3})], "Falta el lugar de «Camino»"),
        ([(0, {"lugar": 1}), (0, {"lugar": 2})], "aparece dos veces"),
        ([(0, {})], "Falta la cantidad de votos o el lugar"),
        ([(0, {"lugar": 0})], "parten en 1"),
        ([], "no tiene necesidades"),
    ],
)
def test_priorizacion_mal_ingresada_no_guarda_nada(almacen, escena, resultados, mensaje):
    _, tal, nec = escena
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match=mensaje):
        priorizacion.registrar(
            almacen, tal, [{"necesidad_id": nec[i], **extra} for i, extra in resultados]
        )
    assert contenido(almacen.ruta) == antes


def test_necesidad_de_otro_territorio_y_taller_cerrado(almacen, escena):
    _, tal, nec = escena
    otro = territorio(almacen, "Secano Interior", ("09117",))
    ajena = necesidad(almacen, otro, "Muelle")
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="«Muelle» es de otro territorio"):
        priorizacion.registrar(almacen, tal, [{"necesidad_id": ajena, "lugar": 1}])
    assert contenido(almacen.ruta) == antes
    almacen.actualizar(Taller, tal, {"estado": "cerrado"})
    with pytest.raises(ErrorRegistroCerrado, match="taller está cerrado"):
        priorizacion.registrar(almacen, tal, [{"necesidad_id": nec[0], "lugar": 1}])
