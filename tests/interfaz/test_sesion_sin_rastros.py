"""Tras una sesión que imprimió, abrió un adjunto, exportó e importó, ningún nombre, RUT ni
teléfono de la demo queda en la base, su WAL, los adjuntos, los respaldos, el registro de errores,
la configuración (QSettings) ni las carpetas temporales. Solo en los archivos pedidos."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings

from pir_campo import cli
from pir_campo.almacen import Almacen
from pir_campo.modelos import Adjunto, Persona, Taller
from pir_campo.respaldo import automatico
from tests.conftest import cli_proceso, copiar_base
from tests.nucleo.test_cifrado import hallazgos, secretos
from ui import documentos as ui_documentos
from ui import temporales
from ui.adjuntos import PanelAdjuntos
from ui.tareas import Tareas


@pytest.fixture
def sesion(tmp_path, monkeypatch, plantilla_demo):
    """Carpetas propias de la sesión: temporales, registro y configuración, para revisarlas."""
    temporal, casa = tmp_path / "temporal", tmp_path / "casa"
    temporal.mkdir()
    casa.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporal))
    monkeypatch.setenv("TMPDIR", str(temporal))
    monkeypatch.setenv("HOME", str(casa))
    for v in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(v, str(casa / v.lower()))
    datos = tmp_path / "datos"
    datos.mkdir()
    ruta = copiar_base(plantilla_demo, datos / "demo.sqlite")
    return {"temporal": temporal, "casa": casa, "datos": datos, "ruta": ruta, "tmp": tmp_path}


def test_sesion_completa_no_deja_datos_personales_fuera_de_lo_pedido(qtbot, sesion, monkeypatch):
    ruta, pedidos = sesion["ruta"], sesion["tmp"] / "pedidos"
    pedidos.mkdir()
    with Almacen.abrir(ruta) as a:
        buscados = secretos(a)
        taller = next(
            t for t in a.listar(Taller, orden="fecha") if a.listar(Adjunto, registro_id=t["id"])
        )
    # Interfaz: vista previa de la lista de asistencia y un adjunto abierto con el visor.
    abiertos: list = []
    monkeypatch.setattr(ui_documentos, "abrir_en_visor", lambda r: abiertos.append(r) or True)
    monkeypatch.setattr(
        "ui.adjuntos.QDesktopServices.openUrl", lambda url: abiertos.append(url) or True
    )
    temporales.limpiar()
    tareas = Tareas(ruta, en_linea=True)
    dialogo = ui_documentos.DialogoDocumento(tareas, "taller", taller["id"])
    qtbot.addWidget(dialogo)
    dialogo.tipo.setCurrentIndex(dialogo.tipo.findData("lista-asistencia"))
    dialogo.vista_previa()
    qtbot.waitUntil(lambda: len(abiertos) == 1, timeout=10_000)
    vista = Path(abiertos[0])
    assert vista.is_relative_to(sesion["temporal"])
    texto = "".join(p.extract_text() for p in PdfReader(vista).pages)
    assert any(b.decode() in texto for b in buscados)  # la vista previa sí los tiene
    panel = PanelAdjuntos(tareas, "taller", taller["id"], taller["territorio_id"])
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.lista.count() > 0, timeout=5000)
    panel._abrir_item(panel.lista.item(0))
    assert len(abiertos) == 2
    QSettings().setValue("ventana/territorio", taller["territorio_id"])
    QSettings().sync()
    tareas.cerrar()
    temporales.limpiar()  # lo que hace la aplicación al cerrarse
    # CLI: un PDF y una exportación pedidos, un respaldo, una importación en la oficina y un
    # error inesperado que queda en el registro.
    of = sesion["datos"] / "oficina.sqlite"
    for args in (
        (
            "documento",
            "lista-asistencia",
            "--db",
            ruta,
            "--id",
            taller["id"],
            "--salida",
            pedidos / "lista.pdf",
        ),
        ("iniciar", "--db", of, "--rol", "oficina", "--nombre", "GORE", "--region", "09"),
        ("identidad", "--db", ruta, "--salida", pedidos / "nb.json"),
        ("identidad", "--db", of, "--salida", pedidos / "of.json"),
        ("confiar", "--db", ruta, pedidos / "of.json"),
        ("confiar", "--db", of, pedidos / "nb.json"),
        ("exportar", "--db", ruta, "--salida", pedidos / "envio.pirb"),
        ("importar", "--db", of, pedidos / "envio.pirb"),
        # El respaldo a un pendrive que pide la persona (el archivo entero queda cifrado).
        ("respaldar", "--db", ruta, "--salida", sesion["datos"] / "pendrive.respaldo"),
    ):
        salida = cli_proceso(*args)
        assert salida.returncode == 0, (args, salida.stderr)
    with Almacen.abrir(ruta) as a:
        a.copiar_base(sesion["datos"] / "demo.respaldo.sqlite")
        automatico.respaldar(a)  # el de cada día y al cerrar, junto a la base
    persona = next(iter(b for b in buscados if b" " in b)).decode()

    def falla(_args):
        raise RuntimeError(f"no se pudo con {persona}")

    monkeypatch.setattr("pir_campo.cli.cmd_resumen.ejecutar", falla)
    assert cli.main(["resumen", "--db", str(ruta)]) == cli.SALIDA_INESPERADA
    [registro] = list(sesion["casa"].rglob("errores.log"))
    assert "RuntimeError" in registro.read_text(encoding="utf-8")
    # Nada fuera de lo pedido tiene los datos (la vista previa ya se borró al cerrar).
    assert not vista.exists()
    revisado = [sesion["datos"], sesion["temporal"], sesion["casa"], sesion["tmp"] / "ini"]
    assert list(sesion["datos"].rglob("sha256/*/*/*")) and list(sesion["datos"].glob("*respaldo*"))
    assert (sesion["datos"] / "pendrive.respaldo").stat().st_size > 0
    assert list(automatico.carpeta(ruta).iterdir())
    assert hallazgos(revisado, buscados) == []
    # Con la base abierta y un cambio recién escrito, en el WAL tampoco.
    with Almacen.abrir(ruta) as a:
        p = a.listar(Persona)[0]
        a.actualizar(Persona, p["id"], {"nombre": p["nombre"] + " Quilaqueo", "telefono": None})
        assert Path(f"{ruta}-wal").stat().st_size > 0
        assert hallazgos(revisado, buscados | {b"Quilaqueo"}) == []
