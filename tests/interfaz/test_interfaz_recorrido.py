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


def al_aparecer_dialogo(funcion, intentos: int = 200) -> None:
    """Llama a `funcion(caja)` cuando el diálogo modal ya está a la vista (la máquina puede
    estar ocupada: un plazo fijo no basta)."""

    def mirar(restantes: int) -> None:
        caja = QApplication.activeModalWidget()
        if isinstance(caja, QMessageBox) and caja.isVisible():
            funcion(caja)
        elif restantes:
            QTimer.singleShot(50, lambda: mirar(restantes - 1))

    QTimer.singleShot(50, lambda: mirar(intentos))


class Teclas:
    """Cuenta cada tecla pulsada (una combinación como Ctrl+N es una tecla)."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.total = 0

    def tecla(self, tecla, modificadores=Qt.KeyboardModifier.NoModifier, destino=None):
        self.total += 1
        self.qtbot.keyClick(destino or QApplication.focusWidget(), tecla, modificadores)

    def escribir(self, texto: str) -> None:
        self.total += len(texto)
        escribir(QApplication.focusWidget(), texto)


def _rut(i: int) -> str:
    """Un RUT válido distinto por persona, escrito sin puntos ni guion (como se teclea)."""
    cuerpo = 9_000_000 + i * 7_919
    suma, factor = 0, 2
    for digito in reversed(str(cuerpo)):
        suma += int(digito) * factor
        factor = 2 if factor == 7 else factor + 1
    dv = {10: "K", 11: "0"}.get(11 - suma % 11, str(11 - suma % 11))
    return f"{cuerpo}{dv}"


TRAMOS = "13461"  # 15-29, 30-44, 45-64, 65+ por su primera cifra


def test_taller_de_30_asistentes_solo_con_teclado_y_a_lo_mas_1200_teclas(
    qtbot, tareas_demo, ruta_demo
):
    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    ventana.navegacion.setFocus()
    t = Teclas(qtbot)
    # Una lista desplegable junta las letras tecleadas dentro de este intervalo (400 ms) en una
    # sola búsqueda: la prueba teclea una fila entera en milisegundos y la «M» de una fila se
    # juntaría con la «H» de la siguiente («MH» no es nada). Nadie teclea tan rápido.
    intervalo = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(1)
    try:
        _recorrer(qtbot, t, ventana, ruta_demo)
    finally:
        QApplication.setKeyboardInputInterval(intervalo)


def _recorrer(qtbot, t, ventana, ruta_demo) -> None:
    t.tecla(Qt.Key.Key_N, CTRL)  # Archivo > Nuevo taller
    editor = ventana.pagina_actual()
    assert isinstance(editor, EditorTaller)
    assert QApplication.focusWidget() is editor.titulo  # sin Tabs desde el selector
    assert editor.titulo.selectedText() == editor.titulo.text()  # se escribe encima
    t.escribir("Validación participativa en Puerto Domínguez")
    t.tecla(Qt.Key.Key_Tab)  # a la fecha: hoy, ya viene puesta
    assert QApplication.focusWidget() is editor.fecha
    t.tecla(Qt.Key.Key_Tab)  # una sola tecla cruza día, mes y año
    assert QApplication.focusWidget() is editor.hora_inicio
    t.escribir("1030")  # las partes avanzan solas: sin Tab entre hora y minutos
    t.tecla(Qt.Key.Key_Tab)
    t.escribir("1300")
    t.tecla(Qt.Key.Key_2, ALT)  # pestaña Asistencia, cursor en «Nombre»
    assert QApplication.focusWidget() is editor.asistencia.nombre
    for i in range(30):
        nombre = f"{NOMBRES[i % 10]} {APELLIDOS[i // 10]}"
        t.escribir(nombre)
        editor.asistencia.completador.popup().hide()
        t.tecla(Qt.Key.Key_Tab)  # «RUT»
        t.escribir(_rut(i))
        t.tecla(Qt.Key.Key_Tab)  # «Sexo»
        t.escribir("M" if i % 2 == 0 else "H")
        t.tecla(Qt.Key.Key_Tab)  # «Tramo de edad»
        t.escribir(TRAMOS[i % 5])
        if i % 6 == 0:  # autorizó en la hoja y dice su pueblo: cuatro teclas más
            t.tecla(Qt.Key.Key_C, ALT)  # «Consentimiento»
            t.escribir("F")  # Firmado en la hoja de asistencia
            t.tecla(Qt.Key.Key_Tab)  # «Pueblo originario» (el testigo se salta)
            t.escribir("M")  # Mapuche
        t.tecla(Qt.Key.Key_Return)
        assert QApplication.focusWidget() is editor.asistencia.nombre, (
            editor.asistencia.aviso.text()
        )
    assert editor.asistencia.modelo.rowCount() == 30
    assert "Total: 30" in editor.asistencia.conteos.text()

    t.tecla(Qt.Key.Key_4, ALT)  # Acuerdos
    for acuerdo in ("Priorizar el agua potable en Hualpín", "Reunión con Vialidad en marzo"):
        t.escribir(acuerdo)
        t.tecla(Qt.Key.Key_Return)
    assert editor.acuerdos.modelo.rowCount() == 2

    def cerrar_igual_con_teclado(caja):
        assert "Nadie figura con «Firmó»" in caja.text()
        assert "Adjuntar" in caja.defaultButton().text()  # Enter lleva a adjuntar la hoja
        t.tecla(Qt.Key.Key_I, ALT, caja)  # «Cerrar igual»: la hoja se fotografía después

    al_aparecer_dialogo(cerrar_igual_con_teclado)
    t.tecla(Qt.Key.Key_C, CTRL | MAYUS)  # Cerrar taller
    qtbot.waitUntil(lambda: "Cerrado" in editor.estado.text(), timeout=5000)
    with Almacen.abrir(ruta_demo) as a:
        taller = a.obtener(Taller, editor.taller_id)
        assert taller["estado"] == "cerrado"
        assert taller["titulo"] == "Validación participativa en Puerto Domínguez"
        assert (taller["hora_inicio"][:5], taller["hora_termino"][:5]) == ("10:30", "13:00")
        asistencias = a.listar(Asistencia, taller_id=taller["id"])
        assert len(asistencias) == 30
        assert a.contar(Acuerdo, taller_id=taller["id"]) == 2
        autorizaron = a.conn.execute(
            "SELECT count(*) FROM consentimiento c JOIN persona p ON p.id = c.persona_id "
            "WHERE c.taller_id = ? AND c.forma = 'firmado_hoja' "
            "AND p.pueblo_originario = 'mapuche'",
            (taller["id"],),
        ).fetchone()[0]
        assert autorizaron == 5
    assert t.total <= 1200, f"{t.total} teclas"
    print(f"teclas del taller de 30 personas: {t.total}")


def test_el_cierre_se_confirma_con_enter_si_alguien_firmo(qtbot, tareas_demo, ruta_demo):
    ventana = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    t = Teclas(qtbot)
    t.tecla(Qt.Key.Key_N, CTRL, ventana.navegacion)
    editor = ventana.pagina_actual()
    t.tecla(Qt.Key.Key_2, ALT)
    t.escribir("Rosa Huenchumán")
    editor.asistencia.completador.popup().hide()
    editor.asistencia.firmo.setChecked(True)
    t.tecla(Qt.Key.Key_Return)
    assert editor.asistencia.modelo.rowCount() == 1

    def enter(caja):
        assert "Cerrar" in caja.defaultButton().text()
        t.tecla(Qt.Key.Key_Return, destino=caja)

    al_aparecer_dialogo(enter)
    t.tecla(Qt.Key.Key_C, CTRL | MAYUS)
    qtbot.waitUntil(lambda: "Cerrado" in editor.estado.text(), timeout=5000)
    # Cerrado se ve de solo lectura: gris, no blanco.
    assert editor.titulo.isReadOnly() and editor.titulo.property("solo_lectura")
    assert "background" in editor.titulo.styleSheet()
