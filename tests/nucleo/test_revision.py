"""Revisión en la oficina: estados con comentario, aprobación masiva en una transacción y
observaciones que viajan al notebook, se responden y vuelven."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Revision, Taller, Territorio
from pir_campo.servicios import revision
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a, b
    for x in (oficina, a, b):
        x.cerrar()


def _talleres(almacen, tid: str, n: int) -> list[str]:
    return almacen.insertar_lote(
        Taller,
        [
            {"territorio_id": tid, "paso": 1, "titulo": f"Taller {i}", "fecha": "2026-02-03"}
            for i in range(n)
        ],
    )


def test_observacion_ida_y_vuelta_respondida(escena):
    tmp, oficina, a, _ = escena
    a.fijar_persona("Rosa Ñancupil", recordar=True)
    tid = a.insertar(Territorio, TERRITORIO)
    [tal, otro] = _talleres(a, tid, 2)
    enviar(a, oficina, tmp)
    oficina.fijar_persona("Pía Soto")
    revision.revisar(oficina, [tal], "observado", "Falta la lista de asistencia firmada")
    revision.revisar(oficina, [otro], "aprobado")
    assert revision.estado(oficina, tal)["etiqueta"] == "Con observaciones"
    enviar(oficina, a, tmp)
    [obs] = revision.observaciones(a)
    assert obs["registro_id"] == tal and obs["revisado_por"] == "Pía Soto"
    assert obs["comentario"] == "Falta la lista de asistencia firmada"
    assert obs["tipo"] == "Taller" and obs["descripcion"] == "Taller 0 (03-02-2026)"
    assert revision.contar_observaciones(a) == 1
    revision.responder(a, tal, "Se adjuntó la hoja escaneada")
    assert revision.contar_observaciones(a) == 0
    enviar(a, oficina, tmp)
    e = revision.estado(oficina, tal)
    assert e["respuesta"] == "Se adjuntó la hoja escaneada"
    assert e["respondido_por"] == "Rosa Ñancupil" and e["estado"] == "observado"
    assert oficina.conflictos_abiertos() == 0
    assert revision.aprobacion(oficina, otro).startswith("Aprobado por Pía Soto el ")


def test_corregir_el_registro_saca_la_observacion_de_pendientes(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    [tal] = _talleres(a, tid, 1)
    enviar(a, oficina, tmp)
    revision.revisar(oficina, [tal], "observado", "El título no dice el lugar")
    enviar(oficina, a, tmp)
    assert revision.contar_observaciones(a) == 1
    a.actualizar(Taller, tal, {"titulo": "Taller 0 en Puerto Domínguez"})
    assert revision.contar_observaciones(a) == 0
    assert len(revision.observaciones(a, pendientes=False)) == 1


def test_aprobacion_masiva_de_500_talleres_en_una_transaccion_y_sincronizada(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    ids = _talleres(a, tid, 500)
    enviar(a, oficina, tmp)
    seq_antes = int(oficina.estado()["seq"])
    sentencias = []
    oficina.conn.set_trace_callback(sentencias.append)
    revision.revisar(oficina, ids, "aprobado", "Revisados en lote")
    oficina.conn.set_trace_callback(None)
    assert sum(1 for s in sentencias if s.startswith("BEGIN")) == 1
    assert sum(1 for s in sentencias if s.startswith("COMMIT")) == 1
    assert int(oficina.estado()["seq"]) == seq_antes + 500
    aprobados = revision.lista(oficina, "taller", "aprobado")
    assert len(aprobados) == 500 and aprobados[0]["estado_etiqueta"] == "Aprobado"
    assert revision.lista(oficina, "taller", "recibido") == []
    r = enviar(oficina, a, tmp)
    assert r.nuevos == 500
    assert a.contar(Revision, estado="aprobado") == 500


def test_aprobacion_masiva_con_un_id_malo_no_deja_nada(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    ids = _talleres(a, tid, 3)
    enviar(a, oficina, tmp)
    antes = contenido(oficina.ruta)
    with pytest.raises(Exception, match="No existe un taller"):
        revision.revisar(oficina, [*ids, "0195a000-0000-7000-8000-00000000dead"], "aprobado")
    assert contenido(oficina.ruta) == antes


def test_reglas_de_revision(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    [tal] = _talleres(a, tid, 1)
    with pytest.raises(ErrorValidacion, match="Solo la oficina"):
        revision.revisar(a, [tal], "aprobado")
    enviar(a, oficina, tmp)
    with pytest.raises(ErrorValidacion, match="«Comentario» es obligatorio"):
        revision.revisar(oficina, [tal], "observado", "  ")
    with pytest.raises(ErrorValidacion, match="no admite «listo»"):
        revision.revisar(oficina, [tal], "listo")


def test_cli_revisar_y_observaciones(escena, cli):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    [tal] = _talleres(a, tid, 1)
    enviar(a, oficina, tmp)
    codigo, salida, _ = cli(
        "revisar",
        "--db",
        oficina.ruta,
        "--id",
        tal,
        "--estado",
        "observado",
        "--comentario",
        "Falta la hora de término",
        "--persona",
        "Pía Soto",
    )
    assert codigo == 0 and "Con observaciones" in salida
    codigo, _, error = cli("revisar", "--db", oficina.ruta, "--id", tal, "--estado", "observado")
    assert codigo == 1 and "«Comentario» es obligatorio" in error
    oficina.cerrar()
    from pir_campo.almacen import Almacen

    with Almacen.abrir(oficina.ruta) as o:
        enviar(o, a, tmp)
    codigo, salida, _ = cli("observaciones", "--db", a.ruta)
    assert codigo == 0 and "Falta la hora de término" in salida and "Pía Soto" in salida
    codigo, salida, _ = cli("observaciones", "--db", a.ruta, "--json")
    [o] = json.loads(salida)
    assert o["registro_id"] == tal and o["revisado_por"] == "Pía Soto"
    codigo, salida, _ = cli(
        "observaciones", "--db", a.ruta, "--responder", tal, "--respuesta", "Corregida"
    )
    assert codigo == 0
    codigo, salida, _ = cli("observaciones", "--db", a.ruta, "--json")
    assert json.loads(salida) == []


def test_pdf_de_un_taller_aprobado_dice_quien_y_cuando(escena):
    from pir_campo.documentos import generar, verificacion
    from tests.nucleo.apoyo_documentos import texto

    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    [tal, otro] = _talleres(a, tid, 2)
    enviar(a, oficina, tmp)
    antes = generar.preparar(oficina, "acta-taller", tal).sello
    oficina.fijar_persona("Pía Soto")
    revision.revisar(oficina, [tal], "aprobado")
    pdf = generar.generar(oficina, "acta-taller", tal, tmp / "aprobado.pdf")
    contenido_pdf = " ".join(texto(pdf).split())
    assert "Aprobado por Pía Soto el " in contenido_pdf
    assert "(revisión de la oficina regional)" in contenido_pdf
    # Aprobar no cambia la huella: el papel impreso antes sigue coincidiendo.
    assert generar.preparar(oficina, "acta-taller", tal).sello == antes
    sin = generar.generar(oficina, "acta-taller", otro, tmp / "sin.pdf")
    assert "Aprobado por" not in texto(sin)
    assert "<b>" not in contenido_pdf and verificacion is not None


def test_la_revision_y_la_respuesta_quedan_en_el_historial_del_taller(escena):
    from pir_campo.servicios.historial import historial

    tmp, oficina, a, _ = escena
    a.fijar_persona("Rosa Ñancupil", recordar=True)
    tid = a.insertar(Territorio, TERRITORIO)
    [tal] = _talleres(a, tid, 1)
    enviar(a, oficina, tmp)
    oficina.fijar_persona("Pía Soto")
    revision.revisar(oficina, [tal], "observado", "Falta la lista firmada")
    enviar(oficina, a, tmp)
    revision.responder(a, tal, "Ya se adjuntó")
    enviar(a, oficina, tmp)
    h = historial(oficina, tal)
    assert [e.titulo for e in h.entradas] == [
        "Creación",
        "Revisión de la oficina",
        "Respuesta a la oficina",
    ]
    rev, resp = h.entradas[1:]
    assert rev.persona == "Pía Soto"
    assert {c.etiqueta: c.despues for c in rev.campos} == {
        "Estado de revisión": "Con observaciones",
        "Comentario de la oficina": "Falta la lista firmada",
    }
    assert resp.persona == "Rosa Ñancupil" and resp.instalacion == "notebook1"
    assert resp.campos[0].despues == "Ya se adjuntó"
