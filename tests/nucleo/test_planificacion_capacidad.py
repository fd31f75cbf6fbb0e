"""Instrumento de capacidad (dato versionado), diagnósticos, plan y evolución del nivel."""

from __future__ import annotations

import copy
import json

import pytest

from pir_campo import capacidad
from pir_campo.errores import ErrorCatalogo, ErrorValidacion
from pir_campo.modelos import Diagnostico, RespuestaDiagnostico
from pir_campo.planificacion import capacidad_servicio as cs
from pir_campo.recursos import ruta_recurso
from tests.conftest import contenido
from tests.datos_planificacion import organizacion, territorio

RUTA = ruta_recurso("instrumentos", "capacidad_gestion.json")


def _definicion() -> dict:
    return json.loads(RUTA.read_text(encoding="utf-8"))


def test_instrumento_del_programa_valida():
    inst = capacidad.validar_archivo(RUTA)
    assert inst.codigo == "capacidad_gestion" and inst.version >= 1
    assert abs(sum(s.peso for s in inst.secciones) - 1) < 1e-9
    assert len(inst.items()) == sum(len(s.items) for s in inst.secciones)


def _roto(cambio):
    datos = copy.deepcopy(_definicion())
    cambio(datos)
    return datos


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        (lambda d: d["secciones"][0].update(peso=0.9), "los pesos de las secciones deben sumar 1"),
        (lambda d: d.pop("escala"), "falta el dato 'escala'"),
        (lambda d: d["escala"].append({"valor": 15, "etiqueta": "X"}), "entre 0 y 10"),
        (lambda d: d["escala"][1].update(valor=0), "al menos dos valores distintos"),
        (lambda d: d["niveles"][2].update(desde=10), "bajo = 0 < medio < alto"),
        (lambda d: d["niveles"][0].update(desde=30), "bajo = 0 < medio < alto"),
        (lambda d: d["niveles"][0].update(nivel="excelente"), "alto, medio y bajo"),
        (
            lambda d: d["secciones"][1]["items"].append(d["secciones"][0]["items"][0]),
            "ítem repetidos",
        ),
        (lambda d: d["secciones"][1].update(items=[]), "cada sección debe tener ítems"),
        (lambda d: d["secciones"][1].update(codigo="legal"), "sección repetidos"),
        (lambda d: d["secciones"][0]["items"][0].update(texto=" "), "sin texto"),
        (lambda d: d.update(version="uno"), "tipo o valor no válido"),
    ],
)
def test_instrumento_invalido_se_rechaza(tmp_path, cambio, mensaje):
    ruta = tmp_path / "instrumento.json"
    ruta.write_text(json.dumps(_roto(cambio)), encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match=mensaje) as e:
        capacidad.validar_archivo(ruta)
    assert str(e.value).startswith("El instrumento no es válido")


def test_archivo_ilegible_se_rechaza(tmp_path):
    ruta = tmp_path / "malo.json"
    ruta.write_text("{ no es json", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="No se pudo leer el instrumento"):
        capacidad.validar_archivo(ruta)
    ruta.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="debe ser un objeto JSON"):
        capacidad.validar_archivo(ruta)


def _respuestas(valor: int) -> dict[str, int]:
    return {c: valor for c in capacidad.cargar().items()}


@pytest.mark.parametrize(
    ("valor", "nivel", "puntaje"), [(3, "alto", 100.0), (2, "medio", 66.7), (0, "bajo", 0.0)]
)
def test_diagnostico_da_el_nivel_esperado(almacen, valor, nivel, puntaje):
    tid = territorio(almacen)
    org = organizacion(almacen, tid)
    did = cs.registrar_diagnostico(almacen, org, "15-09-2026", _respuestas(valor)).ids[0]
    diag = almacen.obtener(Diagnostico, did)
    assert (diag["nivel"], diag["puntaje"], diag["version_instrumento"]) == (nivel, puntaje, 1)
    assert almacen.contar(RespuestaDiagnostico, diagnostico_id=did) == 15
    det = cs.detalle(almacen, did)
    assert [s for s, _ in det["secciones"]][0] == "Legal y organizacional"
    assert all(p == puntaje or valor == 2 for _, p in det["secciones"])


def test_respuesta_fuera_de_escala_o_incompleta_no_guarda(almacen):
    tid = territorio(almacen)
    org = organizacion(almacen, tid)
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="fuera de la escala \\(0 a 3\\)"):
        cs.registrar_diagnostico(almacen, org, "2026-09-15", {**_respuestas(1), "legal_1": 7})
    incompletas = _respuestas(1)
    incompletas.pop("social_3")
    with pytest.raises(ErrorValidacion, match="Falta responder 1 ítem"):
        cs.registrar_diagnostico(almacen, org, "2026-09-15", incompletas)
    with pytest.raises(ErrorValidacion, match="no pertenece al instrumento"):
        cs.registrar_diagnostico(almacen, org, "2026-09-15", {**_respuestas(1), "otro_9": 1})
    assert contenido(almacen.ruta) == antes


def test_evolucion_plan_y_niveles_del_territorio(almacen):
    tid = territorio(almacen)
    org = organizacion(almacen, tid)
    organizacion(almacen, tid, "Junta de Vecinos Huapi")
    d1 = cs.registrar_diagnostico(almacen, org, "2025-09-15", _respuestas(1)).ids[0]
    cs.guardar_accion(
        almacen, d1, {"accion": "Curso de contabilidad", "fecha_limite": "2026-01-30"}
    )
    d2 = cs.registrar_diagnostico(almacen, org, "2026-09-15", _respuestas(2)).ids[0]
    accion = cs.guardar_accion(almacen, d2, {"accion": "Plan de mantención"}).ids[0]
    cs.guardar_accion(almacen, d2, {"estado": "cumplida", "accion": "Plan de mantención"}, accion)
    ev = cs.evolucion(almacen, org)
    assert [(e["nivel"], e["tendencia"]) for e in ev] == [
        ("bajo", "Primer diagnóstico"),
        ("medio", "Sube de bajo a medio"),
    ]
    filas = {f["organizacion"]: f for f in cs.niveles_territorio(almacen, tid)}
    assert filas["Comité APR Llaguepulli"]["tendencia"] == "Sube de bajo a medio"
    assert filas["Comité APR Llaguepulli"]["acciones_pendientes"] == 0
    assert filas["Junta de Vecinos Huapi"]["tendencia"] == "Sin diagnóstico"
    assert cs.tendencia("alto", "medio") == "Baja de alto a medio"
    assert [a["accion"] for a in cs.plan(almacen, d1)] == ["Curso de contabilidad"]


def test_cli_instrumento_valida_y_rechaza(cli, tmp_path):
    codigo, salida, error = cli("instrumento")
    assert codigo == 0 and "válido" in salida and "Legal y organizacional" in salida
    codigo, salida, _ = cli("instrumento", "--json")
    assert codigo == 0 and json.loads(salida)["version"] >= 1
    ruta = tmp_path / "revisado.json"
    ruta.write_text(json.dumps(_roto(lambda d: d["secciones"][0].update(peso=0.5))), "utf-8")
    codigo, salida, error = cli("instrumento", ruta)
    assert codigo == 1 and salida == ""
    assert (
        error.strip()
        == "Error: El instrumento no es válido: los pesos de las secciones deben sumar 1."
    )
    assert "Traceback" not in error
