"""Pantallas de sincronización con widgets reales (offscreen) y bases reales en disco."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import replicacion as rep
from pir_campo.modelos import Persona, Territorio
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red
from ui.sincronizacion import SECCIONES, PantallaConflictos, PantallaSincronizacion
from ui.sincronizacion.modelos import ModeloConflictos, ModeloDispositivos
from ui.tareas import Tareas


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    tid = a.insertar(Territorio, TERRITORIO)
    pid = a.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    yield tmp_path, oficina, a, b, pid
    for x in (oficina, a, b):
        x.cerrar()


@pytest.fixture
def tareas_de(qtbot):
    creadas = []

    def crear(almacen) -> Tareas:
        t = Tareas(almacen.ruta, en_linea=True)
        creadas.append(t)
        return t

    yield crear
    for t in creadas:
        t.cerrar()


def test_notebook_exporta_con_avance_y_muestra_pendientes(qtbot, escena, tareas_de):
    tmp, oficina, a, _, _ = escena
    pantalla = PantallaSincronizacion(tareas_de(a))
    qtbot.addWidget(pantalla)
    assert "aún no confirma: 2" in pantalla.lbl_estado.text()
    assert not pantalla.cmb_para.isVisibleTo(pantalla)
    avances = []
    pantalla.aviso.avance.connect(lambda _t, f: avances.append(f))
    destino = tmp / "desde-app.pirb"
    pantalla.exportar_a(destino)
    assert destino.exists() and pantalla.barra.value() == 100
    assert avances and avances[-1] == 1.0 and avances == sorted(avances)
    assert "Puede retirar el pendrive" in pantalla.resultados.toPlainText()
    # La oficina importa y responde; el notebook importa el recibo desde la pantalla.
    from pir_campo.sincro import exportar, importar

    importar.importar(oficina, destino)
    recibo = tmp / "recibo.pirb"
    exportar.exportar(oficina, recibo, para=a.dispositivo)
    cambios = []
    pantalla.tareas.cambiado.connect(cambios.append)
    pantalla.importar_archivos([recibo, tmp / "no-existe.pirb"])
    texto = pantalla.resultados.toPlainText()
    assert "Recibo de la oficina" in texto and "RECHAZADO" in texto
    assert "aún no confirma: 0" in pantalla.lbl_estado.text()
    assert "Territorios asignados por la oficina: toda la región." in pantalla.lbl_estado.text()
    assert cambios == []  # el recibo no trae registros nuevos para este notebook


def test_oficina_ve_cada_notebook_y_sus_huecos(qtbot, qtmodeltester, escena, tareas_de):
    tmp, oficina, a, b, _ = escena
    enviar(a, oficina, tmp)
    pantalla = PantallaSincronizacion(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    modelo = pantalla.modelo_dispositivos
    qtmodeltester.check(modelo)
    assert modelo.rowCount() == 2
    fila = next(f for f in modelo.filas if f["id"] == a.dispositivo)
    assert fila["recibido_hasta"] == rep.seq_actual(a) and fila["huecos"] == []
    texto = modelo.data(modelo.index(modelo.filas.index(fila), ModeloDispositivos.COL_HUECOS))
    assert texto == "No, está completo"
    ayuda = modelo.data(
        modelo.index(modelo.filas.index(fila), ModeloDispositivos.COL_HUECOS),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "todos los cambios" in ayuda
    hasta = modelo.index(modelo.filas.index(fila), ModeloDispositivos.COL_HASTA).data()
    assert hasta.endswith("cambios") and "hasta" not in hasta
    assert pantalla.cmb_para.count() == 2
    pantalla.cmb_para.setCurrentIndex(pantalla.cmb_para.findData(b.dispositivo))
    destino = tmp / "para-b.pirb"
    pantalla.exportar_a(destino)
    assert destino.exists()
    pantalla_b = PantallaSincronizacion(tareas_de(b))
    qtbot.addWidget(pantalla_b)
    cambios = []
    pantalla_b.tareas.cambiado.connect(cambios.append)
    pantalla_b.importar_archivos([destino])
    assert "2 nuevos" in pantalla_b.resultados.toPlainText()
    assert {c.tabla for c in cambios} == {"territorio", "persona"}


def test_revisar_conflicto_y_usar_el_otro(qtbot, qtmodeltester, escena, tareas_de):
    tmp, oficina, a, b, pid = escena
    enviar(a, oficina, tmp)
    enviar(oficina, b, tmp)
    a.actualizar(Persona, pid, {"nombre": "Rosa desde A"})
    b.actualizar(Persona, pid, {"nombre": "Rosa desde B"})
    enviar(a, oficina, tmp)
    enviar(b, oficina, tmp)
    pantalla = PantallaConflictos(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    qtmodeltester.check(pantalla.modelo)
    assert pantalla.modelo.rowCount() == 1
    vigente = pantalla.modelo.data(pantalla.modelo.index(0, ModeloConflictos.COL_VIGENTE))
    otro = pantalla.modelo.data(pantalla.modelo.index(0, ModeloConflictos.COL_OTRO))
    assert {vigente, otro} == {"Rosa desde A", "Rosa desde B"}
    assert (
        "notebook" in pantalla.lbl_vigente.text() and "Vigente ahora" in pantalla.lbl_vigente.text()
    )
    assert pantalla.btn_otro.isEnabled()
    qtbot.mouseClick(pantalla.btn_otro, qtbot_boton_izquierdo())
    assert oficina.obtener(Persona, pid)["nombre"] == otro
    assert pantalla.modelo.rowCount() == 0
    assert "No hay conflictos abiertos" in pantalla.lbl_vacio.text()


def test_editar_al_resolver_muestra_error_de_validacion(qtbot, escena, tareas_de):
    tmp, oficina, a, b, pid = escena
    enviar(a, oficina, tmp)
    enviar(oficina, b, tmp)
    a.actualizar(Persona, pid, {"nombre": "Rosa A"})
    b.actualizar(Persona, pid, {"nombre": "Rosa B"})
    enviar(a, oficina, tmp)
    enviar(b, oficina, tmp)
    pantalla = PantallaConflictos(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    pantalla.txt_valor.setText("")
    pantalla.resolver("editar", "x" * 300)
    assert "No se pudo resolver" in pantalla.lbl_mensaje.text()
    assert pantalla.modelo.rowCount() == 1
    pantalla.txt_valor.setText("Rosa Ñancupil Paillal")
    qtbot.mouseClick(pantalla.btn_editar, qtbot_boton_izquierdo())
    assert oficina.obtener(Persona, pid)["nombre"] == "Rosa Ñancupil Paillal"


def test_secciones_para_la_ventana_principal(qtbot, escena, tareas_de):
    _, oficina, _, _, _ = escena
    assert [s.titulo for s in SECCIONES] == ["Sincronización", "Conflictos", "Duplicados"]
    for fabrica in (s.fabrica for s in SECCIONES):
        w = fabrica(tareas_de(oficina), None)
        qtbot.addWidget(w)
        assert w.accessibleName()


def qtbot_boton_izquierdo():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_oficina_ve_y_cambia_los_territorios_de_un_notebook(qtbot, escena, tareas_de):
    tmp, oficina, a, b, _ = escena
    enviar(a, oficina, tmp)
    (territorio,) = oficina.listar(Territorio)
    pantalla = PantallaSincronizacion(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    modelo = pantalla.modelo_dispositivos
    fila = modelo.filas.index(next(f for f in modelo.filas if f["id"] == b.dispositivo))
    celda = modelo.index(fila, ModeloDispositivos.COL_TERRITORIOS)
    assert modelo.data(celda) == "Toda la región"
    assert pantalla.btn_territorios.isVisibleTo(pantalla)
    pantalla.cmb_para.setCurrentIndex(pantalla.cmb_para.findData(b.dispositivo))
    pantalla.btn_territorios.click()
    dialogo = pantalla.dialogo_territorios
    assert dialogo.isVisible() and dialogo.chk_region.isChecked()
    dialogo.chk_region.setChecked(False)
    item = dialogo.lista.item(0)
    assert item.text() == territorio["nombre"]
    item.setCheckState(Qt.CheckState.Checked)
    dialogo.accept()
    p = rep.par(oficina, b.dispositivo)
    assert p["territorios"] == [territorio["id"]] and not p["toda_la_region"]
    assert "El cambio llega al notebook" in pantalla.resultados.toPlainText()
    modelo = pantalla.modelo_dispositivos
    fila = modelo.filas.index(next(f for f in modelo.filas if f["id"] == b.dispositivo))
    celda = modelo.index(fila, ModeloDispositivos.COL_TERRITORIOS)
    assert modelo.data(celda) == territorio["nombre"]
    assert rep.eventos(oficina, "par", b.dispositivo)[-1]["campo"] == "territorios"


def test_oficina_revoca_un_notebook_desde_la_lista_con_confirmacion(qtbot, escena, tareas_de):
    from PySide6.QtWidgets import QMessageBox

    from tests.interfaz.test_interfaz_recorrido import al_aparecer_dialogo

    tmp, oficina, a, b, _ = escena
    enviar(a, oficina, tmp)
    pantalla = PantallaSincronizacion(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    modelo = pantalla.modelo_dispositivos
    fila = modelo.filas.index(next(f for f in modelo.filas if f["id"] == a.dispositivo))
    assert modelo.index(fila, ModeloDispositivos.COL_ESTADO).data() == "Activo"
    assert pantalla.btn_revocar.isVisibleTo(pantalla)
    pantalla.cmb_para.setCurrentIndex(pantalla.cmb_para.findData(a.dispositivo))
    textos = []

    def responder(boton: str):
        def f(caja: QMessageBox) -> None:
            textos.append(caja.text())
            next(x for x in caja.buttons() if x.text().replace("&", "") == boton).click()

        return f

    # Cancelar no cambia nada; la pregunta dice lo que va a pasar.
    al_aparecer_dialogo(responder("Cancelar"))
    pantalla.btn_revocar.click()
    assert (
        textos
        and "rechaza todo paquete" in textos[0]
        and "conserva lo que ya importó" in (textos[0])
    )
    assert rep.par(oficina, a.dispositivo)["revocado_en"] is None
    al_aparecer_dialogo(responder("Revocar"))
    pantalla.btn_revocar.click()
    qtbot.waitUntil(lambda: "revocado" in pantalla.resultados.toPlainText())
    p = rep.par(oficina, a.dispositivo)
    assert p["revocado_en"] and p["ultimo_seq_valido"] is None
    assert rep.eventos(oficina, "par", a.dispositivo)[-1]["campo"] == "revocado"
    modelo = pantalla.modelo_dispositivos
    fila = modelo.filas.index(next(f for f in modelo.filas if f["id"] == a.dispositivo))
    celda = modelo.index(fila, ModeloDispositivos.COL_ESTADO)
    assert celda.data().startswith("Revocado el ")
    assert "no se acepta nada" in modelo.data(celda, Qt.ItemDataRole.ToolTipRole)
    combo = pantalla.cmb_para
    assert combo.itemText(combo.findData(a.dispositivo)).endswith("· revocado")
    # El otro sigue activo; revocar de nuevo el mismo lo dice sin preguntar.
    otra = modelo.filas.index(next(f for f in modelo.filas if f["id"] == b.dispositivo))
    assert modelo.index(otra, ModeloDispositivos.COL_ESTADO).data() == "Activo"
    pantalla.cmb_para.setCurrentIndex(pantalla.cmb_para.findData(a.dispositivo))
    pantalla.btn_revocar.click()
    assert "ya está revocado" in pantalla.resultados.toPlainText()
