"""Dos notebooks y una oficina manejados solo por la CLI, con mensajes en español."""

from __future__ import annotations

import json
from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.modelos import Persona
from tests.conftest import contenido


def _id(cli, db: Path) -> str:
    codigo, salida, _ = cli("resumen", "--db", db, "--json")
    assert codigo == 0
    return json.loads(salida)["dispositivo"]


def test_dos_notebooks_y_oficina_por_cli(cli, tmp_path: Path, plantilla_demo: Path):
    from tests.conftest import copiar_base

    n1 = copiar_base(plantilla_demo, tmp_path / "n1.sqlite")
    n2 = tmp_path / "n2.sqlite"
    of = tmp_path / "of.sqlite"
    assert (
        cli("iniciar", "--db", n2, "--rol", "campo", "--nombre", "Juan Pérez", "--region", "09")[0]
        == 0
    )
    assert (
        cli("iniciar", "--db", of, "--rol", "oficina", "--nombre", "GORE", "--region", "09")[0] == 0
    )
    for db in (n1, n2, of):
        codigo, salida, _ = cli("identidad", "--db", db, "--salida", db.with_suffix(".json"))
        assert codigo == 0 and "Huella:" in salida
    codigo, salida, _ = cli("confiar", "--db", n1, of.with_suffix(".json"))
    assert codigo == 0 and "Oficina registrada" in salida
    assert cli("confiar", "--db", n2, of.with_suffix(".json"))[0] == 0
    # La oficina no registra un notebook sin decir dónde trabaja.
    codigo, _, error = cli("confiar", "--db", of, n1.with_suffix(".json"))
    assert codigo == 1 and "--toda-la-region" in error and "Traceback" not in error
    for n in (n1, n2):
        codigo, salida, _ = cli("confiar", "--db", of, n.with_suffix(".json"), "--toda-la-region")
        assert codigo == 0 and "Notebook registrado" in salida
    codigo, _, error = cli("confiar", "--db", n1, n2.with_suffix(".json"))
    assert codigo == 1 and "solo se registra la oficina" in error

    codigo, salida, _ = cli("exportar", "--db", n1, "--salida", tmp_path / "n1.pirb")
    assert codigo == 0 and "puede retirar el pendrive" in salida
    codigo, salida, _ = cli("verificar", "--db", of, tmp_path / "n1.pirb")
    assert codigo == 0 and "válido" in salida
    antes = contenido(of)
    assert contenido(of) == antes  # verificar no escribe
    codigo, salida, _ = cli("importar", "--db", of, tmp_path / "n1.pirb", tmp_path / "n1.pirb")
    assert codigo == 0 and "nuevos" in salida and "ya importado" in salida

    for n in (n1, n2):
        destino = tmp_path / f"para-{n.stem}.pirb"
        codigo, _, _ = cli("exportar", "--db", of, "--para", _id(cli, n), "--salida", destino)
        assert codigo == 0
        codigo, salida, _ = cli("importar", "--db", n, destino)
        assert codigo == 0 and "Recibo de la oficina" in salida
    codigo, salida, _ = cli("resumen", "--db", n1, "--json")
    assert json.loads(salida)["pendientes_envio"] == 0
    with Almacen.abrir(n1) as a, Almacen.abrir(n2) as b:
        assert a.contar(Persona) == b.contar(Persona) > 0
        pid = a.listar(Persona, limite=1)[0]["id"]
        a.actualizar(Persona, pid, {"nombre": "Nombre desde notebook 1"})
        b.actualizar(Persona, pid, {"nombre": "Nombre desde notebook 2"})
    for n in (n1, n2):
        assert cli("exportar", "--db", n, "--salida", tmp_path / f"c-{n.stem}.pirb")[0] == 0
    codigo, salida, _ = cli("importar", "--db", of, tmp_path / "c-n2.pirb", tmp_path / "c-n1.pirb")
    assert codigo == 0 and "1 conflicto," in salida
    codigo, salida, _ = cli("conflictos", "--db", of, "--json")
    [c] = json.loads(salida)
    assert {c["valor_vigente"], c["valor_otro"]} == {
        "Nombre desde notebook 1",
        "Nombre desde notebook 2",
    }
    codigo, salida, _ = cli("conflictos", "--db", of)
    assert "Nombre" in salida and c["id"][:8] in salida
    codigo, salida, _ = cli(
        "conflictos", "--db", of, "--resolver", c["id"], "--accion", "tomar_otro"
    )
    assert codigo == 0
    codigo, salida, _ = cli("conflictos", "--db", of)
    assert "No hay conflictos abiertos" in salida


def test_errores_en_espanol_sin_traza(cli, tmp_path: Path):
    of = tmp_path / "of.sqlite"
    n = tmp_path / "n.sqlite"
    cli("iniciar", "--db", of, "--rol", "oficina", "--nombre", "GORE", "--region", "09")
    cli("iniciar", "--db", n, "--rol", "campo", "--nombre", "Ana", "--region", "09")
    codigo, _, error = cli("exportar", "--db", n, "--salida", tmp_path / "x.pirb")
    assert codigo == 1 and "no tiene oficina registrada" in error
    codigo, _, error = cli("exportar", "--db", of, "--salida", tmp_path / "x.pirb")
    assert codigo == 1 and "--para" in error
    basura = tmp_path / "basura.pirb"
    basura.write_bytes(b"PK\x03\x04 esto no es un paquete")
    antes = contenido(of)
    codigo, salida, error = cli("importar", "--db", of, basura)
    assert codigo == 1 and "incompleto o dañado" in error and "Traceback" not in error
    codigo, salida, _ = cli("verificar", "--db", of, basura)
    assert codigo == 1 and "RECHAZADO" in salida
    assert contenido(of) == antes
    codigo, _, error = cli("confiar", "--db", of, basura)
    assert codigo == 1 and "no es una identidad válida" in error


def test_ayuda_en_espanol(capsys):

    from pir_campo.cli import main

    for comando in ("identidad", "confiar", "exportar", "verificar", "importar", "conflictos"):
        assert main([comando, "--help"]) == 0
        salida = capsys.readouterr().out
        assert "uso:" in salida and "opciones" in salida and "--db" in salida
