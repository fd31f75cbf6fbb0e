"""Trabajos adelantados al arrancar: la base lee lo primero que se ve mientras la ventana se
importa y se arma; quien lo pide después recibe ese resultado, una vez, y nunca uno viejo."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ui import registro
from ui.tareas import Tareas

CORRIDAS: list[str] = []


def contar(almacen) -> int:
    """Trabajo nombrado de estas pruebas: anota cada vez que corre en el hilo de la base."""
    CORRIDAS.append(threading.current_thread().name)
    return almacen.conn.execute("SELECT count(*) FROM territorio").fetchone()[0]


def renombrar(almacen):
    from pir_campo.modelos import Territorio

    t = almacen.conn.execute("SELECT id FROM territorio ORDER BY id LIMIT 1").fetchone()[0]
    return almacen.actualizar(Territorio, t, {"nombre": "Renombrado en la prueba"})


CONTAR = "tests.interfaz.test_adelantos:contar"


@pytest.fixture
def tareas(ruta_demo) -> Iterator[Tareas]:
    """El hilo real de la base sobre la demo (no en línea, como en las demás pruebas)."""
    CORRIDAS.clear()
    t = Tareas(ruta_demo)
    try:
        yield t
    finally:
        t.cerrar()


def _esperar(qtbot, recibidos: list, n: int = 1) -> None:
    qtbot.waitUntil(lambda: len(recibidos) >= n, timeout=10_000)


def test_el_adelanto_corre_una_vez_en_el_hilo_de_la_base(qtbot, tareas):
    tareas.adelantar(CONTAR)
    tareas.adelantar(CONTAR)  # pedirlo dos veces no lo corre dos veces
    tareas.esperar()
    recibidos: list[int] = []
    tareas.ejecutar(CONTAR, recibidos.append)
    _esperar(qtbot, recibidos)
    assert recibidos == [3] and len(CORRIDAS) == 1
    assert CORRIDAS[0] != threading.current_thread().name
    # Ya entregado: el siguiente `ejecutar` del mismo nombre vuelve a leer la base.
    tareas.ejecutar(CONTAR, recibidos.append)
    _esperar(qtbot, recibidos, 2)
    assert recibidos == [3, 3] and len(CORRIDAS) == 2


def test_pedido_antes_de_que_termine_espera_al_adelanto(qtbot, tareas):
    tareas.adelantar(CONTAR)  # aún abriendo la base (Argon2) cuando se pide
    recibidos: list[int] = []
    tareas.ejecutar(CONTAR, recibidos.append)
    _esperar(qtbot, recibidos)
    tareas.esperar()
    assert recibidos == [3] and len(CORRIDAS) == 1


def test_un_cambio_en_la_base_descarta_el_adelanto_ya_leido(qtbot, tareas):
    tareas.adelantar("pir_campo.servicios.territorio:para_elegir")
    tareas.esperar()
    hechos: list = []
    tareas.ejecutar(renombrar, hechos.append)
    _esperar(qtbot, hechos)
    filas: list = []
    tareas.ejecutar("pir_campo.servicios.territorio:para_elegir", filas.append)
    _esperar(qtbot, filas)
    assert "Renombrado en la prueba" in [f["nombre"] for f in filas[0]]


def test_en_linea_no_se_adelanta_nada(tareas_demo):
    CORRIDAS.clear()
    tareas_demo.adelantar(CONTAR)
    assert CORRIDAS == []
    recibidos: list[int] = []
    tareas_demo.ejecutar(CONTAR, recibidos.append)
    assert recibidos == [3] and len(CORRIDAS) == 1


def test_lo_que_se_adelanta_es_lo_que_piden_la_ventana_e_inicio():
    from ui.inicio.pantalla import TRABAJO_INICIO

    assert registro.adelantos() == [registro.TRABAJO_TERRITORIOS, TRABAJO_INICIO]
    for nombre in registro.adelantos():
        modulo, _, funcion = nombre.partition(":")
        assert callable(getattr(__import__(modulo, fromlist=[funcion]), funcion))
