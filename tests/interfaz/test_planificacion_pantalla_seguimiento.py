"""Selección, oferta y seguimiento con datos de demostración; secciones para la ventana."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import IndicadorTerritorio, OfertaInversion
from ui.planificacion import SECCIONES
from ui.planificacion.pantalla_oferta import PantallaOferta
from ui.planificacion.pantalla_region import PantallaSeguimientoRegion
from ui.planificacion.pantalla_seguimiento import PantallaSeguimiento
from ui.planificacion.pantalla_seleccion import PantallaSeleccion
from ui.tareas import Tareas


def _tid(ruta):
    with Almacen.abrir(ruta) as a:
        return a.conn.execute("SELECT id FROM territorio ORDER BY nombre").fetchone()[0]


def test_secciones_se_construyen_con_y_sin_territorio(qtbot, ruta_demo):
    tareas = Tareas(ruta_demo, en_linea=True)
    tid = _tid(ruta_demo)
    assert [s.titulo for s in SECCIONES][:2] == ["Selección de territorios", "Necesidades"]
    for fabrica in (s.fabrica for s in SECCIONES):
        for territorio in (tid, None):
            qtbot.addWidget(fabrica(tareas, territorio))
    tareas.cerrar()


def test_seleccion_ordena_exporta_y_guarda_indicador(qtbot, ruta_demo, tmp_path):
    tareas = Tareas(ruta_demo, en_linea=True)
    tid = _tid(ruta_demo)
    pantalla = PantallaSeleccion(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert pantalla.modelo.rowCount() == 3 and pantalla.modelo_ind.rowCount() == 8
    claves = [c.clave for c in pantalla.modelo.columnas]
    col = claves.index("tasa_pobreza")
    pantalla.vista.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    valores = [f["tasa_pobreza"] for f in pantalla.modelo.filas]
    assert valores == sorted(valores, reverse=True)
    ruta = tmp_path / "comparacion.csv"
    pantalla.exportar(ruta)
    assert "Se exportaron 3 territorios" in pantalla.aviso.text()
    filas = list(csv.reader(ruta.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [f[0] for f in filas[1:]] == [f["nombre"] for f in pantalla.modelo.filas]
    # Indicador nuevo y uno mal ingresado.
    pantalla.indicador.setCurrentIndex(pantalla.indicador.findData("brecha_servicio"))
    pantalla.tipologia.setCurrentIndex(pantalla.tipologia.findData("telecomunicaciones"))
    pantalla.valor.setText("45,5")
    pantalla.fuente.setText("Catastro SUBTEL")
    seleccionado = pantalla.modelo.id_en(pantalla.vista.currentIndex().row())
    pantalla.guardar_indicador()
    assert "Indicador guardado" in pantalla.aviso.text()
    assert "brecha_servicio:telecomunicaciones" in [c.clave for c in pantalla.modelo.columnas]
    pantalla.valor.setText("130")
    pantalla.indicador.setCurrentIndex(pantalla.indicador.findData("tasa_pobreza"))
    pantalla.guardar_indicador()
    assert "no puede superar 100" in pantalla.aviso.text()
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(IndicadorTerritorio, territorio_id=seleccionado) == 9
    pantalla.region.setCurrentIndex(pantalla.region.findData("04"))
    assert pantalla.modelo.rowCount() == 0
    pantalla.region.setCurrentIndex(pantalla.region.findData("09"))
    assert pantalla.modelo.rowCount() == 3
    pantalla.marcar("descartado", "")
    assert "Justificación" in pantalla.aviso.text()
    tareas.cerrar()


def test_oferta_y_seguimiento_con_la_demo(qtbot, ruta_demo):
    tareas = Tareas(ruta_demo, en_linea=True)
    tid = _tid(ruta_demo)
    oferta = PantallaOferta(tareas, tid)
    qtbot.addWidget(oferta)
    antes = oferta.modelo.rowCount()
    oferta.campos["nombre"].setText("Mejoramiento camino Huapi")
    oferta.campos["institucion"].setText("MOP Vialidad")
    oferta.campos["monto"].setText("1.200")
    oferta.campos["unidad_monto"].setCurrentIndex(oferta.campos["unidad_monto"].findData("UF"))
    oferta.campos["anio"].setText("2026")
    oferta.guardar()
    assert "«Valor de la UF» es obligatorio" in oferta.aviso.text()
    oferta.campos["valor_uf"].setText("39.123,45")
    oferta.campos["fecha_uf"].setText("01-10-2026")
    oferta.guardar()
    assert oferta.modelo.rowCount() == antes + 1
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(OfertaInversion, territorio_id=tid) == antes + 1
    seg = PantallaSeguimiento(tareas, tid)
    qtbot.addWidget(seg)
    assert seg.modelo_pasos.rowCount() == 8
    assert [f["estado"] for f in seg.modelo_pasos.filas][:5] == ["Cumplido"] * 5
    assert "pasos cumplidos" in seg.encabezado.text()
    assert seg.modelo_acuerdos.rowCount() >= 1
    region = PantallaSeguimientoRegion(tareas, tid)
    qtbot.addWidget(region)
    assert region.modelo.rowCount() == 3
    with qtbot.waitSignal(region.elegir_territorio) as senal:
        region.vista.selectRow(1)
        region._abrir()
    assert senal.args == [region.modelo.id_en(1)]
    tareas.cerrar()
