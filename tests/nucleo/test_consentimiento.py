"""Consentimiento para datos sensibles y minimización (Ley 21.719, issue 13 parte 5).

Sin consentimiento el pueblo originario y la afrodescendencia no se guardan (servicio, CLI);
el consentimiento viaja notebook → oficina → notebook; la oficina decide qué datos opcionales
se recogen y el notebook los rechaza; la hoja de asistencia imprime la versión del aviso.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pir_campo.almacen import Almacen
from pir_campo.documentos import generar
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Asistencia, Consentimiento, Persona, Taller, Territorio
from pir_campo.servicios import consentimiento, envios, personas, talleres
from tests.nucleo import sincro_apoyo as apoyo


def _taller(a: Almacen) -> tuple[str, str]:
    tid = a.insertar(Territorio, apoyo.TERRITORIO)
    taller = a.insertar(
        Taller,
        {"territorio_id": tid, "paso": 1, "titulo": "Taller de inicio", "fecha": "2026-03-02"},
    )
    return tid, taller


def _texto_pdf(ruta: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(ruta), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_sin_consentimiento_el_dato_sensible_no_se_guarda(almacen):
    tid, taller = _taller(almacen)
    antes = almacen.contar(Persona)
    with pytest.raises(ErrorValidacion, match="dato sensible") as e:
        talleres.agregar_asistente(
            almacen, taller, {"nombre": "Rosa Ñancupil", "pueblo_originario": "mapuche"}
        )
    assert e.value.campo == "Pueblo originario"
    assert almacen.contar(Persona) == antes and almacen.contar(Asistencia) == 0
    # Con el consentimiento en la misma fila: la persona, su dato y el consentimiento.
    talleres.agregar_asistente(
        almacen,
        taller,
        {
            "nombre": "Rosa Ñancupil",
            "pueblo_originario": "mapuche",
            "consentimiento": {"forma": "firmado_hoja"},
        },
    )
    rosa = almacen.listar(Persona, nombre="Rosa Ñancupil")[0]
    assert rosa["pueblo_originario"] == "mapuche"
    (c,) = almacen.listar(Consentimiento)
    assert c["persona_id"] == rosa["id"] and c["taller_id"] == taller
    assert c["fecha"] == "2026-03-02" and c["version_aviso"] == consentimiento.version_vigente()
    # Un verbal sin testigo no deja nada escrito (ni la persona).
    with pytest.raises(ErrorValidacion, match="Testigo"):
        talleres.agregar_asistente(
            almacen,
            taller,
            {
                "nombre": "Juan Catrileo",
                "afrodescendiente": False,
                "consentimiento": {"forma": "verbal_testigo"},
            },
        )
    assert not almacen.listar(Persona, nombre="Juan Catrileo")


def test_editar_una_persona_pide_su_consentimiento_y_retirarlo_borra_los_datos(almacen):
    tid, taller = _taller(almacen)
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Luis Paillal"})
    with pytest.raises(ErrorValidacion, match="«Afrodescendiente» es un dato sensible"):
        personas.editar(almacen, pid, {"afrodescendiente": True})
    consentimiento.registrar(almacen, pid, "verbal_testigo", "María Huenchumán")
    personas.editar(almacen, pid, {"afrodescendiente": True, "pueblo_originario": "mapuche"})
    assert almacen.obtener(Persona, pid)["afrodescendiente"] is True
    (c,) = consentimiento.para_persona(almacen, pid)
    assert c["forma"] == "Verbal ante testigo" and c["testigo"] == "María Huenchumán"
    consentimiento.retirar(almacen, pid, "La persona lo pidió")
    p = almacen.obtener(Persona, pid)
    assert p["afrodescendiente"] is None and p["pueblo_originario"] is None
    assert not consentimiento.tiene(almacen, pid)
    with pytest.raises(ErrorValidacion, match="dato sensible"):
        personas.editar(almacen, pid, {"pueblo_originario": "mapuche"})


def test_cli_agregar_y_editar_piden_consentimiento(almacen, cli, tmp_path):
    tid, _taller_id = _taller(almacen)
    ruta = almacen.ruta
    almacen.cerrar()
    datos = json.dumps(
        {"territorio_id": tid, "nombre": "Ana Lefiñir", "pueblo_originario": "mapuche"}
    )
    codigo, out, err = cli("agregar", "personas", "--db", ruta, "--datos", datos)
    assert codigo == 1 and "dato sensible" in err and "Traceback" not in err
    codigo, out, _ = cli(
        "agregar", "personas", "--db", ruta, "--datos",
        json.dumps({"territorio_id": tid, "nombre": "Ana Lefiñir"}),
    )  # fmt: skip
    assert codigo == 0
    pid = out.strip()
    codigo, _, err = cli(
        "editar", "personas", pid, "--db", ruta, "--datos", '{"pueblo_originario": "mapuche"}'
    )
    assert codigo == 1 and "dato sensible" in err
    codigo, _, err = cli(
        "persona", "consentimiento", "--db", ruta, "--id", pid, "--forma", "verbal"
    )
    assert codigo == 1 and "testigo" in err
    codigo, out, _ = cli(
        "persona", "consentimiento", "--db", ruta, "--id", pid, "--forma", "verbal",
        "--testigo", "Pedro Huaiquil", "--fecha", "2026-12-01",
    )  # fmt: skip
    assert codigo == 0 and "versión 2026.1" in out
    codigo, _, err = cli(
        "editar", "personas", pid, "--db", ruta, "--datos", '{"pueblo_originario": "mapuche"}'
    )
    assert codigo == 0, err
    codigo, out, _ = cli("persona", "consentimiento", "--db", ruta, "--id", pid)
    assert "01-12-2026  Verbal ante testigo (testigo: Pedro Huaiquil)  aviso versión 2026.1" in out
    pdf = tmp_path / "datos.pdf"
    assert cli("persona", "exportar", "--db", ruta, "--id", pid, "--salida", pdf)[0] == 0
    texto = _texto_pdf(pdf)
    assert "Su consentimiento para datos sensibles" in texto and "Pedro Huaiquil" in texto


def test_el_consentimiento_viaja_de_notebook_a_oficina_y_al_otro_notebook(tmp_path):
    oficina, (n1, n2) = apoyo.red(tmp_path)
    _tid, taller = _taller(n1)
    talleres.agregar_asistente(
        n1,
        taller,
        {
            "nombre": "Rosa Ñancupil",
            "pueblo_originario": "mapuche",
            "consentimiento": {"forma": "verbal_testigo", "testigo": "Ana Pérez"},
        },
    )
    sin = apoyo.paquete(n1, oficina, tmp_path, cifrar=False)
    cab, registros, _a, _b = apoyo.partes(sin)
    # Un paquete con consentimientos pide la versión 8: una anterior los perdería.
    assert cab["min_reader_schema"] == 10 and len(registros["consentimiento"]) == 1
    apoyo.enviar(n1, oficina, tmp_path)
    apoyo.enviar(oficina, n2, tmp_path)
    for a in (oficina, n2):
        rosa = a.listar(Persona, nombre="Rosa Ñancupil")[0]
        assert rosa["pueblo_originario"] == "mapuche" and consentimiento.tiene(a, rosa["id"])
        assert consentimiento.para_persona(a, rosa["id"])[0]["testigo"] == "Ana Pérez"
    # La oficina confirmó el consentimiento: el paquete siguiente ya no lo trae y sigue en 7.
    apoyo.enviar(oficina, n1, tmp_path)
    n1.insertar(Persona, {"territorio_id": _tid, "nombre": "Juan Catrileo"})
    cab, registros, _a, _b = apoyo.partes(apoyo.paquete(n1, oficina, tmp_path, cifrar=False))
    assert "consentimiento" not in registros and cab["min_reader_schema"] == 7


def test_un_paquete_de_una_version_anterior_con_datos_sensibles_se_conserva_y_se_marca(tmp_path):
    oficina, (n1, _n2) = apoyo.red(tmp_path)
    tid, _taller_id = _taller(n1)
    # Como lo escribía una versión sin consentimientos (directo al almacén, sin el servicio).
    pid = n1.insertar(
        Persona, {"territorio_id": tid, "nombre": "Elena Quilaqueo", "pueblo_originario": "mapuche"}
    )
    apoyo.enviar(n1, oficina, tmp_path)
    assert oficina.obtener(Persona, pid)["pueblo_originario"] == "mapuche"  # no se pierde
    assert [f["id"] for f in consentimiento.sin_consentimiento(oficina)] == [pid]
    salida = tmp_path / "rat.pdf"
    from pir_campo.documentos import tratamiento

    tratamiento.generar(oficina, salida)
    texto = " ".join(_texto_pdf(salida).split())
    assert "Para revisar: 1 persona con datos sensibles sin consentimiento" in texto


def test_la_oficina_deja_de_recoger_campos_y_el_notebook_los_rechaza(tmp_path, cli):
    oficina, (n1, _n2) = apoyo.red(tmp_path)
    _tid, taller = _taller(n1)
    ruta_oficina = oficina.ruta
    oficina.cerrar()
    codigo, _, err = cli(
        "ajustes", "campos-personales", "--db", ruta_oficina, "--no-recoger", "telefono,edad"
    )
    assert codigo == 1 and "«edad» no es un dato opcional" in err
    codigo, out, _ = cli(
        "ajustes", "campos-personales", "--db", ruta_oficina, "--no-recoger", "telefono,sexo"
    )
    assert codigo == 0 and "Teléfono (telefono): no se recoge" in out
    assert "Tramo de edad (tramo_edad): se recoge" in out
    ruta_n1 = n1.ruta
    codigo, _, err = cli(
        "ajustes", "campos-personales", "--db", ruta_n1, "--no-recoger", "rut"
    )  # un notebook no decide
    assert codigo == 1 and "Solo la oficina" in err
    with Almacen.abrir(ruta_oficina) as o:
        cab, _r, _a, _b = apoyo.partes(apoyo.paquete(o, n1, tmp_path, cifrar=False))
        assert cab["min_reader_schema"] == 10  # la versión 7 no sabría ocultar el sexo
        apoyo.enviar(o, n1, tmp_path)
    assert envios.campos_opcionales(n1) == {
        "rut": True,
        "sexo": False,
        "tramo_edad": True,
        "pueblo_originario": True,
        "afrodescendiente": True,
        "telefono": False,
        "cargo": True,
    }
    with pytest.raises(ErrorValidacion, match="«Sexo» no se recoge en esta región"):
        talleres.agregar_asistente(n1, taller, {"nombre": "Rosa Ñancupil", "sexo": "mujer"})
    talleres.agregar_asistente(n1, taller, {"nombre": "Rosa Ñancupil", "tramo_edad": "30-44"})
    tid = n1.listar(Taller)[0]["territorio_id"]
    n1.cerrar()
    datos = json.dumps({"territorio_id": tid, "nombre": "Otra", "telefono": "+56 9 1234 5678"})
    codigo, _, err = cli("agregar", "personas", "--db", ruta_n1, "--datos", datos)
    assert codigo == 1 and "«Teléfono» no se recoge" in err
    salida = tmp_path / "rat.pdf"
    assert cli("persona", "tratamiento", "--db", ruta_n1, "--salida", salida)[0] == 0
    texto = " ".join(_texto_pdf(salida).split())
    assert "decidió no recoger en esta región: Sexo, Teléfono." in texto
    assert "Consentimiento para datos sensibles" in texto and "versión 2026.1" in texto


def test_la_hoja_de_asistencia_imprime_el_aviso_y_la_casilla_autorizo(almacen, tmp_path):
    _tid, taller = _taller(almacen)
    talleres.agregar_asistente(
        almacen,
        taller,
        {"nombre": "Rosa Ñancupil", "consentimiento": {"forma": "firmado_hoja"}},
    )
    talleres.agregar_asistente(almacen, taller, {"nombre": "Juan Catrileo"})
    ruta = generar.generar(almacen, "lista-asistencia", taller, tmp_path / "lista.pdf", en_blanco=2)
    texto = _texto_pdf(ruta)
    assert "Aviso de privacidad, versión 2026.1." in " ".join(texto.split())
    assert "Autorizo" in texto
    filas = {
        linea.split()[1]: linea
        for linea in texto.splitlines()
        if "Ñancupil" in linea or "Catrileo" in linea
    }
    assert "☒" in filas["Rosa"] and "☐" in filas["Juan"]
