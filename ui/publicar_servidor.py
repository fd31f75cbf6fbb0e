"""Archivo > Publicar en servidor…: la oficina publica sus datos en PostgreSQL/PostGIS.

La contraseña se pregunta cada vez y nunca se guarda; de la última publicación quedan en la
base (cifrada) la dirección sin contraseña, la fecha y lo que se envió. El trabajo corre en el
hilo de la base con una barra de avance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from ui import dialogos
from ui.sincronizacion.aviso import Aviso

if TYPE_CHECKING:
    from ui.tareas import Tareas
    from ui.ventana_principal import VentanaPrincipal


def texto_ultima(ultima: dict[str, Any] | None) -> str:
    if not ultima:
        return "Esta oficina aún no ha publicado en un servidor."
    from pir_campo.formato import numero

    enviados = sum(ultima.get("enviados", {}).values())
    borrados = sum(ultima.get("borrados", {}).values())
    fecha = ultima["momento"][:16].replace("T", " a las ")
    if not enviados and not borrados:
        detalle = "no había cambios que enviar"
    else:
        detalle = f"se enviaron {numero(enviados)} registros"
        if borrados:
            detalle += f" y se borraron {numero(borrados)}"
    personales = "con" if ultima.get("con_datos_personales") else "sin"
    return (
        f"Última publicación: {fecha} (UTC), esquema «{ultima['esquema']}», {personales} datos "
        f"personales: {detalle}."
    )


class DialogoPublicar(QDialog):
    def __init__(self, tareas: Tareas, ultima: dict[str, Any] | None, padre: QWidget | None):
        super().__init__(padre)
        self.tareas = tareas
        self.setWindowTitle("Publicar en servidor")
        self.setMinimumWidth(560)
        explicacion = QLabel(
            "Publica los datos consolidados de la oficina en un servidor PostgreSQL con PostGIS "
            "(nivel nacional, QGIS, herramientas de BI). Solo se envía lo que cambió desde la "
            "publicación anterior. Sin datos personales, en vez de cada nombre va un código "
            "seudónimo y no salen RUT, teléfonos ni el texto libre de talleres, actas, acuerdos "
            "y comentarios, que puede nombrar personas."
        )
        explicacion.setWordWrap(True)
        self.url = QLineEdit((ultima or {}).get("servidor", ""))
        self.url.setPlaceholderText("postgresql://usuario@servidor:5432/base")
        self.esquema = QLineEdit((ultima or {}).get("esquema", "pir"))
        self.clave = QLineEdit()
        self.clave.setEchoMode(QLineEdit.EchoMode.Password)
        self.clave.setPlaceholderText("no se guarda")
        self.personales = QCheckBox(
            "Incluir datos personales: nombres, RUT, teléfonos y texto libre"
        )
        self.personales.setChecked(bool((ultima or {}).get("con_datos_personales")))
        self.ultima = QLabel(texto_ultima(ultima))
        self.ultima.setWordWrap(True)
        self.barra = QProgressBar()
        self.barra.setVisible(False)
        formulario = QFormLayout()
        formulario.addRow("Servidor", self.url)
        formulario.addRow("Esquema", self.esquema)
        formulario.addRow("Contraseña", self.clave)
        formulario.addRow("", self.personales)
        self.botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.b_publicar = self.botones.addButton("Publicar", QDialogButtonBox.ButtonRole.AcceptRole)
        self.botones.accepted.connect(self.publicar)
        self.botones.rejected.connect(self.reject)
        caja = QVBoxLayout(self)
        caja.addWidget(explicacion)
        caja.addLayout(formulario)
        caja.addWidget(self.ultima)
        caja.addWidget(self.barra)
        caja.addWidget(self.botones)
        self.aviso = Aviso(self)
        self.aviso.avance.connect(self._avance, Qt.ConnectionType.QueuedConnection)
        self.resultado: Any = None

    def _avance(self, _texto: str, fraccion: float) -> None:
        self.barra.setValue(int(fraccion * 100))

    def publicar(self) -> None:
        url, esquema = self.url.text().strip(), self.esquema.text().strip() or "pir"
        if not url:
            dialogos.error(self, "Indique la dirección del servidor.", "Falta el servidor")
            return
        clave = self.clave.text() or None
        personales = self.personales.isChecked()
        emitir = self.aviso.emitir

        def trabajo(a: Any) -> Any:
            from pir_campo.publicacion import envio

            def avance(hechos: int, total: int) -> None:
                emitir("Publicando", hechos / total if total else 1.0)

            r = envio.publicar(a, url, esquema, personales, clave=clave, al_avanzar=avance)
            return r, envio.ultima(a)

        def listo(datos: Any) -> None:
            self.resultado, ultima = datos
            self.barra.setValue(100)
            self.b_publicar.setEnabled(True)
            self.ultima.setText(texto_ultima(ultima))
            dialogos.informar(self, "Publicación lista", texto_ultima(ultima))

        def fallo(e: ErrorPir) -> None:
            self.barra.setVisible(False)
            self.b_publicar.setEnabled(True)
            dialogos.error(self, str(e), "No se publicó")

        self.clave.clear()  # la contraseña no queda ni en el formulario
        self.b_publicar.setEnabled(False)
        self.barra.setValue(0)
        self.barra.setVisible(True)
        self.tareas.ejecutar(trabajo, listo, fallo)


def abrir(ventana: VentanaPrincipal) -> None:
    def trabajo(a: Any) -> Any:
        from pir_campo.publicacion.envio import ultima

        return a.rol, ultima(a)

    def listo(datos: Any) -> None:
        rol, ultima = datos
        if rol != "oficina":
            dialogos.informar(
                ventana,
                "Publicar en servidor",
                "La publicación en un servidor se hace desde la oficina regional, con sus "
                "datos consolidados; este notebook envía sus datos a la oficina en paquetes.",
            )
            return
        dialogo = DialogoPublicar(ventana.tareas, ultima, ventana)
        ventana.ultimo_dialogo_publicar = dialogo
        dialogo.open()

    ventana.tareas.ejecutar(trabajo, listo)
