"""`pir-campo documento`: cada tipo desde la CLI y entradas malas sin archivos a medias."""

from __future__ import annotations

import pytest

from pir_campo.documentos import generar
from pir_campo.documentos.tipos import TIPOS
from pir_campo.errores import ErrorDocumento
from pir_campo.modelos import ActaValidacion, Taller
from tests.conftest import contenido


@pytest.mark.parametrize("nombre", list(TIPOS))
def test_cada_documento_desde_la_cli(nombre, ruta_demo, almacen_demo, cli, tmp_path):
    id_ = almacen_demo.listar(TIPOS[nombre].modelo, limite=1)[0]["id"]
    salida = tmp_path / f"{nombre}.pdf"
    codigo, texto, error = cli(
        "documento", nombre, "--db", ruta_demo, "--id", id_, "--salida", salida
    )
    assert (codigo, error) == (0, "")
    assert str(salida) in texto
    assert salida.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob("*.partial"))


def test_en_blanco_cambia_las_filas(ruta_demo, almacen_demo, cli, tmp_path, capsys):
    taller = almacen_demo.listar(Taller, limite=1)[0]["id"]
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert (
        cli(
            "documento",
            "lista-asistencia",
            "--db",
            ruta_demo,
            "--id",
            taller,
            "--salida",
            a,
            "--en-blanco",
            "0",
        )[0]
        == 0
    )
    assert (
        cli(
            "documento",
            "lista-asistencia",
            "--db",
            ruta_demo,
            "--id",
            taller,
            "--salida",
            b,
            "--en-blanco",
            "40",
        )[0]
        == 0
    )
    assert b.stat().st_size > a.stat().st_size
    codigo, _, error = cli(
        "documento",
        "lista-asistencia",
        "--db",
        ruta_demo,
        "--id",
        taller,
        "--salida",
        a,
        "--en-blanco",
        "muchas",
    )
    assert codigo == 2
    assert "«muchas» no es un número entero" in error


def test_entradas_malas_mensaje_en_espanol_y_nada_escrito(ruta_demo, almacen_demo, cli, tmp_path):
    taller = almacen_demo.listar(Taller, limite=1)[0]["id"]
    acta = almacen_demo.listar(ActaValidacion, limite=1)[0]["id"]
    antes = contenido(ruta_demo)
    casos = [
        (
            ["acta-taller", "--id", "no-existe", "--salida", tmp_path / "x.pdf"],
            "No existe ningún registro",
        ),
        (
            ["acta-taller", "--id", acta, "--salida", tmp_path / "x.pdf"],
            "corresponde al acta de validación, no al taller",
        ),
        (
            ["acta-validacion", "--id", taller, "--salida", tmp_path / "x.pdf"],
            "corresponde al taller, no al acta de validación",
        ),
        (
            ["acta-taller", "--id", taller, "--salida", tmp_path / "no" / "x.pdf"],
            "la carpeta no existe",
        ),
        (["acta-taller", "--id", taller, "--salida", tmp_path], "debe terminar en .pdf"),
        (["pmdt", "--id", taller, "--salida", tmp_path / "x.txt"], "debe terminar en .pdf"),
    ]
    for args, mensaje in casos:
        codigo, salida, error = cli("documento", args[0], "--db", ruta_demo, *args[1:])
        assert codigo == 1 and salida == "", args
        assert error.startswith("Error: ") and mensaje in error, error
        assert "Traceback" not in error
    directorio = tmp_path / "carpeta.pdf"
    directorio.mkdir()
    codigo, _, error = cli(
        "documento", "pmdt", "--db", ruta_demo, "--id", taller, "--salida", directorio
    )
    assert codigo == 1 and "es una carpeta" in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carpeta.pdf", "demo.sqlite"] or all(
        not p.name.endswith((".partial", "x.pdf")) for p in tmp_path.iterdir()
    )
    assert contenido(ruta_demo) == antes


def test_una_falla_al_dibujar_no_deja_parcial_ni_pisa_el_anterior(
    almacen_demo, tmp_path, monkeypatch
):
    taller = almacen_demo.listar(Taller, limite=1)[0]["id"]
    salida = tmp_path / "acta.pdf"
    salida.write_bytes(b"%PDF- version anterior")

    def romper(*_a, **_k):
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(generar.os, "fsync", romper)
    with pytest.raises(ErrorDocumento, match="No quedó ningún archivo a medias"):
        generar.generar(almacen_demo, "acta-taller", taller, salida)
    assert salida.read_bytes() == b"%PDF- version anterior"
    assert not list(tmp_path.glob("*.partial"))


def test_ayuda_en_espanol(cli, capsys):
    for args, esperado in (
        (["documento", "--help"], "verifica si un papel sigue vigente"),
        (["documento", "lista-asistencia", "--help"], "filas en blanco"),
        (["documento", "verificar", "--help"], "Sale con 0 si coincide"),
    ):
        codigo, salida, _ = cli(*args)
        assert codigo == 0
        assert esperado in salida
