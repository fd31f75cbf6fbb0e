"""Archivo > Exportar datos…: región, territorios, fechas y datos personales; la exportación
corre por Tareas con su barra de avance y el diálogo dice dónde escribió."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import QDate, Qt

from pir_campo.modelos import Taller, Territorio
from ui.exportar_datos import DialogoExportarDatos


def _dialogo(qtbot, tareas):
    d = DialogoExportarDatos(tareas)
    qtbot.addWidget(d)
    return d


def test_exporta_el_libro_de_los_territorios_marcados(qtbot, tareas_demo, almacen_demo, tmp_path):
    d = _dialogo(qtbot, tareas_demo)
    territorios = almacen_demo.listar(Territorio, orden="nombre")
    assert d.lista.count() == len(territorios)  # demo de oficina: todas las regiones
    avances: list[float] = []
    d.aviso.avance.connect(lambda _t, f: avances.append(f))
    # Se desmarca uno: el libro trae solo los otros.
    d.lista.item(0).setCheckState(Qt.CheckState.Unchecked)
    quitado = d.lista.item(0).text()
    destino = tmp_path / "región.xlsx"
    d.destino.setText(str(destino))
    qtbot.mouseClick(d.exportar, Qt.MouseButton.LeftButton)
    assert destino.exists()
    assert d.barra.value() == 100 and avances and max(avances) == 1.0
    assert str(destino) in d.estado.text() and d.estado.text().startswith("Listo.")
    libro = openpyxl.load_workbook(destino, read_only=True)
    nombres = {f[0] for f in libro["Territorios"].iter_rows(min_row=2, values_only=True)}
    assert quitado not in nombres and len(nombres) == len(territorios) - 1
    codigos = [f for f in libro["Asistencia"].iter_rows(max_row=1, values_only=True)][0]
    assert "Código de persona" in codigos and "Nombre" not in codigos


def test_con_fechas_y_datos_personales(qtbot, tareas_demo, almacen_demo, tmp_path):
    d = _dialogo(qtbot, tareas_demo)
    d.con_fechas.setChecked(True)
    d.desde.setDate(QDate(2025, 9, 1))
    d.hasta.setDate(QDate(2026, 2, 28))
    d.personales.setChecked(True)
    destino = tmp_path / "datos.xlsx"
    d.destino.setText(str(destino))
    d.iniciar()
    libro = openpyxl.load_workbook(destino, read_only=True)
    fechas = [f[5] for f in libro["Talleres"].iter_rows(min_row=2, values_only=True)]
    assert fechas and all(dt.datetime(2025, 9, 1) <= f <= dt.datetime(2026, 2, 28) for f in fechas)
    assert len(fechas) < almacen_demo.contar(Taller)
    encabezado = next(libro["Asistencia"].iter_rows(max_row=1, values_only=True))
    assert "Nombre" in encabezado and "RUT" in encabezado


def test_carpeta_para_csv_y_errores_en_espanol(qtbot, tareas_demo, tmp_path):
    d = _dialogo(qtbot, tareas_demo)
    d.formato.setCurrentIndex(d.formato.findData("csv"))
    assert d.destino.text().endswith("datos_pir_campo_csv")
    d.destino.setText(str(tmp_path / "csv"))
    d.iniciar()
    assert (tmp_path / "csv" / "asistencia.csv").exists()
    # Fechas al revés: el mensaje del núcleo, en el diálogo, y nada escrito.
    d.con_fechas.setChecked(True)
    d.desde.setDate(QDate(2026, 6, 1))
    d.hasta.setDate(QDate(2026, 1, 1))
    d.destino.setText(str(tmp_path / "otra"))
    d.iniciar()
    assert "antes de empezar" in d.estado.text() and not (tmp_path / "otra").exists()
    assert d.exportar.isEnabled()
    # Ningún territorio marcado.
    for i in range(d.lista.count()):
        d.lista.item(i).setCheckState(Qt.CheckState.Unchecked)
    d.iniciar()
    assert "al menos un territorio" in d.estado.text()


def test_la_region_filtra_los_territorios(qtbot, tareas_demo, almacen_demo):
    d = _dialogo(qtbot, tareas_demo)
    regiones = {t["cut_region"] for t in almacen_demo.listar(Territorio)}
    cut = sorted(regiones)[0]
    d.region.setCurrentIndex(d.region.findData(cut))
    esperados = {t["nombre"] for t in almacen_demo.listar(Territorio, cut_region=cut)}
    assert {d.lista.item(i).text() for i in range(d.lista.count())} == esperados


def test_el_menu_archivo_lo_ofrece_antes_de_salir(ventana):
    archivo = next(m for m in ventana.menuBar().actions() if m.text() == "&Archivo").menu()
    textos = [a.text() for a in archivo.actions()]
    assert "E&xportar datos…" in textos
    assert textos.index("E&xportar datos…") < textos.index("&Salir")
