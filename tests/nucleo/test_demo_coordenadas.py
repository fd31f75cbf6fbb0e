"""La demo trae coordenadas: toda localidad y la mayoría de necesidades e iniciativas, cada una
dentro de su comuna (cerca de la cabecera), en el mismo orden latitud/longitud de la base."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo import catalogos
from pir_campo.almacen import Almacen
from pir_campo.cli.cmd_demo import crear_demo
from pir_campo.modelos import Iniciativa, Localidad, Necesidad

# Caja aproximada de cada región (latitud y longitud mínimas y máximas).
CAJAS = {
    "04": (-32.3, -29.0, -71.8, -69.8),
    "07": (-36.6, -34.6, -72.9, -70.3),
    "08": (-38.5, -36.4, -73.8, -70.9),
    "09": (-39.7, -37.5, -73.6, -70.8),
    "10": (-44.1, -40.2, -74.4, -71.5),
    "14": (-40.8, -39.2, -73.8, -71.5),
    "16": (-37.3, -35.9, -72.9, -70.9),
}


def _ubicaciones(a: Almacen) -> tuple[list[dict], list[dict], list[dict]]:
    return a.listar(Localidad), a.listar(Necesidad), a.listar(Iniciativa)


def test_toda_localidad_queda_cerca_de_la_cabecera_de_su_comuna(almacen_demo):
    centros = catalogos.centros_comunas()
    localidades = almacen_demo.listar(Localidad)
    assert localidades
    for loc in localidades:
        lat, lon = centros[loc["cut_comuna"]]
        assert abs(loc["latitud"] - lat) <= 0.031, loc
        assert abs(loc["longitud"] - lon) <= 0.041, loc
        sur, norte, oeste, este = CAJAS[loc["cut_comuna"][:2]]
        assert sur <= loc["latitud"] <= norte and oeste <= loc["longitud"] <= este


def test_la_mayoria_de_necesidades_e_iniciativas_tiene_coordenadas(almacen_demo):
    localidades = {x["id"]: x for x in almacen_demo.listar(Localidad)}
    necesidades = almacen_demo.listar(Necesidad)
    ubicadas = [n for n in necesidades if n["latitud"] is not None]
    assert 0.7 <= len(ubicadas) / len(necesidades) < 1, "la mayoría, no todas: hay sin GPS"
    for n in ubicadas:
        loc = localidades[n["localidad_id"]]
        assert abs(n["latitud"] - loc["latitud"]) <= 0.0061
        assert abs(n["longitud"] - loc["longitud"]) <= 0.0061
    # Una iniciativa de la cartera está donde están sus necesidades.
    con_lugar = {n["id"] for n in ubicadas}
    iniciativas = almacen_demo.listar(Iniciativa)
    ubicables = [i for i in iniciativas if con_lugar & set(i["necesidades"] or [])]
    assert len(ubicables) / len(iniciativas) >= 0.7


def test_las_coordenadas_dependen_solo_de_la_semilla(tmp_path: Path):
    for nombre in ("a", "b"):
        crear_demo(tmp_path / f"{nombre}.sqlite", territorios=2, talleres=4, semilla=7)
    with Almacen.abrir(tmp_path / "a.sqlite") as a, Almacen.abrir(tmp_path / "b.sqlite") as b:
        assert _ubicaciones(a) == _ubicaciones(b)
        puntos = {(x["latitud"], x["longitud"]) for x in a.listar(Localidad)}
    crear_demo(tmp_path / "c.sqlite", territorios=2, talleres=4, semilla=8)
    with Almacen.abrir(tmp_path / "c.sqlite") as c:
        assert puntos != {(x["latitud"], x["longitud"]) for x in c.listar(Localidad)}


@pytest.mark.parametrize("cut_region", sorted(CAJAS))
def test_cada_region_del_programa_recibe_puntos_en_su_territorio(tmp_path: Path, cut_region):
    with Almacen.iniciar(tmp_path / "r.sqlite", "campo", "Ana", cut_region) as a:
        from pir_campo import demo

        demo.generar(a, territorios=1, talleres=1, semilla=3)
        sur, norte, oeste, este = CAJAS[cut_region]
        for loc in a.listar(Localidad):
            assert loc["cut_comuna"].startswith(cut_region)
            assert sur <= loc["latitud"] <= norte and oeste <= loc["longitud"] <= este
