"""PMDT desde la pantalla: crear, armar la cartera, validar y actualizar a una segunda versión."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from pir_campo.modelos import ActaValidacion, Iniciativa, Necesidad, Pmdt
from tests.datos_planificacion import base_con_territorio, necesidad
from tests.interfaz.teclado_planificacion import escribir
from ui.planificacion.pantalla_pmdt import PantallaPmdt
from ui.tareas import Tareas


def test_pmdt_con_cartera_y_segunda_version(qtbot, tmp_path):
    ruta = tmp_path / "campo.sqlite"
    tid = base_con_territorio(ruta)
    with Almacen.abrir(ruta) as a:
        agua = necesidad(a, tid, "Abasto de agua para sector alto")
        necesidad(a, tid, "Mejoramiento de camino rural", "conectividad_vial")
    tareas = Tareas(ruta, en_linea=True)
    pantalla = PantallaPmdt(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert "aún no tiene PMDT" in pantalla.estado.text()
    qtbot.mouseClick(pantalla.b_crear, Qt.MouseButton.LeftButton)
    assert pantalla.version.count() == 1 and "Versión 1" in pantalla.version.currentText()
    escribir(pantalla.vision, "Un territorio con agua segura y caminos transitables en invierno")
    escribir(pantalla.ejes, "Apicultura")
    qtbot.mouseClick(pantalla.b_guardar_plan, Qt.MouseButton.LeftButton)
    # Primera iniciativa, ligada a una necesidad, con costo en UF.
    qtbot.mouseClick(pantalla.b_agregar, Qt.MouseButton.LeftButton)
    editor = pantalla.editor
    escribir(editor.nombre, "Ampliación APR sector alto")
    editor.marcar_necesidad(agua)
    escribir(editor.costo, "18.000")
    editor.unidad.setCurrentIndex(editor.unidad.findData("UF"))
    editor.aceptar()
    assert "«Valor de la UF» es obligatorio" in editor.aviso.text()
    escribir(editor.valor_uf, "39.123,45")
    escribir(editor.fecha_uf, "01-10-2026")
    escribir(editor.institucion, "MOP DOH")
    editor.aceptar()
    assert not editor.isVisible()
    # Segunda iniciativa propia (sin necesidad), con orden sugerido 2.
    pantalla.agregar_iniciativa()
    editor = pantalla.editor
    assert editor.orden.text() == "2"
    escribir(editor.nombre, "Estudio de plan de negocios apícola")
    editor.tipologia.setCurrentIndex(editor.tipologia.findData("fomento_productivo"))
    editor.aceptar()
    assert pantalla.modelo.rowCount() == 2
    assert pantalla.modelo.filas[1]["necesidades_cuenta"] == "Propia"
    assert (
        "2 iniciativas" in pantalla.total.text()
        and "costo en UF: UF 18.000,00" in pantalla.total.text()
    )
    # Subir la segunda al primer lugar.
    pantalla.vista.selectRow(1)
    pantalla.mover(-1)
    assert [f["nombre"] for f in pantalla.modelo.filas][0] == "Estudio de plan de negocios apícola"
    # Validación: técnica y, con acta firmada, del CORE.
    qtbot.mouseClick(pantalla.b_tecnico, Qt.MouseButton.LeftButton)
    assert not pantalla.b_agregar.isEnabled() and pantalla.vision.isReadOnly()
    qtbot.mouseClick(pantalla.b_core, Qt.MouseButton.LeftButton)
    assert "acta de validación del PMDT" in pantalla.aviso.text()
    with Almacen.abrir(ruta) as a:
        v1 = a.listar(Pmdt)[0]["id"]
        acta = a.insertar(
            ActaValidacion,
            {
                "territorio_id": tid,
                "tipo": "validacion_pmdt",
                "pmdt_id": v1,
                "fecha": "2026-03-01",
                "decision": "aprobado",
                "votos_favor": 31,
            },
        )
        a.actualizar(ActaValidacion, acta, {"estado": "firmada"})
    qtbot.mouseClick(pantalla.b_core, Qt.MouseButton.LeftButton)
    assert "Validado por el CORE" in pantalla.version.currentText()
    assert "31 a favor" in pantalla.validacion.toPlainText()
    # Segunda versión: copia la cartera, la anterior queda intacta.
    qtbot.mouseClick(pantalla.b_version, Qt.MouseButton.LeftButton)
    assert pantalla.version.count() == 2 and "Versión 2" in pantalla.version.currentText()
    assert pantalla.b_agregar.isEnabled() and pantalla.modelo.rowCount() == 2
    pantalla.vista.selectRow(0)
    pantalla.quitar_iniciativa()
    pantalla.agregar_iniciativa()
    escribir(pantalla.editor.nombre, "Electrificación trifásica de Llico")
    pantalla.editor.tipologia.setCurrentIndex(pantalla.editor.tipologia.findData("electrificacion"))
    pantalla.editor.aceptar()
    cambios = pantalla.cambios.toPlainText()
    assert "Cambios de la versión 1 a la versión 2" in cambios
    assert "Electrificación trifásica de Llico" in cambios
    assert "Estudio de plan de negocios apícola" in cambios
    with Almacen.abrir(ruta) as a:
        assert a.contar(Pmdt) == 2
        assert a.contar(Iniciativa, pmdt_id=v1) == 2
        assert a.obtener(Pmdt, v1)["estado"] == "validado_core"
    pantalla.version.setCurrentIndex(0)
    assert pantalla.vision.isReadOnly() and not pantalla.b_version.isEnabled()
    assert "Es la primera versión" in pantalla.cambios.toPlainText()
    tareas.cerrar()


def test_iniciativa_desde_una_necesidad_toma_sus_datos(qtbot, tmp_path):
    ruta = tmp_path / "campo.sqlite"
    tid = base_con_territorio(ruta)
    with Almacen.abrir(ruta) as a:
        camino = a.insertar(
            Necesidad,
            {
                "territorio_id": tid,
                "titulo": "Mejoramiento de camino rural",
                "tipologia": "conectividad_vial",
                "etapa": "perfil",
                "costo": 5200,
                "unidad_costo": "UF",
                "valor_uf": 39123.45,
                "fecha_uf": "2026-10-01",
                "codigo_bip": "40099887-1",
            },
        )
    tareas = Tareas(ruta, en_linea=True)
    pantalla = PantallaPmdt(tareas, tid)
    qtbot.addWidget(pantalla)
    pantalla.crear()
    pantalla.agregar_iniciativa()
    editor = pantalla.editor
    editor.marcar_necesidad(camino)
    assert editor.nombre.text() == "Mejoramiento de camino rural"
    assert editor.tipologia.currentData() == "conectividad_vial"
    assert (editor.costo.text(), editor.unidad.currentData()) == ("5.200,00", "UF")
    assert (editor.valor_uf.text(), editor.fecha_uf.text()) == ("39.123,45", "01-10-2026")
    editor.aceptar()
    fila = pantalla.modelo.filas[0]
    assert (fila["necesidades"], fila["codigo_bip"], fila["costo"]) == (
        [camino],
        "40099887-1",
        5200,
    )
    tareas.cerrar()
