"""Capas para QGIS: el GeoPackage lo lee GDAL (`ogrinfo`, paquete Debian gdal-bin) sin una
sola advertencia, y GeoJSON sigue RFC 7946; toda coordenada cae en Chile, longitud primero."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from pir_campo import exportacion
from pir_campo.exportacion import hojas
from pir_campo.modelos import Iniciativa, Localidad, Necesidad, Territorio

CAPAS = ("territorios", "localidades", "necesidades", "iniciativas")


def _en_chile(lon: float, lat: float) -> bool:
    # Chile continental e insular queda entre 17° y 56° S y entre 66° y 110° O; con el orden
    # al revés (latitud primero) ningún punto de la demo pasaría.
    return -110 <= lon <= -66 and -56 <= lat <= -17


def _ogrinfo(*args: str) -> subprocess.CompletedProcess[str]:
    programa = shutil.which("ogrinfo")
    assert programa, "falta ogrinfo (paquete Debian gdal-bin, en .ci/paquetes-debian.txt)"
    return subprocess.run(
        [programa, *args], capture_output=True, text=True, timeout=120, check=False
    )


def _esperados(a) -> dict[str, int]:
    return {
        "territorios": a.contar(Territorio),
        "localidades": a.contar(Localidad),
        "necesidades": a.contar(Necesidad),
        "iniciativas": a.contar(Iniciativa),
    }


def test_gdal_lee_el_geopackage_sin_advertencias(almacen_demo, tmp_path):
    ruta = tmp_path / "capas.gpkg"
    r = exportacion.exportar(almacen_demo, "gpkg", ruta, exportacion.Filtro())
    assert r.filas == _esperados(almacen_demo)
    resumen = _ogrinfo("-ro", "-al", "-so", str(ruta))
    assert resumen.returncode == 0, resumen.stderr
    assert resumen.stderr == "", resumen.stderr
    assert "Warning" not in resumen.stdout and "ERROR" not in resumen.stdout
    assert "using driver `GPKG' successful" in resumen.stdout
    bloques = resumen.stdout.split("Layer name: ")[1:]
    contados = {
        b.split("\n")[0]: int(re.search(r"Feature Count: (\d+)", b).group(1)) for b in bloques
    }
    assert contados == _esperados(almacen_demo)
    for b in bloques:
        assert 'ID["EPSG",4326]' in b
    assert "Geometry: Point" in bloques[1] and "Geometry: Multi Point" in bloques[0]
    # Los mismos atributos legibles que el libro (con tilde), en la capa de necesidades.
    assert "Tipología: String" in bloques[2] and "Costo (UF): Real" in bloques[2]
    # Cada coordenada, leída por GDAL, cae en Chile con x = longitud e y = latitud.
    todo = _ogrinfo("-ro", "-al", "-q", str(ruta))
    assert todo.returncode == 0 and todo.stderr == "", todo.stderr
    puntos = re.findall(r"(-?\d+\.\d+) (-?\d+\.\d+)", todo.stdout)
    assert len(puntos) > 50
    assert all(_en_chile(float(x), float(y)) for x, y in puntos)
    assert "Agua potable" in todo.stdout


def test_geojson_rfc_7946_un_archivo_por_capa(almacen_demo, tmp_path):
    carpeta = tmp_path / "capas"
    exportacion.exportar(almacen_demo, "geojson", carpeta, exportacion.Filtro())
    assert sorted(p.name for p in carpeta.iterdir()) == sorted(f"{c}.geojson" for c in CAPAS)
    esperados = _esperados(almacen_demo)
    columnas = {
        "localidades": hojas.localidades,
        "necesidades": hojas.necesidades,
        "iniciativas": hojas.cartera,
        "territorios": hojas.territorios,
    }
    seleccion = exportacion.resolver(almacen_demo, exportacion.Filtro())
    for capa in CAPAS:
        datos = json.loads((carpeta / f"{capa}.geojson").read_text(encoding="utf-8"))
        assert datos["type"] == "FeatureCollection" and "crs" not in datos
        assert len(datos["features"]) == esperados[capa]
        titulos = [c.titulo for c in columnas[capa](almacen_demo, seleccion).columnas]
        for f in datos["features"]:
            assert list(f["properties"]) == titulos
            g = f["geometry"]
            if g is None:
                continue
            puntos = [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]
            assert all(_en_chile(lon, lat) for lon, lat in puntos)
        resumen = _ogrinfo("-ro", "-so", "-al", str(carpeta / f"{capa}.geojson"))
        assert resumen.returncode == 0 and resumen.stderr == "", resumen.stderr


def test_la_mayoria_de_necesidades_e_iniciativas_se_ven_en_el_mapa(almacen_demo, tmp_path):
    carpeta = tmp_path / "capas"
    exportacion.exportar(almacen_demo, "geojson", carpeta, exportacion.Filtro())
    for capa in ("necesidades", "iniciativas"):
        features = json.loads((carpeta / f"{capa}.geojson").read_text("utf-8"))["features"]
        con_lugar = [f for f in features if f["geometry"]]
        assert len(con_lugar) >= 0.7 * len(features), capa
    territorios = json.loads((carpeta / "territorios.geojson").read_text("utf-8"))["features"]
    localidades = {
        t["id"]: almacen_demo.contar(Localidad, territorio_id=t["id"])
        for t in almacen_demo.listar(Territorio)
    }
    assert sorted(len(t["geometry"]["coordinates"]) for t in territorios) == sorted(
        localidades.values()
    )
    # La necesidad y su punto: longitud y latitud de la base, en ese orden.
    nec = [n for n in almacen_demo.listar(Necesidad, orden="titulo") if n["latitud"]][0]
    features = json.loads((carpeta / "necesidades.geojson").read_text("utf-8"))["features"]
    punto = next(f for f in features if f["properties"]["Latitud"] == nec["latitud"])
    assert punto["geometry"]["coordinates"] == [nec["longitud"], nec["latitud"]]
