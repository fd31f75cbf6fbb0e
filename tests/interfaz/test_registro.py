"""El registro de secciones y editores: un tipo de registro abre su editor sin tocar la ventana."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ui import pantalla, registro
from ui.registro import Editor, Seccion


class _Prueba(QWidget):
    abrir_registro = Signal(str, str)

    def __init__(self, _tareas, id_):
        super().__init__()
        self.id_ = id_
        self.refrescos = 0

    def refrescar(self) -> None:
        self.refrescos += 1


def test_cada_tipo_de_registro_tiene_editor_y_seccion_conocida():
    claves = {s.clave for s in registro.SECCIONES}
    for tipo in ("taller", "acta", "persona", "busqueda", "territorio"):
        editor = registro.editor(tipo)
        assert editor is not None and (editor.seccion is None or editor.seccion in claves)


def test_un_editor_registrado_se_abre_desde_una_senal(qtbot, ventana, monkeypatch):
    monkeypatch.setitem(registro.EDITORES, "prueba", Editor("prueba", _Prueba, None))
    ventana.abrir_registro("prueba", "id-1")
    abierto = ventana.pagina_actual()
    assert isinstance(abierto, _Prueba) and abierto.id_ == "id-1"
    assert isinstance(abierto, pantalla.AbreRegistros) and isinstance(abierto, pantalla.Refrescable)
    assert not isinstance(abierto, pantalla.Imprimible)
    abierto.abrir_registro.emit("prueba", "id-2")  # la ventana lo conectó: abre otro encima
    assert ventana.pagina_actual().id_ == "id-2"
    ventana.volver()
    assert ventana.pagina_actual() is abierto and abierto.refrescos == 1


def test_una_seccion_y_una_accion_de_un_area_llegan_a_la_ventana(qtbot, ventana, monkeypatch):
    monkeypatch.setattr(registro, "ACCIONES", [])
    llamadas = []
    registro.ACCIONES.append(
        registro.Accion("Archivo", "Respaldar &base…", lambda v: llamadas.append(v), "Ctrl+Alt+B")
    )
    ventana.agregar_seccion(Seccion("portada", "Portada", lambda t, i: QLabel("hola")))
    from ui import menus

    menus.agregar_acciones(ventana)
    ventana.ir_a(menus.indice_de(ventana, "portada"))
    assert ventana.pagina_actual().text() == "hola"
    accion = next(
        a
        for a in ventana.findChildren(type(ventana.accion_salir))
        if a.text() == "Respaldar &base…"
    )
    accion.trigger()
    assert llamadas == [ventana]


def test_los_campos_del_editor_de_taller_salen_del_modelo(qtbot):
    from pir_campo.modelos import Taller
    from ui.autoguardado import Autoguardado
    from ui.taller.datos import CAMPOS, CAMPOS_DATOS, PaginaDatos, etiqueta_de

    assert set(CAMPOS) <= set(Taller.model_fields)
    for c in CAMPOS_DATOS:
        assert etiqueta_de(c).replace("&", "").startswith(Taller.model_fields[c.campo].title)
    guardados = []
    autoguardado = Autoguardado(None, lambda *a: guardados.append(a))
    pagina = PaginaDatos(autoguardado)
    qtbot.addWidget(pagina)
    autoguardado.setParent(pagina)  # sus temporizadores se van con la página
    nombres = [w.accessibleName() for w in pagina.widgets()]
    assert nombres[:3] == ["Título del taller", "Fecha del taller", "Hora de inicio"]
    assert pagina.hora_inicio.text() == "--:--"  # sin hora no parece «00:00»
    qtbot.wait(500)
    assert guardados == []  # armar la página no escribe nada


def test_dos_territorios_con_el_mismo_nombre_no_se_ven_iguales_en_el_selector():
    from ui.ventana_principal import etiquetas_territorio

    filas = [
        {"id": "0190a000-0000-7000-8000-000000000001", "nombre": "Lago Budi", "region": "X"},
        {"id": "0190a000-0000-7000-8000-0000000000f2", "nombre": "Lago Budi", "region": "X"},
        {"id": "0190a000-0000-7000-8000-000000000003", "nombre": "Pitrufquén", "region": "X"},
    ]
    a, b, c = etiquetas_territorio(filas)
    assert a != b and a.startswith("Lago Budi (X) · ") and c == "Pitrufquén (X)"


def test_territorios_homonimos_se_distinguen_en_el_seguimiento_regional(almacen):
    from pir_campo.modelos import Territorio
    from ui.planificacion.pantalla_region import _cargar

    for _ in range(2):
        almacen.insertar(
            Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]}
        )
    nombres = [f["nombre"] for f in _cargar(almacen, "09")["filas"]]
    assert len(nombres) == 2 and len(set(nombres)) == 2
    assert all(n.startswith("Lago Budi · ") for n in nombres)
