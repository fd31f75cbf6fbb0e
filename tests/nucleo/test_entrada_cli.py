"""Entradas malas en la CLI y en el almacén: un archivo que no es UTF-8, caracteres de control
en un texto y referencias a registros que no existen se rechazan con una frase que nombra el
archivo o el campo, y la base queda como estaba."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pir_campo import ids
from pir_campo.almacen.tablas import referencias
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import MODELOS, Acuerdo, Persona, Pmdt, Taller, Territorio
from pir_campo.servicios import talleres
from tests.conftest import cli_proceso, contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red

NADIE = "0195a000-0000-7000-8000-00000000dead"


def _territorio(ruta, cli) -> str:
    return json.loads(cli("listar", "territorios", "--db", ruta, "--json")[1])[0]["id"]


def test_archivo_que_no_es_utf8_se_rechaza_nombrando_el_archivo(ruta_demo, tmp_path):
    archivo = tmp_path / "personas latin1.json"
    archivo.write_bytes('{"nombre": "Jos\xe9 Pe\xf1a"}'.encode("latin-1"))
    antes = contenido(ruta_demo)
    r = cli_proceso("agregar", "personas", "--db", ruta_demo, "--datos", f"@{archivo}")
    assert r.returncode == 1, r.stderr
    assert f"El archivo {archivo} no está en UTF-8" in r.stderr
    assert "Traceback" not in r.stderr
    assert contenido(ruta_demo) == antes


@pytest.mark.parametrize(
    ("entidad", "datos", "campo", "codigo"),
    [
        ("personas", {"nombre": "Rosa\u0000Ñancupil"}, "Nombre completo", "U+0000"),
        ("personas", {"nombre": "Rosa\tÑancupil"}, "Nombre completo", "U+0009"),
        ("personas", {"nombre": "Rosa\nÑancupil"}, "Nombre completo", "U+000A"),
        (
            "talleres",
            {"paso": 1, "titulo": "T", "fecha": "2026-01-05", "agenda": "Uno\x1b[31m"},
            "Agenda",
            "U+001B",
        ),
        (
            "talleres",
            {"paso": 1, "titulo": "Tal\u0085ler", "fecha": "2026-01-05"},
            "Título del taller",
            "U+0085",
        ),
    ],
)
def test_caracteres_de_control_se_rechazan_nombrando_el_campo(
    ruta_demo, cli, tmp_path, entidad, datos, campo, codigo
):
    tid = _territorio(ruta_demo, cli)
    archivo = tmp_path / "datos.json"
    archivo.write_text(json.dumps({"territorio_id": tid, **datos}), encoding="utf-8")
    antes = contenido(ruta_demo)
    salida, _, error = cli("agregar", entidad, "--db", ruta_demo, "--datos", f"@{archivo}")
    assert salida == 1 and error.startswith("Error: ")
    assert f"El campo «{campo}» tiene un carácter de control ({codigo})" in error
    assert contenido(ruta_demo) == antes


def test_un_texto_de_varias_lineas_admite_saltos_y_tabuladores(ruta_demo, cli):
    tid = _territorio(ruta_demo, cli)
    datos = {
        "territorio_id": tid,
        "paso": 1,
        "titulo": "Taller de prueba",
        "fecha": "2026-01-05",
        "agenda": "1.\tBienvenida\r\n2.\tDiagnóstico\n3.\tCierre",
    }
    codigo, salida, error = cli(
        "agregar", "talleres", "--db", ruta_demo, "--datos", json.dumps(datos)
    )
    assert codigo == 0, error
    codigo, salida, _ = cli("listar", "talleres", "--db", ruta_demo, "--json")
    [taller] = [t for t in json.loads(salida) if t["titulo"] == "Taller de prueba"]
    assert taller["agenda"] == datos["agenda"]


def test_editar_con_un_nul_nombra_el_campo(ruta_demo, cli):
    tid = _territorio(ruta_demo, cli)
    pid = cli(
        "agregar",
        "personas",
        "--db",
        ruta_demo,
        "--datos",
        json.dumps({"territorio_id": tid, "nombre": "Rosa Ñancupil"}),
    )[1].strip()
    antes = contenido(ruta_demo)
    codigo, _, error = cli(
        "editar", "personas", pid, "--db", ruta_demo, "--datos", '{"nombre": "Rosa\\u0000"}'
    )
    assert codigo == 1 and "«Nombre completo» tiene un carácter de control (U+0000)" in error
    assert contenido(ruta_demo) == antes


@pytest.mark.parametrize(
    ("entidad", "datos", "campo", "etiqueta"),
    [
        ("personas", {"territorio_id": NADIE, "nombre": "Rosa"}, "Territorio", "el territorio"),
        ("acuerdos", {"taller_id": NADIE, "texto": "Reunirse"}, "Taller", "el taller"),
        (
            "asistencias",
            {"taller_id": "TALLER", "persona_id": NADIE},
            "Persona",
            "la persona",
        ),
    ],
)
def test_referencia_a_un_registro_que_no_existe_se_rechaza(
    ruta_demo, cli, entidad, datos, campo, etiqueta
):
    tid = _territorio(ruta_demo, cli)
    listado = json.loads(cli("listar", "talleres", "--db", ruta_demo, "--json")[1])
    taller = next(
        t["id"] for t in listado if t["territorio_id"] == tid and t["estado"] != "cerrado"
    )
    datos = {"territorio_id": tid, **{k: taller if v == "TALLER" else v for k, v in datos.items()}}
    antes = contenido(ruta_demo)
    codigo, _, error = cli("agregar", entidad, "--db", ruta_demo, "--datos", json.dumps(datos))
    assert codigo == 1, error
    assert f"El campo «{campo}» no corresponde a ningún registro de esta base" in error
    assert f"no existe {etiqueta} con identificador {NADIE}" in error
    assert contenido(ruta_demo) == antes
    # En un lote, el mensaje dice cuál registro.
    lote = [{"territorio_id": tid, "nombre": "Válida"}, {"territorio_id": NADIE, "nombre": "X"}]
    codigo, _, error = cli("agregar", "personas", "--db", ruta_demo, "--datos", json.dumps(lote))
    assert codigo == 1 and "Registro 2: el campo «Territorio»" in error
    assert contenido(ruta_demo) == antes
    codigo, _, error = cli(
        "editar", "territorios", tid, "--db", ruta_demo, "--datos", '{"nombre": "Otro"}'
    )
    assert codigo == 0, error


# ---- en el almacén -----------------------------------------------------------------------


def test_almacen_rechaza_referencias_rotas_al_insertar_y_al_actualizar(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    with pytest.raises(ErrorValidacion, match="«Territorio» no corresponde") as e:
        almacen.insertar(Persona, {"territorio_id": NADIE, "nombre": "Rosa"})
    assert e.value.campo == "Territorio"
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    antes = almacen.obtener(Persona, pid)
    seq = almacen.estado()["seq"]
    with pytest.raises(ErrorValidacion, match="no existe el territorio con identificador"):
        almacen.actualizar(Persona, pid, {"territorio_id": NADIE})
    assert almacen.obtener(Persona, pid) == antes and almacen.estado()["seq"] == seq
    # Un registro eliminado tampoco sirve de destino.
    otro = almacen.insertar(Territorio, {**TERRITORIO, "nombre": "Otro territorio"})
    almacen.eliminar(Territorio, otro)
    with pytest.raises(ErrorValidacion, match="«Territorio» no corresponde"):
        almacen.insertar(Persona, {"territorio_id": otro, "nombre": "Ana"})
    assert [p["id"] for p in almacen.listar(Persona)] == [pid]


def test_almacen_acepta_una_referencia_a_otro_registro_del_mismo_lote(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    v1, v2 = ids.uuid7(), ids.uuid7()
    base = {"territorio_id": tid, "fecha": "2025-03-01"}
    almacen.insertar_lote(
        Pmdt,
        [{**base, "version": 1}, {**base, "version": 2, "version_anterior_id": v1}],
        [v1, v2],
    )
    assert almacen.obtener(Pmdt, v2)["version_anterior_id"] == v1
    with pytest.raises(ErrorValidacion, match="«Versión anterior» no corresponde"):
        almacen.insertar(Pmdt, {**base, "version": 3, "version_anterior_id": NADIE})


def test_almacen_rechaza_control_en_cualquier_texto_y_el_paquete_retiene_la_fila(tmp_path):
    oficina, (n1,) = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    taller = talleres.nuevo(oficina, tid, 1, dt.date(2026, 1, 5))
    with pytest.raises(ErrorValidacion, match="«Texto del acuerdo» tiene un carácter") as e:
        oficina.insertar(Acuerdo, {"territorio_id": tid, "taller_id": taller, "texto": "a\x00b"})
    assert e.value.campo == "Texto del acuerdo"
    with pytest.raises(ErrorValidacion, match="«Título del taller» tiene un carácter"):
        oficina.actualizar(Taller, taller, {"titulo": "Taller\x07"})
    # Un NUL que llega en un paquete (de una versión sin esta regla) no entra: la fila se
    # retiene con su motivo y el resto se aplica.
    enviar(oficina, n1, tmp_path)
    pid = n1.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    n1.conn.execute("UPDATE persona SET nombre = 'Ro' || char(0) || 'sa' WHERE id = ?", (pid,))
    otra = n1.insertar(Persona, {"territorio_id": tid, "nombre": "Ana"})
    r = enviar(n1, oficina, tmp_path)
    assert [x["id"] for x in r.retenidos] == [pid]
    assert "«Nombre completo» tiene un carácter de control (U+0000)" in r.retenidos[0]["motivo"]
    assert [p["id"] for p in oficina.listar(Persona)] == [otra]


def test_todo_campo_id_apunta_a_una_tabla_conocida():
    # Un `*_id` nuevo sin destino haría fallar toda inserción de su modelo: se nota aquí.
    todas = {m.tabla: referencias(m) for m in MODELOS}
    assert todas["asistencia"] == {
        "territorio_id": "territorio",
        "taller_id": "taller",
        "persona_id": "persona",
        "organizacion_id": "organizacion",
    }
    assert todas["firmante"]["acta_id"] == "acta_validacion"
    assert "registro_id" not in todas["adjunto"]
