"""Ventana principal: selector de territorio, navegación por secciones, búsqueda y estado.

Se mantiene pequeña: cada pantalla vive en su módulo y llega como `registro.Seccion`; lo que
una pantalla ofrece a la ventana está en `ui.pantalla` (protocolos). Una pantalla que quiere
abrir un registro emite `abrir_registro(tipo, id)`; la ventana abre encima el editor que
`registro.EDITORES` tiene para ese tipo.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from pir_campo import NOMBRE
from ui import menus, registro
from ui.pantalla import (
    AbreRegistros,
    CargaDatos,
    EligeTerritorio,
    Enfocable,
    PideNuevo,
    Refrescable,
    Terminable,
    esta_lista,
)
from ui.registro import Fabrica, Seccion
from ui.tareas import Tareas


class PilaPaginas(QStackedWidget):
    """Pila cuyo tamaño mínimo es el de la página a la vista, no el de la más ancha que se haya
    abierto: así una pantalla ancha no deja la ventana entera más ancha que la pantalla."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        actual = self.currentWidget()
        return actual.sizeHint() if actual is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        actual = self.currentWidget()
        return actual.minimumSizeHint() if actual is not None else super().minimumSizeHint()


class VentanaPrincipal(QMainWindow):
    datos_cargados = Signal()
    territorio_cambiado = Signal(object)

    def __init__(self, tareas: Tareas, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas = tareas
        self.territorio_id: str | None = None
        self.secciones: list[Seccion] = []
        self.acciones_registradas: list = []
        self._paginas: dict[int, QWidget] = {}
        self._detalles: list[QWidget] = []
        self._cargada = False
        self._conservar: int | None = None  # la página inicial armada antes de los territorios
        self._emitida = False
        self.areas_cargadas = False  # secciones, editores y acciones de las áreas, ya agregados
        self.respaldos = None  # ui.respaldo.Automaticos, en cuanto la ventana muestra sus datos
        self.respaldar_al_cerrar = True  # False solo al medir el arranque (nadie trabajó)
        self.setWindowTitle(NOMBRE)
        self.resize(1280, 720)
        # Primero se despierta el hilo de la base (abrir el almacén importa el núcleo entero):
        # trabaja mientras este hilo arma los menús y las pantallas.
        tareas.ejecutar(lambda _almacen: None)
        self._armar()
        menus.armar(self)
        for seccion in registro.SECCIONES:
            self.agregar_seccion(seccion)
        self._contador = QTimer(self, singleShot=True, interval=400)
        self._contador.timeout.connect(self.actualizar_pendientes)
        tareas.cambiado.connect(self._al_cambiar)
        tareas.error.connect(self._error)
        ajustes = QSettings()
        geometria = ajustes.value("ventana/geometria")
        if geometria is not None:
            self.restoreGeometry(geometria)
        self._territorio_guardado = ajustes.value("ventana/territorio", None)
        self.cargar_territorios()
        QTimer.singleShot(0, self._precargar_inicial)

    def _precargar_inicial(self) -> None:
        """Recién mostrada la ventana, mientras el hilo de la base abre y lee los territorios:
        una pantalla inicial que no depende del territorio (Inicio) se arma ya, y su consulta
        queda en cola justo detrás de la de los territorios; otra solo se importa (~60 ms)."""
        indice = menus.seccion_inicial(self)
        if indice < 0 or self._paginas:
            return
        seccion = self.secciones[indice]
        if not seccion.por_territorio:
            self._conservar = indice  # la elección del primer territorio no la vuelve a armar
            self.navegacion.setCurrentRow(indice)
        elif modulo := getattr(seccion.fabrica, "modulo", None):
            importlib.import_module(modulo)

    # ---- armado ----------------------------------------------------------------------------

    def _armar(self) -> None:
        barra = QToolBar("Barra principal", self)
        barra.setObjectName("barra_principal")
        barra.setMovable(False)
        self.addToolBar(barra)
        etiqueta = QLabel("&Territorio: ")
        self.selector = QComboBox()
        # En letras, no en píxeles: con la letra más grande el nombre y la región siguen a la vista.
        self.selector.setMinimumContentsLength(34)
        self.selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.selector.setAccessibleName("Territorio")
        self.selector.setToolTip("Territorio en el que trabaja (Ctrl+T)")
        etiqueta.setBuddy(self.selector)
        self.selector.currentIndexChanged.connect(self._al_elegir_territorio)
        barra.addWidget(etiqueta)
        barra.addWidget(self.selector)
        barra.addSeparator()
        self.busqueda = QLineEdit()
        self.busqueda.setPlaceholderText("Buscar personas, talleres o territorios (Ctrl+F)")
        self.busqueda.setAccessibleName("Buscar")
        self.busqueda.setClearButtonEnabled(True)
        self.busqueda.setMinimumWidth(340)
        self.busqueda.returnPressed.connect(self.buscar)
        barra.addWidget(self.busqueda)

        self.navegacion = QListWidget()
        self.navegacion.setAccessibleName("Secciones")
        self.navegacion.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navegacion.currentRowChanged.connect(self.mostrar_seccion)
        self.pila = PilaPaginas()
        # Con la letra más grande, una pantalla más ancha que la pantalla del computador se
        # desplaza dentro de la ventana en vez de agrandarla más allá del borde (y recortarla).
        self.desplazable = QScrollArea()
        self.desplazable.setFrameShape(QFrame.Shape.NoFrame)
        self.desplazable.setWidgetResizable(True)
        self.desplazable.setWidget(self.pila)
        divisor = QSplitter()
        divisor.addWidget(self.navegacion)
        divisor.addWidget(self.desplazable)
        divisor.setStretchFactor(1, 1)
        divisor.setSizes([210, 1070])
        self.setCentralWidget(divisor)
        self.pendientes = QLabel("")
        self.pendientes.setToolTip(
            "Cambios hechos en este equipo que la oficina regional aún no confirma haber recibido"
        )
        self.statusBar().addPermanentWidget(self.pendientes)

    def agregar_seccion(
        self, seccion: Seccion | str, fabrica: Fabrica | None = None, atajo: str | None = None
    ) -> None:
        """Una `Seccion` (o título, fábrica y atajo sueltos) al final de la navegación."""
        if not isinstance(seccion, Seccion):
            seccion = Seccion(seccion.lower(), seccion, fabrica, atajo)
        indice = len(self.secciones)
        self.secciones.append(seccion)
        titulo, atajo = seccion.titulo, seccion.atajo
        self.navegacion.addItem(titulo)
        self._ajustar_navegacion()
        elemento = self.navegacion.item(indice)
        elemento.setToolTip(f"{titulo} ({atajo})" if atajo else titulo)
        accion = QAction(titulo, self)
        if atajo:
            accion.setShortcuts([QKeySequence(atajo)])  # setShortcut crea enums: 40 ms la 1.ª vez
        accion.triggered.connect(lambda: self.ir_a(indice))
        self.menu_ir.insertAction(self.accion_volver, accion)
        self.addAction(accion)

    def _ajustar_navegacion(self) -> None:
        """La lista de secciones tan ancha como su título más largo, con la letra que haya."""
        ancho = self.navegacion.sizeHintForColumn(0) + 2 * self.navegacion.frameWidth() + 16
        self.navegacion.setMinimumWidth(ancho)
        self.navegacion.setMaximumWidth(ancho + 40)

    # ---- territorios -------------------------------------------------------------------------

    def cargar_territorios(self) -> None:
        # Por nombre: el hilo de la base importa el núcleo (y al abrir ya lo adelantó).
        self.tareas.ejecutar(registro.TRABAJO_TERRITORIOS, self._territorios_listos)

    def _territorios_listos(self, filas: list[dict]) -> None:
        actual = self.territorio_id or self._territorio_guardado
        self.selector.blockSignals(True)
        self.selector.clear()
        for f, texto in zip(filas, etiquetas_territorio(filas), strict=True):
            self.selector.addItem(texto, f["id"])
        self.selector.blockSignals(False)
        indice = max(0, self.selector.findData(actual)) if filas else -1
        self.selector.blockSignals(True)
        self.selector.setCurrentIndex(indice)
        self.selector.blockSignals(False)
        if not self._paginas or self.selector.itemData(indice) != self.territorio_id:
            self._al_elegir_territorio(indice)
        if self._emitida:  # al abrir, la barra de estado espera a la primera pantalla
            self.actualizar_pendientes()

    def _al_elegir_territorio(self, indice: int) -> None:
        self.territorio_id = self.selector.itemData(indice) if indice >= 0 else None
        QSettings().setValue("ventana/territorio", self.territorio_id)
        self.territorio_cambiado.emit(self.territorio_id)
        self._refrescar_paginas()

    def elegir_territorio(self, territorio_id: str) -> None:
        indice = self.selector.findData(territorio_id)
        if indice >= 0:
            self.selector.setCurrentIndex(indice)

    # ---- páginas -----------------------------------------------------------------------------

    def _refrescar_paginas(self) -> None:
        self.cerrar_detalles()
        conservar, self._conservar = self._conservar, None
        for indice, pagina in list(self._paginas.items()):
            if indice != conservar:
                self.pila.removeWidget(pagina)
                pagina.deleteLater()
                del self._paginas[indice]
        fila = self.navegacion.currentRow()
        if fila < 0:
            self.navegacion.setCurrentRow(menus.seccion_inicial(self))
        else:
            self.mostrar_seccion(fila)

    def ir_a(self, indice: int) -> None:
        self.cerrar_detalles()
        self.navegacion.setCurrentRow(indice)
        self.mostrar_seccion(indice)

    def mostrar_seccion(self, indice: int) -> None:
        if not 0 <= indice < len(self.secciones):
            return
        if indice not in self._paginas:
            pagina = self.secciones[indice].fabrica(self.tareas, self.territorio_id)
            self._conectar(pagina)
            self._paginas[indice] = pagina
            self.pila.addWidget(pagina)
        self.cerrar_detalles()
        self.pila.setCurrentWidget(self._paginas[indice])
        if not self._cargada:
            # «Con sus datos»: se espera a que la primera pantalla reciba lo que pidió.
            self._cargada = True
            pagina = self._paginas[indice]
            if isinstance(pagina, CargaDatos) and not esta_lista(pagina):
                pagina.cargado.connect(self._primera_carga)
            else:
                QTimer.singleShot(0, self._primera_carga)

    def _primera_carga(self) -> None:
        if not self._emitida:
            self._emitida = True
            QTimer.singleShot(0, self.datos_cargados.emit)
            QTimer.singleShot(0, self.actualizar_pendientes)
            QTimer.singleShot(0, self._agregar_areas)

    def _agregar_areas(self) -> None:
        for seccion in registro.cargar_areas():
            self.agregar_seccion(seccion)
        menus.agregar_acciones(self)
        from ui.respaldo import Automaticos

        self.respaldos = Automaticos(self)
        self.areas_cargadas = True

    def recargar(self) -> None:
        """Tras reemplazar la base (restaurar un respaldo): todo se vuelve a leer."""
        self._refrescar_paginas()
        self.cargar_territorios()

    def _conectar(self, pagina: QWidget) -> None:
        if isinstance(pagina, AbreRegistros):
            pagina.abrir_registro.connect(self.abrir_registro)
        if isinstance(pagina, EligeTerritorio):
            pagina.elegir_territorio.connect(self.elegir_territorio)
        if isinstance(pagina, PideNuevo):
            pagina.pedir_nuevo.connect(lambda clase, paso: menus.nuevo(self, clase, paso))

    def abrir_registro(self, tipo: str, id_: str) -> None:
        widget = menus.editor_de(self, tipo, id_)
        if widget is None:
            return
        self._conectar(widget)
        self._detalles.append(widget)
        self.pila.addWidget(widget)
        self.pila.setCurrentWidget(widget)
        self.accion_volver.setEnabled(True)
        # El foco va al registro abierto (no se queda en el selector de territorio).
        if isinstance(widget, Enfocable):
            widget.enfocar_inicio()
        else:
            widget.setFocus()

    def volver(self) -> None:
        if not self._detalles:
            return
        widget = self._detalles.pop()
        if isinstance(widget, Terminable):
            widget.terminar()
        self.pila.removeWidget(widget)
        widget.deleteLater()
        anterior = (
            self._detalles[-1]
            if self._detalles
            else self._paginas.get(self.navegacion.currentRow())
        )
        if anterior is not None:
            self.pila.setCurrentWidget(anterior)
            if isinstance(anterior, Refrescable):
                anterior.refrescar()
        self.accion_volver.setEnabled(bool(self._detalles))

    def cerrar_detalles(self) -> None:
        while self._detalles:
            self.volver()

    def pagina_actual(self) -> QWidget | None:
        return self.pila.currentWidget()

    # ---- búsqueda, estado y cierre -------------------------------------------------------------

    def buscar(self) -> None:
        texto = self.busqueda.text().strip()
        if texto:
            self.abrir_registro("busqueda", texto)

    def _al_cambiar(self, cambio) -> None:
        self._contador.start()
        if cambio.tabla == "territorio":
            self.cargar_territorios()  # un territorio nuevo o renombrado (p. ej. desde la oficina)

    def actualizar_pendientes(self) -> None:
        def trabajo(a) -> tuple[str, int, int, str | None, str | None]:
            from pir_campo.almacen import sucesion
            from pir_campo.servicios.revision import contar_observaciones
            from pir_campo.sincro.estado import aviso_reloj

            obs = contar_observaciones(a) if a.rol == "campo" else 0
            # Base restaurada o copiada: el aviso se muestra una vez (quien lo toma lo retira).
            return a.rol, a.pendientes_envio(), obs, aviso_reloj(a), sucesion.tomar_aviso(a)

        self.tareas.ejecutar(trabajo, self._mostrar_pendientes)

    def _mostrar_pendientes(self, datos: tuple[str, int, int, str | None, str | None]) -> None:
        rol, n, observaciones, reloj, aviso_copia = datos
        if aviso_copia:
            self.statusBar().showMessage(aviso_copia, 300_000)
            self.statusBar().setToolTip(aviso_copia)
        cantidad = f"{n:,}".replace(",", ".")
        if rol == "oficina":
            texto = (
                "Los notebooks confirmaron todo lo enviado"
                if n == 0
                else f"Cambios aún sin confirmar por algún notebook: {cantidad}"
            )
        else:
            texto = (
                "Todos los cambios confirmados por la oficina"
                if n == 0
                else f"Cambios sin confirmar por la oficina: {cantidad}"
            )
            if observaciones:
                texto += f" · Observaciones de la oficina: {observaciones}"
        if reloj:
            texto = f"⚠ Revise la fecha y hora del computador · {texto}"
        self.pendientes.setText(texto)
        self.pendientes.setToolTip(
            reloj
            or "Cambios hechos en este equipo que la oficina regional aún no confirma haber "
            "recibido"
        )

    def _error(self, error: Exception) -> None:
        self.statusBar().showMessage(str(error), 10_000)

    def closeEvent(self, evento: QCloseEvent) -> None:
        self.cerrar_detalles()
        QSettings().setValue("ventana/geometria", self.saveGeometry())
        if self.respaldos is not None and self.respaldar_al_cerrar:
            self.respaldos.al_cerrar()  # el respaldo automático de cada cierre
            self.respaldos = None
        super().closeEvent(evento)


def etiquetas_territorio(filas: list[dict]) -> list[str]:
    """«Nombre (Región)»; si dos territorios se llaman igual en la misma región (p. ej. creados
    en dos notebooks), se agrega su código corto para que no se vean idénticos."""
    from collections import Counter

    from pir_campo import ids

    base = [f"{f['nombre']} ({f['region']})" for f in filas]
    repetidas = {b for b, n in Counter(base).items() if n > 1}
    return [
        f"{b} · {ids.codigo_corto(f['id'])}" if b in repetidas else b
        for b, f in zip(base, filas, strict=True)
    ]
