"""Modelos de tabla de la sincronización: notebooks (en la oficina) y conflictos.

Usan el modelo común de `ui.modelos_tabla`; aquí solo se dicen las columnas y cómo se leen
para una coordinadora (nada de «huecos» ni números de secuencia sueltos).
"""

from __future__ import annotations

from typing import Any

from pir_campo import formato
from ui.modelos_tabla import ROL_ID as ROL_ID
from ui.modelos_tabla import Columna, ModeloFilas


def _cambios(valor: Any) -> str:
    if not valor:
        return "ninguno todavía"
    return f"{formato.numero(valor)} {'cambio' if valor == 1 else 'cambios'}"


def _faltantes(valor: Any) -> str:
    if not valor:
        return "No, está completo"
    return "Sí: pida al notebook un paquete nuevo"


def _detalle_faltantes(fila: dict[str, Any]) -> str | None:
    if not fila.get("huecos"):
        return "La oficina tiene todos los cambios de este notebook hasta el último paquete."
    return (
        "Faltan los cambios " + ", ".join(fila["huecos"]) + " de este notebook: un paquete se "
        "perdió o no se importó. El próximo paquete que exporte el notebook los trae."
    )


class ModeloDispositivos(ModeloFilas):
    COL_NOMBRE, COL_DISPOSITIVO, COL_ESTADO, COL_ULTIMO, COL_RECIBIDO, COL_HASTA = range(6)
    COL_HUECOS, COL_TERRITORIOS, COL_IDENTIDAD = 6, 7, 8

    def __init__(self, parent: Any = None):
        super().__init__(
            [
                Columna("nombre", "Notebook de"),
                Columna(
                    "id",
                    "Código del equipo",
                    ayuda="Distingue dos notebooks de personas con el mismo nombre",
                ),
                Columna(
                    "revocado",
                    "Estado",
                    _estado,
                    ayuda=lambda f: (
                        f.get("revocado")
                        or "Activo: la oficina acepta sus paquetes y le envía los suyos"
                    ),
                ),
                Columna("ultimo_paquete", "Último paquete, creado el"),
                Columna("recibido_el", "Importado en la oficina el"),
                Columna(
                    "recibido_hasta",
                    "Cambios recibidos",
                    _cambios,
                    ayuda="Cuántos cambios de ese notebook tiene la oficina, sin que falte uno",
                ),
                Columna("huecos", "¿Faltan cambios?", _faltantes, ayuda=_detalle_faltantes),
                Columna(
                    "territorios",
                    "Territorios",
                    ayuda="Dónde puede escribir el notebook: la oficina no acepta ni le envía "
                    "registros de otros territorios",
                ),
                Columna(
                    "identidad",
                    "Copia o identidad nueva",
                    ayuda=lambda f: (
                        f.get("identidad")
                        or "Nada que informar: su base no es una copia restaurada ni copiada"
                    ),
                ),
            ],
            parent,
        )

    def cargar(self, filas: list[dict[str, Any]]) -> None:
        self.poner_filas(filas)


def _estado(valor: Any) -> str:
    """«Activo», o «Revocado el dd-mm-aaaa» (la hora y lo que se acepta de él van en la ayuda
    de la celda)."""
    return str(valor).split(": ", 1)[0].rsplit(" ", 1)[0] if valor else "Activo"


def _lista(valor: Any) -> str:
    if isinstance(valor, list):
        return ", ".join(str(v) for v in valor) or "ninguno"
    return "" if valor is None else str(valor)


class ModeloConflictos(ModeloFilas):
    COL_REGISTRO, COL_CAMPO, COL_VIGENTE, COL_OTRO, COL_TIPO = range(5)

    def __init__(self, parent: Any = None):
        super().__init__(
            [
                Columna("registro", "Registro", _lista),
                Columna("campo", "Campo", _lista),
                Columna("valor_vigente", "Valor vigente", _lista),
                Columna("valor_otro", "Otro valor", _lista),
                Columna("tipo", "Tipo", _lista),
            ],
            parent,
        )

    def cargar(self, filas: list[dict[str, Any]]) -> None:
        self.poner_filas(filas)
