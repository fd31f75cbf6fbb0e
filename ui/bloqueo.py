"""Bloqueo por inactividad: tras unos minutos sin teclado ni ratón, tapa la ventana y pide la
frase. Aparte de `ui.frase` para que la ventana lo arme al abrir sin importar el diálogo de la
frase (ni el núcleo que este trae): el diálogo se importa al bloquear."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

CLAVE_BLOQUEO = "seguridad/bloqueo_minutos"
BLOQUEO_POR_OMISION = 10


def minutos_bloqueo() -> int:
    return int(QSettings().value(CLAVE_BLOQUEO, BLOQUEO_POR_OMISION) or 0)


class Bloqueo(QObject):
    """Tras `minutos` sin teclado ni ratón, oculta la ventana y pide la frase. La ventana y sus
    campos no se destruyen: al volver, todo sigue donde estaba (el autoguardado sigue igual)."""

    _TIPOS = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }

    def __init__(self, ventana: QWidget, ruta: Path, minutos: int | None = None):
        super().__init__(ventana)
        self.ventana = ventana
        self.ruta = Path(ruta)
        self.bloqueada = False
        self.temporizador = QTimer(self)
        self.temporizador.setSingleShot(True)
        self.temporizador.timeout.connect(self.bloquear)
        self.fijar_minutos(minutos_bloqueo() if minutos is None else minutos)
        QApplication.instance().installEventFilter(self)

    def fijar_minutos(self, minutos: float) -> None:
        self.milisegundos = int(minutos * 60_000)
        self.temporizador.stop()
        if self.milisegundos > 0:
            self.temporizador.start(self.milisegundos)

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:  # noqa: N802 - Qt
        if not self.bloqueada and evento.type() in self._TIPOS and self.milisegundos > 0:
            self.temporizador.start(self.milisegundos)
        return False

    def bloquear(self) -> None:
        if self.bloqueada:
            return
        self.bloqueada = True
        self.ventana.hide()
        from ui.frase import DialogoFrase

        self.dialogo = DialogoFrase(self.ruta, bloqueo=True)
        self.dialogo.accepted.connect(self.desbloquear)
        self.dialogo.open()

    def desbloquear(self) -> None:
        self.bloqueada = False
        self.ventana.show()
        self.dialogo.deleteLater()
        if self.milisegundos > 0:
            self.temporizador.start(self.milisegundos)
