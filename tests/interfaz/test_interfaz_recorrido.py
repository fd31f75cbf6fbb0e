"""«Hecho cuando»: un taller de 30 asistentes, de principio a cierre, solo con el teclado."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pir_campo.almacen import Almacen
from pir_campo.modelos import Acuerdo, Asistencia, Taller
from tests.interfaz.teclado import escribir
from ui.taller.editor import EditorTaller
from ui.ventana_principal import VentanaPrincipal

NOMBRES = [
    "Ñuke",
    "Inés",
    "José",
    "Ramón",
    "Sofía",
    "Matías",
    "Begoña",
    "Andrés",
    "Lucía",
    "Germán",
]
APELLIDOS = ["Quiñilén Pérez", "Ancán Muñoz", "Huenchullán Díaz"]
CTRL, ALT, MAYUS = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def _tecla(qtbot, tecla, modificadores=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), tecla, modificadores)


def test_taller_de_30_asistentes_solo_con_teclado(qtbot, tareas_demo, ruta_demo):
    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    ventana.navegacion.setFocus()

    _tecla(qtbot, Qt.Key.Key_N, CTRL)  # Archivo > Nuevo taller
    editor = ventana.pagina_actual()
    assert isinstance(editor, EditorTaller)
    editor.titulo.setFocus()
    _tecla(qtbot, Qt.Key.Key_A, CTRL)
    escribir(QApplication.focusWidget(), "Validación participativa en Puerto Domínguez")
    _tecla(qtbot, Qt.Key.Key_Tab)  # a la fecha: hoy, ya viene puesta
    _tecla(qtbot, Qt.Key.Key_2, ALT)  # pestaña Asistencia, cursor en «Nombre»
    assert QApplication.focusWidget() is editor.asistencia.nombre
    for i in range(30):
        nombre = f"{NOMBRES[i % 10]} {APELLIDOS[i // 10]}"
        escribir(QApplication.focusWidget(), nombre)
        editor.asistencia.completador.popup().hide()
        if i % 3 == 0:
            _tecla(qtbot, Qt.Key.Key_Tab)  # «RUT», que esta persona no da
            _tecla(qtbot, Qt.Key.Key_Tab)
            escribir(QApplication.focusWidget(), "M" if i % 2 == 0 else "H")  # «Sexo»
        _tecla(qtbot, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is editor.asistencia.nombre, (
            editor.asistencia.aviso.text()
        )
    assert editor.asistencia.modelo.rowCount() == 30
    assert "Total: 30" in editor.asistencia.conteos.text()

    _tecla(qtbot, Qt.Key.Key_3, ALT)  # Agenda y discusión
    escribir(QApplication.focusWidget(), "1. Bienvenida\n2. Priorización de iniciativas")
    _tecla(qtbot, Qt.Key.Key_4, ALT)  # Acuerdos
    escribir(QApplication.focusWidget(), "Priorizar el agua potable en Hualpín")
    _tecla(qtbot, Qt.Key.Key_Return)
    assert editor.acuerdos.modelo.rowCount() == 1

    def confirmar_con_teclado():
        caja = QApplication.activeModalWidget()
        assert isinstance(caja, QMessageBox)
        qtbot.keyClick(caja, Qt.Key.Key_C, ALT)

    QTimer.singleShot(50, confirmar_con_teclado)
    _tecla(qtbot, Qt.Key.Key_C, CTRL | MAYUS)  # Cerrar taller
    with Almacen.abrir(ruta_demo) as a:
        taller = a.obtener(Taller, editor.taller_id)
        assert taller["estado"] == "cerrado"
        assert taller["titulo"] == "Validación participativa en Puerto Domínguez"
        assert taller["agenda"] == "1. Bienvenida\n2. Priorización de iniciativas"
        assert a.contar(Asistencia, taller_id=taller["id"]) == 30
        assert a.contar(Acuerdo, taller_id=taller["id"]) == 1
    assert "Cerrado" in editor.estado.text()
