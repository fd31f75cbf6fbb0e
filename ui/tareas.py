"""La única manera de trabajar con la base desde la interfaz: un hilo dueño del almacén.

El hilo de la interfaz nunca ejecuta SQL: envía un trabajo `f(almacen) -> resultado` y recibe
el resultado (o el error en español) en su propio hilo, donde puede tocar widgets. En las
pruebas el ejecutor corre en línea, en el mismo hilo, como el pool falso de Picard.

Un trabajo puede nombrarse «modulo:funcion» (una función del núcleo): el hilo de la base la
importa. Así se puede `adelantar` lo primero que se ve al arrancar sin que el hilo de la interfaz
importe el núcleo, y la pantalla que lo pide después recibe ese mismo resultado.
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from pir_campo.errores import ErrorPir, error_disco

if TYPE_CHECKING:
    # El almacén (y con él todos los modelos pydantic) se importa en el hilo de la base, en
    # paralelo con la construcción de la ventana: es lo más caro del arranque.
    from pir_campo.almacen import Almacen, Cambio

Trabajo = Callable[["Almacen"], Any] | str  # o «modulo:funcion»
Listo = Callable[[Any], None]
Fallo = Callable[[ErrorPir], None]


def resolver(trabajo: Trabajo) -> Callable[[Almacen], Any]:
    """La función de un trabajo; uno nombrado «modulo:funcion» se importa aquí (en el hilo de
    la base, que así carga el núcleo sin detener la interfaz)."""
    if not isinstance(trabajo, str):
        return trabajo
    modulo, _, funcion = trabajo.partition(":")
    return getattr(importlib.import_module(modulo), funcion)


class _Adelanto:
    """Un trabajo que corre antes de que lo pidan: guarda su resultado (o error) hasta que
    alguien lo reclama con `Tareas.ejecutar` y se lo entrega, una sola vez."""

    def __init__(self) -> None:
        self.hecho = False
        self.resultado: Any = None
        self.error: ErrorPir | None = None
        self.destino: tuple[Listo | None, Fallo] | None = None

    def llego(self, resultado: Any) -> None:
        self.hecho, self.resultado = True, resultado
        self._entregar()

    def fallo(self, error: ErrorPir) -> None:
        self.hecho, self.error = True, error
        self._entregar()

    def reclamar(self, listo: Listo | None, fallo: Fallo) -> None:
        self.destino = (listo, fallo)
        if self.hecho:
            # Como cualquier resultado del hilo de la base: en el próximo giro del bucle, no
            # dentro de `ejecutar` (quien lo pide aún puede estar armándose).
            QTimer.singleShot(0, self._entregar)

    def _entregar(self) -> None:
        if not self.hecho or self.destino is None:
            return
        (listo, fallo), self.destino = self.destino, None
        if self.error is not None:
            fallo(self.error)
        elif listo is not None:
            listo(self.resultado)


def _como_error(e: BaseException, ruta: Path | None = None) -> ErrorPir:
    if isinstance(e, ErrorPir):
        return e
    # Lleno, de solo lectura o desconectado: su frase, con el archivo que falló o la base.
    if disco := error_disco(e, getattr(e, "filename", None) or ruta):
        return disco
    traceback.print_exc()
    return ErrorPir(f"Error inesperado: {e.__class__.__name__}: {e}")


def _cambios(resultado: Any) -> list[Cambio]:
    from pir_campo.almacen import Cambio

    if isinstance(resultado, Cambio):
        return [resultado]
    if isinstance(resultado, list | tuple):
        return [r for r in resultado if isinstance(r, Cambio)]
    return []


class _Trabajador(QObject):
    terminado = Signal(int, object, object)

    def __init__(self, ruta: Path, frase: str | None):
        super().__init__()
        self.ruta = ruta
        self.frase = frase
        self.almacen: Almacen | None = None

    @Slot(int, object, bool)
    def correr(self, numero: int, trabajo: Trabajo, sin_base: bool = False) -> None:
        try:
            if sin_base:
                self.cerrar()
                self.terminado.emit(numero, resolver(trabajo)(None), None)
                return
            if self.almacen is None:
                from pir_campo.almacen import Almacen

                self.almacen = Almacen.abrir(self.ruta, self.frase)
                from pir_campo.servicios.apertura import al_abrir

                al_abrir(self.almacen)  # catálogos, instrumento y únicos repetidos
            self.terminado.emit(numero, resolver(trabajo)(self.almacen), None)
        except BaseException as e:  # noqa: BLE001 - todo error vuelve a la interfaz
            self.terminado.emit(numero, None, _como_error(e, self.ruta))

    @Slot()
    def cerrar(self) -> None:
        if self.almacen is not None:
            self.almacen.cerrar()
            self.almacen = None


class Tareas(QObject):
    """Ejecuta trabajos sobre la base en un hilo propio (o en línea, para las pruebas).

    `cambiado` se emite con cada `Cambio` que devuelve un trabajo, para que las pantallas
    refresquen solo lo que cambió. `error` se emite si un trabajo falla y no trae `fallo`.
    """

    cambiado = Signal(object)
    error = Signal(object)
    ocupado = Signal(bool)
    _enviar = Signal(int, object, bool)
    _cerrar = Signal()

    def __init__(
        self,
        ruta: Path,
        en_linea: bool = False,
        parent: QObject | None = None,
        frase: str | None = None,
    ):
        """`frase`: la de acceso, ya comprobada; sin ella, PIR_CAMPO_CLAVE o la de la demo."""
        super().__init__(parent)
        self.ruta = Path(ruta)
        self.frase = frase
        self.en_linea = en_linea
        self._pendientes: dict[int, tuple[Listo | None, Fallo | None]] = {}
        self._numero = 0
        self._almacen_en_linea: Almacen | None = None
        self._adelantos: dict[str, _Adelanto] = {}
        self._hilo: QThread | None = None
        if not en_linea:
            self._hilo = QThread()
            self._hilo.setObjectName("pir-campo-base")
            self._trabajador = _Trabajador(self.ruta, frase)
            self._trabajador.moveToThread(self._hilo)
            self._enviar.connect(self._trabajador.correr)
            self._cerrar.connect(self._trabajador.cerrar)
            self._trabajador.terminado.connect(self._al_terminar)
            self._hilo.start()

    def ejecutar(
        self,
        trabajo: Trabajo,
        listo: Listo | None = None,
        fallo: Fallo | None = None,
        sin_base: bool = False,
    ) -> None:
        """`sin_base`: el hilo cierra antes la base y llama `trabajo(None)` (p. ej. restaurar un
        respaldo, que reemplaza sus archivos); el trabajo siguiente la vuelve a abrir con
        `Almacen.abrir`, como al arrancar. Un trabajo nombrado que se adelantó (`adelantar`)
        no se repite: se entrega el resultado de ese."""
        if isinstance(trabajo, str) and (adelanto := self._adelantos.pop(trabajo, None)):
            adelanto.reclamar(listo, fallo or self.error.emit)
            return
        self._numero += 1
        self._pendientes[self._numero] = (listo, fallo)
        self.ocupado.emit(True)
        if self.en_linea:
            try:
                if sin_base:
                    if self._almacen_en_linea is not None:
                        self._almacen_en_linea.cerrar()
                        self._almacen_en_linea = None
                    resultado, error = resolver(trabajo)(None), None
                else:
                    if self._almacen_en_linea is None:
                        from pir_campo.almacen import Almacen

                        self._almacen_en_linea = Almacen.abrir(self.ruta, self.frase)
                    resultado, error = resolver(trabajo)(self._almacen_en_linea), None
            except BaseException as e:  # noqa: BLE001
                resultado, error = None, _como_error(e, self.ruta)
            self._al_terminar(self._numero, resultado, error)
        else:
            self._enviar.emit(self._numero, trabajo, sin_base)

    def adelantar(self, trabajo: str) -> None:
        """Corre ya el trabajo nombrado («modulo:funcion»), antes de que alguien lo pida: al
        arrancar, la base se abre y lee lo primero que se ve mientras la ventana se importa y
        se arma. El primer `ejecutar` de ese mismo nombre recibe este resultado; si antes otro
        trabajo cambió la base, se descarta y ese `ejecutar` lo vuelve a correr. En línea (las
        pruebas) no hace nada: ahí cada trabajo corre en el momento en que se pide."""
        if self.en_linea or trabajo in self._adelantos:
            return
        adelanto = _Adelanto()
        self.ejecutar(trabajo, adelanto.llego, adelanto.fallo)
        self._adelantos[trabajo] = adelanto

    def usar_frase(self, frase: str | None) -> None:
        """La frase con que se reabre la base (tras restaurar un respaldo con otra frase)."""
        self.frase = frase
        if self._hilo is not None:
            self._trabajador.frase = frase

    @Slot(int, object, object)
    def _al_terminar(self, numero: int, resultado: Any, error: ErrorPir | None) -> None:
        listo, fallo = self._pendientes.pop(numero, (None, None))
        if not self._pendientes:
            self.ocupado.emit(False)
        if error is not None:
            (fallo or self.error.emit)(error)
            return
        cambios = _cambios(resultado)
        if cambios:
            # Un adelanto ya leído quedó viejo; uno aún en cola se leerá después de este cambio.
            for nombre, adelanto in list(self._adelantos.items()):
                if adelanto.hecho:
                    del self._adelantos[nombre]
        for cambio in cambios:
            self.cambiado.emit(cambio)
        if listo is not None:
            listo(resultado)

    def esperar(self, milisegundos: int = 30_000) -> None:
        """Bloquea hasta que no queden trabajos (solo para pruebas y para cerrar)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

        limite = QDeadlineTimer(milisegundos)
        while self._pendientes and not limite.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def cerrar(self) -> None:
        if self._hilo is not None:
            self.esperar()
            self._cerrar.emit()
            self._hilo.quit()
            self._hilo.wait()
            self._hilo = None
        if self._almacen_en_linea is not None:
            self._almacen_en_linea.cerrar()
            self._almacen_en_linea = None
