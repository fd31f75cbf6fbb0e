"""Salida idéntica byte a byte: el mismo registro da el mismo PDF (invariant)."""

from __future__ import annotations

import os
from pathlib import Path

from pir_campo.documentos import generar
from pir_campo.documentos.qr import Sello, huella
from pir_campo.documentos.tipos import TIPOS
from pir_campo.modelos import Taller
from tests.conftest import DATOS, cli_proceso

DORADO = DATOS / "documentos" / "acta_taller_dorada.pdf"

DATOS_FIJOS = {
    "territorio": {
        "nombre": "Costa Lago Budi",
        "region": "La Araucanía",
        "comunas": ["Saavedra", "Teodoro Schmidt"],
    },
    "comuna": "Saavedra",
    "localidad": "Huapi",
    "taller": {
        "titulo": "Validación técnica y participativa del territorio",
        "fecha": "2026-04-14",
        "hora_inicio": "10:00:00",
        "hora_termino": "12:30:00",
        "lugar": "Ruka comunitaria",
        "paso": 2,
        "proposito": "Firmar el pacto territorial.",
        "facilitadores": "Ana Pérez Huenchumilla; José Ñancucheo Díaz",
        "agenda": "1. Bienvenida\n2. Lectura del pacto\n3. Acuerdos",
        "discusion": "Se discutió el acceso al agua en verano y el camino a Piedra Alta.",
        "interprete": "Werken de la comunidad (mapuzugun)",
        "participan_pueblos_indigenas": True,
        "posible_afectacion_directa": False,
        "estado": "cerrado",
    },
    "acuerdos": [
        ["Enviar el listado de familias sin agua", "Junta de vecinos", "2026-05-30", "pendiente"]
    ],
    "asistencia": {
        "total": 3,
        "sexo": {"hombre": 1, "mujer": 2},
        "tramo_edad": {"30-44": 2, "65+": 1},
        "pueblo_originario": {"mapuche": 2, "sin_dato": 1},
    },
}


def _dorado() -> bytes:
    id_ = "01952014-fbbf-77b1-9a98-4b635686e719"
    sello = Sello("acta-taller", id_, "1776000000000.00001", huella(DATOS_FIJOS))
    return generar.dibujar(generar.Preparado(TIPOS["acta-taller"], id_, DATOS_FIJOS, sello))


def test_acta_dorada_identica_byte_a_byte():
    """Si cambia el diseño a propósito: PIR_ACTUALIZAR_DORADOS=1 y revisar el PDF a ojo."""
    actual = _dorado()
    if os.environ.get("PIR_ACTUALIZAR_DORADOS"):
        DORADO.write_bytes(actual)
    assert actual == _dorado()
    assert actual == DORADO.read_bytes()


def test_mismo_registro_mismos_bytes_en_otro_proceso(ruta_demo: Path, almacen_demo, tmp_path):
    taller = almacen_demo.listar(Taller, limite=1)[0]["id"]
    en_proceso = generar.construir(almacen_demo, "acta-taller", taller)
    assert en_proceso == generar.construir(almacen_demo, "acta-taller", taller)
    salida = tmp_path / "otro.pdf"
    r = cli_proceso(
        "documento", "acta-taller", "--db", ruta_demo, "--id", taller, "--salida", salida
    )
    assert r.returncode == 0, r.stderr
    assert salida.read_bytes() == en_proceso
