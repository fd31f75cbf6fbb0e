"""Frase olvidada, en la interfaz: el notebook escribe la solicitud y aplica la respuesta (desde
el diálogo de la frase, sin abrir la base); la oficina la responde desde Archivo.

El trabajo lo hace `pir_campo.recuperacion`, igual que `pir-campo recuperacion`. En el notebook
no hay hilo de la base todavía (la frase es lo que falta para abrirla): solicitar es escribir
dos archivos pequeños y aplicar es un Argon2id (~0,15 s), como «Entrar», con cursor de espera.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pir_campo import recuperacion
from pir_campo.errores import ErrorPir
from ui import dialogos
from ui.frase_nueva import DialogoConFraseNueva, etiqueta_larga

if TYPE_CHECKING:
    from ui.ventana_principal import VentanaPrincipal

EXPLICACION = (
    "Si olvidó la frase de acceso, la oficina regional puede ayudarle a poner una nueva sin "
    "perder nada de lo registrado en este equipo.\n\n"
    "1. Ahora se escribe un archivo de solicitud. Guárdelo donde pueda llevarlo, por ejemplo "
    "en un pendrive. No contiene datos personales y solo la oficina regional puede abrirlo.\n"
    "2. Lleve o envíe ese archivo a la oficina regional. Allí le darán un archivo de "
    "respuesta.\n"
    "3. En este equipo, elija «Aplicar la respuesta de la oficina…», abra esa respuesta y "
    "elija una frase nueva.\n\n"
    "Si más adelante escribe otra solicitud, la anterior deja de servir."
)


def _guardar_json(padre: QWidget, titulo: str, nombre: str) -> Path | None:
    """Se propone la carpeta personal; la persona elige dónde (p. ej. un pendrive)."""
    return dialogos.guardar_como(
        padre, titulo, str(Path.home() / nombre), "Archivos JSON (*.json)", ".json"
    )


def escribir_solicitud(padre: QWidget, ruta_db: Path) -> bool:
    """Explica, pregunta dónde guardar y escribe la solicitud. True si quedó escrita."""
    try:
        recuperacion.comprobar_recuperable(ruta_db)
    except ErrorPir as e:
        dialogos.error(padre, str(e), "No se puede recuperar con la oficina")
        return False
    if not dialogos.confirmar(
        padre, "Olvidé mi frase de acceso", EXPLICACION, "Escribir la solicitud…", True
    ):
        return False
    salida = _guardar_json(
        padre, "Guardar la solicitud de recuperación", f"solicitud-recuperacion-{ruta_db.stem}.json"
    )
    if salida is None:
        return False
    try:
        solicitud = recuperacion.solicitar(ruta_db, salida)
    except ErrorPir as e:
        dialogos.error(padre, str(e))
        return False
    dialogos.informar(
        padre,
        "Solicitud escrita",
        f"La solicitud quedó en:\n{salida}\n\n"
        "Llévela o envíela a la oficina regional.\n\n"
        f"Huella de la solicitud: {solicitud.huella}\n"
        "Anótela: la oficina verá la misma al abrirla y puede pedírsela por teléfono.\n\n"
        "Cuando tenga el archivo de respuesta, abra PIR Campo y elija «Aplicar la respuesta "
        "de la oficina…».",
    )
    return True


class DialogoAplicarRespuesta(DialogoConFraseNueva):
    """Con la respuesta de la oficina, una frase nueva; la anterior deja de abrir la base."""

    def __init__(self, ruta_db: Path, respuesta: Path, parent: QWidget | None = None):
        self.ruta_db, self.respuesta = Path(ruta_db), Path(respuesta)
        intro = etiqueta_larga(
            f"Respuesta de la oficina: <tt>{self.respuesta.name}</tt>.<br>Elija la frase de "
            "acceso nueva de este equipo; la anterior dejará de abrir la base."
        )
        super().__init__("Poner una frase nueva", [intro], "&Poner la frase y abrir", parent)

    def con_frase(self, frase: str) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            recuperacion.aplicar(self.ruta_db, self.respuesta, frase)
        except ErrorPir as e:
            self.avisar(e)
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().con_frase(frase)


def aplicar_respuesta(padre: QWidget, ruta_db: Path) -> str | None:
    """Elige la respuesta y pide la frase nueva; devuelve esa frase si quedó puesta."""
    respuesta = dialogos.elegir_json(padre, "Respuesta de la oficina regional")
    if respuesta is None:
        return None
    dialogo = DialogoAplicarRespuesta(ruta_db, respuesta, padre)
    if dialogo.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialogo.frase


def responder_solicitud(ventana: VentanaPrincipal) -> None:
    """Archivo > Responder solicitud de recuperación… (solo en la oficina)."""
    solicitud = dialogos.elegir_json(ventana, "Solicitud de recuperación de un notebook")
    if solicitud is None:
        return

    def fallo(e: ErrorPir) -> None:
        dialogos.error(ventana, str(e))

    def confirmar(s: recuperacion.Solicitud) -> None:
        texto = (
            "Este notebook pide recuperar su frase de acceso:\n\n"
            f"Notebook: {s.nombre}\n"
            f"Identificador: {s.dispositivo}\n"
            f"Huella de la solicitud: {s.huella}\n\n"
            "Confirme con esa persona, en persona o por teléfono, que su pantalla mostró la "
            "misma huella. La respuesta le permite poner una frase nueva y leer todos los datos "
            "de ese notebook: entréguela solo a ella."
        )
        if not dialogos.confirmar(
            ventana, "Responder solicitud de recuperación", texto, "Responder…"
        ):
            return
        salida = _guardar_json(
            ventana, "Guardar la respuesta", f"respuesta-recuperacion-{s.dispositivo}.json"
        )
        if salida is None:
            return
        ventana.tareas.ejecutar(
            lambda a: recuperacion.responder(a, solicitud, salida),
            lambda r: dialogos.informar(
                ventana,
                "Respuesta escrita",
                f"La respuesta para {r.nombre} quedó en:\n{salida}\n\n"
                "Entréguela solo a esa persona: con ella pone una frase nueva en su notebook.",
            ),
            fallo,
        )

    ventana.tareas.ejecutar(lambda a: recuperacion.leer_solicitud(a, solicitud), confirmar, fallo)
