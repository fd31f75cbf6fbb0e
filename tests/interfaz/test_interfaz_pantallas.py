"""Ventana y pantallas: territorio con pasos, atajos, búsqueda, personas y asistencias."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_campo as q
from pir_campo.errores import ErrorClave
from pir_campo.modelos import Persona, Taller, Territorio
from pir_campo.servicios import talleres
from tests.conftest import FRASE
from tests.interfaz.teclado import escribir, pulsar
from ui import dialogos, menus
from ui.asistente_inicio import AsistenteInicio
from ui.modelos_tabla import ROL_ID
from ui.pantallas.asistencias import PantallaAsistencias
from ui.pantallas.personas import PantallaPersonas
from ui.pantallas.talleres import PantallaTalleres
from ui.pantallas.territorio import PantallaTerritorio
from ui.taller.editor import EditorTaller
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal

CTRL = Qt.KeyboardModifier.ControlModifier


def _ventana(qtbot, tareas, ajustar=True):
    ventana = VentanaPrincipal(tareas)
    qtbot.addWidget(ventana)
    if ajustar:
        ventana.resize(1366, 768)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    ventana.activateWindow()
    qtbot.waitActive(ventana)
    # La aplicación abre en Inicio; estas pruebas parten del territorio y sus pasos.
    ventana.ir_a(menus.indice_de(ventana, "territorio"))
    qtbot.waitUntil(lambda: ventana.pagina_actual().ficha is not None, timeout=5000)
    return ventana


def test_territorio_muestra_los_ocho_pasos(qtbot, qtmodeltester, tareas_demo):
    ventana = _ventana(qtbot, tareas_demo)
    pantalla = ventana.pagina_actual()
    assert isinstance(pantalla, PantallaTerritorio)
    assert pantalla.pasos.rowCount() == 8
    assert "Comunas:" in pantalla.encabezado.text()
    assert pantalla.pasos.index(0, 0).data() == "Paso 1"
    qtmodeltester.check(pantalla.pasos)
    qtmodeltester.check(pantalla.registros)
    pantalla.tabla_pasos.selectRow(1)
    tipos = {f["tipo"] for f in pantalla.registros.filas}
    assert tipos == {"Taller", "Acta"}


def test_nuevo_taller_con_teclado_y_volver(qtbot, tareas_demo, ruta_demo):
    ventana = _ventana(qtbot, tareas_demo)
    with Almacen.abrir(ruta_demo) as a:
        antes = a.contar(Taller)
    qtbot.keyClick(ventana.navegacion, Qt.Key.Key_N, CTRL)
    editor = ventana.pagina_actual()
    assert isinstance(editor, EditorTaller)
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Taller) == antes + 1
    qtbot.keyClick(editor.titulo, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert isinstance(ventana.pagina_actual(), PantallaTerritorio)


def test_busqueda_abre_el_taller(qtbot, tareas_demo, ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        taller = a.listar(Taller, orden="titulo")[0]
    ventana = _ventana(qtbot, tareas_demo)
    qtbot.keyClick(ventana.navegacion, Qt.Key.Key_F, CTRL)
    assert ventana.busqueda.hasFocus()
    escribir(ventana.busqueda, taller["titulo"])
    pulsar(ventana.busqueda, Qt.Key.Key_Return)
    resultados = ventana.pagina_actual()
    fila = next(i for i, f in enumerate(resultados.modelo.filas) if f["id"] == taller["id"])
    resultados.tabla.setCurrentIndex(resultados.modelo.index(fila, 0))
    pulsar(resultados.tabla, Qt.Key.Key_Return)
    assert isinstance(ventana.pagina_actual(), EditorTaller)
    assert ventana.pagina_actual().taller_id == taller["id"]


def test_atajos_de_secciones(qtbot, tareas_demo):
    ventana = _ventana(qtbot, tareas_demo)
    for tecla, clase in (
        (Qt.Key.Key_3, PantallaTalleres),
        (Qt.Key.Key_4, PantallaPersonas),
        (Qt.Key.Key_5, PantallaAsistencias),
        (Qt.Key.Key_2, PantallaTerritorio),
    ):
        qtbot.keyClick(ventana.navegacion, tecla, CTRL)
        assert isinstance(ventana.pagina_actual(), clase)
    textos = [a.text() for a in ventana.menuBar().actions()]
    assert textos == ["&Archivo", "&Editar", "&Ir", "A&yuda"]


def test_estado_recordado(qtbot, tareas_demo):
    ventana = _ventana(qtbot, tareas_demo)
    ventana.selector.setCurrentIndex(2)
    elegido = ventana.territorio_id
    ventana.resize(780, 560)  # la pantalla offscreen mide 800x600
    tamano = ventana.size()
    ventana.close()
    otra = _ventana(qtbot, tareas_demo, ajustar=False)
    assert otra.territorio_id == elegido
    assert otra.size() == tamano


def test_personas_duplicadas_se_fusionan(qtbot, qtmodeltester, tareas_demo, ruta_demo, monkeypatch):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        t1 = talleres.nuevo(a, tid, 3, dt.date(2025, 6, 1))
        t2 = talleres.nuevo(a, tid, 3, dt.date(2025, 6, 8))
        talleres.agregar_asistente(a, t1, {"nombre": "Ñanco Peñaloza", "rut": "12.345.678-5"})
        talleres.agregar_asistente(a, t2, {"nombre": "Nanco Penaloza"})
    pantalla = PantallaPersonas(tareas_demo, tid)
    qtbot.addWidget(pantalla)
    qtmodeltester.check(pantalla.modelo)
    qtmodeltester.check(pantalla.duplicados)
    fila = next(
        i
        for i, f in enumerate(pantalla.duplicados.filas)
        if "Peñaloza" in f["nombre_a"] + f["nombre_b"]
    )
    pantalla.tabla_duplicados.selectRow(fila)
    monkeypatch.setattr(dialogos, "confirmar", lambda *a, **k: True)
    antes = pantalla.duplicados.rowCount()
    pantalla.fusionar_elegida()
    assert pantalla.duplicados.rowCount() == antes - 1
    pantalla.filtro.setText("nanco")
    qtbot.waitUntil(lambda: pantalla.modelo.rowCount() == 1, timeout=2000)
    fila = pantalla.modelo.filas[0]
    assert fila["nombre"] == "Ñanco Peñaloza" and fila["talleres"] == 2
    with Almacen.abrir(ruta_demo) as a:
        assert a.contar(Persona, nombre="Nanco Penaloza") == 0


def test_asistencias_perezosas_y_filtro(qtbot, qtmodeltester, tareas_demo, ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
    pantalla = PantallaAsistencias(tareas_demo, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    total = pantalla.modelo.rowCount()
    assert total > 100
    qtmodeltester.check(pantalla.modelo)
    with qtbot.waitSignal(pantalla.filtrado):
        escribir(pantalla.filtro, "marí")
    assert 0 < pantalla.modelo.rowCount() < total
    nombre = pantalla.modelo.index(0, 0).data()
    assert "Mar" in nombre


def _lista_completa(ruta, texto=""):
    with Almacen.abrir(ruta) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        ids = q.filtrar_asistencias(a.conn, tid, texto)
        return tid, ids, q.filas_asistencias(a.conn, ids)


def test_asistencias_llegan_por_paginas(qtbot, qtmodeltester, tareas_demo, ruta_demo):
    """Cada tecla trae la primera página y el total; las demás filas, al mostrarse, son las de
    la lista entera y en su orden."""
    tid, ids, filas = _lista_completa(ruta_demo, "a")
    pantalla = PantallaAsistencias(tareas_demo, tid)
    qtbot.addWidget(pantalla)
    pantalla.show()
    modelo = pantalla.modelo
    with qtbot.waitSignal(pantalla.filtrado):
        escribir(pantalla.filtro, "a")
    assert modelo.rowCount() == len(ids) > modelo.PAGINA
    assert pantalla.total.text() == formato.cantidad(len(ids), "asistencia")
    assert modelo.ids[modelo.PAGINA] is None  # aún no se leyó
    pantalla.tabla.scrollToBottom()
    assert modelo.index(len(ids) - 1, 0).data() == filas[ids[-1]]["nombre"]
    assert [modelo.index(i, 0).data(ROL_ID) for i in range(len(ids))] == ids
    qtmodeltester.check(modelo)


def test_asistencias_por_paginas_en_segundo_plano(qtbot, ruta_demo):
    """Con el hilo de la base, una fila aún no leída muestra «…» y se repinta al llegar."""
    tid, ids, filas = _lista_completa(ruta_demo)
    tareas = Tareas(ruta_demo)
    pantalla = PantallaAsistencias(tareas, tid)
    qtbot.addWidget(pantalla)
    try:
        qtbot.waitUntil(lambda: pantalla.modelo.rowCount() == len(ids), timeout=5000)
        ultima = pantalla.modelo.index(len(ids) - 1, 0)
        assert ultima.data() == pantalla.modelo.PENDIENTE
        with qtbot.waitSignal(pantalla.modelo.dataChanged, timeout=5000):
            pass
        qtbot.waitUntil(lambda: ultima.data() == filas[ids[-1]]["nombre"], timeout=5000)
    finally:
        tareas.cerrar()


def test_asistente_de_primera_vez(qtbot, tmp_path):
    ruta = tmp_path / "nueva" / "campo.sqlite"
    asistente = AsistenteInicio(ruta)
    qtbot.addWidget(asistente)
    asistente.crear_base()
    assert "Nombre" in asistente.aviso.text() and not ruta.exists()
    asistente.nombre.setFocus()
    escribir(asistente.nombre, "Ana Pérez Huenchumilla")
    asistente.region.setCurrentIndex(asistente.region.findData("14"))
    # La frase se pide dos veces y una débil se rechaza con su explicación.
    escribir(asistente.campos_frase.primera, "corta")
    escribir(asistente.campos_frase.segunda, "corta")
    asistente.crear_base()
    assert "débil" in asistente.aviso.text() and "al menos 12" in asistente.aviso.text()
    assert not ruta.exists()
    asistente.campos_frase.primera.setText("")
    asistente.campos_frase.segunda.setText("")
    escribir(asistente.campos_frase.primera, "ñirre laguna azul 9")
    escribir(asistente.campos_frase.segunda, "ñirre laguna azul 8")
    asistente.crear_base()
    assert "no coinciden" in asistente.aviso.text() and not ruta.exists()
    asistente.campos_frase.segunda.setText("")
    escribir(asistente.campos_frase.segunda, "ñirre laguna azul 9")
    asistente.crear_base()
    assert asistente.result() == AsistenteInicio.DialogCode.Accepted
    assert asistente.frase == "ñirre laguna azul 9"
    with pytest.raises(ErrorClave):
        Almacen.abrir(ruta, FRASE)
    with Almacen.abrir(ruta, "ñirre laguna azul 9") as a:
        assert (a.nombre, a.rol, a.cut_region) == ("Ana Pérez Huenchumilla", "campo", "14")
        assert a.persona == "Ana Pérez Huenchumilla" and a.ajuste("persona") == a.persona


def test_qt_en_espanol(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    assert qapp.property("pir_traducida") is True
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert QLocale().name() == "es_CL"


def test_modelos_de_listas(qtbot, qtmodeltester, tareas_demo, ruta_demo):
    from ui.pantallas.busqueda import PantallaBusqueda
    from ui.pantallas.persona import FichaPersona

    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
        persona = a.listar(Persona, orden="nombre", territorio_id=tid)[0]
    talleres_ = PantallaTalleres(tareas_demo, tid)
    busqueda = PantallaBusqueda(tareas_demo, persona["nombre"].split()[0])
    ficha = FichaPersona(tareas_demo, persona["id"])
    for w in (talleres_, busqueda, ficha):
        qtbot.addWidget(w)
    assert talleres_.modelo.rowCount() > 0 and busqueda.modelo.rowCount() > 0
    assert persona["nombre"] in ficha.encabezado.text()
    talleres_.paso.setCurrentIndex(2)
    assert {f["paso"] for f in talleres_.modelo.filas} == {2}
    for modelo in (talleres_.modelo, busqueda.modelo, ficha.modelo):
        qtmodeltester.check(modelo)


def test_adjunto_se_copia_con_miniatura(qtbot, tareas_demo, ruta_demo, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from pir_campo import adjuntos
    from ui.adjuntos import PanelAdjuntos

    with Almacen.abrir(ruta_demo) as a:
        taller = a.listar(Taller, orden="fecha")[0]
    foto = tmp_path / "hoja firmada.png"
    imagen = QImage(400, 300, QImage.Format.Format_RGB32)
    imagen.fill(QColor("white"))
    assert imagen.save(str(foto))
    panel = PanelAdjuntos(
        tareas_demo, "taller", taller["id"], taller["territorio_id"], "asistencia_firmada"
    )
    qtbot.addWidget(panel)
    antes = panel.lista.count()
    panel.adjuntar([foto])
    foto.unlink()
    assert panel.lista.count() == antes + 1
    nueva = next(f for f in panel.filas if f["nombre_original"] == "hoja firmada.png")
    assert nueva["clase"] == "asistencia_firmada"
    copia = adjuntos.ruta_blob(adjuntos.carpeta_de(ruta_demo), nueva["sha256"])
    assert copia.exists() and b"PNG" not in copia.read_bytes()[:64]  # cifrado
    assert not panel.lista.item(panel.lista.count() - 1).icon().isNull()


def test_seccion_de_otra_area(qtbot, tareas_demo):
    from PySide6.QtWidgets import QLabel

    ventana = _ventana(qtbot, tareas_demo)
    vistos = []

    def fabrica(tareas, territorio_id):
        vistos.append(territorio_id)
        return QLabel(f"PMDT de {territorio_id}")

    ventana.agregar_seccion("PMDT", fabrica, "Ctrl+7")
    qtbot.keyClick(ventana.navegacion, Qt.Key.Key_7, CTRL)
    assert vistos == [ventana.territorio_id]
    assert ventana.pagina_actual().text() == f"PMDT de {ventana.territorio_id}"
    ventana.selector.setCurrentIndex(1)
    assert vistos[-1] == ventana.territorio_id and len(vistos) == 2


def test_talleres_ordenados_por_fecha_real(qtbot, tareas_demo, ruta_demo):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio, orden="nombre")[0]["id"]
    pantalla = PantallaTalleres(tareas_demo, tid)
    qtbot.addWidget(pantalla)
    proxy = pantalla.filtro_modelo
    fechas = [proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 3) for i in range(proxy.rowCount())]
    assert fechas == sorted(fechas, reverse=True)
    pantalla.tabla.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    vistas = [proxy.index(i, 0).data() for i in range(proxy.rowCount())]
    assert vistas[0][-4:] <= vistas[-1][-4:]  # dd-mm-aaaa: el año del primero no es mayor


def test_ajustes_guardan_el_tamano_de_letra(qtbot, tareas_demo):
    from PySide6.QtWidgets import QApplication

    from ui.pantallas.ajustes import DialogoAjustes, aplicar_tamano_letra

    original = QApplication.font()
    dialogo = DialogoAjustes(tareas_demo)
    qtbot.addWidget(dialogo)
    assert "Facilitadora de demostración" in [
        dialogo.identidad.itemAt(i).widget().text()
        for i in range(dialogo.identidad.count())
        if dialogo.identidad.itemAt(i).widget() is not None
    ]
    dialogo.letra.setValue(20)
    assert dialogo.letra.value() == 12  # la mayor que cabe en 1366x768
    dialogo.letra.setValue(11)
    dialogo.aceptar()
    try:
        assert QApplication.font().pointSize() == 11
        QApplication.setFont(original)
        aplicar_tamano_letra()
        assert QApplication.font().pointSize() == 11
    finally:
        QApplication.setFont(original)
