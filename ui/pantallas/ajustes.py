"""Ajustes: identidad de la instalación (solo lectura) y preferencias de esta persona."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pir_campo import catalogos, formato
from ui.bloqueo import CLAVE_BLOQUEO, minutos_bloqueo
from ui.letra import CLAVE_LETRA, LETRA_MAXIMA, LETRA_MINIMA, aplicar_tamano_letra
from ui.tareas import Tareas


class DialogoAjustes(QDialog):
    def __init__(self, tareas: Tareas, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Ajustes")
        self.setMinimumWidth(520)
        self.identidad = QFormLayout()
        self.letra = QSpinBox()
        self.letra.setRange(LETRA_MINIMA, LETRA_MAXIMA)
        self.letra.setSuffix(" puntos")
        self.letra.setAccessibleName("Tamaño de la letra")
        self.letra.setValue(
            int(QSettings().value(CLAVE_LETRA, 0) or QApplication.font().pointSize())
        )
        self.tareas = tareas
        self.persona = QLineEdit()
        self.persona.setAccessibleName("Su nombre")
        self.persona.setToolTip("Queda en el historial de cada cambio que haga")
        self.rol = "campo"
        preferencias = QFormLayout()
        etiqueta_persona = QLabel("&Su nombre:")
        etiqueta_persona.setBuddy(self.persona)
        preferencias.addRow(etiqueta_persona, self.persona)
        self.aviso = QLabel("")
        self.aviso.setWordWrap(True)
        etiqueta = QLabel("&Tamaño de la letra:")
        etiqueta.setBuddy(self.letra)
        preferencias.addRow(etiqueta, self.letra)
        # Seguridad: bloqueo por inactividad y frase de acceso (ui/frase.py).
        self.tareas = tareas
        self.bloqueo = QSpinBox()
        self.bloqueo.setRange(0, 240)
        self.bloqueo.setSuffix(" minutos")
        self.bloqueo.setSpecialValueText("nunca")
        self.bloqueo.setAccessibleName("Bloquear tras minutos sin uso")
        self.bloqueo.setValue(minutos_bloqueo())
        etiqueta_bloqueo = QLabel("&Bloquear tras:")
        etiqueta_bloqueo.setBuddy(self.bloqueo)
        self.cambiar_frase = QPushButton("Cambiar la &frase de acceso…")
        self.cambiar_frase.clicked.connect(self._cambiar_frase)
        self.aviso_frase = QLabel("")
        self.aviso_frase.setWordWrap(True)
        seguridad = QFormLayout()
        seguridad.addRow(etiqueta_bloqueo, self.bloqueo)
        seguridad.addRow("", self.cambiar_frase)
        seguridad.addRow("", self.aviso_frase)
        # Mapa base opcional: un MBTiles que la oficina arma en QGIS y entrega en pendrive.
        from ui.mapa.mbtiles import CLAVE as CLAVE_MBTILES

        self.mbtiles = QLineEdit(str(QSettings().value(CLAVE_MBTILES, "") or ""))
        self.mbtiles.setPlaceholderText("Sin mapa base: fondo liso con retícula y comunas")
        self.mbtiles.setAccessibleName("Mapa base MBTiles")
        self.mbtiles.setClearButtonEnabled(True)
        elegir = QPushButton("&Elegir…")
        elegir.clicked.connect(self._elegir_mbtiles)
        fila_mapa = QHBoxLayout()
        fila_mapa.addWidget(self.mbtiles, 1)
        fila_mapa.addWidget(elegir)
        etiqueta_mapa = QLabel("&Mapa base (MBTiles):")
        etiqueta_mapa.setBuddy(self.mbtiles)
        preferencias.addRow(etiqueta_mapa, fila_mapa)
        botones = QDialogButtonBox()
        botones.addButton("Aceptar", QDialogButtonBox.ButtonRole.AcceptRole)
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self.aceptar)
        botones.rejected.connect(self.reject)
        capa = QVBoxLayout(self)
        capa.addWidget(QLabel("<b>Esta instalación</b>"))
        capa.addLayout(self.identidad)
        capa.addWidget(QLabel("<b>Preferencias</b>"))
        capa.addLayout(preferencias)
        capa.addWidget(QLabel("<b>Seguridad</b>"))
        capa.addLayout(seguridad)
        # En la oficina: qué datos opcionales de las personas se recogen en la región
        # (minimización, Ley 21.719); viaja a los notebooks con los paquetes de la oficina.
        self.caja_campos = QWidget()
        campos = QVBoxLayout(self.caja_campos)
        campos.setContentsMargins(0, 0, 0, 0)
        campos.addWidget(QLabel("<b>Datos que se recogen en la región</b>"))
        explicacion = QLabel(
            "Desmarque los datos opcionales que no se anotan; los notebooks dejan de pedirlos "
            "al recibir el próximo paquete de la oficina."
        )
        explicacion.setWordWrap(True)
        campos.addWidget(explicacion)
        rejilla = QGridLayout()
        from pir_campo.servicios.envios import ETIQUETAS_OPCIONALES

        self.recoger: dict[str, QCheckBox] = {}
        for i, (campo, etiqueta_campo) in enumerate(ETIQUETAS_OPCIONALES.items()):
            casilla = QCheckBox(etiqueta_campo)
            casilla.setChecked(True)
            self.recoger[campo] = casilla
            rejilla.addWidget(casilla, i // 4, i % 4)
        campos.addLayout(rejilla)
        self.caja_campos.hide()
        self._recogidos: dict[str, bool] = {}
        capa.addWidget(self.caja_campos)
        capa.addWidget(self.aviso)
        capa.addWidget(botones)
        ruta = str(tareas.ruta)

        def leer(a) -> dict:
            from pir_campo.servicios.envios import campos_opcionales

            return {
                **a.resumen(),
                "ruta": ruta,
                "persona": a.persona,
                "campos": campos_opcionales(a),
            }

        tareas.ejecutar(leer, self._identidad)

    def _identidad(self, r: dict) -> None:
        self.rol = r["rol"]
        self._recogidos = r["campos"]
        for campo, casilla in self.recoger.items():
            casilla.setChecked(r["campos"].get(campo, True))
        self.caja_campos.setVisible(r["rol"] == "oficina")
        self.persona.setText(r["persona"])
        region = catalogos.cargar().regiones.get(r["region"] or "")
        for titulo, valor in (
            ("Uso", "Facilitador(a) de terreno" if r["rol"] == "campo" else "Oficina regional"),
            ("Nombre", r["nombre"]),
            ("Región", region.nombre if region else "sin región"),
            ("Dispositivo", r["dispositivo"]),
            ("Base de datos", r["ruta"]),
            ("Cambios sin confirmar", formato.numero(r["pendientes_envio"])),
        ):
            etiqueta = QLabel(valor)
            etiqueta.setWordWrap(True)
            self.identidad.addRow(f"{titulo}:", etiqueta)

    def _cambiar_frase(self) -> None:
        from ui.frase import DialogoCambiarFrase

        self.dialogo_frase = DialogoCambiarFrase(self.tareas, self)
        self.dialogo_frase.accepted.connect(
            lambda: self.aviso_frase.setText("Frase de acceso cambiada; la anterior ya no sirve.")
        )
        self.dialogo_frase.open()

    def _elegir_mbtiles(self) -> None:
        ruta, _ = QFileDialog.getOpenFileName(
            self, "Elegir mapa base", self.mbtiles.text(), "Teselas MBTiles (*.mbtiles)"
        )
        if ruta:
            self.mbtiles.setText(ruta)

    def aceptar(self) -> None:
        from ui.mapa.mbtiles import CLAVE as CLAVE_MBTILES
        from ui.mapa.mbtiles import ErrorMbtiles, Mbtiles

        ruta = self.mbtiles.text().strip()
        if ruta:
            try:
                Mbtiles(ruta).cerrar()
            except ErrorMbtiles as e:
                from ui import dialogos

                dialogos.error(self, str(e))
                return
        nombre, recordar = self.persona.text(), self.rol == "campo"
        no_recoger = [c for c, casilla in self.recoger.items() if not casilla.isChecked()]
        cambia_campos = self.rol == "oficina" and no_recoger != [
            c for c, si in self._recogidos.items() if not si
        ]

        def guardar(a) -> None:
            a.fijar_persona(nombre, recordar)
            if cambia_campos:
                from pir_campo.servicios.envios import fijar_campos_personales

                fijar_campos_personales(a, no_recoger)

        def listo(_r: object) -> None:
            QSettings().setValue(CLAVE_MBTILES, ruta)
            for mapa in _mapas_abiertos():
                mapa.usar_base(Path(ruta) if ruta else None)
            QSettings().setValue(CLAVE_BLOQUEO, self.bloqueo.value())
            ventana = self.parent()
            if getattr(ventana, "bloqueo", None) is not None:
                ventana.bloqueo.fijar_minutos(self.bloqueo.value())
            QSettings().setValue(CLAVE_LETRA, self.letra.value())
            aplicar_tamano_letra(self.letra.value())
            self.accept()

        self.tareas.ejecutar(guardar, listo, lambda e: self.aviso.setText(str(e)))


def _mapas_abiertos() -> list:
    """Los mapas ya en pantalla cambian de base al aceptar, sin reabrir nada."""
    from ui.mapa.widget import MapaWidget

    return [w for w in QApplication.allWidgets() if isinstance(w, MapaWidget)]
