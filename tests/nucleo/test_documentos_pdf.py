"""Cada documento del demo: texto con acentos, páginas que se dibujan, fuentes incrustadas y QR."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from pir_campo import ids, rut
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import generar
from pir_campo.documentos.qr import leer_sello
from pir_campo.documentos.tipos import TIPOS
from pir_campo.modelos import (
    AccionPlan,
    ActaValidacion,
    Acuerdo,
    Diagnostico,
    Firmante,
    IndicadorTerritorio,
    Iniciativa,
    Localidad,
    Organizacion,
    Pmdt,
    Taller,
    Territorio,
)
from tests.nucleo.apoyo_documentos import fuentes, leer_qr, paginas_texto, renderizar, texto


@pytest.fixture(scope="module")
def documentos(tmp_path_factory, plantilla_demo: Path):
    """Un PDF de cada tipo desde la demo (la base de la sesión solo se lee)."""
    from pir_campo.almacen import Almacen

    carpeta = tmp_path_factory.mktemp("documentos")
    salida = {}
    with Almacen.abrir(plantilla_demo) as a:
        for nombre, tipo in TIPOS.items():
            id_ = a.listar(tipo.modelo, limite=1)[0]["id"]
            ruta = generar.generar(a, nombre, id_, carpeta / f"{nombre}.pdf")
            salida[nombre] = (id_, ruta, generar.preparar(a, nombre, id_))
    return salida


def test_acta_de_taller_lleva_los_datos_del_registro(documentos, almacen_demo):
    id_, ruta, _ = documentos["acta-taller"]
    t = almacen_demo.obtener(Taller, id_)
    localidad = almacen_demo.obtener(Localidad, t["localidad_id"])
    contenido = texto(ruta)
    assert t["titulo"] in contenido
    assert localidad["nombre"] in contenido
    assert "La Araucanía" in contenido
    assert "Programa de Infraestructura Rural" in contenido
    assert "Validación" in contenido or "Definición de territorios" in contenido
    for acuerdo in almacen_demo.listar(Acuerdo, taller_id=id_):
        assert acuerdo["texto"][:30] in contenido.replace("\n", " ")
    assert "Resumen de asistencia" in contenido and "Mujer" in contenido
    plano = contenido.replace("\n", " ")
    # Quién convoca y las dos partes que firman (no solo quienes facilitaron).
    assert "Gobierno Regional de La Araucanía" in plano and "Municipalidad de" in plano
    assert "Representantes de la comunidad" in plano and "Por la comunidad" in plano
    assert "Representantes del sector público" in plano and "Por el sector público" in plano
    assert "Estado del acta" not in plano and "Estado" in plano
    assert "versión final" in plano or "puede cambiar" in plano
    assert ids.codigo_corto(id_) in contenido
    # El acta no lleva datos personales de asistentes: esos van en el anexo.
    for a in consultas.asistentes(almacen_demo, id_):
        assert a["nombre"] not in contenido
        if a["rut"]:
            assert rut.formatear(a["rut"]) not in contenido


def test_lista_de_asistencia_lleva_nombres_rut_y_aviso(documentos, almacen_demo):
    id_, ruta, _ = documentos["lista-asistencia"]
    contenido = texto(ruta).replace("\n", " ")
    for a in consultas.asistentes(almacen_demo, id_):
        assert a["nombre"].split()[0] in contenido
        if a["rut"]:
            assert rut.formatear(a["rut"]) in contenido
    assert "Aviso de privacidad, versión 2026.1." in contenido  # el aviso que lleva la hoja
    assert "Autorizo" in contenido
    assert "Anexo con datos personales" in contenido


def test_lista_de_asistencia_lleva_institucion_firmas_y_orden_de_llegada(
    documentos, almacen_demo, tmp_path
):
    id_, ruta, preparado = documentos["lista-asistencia"]
    plano = texto(ruta).replace("\n", " ")
    assert "Gobierno Regional de La Araucanía" in plano
    assert "Por la comunidad" in plano and "Por el sector público" in plano
    llegada = generar.generar(
        almacen_demo, "lista-asistencia", id_, tmp_path / "llegada.pdf", orden="llegada"
    )
    filas = consultas.asistentes(almacen_demo, id_)
    alfabetico = [f["nombre"] for f in filas]
    por_llegada = [f["nombre"] for f in sorted(filas, key=lambda f: f["asistencia_id"])]
    assert alfabetico != por_llegada  # la demo los anotó en otro orden

    def posiciones(ruta_pdf, nombres):
        todo = texto(ruta_pdf).replace("\n", " ")
        return [todo.index(n) for n in nombres]

    assert posiciones(ruta, alfabetico) == sorted(posiciones(ruta, alfabetico))
    assert posiciones(llegada, por_llegada) == sorted(posiciones(llegada, por_llegada))
    # El orden es solo de impresión: el mismo papel, la misma huella.
    assert generar.preparar(almacen_demo, "lista-asistencia", id_).sello == preparado.sello


def test_acta_de_validacion_con_firmantes_y_adendas(documentos, almacen_demo):
    id_, ruta, _ = documentos["acta-validacion"]
    contenido = texto(ruta).replace("\n", " ")
    acta = almacen_demo.obtener(ActaValidacion, id_)
    assert "Validación del territorio" in contenido or "Validación del PMDT" in contenido
    assert "Votos a favor" in contenido and str(acta["votos_favor"]) in contenido
    for f in almacen_demo.listar(Firmante, acta_id=id_):
        assert f["nombre"] in contenido
    assert "Adenda 1" in contenido


def test_ficha_pmdt_y_diagnostico(documentos, almacen_demo):
    id_, ruta, _ = documentos["ficha-territorio"]
    contenido = texto(ruta)
    assert almacen_demo.obtener(Territorio, id_)["nombre"] in contenido
    for loc in almacen_demo.listar(Localidad, territorio_id=id_):
        assert loc["nombre"] in contenido
    assert "Electrificación" in contenido and "Costo estimado (M$)" in contenido
    indicadores = almacen_demo.listar(IndicadorTerritorio, territorio_id=id_)
    plano = " ".join(contenido.split())  # las celdas angostas parten el texto en líneas
    assert indicadores and "Indicadores de selección" in plano
    for ind in indicadores:
        assert ind["fuente"] in plano and str(ind["anio"]) in plano

    id_, ruta, _ = documentos["pmdt"]
    contenido = texto(ruta).replace("\n", " ")
    pmdt = almacen_demo.obtener(Pmdt, id_)
    assert pmdt["vision"][:40] in contenido
    for eje in pmdt["ejes_productivos"]:
        assert eje in contenido
    for i in almacen_demo.listar(Iniciativa, pmdt_id=id_):
        assert i["nombre"][:20] in contenido
    assert "Total de la cartera" in contenido

    id_, ruta, _ = documentos["diagnostico"]
    contenido = texto(ruta).replace("\n", " ")
    dg = almacen_demo.obtener(Diagnostico, id_)
    org = almacen_demo.obtener(Organizacion, dg["organizacion_id"])
    assert org["nombre"] in contenido
    assert "Técnico y operacional" in contenido
    for a in almacen_demo.listar(AccionPlan, diagnostico_id=id_):
        assert a["accion"] in contenido


@pytest.mark.parametrize("nombre", list(TIPOS))
def test_paginas_fuentes_y_numeracion(documentos, nombre, tmp_path):
    _, ruta, _ = documentos[nombre]
    paginas = paginas_texto(ruta)
    total = len(paginas)
    for n, pagina in enumerate(paginas, start=1):
        assert f"Página {n} de {total}" in pagina
    pngs = renderizar(ruta, tmp_path)
    assert len(pngs) == total and all(p.stat().st_size > 1000 for p in pngs)
    lista = fuentes(ruta)
    assert lista and all(incrustada == "yes" for _, incrustada in lista), lista
    assert all("DejaVuSans" in nombre_f for nombre_f, _ in lista)
    lector = PdfReader(ruta)
    assert float(lector.pages[0].mediabox.width) == pytest.approx(612)  # Carta
    assert float(lector.pages[0].mediabox.height) == pytest.approx(792)


@pytest.mark.parametrize("nombre", list(TIPOS))
def test_el_qr_lleva_id_version_y_huella(documentos, nombre, tmp_path):
    id_, ruta, preparado = documentos[nombre]
    primera = renderizar(ruta, tmp_path, resolucion=150)[0]
    sello = leer_sello(leer_qr(primera))
    assert sello is not None
    assert (sello.tipo, sello.id) == (nombre, id_)
    assert sello.huella == preparado.sello.huella
    assert sello.version == preparado.sello.version
    assert f"Huella {sello.corta}" in paginas_texto(ruta)[0]


def test_todos_los_registros_de_la_demo_se_imprimen(plantilla_demo: Path):
    """Cada registro imprimible de la demo da un PDF con su código en cada página."""
    import io

    from pir_campo.almacen import Almacen

    total = 0
    with Almacen.abrir(plantilla_demo) as a:
        for nombre, tipo in TIPOS.items():
            for fila in a.listar(tipo.modelo):
                pdf = generar.construir(a, nombre, fila["id"])
                paginas = PdfReader(io.BytesIO(pdf)).pages
                assert ids.codigo_corto(fila["id"]) in paginas[-1].extract_text()
                total += 1
    assert total >= 24 * 2 + 3 + 6 + 6 + 12


def test_la_guia_en_pdf_lleva_cada_tarea_con_sus_capturas(tmp_path):
    import re

    from pir_campo.documentos import guia
    from pir_campo.recursos import ruta_recurso

    ruta = guia.generar(tmp_path / "guia.pdf")
    plano = texto(ruta).replace("\n", " ")
    for nombre in guia.ORDEN:
        html = (ruta_recurso("guia") / f"{nombre}.html").read_text(encoding="utf-8")
        titulo = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert titulo in plano, nombre
    assert "Ctrl+Shift+C" in plano and "Por la comunidad" not in plano
    assert len(PdfReader(ruta).pages) >= len(guia.ORDEN)
    assert sum(len(p.images) for p in PdfReader(ruta).pages) >= 6
