from __future__ import annotations

import json

import pytest

from pir_campo import adjuntos, capacidad
from pir_campo.errores import ErrorCatalogo, ErrorPir, ErrorValidacion


def test_instrumento_versionado_valida_y_puntua_por_seccion_y_nivel():
    inst = capacidad.cargar()
    assert inst.version == 1 and inst.maximo == 3
    todo = {c: 3 for s in inst.secciones for c, _ in s.items}
    assert capacidad.puntuar(inst, todo).nivel == "alto"
    assert capacidad.puntuar(inst, {c: 0 for c in todo}).nivel == "bajo"
    medio = capacidad.puntuar(
        inst, {c: 2 if c.startswith(("legal", "tecnico")) else 0 for c in todo}
    )
    assert medio.por_seccion["legal"] == pytest.approx(66.7) and medio.nivel == "medio"
    with pytest.raises(ErrorValidacion, match="fuera de la escala"):
        capacidad.puntuar(inst, {"legal_1": 7})


def test_instrumento_invalido_se_rechaza(tmp_path):
    datos = json.loads(
        capacidad.ruta_recurso("instrumentos", "capacidad_gestion.json").read_text(encoding="utf-8")
    )
    datos["secciones"][0]["peso"] = 0.9
    with pytest.raises(ErrorCatalogo, match="pesos de las secciones deben sumar 1"):
        capacidad.validar_definicion(datos)
    del datos["escala"]
    with pytest.raises(ErrorCatalogo, match="no es válido"):
        capacidad.validar_definicion(datos)


LLAVE = bytes(range(32))


@pytest.mark.parametrize("largo", [0, 5000, adjuntos.BLOQUE, 2 * adjuntos.BLOQUE + 7])
def test_adjuntos_se_copian_cifrados_por_contenido_una_sola_vez(tmp_path, largo):
    carpeta = tmp_path / "blobs"
    foto = tmp_path / "hoja.png"
    foto.write_bytes(
        (b"\x89PNG\r\n\x1a\n" + b"Rosa Huenchumilla " * (largo // 18 + 1))[: largo + 8]
    )
    sha, tamano, medio = adjuntos.guardar(carpeta, foto, LLAVE)
    copia = tmp_path / "otra.png"
    copia.write_bytes(foto.read_bytes())
    assert adjuntos.guardar(carpeta, copia, LLAVE)[0] == sha and medio == "image/png"
    guardado = adjuntos.ruta_blob(carpeta, sha).read_bytes()
    # La firma PNG completa (8 bytes) y no solo «PNG»: 3 bytes al azar aparecen en 2 MB de cifrado
    # con probabilidad ~12 %.
    assert b"Huenchumilla" not in guardado and b"\x89PNG\r\n\x1a\n" not in guardado
    assert adjuntos.leer(carpeta, sha, LLAVE) == foto.read_bytes()
    assert adjuntos.tamano(carpeta, sha) == tamano == foto.stat().st_size
    with pytest.raises(ErrorPir, match="alterado"):
        adjuntos.leer(carpeta, sha, bytes(32))
    alterado = bytearray(guardado)
    alterado[-20] ^= 1
    adjuntos.ruta_blob(carpeta, sha).write_bytes(bytes(alterado))
    with pytest.raises(ErrorPir, match="alterado"):
        adjuntos.leer(carpeta, sha, LLAVE)
    adjuntos.ruta_blob(carpeta, sha).write_bytes(guardado[: len(guardado) // 2])
    with pytest.raises(ErrorPir, match="alterado|incompleto"):
        adjuntos.leer(carpeta, sha, LLAVE)
    adjuntos.ruta_blob(carpeta, sha).write_bytes(guardado)
    assert len(list(carpeta.rglob("*"))) == 4  # sha256/ab/cd/<huella>, sin temporales
    foto.unlink()
    assert adjuntos.ruta_blob(carpeta, sha).exists()  # nunca apunta al original


def test_adjunto_que_no_es_foto_ni_pdf_se_rechaza(tmp_path):
    raro = tmp_path / "virus.exe"
    raro.write_bytes(b"MZ" + b"\0" * 100)
    with pytest.raises(ErrorPir, match="no es una foto"):
        adjuntos.guardar(tmp_path / "blobs", raro, LLAVE)
    assert not (tmp_path / "blobs" / "sha256").exists() or not list(
        (tmp_path / "blobs").rglob("*.tmp")
    )
