"""Primera vez: crea la base de esta instalación, como `pir-campo iniciar`.

Se ejecuta antes de que exista la ventana principal y el hilo de la base (no hay nada que
bloquear todavía); crear la base y sus claves toma unas decenas de milisegundos.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from pir_campo import catalogos
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorPir, error_disco
from ui.frase_nueva import CamposFraseNueva, ajustar_alto, aviso_rojo


class AsistenteInicio(QDialog):
    def __init__(self, ruta: Path, parent=None):
        super().__init__(parent)
        self.ruta = Path(ruta)
        self.setWindowTitle("Bienvenida a PIR Campo")
        self.setMinimumWidth(560)
        intro = QLabel(
            "<h2>Primera vez en este equipo</h2>Indique quién usará la aplicación. Se creará "
            f"la base de datos en:<br><tt>{self.ruta}</tt>"
        )
        intro.setWordWrap(True)
        self.campo = QRadioButton("&Facilitador(a) de terreno")
        self.oficina = QRadioButton("&Oficina regional")
        self.campo.setChecked(True)
        self.grupo = QButtonGroup(self)
        self.grupo.addButton(self.campo)
        self.grupo.addButton(self.oficina)
        self.nombre = QLineEdit()
        self.nombre.setAccessibleName("Nombre")
        self.nombre.setPlaceholderText("Nombre de la persona o de la oficina")
        self.region = QComboBox()
        self.region.setAccessibleName("Región")
        for r in sorted(catalogos.cargar().regiones.values(), key=lambda r: r.cut):
            self.region.addItem(f"{r.numeral} · {r.nombre}", r.cut)
        self.region.setCurrentIndex(max(0, self.region.findData("09")))
        formulario = QFormLayout()
        formulario.addRow("Uso:", self.campo)
        formulario.addRow("", self.oficina)
        etiqueta_nombre = QLabel("&Nombre:")
        etiqueta_nombre.setBuddy(self.nombre)
        formulario.addRow(etiqueta_nombre, self.nombre)
        etiqueta_region = QLabel("&Región:")
        etiqueta_region.setBuddy(self.region)
        formulario.addRow(etiqueta_region, self.region)
        self.frase: str | None = None
        self.campos_frase = CamposFraseNueva()
        self.aviso = aviso_rojo()
        botones = QDialogButtonBox()
        self.crear = botones.addButton("&Crear y comenzar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        # F1 también aquí, antes de que exista la ventana principal: la guía del primer día.
        self.boton_guia = botones.addButton("Guía (F1)", QDialogButtonBox.ButtonRole.HelpRole)
        self.boton_guia.clicked.connect(self.mostrar_guia)
        QShortcut(QKeySequence("F1"), self, activated=self.mostrar_guia)
        botones.accepted.connect(self.crear_base)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(intro)
        capa.addLayout(formulario)
        capa.addWidget(self.campos_frase)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)
        self.nombre.setFocus()
        self._ajustar()

    def mostrar_guia(self) -> None:
        from ui.ayuda import DialogoAyuda

        self.dialogo_ayuda = DialogoAyuda("primer-dia", [("F1", "Guía de uso")], self)
        self.dialogo_ayuda.show()

    def _ajustar(self) -> None:
        ajustar_alto(self)

    def crear_base(self) -> None:
        rol = "campo" if self.campo.isChecked() else "oficina"
        frase = self.campos_frase.primera.text()
        if self.campos_frase.segunda.text() != frase:
            self.aviso.setText("Las dos frases de acceso no coinciden; escríbalas de nuevo.")
            self._ajustar()
            self.campos_frase.segunda.setFocus()
            return
        try:
            self.ruta.parent.mkdir(parents=True, exist_ok=True)
            with Almacen.iniciar(
                self.ruta, rol, self.nombre.text(), self.region.currentData(), frase=frase
            ) as almacen:
                if rol == "campo":  # en un notebook, la persona que firma los cambios
                    almacen.fijar_persona(self.nombre.text(), recordar=True)
        except (ErrorPir, OSError) as e:
            self.aviso.setText(str(error_disco(e, self.ruta) or e))
            self._ajustar()
            frase_mala = getattr(e, "campo", None) == "Frase de acceso"
            (self.campos_frase.primera if frase_mala else self.nombre).setFocus()
            return
        self.frase = frase
        self.accept()
