"""Seguimiento: los ocho pasos por territorio y el resumen de la región."""

from __future__ import annotations

import datetime as dt

from pir_campo.modelos import Acuerdo, Necesidad, Territorio
from pir_campo.planificacion import seguimiento
from tests.datos_planificacion import taller, territorio

HOY = dt.date(2026, 11, 27)


def test_territorio_nuevo_todo_pendiente_y_acuerdo_vencido(almacen):
    tid = territorio(almacen)
    tal = taller(almacen, tid, paso=1, titulo="Presentación del programa")
    for texto, fecha, estado in (
        ("Enviar listado de familias", "2026-10-01", "pendiente"),
        ("Convocar asamblea", "2026-10-01", "cumplido"),
        ("Visita de Vialidad", "2026-12-30", "pendiente"),
    ):
        almacen.insertar(
            Acuerdo,
            {
                "territorio_id": tid,
                "taller_id": tal,
                "texto": texto,
                "fecha_compromiso": fecha,
                "estado": estado,
            },
        )
    s = seguimiento.territorio(almacen, tid, HOY)
    assert [p.estado for p in s.pasos] == ["En curso"] + ["Pendiente"] * 7
    assert s.pasos[0].talleres == 1 and s.paso_actual == 1 and s.pasos_cumplidos == 0
    assert [(a["texto"], a["dias_atraso"]) for a in s.acuerdos_vencidos] == [
        ("Enviar listado de familias", 57)
    ]
    assert s.cartera["iniciativas"] == 0
    almacen.actualizar(Territorio, tid, {"estado": "seleccionado"})
    assert seguimiento.territorio(almacen, tid, HOY).pasos[0].estado == "Cumplido"


def test_demo_recorre_los_pasos_hasta_el_pmdt_validado(almacen_demo):
    tid = almacen_demo.conn.execute("SELECT id FROM territorio ORDER BY nombre").fetchone()[0]
    s = seguimiento.territorio(almacen_demo, tid, HOY)
    estados = {p.numero: p.estado for p in s.pasos}
    assert all(estados[n] == "Cumplido" for n in (1, 2, 3, 4, 5))
    assert s.cartera["estado"] == "Validado por el CORE" and s.cartera["iniciativas"] > 0
    assert sum(s.capacidad.values()) >= 2
    assert sum(sum(f.values()) for f in s.necesidades.values()) > 8


def test_region_suma_sus_territorios(almacen_demo):
    todos = seguimiento.region(almacen_demo, None, HOY)
    assert len(todos) == 3
    total = seguimiento.totales_region(todos)
    assert total["territorios"] == 3
    assert total["iniciativas"] == sum(s.cartera["iniciativas"] for s in todos)
    assert sum(sum(f.values()) for f in total["necesidades"].values()) == almacen_demo.contar(
        Necesidad
    )
    region = almacen_demo.conn.execute("SELECT cut_region FROM territorio LIMIT 1").fetchone()[0]
    propios = seguimiento.region(almacen_demo, region, HOY)
    assert 1 <= len(propios) <= 3
    assert all(s.territorio["cut_region"] == region for s in propios)


def test_region_sin_lista_de_acuerdos_dice_lo_mismo(almacen_demo):
    """Inicio y el informe regional piden la región sin la lista de acuerdos vencidos: los pasos
    y los totales son los mismos, y la cuenta de vencidos también."""
    con = seguimiento.region(almacen_demo, None, HOY)
    sin = seguimiento.region(almacen_demo, None, HOY, con_acuerdos=False)
    assert any(s.acuerdos_vencidos for s in con)
    assert [s.total_vencidos for s in sin] == [len(s.acuerdos_vencidos) for s in con]
    assert [s.pasos for s in sin] == [s.pasos for s in con]
    assert all(not s.acuerdos_vencidos for s in sin)
    assert seguimiento.totales_region(sin) == seguimiento.totales_region(con)
