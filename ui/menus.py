"""Menús y atajos de la ventana principal (apartados para que no crezca).

Qué secciones, editores y acciones hay lo dice `ui.registro`; aquí solo se arman los menús.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from pir_campo import NOMBRE, __version__
from ui import registro
from ui.pantalla import AbreDentro, Imprimible, TienePaso

if TYPE_CHECKING:
    from ui.ventana_principal import VentanaPrincipal


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


def indice_de(ventana: VentanaPrincipal, clave: str) -> int:
    return next((i for i, s in enumerate(ventana.secciones) if s.clave == clave), -1)


def seccion_inicial(ventana: VentanaPrincipal) -> int:
    """Siempre en Inicio: la oficina ve la región; el notebook, qué le toca hacer."""
    return indice_de(ventana, registro.INICIAL)


def editor_de(ventana: VentanaPrincipal, tipo: str, id_: str) -> QWidget | None:
    """El editor registrado para `tipo` (ver `ui.registro.EDITORES`)."""
    editor = registro.editor(tipo)
    if editor is None:
        ventana.statusBar().showMessage(f"No hay un editor para «{tipo}».", 8000)
        return None
    if editor.elige_territorio:
        # «territorio|dentro»: un paso o un registro de la sección (desde Inicio y el mapa).
        territorio_id, _, dentro = id_.partition("|")
        ventana.elegir_territorio(territorio_id)
        ventana.ir_a(indice_de(ventana, editor.seccion or "territorio"))
        pagina = ventana.pagina_actual()
        if dentro and isinstance(pagina, AbreDentro):
            pagina.abrir_por_id(dentro)
        return None
    widget = editor.fabrica(ventana.tareas, id_)
    widget.setProperty("pagina_guia", editor.ayuda)
    return widget


def agregar_acciones(ventana: VentanaPrincipal) -> None:
    """Las `registro.ACCIONES` que las áreas sumaron, cada una en su menú."""
    menus = {m.title().replace("&", ""): m for m in ventana.menuBar().findChildren(QMenu)}
    for accion in registro.ACCIONES:
        if accion in ventana.acciones_registradas:
            continue
        menu = menus.get(accion.menu) or ventana.menuBar().addMenu(accion.menu)
        menus[accion.menu] = menu
        nueva = _accion(
            ventana,
            menu,
            accion.texto,
            accion.atajo,
            lambda _marcado=False, a=accion: a.funcion(ventana),
            accion.ayuda,
        )
        if accion.rol is not None:  # oculta hasta saber en qué modo está esta base
            nueva.setVisible(False)
            ventana.tareas.ejecutar(
                lambda a: a.rol, lambda rol, q=nueva, r=accion.rol: q.setVisible(rol == r)
            )
        salir = getattr(ventana, "accion_salir", None)
        if salir in menu.actions():  # en Archivo, antes de Ajustes… y Salir, no después
            antes = menu.actions()[max(0, menu.actions().index(salir) - 3)]
            menu.removeAction(nueva)
            menu.insertAction(antes, nueva)
        ventana.acciones_registradas.append(accion)


def _paso_en_pantalla(ventana: VentanaPrincipal) -> int | None:
    pagina = ventana.pagina_actual()
    return pagina.paso_elegido() if isinstance(pagina, TienePaso) else None


def _acerca_de(ventana: VentanaPrincipal) -> None:
    # ui.dialogos (QMessageBox y compañía, ~17 enums de PySide) se importa al usarlo, como en
    # `nuevo`: la ventana se arma sin él.
    from ui import dialogos

    dialogos.informar(
        ventana,
        "Acerca de " + NOMBRE,
        f"{NOMBRE} {__version__}\nRegistro de terreno del Programa de Infraestructura "
        "Rural para el Desarrollo Territorial.",
    )


def nuevo(ventana: VentanaPrincipal, clase: str, paso: int | None = None) -> None:
    """Crea un taller (o un acta) en el territorio y paso elegidos y abre su editor."""
    from pir_campo.servicios import actas, talleres
    from pir_campo.servicios import territorio as srv_territorio
    from ui import dialogos

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
            documentos.SIN_REGISTRO if isinstance(pagina, Imprimible) else documentos.SIN_DOCUMENTO
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
    _accion(
        ventana,
        ayuda,
        "&Guía de uso",
        "F1",
        lambda: mostrar_ayuda(ventana),
        "Abre la guía en la página de la pantalla en uso",
    )
    _accion(
        ventana,
        ayuda,
        "&Atajos de teclado",
        "Ctrl+F1",
        lambda: mostrar_ayuda(ventana, atajos=True),
        "Todas las teclas de los menús y del editor abierto",
    )
    _accion(
        ventana,
        ayuda,
        "Guía en &PDF…",
        None,
        lambda: guia_pdf(ventana),
        "La misma guía, para imprimirla o leerla fuera de la aplicación",
    )
    _accion(
        ventana,
        ayuda,
        "Acerca &de " + NOMBRE,
        None,
        lambda: _acerca_de(ventana),
    )


def _enfocar(widget: QWidget) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    if hasattr(widget, "showPopup"):
        widget.showPopup()


def pagina_guia(ventana: VentanaPrincipal) -> str:
    """La página de la guía para lo que se ve: el editor abierto o la sección elegida."""
    pagina = ventana.pagina_actual()
    propia = pagina.property("pagina_guia") if pagina is not None else None
    if propia:
        return str(propia)
    fila = ventana.navegacion.currentRow()
    return ventana.secciones[fila].ayuda if 0 <= fila < len(ventana.secciones) else "inicio"


def guia_pdf(ventana: VentanaPrincipal) -> None:
    """Arma la guía en PDF en la carpeta temporal y la abre con el visor del sistema."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from pir_campo.documentos import guia

    ruta = guia.generar(Path(tempfile.gettempdir()) / "guia-pir-campo.pdf")
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(ruta))):
        ventana.statusBar().showMessage(f"La guía quedó en {ruta}", 15000)


def mostrar_ayuda(ventana: VentanaPrincipal, atajos: bool = False):
    from ui import ayuda

    dialogo = ayuda.DialogoAyuda(
        pagina_guia(ventana), ayuda.atajos(ventana, ventana.pagina_actual()), ventana
    )
    if atajos:
        dialogo.pestanas.setCurrentIndex(1)
    dialogo.setModal(True)
    dialogo.show()
    ventana.dialogo_ayuda = dialogo
    return dialogo
