"""Base restaurada o copiada en la aplicación (issue 10, parte 2): el notebook lo dice una vez en
la barra de estado y la oficina lo muestra en su lista de notebooks. Widgets reales offscreen y
bases y paquetes reales."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pir_campo.almacen import Almacen, llaves
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red
from ui.sincronizacion import PantallaSincronizacion
from ui.sincronizacion.modelos import ModeloDispositivos
from ui.tareas import Tareas
from ui.ventana_principal import VentanaPrincipal


def _copia(ruta: Path, carpeta: Path) -> Path:
    carpeta.mkdir()
    shutil.copy2(ruta, carpeta / ruta.name)
    shutil.copy2(llaves.ruta_llave(ruta), carpeta / llaves.ruta_llave(ruta).name)
    return carpeta / ruta.name


def test_notebook_restaurado_lo_dice_una_vez_en_la_barra_de_estado(qtbot, tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp_path)
    ruta = nb.ruta
    nb.cerrar()
    copia = _copia(ruta, tmp_path / "copia")
    nb = Almacen.abrir(ruta)
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    nb.cerrar()
    for resto in ("-wal", "-shm"):
        Path(f"{ruta}{resto}").unlink(missing_ok=True)
    shutil.copy2(copia, ruta)
    shutil.copy2(llaves.ruta_llave(copia), llaves.ruta_llave(ruta))
    tareas = Tareas(ruta, en_linea=True)  # abre la base: la marca delata la copia
    try:
        ventana = VentanaPrincipal(tareas)
        qtbot.addWidget(ventana)
        ventana.show()
        ventana.actualizar_pendientes()
        mensaje = ventana.statusBar().currentMessage()
        assert mensaje.startswith("Esta base es una copia restaurada")
        assert "Se creó una identidad nueva" in mensaje and "se reenviará" in mensaje
        ventana.statusBar().clearMessage()
        ventana.actualizar_pendientes()
        assert ventana.statusBar().currentMessage() == ""  # una sola vez
    finally:
        tareas.cerrar()
        oficina.cerrar()


def test_oficina_muestra_la_copia_en_su_lista_de_notebooks(qtbot, tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    pid = oficina.insertar(Persona, {"territorio_id": tid, "nombre": "Marta"})
    enviar(oficina, nb, tmp_path)
    ruta = nb.ruta
    nb.cerrar()
    copia_ruta = _copia(ruta, tmp_path / "otro-equipo")
    nb = Almacen.abrir(ruta)
    nb.actualizar(Persona, pid, {"nombre": "Marta Soto"})
    enviar(nb, oficina, tmp_path)
    copia = Almacen.abrir(copia_ruta)
    copia.actualizar(Persona, pid, {"nombre": "Marta Ríos"})
    with pytest.raises(ErrorPaquete):
        enviar(copia, oficina, tmp_path)
    tareas = Tareas(oficina.ruta, en_linea=True)
    try:
        pantalla = PantallaSincronizacion(tareas)
        qtbot.addWidget(pantalla)
        modelo = pantalla.modelo_dispositivos
        i = modelo.index(0, ModeloDispositivos.COL_IDENTIDAD)
        assert (
            modelo.headerData(ModeloDispositivos.COL_IDENTIDAD, Qt.Orientation.Horizontal)
            == "Copia o identidad nueva"
        )
        assert "repitió números de cambio" in i.data()
        assert "importar el próximo paquete de la oficina" in i.data(Qt.ItemDataRole.ToolTipRole)
    finally:
        tareas.cerrar()
        for x in (oficina, nb, copia):
            x.cerrar()
