"""La ventana principal abre la base y muestra los territorios."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen
from ui.inicio.pantalla import PantallaInicio
from ui.pantallas.territorios import COL_NOMBRE, PantallaTerritorios
from ui.ventana_principal import VentanaPrincipal


def test_ventana_lista_territorios(qtbot, tareas_demo, ruta_demo):
    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    with Almacen.abrir(ruta_demo) as a:
        nombres = sorted(t["nombre"] for t in a.listar(__import__("pir_campo").modelos.Territorio))
    assert ventana.selector.count() == 3
    assert isinstance(ventana.pagina_actual(), PantallaInicio)  # abre en Inicio
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    qtbot.keyClick(ventana.navegacion, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    pagina = ventana.pagina_actual()
    assert isinstance(pagina, PantallaTerritorios)
    modelo = pagina.modelo
    vistos = sorted(modelo.index(i, COL_NOMBRE).data() for i in range(modelo.rowCount()))
    assert vistos == nombres
    assert ventana.menuBar().actions()[0].text() == "&Archivo"
    assert "Cambios sin confirmar" in ventana.pendientes.text()


def test_modelo_territorios(qtmodeltester, qtbot, tareas_demo):
    pantalla = PantallaTerritorios(tareas_demo, None)
    qtbot.addWidget(pantalla)
    assert pantalla.modelo.rowCount() == 3
    assert pantalla.modelo.headerData(0, Qt.Orientation.Horizontal) == "Territorio"
    qtmodeltester.check(pantalla.modelo)


def test_base_vacia_muestra_aviso(qtbot, tareas_vacia):
    pantalla = PantallaTerritorios(tareas_vacia, None)
    qtbot.addWidget(pantalla)
    pantalla.show()
    assert pantalla.modelo.rowCount() == 0
    assert pantalla.vacio.isVisible()


def test_territorio_nuevo_aparece_sin_cerrar_el_editor(qtbot, tareas_demo):
    from pir_campo.modelos import Territorio as T
    from ui.taller.editor import EditorTaller

    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.abrir_registro("taller", _primer_taller(tareas_demo))
    nuevo = {"nombre": "Valle del Ñuble Alto", "cut_region": "16", "comunas": ["16101"]}

    def crear(a):
        from pir_campo.almacen import Cambio

        return Cambio("territorio", (a.insertar(T, nuevo),), creado=True)

    tareas_demo.ejecutar(crear)
    assert ventana.selector.count() == 4
    assert isinstance(ventana.pagina_actual(), EditorTaller)


def _primer_taller(tareas):
    from pir_campo.modelos import Taller

    ids = []
    tareas.ejecutar(lambda a: a.listar(Taller, limite=1)[0]["id"], ids.append)
    return ids[0]


def test_barra_de_estado_de_la_oficina_habla_de_los_notebooks(qtbot, oficina):
    from ui.tareas import Tareas

    tareas = Tareas(oficina.ruta, en_linea=True)
    ventana = VentanaPrincipal(tareas)
    qtbot.addWidget(ventana)
    ventana.show()
    ventana.actualizar_pendientes()
    assert ventana.pendientes.text() == "Los notebooks confirmaron todo lo enviado"
    assert "oficina" not in ventana.pendientes.text()
    tareas.cerrar()
