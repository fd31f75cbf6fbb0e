"""Un proceso muerto a medio importar deja la base intacta y reimportar llega al mismo estado;
uno muerto a medio exportar no deja ningún archivo que parezca completo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pir_campo import adjuntos
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Adjunto, Persona, Territorio
from pir_campo.sincro import VARIABLE_FALLA, importar
from pir_campo.sincro import paquete as paquete_
from tests.conftest import cli_proceso, contenido, copiar_base
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, paquete, red


@pytest.fixture
def escena(tmp_path: Path, request):
    # Con «grande», el adjunto pasa de paquete.EN_MEMORIA: la carga se descifra en la carpeta
    # temporal (los paquetes chicos se descifran en memoria).
    grande = getattr(request, "param", False)
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"P {i}"} for i in range(299)])
    foto = tmp_path / "hoja.pdf"
    relleno = os.urandom(paquete_.EN_MEMORIA + (1 << 20)) if grande else b""
    foto.write_bytes(b"%PDF-1.4 hoja de asistencia firmada" * 500 + relleno)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(nb.ruta), foto, nb.llave_adjuntos())
    nb.insertar(
        Adjunto,
        {
            "territorio_id": tid,
            "tabla_duena": "territorio",
            "registro_id": tid,
            "sha256": sha,
            "tamano": tam,
            "tipo_medio": medio,
            "nombre_original": "hoja.pdf",
        },
    )
    ruta = paquete(nb, oficina, tmp_path)
    assert (ruta.stat().st_size > paquete_.EN_MEMORIA) == grande
    limpio = copiar_base(oficina.ruta, tmp_path / "limpio.sqlite")
    with Almacen.abrir(limpio) as a:
        importar.importar(a, ruta)
        esperado = datos(a)
    yield tmp_path, oficina, nb, ruta, esperado
    oficina.cerrar()
    nb.cerrar()


def _temporal_propio(tmp: Path, monkeypatch) -> Path:
    temporal = tmp / f"temporal-{len(list(tmp.glob('temporal-*')))}"
    temporal.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporal))
    return temporal


def _sin_nombres_en(temporal: Path, restos_esperados: bool = True) -> None:
    """Un corte deja la preparación del paquete en la carpeta temporal: cifrada, sin datos.
    Sin `restos_esperados` (un paquete chico, descifrado en memoria), no deja nada."""
    restos = [f for f in temporal.rglob("*") if f.is_file()]
    if not restos_esperados:
        assert not restos, [f.name for f in restos]
        return
    assert restos, "el corte debía dejar la preparación del paquete"
    for f in restos:
        datos = f.read_bytes()
        assert b'"nombre"' not in datos and b"persona" not in datos, f.name
        assert not datos.startswith(b"PK\x03\x04"), f.name


@pytest.mark.parametrize("escena", [False, True], indirect=True, ids=["chico", "grande"])
@pytest.mark.parametrize("punto", ["importar_adjuntos", "importar_transaccion"])
def test_muerto_a_medio_importar(escena, punto, monkeypatch):
    tmp, oficina, _, ruta, esperado = escena
    grande = ruta.stat().st_size > paquete_.EN_MEMORIA
    base = copiar_base(oficina.ruta, tmp / f"caida-{punto}.sqlite")
    antes = contenido(base)
    monkeypatch.setenv(VARIABLE_FALLA, punto)
    temporal = _temporal_propio(tmp, monkeypatch)
    r = cli_proceso("importar", "--db", base, ruta)
    assert r.returncode == -9, r.stderr
    assert contenido(base) == antes
    _sin_nombres_en(temporal, restos_esperados=grande)
    monkeypatch.delenv(VARIABLE_FALLA)
    r = cli_proceso("importar", "--db", base, ruta)
    assert r.returncode == 0, r.stderr
    assert "301 nuevos" in r.stdout and "1 adjunto" in r.stdout and "1 adjuntos" not in r.stdout
    with Almacen.abrir(base) as a:
        assert datos(a) == esperado
        sha = a.listar(Adjunto)[0]["sha256"]
        assert adjuntos.ruta_blob(adjuntos.carpeta_de(base), sha).is_file()


def test_muerto_despues_de_confirmar(escena, monkeypatch):
    tmp, oficina, _, ruta, esperado = escena
    base = copiar_base(oficina.ruta, tmp / "despues.sqlite")
    monkeypatch.setenv(VARIABLE_FALLA, "importar_despues")
    assert cli_proceso("importar", "--db", base, ruta).returncode == -9
    monkeypatch.delenv(VARIABLE_FALLA)
    r = cli_proceso("importar", "--db", base, ruta)
    assert r.returncode == 0 and "ya importado" in r.stdout
    with Almacen.abrir(base) as a:
        assert datos(a) == esperado


def test_muerto_a_medio_exportar(escena, monkeypatch):
    tmp, oficina, nb, _, _ = escena
    salida = tmp / "envio.pirb"
    monkeypatch.setenv(VARIABLE_FALLA, "exportar_escritura")
    temporal = _temporal_propio(tmp, monkeypatch)
    r = cli_proceso("exportar", "--db", nb.ruta, "--salida", salida)
    assert r.returncode == -9
    _sin_nombres_en(temporal)
    assert not salida.exists()
    parcial = tmp / "envio.pirb.partial"
    assert parcial.exists()
    with pytest.raises(ErrorPaquete):
        importar.verificar(oficina, parcial)
    monkeypatch.delenv(VARIABLE_FALLA)
    r = cli_proceso("exportar", "--db", nb.ruta, "--salida", salida)
    assert r.returncode == 0, r.stderr
    assert importar.verificar(oficina, salida)["registros"]["persona"] == 299
