"""Archivo > Rotar llaves… y Archivo > Guardar llave de recuperación… (solo en la oficina)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from pir_campo import formato
from pir_campo.almacen import rotacion
from pir_campo.errores import ErrorPir
from pir_campo.sincro import llave_recuperacion
from ui import dialogos
from ui.frase_nueva import DialogoConFraseNueva, etiqueta_larga

if TYPE_CHECKING:
    from ui.ventana_principal import VentanaPrincipal

EXPLICACION_ROTAR = (
    "La oficina creará llaves nuevas de firma y de cifrado.\n\n"
    "Cada notebook las recibe en el próximo paquete de la oficina, firmadas con la llave "
    "anterior, y desde que lo importa cifra sus paquetes para la llave nueva. Durante "
    f"{rotacion.SOLAPE_DIAS} días la oficina sigue leyendo los paquetes cifrados para la llave "
    "anterior; después se rechazan.\n\n"
    "Luego guarde de nuevo la llave de recuperación: la que tenga guardada no abre los "
    "paquetes cifrados para la llave nueva."
)

EXPLICACION_RECUPERACION = (
    "La llave de recuperación es un archivo para guardar fuera de la oficina (por ejemplo, un "
    "pendrive en otro lugar). Si la base de la oficina se pierde, con este archivo y su frase "
    "se rehace la oficina a partir de los paquetes de los notebooks "
    "(pir-campo recuperar).\n\n"
    "Elija una frase distinta de la frase de la base y anótela aparte."
)

AYUDA_FRASE = (
    "Esta frase protege la llave de recuperación: quien tenga el archivo y la frase puede leer "
    "los paquetes de los notebooks para la oficina. Use al menos 12 caracteres. Nadie puede "
    "reponerla si se olvida."
)


def rotar_llaves(ventana: VentanaPrincipal) -> None:
    if not dialogos.confirmar(ventana, "Rotar llaves", EXPLICACION_ROTAR, "Rotar llaves"):
        return
    ventana.tareas.ejecutar(
        lambda a: rotacion.rotar(a),
        lambda r: dialogos.informar(
            ventana,
            "Llaves nuevas",
            "Llaves nuevas de la oficina creadas. Exporte un paquete para cada notebook: les "
            "lleva las llaves nuevas.\n\n"
            f"Hasta el {formato.fecha(r['solape_hasta'])} la oficina sigue leyendo los "
            "paquetes cifrados para la llave anterior.\n\n"
            "Guarde de nuevo la llave de recuperación (Archivo › Guardar llave de "
            "recuperación…).",
        ),
        lambda e: dialogos.error(ventana, str(e)),
    )


class DialogoFraseLlave(DialogoConFraseNueva):
    """La frase propia de la llave de recuperación (dos veces, validada)."""

    def __init__(self, parent: QWidget | None):
        super().__init__(
            "Guardar llave de recuperación",
            [etiqueta_larga(EXPLICACION_RECUPERACION)],
            "Guardar",
            parent,
        )
        self.campos.ayuda.setText(AYUDA_FRASE)


def guardar_llave_recuperacion(ventana: VentanaPrincipal) -> None:
    dialogo = DialogoFraseLlave(ventana)
    if not dialogo.exec() or dialogo.frase is None:
        return
    frase = dialogo.frase
    salida = dialogos.guardar_como(
        ventana,
        "Guardar llave de recuperación",
        str(Path.home() / "llave-recuperacion-oficina.pirk"),
        "Llave de recuperación (*.pirk)",
        ".pirk",
    )
    if salida is None:
        return

    def fallo(e: ErrorPir) -> None:
        dialogos.error(ventana, str(e))

    ventana.tareas.ejecutar(
        lambda a: llave_recuperacion.escribir(a, salida, frase),
        lambda huella: dialogos.informar(
            ventana,
            "Llave de recuperación guardada",
            f"La llave de recuperación quedó en:\n{salida}\n\nHuella: {huella}\n\n"
            "Guárdela fuera de la oficina y anote su frase aparte. Después de rotar las "
            "llaves, guárdela de nuevo.",
        ),
        fallo,
    )
