"""Paso 1: indicadores por territorio, comparación ordenable y exportación a CSV."""

from __future__ import annotations

import csv

import pytest

from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.modelos import IndicadorTerritorio, Territorio
from pir_campo.planificacion import seleccion
from tests.conftest import contenido
from tests.datos_planificacion import territorio


def _ind(tid, indicador, valor, tipologia=None, unidad="%", fuente="CASEN", anio=2022):
    return {
        "territorio_id": tid,
        "indicador": indicador,
        "tipologia": tipologia,
        "valor": valor,
        "unidad": unidad,
        "fuente": fuente,
        "anio": anio,
    }


@pytest.fixture
def dos_territorios(almacen):
    a = territorio(almacen, "Costa Lago Budi")
    b = territorio(almacen, "Secano Interior", ("09117",))
    seleccion.guardar_indicador(almacen, _ind(a, "tasa_pobreza", 24.5))
    seleccion.guardar_indicador(almacen, _ind(b, "tasa_pobreza", 12.0))
    seleccion.guardar_indicador(
        almacen, _ind(a, "brecha_servicio", 60, "agua_potable", fuente="Catastro DOH", anio=2025)
    )
    return a, b


def test_guardar_indicador_reemplaza_el_mismo(almacen, dos_territorios):
    a, _ = dos_territorios
    cambio = seleccion.guardar_indicador(almacen, _ind(a, "tasa_pobreza", 22.0, anio=2024))
    assert not cambio.creado and "valor" in cambio.campos
    filas = seleccion.indicadores(almacen, a)
    assert len(filas) == 2
    pobreza = next(f for f in filas if f["indicador"] == "tasa_pobreza")
    assert (pobreza["valor"], pobreza["anio"], pobreza["titulo"]) == (22.0, 2024, "Tasa de pobreza")
    brecha = next(f for f in filas if f["indicador"] == "brecha_servicio")
    assert brecha["titulo"] == "Brecha agua potable"


def test_indicador_invalido_o_territorio_inexistente_no_guarda(almacen, dos_territorios):
    a, _ = dos_territorios
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="Tipología"):
        seleccion.guardar_indicador(almacen, _ind(a, "brecha_servicio", 10))
    with pytest.raises(ErrorNoEncontrado, match="territorio"):
        seleccion.guardar_indicador(
            almacen, _ind("01952014-ff23-7339-915e-e19699249375", "tasa_pobreza", 10)
        )
    assert contenido(almacen.ruta) == antes


def test_comparacion_ordena_con_faltantes_al_final(almacen, dos_territorios):
    a, b = dos_territorios
    comp = seleccion.comparacion(almacen, "09")
    claves = [c.clave for c in comp.columnas]
    assert "brecha_servicio:agua_potable" in claves
    assert "brecha_servicio:saneamiento" not in claves
    assert [f["id"] for f in comp.ordenada("tasa_pobreza").filas] == [b, a]
    assert [f["id"] for f in comp.ordenada("tasa_pobreza", descendente=True).filas] == [a, b]
    por_brecha = comp.ordenada("brecha_servicio:agua_potable", descendente=True)
    assert [f["id"] for f in por_brecha.filas] == [a, b]
    assert [f["nombre"] for f in comp.ordenada("nombre").filas] == [
        "Costa Lago Budi",
        "Secano Interior",
    ]
    assert comp.filas[0]["fuentes"]["tasa_pobreza"] == "CASEN, 2022"
    assert seleccion.comparacion(almacen, "04").filas == ()


def test_exportar_csv_para_planilla(almacen, dos_territorios, tmp_path):
    comp = seleccion.comparacion(almacen).ordenada("tasa_pobreza", descendente=True)
    ruta = tmp_path / "comparacion.csv"
    assert seleccion.exportar_csv(comp, ruta) == 2
    crudo = ruta.read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf")
    filas = list(csv.reader(ruta.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    encabezado = filas[0]
    assert encabezado[:3] == ["Territorio", "Región", "Estado"]
    i = encabezado.index("Tasa de pobreza")
    assert encabezado[i + 1] == "Tasa de pobreza: fuente y año"
    assert filas[1][0] == "Costa Lago Budi" and filas[1][1] == "La Araucanía"
    assert (filas[1][i], filas[1][i + 1]) == ("24,5", "CASEN, 2022")
    # Un número, no un texto con punto de miles: la planilla chilena lo suma.
    assert filas[1][encabezado.index("Población")] == "4200"
    assert not list(tmp_path.glob("*.parcial"))


def test_exportar_a_carpeta_inexistente_da_mensaje(almacen, dos_territorios, tmp_path):
    from pir_campo.errores import ErrorPir

    with pytest.raises(ErrorPir, match="La carpeta .* no existe"):
        seleccion.exportar_csv(seleccion.comparacion(almacen), tmp_path / "no" / "x.csv")


def test_seleccionar_exige_justificacion_y_queda_en_bitacora(almacen, dos_territorios):
    a, _ = dos_territorios
    with pytest.raises(ErrorValidacion, match="Justificación"):
        seleccion.seleccionar(almacen, a, "seleccionado", " ")
    seleccion.seleccionar(almacen, a, "seleccionado", "Mayor brecha de agua potable")
    assert almacen.obtener(Territorio, a)["estado"] == "seleccionado"
    assert almacen.historial(Territorio, a)[-1]["motivo"] == "Mayor brecha de agua potable"
    assert almacen.contar(IndicadorTerritorio) == 3
