"""Revisión, observaciones e historial con widgets reales sobre bases reales sincronizadas."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo.modelos import Revision, Taller, Territorio
from pir_campo.servicios import revision
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red
from ui.historial import DialogoHistorial
from ui.revision.pantalla_observaciones import PantallaObservaciones
from ui.revision.pantalla_revision import PantallaRevision
from ui.tareas import Tareas


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    a.fijar_persona("Rosa Ñancupil", recordar=True)
    tid = a.insertar(Territorio, TERRITORIO)
    talleres = a.insertar_lote(
        Taller,
        [
            {"territorio_id": tid, "paso": 1, "titulo": f"Taller {i}", "fecha": "2026-02-03"}
            for i in range(5)
        ],
    )
    a.actualizar(Taller, talleres[0], {"lugar": "Sede social"}, motivo="faltaba el lugar")
    enviar(a, oficina, tmp_path)
    yield tmp_path, oficina, a, talleres
    for x in (oficina, a, b):
        x.cerrar()


@pytest.fixture
def tareas_de():
    creadas = []

    def crear(almacen) -> Tareas:
        t = Tareas(almacen.ruta, en_linea=True)
        creadas.append(t)
        return t

    yield crear
    for t in creadas:
        t.cerrar()


def test_oficina_elige_varios_y_aprueba_en_bloque(qtbot, escena, tareas_de):
    _, oficina, _, talleres = escena
    tareas = tareas_de(oficina)
    pantalla = PantallaRevision(tareas, None)
    qtbot.addWidget(pantalla)
    assert pantalla.modelo.rowCount() == 5
    assert {f["estado_etiqueta"] for f in pantalla.modelo.filas} == {"Recibido"}
    pantalla.tabla.selectAll()
    assert "5 elegidos" in pantalla.mensaje.text()
    pantalla.b_aprobado.click()
    assert "5 registros: Aprobado" in pantalla.mensaje.text()
    assert {f["estado_etiqueta"] for f in pantalla.modelo.filas} == {"Aprobado"}
    # Observar sin comentario se rechaza con la frase del núcleo; con comentario, pasa.
    pantalla.tabla.selectRow(1)
    pantalla.b_observado.click()
    assert "«Comentario» es obligatorio" in pantalla.mensaje.text()
    pantalla.comentario.setText("Falta la hora de término")
    pantalla.b_observado.click()
    pantalla.estado.setCurrentIndex(pantalla.estado.findData("observado"))
    assert [f["comentario"] for f in pantalla.modelo.filas] == ["Falta la hora de término"]


def test_observacion_en_el_notebook_con_conteo_y_respuesta(qtbot, escena, tareas_de):
    tmp, oficina, a, talleres = escena
    revision.revisar(oficina, [talleres[2]], "observado", "Falta la lista firmada")
    enviar(oficina, a, tmp)
    pantalla = PantallaObservaciones(tareas_de(a))
    qtbot.addWidget(pantalla)
    assert pantalla.modelo.rowCount() == 1
    assert pantalla.modelo.filas[0]["comentario"] == "Falta la lista firmada"
    assert "1 observación." == pantalla.mensaje.text()
    pantalla.respuesta.setText("Se escaneó y adjuntó")
    pantalla.b_responder.click()
    assert pantalla.modelo.rowCount() == 0
    assert "viajará a la oficina" in pantalla.mensaje.text()
    enviar(a, oficina, tmp)
    assert oficina.listar(Revision)[0]["respuesta"] == "Se escaneó y adjuntó"


def test_barra_de_estado_cuenta_observaciones(qtbot, escena, tareas_de):
    tmp, oficina, a, talleres = escena
    revision.revisar(oficina, talleres[:2], "observado", "Revisar fechas")
    enviar(oficina, a, tmp)
    from ui.ventana_principal import VentanaPrincipal

    v = VentanaPrincipal(tareas_de(a))
    qtbot.addWidget(v)
    v.actualizar_pendientes()
    assert "Observaciones de la oficina: 2" in v.pendientes.text()


def test_historial_en_la_oficina_muestra_a_la_facilitadora(qtbot, qtmodeltester, escena, tareas_de):
    _, oficina, _, talleres = escena
    dialogo = DialogoHistorial(tareas_de(oficina), talleres[0])
    qtbot.addWidget(dialogo)
    qtmodeltester.check(dialogo.modelo)
    filas = dialogo.modelo.filas
    cambio = [f for f in filas if f["accion"] == "Cambio"]
    assert cambio == [
        {
            **cambio[0],
            "persona": "Rosa Ñancupil",
            "instalacion": "notebook1",
            "campo": "Lugar",
            "antes": "(vacío)",
            "despues": "Sede social",
            "motivo": "faltaba el lugar",
        }
    ]
    assert any(f["accion"] == "Creación" and f["campo"] == "Título del taller" for f in filas)
    assert "Historial del taller" in dialogo.titulo.text()


def test_oficina_pide_el_nombre_al_abrir_y_lo_usa_en_la_bitacora(qtbot, escena, tareas_de):
    _, oficina, _, talleres = escena
    from PySide6.QtWidgets import QWidget

    from ui.persona import pedir_en_oficina

    tareas = tareas_de(oficina)
    padre = QWidget()
    qtbot.addWidget(padre)
    pedir_en_oficina(tareas, padre)
    dialogo = padre.dialogo_persona
    dialogo.aceptar()  # sin nombre: se queda abierto con el aviso
    assert "«Su nombre» es obligatorio" in dialogo.aviso.text() and dialogo.isVisible()
    dialogo.nombre.setCurrentText("Pía Soto")
    dialogo.aceptar()
    assert not dialogo.isVisible()
    tareas.ejecutar(lambda a: revision.revisar(a, [talleres[0]], "aprobado"))
    assert revision.estado(oficina, talleres[0])["revisado_por"] == "Pía Soto"
    autor = oficina.conn.execute(
        "SELECT usuario, dispositivo FROM cambio WHERE tabla = 'revision'"
    ).fetchone()
    assert autor == ("Pía Soto", oficina.dispositivo)
    # La segunda vez, el nombre ya está en la lista.
    pedir_en_oficina(tareas, padre)
    nombres = [padre.dialogo_persona.nombre.itemText(i) for i in range(2)]
    assert "Pía Soto" in nombres


def test_notebook_no_pide_nombre_al_abrir_y_lo_cambia_en_ajustes(qtbot, escena, tareas_de):
    _, _, a, talleres = escena
    from PySide6.QtWidgets import QWidget

    from ui.pantallas.ajustes import DialogoAjustes
    from ui.persona import pedir_en_oficina

    tareas = tareas_de(a)
    padre = QWidget()
    qtbot.addWidget(padre)
    pedir_en_oficina(tareas, padre)
    assert not hasattr(padre, "dialogo_persona")
    dialogo = DialogoAjustes(tareas)
    qtbot.addWidget(dialogo)
    assert dialogo.persona.text() == "Rosa Ñancupil"
    dialogo.persona.setText("Rosa Ñancupil Huenchumilla")
    dialogo.aceptar()
    tareas.ejecutar(lambda x: x.actualizar(Taller, talleres[1], {"lugar": "Escuela"}))
    fila = a.conn.execute(
        "SELECT usuario FROM cambio WHERE registro_id = ? AND campo = 'lugar'", (talleres[1],)
    ).fetchone()
    assert fila == ("Rosa Ñancupil Huenchumilla",)


def test_paquetes_recibidos_en_la_oficina(qtbot, qtmodeltester, escena, tareas_de):
    tmp, oficina, a, _ = escena
    from ui.revision.pantalla_entregas import PantallaEntregas

    enviar(oficina, a, tmp)
    pantalla = PantallaEntregas(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    qtmodeltester.check(pantalla.modelo)
    [fila] = pantalla.modelo.filas
    assert fila["notebook"] == "notebook1" and "Talleres: 5" in fila["registros_texto"]
    assert fila["recibo_texto"].startswith("Enviado el ")
    assert pantalla.notebook.count() == 2 and pantalla.mensaje.text() == "1 paquete."


def test_el_notebook_ve_lo_que_la_oficina_actualizo(qtbot, escena, tareas_de):
    tmp, oficina, a, _ = escena
    from pir_campo.servicios import envios

    envios.publicar(
        oficina,
        "aviso",
        {"texto": "Actualice PIR Campo a la versión 9.0.0", "version_minima": "9.0.0"},
    )
    enviar(oficina, a, tmp)
    pantalla = PantallaObservaciones(tareas_de(a))
    qtbot.addWidget(pantalla)
    assert "<b>Aviso de la oficina: Actualice PIR Campo a la versión 9.0.0</b>" in (
        pantalla.avisos.text()
    )


def test_oficina_envia_instrumento_desde_la_app_y_un_archivo_malo_se_rechaza(
    qtbot, qtmodeltester, escena, tareas_de
):
    import copy
    import json

    from pir_campo import capacidad
    from pir_campo.recursos import ruta_recurso
    from ui.revision.pantalla_envios import PantallaEnvios

    tmp, oficina, _, _ = escena
    pantalla = PantallaEnvios(tareas_de(oficina))
    qtbot.addWidget(pantalla)
    qtmodeltester.check(pantalla.modelo)
    malo = tmp / "malo.json"
    malo.write_text('{"catalogo": "comunas", "version": 9, "comunas": [{"cut": "1"}]}')
    pantalla.tipo.setCurrentIndex(pantalla.tipo.findData("catalogo"))
    pantalla.poner_archivo(malo)
    pantalla.enviar()
    assert "no es un CUT" in pantalla.mensaje.text() and pantalla.modelo.rowCount() == 0
    d = json.loads(ruta_recurso("instrumentos", "capacidad_gestion.json").read_text("utf-8"))
    v2 = copy.deepcopy(d)
    v2["version"] = 2
    archivo = tmp / "instrumento_v2.json"
    archivo.write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
    pantalla.tipo.setCurrentIndex(pantalla.tipo.findData("instrumento"))
    pantalla.poner_archivo(archivo)
    try:
        pantalla.enviar()
        assert "a la versión 2" in pantalla.mensaje.text()
        assert pantalla.modelo.rowCount() == 1
    finally:
        capacidad.olvidar_versiones()


def test_historial_desde_las_listas_de_talleres_y_personas(qtbot, escena, tareas_de):
    _, oficina, _, talleres = escena
    from ui.pantallas.talleres import PantallaTalleres

    tareas = tareas_de(oficina)
    tid = oficina.listar(Taller)[0]["territorio_id"]
    lista = PantallaTalleres(tareas, tid)
    qtbot.addWidget(lista)
    lista.tabla.setCurrentIndex(lista.filtro_modelo.index(0, 0))
    elegido = lista.id_elegido()
    assert elegido in talleres
    lista.boton_historial.click()
    assert lista.dialogo_historial.registro_id == elegido
    assert lista.dialogo_historial.modelo.rowCount() > 0
    from ui.pantallas.personas import PantallaPersonas

    personas = PantallaPersonas(tareas, tid)
    qtbot.addWidget(personas)
    assert personas.id_elegido() is None
    personas.boton_historial.click()  # sin persona elegida no abre nada
    assert not hasattr(personas, "dialogo_historial")


def test_la_region_apaga_un_dato_opcional_y_la_asistencia_no_lo_pide(qtbot, escena, tareas_de):
    tmp, oficina, a, talleres = escena
    from pir_campo.servicios import envios
    from ui.taller.asistencia import PanelAsistencia
    from ui.taller.modelo_asistentes import COL_PUEBLO, COL_RUT

    envios.publicar(oficina, "ajustes", {"campos_opcionales": {"pueblo_originario": False}})
    enviar(oficina, a, tmp)
    assert envios.campos_opcionales(a) == {
        "rut": True,
        "sexo": True,
        "tramo_edad": True,
        "pueblo_originario": False,
        "afrodescendiente": True,
        "telefono": True,
        "cargo": True,
    }
    panel = PanelAsistencia(tareas_de(a), talleres[0], a.listar(Taller)[0]["territorio_id"])
    qtbot.addWidget(panel)
    assert panel.tabla.isColumnHidden(COL_PUEBLO) and not panel.tabla.isColumnHidden(COL_RUT)
    assert panel.pueblo.isHidden() and not panel.rut.isHidden()
