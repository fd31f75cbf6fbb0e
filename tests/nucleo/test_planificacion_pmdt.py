"""PMDT versionado: cartera, validación con acta, nueva versión y diferencias."""

from __future__ import annotations

import pytest

from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import ActaValidacion, Iniciativa, Pmdt
from pir_campo.planificacion import pmdt
from tests.conftest import contenido
from tests.datos_planificacion import necesidad, territorio


def _ini(nombre, orden, **extra):
    return {"nombre": nombre, "tipologia": "agua_potable", "orden": orden, **extra}


@pytest.fixture
def plan(almacen):
    tid = territorio(almacen)
    n1 = necesidad(almacen, tid, "Agua sector alto")
    n2 = necesidad(almacen, tid, "Camino", "conectividad_vial")
    pid = pmdt.crear(
        almacen,
        tid,
        {"fecha": "02-02-2026", "vision": "Territorio con agua", "ejes_productivos": ["Turismo"]},
    ).ids[0]
    pmdt.guardar_iniciativa(
        almacen,
        pid,
        _ini("APR sector alto", 1, necesidades=[n1], costo=900_000_000, unidad_costo="CLP"),
    )
    pmdt.guardar_iniciativa(
        almacen, pid, _ini("Camino Huapi", 2, tipologia="conectividad_vial", necesidades=[n2])
    )
    pmdt.guardar_iniciativa(
        almacen, pid, _ini("Estudio apícola", 3, tipologia="fomento_productivo")
    )
    return tid, pid, (n1, n2)


def _acta(almacen, tid, pid, decision="aprobado"):
    aid = almacen.insertar(
        ActaValidacion,
        {
            "territorio_id": tid,
            "tipo": "validacion_pmdt",
            "pmdt_id": pid,
            "fecha": "2026-03-01",
            "decision": decision,
        },
    )
    almacen.actualizar(ActaValidacion, aid, {"estado": "firmada"})
    return aid


def test_crear_una_sola_vez_y_cartera_ordenada(almacen, plan):
    tid, pid, _ = plan
    assert [i["nombre"] for i in pmdt.cartera(almacen, pid)] == [
        "APR sector alto",
        "Camino Huapi",
        "Estudio apícola",
    ]
    with pytest.raises(ErrorValidacion, match="ya tiene un PMDT"):
        pmdt.crear(almacen, tid, {"fecha": "2026-03-01"})
    v = pmdt.versiones(almacen, tid)
    assert [(x["version"], x["iniciativas"], x["estado_etiqueta"]) for x in v] == [
        (1, 3, "Borrador")
    ]


def test_iniciativa_mal_ingresada_no_guarda(almacen, plan):
    tid, pid, _ = plan
    otro = territorio(almacen, "Secano Interior", ("09117",))
    ajena = necesidad(almacen, otro, "Muelle")
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="orden de prioridad 2 ya lo tiene «Camino Huapi»"):
        pmdt.guardar_iniciativa(almacen, pid, _ini("Otra", 2))
    with pytest.raises(ErrorValidacion, match="necesidad de otro territorio"):
        pmdt.guardar_iniciativa(almacen, pid, _ini("Otra", 4, necesidades=[ajena]))
    with pytest.raises(ErrorValidacion, match="«Unidad del costo» es obligatorio"):
        pmdt.guardar_iniciativa(almacen, pid, _ini("Otra", 4, costo=10))
    with pytest.raises(ErrorValidacion, match="Código BIP"):
        pmdt.guardar_iniciativa(almacen, pid, _ini("Otra", 4, codigo_bip="123"))
    assert contenido(almacen.ruta) == antes


def test_estados_y_acta_del_core(almacen, plan):
    tid, pid, _ = plan
    with pytest.raises(ErrorValidacion, match="no puede pasar de «Borrador» a «Validado por"):
        pmdt.cambiar_estado(almacen, pid, "validado_core")
    pmdt.cambiar_estado(almacen, pid, "validado_tecnicamente")
    with pytest.raises(ErrorRegistroCerrado, match="cree una nueva versión"):
        pmdt.guardar_iniciativa(almacen, pid, _ini("Tarde", 9))
    with pytest.raises(ErrorRegistroCerrado, match="cree una nueva versión"):
        pmdt.editar(almacen, pid, {"vision": "Otra"})
    with pytest.raises(ErrorValidacion, match="acta de validación del PMDT"):
        pmdt.cambiar_estado(almacen, pid, "validado_core")
    _acta(almacen, tid, pid, "rechazado")
    with pytest.raises(ErrorValidacion, match="acta de validación del PMDT"):
        pmdt.cambiar_estado(almacen, pid, "validado_core")
    aid = _acta(almacen, tid, pid)
    pmdt.cambiar_estado(almacen, pid, "validado_core")
    assert [a["id"] for a in pmdt.actas_aprobatorias(almacen, almacen.obtener(Pmdt, pid))] == [aid]
    with pytest.raises(ErrorValidacion, match="no puede pasar"):
        pmdt.cambiar_estado(almacen, pid, "borrador")


def test_sin_cartera_no_se_valida(almacen):
    tid = territorio(almacen)
    pid = pmdt.crear(almacen, tid, {"fecha": "2026-01-01"}).ids[0]
    with pytest.raises(ErrorValidacion, match="no tiene iniciativas"):
        pmdt.cambiar_estado(almacen, pid, "validado_tecnicamente")


def test_nueva_version_copia_cartera_y_conserva_la_anterior(almacen, plan):
    tid, pid, (n1, _) = plan
    pmdt.cambiar_estado(almacen, pid, "validado_tecnicamente")
    _acta(almacen, tid, pid)
    pmdt.cambiar_estado(almacen, pid, "validado_core")
    antes_v1 = [dict(i) for i in pmdt.cartera(almacen, pid)]
    v2 = pmdt.nueva_version(almacen, pid, "2026-09-01", {"vision": "Territorio conectado"}).ids[0]
    fila = almacen.obtener(Pmdt, v2)
    assert (fila["version"], fila["version_anterior_id"], fila["estado"]) == (2, pid, "borrador")
    assert fila["ejes_productivos"] == ["Turismo"]
    copia = pmdt.cartera(almacen, v2)
    assert [i["nombre"] for i in copia] == [i["nombre"] for i in antes_v1]
    assert {i["id"] for i in copia}.isdisjoint({i["id"] for i in antes_v1})
    assert copia[0]["necesidades"] == [n1] and copia[0]["costo"] == 900_000_000
    # Cambiar la versión nueva no toca la validada.
    camino = next(i for i in copia if i["nombre"] == "Camino Huapi")
    pmdt.guardar_iniciativa(almacen, v2, {"etapa": "perfil"}, camino["id"])
    apr = next(i for i in copia if i["nombre"] == "APR sector alto")
    pmdt.quitar_iniciativa(almacen, next(i["id"] for i in copia if i["orden"] == 3))
    with pytest.raises(ErrorValidacion, match="cada iniciativa de la cartera una sola vez"):
        pmdt.reordenar(almacen, v2, [camino["id"], camino["id"]])
    pmdt.reordenar(almacen, v2, [camino["id"], apr["id"]])
    pmdt.guardar_iniciativa(
        almacen, v2, _ini("Electrificación Llico", 3, tipologia="electrificacion")
    )
    assert pmdt.cartera(almacen, pid) == antes_v1
    assert almacen.obtener(Pmdt, pid)["estado"] == "validado_core"
    dif = pmdt.diferencias(almacen, pid, v2)
    titulos = [c[0] for c in dif.campos]
    assert titulos == ["Visión", "Estado", "Fecha de la versión"]
    assert [i["nombre"] for i in dif.agregadas] == ["Electrificación Llico"]
    assert [i["nombre"] for i in dif.quitadas] == ["Estudio apícola"]
    modificadas = dict(dif.modificadas)
    assert ("Etapa", "idea", "perfil") in modificadas["Camino Huapi"]
    assert ("Orden de prioridad", 2, 1) in modificadas["Camino Huapi"]
    assert modificadas["APR sector alto"] == [("Orden de prioridad", 1, 2)]
    assert pmdt.diferencias(almacen, pid, pid).vacia


def test_solo_se_actualiza_la_ultima_version_y_todo_o_nada(almacen, plan):
    _, pid, _ = plan
    pmdt.nueva_version(almacen, pid, "2026-09-01")
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="Solo se actualiza la versión más reciente"):
        pmdt.nueva_version(almacen, pid, "2026-10-01")
    ultima = pmdt.versiones(almacen, plan[0])[-1]["id"]
    with pytest.raises(ErrorValidacion, match="Fecha de la versión"):
        pmdt.nueva_version(almacen, ultima, "no es fecha")
    assert contenido(almacen.ruta) == antes
    assert almacen.contar(Iniciativa) == 6
