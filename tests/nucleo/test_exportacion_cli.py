"""`pir-campo datos` ante cada mala entrada del issue: una frase en español, salida 1 y ningún
archivo a medias. La carpeta de solo lectura y el disco lleno son de verdad: un tmpfs montado
de solo lectura o de 48 KB en un espacio de montaje propio (`unshare`), no un simulacro."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import openpyxl
import pytest

from pir_campo.almacen import Almacen
from pir_campo.modelos import Territorio
from tests.conftest import RAIZ


def _nada_en(carpeta) -> list[str]:
    return sorted(os.listdir(carpeta))


def test_exporta_un_libro_y_dice_donde(ruta_demo, tmp_path, cli):
    salida = tmp_path / "datos.xlsx"
    codigo, out, err = cli("datos", "--db", ruta_demo, "--formato", "xlsx", "--salida", salida)
    assert codigo == 0, err
    assert str(salida) in out and "Asistencia:" in out and "seudónimo" in out
    assert openpyxl.load_workbook(salida, read_only=True).sheetnames[0] == "Léame"
    assert not [n for n in _nada_en(tmp_path) if "parcial" in n]


def test_territorio_inexistente(ruta_demo, tmp_path, cli):
    salida = tmp_path / "x.xlsx"
    codigo, _, err = cli(
        "datos", "--db", ruta_demo, "--formato", "xlsx", "--salida", salida, "--territorio", "nada"
    )
    assert codigo == 1 and "No existe un territorio con identificador nada" in err
    assert not salida.exists()


def test_territorio_eliminado_tampoco_existe(ruta_demo, tmp_path, cli):
    with Almacen.abrir(ruta_demo) as a:
        tid = a.listar(Territorio)[0]["id"]
        a.eliminar(Territorio, tid, motivo="prueba")
    codigo, _, err = cli(
        "datos",
        "--db",
        ruta_demo,
        "--formato",
        "csv",
        "--salida",
        tmp_path / "c",
        "--territorio",
        tid,
    )
    assert codigo == 1 and tid in err and not (tmp_path / "c").exists()


def test_seleccion_vacia(tmp_path, cli):
    with Almacen.iniciar(tmp_path / "vacia.sqlite", "campo", "Ana", "09"):
        pass
    salida = tmp_path / "x.gpkg"
    codigo, _, err = cli(
        "datos", "--db", tmp_path / "vacia.sqlite", "--formato", "gpkg", "--salida", salida
    )
    assert codigo == 1 and "no tiene ningún territorio" in err
    assert not salida.exists()


def test_fechas_al_reves_o_imposibles(ruta_demo, tmp_path, cli):
    salida = tmp_path / "x.xlsx"
    base = ("datos", "--db", ruta_demo, "--formato", "xlsx", "--salida", salida)
    codigo, _, err = cli(*base, "--desde", "30-06-2026", "--hasta", "01-01-2026")
    assert codigo == 1 and "termina (01-01-2026) antes de empezar (30-06-2026)" in err
    codigo, _, err = cli(*base, "--desde", "31-02-2026")
    assert codigo == 1 and "«31-02-2026» no es válida" in err and "dd-mm-aaaa" in err
    assert not salida.exists()


def test_carpeta_que_no_existe(ruta_demo, tmp_path, cli):
    for formato, salida in (("xlsx", "no/x.xlsx"), ("geojson", "no/capas")):
        codigo, _, err = cli(
            "datos", "--db", ruta_demo, "--formato", formato, "--salida", tmp_path / salida
        )
        assert codigo == 1 and "no existe" in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


def _en_tmpfs(opciones: str, carpeta, *args) -> subprocess.CompletedProcess[str]:
    """La CLI dentro de un espacio de montaje propio donde `carpeta` es un tmpfs nuevo."""
    unshare = shutil.which("unshare")
    assert unshare, "falta unshare (util-linux)"
    orden = " ".join(
        [
            f"mount -t tmpfs -o {opciones} none '{carpeta}' &&",
            f"'{sys.executable}' -m pir_campo",
            *(f"'{a}'" for a in args),
            f"; echo \"codigo=$?\"; ls -A '{carpeta}'",
        ]
    )
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [unshare, "-rm", "sh", "-c", orden],
        capture_output=True,
        text=True,
        env=entorno,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("formato", "nombre"), [("xlsx", "x.xlsx"), ("csv", "csv"), ("gpkg", "x.gpkg")]
)
def test_carpeta_de_solo_lectura(ruta_demo, tmp_path, formato, nombre):
    carpeta = tmp_path / "ro"
    carpeta.mkdir()
    r = _en_tmpfs(
        "ro,size=1m",
        carpeta,
        "datos",
        "--db",
        ruta_demo,
        "--formato",
        formato,
        "--salida",
        carpeta / nombre,
    )
    assert "codigo=1" in r.stdout, r.stdout + r.stderr
    assert f"El disco donde está {carpeta / nombre} es de solo lectura" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout.strip().endswith("codigo=1"), "la carpeta quedó con algo: " + r.stdout


@pytest.mark.parametrize(
    ("formato", "nombre"),
    [("xlsx", "x.xlsx"), ("csv", "csv"), ("geojson", "capas"), ("gpkg", "x.gpkg")],
)
def test_disco_lleno_no_deja_nada(ruta_demo, tmp_path, formato, nombre):
    carpeta = tmp_path / "lleno"
    carpeta.mkdir()
    r = _en_tmpfs(
        "size=48k",
        carpeta,
        "datos",
        "--db",
        ruta_demo,
        "--formato",
        formato,
        "--salida",
        carpeta / nombre,
        "--con-datos-personales",
    )
    assert "codigo=1" in r.stdout, r.stdout + r.stderr
    assert "El disco donde está" in r.stderr and "está lleno: libere espacio" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and "Exception" not in r.stderr, r.stderr
    # Tras el código, `ls -A` no lista nada: ni el archivo pedido ni su temporal.
    assert r.stdout.strip().endswith("codigo=1"), "la carpeta quedó con algo: " + r.stdout


def test_mensajes_de_escritura_en_espanol(tmp_path):
    import errno

    from pir_campo.exportacion.archivo import mensaje_os

    abierto = tmp_path / "datos.xlsx"
    abierto.write_bytes(b"")
    assert "¿está abierto en Excel" in mensaje_os(abierto, OSError(errno.EACCES, "x"))
    assert f"El disco donde está {abierto} está lleno" in mensaje_os(
        abierto, OSError(errno.ENOSPC, "x")
    )
    nuevo = tmp_path / "nuevo.xlsx"
    assert f"El disco donde está {nuevo} es de solo lectura" in mensaje_os(
        nuevo, OSError(errno.EROFS, "x")
    )
    assert f"No hay permiso para escribir en {tmp_path}" in mensaje_os(
        nuevo, OSError(errno.EACCES, "x")
    )
