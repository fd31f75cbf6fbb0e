"""rotar-llaves, llave-recuperacion y recuperar por la CLI: códigos de salida y mensajes."""

from __future__ import annotations

import json
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.modelos import Territorio
from pir_campo.sincro import llave_recuperacion as lr
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, paquete, red


def test_rotar_llaves_y_recuperar_por_cli(cli, tmp_path: Path):
    oficina, (a,) = red(tmp_path, 1)
    a.insertar(Territorio, TERRITORIO)
    ruta_of, ruta_a = oficina.ruta, a.ruta
    oficina.cerrar()
    frase = tmp_path / "frase.txt"
    frase.write_text("cofre de lenga bajo el puente 88\n")
    llave = tmp_path / "oficina.pirk"

    codigo, salida, _ = cli(
        "llave-recuperacion", "--db", ruta_of, "--salida", llave, "--frase-archivo", frase
    )
    assert codigo == 0 and "Guárdela fuera de la oficina" in salida and llave.is_file()
    # En un notebook no hay llave de recuperación de oficina.
    codigo, _, error = cli(
        "llave-recuperacion",
        "--db",
        ruta_a,
        "--salida",
        tmp_path / "x.pirk",
        "--frase-archivo",
        frase,
    )
    assert codigo == 1 and "oficina regional" in error and "Traceback" not in error
    assert not (tmp_path / "x.pirk").exists()

    codigo, _, error = cli("rotar-llaves", "--db", ruta_a)
    assert codigo == 1 and "Solo la oficina regional" in error
    codigo, salida, _ = cli("rotar-llaves", "--db", ruta_of)
    assert codigo == 0 and "Escriba de nuevo la llave de recuperación" in salida
    assert "sigue leyendo paquetes cifrados para la llave anterior" in salida

    bueno = paquete(a, None, tmp_path, todo=True)  # aún cifrado para la llave anterior
    nueva = tmp_path / "rehecha.sqlite"
    # Frase equivocada, llave cortada, paquete que no es para esta oficina: código 1, nada creado.
    mala = tmp_path / "mala.txt"
    mala.write_text("no es la frase de esta llave 12\n")
    codigo, _, error = cli(
        "recuperar", "--llave", llave, "--paquete", bueno, "--db", nueva, "--frase-archivo", mala
    )
    assert codigo == 1 and "no es correcta" in error and not nueva.exists()
    cortada = tmp_path / "cortada.pirk"
    cortada.write_bytes(llave.read_bytes()[: len(llave.read_bytes()) // 2])
    codigo, _, error = cli(
        "recuperar", "--llave", cortada, "--paquete", bueno, "--db", nueva, "--frase-archivo", frase
    )
    assert codigo == 1 and "dañado, cortado" in error and not nueva.exists()
    (tmp_path / "otra").mkdir()
    otra, (c,) = red(tmp_path / "otra", 1)
    ajeno = paquete(c, otra, tmp_path)
    codigo, _, error = cli(
        "recuperar",
        "--llave",
        llave,
        "--paquete",
        bueno,
        ajeno,
        "--db",
        nueva,
        "--frase-archivo",
        frase,
    )
    assert codigo == 1 and "no es de un notebook para esta oficina" in error
    assert not nueva.exists() and not Path(f"{nueva}.llave").exists()

    codigo, salida, error = cli(
        "recuperar", "--llave", llave, "--paquete", bueno, "--db", nueva, "--frase-archivo", frase
    )
    assert codigo == 0, error
    assert "rehecha" in salida and "Paquetes importados: 1" in salida
    with Almacen.abrir(nueva) as rehecha:
        assert rehecha.conn.execute("SELECT count(*) FROM territorio").fetchone()[0] == 1
    # Recuperar no escribe en la llave.
    assert json.loads(llave.read_text())["formato"] == lr.FORMATO
    antes = contenido(nueva)
    codigo, _, error = cli(
        "recuperar", "--llave", llave, "--paquete", bueno, "--db", nueva, "--frase-archivo", frase
    )
    assert codigo == 1 and "Ya existe" in error and contenido(nueva) == antes
    for x in (a, otra, c):
        x.cerrar()


def test_ayudas_distinguen_recuperacion_de_recuperar(cli):
    _, salida, _ = cli("--help")
    assert "rotar-llaves" in salida and "llave-recuperacion" in salida and "recuperar" in salida
    _, salida, _ = cli("llave-recuperacion", "--help")
    assert "no confundir con «recuperacion»" in salida.replace("\n", " ").replace("  ", " ")
