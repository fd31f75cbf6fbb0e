from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from pir_campo import catalogos, recursos
from pir_campo.errores import ErrorCatalogo
from pir_campo.modelos.enums import Tipologia
from tests.conftest import REFERENCIA
from tests.nucleo.test_demo_coordenadas import CAJAS


def _csv(ruta: Path) -> list[dict[str, str]]:
    with ruta.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _como_lista(cat: catalogos.Catalogos) -> list[dict[str, str]]:
    return [
        {
            "cut_region": c.cut_region,
            "region": cat.regiones[c.cut_region].nombre,
            "cut_provincia": c.cut_provincia,
            "provincia": cat.provincias[c.cut_provincia].nombre,
            "cut_comuna": c.cut,
            "comuna": c.nombre,
        }
        for c in cat.comunas.values()
    ]


def test_hay_346_comunas_con_los_codigos_exactos_de_la_lista_verificada():
    cat = catalogos.cargar()
    verificada = _csv(REFERENCIA / "comunas_chile.csv")
    assert len(cat.comunas) == 346 == len(verificada)
    assert _como_lista(cat) == verificada  # mismo orden, mismos nombres, mismos códigos
    assert all(isinstance(c, str) and len(c) == 5 for c in cat.comunas)
    assert cat.comunas["04101"].nombre == "La Serena"  # el cero inicial se conserva
    assert cat.comunas["13101"].nombre == "Santiago"


def test_las_173_comunas_del_programa_son_identicas_en_ambas_listas():
    cat = catalogos.cargar()
    del_programa = _csv(REFERENCIA / "comunas.csv")
    assert len(del_programa) == 173
    por_codigo = {f["cut_comuna"]: f for f in _como_lista(cat)}
    assert [por_codigo[f["cut_comuna"]] for f in del_programa] == del_programa
    regiones = {f["cut_region"] for f in del_programa}
    assert set(cat.regiones_activas) == regiones  # las del programa son las activas por omisión


def test_dieciseis_regiones_con_nombre_y_numeral_secundario():
    cat = catalogos.cargar()
    assert len(cat.regiones) == 16 and len(cat.provincias) == 56
    assert cat.regiones["16"].nombre == "Ñuble" and cat.regiones["16"].numeral == "XVI"
    assert cat.regiones["13"].nombre_oficial == "Región Metropolitana de Santiago"
    assert all(r.cut == cut and len(cut) == 2 for cut, r in cat.regiones.items())
    assert [r.cut for r in cat.regiones_de(["09", "04", "99"])] == ["04", "09"]


def test_un_territorio_de_santiago_se_acepta(almacen):
    from pir_campo.modelos.territorio import Territorio

    t = Territorio(nombre="Lo Herrera", cut_region="13", comunas=["13101"])
    assert t.comunas == ["13101"]


def test_codigos_de_nuble_anteriores_a_2018_se_traducen():
    cat = catalogos.cargar()
    for fila in _csv(REFERENCIA / "nuble_cut_pre2018.csv"):
        assert cat.cut_vigente(fila["cut_comuna_pre2018"]) == fila["cut_comuna_2018"]
    assert cat.cut_vigente("09101") == "09101"


def test_tipologias_del_catalogo_calzan_con_la_enumeracion():
    cat = catalogos.cargar()
    assert set(cat.tipologias) == {t.value for t in Tipologia}
    assert not cat.tipologias["otra"].financia_programa
    assert all(t.subtipos for t in cat.tipologias.values())
    assert cat.versiones == {"dpa": 2, "nuble_pre2018": 1, "centros_comunas": 1, "tipologias": 1}


@pytest.fixture
def recursos_copiados(tmp_path, monkeypatch):
    destino = tmp_path / "recursos"
    shutil.copytree(recursos.carpeta_recursos(), destino)
    monkeypatch.setattr(recursos, "carpeta_recursos", lambda: destino)
    catalogos.cargar.cache_clear()
    yield destino / "catalogos"
    catalogos.cargar.cache_clear()


def test_un_catalogo_danado_se_rechaza_en_espanol(recursos_copiados):
    ruta = recursos_copiados / "comunas_chile.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    lineas[5] = lineas[5].replace("01,", "1,", 1)
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="fila 6.*dígitos"):
        catalogos.cargar()


def test_un_catalogo_con_comunas_de_menos_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "comunas_chile.csv"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    ruta.write_text("\n".join(lineas[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="345 comunas"):
        catalogos.cargar()


def test_region_activa_desconocida_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "indice.json"
    ruta.write_text(ruta.read_text(encoding="utf-8").replace('"16"]', '"99"]'), encoding="utf-8")
    with pytest.raises(ErrorCatalogo, match="«99»"):
        catalogos.cargar()


def test_cada_comuna_tiene_su_centro_dentro_de_su_region():
    centros = catalogos.centros_comunas()
    cat = catalogos.cargar()
    # Las comunas de las regiones del programa (las que usa la demostración) tienen su centro.
    del_programa = {
        c for r in cat.regiones_activas for c in (x.cut for x in cat.comunas_de_region(r))
    }
    assert del_programa <= set(centros) <= set(cat.comunas)
    for cut, (lat, lon) in centros.items():
        if cut[:2] in CAJAS:
            sur, norte, oeste, este = CAJAS[cut[:2]]
            assert sur <= lat <= norte and oeste <= lon <= este, cut
        else:  # el resto de Chile (Isla de Pascua incluida), longitud al oeste
            assert -56 <= lat <= -17 and -110 <= lon <= -66, cut
    assert len(centros) == len(cat.comunas) - 1, "todas salvo Antártica"
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


def test_una_region_mal_nombrada_en_la_lista_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "comunas_chile.csv"
    ruta.write_text(
        ruta.read_text(encoding="utf-8").replace(",Ñuble,", ",Nuble,", 1), encoding="utf-8"
    )
    with pytest.raises(ErrorCatalogo, match="se llama «Ñuble»"):
        catalogos.cargar()


def test_un_indice_sin_totales_se_rechaza(recursos_copiados):
    ruta = recursos_copiados / "indice.json"
    ruta.write_text(
        ruta.read_text(encoding="utf-8").replace('"comunas": 346', '"comunas": 173'),
        encoding="utf-8",
    )
    with pytest.raises(ErrorCatalogo, match="totales"):
        catalogos.cargar()
