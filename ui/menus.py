"""Menús, atajos y secciones propias de la ventana principal (apartados para que no crezca)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from pir_campo import NOMBRE, __version__
from ui import dialogos

if TYPE_CHECKING:
    from ui.ventana_principal import Fabrica, VentanaPrincipal


def _accion(ventana, menu, texto: str, atajo: str | None, funcion, ayuda: str = "") -> QAction:
    accion = QAction(texto, ventana)
    if atajo:
        accion.setShortcuts([QKeySequence(atajo)])  # setShortcut crea enums: 40 ms la 1.ª vez
    if ayuda:
        accion.setStatusTip(ayuda)
        accion.setToolTip(ayuda)
    accion.triggered.connect(funcion)
    menu.addAction(accion)
    return accion


def _perezosa(modulo: str, clase: str) -> Fabrica:
    """La pantalla se importa al abrirla: el arranque no paga por las que no se ven."""

    def fabrica(tareas, territorio_id):
        return getattr(importlib.import_module(modulo), clase)(tareas, territorio_id)

    return fabrica


# Paquetes de otras áreas que exportan `SECCIONES: list[(titulo, fabrica, atajo)]`; se agregan
# a la navegación después de las propias (una línea por área, como COMANDOS en la CLI), en
# cuanto la ventana ya muestra sus datos: importarlas cuesta ~0,2 s que el arranque no espera.
AREAS: tuple[str, ...] = ("ui.planificacion", "ui.sincronizacion")


def secciones_de_areas() -> list[tuple[str, Fabrica, str | None]]:
    secciones: list[tuple[str, Fabrica, str | None]] = []
    for paquete in AREAS:
        secciones.extend(importlib.import_module(paquete).SECCIONES)
    return secciones


def secciones_propias() -> list[tuple[str, Fabrica, str | None]]:
    return [
        ("Inicio", _perezosa("ui.inicio.pantalla", "PantallaInicio"), "Ctrl+0"),
        ("Territorios", _perezosa("ui.pantallas.territorios", "PantallaTerritorios"), "Ctrl+1"),
        (
            "Territorio y pasos",
            _perezosa("ui.pantallas.territorio", "PantallaTerritorio"),
            "Ctrl+2",
        ),
        ("Talleres", _perezosa("ui.pantallas.talleres", "PantallaTalleres"), "Ctrl+3"),
        ("Personas", _perezosa("ui.pantallas.personas", "PantallaPersonas"), "Ctrl+4"),
        ("Asistencias", _perezosa("ui.pantallas.asistencias", "PantallaAsistencias"), "Ctrl+5"),
    ]


SECCION_INICIO, SECCION_TERRITORIOS, SECCION_TERRITORIO = 0, 1, 2


def seccion_inicial(_ventana: VentanaPrincipal) -> int:
    """Siempre en Inicio: la oficina ve la región; el notebook, qué le toca hacer."""
    return SECCION_INICIO


def _ir_a_seccion(ventana: VentanaPrincipal, titulo: str) -> QWidget | None:
    for indice, (t, _f, _a) in enumerate(ventana.secciones):
        if t == titulo:
            ventana.ir_a(indice)
            return ventana.pagina_actual()
    return None


def editor_de(ventana: VentanaPrincipal, tipo: str, id_: str) -> QWidget | None:
    if tipo == "taller":
        from ui.taller.editor import EditorTaller

        return EditorTaller(ventana.tareas, id_)
    if tipo == "acta":
        from ui.acta.editor import EditorActa

        return EditorActa(ventana.tareas, id_)
    if tipo == "persona":
        from ui.pantallas.persona import FichaPersona

        return FichaPersona(ventana.tareas, id_)
    if tipo == "busqueda":
        from ui.pantallas.busqueda import PantallaBusqueda

        return PantallaBusqueda(ventana.tareas, id_, None)
    if tipo == "territorio":
        ventana.elegir_territorio(id_)
        ventana.ir_a(SECCION_TERRITORIO)
    if tipo == "paso":  # «territorio|paso», desde la grilla de Inicio
        tid, paso = id_.split("|")
        ventana.elegir_territorio(tid)
        ventana.ir_a(SECCION_TERRITORIO)
        pagina = ventana.pagina_actual()
        if hasattr(pagina, "elegir_paso"):
            pagina.elegir_paso(int(paso))
    if tipo in ("necesidad", "iniciativa"):  # «territorio|id», desde el mapa
        tid, registro = id_.split("|")
        ventana.elegir_territorio(tid)
        pagina = _ir_a_seccion(ventana, "Necesidades" if tipo == "necesidad" else "PMDT")
        if pagina is not None and hasattr(pagina, "abrir_por_id"):
            pagina.abrir_por_id(registro)
    return None


def _paso_en_pantalla(ventana: VentanaPrincipal) -> int | None:
    pagina = ventana.pagina_actual()
    return pagina.paso_elegido() if hasattr(pagina, "paso_elegido") else None


def nuevo(ventana: VentanaPrincipal, clase: str, paso: int | None = None) -> None:
    """Crea un taller (o un acta) en el territorio y paso elegidos y abre su editor."""
    from pir_campo.servicios import actas, talleres
    from pir_campo.servicios import territorio as srv_territorio

    tid = ventana.territorio_id
    if not tid:
        dialogos.error(ventana, "Elija primero un territorio (Ctrl+T).")
        return
    paso = paso or _paso_en_pantalla(ventana)

    def crear(almacen) -> str:
        from pir_campo.almacen import consultas_campo as q

        elegido = paso or srv_territorio.paso_actual(srv_territorio.estado_pasos(almacen, tid))
        if clase == "taller":
            return talleres.nuevo(almacen, tid, elegido)
        tipo = "validacion_pmdt" if elegido == 5 else "validacion_territorio"
        del_paso = [t for t in q.talleres(almacen.conn, tid, 5 if elegido == 5 else 2)]
        return actas.nueva(almacen, tid, tipo, del_paso[0]["id"] if del_paso else None)

    ventana.tareas.ejecutar(
        crear,
        lambda nuevo_id: ventana.abrir_registro(clase, nuevo_id),
        lambda e: dialogos.error(ventana, str(e)),
    )


def imprimir(ventana: VentanaPrincipal) -> None:
    """Los documentos del registro que se ve (taller, acta, territorio, PMDT, diagnóstico)."""
    from ui import documentos

    pagina = ventana.pagina_actual()
    if pagina is None or documentos.abrir_dialogo(pagina, ventana) is None:
        mensaje = (
            documentos.SIN_REGISTRO
            if hasattr(pagina, "registro_para_imprimir")
            else documentos.SIN_DOCUMENTO
        )
        ventana.statusBar().showMessage(mensaje, 8000)


def ajustes(ventana: VentanaPrincipal) -> None:
    from ui.pantallas.ajustes import DialogoAjustes

    DialogoAjustes(ventana.tareas, ventana).exec()


def armar(ventana: VentanaPrincipal) -> None:
    barra = ventana.menuBar()
    archivo = barra.addMenu("&Archivo")
    _accion(
        ventana,
        archivo,
        "&Nuevo taller",
        "Ctrl+N",
        lambda: nuevo(ventana, "taller"),
        "Crea un taller en el paso elegido del territorio",
    )
    _accion(
        ventana,
        archivo,
        "Nueva &acta de validación",
        "Ctrl+Shift+N",
        lambda: nuevo(ventana, "acta"),
        "Crea un acta de validación (pasos 2 y 5)",
    )
    archivo.addSeparator()
    ventana.accion_imprimir = _accion(
        ventana,
        archivo,
        "&Imprimir…",
        "Ctrl+P",
        lambda: imprimir(ventana),
        "Vista previa, guardado o impresión de los documentos del registro en pantalla",
    )
    archivo.addSeparator()
    _accion(ventana, archivo, "A&justes…", "Ctrl+,", lambda: ajustes(ventana))
    archivo.addSeparator()
    ventana.accion_salir = _accion(
        ventana, archivo, "&Salir", "Ctrl+Q", ventana.close, "Cierra la aplicación"
    )
    editar = barra.addMenu("&Editar")
    _accion(
        ventana,
        editar,
        "&Buscar…",
        "Ctrl+F",
        lambda: _enfocar(ventana.busqueda),
        "Busca personas, talleres o territorios",
    )
    _accion(
        ventana,
        editar,
        "Elegir &territorio",
        "Ctrl+T",
        lambda: _enfocar(ventana.selector),
        "Cambia el territorio en el que trabaja",
    )
    ventana.menu_ir = barra.addMenu("&Ir")
    ventana.menu_ir.addSeparator()
    ventana.accion_volver = _accion(
        ventana,
        ventana.menu_ir,
        "&Volver",
        "Alt+Left",
        ventana.volver,
        "Vuelve a la pantalla anterior",
    )
    ventana.accion_volver.setEnabled(False)
    ayuda = barra.addMenu("A&yuda")
    _accion(ventana, ayuda, "&Atajos de teclado", "F1", lambda: _atajos(ventana))
    _accion(
        ventana,
        ayuda,
        "Acerca &de " + NOMBRE,
        None,
        lambda: dialogos.informar(
            ventana,
            "Acerca de " + NOMBRE,
            f"{NOMBRE} {__version__}\nRegistro de terreno del Programa de Infraestructura "
            "Rural para el Desarrollo Territorial.",
        ),
    )


def _enfocar(widget: QWidget) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    if hasattr(widget, "showPopup"):
        widget.showPopup()


def _atajos(ventana: VentanaPrincipal) -> None:
    lineas = []
    for menu in ventana.menuBar().findChildren(type(ventana.menu_ir)):
        for accion in menu.actions():
            if accion.shortcut().toString():
                texto = accion.text().replace("&", "").rstrip("…")
                lineas.append(
                    f"{accion.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t{texto}"
                )
    dialogos.informar(ventana, "Atajos de teclado", "\n".join(lineas))
