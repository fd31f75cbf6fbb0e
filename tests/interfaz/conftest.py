"""Accesorios de las pruebas de interfaz: aplicación en español y tareas en línea."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ui import app as app_ui
from ui.tareas import Tareas


@pytest.fixture(autouse=True)
def _aplicacion(qapp, tmp_path: Path):
    app_ui.configurar(qapp)
    # Ajustes de ventana aislados por prueba: nada se lee ni se escribe en la carpeta real.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    yield qapp


@pytest.fixture
def tareas_demo(ruta_demo: Path):
    tareas = Tareas(ruta_demo, en_linea=True)
    yield tareas
    tareas.cerrar()


@pytest.fixture
def tareas_vacia(almacen):
    ruta = almacen.ruta
    almacen.cerrar()
    tareas = Tareas(ruta, en_linea=True)
    yield tareas
    tareas.cerrar()


@pytest.fixture
def ventana(qtbot, tareas_demo):
    """La ventana principal sobre la demo, mostrada y con sus áreas ya agregadas."""
    from ui.ventana_principal import VentanaPrincipal

    v = VentanaPrincipal(tareas_demo)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitUntil(lambda: v.areas_cargadas, timeout=5000)
    yield v
    v.cerrar_detalles()
