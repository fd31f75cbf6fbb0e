"""`pir-campo documento verificar`: por el texto del QR o por el código corto con su huella."""

from __future__ import annotations

import pytest

from pir_campo import ids
from pir_campo.almacen import Almacen
from pir_campo.documentos import generar, verificacion
from pir_campo.documentos.tipos import POR_TABLA as DOCS_POR_TABLA
from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.modelos import POR_TABLA, Acuerdo, Asistencia, Taller
from tests.nucleo.apoyo_documentos import leer_qr, renderizar


def _taller_abierto(a: Almacen) -> str:
    return a.listar(Taller, estado="borrador", limite=1)[0]["id"]


def test_qr_del_papel_coincide_y_luego_cambia(ruta_demo, almacen_demo, tmp_path, cli):
    taller = _taller_abierto(almacen_demo)
    ruta = generar.generar(almacen_demo, "acta-taller", taller, tmp_path / "acta.pdf")
    qr = leer_qr(renderizar(ruta, tmp_path, resolucion=150)[0])
    codigo, salida, _ = cli("documento", "verificar", "--db", ruta_demo, "--codigo", qr)
    assert codigo == 0 and salida.startswith("Coincide:")

    # Un cambio que no aparece en el acta (firmó en papel) no invalida el papel.
    asistencia = almacen_demo.listar(Asistencia, taller_id=taller, limite=1)[0]["id"]
    almacen_demo.actualizar(Asistencia, asistencia, {"firmo": True, "cargo": "Lonko"})
    resultado = verificacion.verificar(almacen_demo, qr)
    assert resultado.estado == verificacion.COINCIDE

    acuerdo = almacen_demo.listar(Acuerdo, taller_id=taller, limite=1)[0]["id"]
    almacen_demo.actualizar(Acuerdo, acuerdo, {"texto": "Acuerdo corregido después de imprimir"})
    codigo, salida, error = cli("documento", "verificar", "--db", ruta_demo, "--codigo", qr)
    assert codigo == 2 and salida.startswith("Cambió:") and not error
    assert "Imprima el documento de nuevo" in salida


def test_codigo_corto_con_y_sin_huella(almacen_demo):
    taller = _taller_abierto(almacen_demo)
    p = generar.preparar(almacen_demo, "lista-asistencia", taller)
    r = verificacion.verificar(almacen_demo, f"{p.codigo.lower()} {p.sello.corta}")
    assert r.estado == verificacion.COINCIDE
    assert r.candidatos[0].tipo == "lista-asistencia" and r.candidatos[0].id == taller

    solo = verificacion.verificar(almacen_demo, p.codigo)
    assert solo.estado == verificacion.IDENTIFICADO
    assert {c.tipo for c in solo.candidatos if c.id == taller} == {
        "acta-taller",
        "lista-asistencia",
    }
    assert p.sello.corta in solo.mensaje

    persona = almacen_demo.listar(Asistencia, taller_id=taller, limite=1)[0]["id"]
    almacen_demo.eliminar(Asistencia, persona)
    cambio = verificacion.verificar(almacen_demo, f"{p.codigo}-{p.sello.corta}")
    assert cambio.estado == verificacion.CAMBIO and not cambio.vigente


def test_codigos_cortos_de_la_demo_no_se_repiten(almacen_demo):
    """El código corto usa bits al azar del UUID, no su marca de tiempo."""
    codigos = [
        ids.codigo_corto(fila["id"])
        for tabla in DOCS_POR_TABLA
        for fila in almacen_demo.listar(POR_TABLA[tabla])
    ]
    assert len(codigos) > 50 and len(set(codigos)) == len(codigos)


def test_codigo_compartido_se_desambigua_con_la_huella(almacen_demo):
    """Si dos registros llegaran a compartir código, la huella impresa dice cuál es."""
    original = almacen_demo.listar(Taller, limite=1)[0]
    gemelo = "0195a000-0000-7000-8000-00" + original["id"][-10:]
    datos = {k: v for k, v in original.items() if k != "id"}
    almacen_demo.insertar(
        Taller, {**datos, "titulo": "Otro taller", "estado": "borrador"}, id=gemelo
    )
    assert ids.codigo_corto(gemelo) == ids.codigo_corto(original["id"])
    for id_ in (original["id"], gemelo):
        p = generar.preparar(almacen_demo, "acta-taller", id_)
        r = verificacion.verificar(almacen_demo, f"{p.codigo} {p.sello.corta}")
        assert r.estado == verificacion.COINCIDE and r.candidatos[0].id == id_


def test_eliminado_y_codigos_invalidos(almacen_demo, cli, ruta_demo):
    taller = _taller_abierto(almacen_demo)
    p = generar.preparar(almacen_demo, "acta-taller", taller)
    with pytest.raises(ErrorValidacion, match="no es válido"):
        verificacion.verificar(almacen_demo, p.codigo[:-1] + ("0" if p.codigo[-1] != "0" else "1"))
    with pytest.raises(ErrorValidacion, match="no es un código de documento"):
        verificacion.verificar(almacen_demo, "hola mundo")
    with pytest.raises(ErrorNoEncontrado, match="Ningún registro"):
        verificacion.verificar(almacen_demo, "0000-00000")
    otro = p.sello.texto().replace(taller, "01234567-89ab-7def-8123-456789abcdef")
    with pytest.raises(ErrorNoEncontrado, match="sincronización"):
        verificacion.verificar(almacen_demo, otro)

    almacen_demo.eliminar(Taller, taller)
    codigo, salida, _ = cli(
        "documento", "verificar", "--db", ruta_demo, "--codigo", p.sello.texto()
    )
    assert codigo == 2 and "eliminado" in salida
    codigo, _, error = cli("documento", "verificar", "--db", ruta_demo, "--codigo", "XX")
    assert codigo == 1 and error.startswith("Error: ") and "Traceback" not in error
