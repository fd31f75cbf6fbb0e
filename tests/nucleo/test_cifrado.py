"""Datos personales en reposo: base, WAL, adjuntos y respaldos cifrados; frase y recuperación."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pir_campo import adjuntos, recuperacion
from pir_campo.almacen import Almacen, llaves, motor
from pir_campo.almacen.almacen import AJUSTE_UNICOS_REVISADOS
from pir_campo.errores import ErrorBaseDatos, ErrorClave, ErrorValidacion
from pir_campo.modelos import Persona
from pir_campo.sincro import identidad
from tests.conftest import DATOS, FRASE, RAIZ, cli_proceso, conectar, contenido, copiar_base


def secretos(almacen: Almacen) -> set[bytes]:
    """Nombres, RUT (con y sin formato) y teléfonos de la demo: lo que un ladrón buscaría."""
    buscados: set[bytes] = set()
    for p in almacen.listar(Persona):
        buscados.add(p["nombre"].encode())
        for parte in p["nombre"].split():
            if len(parte) > 5:
                buscados.add(parte.encode())
        if p.get("rut"):
            cuerpo = p["rut"][:-1]
            buscados |= {
                p["rut"].encode(),
                cuerpo.encode(),
                f"{int(cuerpo):,}".replace(",", ".").encode(),
            }
        if p.get("telefono"):
            buscados.add(p["telefono"].encode())
            buscados.add(p["telefono"].replace(" ", "")[-8:].encode())
    return buscados


def hallazgos(carpetas: list[Path], buscados: set[bytes]) -> list[str]:
    """Búsqueda por bytes, como `strings | grep`, en todo archivo bajo las carpetas."""
    encontrados = []
    for carpeta in carpetas:
        for archivo in [carpeta] if carpeta.is_file() else carpeta.rglob("*"):
            if not archivo.is_file():
                continue
            datos = archivo.read_bytes()
            for b in buscados:
                if b in datos:
                    encontrados.append(f"{archivo.name}: {b.decode(errors='replace')}")
    return encontrados


def plana_de(ruta: Path, destino: Path) -> Path:
    """Copia sin cifrar de una base (como las de versiones anteriores), con sus adjuntos planos."""
    conn = conectar(ruta)
    conn.execute("ATTACH DATABASE ? AS plana KEY ''", (str(destino),))
    conn.execute("SELECT sqlcipher_export('plana')")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA plana.user_version = {version}")
    conn.execute(f"PRAGMA plana.application_id = {0x50495243}")
    conn.execute("DETACH DATABASE plana")
    conn.close()
    with Almacen.abrir(ruta) as a:
        llave = a.llave_adjuntos()
        origen, carpeta = adjuntos.carpeta_de(ruta), adjuntos.carpeta_de(destino)
        for blob in (origen / "sha256").glob("*/*/*"):
            final = adjuntos.ruta_blob(carpeta, blob.name)
            final.parent.mkdir(parents=True, exist_ok=True)
            adjuntos.copiar_a(origen, blob.name, final, llave)
    return destino


def test_la_demo_no_deja_nombres_rut_ni_telefonos_en_disco(ruta_demo, tmp_path):
    with Almacen.abrir(ruta_demo) as a:
        buscados = secretos(a)
        assert len(buscados) > 100
        # Una sesión: se escribe (queda en el WAL), se respalda y se cambia un dato.
        persona = a.listar(Persona)[0]
        a.actualizar(Persona, persona["id"], {"nombre": persona["nombre"] + " Millalén"})
        buscados.add(b"Millal\xc3\xa9n")
        a.copiar_base(tmp_path / "respaldo.sqlite")
        assert Path(f"{ruta_demo}-wal").stat().st_size > 0
        assert hallazgos([tmp_path], buscados) == []
    # Control: la misma búsqueda sí encuentra todo en una copia plana.
    plano = plana_de(ruta_demo, tmp_path.parent / "control.sqlite")
    assert len(hallazgos([plano], buscados)) > 100


def test_la_base_cifrada_usa_sqlcipher_y_no_sqlite3_de_la_biblioteca():
    assert motor.version_sqlite >= "3.4"
    fuera = []
    for archivo in (RAIZ / "pir_campo").rglob("*.py"):
        texto = archivo.read_text(encoding="utf-8")
        if "import sqlite3" in texto or "sqlite3.connect" in texto:
            fuera.append(archivo.name)
    assert fuera == []


def test_frase_equivocada_no_abre_ni_cambia_nada(ruta_demo, almacen, tmp_path):
    ruta = almacen.ruta
    almacen.guardar_ajuste("prueba", "1")
    archivos = [ruta, Path(f"{ruta}-wal"), llaves.ruta_llave(ruta)]
    antes = [f.read_bytes() for f in archivos]
    with pytest.raises(ErrorClave, match="no es correcta; la base no se modificó"):
        Almacen.abrir(ruta, "otra frase cualquiera larga")
    salida = cli_proceso("resumen", "--db", ruta, env_extra={"PIR_CAMPO_CLAVE": "no es esta 123"})
    assert salida.returncode == 1
    assert "frase de acceso" in salida.stderr and "no es correcta" in salida.stderr
    assert "Traceback" not in salida.stderr and "ERROR CORE" not in salida.stderr
    assert [f.read_bytes() for f in archivos] == antes


def test_sin_frase_ni_terminal_la_cli_lo_dice_en_espanol(almacen):
    almacen.cerrar()
    salida = cli_proceso("resumen", "--db", almacen.ruta, env_extra={"PIR_CAMPO_CLAVE": None})
    assert salida.returncode == 1
    assert "PIR_CAMPO_CLAVE" in salida.stderr and "Traceback" not in salida.stderr


def test_la_demo_abre_sin_frase_y_se_sabe_demostracion(tmp_path):
    ruta = tmp_path / "demo.sqlite"
    salida = cli_proceso(
        "demo", "--db", ruta, "--talleres", "6", env_extra={"PIR_CAMPO_CLAVE": None}
    )
    assert salida.returncode == 0, salida.stderr
    salida = cli_proceso("resumen", "--db", ruta, env_extra={"PIR_CAMPO_CLAVE": None})
    assert salida.returncode == 0, salida.stderr
    assert llaves.leer(ruta)["demo"] is True
    with Almacen.abrir(ruta, llaves.FRASE_DEMO) as a:
        assert a.es_demo
    assert not motor.es_plana(ruta)


def test_precalentar_deriva_una_sola_vez_la_llave_con_que_abre_la_base(
    ruta_demo, almacen, tmp_path, monkeypatch
):
    # La aplicación deriva la llave en otro hilo mientras importa Qt: abrir la encuentra hecha
    # (o espera a que termine) y Argon2 corre una sola vez.
    import threading

    for ruta in (ruta_demo, almacen.ruta):  # la frase de la demo y la de PIR_CAMPO_CLAVE
        llaves._kek.cache_clear()
        hilo = threading.Thread(target=llaves.precalentar, args=(ruta,))
        hilo.start()
        llave = llaves.abrir(ruta, None)
        hilo.join()
        info = llaves._kek.cache_info()
        assert (info.hits, info.misses) == (1, 1), ruta
    assert llave == almacen._llave
    # Sin una frase que abra sola no deriva nada ni pregunta; sin archivo de llave, tampoco.
    monkeypatch.delenv(llaves.ENTORNO)
    llaves._kek.cache_clear()
    llaves.precalentar(almacen.ruta)
    llaves.precalentar(tmp_path / "no-existe.sqlite")
    assert llaves._kek.cache_info().misses == 0


def test_frase_debil_se_rechaza_con_explicacion(tmp_path):
    for debil in ("corta", "123456789012345", "aaaaaaaaaaaaaaa", "micontraseña1"):
        with pytest.raises(ErrorValidacion, match="La frase de acceso es débil"):
            Almacen.iniciar(tmp_path / "a.sqlite", "campo", "Ana", "09", frase=debil)
    assert not (tmp_path / "a.sqlite").exists()
    assert not llaves.ruta_llave(tmp_path / "a.sqlite").exists()


def test_cambiar_frase_no_reescribe_la_base(almacen):
    ruta = almacen.ruta
    with pytest.raises(ErrorClave, match="actual no es correcta"):
        almacen.cambiar_frase("no es la frase de siempre", "lenga rio verde 47")
    almacen.cambiar_frase(FRASE, "lenga rio verde 47")
    almacen.cerrar()
    with pytest.raises(ErrorClave):
        Almacen.abrir(ruta, FRASE)
    with Almacen.abrir(ruta, "lenga rio verde 47") as a:
        assert a.comprobar_frase("lenga rio verde 47") and not a.comprobar_frase(FRASE)


def test_cambiar_frase_por_la_cli(almacen):
    almacen.cerrar()
    nueva = "coigue estero norte 12"
    salida = cli_proceso("frase", "--db", almacen.ruta, env_extra={"PIR_CAMPO_CLAVE_NUEVA": nueva})
    assert salida.returncode == 0, salida.stderr
    salida = cli_proceso("resumen", "--db", almacen.ruta)
    assert salida.returncode == 1
    salida = cli_proceso("resumen", "--db", almacen.ruta, env_extra={"PIR_CAMPO_CLAVE": nueva})
    assert salida.returncode == 0, salida.stderr


def test_las_llaves_privadas_solo_viven_dentro_de_la_base_cifrada(almacen):
    privadas = [bytes(almacen.llave_firma()), bytes(almacen.llave_cifrado())]
    almacen.cerrar()
    for archivo in almacen.ruta.parent.iterdir():
        datos = archivo.read_bytes()
        assert not any(p in datos or p.hex().encode() in datos for p in privadas), archivo.name


def test_recuperacion_por_la_oficina_de_punta_a_punta(tmp_path):
    nb_ruta, of_ruta = tmp_path / "notebook.sqlite", tmp_path / "oficina.sqlite"
    with Almacen.iniciar(of_ruta, "oficina", "GORE Araucanía", "09", frase="oficina temuco 2026"):
        pass
    with Almacen.iniciar(nb_ruta, "campo", "Ana Pérez", "09", frase="frase olvidada 123"):
        pass
    ids = {}
    for ruta, frase in ((nb_ruta, "frase olvidada 123"), (of_ruta, "oficina temuco 2026")):
        with Almacen.abrir(ruta, frase) as a:
            ids[ruta] = tmp_path / f"{ruta.stem}.pirid"
            identidad.escribir(a, ids[ruta])
    solicitud, respuesta = tmp_path / "solicitud.json", tmp_path / "respuesta.json"
    # Sin oficina registrada no hay con qué recuperar.
    with pytest.raises(ErrorClave, match="no tiene su llave sellada"):
        recuperacion.solicitar(nb_ruta, solicitud)
    with Almacen.abrir(nb_ruta, "frase olvidada 123") as nb:
        identidad.confiar(nb, identidad.leer(ids[of_ruta]))
    with Almacen.abrir(of_ruta, "oficina temuco 2026") as of:
        # La oficina aún no registró el notebook: no responde.
        recuperacion.solicitar(nb_ruta, solicitud)
        assert b"Ana" not in solicitud.read_bytes()
        # Un destino que no se puede escribir (pendrive lleno o retirado) no deja sin uso la
        # solicitud anterior ni medio archivo.
        pendiente = llaves.leer(nb_ruta)["recuperacion"]
        with pytest.raises(ErrorClave, match="No se pudo escribir"):
            recuperacion.solicitar(nb_ruta, tmp_path / "retirado" / "solicitud.json")
        assert llaves.leer(nb_ruta)["recuperacion"] == pendiente
        assert not (tmp_path / "retirado").exists()
        with pytest.raises(ErrorClave, match="no está registrado en esta oficina"):
            recuperacion.responder(of, solicitud, respuesta)
        identidad.confiar(of, identidad.leer(ids[nb_ruta]), toda_la_region=True)
        # Leerla para confirmar quién pide no responde nada.
        leida = recuperacion.leer_solicitud(of, solicitud)
        assert leida.nombre == "Ana Pérez" and leida.dispositivo.startswith("dv_")
        assert leida.huella == recuperacion.huella(json.loads(solicitud.read_text()))
        assert not respuesta.exists()
    # Desde aquí, la frase del notebook se da por olvidada: todo pasa por la CLI.
    entorno = {"PIR_CAMPO_CLAVE": None}
    s = cli_proceso(
        "recuperacion", "solicitar", "--db", nb_ruta, "--salida", solicitud, env_extra=entorno
    )
    assert s.returncode == 0, s.stderr
    [huella] = re.findall(r"Huella de la solicitud: (\w{5}-\w{5})", s.stdout)
    s = cli_proceso(
        "recuperacion",
        "responder",
        "--db",
        of_ruta,
        solicitud,
        "--salida",
        respuesta,
        env_extra={"PIR_CAMPO_CLAVE": "oficina temuco 2026"},
    )
    assert s.returncode == 0, s.stderr
    assert "Ana Pérez" in s.stdout and huella in s.stdout and huella != leida.huella
    antes = contenido(nb_ruta, "frase olvidada 123")
    # Una respuesta alterada no sirve y no cambia nada.
    alterada = tmp_path / "alterada.json"
    alterada.write_text(respuesta.read_text().replace('"sellada": "', '"sellada": "AAAA'))
    s = cli_proceso(
        "recuperacion",
        "aplicar",
        "--db",
        nb_ruta,
        alterada,
        env_extra={"PIR_CAMPO_CLAVE_NUEVA": "nueva frase del sur 88", **entorno},
    )
    assert s.returncode == 1 and "no corresponde" in s.stderr
    s = cli_proceso(
        "recuperacion",
        "aplicar",
        "--db",
        nb_ruta,
        respuesta,
        env_extra={"PIR_CAMPO_CLAVE_NUEVA": "nueva frase del sur 88", **entorno},
    )
    assert s.returncode == 0, s.stderr
    with pytest.raises(ErrorClave):
        Almacen.abrir(nb_ruta, "frase olvidada 123")
    with Almacen.abrir(nb_ruta, "nueva frase del sur 88") as nb:
        assert nb.nombre == "Ana Pérez"
    assert contenido(nb_ruta, "nueva frase del sur 88") == antes
    # La respuesta se usa una sola vez.
    with pytest.raises(ErrorClave, match="no tiene una solicitud de recuperación pendiente"):
        recuperacion.aplicar(nb_ruta, respuesta, "otra frase mas 99")


@pytest.mark.parametrize("version", range(1, 6))
def test_base_plana_de_cada_esquema_publicado_se_cifra_al_abrir(tmp_path, version):
    ruta = tmp_path / "vieja.sqlite"
    shutil.copy(DATOS / f"esquema_v{version}.sqlite", ruta)
    antes = contenido(ruta)
    with Almacen.abrir(ruta) as a:
        [persona] = a.listar(Persona)
        assert persona["nombre"] == "Rosa Ñancupil Huenchumilla"
    assert not motor.es_plana(ruta)
    assert hallazgos([tmp_path], {b"Huenchumilla", b"999999"}) == []
    despues = contenido(ruta)
    # Si la CLI ya corrió en este proceso, abrir marca además la base como revisada en busca de
    # registros únicos repetidos (servicios/apertura): es la única fila que puede sumarse.
    marca = f"ajuste.{AJUSTE_UNICOS_REVISADOS}"
    despues["estado_sincro"] = [f for f in despues["estado_sincro"] if f[0] != marca]
    for tabla, filas in antes.items():
        assert len(despues[tabla]) == len(filas), tabla
    assert not list(tmp_path.glob("*sin-cifrar*")) and not list(tmp_path.glob("*.cifrando"))


CONDUCTOR = """
import sys
from pir_campo.almacen import Almacen
Almacen.abrir(sys.argv[1]).cerrar()
print("LISTO", flush=True)
"""


def test_cifrado_inicial_sobrevive_a_sigkill_en_cualquier_punto(ruta_demo, tmp_path):
    """Se mata el proceso en momentos al azar del cifrado; al volver a abrir, nada se perdió."""
    plantilla = plana_de(ruta_demo, tmp_path / "plantilla.sqlite")
    esperado = contenido(plantilla)
    carpeta_adj = adjuntos.carpeta_de(plantilla)
    blobs = {b.name: b.read_bytes() for b in (carpeta_adj / "sha256").glob("*/*/*")}
    assert blobs
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    comando = [sys.executable, "-c", CONDUCTOR]
    # Cuánto dura un cifrado completo, para repartir los cortes a lo largo de él.
    ensayo = tmp_path / "ensayo" / "base.sqlite"
    ensayo.parent.mkdir()
    shutil.copy(plantilla, ensayo)
    shutil.copytree(carpeta_adj, adjuntos.carpeta_de(ensayo))
    inicio = time.perf_counter()
    subprocess.run([*comando, str(ensayo)], env=entorno, check=True, timeout=120)
    duracion = time.perf_counter() - inicio
    azar = random.Random(12)
    muertos = 0
    for n in range(8):
        caso = tmp_path / f"caso{n}" / "base.sqlite"
        caso.parent.mkdir()
        shutil.copy(plantilla, caso)
        shutil.copytree(carpeta_adj, adjuntos.carpeta_de(caso))
        for _ in range(2):  # dos cortes seguidos sobre el mismo caso
            proceso = subprocess.Popen([*comando, str(caso)], env=entorno, stdout=subprocess.PIPE)
            time.sleep(azar.uniform(0.05, duracion))
            if proceso.poll() is None:
                os.kill(proceso.pid, signal.SIGKILL)
                muertos += 1
            proceso.wait(timeout=60)
        # Reabrir termina lo que haya quedado a medias.
        subprocess.run([*comando, str(caso)], env=entorno, check=True, timeout=120)
        assert not motor.es_plana(caso)
        assert contenido(caso) == esperado, f"caso {n}"
        with Almacen.abrir(caso) as a:
            for sha, datos in blobs.items():
                assert adjuntos.leer(adjuntos.carpeta_de(caso), sha, a.llave_adjuntos()) == datos
        assert not list(caso.parent.glob("*sin-cifrar*")), f"caso {n}"
        assert all(adjuntos.cifrado(b) for b in adjuntos.carpeta_de(caso).rglob("*") if b.is_file())
    assert muertos >= 4


def test_respaldo_de_migracion_va_cifrado_y_con_su_llave(tmp_path):
    ruta = tmp_path / "vieja.sqlite"
    shutil.copy(DATOS / "esquema_v1.sqlite", ruta)
    Almacen.abrir(ruta).cerrar()
    [respaldo] = tmp_path.glob("vieja.respaldo-esquema1-*.sqlite")
    assert not motor.es_plana(respaldo) and llaves.ruta_llave(respaldo).exists()
    assert hallazgos([respaldo], {b"Huenchumilla"}) == []
    assert "persona" in contenido(respaldo)


def test_archivo_sin_su_llave_lo_explica(almacen, tmp_path):
    almacen.cerrar()
    copia = copiar_base(almacen.ruta, tmp_path / "copia.sqlite")
    llaves.ruta_llave(copia).unlink()
    with pytest.raises(ErrorBaseDatos, match="le falta su archivo de llave"):
        Almacen.abrir(copia)


def test_temporal_cifrado_se_comporta_como_un_archivo_y_no_se_lee_en_disco(tmp_path):
    import io

    from pir_campo import temporal_cifrado

    ruta = tmp_path / "bolsa.zip"
    modelo = io.BytesIO()
    azar = random.Random(3)
    with temporal_cifrado.abrir(ruta, "wb") as f:
        for _ in range(300):
            pos = azar.randint(0, len(modelo.getvalue()) + 10)
            datos = (b"Rosa Huenchumilla 12.345.678-5 " * azar.randint(0, 9000))[
                : azar.randint(0, 200_000)
            ]
            for x in (f, modelo):
                x.seek(pos)
                x.write(datos)
        for x in (f, modelo):
            x.truncate(len(modelo.getvalue()) - 1000)
    assert b"Huenchumilla" not in ruta.read_bytes()
    with temporal_cifrado.abrir(ruta) as f:
        assert f.read() == modelo.getvalue()[: len(modelo.getvalue())]
        f.seek(70_000)
        assert f.read(5) == modelo.getvalue()[70_000:70_005]
    temporal_cifrado.olvidar(ruta)
    assert not ruta.exists()
    with pytest.raises(FileNotFoundError):
        temporal_cifrado.abrir(ruta)


def test_demo_plana_de_una_version_anterior_abre_sin_preguntar(ruta_demo, tmp_path, monkeypatch):
    """`pir-campo --demo` con la demo sin cifrar de antes: se cifra con la frase de la demo."""
    from pir_campo.cli import _abrir_aplicacion

    vieja = plana_de(ruta_demo, tmp_path / "demo_vieja.sqlite")
    llaves.ruta_llave(vieja).unlink(missing_ok=True)
    abiertas = []
    monkeypatch.setattr(
        "importlib.import_module",
        lambda nombre: type(
            "App",
            (),
            {"ejecutar": lambda r, **k: abiertas.append(r) or 0, "precargar_nucleo": lambda r: 0},
        ),
    )
    import argparse

    args = argparse.Namespace(db_app=vieja, demo=True, medir_inicio=False)
    assert _abrir_aplicacion(args) == 0 and abiertas == [vieja]
    assert not motor.es_plana(vieja) and llaves.leer(vieja)["demo"] is True


def test_notebook_plano_con_oficina_queda_recuperable_al_cifrarse(tmp_path):
    nb_ruta, of_ruta = tmp_path / "nb.sqlite", tmp_path / "of.sqlite"
    with Almacen.iniciar(of_ruta, "oficina", "GORE", "09") as of:
        identidad.escribir(of, tmp_path / "of.json")
    with Almacen.iniciar(nb_ruta, "campo", "Ana", "09") as nb:
        identidad.confiar(nb, identidad.leer(tmp_path / "of.json"))
    (tmp_path / "vieja").mkdir()
    vieja = plana_de(nb_ruta, tmp_path / "vieja" / "nb.sqlite")
    assert not llaves.ruta_llave(vieja).exists()
    Almacen.abrir(vieja).cerrar()
    assert llaves.leer(vieja)["oficina"]["publica_x25519"]
    recuperacion.solicitar(vieja, tmp_path / "solicitud.json")


def test_base_plana_mas_nueva_se_rechaza_sin_cifrarla(tmp_path):
    from pir_campo.almacen import ESQUEMA_ACTUAL
    from pir_campo.errores import ErrorEsquemaNuevo

    ruta = tmp_path / "nueva.sqlite"
    shutil.copy(DATOS / f"esquema_v{ESQUEMA_ACTUAL}.sqlite", ruta)
    conn = motor.conectar(ruta, None)
    conn.execute(f"PRAGMA user_version = {ESQUEMA_ACTUAL + 1}")
    conn.commit()
    conn.close()
    antes = ruta.read_bytes()
    with pytest.raises(ErrorEsquemaNuevo, match="la base no se modificó"):
        Almacen.abrir(ruta)
    assert ruta.read_bytes() == antes and sorted(p.name for p in tmp_path.iterdir()) == [
        "nueva.sqlite"
    ]
