"""Lo que la oficina envía en sus paquetes firmados: catálogo, instrumento v2, ajustes de la
región y avisos; cada envío se valida entero y se le muestra a la facilitadora."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pir_campo import capacidad, catalogos
from pir_campo.documentos import generar
from pir_campo.errores import ErrorCatalogo, ErrorValidacion
from pir_campo.modelos import Diagnostico
from pir_campo.planificacion import capacidad_servicio as cs
from pir_campo.recursos import ruta_recurso
from pir_campo.servicios import envios
from tests.conftest import contenido
from tests.datos_planificacion import organizacion, territorio
from tests.nucleo.apoyo_documentos import texto
from tests.nucleo.sincro_apoyo import enviar, red


@pytest.fixture(autouse=True)
def _limpio():
    """Catálogos e instrumentos recibidos viven en el proceso: cada prueba parte de cero."""
    catalogos.olvidar_actualizaciones()
    capacidad.olvidar_versiones()
    yield
    catalogos.olvidar_actualizaciones()
    capacidad.olvidar_versiones()


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a
    for x in (oficina, a, b):
        x.cerrar()


def _instrumento_v2() -> dict:
    d = json.loads(ruta_recurso("instrumentos", "capacidad_gestion.json").read_text("utf-8"))
    v2 = copy.deepcopy(d)
    v2["version"] = 2
    v2["secciones"][0]["items"][0]["texto"] = "Personalidad jurídica vigente y certificada"
    return v2


def _respuestas(inst: capacidad.Instrumento, valor: int) -> dict[str, int]:
    return {c: valor for s in inst.secciones for c, _ in s.items}


def test_instrumento_v2_nuevo_diagnostico_lo_usa_y_el_anterior_conserva_v1(escena):
    tmp, oficina, a = escena
    tid = territorio(a)
    org = organizacion(a, tid)
    v1 = capacidad.cargar()
    d1 = cs.registrar_diagnostico(a, org, "2025-09-15", _respuestas(v1, 1)).ids[0]
    enviar(a, oficina, tmp)
    oficina.fijar_persona("Pía Soto")
    envio = envios.publicar(oficina, "instrumento", _instrumento_v2())
    assert "versión 2" in envio["texto"]
    # El notebook aún no lo recibe: sigue con la versión 1.
    assert envios.instrumento_vigente(a).version == 1
    r = enviar(oficina, a, tmp)
    assert any("instrumento" in e["texto"] and "versión 2" in e["texto"] for e in r.envios)
    assert "La oficina actualizó el instrumento" in r.texto()
    v2 = envios.instrumento_vigente(a)
    assert v2.version == 2
    d2 = cs.registrar_diagnostico(a, org, "2026-09-15", _respuestas(v2, 2)).ids[0]
    assert a.obtener(Diagnostico, d1)["version_instrumento"] == 1
    assert a.obtener(Diagnostico, d2)["version_instrumento"] == 2
    assert cs.detalle(a, d1)["secciones"] and cs.detalle(a, d2)["secciones"]
    pdf1 = texto(generar.generar(a, "diagnostico", d1, tmp / "d1.pdf"))
    pdf2 = texto(generar.generar(a, "diagnostico", d2, tmp / "d2.pdf"))
    assert "Cuenta con personalidad jurídica vigente" in " ".join(pdf1.split())
    assert "Personalidad jurídica vigente y certificada" in " ".join(pdf2.split())
    # Al abrir de nuevo (otro proceso), el notebook recupera la v2 de su base.
    capacidad.olvidar_versiones()
    assert envios.instrumento_vigente(a).version == 2
    # Recibir el mismo paquete de la oficina otra vez no lo aplica dos veces.
    assert enviar(oficina, a, tmp).envios == []


def test_catalogo_que_no_valida_se_rechaza_entero_en_espanol(escena):
    _, oficina, _ = escena
    antes = contenido(oficina.ruta)
    malo = {
        "catalogo": "comunas",
        "version": 3,
        "comunas": [{"cut": "09122", "nombre": "Comuna Nueva"}, {"cut": "9X", "nombre": "Mala"}],
    }
    with pytest.raises(ErrorCatalogo, match="no es válida: el código «9X» no es un CUT.*No se"):
        envios.publicar(oficina, "catalogo", malo)
    assert contenido(oficina.ruta) == antes
    assert "09122" not in catalogos.cargar().comunas
    with pytest.raises(ErrorCatalogo, match="no es posterior a la vigente"):
        envios.publicar(oficina, "catalogo", {**malo, "version": 1})
    with pytest.raises(ErrorCatalogo, match="«tipologias» o «comunas»"):
        envios.publicar(oficina, "catalogo", {"catalogo": "otra", "version": 9})


def test_notebook_rechaza_entero_un_catalogo_invalido_y_lo_informa(escena):
    _, _, a = escena
    notas = envios.recibir(
        a,
        [
            {
                "id": "x1",
                "tipo": "catalogo",
                "contenido": {"catalogo": "tipologias", "version": 2, "tipologias": [{}]},
            }
        ],
    )
    assert notas[0]["estado"] == "rechazado"
    assert notas[0]["texto"].startswith("La oficina envió una actualización que no se aplicó:")
    assert a.ajuste("catalogo.tipologias") is None


def test_catalogo_ajustes_y_aviso_llegan_al_notebook(escena):
    tmp, oficina, a = escena
    tipologias = json.loads(ruta_recurso("catalogos", "tipologias.json").read_text("utf-8"))
    tipologias["version"] = 2
    tipologias["tipologias"][0]["subtipos"].append("Abasto por camión aljibe")
    envios.publicar(oficina, "catalogo", tipologias)
    envios.publicar(oficina, "ajustes", {"regiones_activas": ["09", "14"]})
    envios.publicar(
        oficina,
        "aviso",
        {"texto": "Actualice PIR Campo a la versión 9.0.0", "version_minima": "9.0.0"},
    )
    with pytest.raises(ErrorValidacion, match="no existe en el catálogo"):
        envios.publicar(oficina, "ajustes", {"regiones_activas": ["99"]})
    with pytest.raises(ErrorValidacion, match="Solo la oficina"):
        envios.publicar(a, "aviso", {"texto": "x"})
    catalogos.olvidar_actualizaciones()  # el notebook es otro equipo: aún no la tiene
    r = enviar(oficina, a, tmp)
    textos = [e["texto"] for e in r.envios]
    assert textos == [
        "La oficina actualizó el catálogo de tipologías a la versión 2.",
        "La oficina actualizó los ajustes de la región.",
        "Aviso de la oficina: Actualice PIR Campo a la versión 9.0.0",
    ]
    assert a.regiones_activas() == ["09", "14"]
    catalogos.olvidar_actualizaciones()
    envios.activar(a)
    assert "Abasto por camión aljibe" in catalogos.cargar().tipologias["agua_potable"].subtipos
    [aviso] = envios.avisos(a)
    assert aviso["vigente"] and "9.0.0" in aviso["texto"]
    assert len(envios.avisos(a, todos=True)) == 3


def test_cli_publicar_y_avisos(escena, cli):
    tmp, oficina, a = escena
    malo = tmp / "malo.json"
    malo.write_text('{"catalogo": "comunas", "version": 5, "comunas": [{"cut": "1"}]}')
    oficina.cerrar()
    codigo, _, error = cli("publicar", "--db", oficina.ruta, "catalogo", malo)
    assert codigo == 1 and "no es un CUT" in error and "Traceback" not in error
    codigo, salida, _ = cli(
        "publicar",
        "--db",
        oficina.ruta,
        "aviso",
        "--texto",
        "Actualice PIR Campo a la versión 9.0.0",
        "--version-minima",
        "9.0.0",
    )
    assert codigo == 0 and "próximos paquetes" in salida
    from pir_campo.almacen import Almacen

    with Almacen.abrir(oficina.ruta) as o:
        enviar(o, a, tmp)
    codigo, salida, _ = cli("avisos", "--db", a.ruta)
    assert codigo == 0 and "Actualice PIR Campo a la versión 9.0.0" in salida


def test_la_cli_usa_el_catalogo_que_envio_la_oficina(escena, cli):
    tmp, oficina, a = escena
    tipologias = json.loads(ruta_recurso("catalogos", "tipologias.json").read_text("utf-8"))
    tipologias["version"] = 2
    tipologias["tipologias"][0]["nombre"] = "Agua potable rural"
    envios.publicar(oficina, "catalogo", tipologias)
    catalogos.olvidar_actualizaciones()
    enviar(oficina, a, tmp)
    catalogos.olvidar_actualizaciones()  # otro proceso: parte con el catálogo incluido
    a.cerrar()
    codigo, salida, _ = cli("resumen", "--db", a.ruta)
    assert codigo == 0
    assert catalogos.cargar().tipologias["agua_potable"].nombre == "Agua potable rural"
    assert catalogos.cargar().versiones["tipologias"] == 2
