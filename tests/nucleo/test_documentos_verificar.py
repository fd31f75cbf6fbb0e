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


def test_codigo_compartido_se_desambigua_con_la_huella(almacen_demo):
    """El código corto es la marca de tiempo: registros del mismo instante lo comparten."""
    por_codigo: dict[str, list[tuple[str, str]]] = {}
    for tabla, tipos in DOCS_POR_TABLA.items():
        for fila in almacen_demo.listar(POR_TABLA[tabla]):
            por_codigo.setdefault(ids.codigo_corto(fila["id"]), []).append((tipos[0], fila["id"]))
    compartido = next(v for v in por_codigo.values() if len({i for _, i in v}) > 1)
    for tipo, id_ in compartido:
        p = generar.preparar(almacen_demo, tipo, id_)
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
