"""Historial de cada registro: la bitácora del notebook viaja a la oficina sin duplicados y
muestra la persona, la instalación, el campo por su etiqueta, antes → después y el motivo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo.almacen import consultas_historial as bitacora
from pir_campo.errores import ErrorNoEncontrado, ErrorPaquete
from pir_campo.modelos import Taller, Territorio
from pir_campo.servicios.historial import historial
from pir_campo.sincro import importar
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, paquete, red


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a, b
    for x in (oficina, a, b):
        x.cerrar()


def _taller(almacen, tid: str) -> str:
    return almacen.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 2,
            "titulo": "Validación en Puerto Domínguez",
            "fecha": "2026-03-10",
            "lugar": "Sede social",
        },
    )


def test_edicion_del_notebook_se_ve_en_la_oficina_con_la_facilitadora(escena):
    tmp, oficina, a, _ = escena
    a.fijar_persona("Rosa Ñancupil", recordar=True)
    tid = a.insertar(Territorio, TERRITORIO)
    tal = _taller(a, tid)
    a.actualizar(
        Taller,
        tal,
        {"lugar": "Escuela de Budi", "titulo": "Validación del pacto"},
        motivo="cambio de sede por lluvia",
    )
    r = enviar(a, oficina, tmp)
    assert r.auditoria == 4  # territorio y taller creados, más dos campos cambiados
    h = historial(oficina, tal)
    assert h.tabla == "taller" and [e.tipo for e in h.entradas] == ["creacion", "cambio"]
    creacion, cambio = h.entradas
    assert creacion.persona == "Rosa Ñancupil" and creacion.instalacion == "notebook1"
    # La creación muestra los valores iniciales, aunque luego cambiaron.
    iniciales = {c.etiqueta: c.despues for c in creacion.campos}
    assert iniciales["Lugar"] == "Sede social"
    assert iniciales["Título del taller"] == "Validación en Puerto Domínguez"
    assert iniciales["Fecha del taller"] == "10-03-2026"
    assert iniciales["Paso crítico"].startswith("Validación")
    assert cambio.persona == "Rosa Ñancupil" and cambio.motivo == "cambio de sede por lluvia"
    pares = {c.etiqueta: (c.antes, c.despues) for c in cambio.campos}
    assert pares["Lugar"] == ("Sede social", "Escuela de Budi")
    assert pares["Título del taller"] == ("Validación en Puerto Domínguez", "Validación del pacto")
    texto = h.texto()
    assert "Lugar: Sede social → Escuela de Budi" in texto and "Rosa Ñancupil" in texto


def test_la_misma_bitacora_dos_veces_se_guarda_una_vez(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    tal = _taller(a, tid)
    enviar(a, oficina, tmp)
    a.actualizar(Taller, tal, {"lugar": "Otro lugar"})
    # Sin recibo, el segundo paquete repite lo del primero más el cambio nuevo.
    r = enviar(a, oficina, tmp)
    assert r.auditoria == 1
    n = oficina.conn.execute("SELECT count(*) FROM cambio WHERE registro_id = ?", (tal,))
    assert n.fetchone()[0] == 2
    assert len(historial(oficina, tal).entradas) == 2


def test_la_oficina_envia_su_bitacora_solo_de_lo_que_envia(escena):
    tmp, oficina, a, b = escena
    oficina.fijar_persona("Coordinadora Pía Soto")
    t1 = a.insertar(Territorio, TERRITORIO)
    t2 = b.insertar(Territorio, {**TERRITORIO, "nombre": "Otro territorio"})
    tal = _taller(a, t1)
    enviar(a, oficina, tmp)
    enviar(b, oficina, tmp)
    oficina.actualizar(Taller, tal, {"lugar": "Corregido por la oficina"})
    oficina.actualizar(Territorio, t2, {"nombre": "Renombrado por la oficina"})
    enviar(oficina, a, tmp)
    e = historial(a, tal).entradas[-1]
    assert e.persona == "Coordinadora Pía Soto" and e.instalacion == "oficina"
    ajenas = a.conn.execute("SELECT count(*) FROM cambio WHERE registro_id = ?", (t2,))
    assert ajenas.fetchone()[0] == 0


def test_bitacora_atribuida_a_otra_instalacion_rechaza_el_paquete(escena, monkeypatch):
    tmp, oficina, a, b = escena
    tid = a.insertar(Territorio, TERRITORIO)
    a.actualizar(Territorio, tid, {"nombre": "Otro nombre"})
    original = bitacora.auditoria_propia

    def falsa(almacen, desde):
        for f in original(almacen, desde):
            yield (b.dispositivo, *f[1:])

    monkeypatch.setattr(bitacora, "auditoria_propia", falsa)
    ruta = paquete(a, oficina, tmp)
    antes = oficina.conn.execute("SELECT count(*) FROM cambio").fetchone()[0]
    with pytest.raises(ErrorPaquete, match="otra instalación"):
        importar.importar(oficina, ruta)
    assert oficina.conn.execute("SELECT count(*) FROM cambio").fetchone()[0] == antes
    assert oficina.conn.execute("SELECT count(*) FROM territorio").fetchone()[0] == 0


def test_historial_de_id_inexistente(escena):
    _, oficina, _, _ = escena
    with pytest.raises(ErrorNoEncontrado, match="No existe un registro"):
        historial(oficina, "0195a000-0000-7000-8000-00000000dead")


def test_eliminacion_en_el_historial(escena):
    _, _, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    tal = _taller(a, tid)
    a.eliminar(Taller, tal, motivo="duplicado")
    h = historial(a, tal)
    assert h.entradas[-1].tipo == "eliminacion" and h.entradas[-1].motivo == "duplicado"
    assert json.loads(json.dumps(h.como_dict()))["entradas"][-1]["campos"][0]["despues"] == "Sí"


def test_cli_historial_texto_json_y_error(escena, cli):
    _, _, a, _ = escena
    a.fijar_persona("Rosa Ñancupil", recordar=True)
    tid = a.insertar(Territorio, TERRITORIO)
    tal = _taller(a, tid)
    a.actualizar(Taller, tal, {"lugar": "Escuela"}, motivo="lluvia")
    codigo, salida, _ = cli("historial", "--db", a.ruta, "--id", tal)
    assert codigo == 0
    assert "Cambio por Rosa Ñancupil en notebook1. Motivo: lluvia" in salida
    assert "Lugar: Sede social → Escuela" in salida
    codigo, salida, _ = cli("historial", "--db", a.ruta, "--id", tal, "--json")
    datos = json.loads(salida)
    assert codigo == 0 and datos["tabla"] == "taller"
    assert datos["entradas"][1]["campos"] == [
        {"campo": "lugar", "etiqueta": "Lugar", "antes": "Sede social", "despues": "Escuela"}
    ]
    codigo, salida, error = cli("historial", "--db", a.ruta, "--id", "no-existe")
    assert codigo == 1 and "No existe un registro" in error and "Traceback" not in error


def test_persona_recordada_al_reabrir(escena):
    _, _, a, _ = escena
    a.fijar_persona("  Rosa   Ñancupil ", recordar=True)
    from pir_campo.almacen import Almacen

    with Almacen.abrir(a.ruta) as otra:
        assert otra.persona == "Rosa Ñancupil"
        assert otra.personas_conocidas() == ["Rosa Ñancupil"]
    from pir_campo.errores import ErrorValidacion

    with pytest.raises(ErrorValidacion, match="Su nombre"):
        a.fijar_persona("   ")


@pytest.mark.parametrize("momento", ["2026-01-15T03:30:00+00:00", "2026-07-15T03:30:00+00:00"])
def test_hora_del_historial_es_la_de_chile_en_verano_e_invierno(momento):
    from pir_campo import formato
    from pir_campo.servicios.historial import momento_chile

    assert momento_chile(momento) == formato.momento_local(momento)


def test_textos_con_comillas_y_saltos_se_muestran_bien(escena):
    _, _, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    tal = _taller(a, tid)
    # Un salto de línea solo cabe en un texto de varias líneas (la agenda, no el lugar).
    a.actualizar(Taller, tal, {"agenda": 'Sede "La Unión"\nsegundo piso'})
    [campo] = historial(a, tal).entradas[-1].campos
    assert campo.despues == 'Sede "La Unión"\nsegundo piso'
