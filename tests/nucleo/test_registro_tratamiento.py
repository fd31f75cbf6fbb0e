"""El «Registro de actividades de tratamiento» sale del esquema y de los ajustes de la región."""

from __future__ import annotations

import json

from pypdf import PdfReader

from pir_campo.modelos import Persona


def _texto(ruta) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(ruta).pages).split())


def test_registro_de_tratamiento_desde_el_esquema_y_los_ajustes(almacen_demo, cli, tmp_path):
    a = almacen_demo
    a.guardar_ajuste("campos_opcionales", json.dumps({"telefono": False}))
    personas = a.contar(Persona)
    ruta = a.ruta
    a.cerrar()
    codigo, salida, _ = cli("persona", "tratamiento", "--db", ruta, "--salida", tmp_path / "r.pdf")
    assert codigo == 0 and "Escrito" in salida
    texto = _texto(tmp_path / "r.pdf")
    assert "Registro de actividades de tratamiento" in texto
    assert f"Personas que asisten a talleres ({personas:,} registros)".replace(",", ".") in texto
    # Cada campo de la persona, con su título del modelo, y lo que dice el ajuste de la región.
    for titulo in (Persona.model_fields[k].title for k in ("nombre", "rut", "tramo_edad")):
        assert titulo in texto
    assert "Pueblo originario sensible: solo con consentimiento" in texto
    assert "Teléfono no se recoge en esta región" in texto
    for seccion in ("Finalidades", "Base de licitud", "Plazo de conservación", "Destinatarios"):
        assert seccion in texto
    assert "Medidas de seguridad" in texto and "cifrad" in texto
