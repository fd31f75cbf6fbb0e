"""Lo que una pantalla puede ofrecer a la ventana principal, escrito como `typing.Protocol`.

Cada pantalla o editor implementa solo los que le sirven; la ventana pregunta con
`isinstance(pagina, AbreRegistros)` (protocolos `runtime_checkable`) en vez de `hasattr` con
nombres sueltos. Quien escribe una pantalla nueva lee aquí qué puede conectar.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class AbreRegistros(Protocol):
    """Señal `abrir_registro(tipo, id)`: la ventana abre el editor registrado para `tipo`."""

    abrir_registro: object


@runtime_checkable
class EligeTerritorio(Protocol):
    """Señal `elegir_territorio(id)`: la ventana cambia el territorio de trabajo."""

    elegir_territorio: object


@runtime_checkable
class PideNuevo(Protocol):
    """Señal `pedir_nuevo(clase, paso)`: crear un taller o un acta en ese paso."""

    pedir_nuevo: object


@runtime_checkable
class CargaDatos(Protocol):
    """Señal `cargado` al recibir sus datos; `listo` dice si ya llegaron (la ventana espera
    a la primera pantalla antes de declararse abierta)."""

    cargado: object


@runtime_checkable
class TienePaso(Protocol):
    """El paso crítico elegido en pantalla: Ctrl+N crea el taller en ese paso."""

    def paso_elegido(self) -> int | None: ...


@runtime_checkable
class Refrescable(Protocol):
    """Se vuelve a leer al volver a ella (p. ej. tras cerrar un editor encima)."""

    def refrescar(self) -> None: ...


@runtime_checkable
class Terminable(Protocol):
    """Guarda lo pendiente antes de que la ventana la quite (autoguardado)."""

    def terminar(self) -> None: ...


@runtime_checkable
class Imprimible(Protocol):
    """(tipo de registro, id) del registro que Ctrl+P imprime, o None si no hay uno elegido."""

    def registro_para_imprimir(self) -> tuple[str, str] | None: ...


@runtime_checkable
class AbreDentro(Protocol):
    """Abre algo suyo por id al llegar desde otra pantalla (un paso del territorio, una
    necesidad desde el mapa), aunque sus datos aún no hayan llegado."""

    def abrir_por_id(self, id_: str) -> None: ...


@runtime_checkable
class Enfocable(Protocol):
    """Dónde queda el foco al abrirla (p. ej. el título de un taller nuevo)."""

    def enfocar_inicio(self) -> None: ...


def esta_lista(pagina: object) -> bool:
    return not isinstance(pagina, CargaDatos) or bool(getattr(pagina, "listo", False))
