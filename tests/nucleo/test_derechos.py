"""Derechos de acceso y portabilidad (Ley 21.719): el documento «Sus datos en el programa» y la
copia JSON/CSV de todo lo que la instalación guarda de una persona."""

from __future__ import annotations

import csv
import json

from pypdf import PdfReader

from pir_campo import formato
from pir_campo.modelos import Acuerdo, Persona
from pir_campo.servicios import actas, derechos, personas, talleres


def _mas_asistente(almacen) -> str:
    """La persona de la demo que más talleres tiene (consulta directa, sin el servicio)."""
    return almacen.conn.execute(
        "SELECT persona_id FROM asistencia WHERE eliminado = 0 GROUP BY persona_id "
        "ORDER BY count(*) DESC, persona_id LIMIT 1"
    ).fetchone()[0]


def _texto_pdf(ruta) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(ruta).pages)


def test_pdf_de_la_persona_lista_cada_taller_al_que_asistio(almacen_demo, cli, tmp_path):
    pid = _mas_asistente(almacen_demo)
    esperados = almacen_demo.conn.execute(
        "SELECT t.fecha, t.titulo FROM asistencia a JOIN taller t ON t.id = a.taller_id "
        "WHERE a.persona_id = ? AND a.eliminado = 0 ORDER BY t.fecha",
        (pid,),
    ).fetchall()
    assert len(esperados) >= 3
    persona = almacen_demo.obtener(Persona, pid)
    salida = tmp_path / "datos.pdf"
    codigo, out, err = cli(
        "persona", "exportar", "--db", almacen_demo.ruta, "--id", pid, "--salida", salida
    )
    assert codigo == 0, err
    assert f"Escrito {salida}" in out
    texto = _texto_pdf(salida)
    assert "Sus datos en el programa" in texto and persona["nombre"] in texto
    assert f"Talleres a los que asistió ({len(esperados)} talleres)" in texto
    for fecha, titulo in esperados:
        assert formato.fecha(fecha) in texto
        assert " ".join(titulo.split()[:2]) in texto  # el título puede partirse en la celda
    assert "Base de licitud" in texto and "Ley 21.719" in texto
    assert "entréguelo solo a la persona" in texto


def test_copia_json_y_csv_para_llevarse_los_datos(almacen_demo, cli, tmp_path):
    pid = _mas_asistente(almacen_demo)
    j, c = tmp_path / "datos.json", tmp_path / "datos.csv"
    codigo, _, err = cli(
        "persona", "exportar", "--db", almacen_demo.ruta, "--id", pid, "--json", j, "--csv", c
    )
    assert codigo == 0, err
    copia = json.loads(j.read_text(encoding="utf-8"))
    assert copia == derechos.datos_persona(almacen_demo, pid)  # la ida y vuelta no pierde nada
    assert copia["persona"]["id"] == pid and copia["formato"] == derechos.VERSION_FORMATO
    with c.open(encoding="utf-8-sig", newline="") as f:
        filas = list(csv.reader(f, delimiter=";"))
    assert filas[0] == ["Sección", "N°", "Dato", "Valor"]
    assert ["Persona", "1", "Nombre completo", copia["persona"]["nombre"]] in filas
    talleres_csv = [f[3] for f in filas if f[0] == "Asistencia" and f[2] == "Taller"]
    assert talleres_csv == [a["taller"] for a in copia["asistencias"]]


def test_fusion_correcciones_firmas_y_acuerdos_aparecen(almacen_demo):
    a = almacen_demo
    pid = _mas_asistente(a)
    p = a.obtener(Persona, pid)
    antes = len(derechos.datos_persona(a, pid)["asistencias"])
    # Una segunda ficha de la misma persona, con un taller propio, que luego se fusiona.
    taller = a.conn.execute(
        "SELECT id FROM taller WHERE territorio_id = ? AND estado != 'cerrado' AND id NOT IN "
        "(SELECT taller_id FROM asistencia WHERE persona_id = ?) LIMIT 1",
        (p["territorio_id"], pid),
    ).fetchone()[0]
    talleres.agregar_asistente(a, taller, {"nombre": p["nombre"] + " B", "cargo": "Werkén"})
    otra = a.conn.execute(
        "SELECT id FROM persona WHERE nombre = ?", (p["nombre"] + " B",)
    ).fetchone()[0]
    personas.fusionar(a, pid, otra)
    personas.editar(a, pid, {"telefono": "+56 9 8765 4321"}, "la persona lo pidió")
    acta = actas.nueva(a, p["territorio_id"], "validacion_territorio")
    actas.agregar_firmante(a, acta, {"nombre": p["nombre"], "rut": p["rut"], "lado": "comunidad"})
    a.insertar(
        Acuerdo,
        {
            "territorio_id": p["territorio_id"],
            "taller_id": taller,
            "texto": "Averiguar el costo del estanque",
            "responsable": p["nombre"].upper(),
        },
    )
    d = derechos.datos_persona(a, pid)
    assert d["persona"]["fusionada_con"] == [otra]
    assert len(d["asistencias"]) == antes + 1
    assert any(x["cargo"] == "Werkén" for x in d["asistencias"])
    [telefono] = [c for c in d["correcciones"] if c["campo"] == "Teléfono"]
    assert telefono["despues"] == "+56 9 8765 4321" and telefono["motivo"] == "la persona lo pidió"
    assert [f["parte"] for f in d["firmas"]] == ["Comunidad"]
    assert [c["acuerdo"] for c in d["acuerdos"]] == ["Averiguar el costo del estanque"]


def test_errores_en_espanol_sin_escribir_nada(almacen_demo, cli, tmp_path):
    db = almacen_demo.ruta
    codigo, _, err = cli(
        "persona", "exportar", "--db", db, "--id", "no-existe", "--json", tmp_path / "x.json"
    )
    assert codigo == 1 and "No existe una persona con identificador «no-existe»" in err
    codigo, _, err = cli(
        "persona", "exportar", "--db", db, "--id", "x", "--salida", tmp_path / "x.txt"
    )
    assert codigo == 1 and "debe terminar en .pdf" in err
    codigo, _, err = cli("persona", "exportar", "--db", db, "--id", "x")
    assert codigo == 1 and "Indique al menos un archivo" in err
    assert not list(tmp_path.glob("x.*"))


def test_el_pdf_lista_las_correcciones_de_la_bitacora(almacen_demo, tmp_path):
    """Rectificación: cada corrección hecha a sus datos, con antes, después y quién, en el PDF."""
    from pir_campo.documentos import generar

    a = almacen_demo
    pid = _mas_asistente(a)
    p = a.obtener(Persona, pid)
    personas.editar(a, pid, {"telefono": "+56 9 8765 4321"}, "la persona lo pidió")
    personas.editar(a, pid, {"nombre": p["nombre"] + " Segunda"}, "corrige su apellido")
    # Lo que dice la bitácora, leído directo: cada campo cambiado de la persona.
    cambios = a.conn.execute(
        "SELECT campo FROM cambio WHERE tabla = 'persona' AND registro_id = ? AND campo != '*' "
        "AND motivo IN ('la persona lo pidió', 'corrige su apellido')",
        (pid,),
    ).fetchall()
    assert sorted(c for (c,) in cambios) == ["nombre", "telefono"]
    salida = tmp_path / "datos.pdf"
    generar.generar(a, "datos-persona", pid, salida)
    texto = _texto_pdf(salida)
    assert "Correcciones hechas a sus datos" in texto
    assert "no se han corregido" not in texto
    assert "+56 9 8765 4321" in texto and "Segunda" in texto
    assert "Teléfono" in texto.split("Correcciones hechas a sus datos")[1]
