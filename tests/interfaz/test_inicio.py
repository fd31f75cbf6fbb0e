"""Inicio de la oficina (demo consolidada por paquete) y del notebook, con el mapa y los
gráficos reales: lo dibujado coincide con SQL y los clics abren el registro correcto."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication

from pir_campo.almacen import Almacen
from pir_campo.formato import ZONA, numero
from pir_campo.planificacion import seguimiento
from tests.conftest import copiar_base
from tests.interfaz.inicio_apoyo import oficina_consolidada
from tests.nucleo.test_demo_coordenadas import CAJAS
from ui.inicio.pantalla import PantallaInicio
from ui.mapa.mbtiles import CLAVE as CLAVE_MBTILES
from ui.mapa.widget import MapaWidget
from ui.pantallas.territorio import PantallaTerritorio
from ui.planificacion.comun import id_seleccionado
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal


@pytest.fixture(scope="session")
def plantilla_oficina(tmp_path_factory, plantilla_demo) -> Path:
    return oficina_consolidada(tmp_path_factory.mktemp("oficina"), plantilla_demo)


@pytest.fixture
def ruta_oficina(tmp_path, plantilla_oficina) -> Path:
    return copiar_base(plantilla_oficina, tmp_path / "oficina.sqlite")


@pytest.fixture
def tareas_oficina(ruta_oficina):
    tareas = Tareas(ruta_oficina, en_linea=True)
    yield tareas
    tareas.cerrar()


def _inicio(qtbot, tareas) -> PantallaInicio:
    pantalla = PantallaInicio(tareas, None)
    qtbot.addWidget(pantalla)
    pantalla.resize(1150, 700)
    pantalla.show()
    qtbot.waitUntil(
        lambda: len(pantalla.paneles) == 5 or pantalla.datos.__class__.__name__ == "InicioCampo",
        timeout=5000,
    )
    return pantalla


def _clic(qtbot, mapa: MapaWidget, punto) -> None:
    q = mapa.punto_en_pantalla(punto)
    qtbot.mouseClick(mapa, Qt.MouseButton.LeftButton, pos=QPoint(round(q.x()), round(q.y())))


def test_oficina_mapa_con_una_marca_por_localidad_en_la_region(qtbot, tareas_oficina, ruta_oficina):
    pantalla = _inicio(qtbot, tareas_oficina)
    with Almacen.abrir(ruta_oficina) as a:
        assert a.rol == "oficina"
        localidades = {
            f[0]: (f[1], f[2])
            for f in a.conn.execute(
                "SELECT id, latitud, longitud FROM localidad WHERE eliminado = 0 "
                "AND latitud IS NOT NULL"
            )
        }
    puntos = [p for p in pantalla.mapa.datos.puntos if p.tipo == "localidad"]
    assert sorted(p.id for p in puntos) == sorted(localidades)
    lat0, lat1, lon0, lon1 = CAJAS["09"]
    for p in puntos:
        assert (p.latitud, p.longitud) == localidades[p.id]
        assert lat0 <= p.latitud <= lat1 and lon0 <= p.longitud <= lon1
        q = pantalla.mapa.punto_en_pantalla(p)
        assert pantalla.mapa.rect().contains(q.toPoint()), "cada localidad se ve al abrir"
    textos = [t for _f, _c, t in pantalla.mapa.entradas_leyenda()]
    assert textos[:2] == ["Localidad", "Iniciativa de cartera"]
    assert "Necesidad: Agua potable" in textos
    imagen = pantalla.mapa.grab().toImage()
    assert not imagen.isNull()
    assert "Región de La Araucanía" in pantalla.encabezado.text()
    assert pantalla.dispositivos.rowCount() == 1  # el notebook que envió la demo


def test_grilla_de_pasos_igual_al_seguimiento_y_clic_abre_el_paso(
    qtbot, tareas_oficina, ruta_oficina
):
    ventana = VentanaPrincipal(tareas_oficina)
    qtbot.addWidget(ventana)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    inicio = ventana.pagina_actual()
    assert isinstance(inicio, PantallaInicio), "la aplicación abre en Inicio"
    assert (ventana.secciones[0].clave, ventana.secciones[0].titulo) == ("inicio", "Inicio")
    from pir_campo.servicios import territorio as srv

    with Almacen.abrir(ruta_oficina) as a:
        esperado = seguimiento.region(a, "09", dt.date.today())
        faltas = {s.territorio["id"]: srv.estado_pasos(a, s.territorio["id"]) for s in esperado}
    modelo = inicio.grilla
    assert modelo.rowCount() == len(esperado) == 3
    for fila, s in enumerate(esperado):
        assert modelo.index(fila, 0).data() == s.territorio["nombre"]
        for p in s.pasos:
            celda = modelo.index(fila, p.numero)
            assert celda.data().endswith(p.estado)
            ayuda = celda.data(Qt.ItemDataRole.ToolTipRole)
            assert p.detalle in ayuda
            falta = faltas[s.territorio["id"]][p.numero - 1]["falta"]
            assert (falta in ayuda) == (falta != "Completo"), "lo que falta, al pasar el cursor"
            assert celda.data(Qt.ItemDataRole.BackgroundRole).color().name() != "#000000"
    # Clic en la celda (fila 2, paso 6): el territorio se abre en ese paso.
    objetivo = esperado[1]
    tabla = inicio.tabla_grilla
    rect = tabla.visualRect(modelo.index(1, 6))
    qtbot.mouseClick(tabla.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    pagina = ventana.pagina_actual()
    assert isinstance(pagina, PantallaTerritorio)
    assert ventana.territorio_id == objetivo.territorio["id"]
    assert pagina.paso_elegido() == 6
    assert "Paso 6" in pagina.titulo_registros.text()


def test_clic_en_el_mapa_abre_el_registro(qtbot, tareas_oficina):
    ventana = VentanaPrincipal(tareas_oficina)
    qtbot.addWidget(ventana)
    ventana.resize(1366, 768)
    with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
        ventana.show()
    inicio = ventana.pagina_actual()
    mapa = inicio.mapa
    # Una localidad sola en su lugar (sin necesidades encima) abre su territorio.
    ocupados = {(p.latitud, p.longitud) for p in mapa.datos.puntos if p.tipo != "localidad"}
    localidad = next(
        p
        for p in mapa.datos.puntos
        if p.tipo == "localidad" and (p.latitud, p.longitud) not in ocupados
    )
    with qtbot.waitSignal(inicio.abrir_registro) as senal:
        _clic(qtbot, mapa, localidad)
    assert senal.args == ["territorio", localidad.territorio_id]
    assert ventana.territorio_id == localidad.territorio_id
    assert isinstance(ventana.pagina_actual(), PantallaTerritorio)
    # Una necesidad abre su territorio en «Necesidades», con su editor.
    ventana.ir_a(0)
    qtbot.waitUntil(lambda: ventana.pagina_actual().datos is not None, timeout=5000)
    mapa = ventana.pagina_actual().mapa
    necesidad = next(p for p in mapa.datos.puntos if p.tipo == "necesidad")
    assert mapa.punto_en(mapa.punto_en_pantalla(necesidad)).tipo in ("necesidad", "iniciativa")
    mapa.abrir_registro.emit("necesidad", f"{necesidad.territorio_id}|{necesidad.id}")
    pagina = ventana.pagina_actual()
    assert ventana.secciones[ventana.navegacion.currentRow()].clave == "necesidades"
    assert pagina.territorio_id == necesidad.territorio_id
    qtbot.waitUntil(lambda: pagina.editor is not None, timeout=5000)
    assert pagina.editor.titulo.text() == necesidad.nombre
    pagina.editor.reject()
    # Una iniciativa abre el PMDT de su territorio en su versión, con ella elegida.
    ventana.ir_a(0)
    qtbot.waitUntil(lambda: ventana.pagina_actual().datos is not None, timeout=5000)
    mapa = ventana.pagina_actual().mapa
    iniciativa = next(p for p in mapa.datos.puntos if p.tipo == "iniciativa")
    mapa.abrir_registro.emit("iniciativa", f"{iniciativa.territorio_id}|{iniciativa.id}")
    pagina = ventana.pagina_actual()
    assert ventana.secciones[ventana.navegacion.currentRow()].clave == "pmdt"
    qtbot.waitUntil(lambda: id_seleccionado(pagina.vista) == iniciativa.id, timeout=5000)


def test_zoom_y_desplazamiento(qtbot, tareas_oficina):
    pantalla = _inicio(qtbot, tareas_oficina)
    mapa = pantalla.mapa
    p = mapa.datos.puntos[0]
    antes = mapa.escala
    centro = mapa.lugar_real(p)
    mapa.acercar(2.0, centro)
    assert mapa.escala == pytest.approx(antes * 2)
    despues = mapa.lugar_real(p)
    assert (despues - centro).manhattanLength() < 1, "el zoom mantiene el punto bajo el cursor"
    mapa.setFocus()
    qtbot.keyClick(mapa, Qt.Key.Key_Left)
    assert mapa.lugar_real(p).x() == pytest.approx(despues.x() + 60)
    qtbot.keyClick(mapa, Qt.Key.Key_0)
    assert mapa.escala == pytest.approx(antes)
    # Los símbolos que caen en el mismo lugar se separan: cada uno queda a la vista y se elige.
    vistos = [mapa.punto_en_pantalla(q) for q in mapa.datos.puntos]
    for i, a in enumerate(vistos):
        for b in vistos[i + 1 :]:
            assert (a - b).manhattanLength() > 2
    for q in mapa.datos.puntos:
        assert mapa.punto_en(mapa.punto_en_pantalla(q)) is q


def test_nombres_de_comuna_sin_pisar_simbolos_ni_leyenda(qtbot, tareas_oficina):
    pantalla = _inicio(qtbot, tareas_oficina)
    mapa = pantalla.mapa
    rotulos = mapa.rotulos_comunas()
    assert {n for n, _c in rotulos} == set(mapa.datos.comunas) and rotulos
    leyenda = mapa._disposicion_leyenda(mapa.entradas_leyenda())[-1]
    for nombre, caja in rotulos:
        assert mapa.rect().toRectF().contains(caja), nombre
        assert not caja.intersects(leyenda), nombre
        for p in mapa.datos.puntos:
            assert not caja.contains(mapa.punto_en_pantalla(p)), (nombre, p.tipo)
    for i, (_n, a) in enumerate(rotulos):
        assert not any(a.intersects(b) for _m, b in rotulos[i + 1 :])


def test_rotulos_de_longitud_no_quedan_bajo_el_aviso_referencial(qtbot, tareas_oficina):
    pantalla = _inicio(qtbot, tareas_oficina)
    mapa = pantalla.mapa
    aviso = mapa._aviso_referencial()[-1]
    for ancho in (1150, 700, 520):  # a distintos anchos el aviso cae sobre otros meridianos
        mapa.resize(ancho, mapa.height())
        rotulos = mapa.rotulos_longitud()
        aviso = mapa._aviso_referencial()[-1]
        assert rotulos and all(r.endswith("° O") for r, _c in rotulos)
        assert not any(c.intersects(aviso) for _r, c in rotulos), ancho


def test_cada_grafico_dibuja_los_numeros_de_sql_y_tiene_su_tabla(
    qtbot, tareas_oficina, ruta_oficina, tmp_path
):
    pantalla = _inicio(qtbot, tareas_oficina)
    paneles = {p.grafico.clave: p for p in pantalla.paneles}
    assert set(paneles) == {
        "necesidades",
        "cartera",
        "participacion_mes",
        "participacion_edad",
        "acuerdos",
    }
    with Almacen.abrir(ruta_oficina) as a:
        uno = lambda sql, v=(): a.conn.execute(sql, v).fetchone()[0]  # noqa: E731
        necesidades = uno("SELECT count(*) FROM necesidad WHERE eliminado = 0")
        asistencias = uno(
            "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id "
            "WHERE s.eliminado = 0 AND t.eliminado = 0"
        )
        hombres = uno(
            "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id JOIN persona "
            "p ON p.id = s.persona_id WHERE s.eliminado = 0 AND t.eliminado = 0 "
            "AND p.sexo = 'hombre'"
        )
        mayores = uno(
            "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id JOIN persona "
            "p ON p.id = s.persona_id WHERE s.eliminado = 0 AND t.eliminado = 0 "
            "AND p.tramo_edad = '65+'"
        )
        vencidos = uno(
            "SELECT count(*) FROM acuerdo WHERE eliminado = 0 AND estado != 'cumplido' "
            "AND fecha_compromiso < ?",
            (dt.date.today().isoformat(),),
        )
        agua = uno(
            "SELECT count(*) FROM necesidad WHERE eliminado = 0 AND tipologia = 'agua_potable'"
        )
    for panel in paneles.values():
        dibujado = panel.valores_dibujados()
        # Lo que QtCharts dibuja es exactamente lo que calculó el núcleo.
        assert dibujado == [(n, [float(x) for x in v]) for n, v in panel.grafico.series]
    sumar = lambda clave: sum(sum(v) for _n, v in paneles[clave].valores_dibujados())  # noqa: E731
    assert sumar("necesidades") == necesidades
    assert sumar("participacion_mes") == sumar("participacion_edad") == asistencias
    assert sum(dict(paneles["participacion_mes"].valores_dibujados())["Hombre"]) == hombres
    edad = paneles["participacion_edad"]
    i = edad.grafico.categorias.index("65 años o más")
    assert sum(v[i] for _n, v in edad.valores_dibujados()) == mayores
    acuerdos = paneles["acuerdos"]
    assert acuerdos.valores_dibujados()[0][1][0] == vencidos
    # La tabla, a un clic, trae los mismos números (con total por fila).
    nec = paneles["necesidades"]
    qtbot.mouseClick(nec.boton_tabla, Qt.MouseButton.LeftButton)
    assert nec.pila.currentWidget() is nec.tabla and nec.boton_tabla.text() == "Ver gráfico"
    fila = nec.grafico.categorias.index("Agua potable")
    total = nec.modelo.index(fila, nec.modelo.columnCount() - 1).data()
    assert total == str(agua)
    qtbot.mouseClick(nec.boton_tabla, Qt.MouseButton.LeftButton)
    assert nec.pila.currentWidget() is nec.vista
    # Guardar imagen escribe un PNG del gráfico.
    ruta = nec.guardar_imagen(tmp_path / "necesidades")
    imagen = QImage(str(ruta))
    assert ruta.suffix == ".png" and imagen.width() > 200 and imagen.height() > 100


def test_paleta_apta_para_daltonismo():
    from pir_campo.mapa import PALETA

    # Okabe-Ito: los ocho colores de la paleta recomendada para deuteranopía y protanopía.
    assert PALETA[:7] == (
        "#0072B2",
        "#E69F00",
        "#009E73",
        "#D55E00",
        "#CC79A7",
        "#56B4E9",
        "#F0E442",
    )


def test_notebook_lista_sus_acuerdos_pendientes(qtbot, tareas_demo, ruta_demo):
    hoy = dt.date.today()
    pantalla = _inicio(qtbot, tareas_demo)
    fin = pantalla.datos.hoy.replace(day=28) + dt.timedelta(days=4)
    fin = fin - dt.timedelta(days=fin.day)
    with Almacen.abrir(ruta_demo) as a:
        esperados = {
            f[0]
            for f in a.conn.execute(
                "SELECT id FROM acuerdo WHERE eliminado = 0 AND estado != 'cumplido' "
                "AND fecha_compromiso <= ?",
                (fin.isoformat(),),
            )
        }
        pendientes = a.pendientes_envio()
    assert esperados, "la demo tiene acuerdos por cumplir"
    assert {f["id"] for f in pantalla.acuerdos.filas} == esperados
    vencidos = [f for f in pantalla.acuerdos.filas if f["fecha_compromiso"] < hoy.isoformat()]
    assert all(f["plazo"] == "Vencido" for f in vencidos)
    assert f"hasta fin de mes: {numero(len(esperados))}" in pantalla.titulo_acuerdos.text()
    assert "Cambios sin confirmar por la oficina" in pantalla.sin_confirmar.text()
    assert f"{pendientes:,}".replace(",", ".") in pantalla.sin_confirmar.text()
    assert "aún no tiene oficina" in pantalla.encabezado.text()
    # Mis territorios con su paso en curso y lo que falta.
    assert pantalla.grilla.rowCount() == 3
    falta = pantalla.grilla.columnas[-1]
    assert falta.clave == "falta"
    assert pantalla.grilla.filas[0]["falta"].startswith("Paso ")
    # Enter en un acuerdo abre su taller.
    with qtbot.waitSignal(pantalla.abrir_registro) as senal:
        pantalla.tabla_acuerdos.activated.emit(pantalla.acuerdos.index(0, 0))
    assert senal.args == ["taller", pantalla.acuerdos.filas[0]["taller_id"]]


def test_informe_desde_el_inicio_de_la_oficina(qtbot, tareas_oficina, tmp_path):
    from pypdf import PdfReader

    from ui.inicio.informe import armar_informe

    pantalla = _inicio(qtbot, tareas_oficina)
    assert pantalla.boton_informe.isVisible()
    escritos = []
    armar_informe(pantalla, tmp_path / "informe.pdf", escritos.append)
    assert escritos == [tmp_path / "informe.pdf"]
    texto = PdfReader(escritos[0]).pages[0].extract_text()
    assert "Informe regional de avance" in texto and "Región de La Araucanía" in texto


def _mbtiles(ruta: Path, z: int, color: str) -> None:
    """Un MBTiles mínimo: todas las teselas de un nivel, de un color liso."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    imagen = QImage(256, 256, QImage.Format.Format_RGB32)
    imagen.fill(QColor(color))
    datos = QByteArray()
    buffer = QBuffer(datos)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    imagen.save(buffer, "PNG")
    conn = sqlite3.connect(ruta)  # un MBTiles no es una base de PIR Campo
    conn.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    n = 1 << z
    conn.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, y, bytes(datos.data())) for x in range(n) for y in range(n)],
    )
    conn.commit()
    conn.close()


def test_mapa_base_mbtiles_elegido_en_ajustes(qtbot, tareas_oficina, tmp_path):
    from ui.pantallas.ajustes import DialogoAjustes

    ruta = tmp_path / "base.mbtiles"
    _mbtiles(ruta, 4, "#336699")
    pantalla = _inicio(qtbot, tareas_oficina)
    mapa = pantalla.mapa
    assert mapa.base is None
    esquina = mapa.grab().toImage().pixelColor(mapa.width() // 2, mapa.height() - 60)
    assert esquina.name() != "#336699"
    dialogo = DialogoAjustes(tareas_oficina)
    qtbot.addWidget(dialogo)
    dialogo.mbtiles.setText(str(ruta))
    dialogo.aceptar()
    assert QSettings().value(CLAVE_MBTILES) == str(ruta)
    assert mapa.base is not None and mapa.base.zoom_max == 4
    pixel = mapa.grab().toImage().pixelColor(mapa.width() // 2, mapa.height() - 60)
    assert pixel.name() == "#336699", "las teselas se dibujan como fondo"
    # Un archivo que no es MBTiles se rechaza en Ajustes con una frase en español.
    malo = tmp_path / "malo.mbtiles"
    malo.write_bytes(b"no es sqlite")
    dialogo.mbtiles.setText(str(malo))
    from ui import dialogos

    mensajes = []
    original = dialogos.error
    dialogos.error = lambda _p, texto, *a: mensajes.append(texto)
    try:
        dialogo.aceptar()
    finally:
        dialogos.error = original
    assert mensajes and "no es un archivo MBTiles" in mensajes[0]
    assert QSettings().value(CLAVE_MBTILES) == str(ruta)


def test_letra_grande_a_1366x768_sin_texto_cortado(qtbot, tareas_oficina):
    fuente = QFont(QApplication.font())
    original = QFont(fuente)
    fuente.setPointSize(18)
    QApplication.setFont(fuente)
    try:
        ventana = VentanaPrincipal(tareas_oficina)
        qtbot.addWidget(ventana)
        ventana.resize(1366, 768)
        with qtbot.waitSignal(ventana.datos_cargados, timeout=5000):
            ventana.show()
        inicio = ventana.pagina_actual()
        qtbot.waitUntil(lambda: len(inicio.paneles) == 5, timeout=5000)
        tabla = inicio.tabla_grilla
        metrica = tabla.fontMetrics()
        for fila in range(inicio.grilla.rowCount()):
            for col in range(inicio.grilla.columnCount()):
                texto = inicio.grilla.index(fila, col).data()
                assert metrica.horizontalAdvance(texto) + 8 <= tabla.columnWidth(col), texto
        for panel in inicio.paneles:
            assert panel.boton_guardar.width() >= panel.boton_guardar.sizeHint().width()
            assert panel.width() >= 400
    finally:
        QApplication.setFont(original)


def test_notebook_muestra_la_ultima_sincronizacion(qtbot, tmp_path, plantilla_demo):
    from tests.nucleo.sincro_apoyo import enviar, registrar

    notebook = copiar_base(plantilla_demo, tmp_path / "notebook.sqlite")
    with (
        Almacen.iniciar(tmp_path / "oficina.sqlite", "oficina", "GORE La Araucanía", "09") as of,
        Almacen.abrir(notebook) as campo,
    ):
        registrar(of, campo, tmp_path)
        enviar(campo, of, tmp_path)
        enviar(of, campo, tmp_path)  # el recibo de la oficina
        assert campo.pendientes_envio() == 0
    tareas = Tareas(notebook, en_linea=True)
    try:
        pantalla = _inicio(qtbot, tareas)
        texto = pantalla.encabezado.text()
        assert "Última sincronización con la oficina: " in texto
        # La pantalla muestra la hora de Chile: cerca de medianoche UTC es otro día.
        assert dt.datetime.now(ZONA).strftime("%d-%m-%Y") in texto
        assert "Todos los cambios confirmados por la oficina" in pantalla.sin_confirmar.text()
    finally:
        tareas.cerrar()


def test_el_arranque_no_importa_qtcharts(ruta_demo):
    """QtCharts (PySide6-Addons) se importa al dibujar el primer gráfico, no al abrir."""
    import os
    import subprocess
    import sys

    from tests.conftest import RAIZ

    guion = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from ui.app import aplicacion\n"
        "from ui.tareas import Tareas\n"
        "from ui.ventana_principal import VentanaPrincipal\n"
        "app = aplicacion()\n"
        f"v = VentanaPrincipal(Tareas({str(ruta_demo)!r}))\n"
        "v.datos_cargados.connect(lambda: QTimer.singleShot(200, app.quit))\n"
        "v.show()\n"
        "app.exec()\n"
        "print(type(v.pagina_actual()).__name__, 'PySide6.QtCharts' in sys.modules)\n"
        "v.tareas.cerrar()\n"
    )
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, "-c", guion], capture_output=True, text=True, env=entorno, timeout=120
    )
    assert r.stdout.split()[-2:] == ["PantallaInicio", "False"], r.stderr


def test_notebook_completa_sus_acuerdos_y_la_cuenta_sin_que_nadie_haga_nada(
    qtbot, ruta_demo, monkeypatch
):
    # Con el hilo de la base de verdad: Inicio se ve con los primeros acuerdos y «Contando…»,
    # y el resto de la lista y la cuenta de cambios sin confirmar llegan solos después.
    from pir_campo.servicios import inicio

    monkeypatch.setattr(inicio, "PRIMEROS_ACUERDOS", 2)
    with Almacen.abrir(ruta_demo) as a:
        completo = inicio.campo(a)
        pendientes = a.pendientes_envio()
    tareas = Tareas(ruta_demo)
    try:
        pantalla = PantallaInicio(tareas, None)
        qtbot.addWidget(pantalla)
        pantalla.show()
        primeras: list[int] = []
        pantalla.cargado.connect(lambda: primeras.append(pantalla.acuerdos.rowCount()))
        qtbot.waitUntil(lambda: bool(primeras), timeout=10_000)
        assert primeras == [2]
        titulo = pantalla.titulo_acuerdos.text()
        assert f"hasta fin de mes: {numero(len(completo.acuerdos))}" in titulo
        qtbot.waitUntil(lambda: "Contando" not in pantalla.sin_confirmar.text(), timeout=10_000)
        assert [f["id"] for f in pantalla.acuerdos.filas] == [a["id"] for a in completo.acuerdos]
        assert f"{pendientes:,}".replace(",", ".") in pantalla.sin_confirmar.text()
    finally:
        tareas.cerrar()
