"""Disco lleno, medio de solo lectura y corte a mitad de crear, en discos reales pequeños.

Cada comando termina con código 1 y una sola frase en español que nombra la causa y el lugar;
la base queda como estaba (integridad y filas) y nada a medio crear queda con el nombre pedido.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pir_campo.almacen import Almacen, motor
from pir_campo.errores import (
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_READONLY,
    ErrorDisco,
    error_disco,
)
from pir_campo.modelos import Taller
from tests.conftest import RAIZ, cli_proceso, conectar, contenido, copiar_base
from tests.discos import discos, llenar  # noqa: F401 - accesorio

COMUNA = "09101"


def lleno(ruta: Path) -> str:
    return f"Error: El disco donde está {ruta} está lleno: libere espacio y vuelva a intentarlo.\n"


def solo_lectura(ruta: Path) -> str:
    return (
        f"Error: El disco donde está {ruta} es de solo lectura: quite la protección contra "
        "escritura o use otro disco, y vuelva a intentarlo.\n"
    )


def integra(ruta: Path) -> bool:
    conn = conectar(ruta)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def huellas(carpeta: Path) -> dict[str, str]:
    return {
        str(p.relative_to(carpeta)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(carpeta.rglob("*"))
        if p.is_file()
    }


def iniciar(ruta: Path) -> subprocess.CompletedProcess[str]:
    return cli_proceso("iniciar", "--db", ruta, "--rol", "campo", "--nombre", "Ana")


# ---- la frase y los códigos ----------------------------------------------------------------


def test_los_codigos_son_los_del_motor():
    assert motor.CODIGOS == {
        "SQLITE_READONLY": SQLITE_READONLY,
        "SQLITE_IOERR": SQLITE_IOERR,
        "SQLITE_FULL": SQLITE_FULL,
        "SQLITE_CANTOPEN": SQLITE_CANTOPEN,
    }


def test_errno_del_sistema_de_archivos_da_la_misma_frase(tmp_path):
    ruta = tmp_path / "x.pdf"
    assert error_disco(OSError(errno.ENOSPC, "lleno"), ruta).causa == "lleno"
    assert error_disco(OSError(errno.EROFS, "ro"), ruta).causa == "solo_lectura"
    assert error_disco(OSError(errno.EIO, "E/S", str(ruta) + ".partial"), ruta).ruta == ruta
    sacado = error_disco(OSError(errno.EIO, "E/S", str(tmp_path / "foto.jpg")))
    assert str(sacado) == (
        f"No se pudo leer ni escribir en {tmp_path / 'foto.jpg'}: ¿se desconectó el pendrive? "
        "Vuelva a conectarlo y vuelva a intentarlo."
    )
    assert error_disco(OSError(errno.ENOENT, "no"), ruta) is None
    assert error_disco(ValueError("otra cosa"), ruta) is None


# ---- disco lleno ---------------------------------------------------------------------------


# 400 KB no alcanzan ni para el esquema; en 1,5 MB cabe la base vacía, pero no la demo.
@pytest.mark.parametrize(
    ("comando", "tamano"), [("iniciar", "400k"), ("demo", "400k"), ("demo", "1500k")]
)
def test_crear_en_disco_lleno_no_deja_nada(discos, comando, tamano):  # noqa: F811
    disco = discos.tmpfs("disco", tamano)
    ruta = disco / "base.sqlite"
    r = iniciar(ruta) if comando == "iniciar" else cli_proceso("demo", "--db", ruta)
    assert (r.returncode, r.stderr) == (1, lleno(ruta)), r.stderr
    assert sorted(os.listdir(disco)) == [], "quedó algo a medio crear"
    # La próxima vez se ve como lo que es: no hay base (no «sin identidad» ni «ya existe»).
    r = cli_proceso("resumen", "--db", ruta)
    assert r.returncode == 1 and "No existe la base de datos" in r.stderr, r.stderr


def _base_en_disco(discos, tamano: str) -> Path:  # noqa: F811
    disco = discos.tmpfs("disco", tamano)
    ruta = disco / "campo.sqlite"
    assert iniciar(ruta).returncode == 0
    return ruta


def test_agregar_con_el_disco_lleno_deja_la_base_igual(discos, tmp_path):  # noqa: F811
    ruta = _base_en_disco(discos, "2400k")
    antes = contenido(ruta)
    lote = [
        {"nombre": f"Territorio de prueba {n}", "cut_region": "09", "comunas": [COMUNA]}
        for n in range(6000)
    ]
    datos = tmp_path / "lote.json"
    datos.write_text(json.dumps(lote), encoding="utf-8")
    r = cli_proceso("agregar", "territorios", "--db", ruta, "--datos", f"@{datos}")
    assert (r.returncode, r.stderr) == (1, lleno(ruta)), r.stderr
    assert contenido(ruta) == antes and integra(ruta)
    # Ya sin espacio alguno, ni abrir se puede: la misma frase, también para leer.
    relleno = llenar(ruta.parent)
    for orden in (["resumen"], ["agregar", "territorios", "--datos", json.dumps(lote[0])]):
        r = cli_proceso(*orden, "--db", ruta)
        assert (r.returncode, r.stderr) == (1, lleno(ruta)), r.stderr
    relleno.unlink()
    assert contenido(ruta) == antes and integra(ruta)
    r = cli_proceso("agregar", "territorios", "--db", ruta, "--datos", json.dumps(lote[0]))
    assert r.returncode == 0, r.stderr


def test_demo_sobre_una_base_en_disco_lleno_no_agrega_nada(discos):  # noqa: F811
    """El caso del «cannot rollback - no transaction is active»: SQLite ya deshizo solo."""
    ruta = _base_en_disco(discos, "2400k")
    antes = contenido(ruta)
    r = cli_proceso("demo", "--db", ruta)
    assert (r.returncode, r.stderr) == (1, lleno(ruta)), r.stderr
    assert contenido(ruta) == antes and integra(ruta)


def test_importar_con_el_disco_lleno_deja_la_base_igual(discos, tmp_path, ruta_demo, cli):  # noqa: F811
    oficina = discos.tmpfs("disco", "2400k") / "oficina.sqlite"
    r = cli_proceso("iniciar", "--db", oficina, "--rol", "oficina", "--nombre", "GORE")
    assert r.returncode == 0, r.stderr
    for db, otro in ((oficina, ruta_demo), (ruta_demo, oficina)):
        identidad = tmp_path / f"{db.stem}.json"
        assert cli("identidad", "--db", db, "--salida", identidad)[0] == 0
        region = ("--toda-la-region",) if otro == oficina else ()
        assert cli("confiar", "--db", otro, identidad, *region)[0] == 0
    paquete = tmp_path / "n1.pirb"
    assert cli("exportar", "--db", ruta_demo, "--salida", paquete)[0] == 0
    antes = contenido(oficina)
    r = cli_proceso("importar", "--db", oficina, paquete)
    assert r.returncode == 1 and "está lleno: libere espacio" in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and str(oficina.parent) in r.stderr, r.stderr
    assert contenido(oficina) == antes and integra(oficina)


# ---- medio de solo lectura -----------------------------------------------------------------


@pytest.mark.parametrize(
    "orden",
    [
        ["resumen"],
        ["listar", "talleres"],
        ["agregar", "territorios", "--datos", '{"nombre": "X", "cut_region": "09"}'],
        ["demo"],
    ],
)
def test_base_en_un_medio_de_solo_lectura(discos, tmp_path, ruta_demo, orden):  # noqa: F811
    origen = tmp_path / "origen"
    origen.mkdir()
    copiar_base(ruta_demo, origen / "demo.sqlite")
    antes = huellas(origen)
    ruta = discos.solo_lectura(origen, "pendrive") / "demo.sqlite"
    r = cli_proceso(*orden, "--db", ruta)
    assert (r.returncode, r.stderr) == (1, solo_lectura(ruta)), r.stderr
    assert huellas(origen) == antes


@pytest.mark.parametrize("comando", ["iniciar", "demo"])
def test_crear_en_un_medio_de_solo_lectura(discos, tmp_path, comando):  # noqa: F811
    (tmp_path / "vacio").mkdir()
    ruta = discos.solo_lectura(tmp_path / "vacio", "pendrive") / "nueva.sqlite"
    r = iniciar(ruta) if comando == "iniciar" else cli_proceso("demo", "--db", ruta)
    assert (r.returncode, r.stderr) == (1, solo_lectura(ruta)), r.stderr
    assert os.listdir(tmp_path / "vacio") == []


def test_el_almacen_en_proceso_da_la_misma_frase(discos, ruta_demo):  # noqa: F811
    ruta = discos.solo_lectura(ruta_demo.parent, "pendrive") / ruta_demo.name
    with pytest.raises(ErrorDisco) as e:
        Almacen.abrir(ruta)
    assert (e.value.causa, e.value.ruta) == ("solo_lectura", ruta)


# ---- crear: nombre temporal, restos de un corte, demo repetida -----------------------------


def test_restos_de_una_creacion_cortada_se_borran(tmp_path):
    ruta = tmp_path / "demo.sqlite"
    (tmp_path / "demo.creando.sqlite").write_bytes(os.urandom(5000))
    (tmp_path / "demo.creando.sqlite-wal").write_bytes(os.urandom(5000))
    (tmp_path / "demo.creando.sqlite.llave").write_text("{}", encoding="utf-8")
    (tmp_path / "demo.creando.adjuntos" / "sha256").mkdir(parents=True)
    (tmp_path / "demo.creando.adjuntos" / "sha256" / "viejo").write_bytes(b"x")
    r = cli_proceso("demo", "--db", ruta)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "demo.adjuntos",
        "demo.sqlite",
        "demo.sqlite.llave",
        "demo.sqlite.marca",  # la marca de continuidad de la base (issue 10, parte 2)
    ]
    assert cli_proceso("resumen", "--db", ruta).returncode == 0


def test_demo_matada_a_la_mitad_deja_la_base_entera_o_nada(tmp_path):
    ruta = tmp_path / "demo.sqlite"
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    proceso = subprocess.Popen(
        [sys.executable, "-m", "pir_campo", "demo", "--db", str(ruta), "--talleres", "400"],
        env=entorno,
        cwd=RAIZ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    limite = time.monotonic() + 60
    while not (tmp_path / "demo.creando.sqlite-wal").exists() and time.monotonic() < limite:
        time.sleep(0.01)
    time.sleep(0.2)  # ya escribiendo los datos
    proceso.send_signal(signal.SIGKILL)
    proceso.wait()
    assert not ruta.exists(), "la base a medio llenar quedó con su nombre final"
    r = cli_proceso("demo", "--db", ruta, "--talleres", "30")
    assert r.returncode == 0, r.stderr
    assert not any("creando" in p.name for p in tmp_path.iterdir())
    r = cli_proceso("resumen", "--db", ruta, "--json")
    assert json.loads(r.stdout)["conteos"]["talleres"] == 30


def test_demo_repetida_no_agrega_nada_y_lo_dice(ruta_demo):
    antes = contenido(ruta_demo)
    r = cli_proceso("demo", "--db", ruta_demo)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        f"La base {ruta_demo} ya tiene los datos de demostración de la semilla 1: no se agregó "
        "nada. Para agregar otros, use otra --semilla.\n"
    )
    assert contenido(ruta_demo) == antes
    r = cli_proceso("demo", "--db", ruta_demo, "--semilla", "2", "--talleres", "3")
    assert r.returncode == 0 and "registros" in r.stdout, r.stderr
    assert contenido(ruta_demo)["taller"] != antes["taller"]


# ---- archivos que se escriben fuera de la base ---------------------------------------------


def _salidas(ruta_demo: Path, carpeta: Path) -> list[tuple[list[str], Path]]:
    with Almacen.abrir(ruta_demo) as a:
        taller = a.listar(Taller, limite=1)[0]["id"]
    return [
        (["documento", "acta-taller", "--id", taller], carpeta / "acta.pdf"),
        (["exportar"], carpeta / "envio.pirb"),
        (["datos", "--formato", "xlsx"], carpeta / "datos.xlsx"),
        (["identidad"], carpeta / "identidad.json"),
    ]


@pytest.mark.parametrize("caso", [0, 1, 2, 3], ids=["documento", "paquete", "libro", "identidad"])
def test_escribir_en_un_disco_lleno_o_de_solo_lectura(discos, tmp_path, ruta_demo, cli, caso):  # noqa: F811
    if caso == 1:  # un paquete va a la oficina del notebook
        oficina = tmp_path / "oficina.sqlite"
        assert cli("iniciar", "--db", oficina, "--rol", "oficina", "--nombre", "GORE")[0] == 0
        assert cli("identidad", "--db", oficina, "--salida", tmp_path / "of.json")[0] == 0
        assert cli("confiar", "--db", ruta_demo, tmp_path / "of.json")[0] == 0
    llena = discos.tmpfs("llena", "64k")
    llenar(llena).unlink()  # ni un archivo queda; el disco, casi sin espacio
    relleno = llenar(llena)
    orden, salida = _salidas(ruta_demo, llena)[caso]
    r = cli_proceso(*orden, "--db", ruta_demo, "--salida", salida)
    assert r.returncode == 1 and f"El disco donde está {salida} está lleno" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert os.listdir(llena) == [relleno.name], "quedó un archivo a medias"
    (tmp_path / "vacia").mkdir()
    protegida = discos.solo_lectura(tmp_path / "vacia", "protegida")
    orden, salida = _salidas(ruta_demo, protegida)[caso]
    r = cli_proceso(*orden, "--db", ruta_demo, "--salida", salida)
    assert r.returncode == 1 and f"El disco donde está {salida} es de solo lectura" in r.stderr
    assert os.listdir(tmp_path / "vacia") == []


# ---- pendrive sacado sin expulsar ----------------------------------------------------------


def test_pendrive_sacado(discos):  # noqa: F811
    usb = discos.pendrive("usb")
    ruta = usb / "campo.sqlite"
    assert iniciar(ruta).returncode == 0
    discos.sacar(usb)
    for orden in (["resumen"], ["agregar", "territorios", "--datos", '{"nombre": "X"}']):
        r = cli_proceso(*orden, "--db", ruta)
        assert r.returncode == 1, r.stderr
        assert r.stderr.startswith(f"Error: No se pudo leer ni escribir en {ruta}"), r.stderr
        assert r.stderr.endswith(
            ": ¿se desconectó el pendrive? Vuelva a conectarlo y vuelva a intentarlo.\n"
        )
