"""Columna «Origen» en las listas: la oficina ve quién creó cada registro; un notebook no."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.nucleo.origen_apoyo import JUAN, MARIA, escena
from ui.pantallas.talleres import COL_ORIGEN, PantallaTalleres
from ui.tareas import Tareas

AYUDA = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def red(tmp_path: Path):
    e = escena(tmp_path)
    rutas = {"oficina": e.oficina.ruta, "maria": e.maria.ruta, "juan": e.juan.ruta}
    rutas["tid"] = e.territorio_id
    e.cerrar()
    abiertas: list[Tareas] = []

    def tareas(quien: str) -> Tareas:
        abiertas.append(Tareas(rutas[quien], en_linea=True))
        return abiertas[-1]

    yield tareas, rutas["tid"]
    for t in abiertas:
        t.cerrar()


def _columna(pantalla: PantallaTalleres, col: int, rol=Qt.ItemDataRole.DisplayRole) -> list:
    proxy = pantalla.filtro_modelo
    return [proxy.index(i, col).data(rol) for i in range(proxy.rowCount())]


def test_oficina_muestra_origen_de_cada_taller(qtbot, qtmodeltester, red):
    tareas, tid = red
    pantalla = PantallaTalleres(tareas("oficina"), tid)
    qtbot.addWidget(pantalla)
    assert not pantalla.tabla.isColumnHidden(COL_ORIGEN)
    assert pantalla.modelo.headerData(COL_ORIGEN, Qt.Orientation.Horizontal) == "Origen"
    cabecera = pantalla.modelo.headerData(COL_ORIGEN, Qt.Orientation.Horizontal, AYUDA)
    assert cabecera == "Notebook u oficina donde se creó el registro"
    assert sorted(_columna(pantalla, COL_ORIGEN)) == [JUAN, MARIA]
    ayudas = dict(zip(_columna(pantalla, 1), _columna(pantalla, COL_ORIGEN, AYUDA), strict=True))
    ayuda_maria = ayudas["Diagnóstico en Puerto Domínguez"]
    assert ayuda_maria.startswith(f"Creado en: {MARIA}\nÚltimo cambio: Oficina regional")
    assert ayuda_maria[-16:-6].count("-") == 2 and ayuda_maria[-3] == ":"  # dd-mm-aaaa HH:MM
    ayuda_juan = ayudas["Validación en Isla Huapi"]
    assert ayuda_juan.startswith(f"Creado en: {JUAN}\nÚltimo cambio: {JUAN}, ")
    qtmodeltester.check(pantalla.modelo)


def test_oficina_filtra_y_ordena_por_origen(qtbot, red):
    tareas, tid = red
    pantalla = PantallaTalleres(tareas("oficina"), tid)
    qtbot.addWidget(pantalla)
    combo = pantalla.origen.combo
    assert pantalla.origen.isVisibleTo(pantalla)
    nombres = [combo.itemText(i) for i in range(combo.count())]
    assert nombres[0] == "Todos los orígenes" and {JUAN, MARIA} <= set(nombres)
    combo.setCurrentIndex(nombres.index(JUAN))
    assert _columna(pantalla, 1) == ["Validación en Isla Huapi"]
    combo.setCurrentIndex(0)
    pantalla.tabla.sortByColumn(COL_ORIGEN, Qt.SortOrder.AscendingOrder)
    assert _columna(pantalla, COL_ORIGEN) == [JUAN, MARIA]
    pantalla.filtro.setText("Soto")
    assert _columna(pantalla, 1) == ["Validación en Isla Huapi"]


def test_notebook_no_muestra_origen(qtbot, qtmodeltester, red):
    tareas, tid = red
    pantalla = PantallaTalleres(tareas("maria"), tid)
    qtbot.addWidget(pantalla)
    assert pantalla.modelo.rowCount() == 1
    assert pantalla.tabla.isColumnHidden(COL_ORIGEN)
    assert not pantalla.origen.isVisibleTo(pantalla)
    assert _columna(pantalla, COL_ORIGEN) == [""]
    qtmodeltester.check(pantalla.modelo)


def test_personas_con_origen_y_filtro(qtbot, qtmodeltester, red):
    from ui.pantallas.personas import COL_ORIGEN as COL
    from ui.pantallas.personas import PantallaPersonas

    tareas, tid = red
    pantalla = PantallaPersonas(tareas("oficina"), tid)
    qtbot.addWidget(pantalla)
    assert not pantalla.tabla.isColumnHidden(COL)
    filas = {f["nombre"]: f["origen_nombre"] for f in pantalla.modelo.filas}
    assert filas == {"Rosa Huenchumilla": MARIA, "Pedro Calfuqueo": JUAN}
    combo = pantalla.origen.combo
    combo.setCurrentIndex(combo.findText(MARIA))
    assert [f["nombre"] for f in pantalla.modelo.filas] == ["Rosa Huenchumilla"]
    qtmodeltester.check(pantalla.modelo)
    notebook = PantallaPersonas(tareas("maria"), tid)
    qtbot.addWidget(notebook)
    assert notebook.tabla.isColumnHidden(COL) and not notebook.origen.isVisibleTo(notebook)


def test_asistencias_perezosas_con_origen(qtbot, qtmodeltester, red):
    from ui.pantallas.asistencias import COL_ORIGEN as COL
    from ui.pantallas.asistencias import PantallaAsistencias

    tareas, tid = red
    pantalla = PantallaAsistencias(tareas("oficina"), tid)
    qtbot.addWidget(pantalla)
    assert not pantalla.tabla.isColumnHidden(COL) and pantalla.modelo.rowCount() == 1
    assert pantalla.total.text() == "1 asistencia"
    indice = pantalla.modelo.index(0, COL)
    assert indice.data() in (MARIA, pantalla.modelo.PENDIENTE)  # la primera lectura pide la página
    assert indice.data() == MARIA
    assert indice.data(AYUDA).startswith(f"Creado en: {MARIA}")
    pantalla.tabla.horizontalHeader().sectionClicked.emit(COL)
    assert pantalla.por_origen and pantalla.modelo.rowCount() == 1
    combo = pantalla.origen.combo
    combo.setCurrentIndex(combo.findText(JUAN))
    assert pantalla.modelo.rowCount() == 0 and pantalla.total.text() == "0 asistencias"
    qtmodeltester.check(pantalla.modelo)
    notebook = PantallaAsistencias(tareas("maria"), tid)
    qtbot.addWidget(notebook)
    assert notebook.tabla.isColumnHidden(COL)
    notebook.tabla.horizontalHeader().sectionClicked.emit(COL)
    assert not notebook.por_origen


def test_planificacion_con_origen(qtbot, qtmodeltester, red):
    from ui.planificacion import pantalla_necesidades as pn
    from ui.planificacion import pantalla_oferta as po

    tareas, tid = red
    necesidades = pn.PantallaNecesidades(tareas("oficina"), tid)
    oferta = po.PantallaOferta(tareas("oficina"), tid)
    for w in (necesidades, oferta):
        qtbot.addWidget(w)
    assert not necesidades.vista.isColumnHidden(pn.COL_ORIGEN)
    titulos = {f["titulo"]: f["origen_nombre"] for f in necesidades.modelo.filas}
    assert titulos == {"APR Llaguepulli": MARIA, "Camino a Huapi": JUAN}
    combo = necesidades.f_origen.combo
    combo.setCurrentIndex(combo.findText(JUAN))
    assert [f["titulo"] for f in necesidades.modelo.filas] == ["Camino a Huapi"]
    assert necesidades.cuenta.text() == "1 necesidad"
    assert not oferta.vista.isColumnHidden(po.COL_ORIGEN)
    celda = oferta.modelo.index(0, po.COL_ORIGEN)
    assert celda.data() == MARIA and celda.data(AYUDA).startswith(f"Creado en: {MARIA}")
    assert oferta.totales.text() == "Las inversiones registradas aún no tienen monto."
    oferta.f_origen.combo.setCurrentIndex(oferta.f_origen.combo.findText(JUAN))
    assert oferta.modelo.rowCount() == 0
    assert oferta.totales.text().endswith(f"(Solo lo creado en «{JUAN}».)")
    for modelo in (necesidades.modelo, oferta.modelo):
        qtmodeltester.check(modelo)
    notebook = pn.PantallaNecesidades(tareas("maria"), tid)
    qtbot.addWidget(notebook)
    assert notebook.vista.isColumnHidden(pn.COL_ORIGEN) and notebook.modelo.rowCount() == 1
    assert not notebook.f_origen.isVisibleTo(notebook)


def test_paquete_importado_refresca_las_listas(qtbot, red, tmp_path: Path):
    from pir_campo.almacen import Almacen
    from pir_campo.modelos import Asistencia, Persona, Taller
    from pir_campo.sincro import exportar, importar
    from ui.pantallas.asistencias import PantallaAsistencias

    tareas, tid = red
    oficina = tareas("oficina")
    talleres = PantallaTalleres(oficina, tid)
    asistencias = PantallaAsistencias(oficina, tid)
    for w in (talleres, asistencias):
        qtbot.addWidget(w)
    asistencias.modelo.index(0, 0).data()  # deja la página leída en caché
    paquete = tmp_path / "juan-2.pirb"
    with Almacen.abrir(tmp_path / "Notebook de Juan Soto.sqlite") as juan:
        datos = {"territorio_id": tid, "paso": 3, "titulo": "Taller nuevo", "fecha": "2026-05-05"}
        taller = juan.insertar(Taller, datos)
        (pedro,) = juan.listar(Persona, nombre="Pedro Calfuqueo")
        juan.insertar(
            Asistencia, {"territorio_id": tid, "taller_id": taller, "persona_id": pedro["id"]}
        )
        exportar.exportar(juan, paquete)
    oficina.ejecutar(lambda a: importar.importar(a, paquete).cambios)
    qtbot.waitUntil(lambda: talleres.modelo.rowCount() == 3, timeout=2000)
    assert "Taller nuevo" in _columna(talleres, 1)
    assert set(_columna(talleres, COL_ORIGEN)) == {MARIA, JUAN}
    qtbot.waitUntil(lambda: asistencias.modelo.rowCount() == 2, timeout=2000)
    origenes = [asistencias.modelo.index(i, 5).data() for i in range(2)]
    assert sorted(origenes) == [JUAN, MARIA] and asistencias.total.text() == "2 asistencias"


def test_momento_del_ultimo_cambio_en_hora_de_chile():
    from ui.origen import ayuda, momento

    assert momento(1_767_225_600_000) == "31-12-2025 21:00"  # 1-1-2026 00:00 UTC, verano (UTC-3)
    assert momento(1_782_907_200_000) == "01-07-2026 08:00"  # 1-7-2026 12:00 UTC, invierno (UTC-4)
    assert momento(None) == "" and ayuda({"origen_nombre": None}) is None
    fila = {"origen_nombre": MARIA, "cambio_nombre": JUAN, "cambio_ms": 1_767_225_600_000}
    assert ayuda(fila) == f"Creado en: {MARIA}\nÚltimo cambio: {JUAN}, 31-12-2025 21:00"
