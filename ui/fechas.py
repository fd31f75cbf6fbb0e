"""Fechas y horas a la chilena (dd-mm-aaaa, 24 h) y los campos que las editan.

Módulo aparte para que los editores no importen `ui.app` (eso cerraba un círculo de imports
app -> ventana -> menús -> editor -> app).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit, QTimeEdit

FORMATO_FECHA = "dd-MM-yyyy"
FORMATO_HORA = "HH:mm"


class _SinTabPorParte:
    """Tab sale del campo en vez de recorrer día, mes y año: las partes avanzan solas al
    escribirlas completas («15032026»), así que el tabulador solo cuesta una tecla por campo."""

    def focusNextPrevChild(self, siguiente: bool) -> bool:  # noqa: N802 (método de Qt)
        from PySide6.QtWidgets import QWidget

        return QWidget.focusNextPrevChild(self, siguiente)

    def focusInEvent(self, evento) -> None:  # noqa: N802
        super().focusInEvent(evento)
        # Al entrar se escribe desde la primera parte, como en una planilla.
        self.setSelectedSection(self.sectionAt(0))


class CampoFecha(_SinTabPorParte, QDateEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDisplayFormat(FORMATO_FECHA)
        self.setCalendarPopup(True)

    def poner_iso(self, valor: str | None) -> None:
        if valor:
            self.setDate(QDate.fromString(valor[:10], "yyyy-MM-dd"))


class CampoHora(_SinTabPorParte, QTimeEdit):
    """Sin hora muestra «--:--» (no «00:00», que parecía una hora y se guardaba así)."""

    SIN_HORA = QTime(0, 0)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDisplayFormat(FORMATO_HORA)
        self.setMinimumTime(self.SIN_HORA)
        self.setSpecialValueText("--:--")
        self.setTime(self.SIN_HORA)

    def sin_hora(self) -> bool:
        return self.time() == self.SIN_HORA

    def focusInEvent(self, evento) -> None:  # noqa: N802
        # El «--:--» no admite escribir encima: al entrar se edita «00:00» con la hora marcada.
        self.setSpecialValueText("")
        super().focusInEvent(evento)

    def focusOutEvent(self, evento) -> None:  # noqa: N802
        super().focusOutEvent(evento)
        self.setSpecialValueText("--:--")

    def poner_iso(self, valor: str | None) -> None:
        self.setTime(QTime.fromString(valor[:5], "HH:mm") if valor else self.SIN_HORA)
