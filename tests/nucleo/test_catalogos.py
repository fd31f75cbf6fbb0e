from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from pir_campo import catalogos, recursos
from pir_campo.errores import ErrorCatalogo
from pir_campo.modelos.enums import Tipologia
from tests.conftest import COMPARTIDO
from tests.nucleo.test_demo_coordenadas import CAJAS


def _csv(ruta: Path) -> list[dict[str, str]]:
    with ruta.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_hay_173_comunas_con_los_codigos_exactos_de_la_lista_verificada():
    cat = catalogos.cargar()
    verificada = _csv(COMPARTIDO / "datos" / "comunas.csv")
    assert len(cat.comunas) == 173 == len(verificada)
    for fila in verificada:
        comuna = cat.comunas[fila["cut_comuna"]]
        assert comuna.nombre == fila["comuna"]
        assert comuna.cut_provincia == fila["cut_provincia"]
        assert comuna.cut_region == fila["cut_region"]
    assert all(isinstance(c, str) and len(c) == 5 for c in cat.comunas)
    assert cat.comunas["04101"].nombre == "La Serena"  # el cero inicial se conserva


def test_siete_regiones_con_nombre_y_numeral_secundario():
    cat = catalogos.cargar()
    assert set(cat.regiones) == {"04", "07", "08", "09", "10", "14", "16"}
    assert cat.regiones["16"].nombre == "Ñuble" and cat.regiones["16"].numeral == "XVI"
    assert len(cat.provincias) == 21


def test_codigos_de_nuble_anteriores_a_2018_se_traducen():
    cat = catalogos.cargar()
    for fila in _csv(COMPARTIDO / "datos" / "nuble_cut_pre2018.csv"):
        assert cat.cut_vigente(fila["cut_comuna_pre2018"]) == fila["cut_comuna_2018"]
    assert cat.cut_vigente("09101") == "09101"


def test_tipologias_del_catalogo_calzan_con_la_enumeracion():
    cat = catalogos.cargar()
    assert set(cat.tipologias) == {t.value for t in Tipologia}
    assert not cat.tipologias["otra"].financia_programa
    assert all(t.subtipos for t in cat.tipologias.values())
    assert cat.versiones == {"dpa": 1, "nuble_pre2018": 1, "centros_comunas": 1, "tipologias": 1}


@pytest.fixture
def recursos_copiados(tmp_path, monkeypatch):
    destino = tmp_path / "recursos"
    shutil.copytree(recursos.carpeta_recursos(), destino)
    monkeypatch.setattr(recursos, "carpeta_recursos", lambda: destino)
    catalogos.cargar.cache_clear()
    yield destino / "catalogos"
    catalogos.cargar.cache_clear()


def test_un_catalogo_danado_se_rechaza_en_espanol(recursos_copiados):
    ruta = recursos_copiados / "comunas.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    lineas[5] = lineas[5].replace(",04", ",4", 1)
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="fila 6.*dígitos"):
        catalogos.cargar()


def test_un_catalogo_con_comunas_de_menos_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "comunas.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    ruta.write_text("\n".join(lineas[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="172 comunas"):
        catalogos.cargar()


def test_region_activa_desconocida_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "indice.json"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace('"16"]', '"99"]'), encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="«99»"):
        catalogos.cargar()


def test_cada_comuna_tiene_su_centro_dentro_de_su_region():
    centros = catalogos.centros_comunas()
    assert set(centros) == set(catalogos.cargar().comunas)
    for cut, (lat, lon) in centros.items():
        sur, norte, oeste, este = CAJAS[cut[:2]]
        assert sur <= lat <= norte and oeste <= lon <= este, cut
    # Temuco y Puerto Montt, para ver que latitud y longitud no vienen al revés.
    assert centros["09101"][0] == pytest.approx(-38.74, abs=0.05)
    assert centros["10101"][1] == pytest.approx(-72.94, abs=0.05)


def test_un_centro_de_comuna_fuera_de_chile_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "centros_comunas.csv"
    ruta.write_text(
        ruta.read_text(encoding="utf-8").replace("-29.9045,-71.2489", "-71.2489,-29.9045"),
        encoding="utf-8",
    )
    catalogos.centros_comunas.cache_clear()
    try:
        with pytest.raises(ErrorCatalogo, match="fila 2.*fuera de Chile"):
            catalogos.centros_comunas()
    finally:
        catalogos.centros_comunas.cache_clear()


def test_regiones_activas_son_configuracion_de_la_instalacion(almacen):
    assert almacen.regiones_activas() == list(catalogos.cargar().regiones_activas)
    almacen.guardar_ajuste("regiones_activas", '["09", "14"]')
    assert almacen.regiones_activas() == ["09", "14"]
