"""Llave de recuperación de la oficina: base de la oficina perdida, rehecha con los paquetes
de los notebooks (llaves, paquetes y archivos reales)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.almacen import Almacen, rotacion
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorClave, ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import importar
from pir_campo.sincro import llave_recuperacion as lr
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, paquete, red

FRASE = "cofre de lenga bajo el puente 88"


def _borrar_oficina(oficina: Almacen) -> None:
    ruta = oficina.ruta
    oficina.cerrar()
    lr._borrar_base(ruta)


def test_oficina_perdida_se_rehace_con_los_mismos_datos(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    for nb, nombre in ((a, "Ana"), (b, "Berta")):
        tid = nb.insertar(Territorio, {**TERRITORIO, "nombre": f"Territorio de {nombre}"})
        nb.insertar_lote(
            Persona, [{"territorio_id": tid, "nombre": f"{nombre} {i}"} for i in range(4)]
        )
    for nb in (a, b):
        enviar(nb, oficina, tmp_path)
    for nb in (a, b):
        enviar(oficina, nb, tmp_path)
    llave = tmp_path / "recuperacion.pirk"
    lr.escribir(oficina, llave, FRASE)
    texto = llave.read_text()
    assert bytes(oficina.llave_cifrado()).hex() not in texto  # nada secreto a la vista
    esperado, dispositivo = datos(oficina), oficina.dispositivo
    seq_antes = rep.seq_actual(oficina)
    _borrar_oficina(oficina)

    # Cada notebook exporta todo para la oficina (cifrado para su llave, que se perdió).
    paquetes = [paquete(nb, None, tmp_path, todo=True) for nb in (a, b)]
    nueva = tmp_path / "oficina-nueva.sqlite"
    r = lr.rehacer(lr.leer(llave), FRASE, paquetes, nueva)
    assert r.oficina == dispositivo and len(r.importados) == 2 and not r.faltan
    with Almacen.abrir(nueva) as of:
        assert of.dispositivo == dispositivo and of.rol == "oficina"
        assert datos(of) == esperado
        assert rep.seq_actual(of) > seq_antes + rotacion.SALTO_SEQ - 1
        assert {p["id"] for p in rep.pares(of, "campo")} == {a.dispositivo, b.dispositivo}
        # Los notebooks siguen trabajando con la oficina rehecha sin registrarse de nuevo.
        assert enviar(of, a, tmp_path).recibo is not None
        tid = a.conn.execute("SELECT id FROM territorio").fetchone()[0]
        a.insertar(Persona, {"territorio_id": tid, "nombre": "Después de rehacer"})
        assert enviar(a, of, tmp_path).nuevos == 1
    a.cerrar()
    b.cerrar()


def test_errores_de_la_llave_y_de_los_paquetes(tmp_path: Path):
    oficina, (a,) = red(tmp_path, 1)
    a.insertar(Territorio, TERRITORIO)
    llave = tmp_path / "recuperacion.pirk"
    lr.escribir(oficina, llave, FRASE)
    bueno = paquete(a, oficina, tmp_path)
    nueva = tmp_path / "nueva.sqlite"

    with pytest.raises(ErrorClave, match="frase de la llave de recuperación no es correcta"):
        lr.rehacer(lr.leer(llave), "otra frase cualquiera 2026", [bueno], nueva)
    cortada = tmp_path / "cortada.pirk"
    cortada.write_bytes(llave.read_bytes()[:-40])
    with pytest.raises(ErrorClave, match="dañado, cortado"):
        lr.leer(cortada)
    alterada = tmp_path / "alterada.pirk"
    d = json.loads(llave.read_text())
    envuelta = d["caja"]["envuelta"]
    d["caja"]["envuelta"] = envuelta[:-8] + ("A" * 8 if not envuelta.endswith("A" * 8) else "B" * 8)
    alterada.write_text(json.dumps(d))
    with pytest.raises(ErrorClave, match="dañado, cortado"):
        lr.leer(alterada)

    # Un paquete de otra oficina: nada se crea.
    (tmp_path / "otra").mkdir()
    otra, (c,) = red(tmp_path / "otra", 1)
    ajeno = paquete(c, otra, tmp_path)
    with pytest.raises(ErrorPaquete, match="no es de un notebook para esta oficina"):
        lr.rehacer(lr.leer(llave), FRASE, [bueno, ajeno], nueva)
    assert not nueva.exists() and not Path(f"{nueva}.llave").exists()

    # Tras una rotación, lo cifrado para la llave nueva no lo abre la llave vieja.
    rotacion.rotar(oficina)
    importar.importar(a, paquete(oficina, a, tmp_path))
    nuevo = paquete(a, oficina, tmp_path)
    with pytest.raises(ErrorPaquete, match="escriba la llave de recuperación de nuevo"):
        lr.rehacer(lr.leer(llave), FRASE, [nuevo], nueva)
    assert not nueva.exists()
    # Escrita de nuevo, cubre la llave nueva y la anterior (en solape).
    lr.escribir(oficina, llave, FRASE)
    r = lr.rehacer(lr.leer(llave), FRASE, [bueno, nuevo], nueva)
    assert len(r.importados) == 2
    # Misma frase que la base: se rechaza.
    with pytest.raises(ErrorClave, match="distinta de la frase de la base"):
        lr.escribir(oficina, tmp_path / "x.pirk", "frase de prueba para el terreno 2026")
    for x in (oficina, a, otra, c):
        x.cerrar()


def test_adjuntos_y_notebook_registrado_despues_de_la_llave(tmp_path: Path):
    from pir_campo import adjuntos
    from pir_campo.modelos import Adjunto
    from pir_campo.sincro import exportar
    from tests.nucleo.sincro_apoyo import instalacion, registrar

    oficina, (a,) = red(tmp_path, 1)
    tid = a.insertar(Territorio, TERRITORIO)
    foto = tmp_path / "hoja.png"
    foto.write_bytes(b"\x89PNG\r\n\x1a\n" + b"hoja firmada" * 500)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(a.ruta), foto, a.llave_adjuntos())
    a.insertar(
        Adjunto,
        {
            "territorio_id": tid,
            "tabla_duena": "territorio",
            "registro_id": tid,
            "sha256": sha,
            "tamano": tam,
            "tipo_medio": medio,
            "nombre_original": "hoja.png",
        },
    )
    enviar(a, oficina, tmp_path)
    enviar(oficina, a, tmp_path)  # la oficina confirmó el adjunto
    llave = tmp_path / "recuperacion.pirk"
    lr.escribir(oficina, llave, FRASE)
    tarde = instalacion(tmp_path, "tarde")  # registrado después de escribir la llave
    registrar(oficina, tarde, tmp_path)
    tarde.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio tardío"})
    _borrar_oficina(oficina)

    # --todo solo no repite el adjunto confirmado; con --con-adjuntos sí va.
    assert exportar.exportar(a, tmp_path / "sin.pirb", todo=True).adjuntos == 0
    with pytest.raises(ErrorPaquete, match="junto con --todo"):
        exportar.exportar(a, tmp_path / "mal.pirb", con_adjuntos=True)
    todo = exportar.exportar(a, tmp_path / "todo.pirb", todo=True, con_adjuntos=True)
    assert todo.adjuntos == 1
    del_tarde = paquete(tarde, None, tmp_path, todo=True)
    nueva = tmp_path / "nueva.sqlite"
    with pytest.raises(ErrorPaquete, match="Ninguno de los paquetes"):
        lr.rehacer(lr.leer(llave), FRASE, [del_tarde], nueva)
    assert not nueva.exists()
    r = lr.rehacer(lr.leer(llave), FRASE, [todo.ruta, del_tarde], nueva)
    assert [x[2] for x in r.sin_registrar] == [tarde.dispositivo] and len(r.importados) == 1
    with Almacen.abrir(nueva) as of:
        carpeta = adjuntos.carpeta_de(of.ruta)
        assert adjuntos.leer(carpeta, sha, of.llave_adjuntos()) == foto.read_bytes()
        # Registrado ahora, su paquete entra en la oficina rehecha.
        registrar(of, tarde, tmp_path)
        assert importar.importar(of, del_tarde).nuevos == 1
    a.cerrar()
    tarde.cerrar()
