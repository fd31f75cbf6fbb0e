"""Los adjuntos de un paquete pasan por una carpeta de preparación y llegan al almacén solo
después del COMMIT: un paquete rechazado o un proceso muerto no deja archivos sueltos, y los
archivos que ningún registro usa se retienen sin guardarse."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pir_campo import adjuntos
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Adjunto, Persona, Territorio
from pir_campo.sincro import VARIABLE_FALLA, bolsa, importar
from tests.conftest import cli_proceso, contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, armar, partes, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    foto = tmp_path / "acta.pdf"
    foto.write_bytes(b"%PDF-1.4 acta del taller firmada" * 300)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(nb.ruta), foto, nb.llave_adjuntos())
    nb.insertar(
        Adjunto,
        {
            "territorio_id": tid,
            "tabla_duena": "territorio",
            "registro_id": tid,
            "sha256": sha,
            "tamano": tam,
            "tipo_medio": medio,
            "nombre_original": "acta.pdf",
        },
    )
    real = hacer_paquete(nb, oficina, tmp_path, cifrar=False)
    yield tmp_path, oficina, nb, real, sha
    oficina.cerrar()
    nb.cerrar()


def _archivos(carpeta: Path) -> list[Path]:
    return sorted(f for f in carpeta.rglob("*") if f.is_file()) if carpeta.is_dir() else []


def _lineas(registros: dict) -> dict[str, list[bytes]]:
    return {t: [json.dumps(d).encode() for d in filas] for t, filas in registros.items()}


def test_paquete_rechazado_no_deja_archivos(escena):
    """Se rechaza después de preparar el adjunto (bitácora atribuida a otro equipo)."""
    tmp, oficina, nb, real, sha = escena
    cab, registros, auditoria, blobs = partes(real)
    ajena = ["dv_OTRO", 9, "1796173107712.00000", "2026-01-01T00:00:00+00:00", "x"]
    ajena += ["persona", registros["persona"][0]["id"], "nombre", None, "Rosa", None]
    ruta = armar(
        tmp, nb, oficina, cab, _lineas(registros), [*auditoria, json.dumps(ajena).encode()], blobs
    )
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    antes = contenido(oficina.ruta)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, ruta)
    assert "otra instalación" in str(e.value)
    assert contenido(oficina.ruta) == antes
    assert _archivos(carpeta) == []
    # El paquete bueno sí guarda su adjunto, ya en el almacén y sin restos de preparación.
    r = importar.importar(oficina, real)
    assert r.adjuntos == 1 and not r.retenidos
    assert _archivos(carpeta) == [adjuntos.ruta_blob(carpeta, sha)]
    assert adjuntos.leer(carpeta, sha, oficina.llave_adjuntos()).startswith(b"%PDF-1.4 acta")


def test_muchos_adjuntos_sin_registro_se_retienen_y_no_se_guarda_nada(escena, cli):
    tmp, oficina, nb, real, sha = escena
    cab, registros, auditoria, blobs = partes(real)
    huerfanos = {}
    for i in range(2000):
        datos = f"archivo sin registro {i}".encode()
        huerfanos[hashlib.sha256(datos).hexdigest()] = datos
    ruta = armar(tmp, nb, oficina, cab, _lineas(registros), auditoria, {**blobs, **huerfanos})
    codigo, salida, _ = cli("verificar", "--db", oficina.ruta, ruta)
    assert codigo == 0 and "Se retendrá lo siguiente (11 casos)" in salida
    assert "más (--json" not in salida and "1.990 archivos adjuntos que ningún" in salida
    v = importar.verificar(oficina, ruta)
    r = importar.importar(oficina, ruta)
    assert r.retenidos == v["retenidos"]
    assert r.nuevos == 3 and r.adjuntos == 1
    assert [x["t"] for x in r.retenidos] == ["adjunto"] * 11
    assert all(x["id"] in huerfanos for x in r.retenidos[:10])
    assert r.retenidos[10]["id"] == "y 1.990 más"
    assert "1.990 archivos adjuntos que ningún registro usa" in r.retenidos[10]["motivo"]
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    assert _archivos(carpeta) == [adjuntos.ruta_blob(carpeta, sha)]
    assert "ningún registro usa" in r.texto()


def test_adjunto_que_ya_usa_un_registro_de_la_base_se_acepta(escena):
    """El archivo llega en un paquete posterior al de su registro: la base ya lo usa."""
    tmp, oficina, nb, real, sha = escena
    cab, registros, auditoria, blobs = partes(real)
    sin_archivo = armar(tmp, nb, oficina, cab, _lineas(registros), auditoria, {})
    importar.importar(oficina, sin_archivo)
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    assert _archivos(carpeta) == []
    solo_archivo = armar(tmp, nb, oficina, cab, {}, [], blobs)
    r = importar.importar(oficina, solo_archivo)
    assert r.adjuntos == 1 and not r.retenidos
    assert _archivos(carpeta) == [adjuntos.ruta_blob(carpeta, sha)]


def _otro_paquete(escena) -> Path:
    """Un paquete del mismo notebook sin adjuntos (para «la siguiente importación»)."""
    tmp, oficina, nb, real, _ = escena
    cab, registros, auditoria, _ = partes(real)
    return armar(tmp, nb, oficina, cab, {"persona": _lineas(registros)["persona"]}, [], {})


def test_muerto_a_medio_importar_no_deja_archivos_tras_la_siguiente(escena, monkeypatch):
    tmp, oficina, nb, real, sha = escena
    otro = _otro_paquete(escena)
    oficina.cerrar()
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    monkeypatch.setenv(VARIABLE_FALLA, "importar_adjuntos")
    r = cli_proceso("importar", "--db", oficina.ruta, real)
    assert r.returncode == -9, r.stderr
    preparados = _archivos(adjuntos.carpeta_preparacion(carpeta))
    assert [f.name for f in preparados] == [sha]  # cifrado, en la preparación
    assert adjuntos.cifrado(preparados[0])
    assert not adjuntos.ruta_blob(carpeta, sha).exists()
    monkeypatch.delenv(VARIABLE_FALLA)
    r = cli_proceso("importar", "--db", oficina.ruta, otro)
    assert r.returncode == 0, r.stderr
    assert _archivos(carpeta) == []  # ni en el almacén ni en la preparación
    with Almacen.abrir(oficina.ruta) as a:
        assert a.listar(Adjunto) == []


def test_muerto_despues_del_commit_el_adjunto_llega_igual(escena, monkeypatch):
    tmp, oficina, nb, real, sha = escena
    oficina.cerrar()
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    monkeypatch.setenv(VARIABLE_FALLA, "importar_antes_de_mover")
    r = cli_proceso("importar", "--db", oficina.ruta, real)
    assert r.returncode == -9, r.stderr
    assert not adjuntos.ruta_blob(carpeta, sha).exists()
    monkeypatch.delenv(VARIABLE_FALLA)
    # La base ya tiene el registro: la siguiente apertura (cualquier comando) termina de pasar
    # el archivo al almacén.
    r = cli_proceso("resumen", "--db", oficina.ruta)
    assert r.returncode == 0, r.stderr
    assert _archivos(carpeta) == [adjuntos.ruta_blob(carpeta, sha)]
    r = cli_proceso("importar", "--db", oficina.ruta, real)
    assert r.returncode == 0 and "ya importado" in r.stdout, r.stderr
    with Almacen.abrir(oficina.ruta) as a:
        assert adjuntos.leer(carpeta, sha, a.llave_adjuntos()).startswith(b"%PDF-1.4 acta")


def test_limite_de_archivos_en_un_paquete(escena, monkeypatch):
    tmp, oficina, nb, real, _ = escena
    monkeypatch.setattr(bolsa, "MAX_MIEMBROS", 8)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, real)
    assert "el máximo es 8" in str(e.value) and str(e.value).endswith(".")
    with pytest.raises(ErrorPaquete) as e2:
        importar.verificar(oficina, real)
    assert str(e2.value) == str(e.value)


def test_limite_de_tamano_de_un_paquete(escena, monkeypatch):
    tmp, oficina, nb, real, _ = escena
    monkeypatch.setattr(bolsa, "MAX_TOTAL", 4096)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, real)
    assert "descomprimido suma" in str(e.value) and "el máximo es 4 KB" in str(e.value)
    assert _archivos(adjuntos.carpeta_de(oficina.ruta)) == []


def _guardados(carpeta: Path) -> set[str]:
    raiz = carpeta / "sha256"
    return {f.name for f in raiz.rglob("*") if f.is_file()} if raiz.is_dir() else set()


def _usados(ruta: Path) -> set[str]:
    with Almacen.abrir(ruta) as a:
        return {x["sha256"] for x in a.listar(Adjunto)}


def test_sigkill_en_cualquier_momento_no_deja_archivos_sueltos(tmp_path: Path):
    """Un `importar` real muerto con SIGKILL a distintos tiempos: el almacén nunca tiene un
    archivo que la base no use, y la siguiente importación deja todo completo."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import RAIZ, copiar_base

    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    carpeta_nb = adjuntos.carpeta_de(nb.ruta)
    for i in range(40):
        foto = tmp_path / f"foto{i}.pdf"
        foto.write_bytes(b"%PDF-1.4 " + os.urandom(256 << 10))
        sha, tam, medio = adjuntos.guardar(carpeta_nb, foto, nb.llave_adjuntos())
        nb.insertar(
            Adjunto,
            {
                "territorio_id": tid,
                "tabla_duena": "territorio",
                "registro_id": tid,
                "sha256": sha,
                "tamano": tam,
                "tipo_medio": medio,
                "nombre_original": f"foto{i}.pdf",
            },
        )
    ruta = hacer_paquete(nb, oficina, tmp_path)
    nb.cerrar()
    oficina.cerrar()
    entorno = {**os.environ, "PYTHONPATH": str(RAIZ)}
    entorno.pop(VARIABLE_FALLA, None)
    comando = [sys.executable, "-m", "pir_campo", "importar", "--db"]
    inicio = time.monotonic()
    medida = copiar_base(oficina.ruta, tmp_path / "medida.sqlite")
    subprocess.run([*comando, str(medida), str(ruta)], env=entorno, check=True, cwd=RAIZ)
    total = time.monotonic() - inicio

    def preparando(carpeta: Path) -> bool:
        return len(_archivos(adjuntos.carpeta_preparacion(carpeta))) >= 5

    def moviendo(carpeta: Path) -> bool:
        return len(_guardados(carpeta)) >= 3

    momentos = [preparando, moviendo, 0.5, 0.8, 0.9]
    vistos = set()
    for n, momento in enumerate(momentos):
        base = copiar_base(oficina.ruta, tmp_path / f"caida{n}.sqlite")
        carpeta = adjuntos.carpeta_de(base)
        p = subprocess.Popen(
            [*comando, str(base), str(ruta)],
            env=entorno,
            cwd=RAIZ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if callable(momento):
            limite = time.monotonic() + 60
            while not momento(carpeta) and p.poll() is None and time.monotonic() < limite:
                time.sleep(0.0005)
        else:
            time.sleep(total * momento)
        p.send_signal(signal.SIGKILL)
        p.wait()
        # Nunca hay en el almacén un archivo que la base no use (ni aun antes de reintentar).
        # Se mira antes de abrir la base: abrirla ya ordena la preparación.
        guardados, preparando_aun = _guardados(carpeta), adjuntos.hay_preparacion(carpeta)
        usados = _usados(base)
        assert guardados <= usados
        vistos.add((preparando_aun, bool(usados)))
        subprocess.run([*comando, str(base), str(ruta)], env=entorno, check=True, cwd=RAIZ)
        assert _guardados(carpeta) == _usados(base) and len(_usados(base)) == 40
        assert not adjuntos.hay_preparacion(carpeta)
    # Se mató a medio preparar (sin COMMIT) y a medio mover (después del COMMIT).
    assert {(True, False), (True, True)} <= vistos, vistos


def test_recuperar_preparados_mueve_lo_usado_y_borra_el_resto(escena):
    """Lo que dejaría un corte: un adjunto ya confirmado en la base, uno sin registro y un
    temporal a medio escribir. Importar cualquier paquete lo ordena antes de empezar."""
    tmp, oficina, nb, real, sha = escena
    importar.importar(oficina, real)
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    final = adjuntos.ruta_blob(carpeta, sha)
    corte = adjuntos.carpeta_preparacion(carpeta) / "importacion-cortada"
    corte.mkdir(parents=True)
    final.replace(corte / sha)  # confirmado en la base, aún sin pasar al almacén
    suelto = hashlib.sha256(b"sin registro").hexdigest()
    (corte / suelto).write_bytes(b"PIRADJ1\n...")
    (corte / f"{suelto}.tmp").write_bytes(b"a medio")
    importar.importar(oficina, _otro_paquete(escena))
    assert _archivos(carpeta) == [final]
    assert adjuntos.leer(carpeta, sha, oficina.llave_adjuntos()).startswith(b"%PDF-1.4 acta")
