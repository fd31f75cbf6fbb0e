"""Archivo > Plazo de conservación y registros…: en la oficina, el plazo de la región para los
datos de las personas de territorios con el plan cerrado, el informe de a quiénes se suprimiría
y la confirmación que los suprime (ver `pir_campo.servicios.conservacion`); en un notebook, el
plazo que envió la oficina. En ambos se guardan en PDF el registro de solicitudes de derechos y
el registro de actividades de tratamiento."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from pir_campo.formato import cantidad
from pir_campo.servicios import conservacion
from ui import dialogos
from ui.planificacion.comun import Aviso

if TYPE_CHECKING:
    from ui.tareas import Tareas
    from ui.ventana_principal import VentanaPrincipal

EXPLICACION = (
    "Cerrado el plan (PMDT) de un territorio —los ocho pasos cumplidos; el cierre es la fecha de "
    "su última actividad— y pasado el plazo, los datos personales de su gente ya no se "
    "necesitan. Revise el informe: quien también figura en un territorio con el plan abierto se "
    "conserva. Al suprimir, cada persona queda en el registro de solicitudes y la supresión "
    "viaja a los notebooks."
)

EXPLICACION_NOTEBOOK = (
    "El plazo de conservación lo fija y lo aplica la oficina regional, que tiene todos los "
    "territorios; este notebook recibe el plazo y las supresiones en los paquetes de la oficina. "
    "Aquí se guardan en PDF el registro de solicitudes de derechos de este notebook y el registro "
    "de actividades de tratamiento."
)


class DialogoConservacion(QDialog):
    def __init__(
        self, tareas: Tareas, anos: int, padre: QWidget | None = None, oficina: bool = True
    ):
        super().__init__(padre)
        self.oficina = oficina
        self.tareas = tareas
        self.guardado = anos
        self.informe: conservacion.Informe | None = None
        self.setWindowTitle("Plazo de conservación y registros")
        self.setMinimumSize(760, 580)
        explicacion = QLabel(EXPLICACION if oficina else EXPLICACION_NOTEBOOK)
        explicacion.setWordWrap(True)
        self.anos = QSpinBox()
        self.anos.setRange(1, conservacion.ANOS_MAXIMO)
        self.anos.setValue(anos)
        self.anos.setSuffix(" años")
        self.anos.setAccessibleName("Años después del cierre del plan")
        self.guardar = QPushButton("&Guardar el plazo")
        self.guardar.setToolTip("Queda como ajuste de la región y viaja a los notebooks")
        self.guardar.setEnabled(False)
        self.guardar.clicked.connect(self.guardar_plazo)
        fila = QHBoxLayout()
        fila.addWidget(self.anos)
        fila.addWidget(self.guardar)
        fila.addStretch(1)
        formulario = QFormLayout()
        etiqueta = QLabel("&Años después del cierre del plan")
        etiqueta.setBuddy(self.anos)
        formulario.addRow(etiqueta, fila)
        self.texto = QPlainTextEdit()
        self.texto.setReadOnly(True)
        self.texto.setAccessibleName("Informe del plazo de conservación")
        self.texto.setPlainText("Calculando…")
        self.aviso = Aviso()
        self.aviso.setAccessibleName("Aviso del plazo de conservación")
        self.botones = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.botones.rejected.connect(self.reject)
        self.suprimir = self.botones.addButton("&Suprimir…", QDialogButtonBox.ButtonRole.ActionRole)
        self.suprimir.setEnabled(False)
        self.suprimir.clicked.connect(self.confirmar)
        self.registro = QPushButton("&Registro de solicitudes (PDF)…")
        self.registro.clicked.connect(lambda: self.guardar_pdf("solicitudes"))
        self.tratamiento = QPushButton("Registro de &tratamiento (PDF)…")
        self.tratamiento.clicked.connect(lambda: self.guardar_pdf("tratamiento"))
        documentos = QHBoxLayout()
        documentos.addWidget(self.registro)
        documentos.addWidget(self.tratamiento)
        documentos.addStretch(1)
        caja = QVBoxLayout(self)
        caja.addWidget(explicacion)
        caja.addLayout(formulario)
        caja.addWidget(self.texto, 1)
        caja.addWidget(self.aviso)
        caja.addLayout(documentos)
        caja.addWidget(self.botones)
        self._espera = QTimer(self, singleShot=True, interval=250)
        self._espera.timeout.connect(self.calcular)
        self.anos.valueChanged.connect(self._cambio_anos)
        if oficina:
            self.calcular()
        else:
            self.anos.setEnabled(False)
            self.guardar.hide()
            self.suprimir.hide()
            self.texto.setPlainText(f"Plazo de conservación: {conservacion.texto_plazo(anos)}")

    def _cambio_anos(self, valor: int) -> None:
        self.guardar.setEnabled(valor != self.guardado)
        self.suprimir.setEnabled(False)
        self._espera.start()

    def calcular(self) -> None:
        n = self.anos.value()
        self.tareas.ejecutar(
            lambda a: conservacion.informe(a, n), self._listo, lambda e: self.aviso.error(str(e))
        )

    def _listo(self, informe: conservacion.Informe) -> None:
        if informe.anos != self.anos.value():
            return  # llegó el de un valor anterior; viene otro en camino
        self.informe = informe
        self.texto.setPlainText(informe.texto())
        n = len(informe.personas)
        self.suprimir.setEnabled(n > 0)
        self.suprimir.setText(f"&Suprimir {cantidad(n, 'persona')}…" if n else "&Suprimir…")

    def guardar_plazo(self) -> None:
        n = self.anos.value()
        self.tareas.ejecutar(
            lambda a: conservacion.fijar_anos(a, n),
            lambda _c: self._plazo_guardado(n),
            lambda e: self.aviso.error(str(e)),
        )

    def _plazo_guardado(self, n: int) -> None:
        self.guardado = n
        self.guardar.setEnabled(False)
        self.aviso.bien(
            f"Plazo guardado: {cantidad(n, 'año')}. Viajará a los notebooks en los próximos "
            "paquetes de la oficina."
        )

    def confirmar(self) -> None:
        informe = self.informe
        if informe is None or not informe.personas:
            return
        texto = informe.confirmacion()
        if informe.anos != self.guardado:
            texto += (
                f"\n\nEl plazo de {cantidad(informe.anos, 'año')} queda como ajuste de la región."
            )
        if not dialogos.confirmar(
            self, "Suprimir por plazo de conservación", texto, "Suprimir para siempre"
        ):
            return
        n = informe.anos

        def trabajo(a: Any) -> list[str]:
            conservacion.fijar_anos(a, n)
            return conservacion.aplicar(a, n)[1]

        self.suprimir.setEnabled(False)
        self.tareas.ejecutar(trabajo, lambda h: self._suprimidas(n, h), self._fallo)

    def _suprimidas(self, n: int, hechas: list[str]) -> None:
        self.guardado = n
        self.guardar.setEnabled(False)
        self.aviso.bien(
            f"Datos suprimidos de {cantidad(len(hechas), 'persona')}. La supresión viaja en los "
            "próximos paquetes de la oficina a los notebooks."
        )
        self.calcular()

    def _fallo(self, e: ErrorPir) -> None:
        self.aviso.error(str(e))
        self.calcular()

    def guardar_pdf(self, cual: str) -> None:
        nombre = (
            "registro de solicitudes.pdf"
            if cual == "solicitudes"
            else "registro de actividades de tratamiento.pdf"
        )
        ruta = dialogos.guardar_como(
            self, "Guardar el registro", str(Path.home() / nombre), "PDF (*.pdf)", ".pdf"
        )
        if ruta is None:
            return

        def trabajo(a: Any) -> Path:
            from pir_campo.documentos import tratamiento

            if cual == "solicitudes":
                return tratamiento.generar_registro(a, ruta)
            return tratamiento.generar(a, ruta)

        self.tareas.ejecutar(
            trabajo,
            lambda r: self.aviso.bien(f"Guardado en {r}."),
            lambda e: self.aviso.error(str(e)),
        )


def abrir(ventana: VentanaPrincipal) -> None:
    def listo(datos: tuple[str, int]) -> None:
        rol, anos = datos
        dialogo = DialogoConservacion(ventana.tareas, anos, ventana, oficina=rol == "oficina")
        ventana.ultimo_dialogo_conservacion = dialogo
        dialogo.open()

    ventana.tareas.ejecutar(lambda a: (a.rol, conservacion.anos(a)), listo)
