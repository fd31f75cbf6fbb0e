"""Respaldos: un archivo con base, llave y adjuntos; restaurar revisa todo, conserva la base de
antes y nunca deja una mezcla, ni siquiera si el proceso muere a la mitad."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
import zipfile
from pathlib import Path

import pytest

from pir_campo import adjuntos
from pir_campo.almacen import ESQUEMA_ACTUAL, Almacen, llaves, motor
from pir_campo.errores import ErrorClave, ErrorPir
from pir_campo.formato import ZONA
from pir_campo.modelos import Adjunto, Persona, Territorio
from pir_campo.respaldo import archivo, automatico, diario, restaurar
from pir_campo.sincro import VARIABLE_FALLA
from tests.conftest import cli_proceso, conectar, contenido
from tests.nucleo.sincro_apoyo import TERRITORIO


def _adjuntar(a: Almacen, carpeta: Path, texto: bytes) -> str:
    pdf = carpeta / f"hoja-{hashlib.sha1(texto).hexdigest()[:6]}.pdf"
    pdf.write_bytes(b"%PDF-1.4 " + texto * 200)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(a.ruta), pdf, a.llave_adjuntos())
    tid = a.listar(Territorio)[0]["id"]
    a.insertar(
        Adjunto,
        {
            "territorio_id": tid,
            "tabla_duena": "territorio",
            "registro_id": tid,
            "sha256": sha,
            "tamano": tam,
            "tipo_medio": medio,
            "nombre_original": pdf.name,
        },
    )
    return sha


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """Un notebook con un territorio, una persona y un adjunto."""
    ruta = tmp_path / "campo.sqlite"
    with Almacen.iniciar(ruta, "campo", "Ana Pérez", "09") as a:
        tid = a.insertar(Territorio, TERRITORIO)
        a.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Huenchumilla"})
        _adjuntar(a, tmp_path, b"antes del respaldo")
    return ruta


def _blobs(ruta: Path) -> set[str]:
    return {sha for sha, _ in archivo.lista_adjuntos(ruta)}


def _restos(carpeta: Path) -> list[str]:
    """Temporales que un respaldo o una restauración pudieran dejar."""
    return sorted(
        p.name
        for p in carpeta.rglob("*")
        if p.name.endswith((".parcial", ".restauracion", ".respaldo-parcial"))
    )


def _datos(ruta: Path) -> dict[str, list[tuple]]:
    """El contenido sin la identidad del equipo: una base restaurada que quedó atrás sigue con
    dispositivo y claves nuevos (issue 10, parte 2), y todo lo demás queda igual."""
    return {t: f for t, f in contenido(ruta).items() if t not in ("estado_sincro", "identidad")}


def test_ida_y_vuelta_por_la_cli(cli, base, tmp_path):
    salida = tmp_path / "usb" / "campo.respaldo"
    salida.parent.mkdir()
    codigo, out, err = cli("respaldar", "--db", base, "--salida", salida)
    assert codigo == 0, err
    assert "Respaldo escrito" in out and "1 adjunto)" in out
    respaldado, blobs_antes = _datos(base), _blobs(base)
    with Almacen.abrir(base) as a:
        dispositivo = a.dispositivo
    # El archivo es uno solo, sin nada en claro: la base va cifrada con su llave al lado.
    with zipfile.ZipFile(salida) as zf:
        nombres = set(zf.namelist())
        assert {"base.sqlite", "base.sqlite.llave", "respaldo.json"} <= nombres
        assert {n for n in nombres if n.startswith("adjuntos/")} == {
            f"adjuntos/{s}" for s in blobs_antes
        }
        assert not zf.read("base.sqlite").startswith(motor.CABECERA_PLANA)
        assert b"Huenchumilla" not in zf.read("base.sqlite")
        assert json.loads(zf.read("respaldo.json"))["esquema"] == ESQUEMA_ACTUAL
    # Lo escrito después del respaldo...
    with Almacen.abrir(base) as a:
        tid = a.listar(Territorio)[0]["id"]
        a.insertar(Persona, {"territorio_id": tid, "nombre": "Escrita Después"})
        nuevo = _adjuntar(a, tmp_path, b"despues del respaldo")
    codigo, out, err = cli("restaurar", "--db", base, salida)
    assert codigo == 0, err
    assert "restaurado en" in out and "quedó como copia" in out
    # ...ya no está en la base restaurada, igual a la respaldada...
    assert _datos(base) == respaldado and _blobs(base) == blobs_antes
    with Almacen.abrir(base) as a:
        assert "Escrita Después" not in {p["nombre"] for p in a.listar(Persona)}
        # ...que no repite los números de cambio que la de antes ya usó: identidad nueva.
        assert a.dispositivo != dispositivo
        assert a.resumen()["aviso_copia"].startswith("Esta base es una copia restaurada")
        for sha in blobs_antes:
            assert adjuntos.leer(adjuntos.carpeta_de(base), sha, a.llave_adjuntos())
    # ...y sí en la copia conservada, que abre con su llave y sus adjuntos.
    [conservada] = tmp_path.glob("campo.antes-de-restaurar-*.sqlite")
    assert llaves.ruta_llave(conservada).is_file()
    with Almacen.abrir(conservada) as a:
        assert "Escrita Después" in {p["nombre"] for p in a.listar(Persona)}
        assert adjuntos.leer(adjuntos.carpeta_de(conservada), nuevo, a.llave_adjuntos())
    assert _restos(tmp_path) == []


def test_restaurar_en_un_notebook_nuevo(cli, base, tmp_path):
    salida = tmp_path / "r.respaldo"
    assert cli("respaldar", "--db", base, "--salida", salida)[0] == 0
    nueva = tmp_path / "nuevo" / "campo.sqlite"
    nueva.parent.mkdir()
    codigo, out, err = cli("restaurar", "--db", nueva, salida)
    assert codigo == 0, err and "quedó como copia" not in out
    assert _datos(nueva) == _datos(base) and _blobs(nueva) == _blobs(base)
    with Almacen.abrir(nueva) as a, Almacen.abrir(base) as b:
        assert a.dispositivo != b.dispositivo  # el respaldo en otro equipo: identidad nueva


def test_respaldo_consistente_mientras_otro_escribe(base, tmp_path):
    """La API de respaldo copia un instante: nunca media transacción de otra conexión."""
    parar = threading.Event()

    def escribir() -> None:
        with Almacen.abrir(base) as otra:
            tid = otra.listar(Territorio)[0]["id"]
            while not parar.is_set():
                otra.insertar_lote(
                    Persona, [{"territorio_id": tid, "nombre": f"Lote {i}"} for i in range(10)]
                )

    hilo = threading.Thread(target=escribir)
    hilo.start()
    try:
        with Almacen.abrir(base) as a:
            resultados = [archivo.escribir(a, tmp_path / f"r{i}.respaldo") for i in range(3)]
    finally:
        parar.set()
        hilo.join()
    for i, r in enumerate(resultados):
        destino = tmp_path / f"restaurada{i}.sqlite"
        restaurar.restaurar(destino, r.ruta)
        with Almacen.abrir(destino) as a:
            assert (a.contar(Persona) - 1) % 10 == 0


# ---- archivos que no se restauran ----------------------------------------------------------


def _rehacer(origen: Path, destino: Path, cambiar, indice: bool = True) -> Path:
    """Copia el zip cambiando miembros (`cambiar(nombre, datos) -> datos`); con `indice`, las
    huellas del índice se recalculan (un cambio que el zip y el índice no delatan)."""
    with zipfile.ZipFile(origen) as zf:
        miembros = {n: zf.read(n) for n in zf.namelist()}
    miembros = {n: cambiar(n, d) for n, d in miembros.items()}
    if indice:
        datos = json.loads(miembros["respaldo.json"])
        datos["huellas"] = {
            n: hashlib.sha256(d).hexdigest() for n, d in miembros.items() if n != "respaldo.json"
        }
        miembros["respaldo.json"] = json.dumps(datos).encode()
    with zipfile.ZipFile(destino, "w") as zf:
        for n, d in miembros.items():
            zf.writestr(n, d)
    return destino


def _esquema_nuevo(ruta_zip: Path, tmp: Path) -> Path:
    def cambiar(nombre: str, datos: bytes) -> bytes:
        if nombre != "base.sqlite":
            return datos
        copia = tmp / "nueva" / "base.sqlite"
        copia.parent.mkdir(exist_ok=True)
        copia.write_bytes(datos)
        with zipfile.ZipFile(ruta_zip) as zf:
            llaves.ruta_llave(copia).write_bytes(zf.read("base.sqlite.llave"))
        conn = conectar(copia)
        conn.execute(f"PRAGMA user_version = {ESQUEMA_ACTUAL + 1}")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        return copia.read_bytes()

    return _rehacer(ruta_zip, tmp / "esquema-nuevo.respaldo", cambiar)


def _voltear_en_base(nombre: str, datos: bytes) -> bytes:
    if nombre != "base.sqlite":
        return datos
    medio = len(datos) // 2
    return datos[:medio] + bytes([datos[medio] ^ 0x40]) + datos[medio + 1 :]


@pytest.mark.parametrize(
    "caso, esperado",
    [
        ("truncado", "no es un respaldo de PIR Campo o está dañado"),
        ("byte_cambiado", "está dañado"),
        ("base_cambiada", "no coincide con su huella"),
        ("base_e_indice_cambiados", "no pasa la revisión de integridad|está dañada"),
        ("zip_ajeno", "le falta su índice"),
        ("adjunto_de_mas", "sus miembros no son los de su índice"),
        ("esquema_nuevo", "versión más nueva de PIR Campo"),
        ("no_existe", "No existe el archivo de respaldo"),
    ],
)
def test_restaurar_rechaza_y_no_cambia_nada(cli, base, tmp_path, caso, esperado):
    bueno = tmp_path / "bueno.respaldo"
    assert cli("respaldar", "--db", base, "--salida", bueno)[0] == 0
    malo = tmp_path / f"{caso}.respaldo"
    datos = bueno.read_bytes()
    if caso == "truncado":
        malo.write_bytes(datos[: len(datos) * 2 // 3])
    elif caso == "byte_cambiado":
        with zipfile.ZipFile(bueno) as zf:
            info = zf.getinfo("base.sqlite")
        donde = info.header_offset + 30 + len(info.filename) + 40 + info.file_size // 2
        malo.write_bytes(datos[:donde] + bytes([datos[donde] ^ 1]) + datos[donde + 1 :])
    elif caso == "base_cambiada":
        _rehacer(bueno, malo, _voltear_en_base, indice=False)
    elif caso == "base_e_indice_cambiados":
        _rehacer(bueno, malo, _voltear_en_base)
    elif caso == "zip_ajeno":
        with zipfile.ZipFile(malo, "w") as zf:
            zf.writestr("hola.txt", "no soy un respaldo")
    elif caso == "adjunto_de_mas":
        with zipfile.ZipFile(bueno) as zf, zipfile.ZipFile(malo, "w") as z2:
            for n in zf.namelist():
                z2.writestr(n, zf.read(n))
            z2.writestr("adjuntos/" + "0" * 64, b"intruso")
    elif caso == "esquema_nuevo":
        malo = _esquema_nuevo(bueno, tmp_path)
    antes, blobs, llave = contenido(base), _blobs(base), llaves.ruta_llave(base).read_bytes()
    codigo, out, err = cli("restaurar", "--db", base, malo)
    assert codigo == 1 and out == ""
    assert re.search(esperado, err), err
    assert "no se cambió nada" in err or caso == "no_existe"
    assert "Traceback" not in err and "Error inesperado" not in err
    assert contenido(base) == antes and _blobs(base) == blobs
    assert llaves.ruta_llave(base).read_bytes() == llave
    assert not list(tmp_path.glob("*antes-de-restaurar*")) and _restos(tmp_path) == []


def test_frase_que_no_abre_el_respaldo(base, tmp_path):
    with Almacen.abrir(base) as a:
        r = archivo.escribir(a, tmp_path / "r.respaldo")
    antes = contenido(base)
    with pytest.raises(ErrorClave, match="use la frase que tenía la base"):
        restaurar.restaurar(base, r.ruta, frase="otra frase que no es la suya 99")
    assert contenido(base) == antes and _restos(tmp_path) == []


def test_respaldar_a_una_carpeta_que_no_existe(base, tmp_path):
    with Almacen.abrir(base) as a, pytest.raises(ErrorPir, match="no existe"):
        archivo.escribir(a, tmp_path / "no-hay" / "r.respaldo")
    assert _restos(tmp_path) == []


# ---- procesos muertos a la mitad -----------------------------------------------------------


@pytest.mark.parametrize(
    "punto", ["respaldar_copia", "respaldar_escritura", "respaldar_antes_de_renombrar"]
)
def test_muerto_a_medio_respaldar(base, tmp_path, monkeypatch, punto):
    salida = tmp_path / "r.respaldo"
    antes = contenido(base)
    monkeypatch.setenv(VARIABLE_FALLA, punto)
    r = cli_proceso("respaldar", "--db", base, "--salida", salida)
    assert r.returncode == -9, r.stderr
    assert not salida.exists()  # nada con el nombre pedido
    assert contenido(base) == antes
    monkeypatch.delenv(VARIABLE_FALLA)
    r = cli_proceso("respaldar", "--db", base, "--salida", salida)
    assert r.returncode == 0, r.stderr
    assert _restos(tmp_path) == []  # el segundo limpia lo que dejó el primero
    destino = tmp_path / "de-vuelta.sqlite"
    restaurar.restaurar(destino, salida)
    assert _datos(destino) == {
        t: f for t, f in antes.items() if t not in ("estado_sincro", "identidad")
    }


@pytest.mark.parametrize(
    "punto, queda",
    [
        ("restaurar_preparado", "antes"),
        ("restaurar_plan", "respaldo"),
        ("restaurar_a_medias", "respaldo"),
    ],
)
def test_muerto_a_medio_restaurar(base, tmp_path, monkeypatch, punto, queda):
    salida = tmp_path / "r.respaldo"
    assert cli_proceso("respaldar", "--db", base, "--salida", salida).returncode == 0
    estados = {"respaldo": (_datos(base), _blobs(base))}
    with Almacen.abrir(base) as a:
        tid = a.listar(Territorio)[0]["id"]
        a.insertar(Persona, {"territorio_id": tid, "nombre": "Escrita Después"})
        _adjuntar(a, tmp_path, b"despues del respaldo")
    estados["antes"] = (_datos(base), _blobs(base))
    monkeypatch.setenv(VARIABLE_FALLA, punto)
    r = cli_proceso("restaurar", "--db", base, salida)
    assert r.returncode == -9, r.stderr
    monkeypatch.delenv(VARIABLE_FALLA)
    # Lo que ve quien abra la base después: un estado u otro, entero.
    r = cli_proceso("resumen", "--db", base)
    assert r.returncode == 0, r.stderr
    assert (_datos(base), _blobs(base)) == estados[queda]
    assert not diario.carpeta_preparacion(base).exists()
    conservadas = list(tmp_path.glob("campo.antes-de-restaurar-*.sqlite"))
    if queda == "respaldo":
        [conservada] = conservadas
        assert (_datos(conservada), _blobs(conservada)) == estados["antes"]
    else:
        assert conservadas == []
    # Y nada de lo que dejó trabar el comando siguiente.
    r = cli_proceso("restaurar", "--db", base, salida)
    assert r.returncode == 0, r.stderr
    assert (_datos(base), _blobs(base)) == estados["respaldo"]
    assert _restos(tmp_path) == []


# ---- respaldos automáticos -----------------------------------------------------------------


class Reloj:
    """Reloj falso en milisegundos, como el de `Hlc.reloj`."""

    def __init__(self, inicio: dt.datetime):
        self.ahora = inicio

    def __call__(self) -> int:
        return int(self.ahora.timestamp() * 1000)


def test_automaticos_una_vez_al_dia_y_7_diarios_mas_4_semanales(base):
    # Lunes 4 de mayo: 60 días sin cambio de hora en Chile (cambia en abril y septiembre).
    reloj = Reloj(dt.datetime(2026, 5, 4, 9, 0, tzinfo=ZONA))
    hechos = []
    with Almacen.abrir(base) as a:
        for _dia in range(60):
            # Abierta de 9 a 18: se pregunta cada hora; al cerrar, uno siempre.
            for hora in range(9, 18):
                reloj.ahora = reloj.ahora.replace(hour=hora)
                if r := automatico.respaldar_si_toca(a, reloj):
                    hechos.append(reloj.ahora)
                    assert r.ruta.parent == automatico.carpeta(base)
            reloj.ahora = reloj.ahora.replace(hour=18)
            automatico.respaldar(a, reloj)
            reloj.ahora = (reloj.ahora + dt.timedelta(days=1)).replace(hour=9)
    # El diario toca una vez: el primer día a las 9; después, el del cierre de ayer a las 18
    # tiene menos de 24 h hasta las 17 del día siguiente, y a las 18 ya se cierra.
    assert hechos == [dt.datetime(2026, 5, 4, 9, 0, tzinfo=ZONA)]
    quedan = [i for i, _ in automatico.existentes(base)]
    ultimo = dt.datetime(2026, 7, 2, 18, 0, tzinfo=ZONA)
    diarios = [ultimo - dt.timedelta(days=d) for d in range(6, -1, -1)]
    # Semanas ISO anteriores al 26-06 (el diario más antiguo): la del 22-06 (su jueves 25), y
    # los domingos de las tres anteriores.
    semanales = [
        dt.datetime(2026, 6, 7, 18, 0, tzinfo=ZONA),
        dt.datetime(2026, 6, 14, 18, 0, tzinfo=ZONA),
        dt.datetime(2026, 6, 21, 18, 0, tzinfo=ZONA),
        dt.datetime(2026, 6, 25, 18, 0, tzinfo=ZONA),
    ]
    assert quedan == semanales + diarios
    # El más reciente restaura la base tal como estaba.
    destino = base.with_name("restaurada.sqlite")
    restaurar.restaurar(destino, automatico.existentes(base)[-1][1])
    assert _datos(destino) == _datos(base)


def test_toca_un_respaldo_segun_el_reloj(base):
    reloj = Reloj(dt.datetime(2026, 5, 4, 10, 0, tzinfo=ZONA))
    assert automatico.pendiente(base, reloj)
    with Almacen.abrir(base) as a:
        automatico.respaldar(a, reloj)
    reloj.ahora += dt.timedelta(hours=23, minutes=59)
    assert not automatico.pendiente(base, reloj)
    reloj.ahora += dt.timedelta(minutes=1)
    assert automatico.pendiente(base, reloj)
    # Un reloj que retrocede más de un día (pila agotada) también pide uno nuevo.
    reloj.ahora = dt.datetime(2026, 5, 1, 10, 0, tzinfo=ZONA)
    assert automatico.pendiente(base, reloj)
    # Un temporal de un respaldo cortado no cuenta y se borra al podar.
    resto = automatico.carpeta(base) / ".campo-x.respaldo.abcd.parcial"
    resto.write_bytes(b"PK")
    automatico.podar(base)
    assert not resto.exists() and len(automatico.existentes(base)) == 1
