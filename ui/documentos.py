"""Vista previa, guardado e impresión de los documentos de un registro.

El PDF se arma en el hilo de la base (Tareas), nunca en el de la interfaz. Para imprimir se
abre con el visor del sistema: PySide6-Essentials no trae QtPdf, así que Qt no puede dibujar
un PDF en una impresora por sí solo; el visor sí, con el diálogo de impresión que la persona
ya conoce.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pir_campo import ids
from pir_campo.errores import ErrorPir
from ui import temporales
from ui.tareas import Tareas

# Las vistas previas van a la carpeta temporal de la sesión (se borra al cerrar); las pruebas
# pueden fijar otra.
CARPETA_TEMPORAL: Path | None = None
AYUDA_IMPRIMIR = (
    "Para imprimir, el documento se abre en el visor de PDF del equipo: use allí su opción "
    "Imprimir."
)


def construir_documento(
    tareas: Tareas,
    tipo: str,
    id_registro: str,
    destino: Path,
    listo: Callable[[Path], None],
    fallo: Callable[[ErrorPir], None],
    **opciones: object,
) -> None:
    """Arma el PDF en el hilo de la base y avisa en el hilo de la interfaz."""
    from pir_campo.documentos import generar

    def trabajo(almacen) -> Path:
        return generar.generar(almacen, tipo, id_registro, destino, **opciones)

    tareas.ejecutar(trabajo, listo, fallo)


def codigo(id_registro: str) -> str:
    """Código corto para mostrar; un id mal formado no debe botar el diálogo."""
    try:
        return ids.codigo_corto(id_registro)
    except ValueError:
        return "sin-codigo"


def ruta_temporal(tipo: str, id_registro: str) -> Path:
    carpeta = CARPETA_TEMPORAL or temporales.carpeta()
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta / f"{tipo}-{codigo(id_registro)}.pdf"


def abrir_en_visor(ruta: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(ruta)))


class DialogoDocumento(QDialog):
    """Elige el documento de un registro y lo muestra, lo guarda o lo abre para imprimir."""

    def __init__(
        self,
        tareas: Tareas,
        tabla: str,
        id_registro: str,
        parent: QWidget | None = None,
        preferido: str | None = None,
        en_blanco: int = 10,
        descripcion: str | None = None,
    ):
        super().__init__(parent)
        from pir_campo.documentos.tipos import POR_TABLA, TIPOS

        self.tareas = tareas
        self.id_registro = id_registro
        self.ultimo: Path | None = None
        self.setWindowTitle(f"Imprimir: {descripcion}" if descripcion else "Imprimir documento")
        self.setMinimumWidth(520)
        self.registro = QLabel(
            f"{descripcion} · código {codigo(id_registro)}"
            if descripcion
            else f"Código {codigo(id_registro)}"
        )
        self.registro.setWordWrap(True)
        self.registro.setAccessibleName("Registro")
        self.tipo = QComboBox()
        self.tipo.setAccessibleName("Documento")
        for nombre in POR_TABLA.get(tabla, []):
            self.tipo.addItem(TIPOS[nombre].titulo, nombre)
        self.en_blanco = QSpinBox()
        self.en_blanco.setRange(0, 500)
        self.en_blanco.setValue(en_blanco)
        self.en_blanco.setAccessibleName("Filas en blanco")
        self.en_blanco.setToolTip("Filas para quienes lleguen sin estar inscritos")
        from pir_campo.documentos.lista_asistencia import ORDENES

        self.orden = QComboBox()
        self.orden.setAccessibleName("Orden de las personas")
        self.orden.setToolTip(
            "Alfabético, o en el orden en que se registraron (como firmaron en la hoja anterior)"
        )
        for clave, etiqueta in ORDENES.items():
            self.orden.addItem(etiqueta.capitalize(), clave)
        self.estado = QLabel(AYUDA_IMPRIMIR)
        self.estado.setWordWrap(True)
        self.vista = QPushButton("&Vista previa")
        self.guardar = QPushButton("&Guardar como…")
        self.imprimir = QPushButton("Abrir para &imprimir")
        self.vista.setToolTip("Abre el PDF en el visor del equipo para revisarlo")
        self.guardar.setToolTip("Guarda el PDF en la carpeta que elija (p. ej. un pendrive)")
        self.imprimir.setToolTip("Abre el PDF en el visor del equipo; imprima desde allí")
        cerrar = QPushButton("Cerrar")
        formulario = QFormLayout()
        formulario.addRow("Registro:", self.registro)
        formulario.addRow("&Documento:", self.tipo)
        formulario.addRow("Filas en &blanco:", self.en_blanco)
        formulario.addRow("&Orden:", self.orden)
        botones = QHBoxLayout()
        for b in (self.vista, self.guardar, self.imprimir):
            botones.addWidget(b)
        botones.addStretch(1)
        botones.addWidget(cerrar)
        capas = QVBoxLayout(self)
        capas.addLayout(formulario)
        capas.addWidget(self.estado)
        capas.addLayout(botones)
        self.tipo.currentIndexChanged.connect(self._al_cambiar_tipo)
        self.vista.clicked.connect(self.vista_previa)
        self.imprimir.clicked.connect(self.vista_previa)
        self.guardar.clicked.connect(self.guardar_como)
        cerrar.clicked.connect(self.reject)
        if preferido is not None and self.tipo.findData(preferido) >= 0:
            self.tipo.setCurrentIndex(self.tipo.findData(preferido))
        self._al_cambiar_tipo()
        if not self.tipo.count():
            self._ocupado(True)
            self.estado.setText("Este tipo de registro no tiene documentos para imprimir.")

    @property
    def tipo_elegido(self) -> str:
        return self.tipo.currentData()

    def _al_cambiar_tipo(self) -> None:
        for opcion in (self.en_blanco, self.orden):
            opcion.setEnabled(self.tipo_elegido == "lista-asistencia")

    def _opciones(self) -> dict[str, object]:
        if self.tipo_elegido == "lista-asistencia":
            return {"en_blanco": self.en_blanco.value(), "orden": self.orden.currentData()}
        return {}

    def _ocupado(self, ocupado: bool) -> None:
        for b in (self.vista, self.guardar, self.imprimir, self.tipo):
            b.setEnabled(not ocupado)

    def _armar(self, destino: Path, despues: Callable[[Path], None]) -> None:
        self._ocupado(True)
        self.estado.setText("Preparando el documento…")

        def listo(ruta: Path) -> None:
            self._ocupado(False)
            self.ultimo = ruta
            self.estado.setText(f"Documento listo: {ruta}")
            despues(ruta)

        def fallo(error: ErrorPir) -> None:
            self._ocupado(False)
            self.estado.setText(str(error))

        construir_documento(
            self.tareas,
            self.tipo_elegido,
            self.id_registro,
            destino,
            listo,
            fallo,
            **self._opciones(),
        )

    def vista_previa(self) -> None:
        def abrir(ruta: Path) -> None:
            if not abrir_en_visor(ruta):
                self.estado.setText(
                    f"No hay un visor de PDF configurado; el archivo está en {ruta}"
                )

        self._armar(ruta_temporal(self.tipo_elegido, self.id_registro), abrir)

    def guardar_como(self) -> None:
        sugerido = str(Path.home() / ruta_temporal(self.tipo_elegido, self.id_registro).name)
        ruta, _ = QFileDialog.getSaveFileName(
            self, "Guardar documento", sugerido, "Documentos PDF (*.pdf)"
        )
        if not ruta:
            return
        destino = Path(ruta) if ruta.lower().endswith(".pdf") else Path(ruta + ".pdf")
        self._armar(destino, lambda _ruta: None)


# ---- «Imprimir…» desde cada pantalla ------------------------------------------------------------
# Una pantalla que tiene un registro imprimible expone `registro_para_imprimir()`, que devuelve
# `(tabla, id)` o None, y opcionalmente `documento_preferido()`, `filas_en_blanco()` y
# `descripcion_para_imprimir()` (lo que la persona reconoce: título, fecha, versión). El botón
# «Imprimir…» de la pantalla y Archivo > Imprimir… (Ctrl+P) de la ventana llegan al mismo
# `abrir_dialogo`; el atajo vive solo en la ventana para que no haya dos Ctrl+P en conflicto.

SIN_REGISTRO = (
    "Aún no hay qué imprimir aquí: elija una organización con diagnóstico, o cree el PMDT."
)
SIN_DOCUMENTO = (
    "En esta pantalla no hay un documento para imprimir. Se imprime desde un taller, un acta "
    "de validación, el territorio, el PMDT, la capacidad de gestión o la ficha de una persona."
)


def boton_imprimir(pantalla: QWidget, ayuda: str) -> QPushButton:
    boton = QPushButton("Imprimir…")
    boton.setAccessibleName("Imprimir")
    boton.setToolTip(f"{ayuda} (Ctrl+P)")
    boton.clicked.connect(lambda: abrir_dialogo(pantalla))
    return boton


def abrir_dialogo(pantalla: QWidget, parent: QWidget | None = None) -> DialogoDocumento | None:
    """Abre el diálogo sin bloquear (ventana modal); None si la pantalla no tiene qué imprimir."""
    obtener = getattr(pantalla, "registro_para_imprimir", None)
    registro = obtener() if obtener is not None else None
    if registro is None:
        return None
    tabla, id_registro = registro
    preferido = getattr(pantalla, "documento_preferido", lambda: None)()
    en_blanco = getattr(pantalla, "filas_en_blanco", lambda: 10)()
    descripcion = getattr(pantalla, "descripcion_para_imprimir", lambda: None)()
    dialogo = DialogoDocumento(
        pantalla.tareas, tabla, id_registro, parent or pantalla, preferido, en_blanco, descripcion
    )
    dialogo.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    pantalla.dialogo_imprimir = dialogo
    dialogo.open()
    return dialogo
