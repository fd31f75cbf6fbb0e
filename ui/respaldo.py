"""Archivo > Respaldar en… y Archivo > Restaurar respaldo…, y los respaldos automáticos (al
cerrar y una vez al día). El trabajo corre en el hilo de la base (ui/tareas.py) con una barra
de avance; qué hacer y cuándo toca lo decide el núcleo (`pir_campo.respaldo`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QProgressDialog, QWidget

from pir_campo.errores import ErrorClave, ErrorPir
from ui import dialogos
from ui.sincronizacion.aviso import Aviso

if TYPE_CHECKING:
    from ui.ventana_principal import VentanaPrincipal

FILTRO = "Respaldos de PIR Campo (*.respaldo);;Todos los archivos (*)"
# Con la aplicación abierta, cada hora se pregunta al núcleo si toca el respaldo del día.
CADA_CUANTO_MS = 60 * 60 * 1000


class Avance(QProgressDialog):
    """Barra de avance de un respaldo o una restauración (sin cancelar: son atómicos)."""

    def __init__(self, padre: QWidget, titulo: str, texto: str):
        super().__init__(texto, "", 0, 100, padre)
        self.setWindowTitle(titulo)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(460)
        self.setValue(0)
        self.llegado = 0  # lo más lejos que llegó la barra (al cerrar, Qt la reinicia)
        self.aviso = Aviso(self)
        self.aviso.avance.connect(self._avance)

    def _avance(self, texto: str, fraccion: float) -> None:
        self.setLabelText(texto + "…")
        self.setValue(int(fraccion * 100))
        self.llegado = max(self.llegado, self.value())


def respaldar_en(ventana: VentanaPrincipal, carpeta: Path | None = None) -> None:
    """Elige una carpeta (o un pendrive) y escribe ahí el respaldo, con su nombre y fecha."""
    if carpeta is None:
        elegida = QFileDialog.getExistingDirectory(
            ventana, "Carpeta o pendrive donde guardar el respaldo", str(Path.home())
        )
        if not elegida:
            return
        carpeta = Path(elegida)
    avance = Avance(ventana, "Respaldar", "Preparando el respaldo…")
    emitir = avance.aviso.emitir
    ventana.ultimo_avance = avance

    def trabajo(almacen: Any) -> Any:
        from pir_campo.respaldo import archivo

        return archivo.escribir(almacen, carpeta, progreso=emitir)

    def listo(r: Any) -> None:
        avance.close()
        from pir_campo.formato import numero

        dialogos.informar(
            ventana,
            "Respaldo listo",
            f"El respaldo quedó en {r.ruta} ({numero(r.tamano / 1048576, 1)} MB, con la base, "
            "su llave y sus adjuntos). Se abre con la frase de acceso que la base tiene hoy. "
            "Si es un pendrive, ya puede retirarlo.",
        )

    def fallo(e: ErrorPir) -> None:
        avance.close()
        dialogos.error(ventana, str(e), "No se hizo el respaldo")

    ventana.tareas.ejecutar(trabajo, listo, fallo)


def restaurar(ventana: VentanaPrincipal, archivo: Path | None = None) -> None:
    """Elige un respaldo, confirma y lo pone en lugar de la base (la de antes se conserva)."""
    if archivo is None:
        elegido, _ = QFileDialog.getOpenFileName(
            ventana, "Respaldo que se restaurará", str(Path.home()), FILTRO
        )
        if not elegido:
            return
        archivo = Path(elegido)
    if not dialogos.confirmar(
        ventana,
        "Restaurar respaldo",
        f"La base de datos volverá a como estaba en el respaldo {archivo.name}. Lo que se "
        "hizo después en este equipo no estará en la base restaurada, pero no se pierde: la "
        "base de ahora queda como copia junto a ella, con su llave y sus adjuntos.\n\n"
        "¿Restaurar el respaldo?",
        si="Restaurar",
    ):
        return
    _restaurar(ventana, archivo, ventana.tareas.frase)


def _restaurar(ventana: VentanaPrincipal, archivo: Path, frase: str | None) -> None:
    avance = Avance(ventana, "Restaurar respaldo", "Revisando el respaldo…")
    emitir = avance.aviso.emitir
    ruta = ventana.tareas.ruta
    ventana.ultimo_avance = avance

    def trabajo(_sin_base: Any) -> Any:
        from pir_campo.respaldo.restaurar import restaurar as restaurar_nucleo

        return restaurar_nucleo(ruta, archivo, frase, progreso=emitir)

    def listo(r: Any) -> None:
        avance.close()
        ventana.tareas.usar_frase(frase)
        ventana.recargar()
        dialogos.informar(ventana, "Respaldo restaurado", r.texto())

    def fallo(e: ErrorPir) -> None:
        avance.close()
        if isinstance(e, ErrorClave):
            otra = _pedir_frase(ventana)
            if otra:
                _restaurar(ventana, archivo, otra)
                return
        ventana.recargar()
        dialogos.error(ventana, str(e), "No se restauró el respaldo")

    ventana.tareas.ejecutar(trabajo, listo, fallo, sin_base=True)


def _pedir_frase(ventana: QWidget) -> str | None:
    dialogo = QInputDialog(ventana)
    dialogo.setWindowTitle("Frase del respaldo")
    dialogo.setLabelText(
        "La frase de acceso de ahora no abre este respaldo. Escriba la frase que tenía la base "
        "cuando se hizo el respaldo:"
    )
    dialogo.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialogo.setOkButtonText("Restaurar")
    dialogo.setCancelButtonText("Cancelar")
    dialogo.resize(480, dialogo.sizeHint().height())
    return dialogo.textValue() if dialogo.exec() else None


class Automaticos(QObject):
    """Respaldos automáticos de la ventana: uno al cerrar y, mientras está abierta, el diario
    cuando el núcleo dice que toca (`automatico.pendiente`)."""

    def __init__(self, ventana: VentanaPrincipal):
        super().__init__(ventana)
        self.ventana = ventana
        self.temporizador = QTimer(self, interval=CADA_CUANTO_MS)
        self.temporizador.timeout.connect(self.si_toca)
        self.temporizador.start()
        QTimer.singleShot(60_000, self.si_toca)  # el primero, pasado el arranque

    def si_toca(self) -> None:
        def trabajo(almacen: Any) -> Any:
            from pir_campo.respaldo import automatico

            return automatico.respaldar_si_toca(almacen)

        self.ventana.tareas.ejecutar(trabajo, self._hecho, self._fallo)

    def al_cerrar(self) -> None:
        """Respaldo al cerrar: se espera a que termine (la base está en uso hasta entonces)."""
        self.temporizador.stop()

        def trabajo(almacen: Any) -> Any:
            from pir_campo.respaldo import automatico

            return automatico.respaldar(almacen)

        self.ventana.statusBar().showMessage("Respaldando la base antes de cerrar…")
        self.ventana.tareas.ejecutar(trabajo, self._hecho, self._fallo)
        self.ventana.tareas.esperar(120_000)

    def _hecho(self, r: Any) -> None:
        if r is not None:
            self.ventana.statusBar().showMessage(f"Respaldo automático en {r.ruta}", 8000)

    def _fallo(self, e: ErrorPir) -> None:
        # Un respaldo automático que falla no interrumpe a nadie: lo dice la barra de estado.
        self.ventana.statusBar().showMessage(f"No se hizo el respaldo automático: {e}", 15_000)
