"""Identidad pública y confianza: solo claves públicas, autofirmada, huella estable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorIdentidad
from pir_campo.sincro import identidad
from tests.nucleo.sincro_apoyo import instalacion


def test_identidad_solo_publica_y_huella_igual_en_ambos_lados(tmp_path: Path):
    of = instalacion(tmp_path, "oficina", "oficina")
    nb = instalacion(tmp_path, "nb")
    huella = identidad.escribir(of, tmp_path / "of.json")
    texto = (tmp_path / "of.json").read_text()
    assert bytes(of.llave_firma()).hex() not in texto
    assert bytes(of.llave_cifrado()).hex() not in texto
    assert identidad.confiar(nb, identidad.leer(tmp_path / "of.json")) == huella
    assert len(huella) == 11 and huella[5] == "-"
    assert rep.oficina(nb)["id"] == of.dispositivo
    of.cerrar()
    nb.cerrar()


def test_identidad_alterada_o_ajena_se_rechaza(tmp_path: Path):
    of = instalacion(tmp_path, "oficina", "oficina")
    nb = instalacion(tmp_path, "nb")
    otro = instalacion(tmp_path, "otro")
    identidad.escribir(of, tmp_path / "of.json")
    datos = json.loads((tmp_path / "of.json").read_text())
    datos["nombre"] = "Oficina impostora"
    (tmp_path / "falsa.json").write_text(json.dumps(datos))
    with pytest.raises(ErrorIdentidad, match="firma no coincide"):
        identidad.leer(tmp_path / "falsa.json")
    identidad.escribir(otro, tmp_path / "otro.json")
    with pytest.raises(ErrorIdentidad, match="solo se registra la oficina"):
        identidad.confiar(nb, identidad.leer(tmp_path / "otro.json"))
    identidad.escribir(nb, tmp_path / "nb.json")
    with pytest.raises(ErrorIdentidad, match="misma instalación"):
        identidad.confiar(nb, identidad.leer(tmp_path / "nb.json"))
    # El mismo identificador con otras claves no reemplaza al registrado.
    identidad.confiar(of, identidad.leer(tmp_path / "nb.json"), toda_la_region=True)
    datos = identidad.publica(otro) | {"dispositivo": nb.dispositivo}
    firma = otro.llave_firma().sign(identidad._canonico(datos)).signature.hex()
    (tmp_path / "clon.json").write_text(json.dumps({**datos, "firma": firma}))
    with pytest.raises(ErrorIdentidad, match="otras claves"):
        identidad.confiar(of, identidad.leer(tmp_path / "clon.json"), toda_la_region=True)
    for a in (of, nb, otro):
        a.cerrar()
