"""Servicios de la aplicación de terreno: taller, asistencia, actas, personas y adjuntos."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pir_campo import adjuntos as blobs
from pir_campo.almacen import consultas_campo as q
from pir_campo.errores import ErrorRegistroCerrado, ErrorValidacion
from pir_campo.modelos import ActaValidacion, Asistencia, Persona, Taller, Territorio
from pir_campo.servicios import actas, adjuntos, asistencias, personas, talleres, territorio
from tests.conftest import contenido


@pytest.fixture
def tid(almacen):
    return almacen.insertar(
        Territorio, {"nombre": "Valle de Prueba", "cut_region": "09", "comunas": ["09101"]}
    )


def _asistente(almacen, taller_id, nombre, **extra):
    return talleres.agregar_asistente(almacen, taller_id, {"nombre": nombre, **extra})


def test_taller_cierra_y_reabre_con_motivo_en_bitacora(almacen, tid):
    taller = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    with pytest.raises(ErrorValidacion, match="no tiene asistentes"):
        talleres.cerrar(almacen, taller)
    _asistente(almacen, taller, "Rosa Huenchumán")
    talleres.guardar_campo(almacen, taller, "agenda", "1. Bienvenida")
    talleres.cerrar(almacen, taller)
    with pytest.raises(ErrorRegistroCerrado):
        talleres.guardar_campo(almacen, taller, "agenda", "otra")
    with pytest.raises(ErrorRegistroCerrado):
        _asistente(almacen, taller, "Juan Pérez")
    with pytest.raises(ErrorValidacion, match="Motivo"):
        talleres.reabrir(almacen, taller, "  ")
    talleres.reabrir(almacen, taller, "Faltó anotar a dos asistentes")
    motivos = {h["motivo"] for h in almacen.historial(Taller, taller)}
    assert "Faltó anotar a dos asistentes" in motivos
    assert almacen.obtener(Taller, taller)["estado"] == "borrador"


def test_taller_futuro_no_se_cierra(almacen, tid):
    taller = talleres.nuevo(almacen, tid, 1, dt.date.today() + dt.timedelta(days=5))
    _asistente(almacen, taller, "Rosa Huenchumán")
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="futuro"):
        talleres.cerrar(almacen, taller)
    assert contenido(almacen.ruta) == antes


def test_asistencia_reutiliza_personas_y_no_duplica(almacen, tid):
    t1 = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    t2 = talleres.nuevo(almacen, tid, 2, dt.date(2025, 4, 4))
    _asistente(almacen, t1, "Ñuke Catrileo", rut="12.345.678-5", sexo="mujer", tramo_edad="30-44")
    # El mismo RUT en otro taller es la misma persona, aunque se escriba distinto.
    _asistente(almacen, t2, "Nuke Catrileo", rut="12345678-5")
    assert almacen.contar(Persona, territorio_id=tid) == 1
    persona = almacen.listar(Persona, territorio_id=tid)[0]
    with pytest.raises(ErrorValidacion, match="ya está en la lista"):
        talleres.agregar_asistente(almacen, t2, {}, persona_id=persona["id"])
    conteos = q.conteos_asistencia(almacen.conn, t1)
    assert conteos["sexo"] == {"mujer": 1} and conteos["tramo"] == {"30-44": 1}
    sugeridas = q.sugerir_personas(almacen.conn, tid, "nuke cat")
    assert [s["nombre"] for s in sugeridas] == ["Ñuke Catrileo"]


def test_rut_invalido_no_escribe_nada(almacen, tid):
    taller = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="dígito verificador"):
        _asistente(almacen, taller, "Pedro Soto", rut="12.345.678-9")
    assert contenido(almacen.ruta) == antes


def test_fusion_conserva_asistencias(almacen, tid):
    t1 = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    t2 = talleres.nuevo(almacen, tid, 2, dt.date(2025, 4, 4))
    t3 = talleres.nuevo(almacen, tid, 3, dt.date(2025, 5, 4))
    _asistente(almacen, t1, "José Millán", rut="12.345.678-5")
    _asistente(almacen, t2, "Jose Millan", telefono="+56 9 1234 5678")
    _asistente(almacen, t3, "Jose Millan")
    talleres.cerrar(almacen, t1)
    pares = personas.posibles_duplicados(almacen, tid)
    assert len(pares) == 3 and all(p["motivo"] == "mismo nombre y comuna" for p in pares)
    gente = {
        p["telefono"] is not None: p["id"]
        for p in q.personas(almacen.conn, tid)
        if p["rut"] is None
    }
    conservar = almacen.listar(Persona, rut="123456785")[0]["id"]
    for otra in gente.values():
        personas.fusionar(almacen, conservar, otra)
    vivas = q.personas(almacen.conn, tid)
    assert len(vivas) == 1 and vivas[0]["talleres"] == 3
    assert almacen.obtener(Persona, conservar)["telefono"] == "+56 9 1234 5678"
    assert personas.posibles_duplicados(almacen, tid) == []
    assert [a["nombre"] for a in q.asistentes(almacen.conn, t2)] == ["José Millán"]


def test_acta_firma_congela_y_admite_adendas(almacen, tid):
    taller = talleres.nuevo(almacen, tid, 2, dt.date(2025, 3, 4))
    acta = actas.nueva(almacen, tid, "validacion_territorio", taller)
    actas.agregar_firmante(
        almacen, acta, {"nombre": "Luisa Ancán", "rut": "12.345.678-5", "lado": "comunidad"}
    )
    with pytest.raises(ErrorValidacion, match="sector público"):
        actas.firmar(almacen, acta)
    actas.agregar_firmante(
        almacen, acta, {"nombre": "Carlos Ruiz", "institucion": "GORE", "lado": "sector_publico"}
    )
    with pytest.raises(ErrorValidacion, match="votación"):
        actas.firmar(almacen, acta)
    actas.guardar_campo(almacen, acta, "votos_favor", 23)
    with pytest.raises(ErrorValidacion, match="no está firmada"):
        actas.agregar_adenda(almacen, acta, "Se agrega un punto")
    actas.firmar(almacen, acta)
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorRegistroCerrado):
        actas.guardar_campo(almacen, acta, "votos_contra", 2)
    with pytest.raises(ErrorRegistroCerrado):
        actas.agregar_firmante(almacen, acta, {"nombre": "Otra", "lado": "comunidad"})
    assert contenido(almacen.ruta) == antes
    actas.agregar_adenda(almacen, acta, "Se corrige el nombre del sector Los Pinos")
    datos = actas.cargar(almacen, acta)
    assert len(datos["adendas"]) == 1 and datos["acta"]["estado"] == "firmada"
    assert almacen.obtener(ActaValidacion, acta)["votos_favor"] == 23


def test_estado_de_los_pasos(almacen, tid):
    pasos = territorio.estado_pasos(almacen, tid)
    assert [p["estado"] for p in pasos] == ["sin_iniciar"] * 8
    taller = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    _asistente(almacen, taller, "Rosa Huenchumán")
    talleres.cerrar(almacen, taller)
    paso1 = territorio.estado_pasos(almacen, tid)[0]
    assert paso1["estado"] == "en_curso" and "hoja de asistencia" in paso1["falta"]
    assert territorio.paso_actual(territorio.estado_pasos(almacen, tid)) == 1
    assert "acta de validación" in territorio.estado_pasos(almacen, tid)[1]["falta"]


def test_adjunto_se_copia_y_no_guarda_la_ruta(almacen, tid, tmp_path):
    taller = talleres.nuevo(almacen, tid, 1, dt.date(2025, 3, 4))
    origen = tmp_path / "hoja firmada.pdf"
    origen.write_bytes(b"%PDF-1.4\n% hoja\n")
    adjuntos.adjuntar(almacen, "taller", taller, tid, origen, "asistencia_firmada")
    origen.unlink()
    [fila] = adjuntos.listar(almacen, taller)
    assert fila["nombre_original"] == "hoja firmada.pdf"
    guardado = blobs.ruta_blob(blobs.carpeta_de(almacen.ruta), fila["sha256"]).read_bytes()
    assert b"% hoja" not in guardado  # cifrado
    assert adjuntos.contenido(almacen, fila["sha256"]) == b"%PDF-1.4\n% hoja\n"
    assert str(tmp_path) not in json.dumps(contenido(almacen.ruta)["adjunto"], default=str)


def test_filtro_de_asistencias_por_nombre(almacen_demo):
    tid = q.territorios(almacen_demo.conn)[0]["id"]
    todas = q.filtrar_asistencias(almacen_demo.conn, tid)
    assert len(todas) == almacen_demo.contar(Asistencia, territorio_id=tid)
    algunas = q.filtrar_asistencias(almacen_demo.conn, tid, "mar")
    filas = q.filas_asistencias(almacen_demo.conn, algunas[:20])
    assert 0 < len(algunas) < len(todas)
    assert all("mar" in q.normalizar_nombre(f["nombre"]) for f in filas.values())


@pytest.mark.parametrize("texto", ["", "m", "mar", "ana m", "zzz"])
def test_filtro_por_paginas_y_total(almacen_demo, texto):
    """La primera página y el total de cada tecla son los de la lista entera, en su orden."""
    tid = q.territorios(almacen_demo.conn)[0]["id"]
    todas = q.filtrar_asistencias(almacen_demo.conn, tid, texto)
    tramos = [
        q.filtrar_asistencias(almacen_demo.conn, tid, texto, desde=d, cuantos=7)
        for d in range(0, len(todas) + 7, 7)
    ]
    assert [i for t in tramos for i in t] == todas
    assert q.filtrar_asistencias(almacen_demo.conn, tid, texto, desde=3) == todas[3:]
    primeros, total = asistencias.filtrar(almacen_demo, tid, texto, None, False, 20)
    assert primeros == todas[:20] and total == len(todas)
    por_persona = q.asistencias_por_persona(almacen_demo.conn, tid)
    assert q.contar_asistencias(almacen_demo.conn, tid, texto, por_persona) == len(todas)


def test_total_del_filtro_sigue_a_la_base(almacen_demo):
    """El total recordado se vuelve a leer cuando cambian las asistencias."""
    tid = q.territorios(almacen_demo.conn)[0]["id"]
    una, nombre = almacen_demo.conn.execute(
        "SELECT a.id, p.nombre FROM asistencia a JOIN taller t ON t.id = a.taller_id "
        "JOIN persona p ON p.id = a.persona_id WHERE t.estado = 'borrador' "
        "AND a.territorio_id = ? LIMIT 1",
        (tid,),
    ).fetchone()
    letra = nombre[0]
    asistencias.precalentar(almacen_demo, tid)
    _, antes = asistencias.filtrar(almacen_demo, tid, letra, None, False, 1)
    _, todas = asistencias.filtrar(almacen_demo, tid, "", None, False, 1)
    talleres.quitar_asistente(almacen_demo, una)
    assert asistencias.filtrar(almacen_demo, tid, letra, None, False, 1)[1] == antes - 1
    assert asistencias.filtrar(almacen_demo, tid, "", None, False, 1)[1] == todas - 1
