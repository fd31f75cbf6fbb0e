"""Origen de los registros en la oficina: quién creó cada fila y quién la cambió, por SQL."""

from __future__ import annotations

from pathlib import Path

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_campo as q
from pir_campo.almacen import consultas_origen as o
from pir_campo.modelos import Persona, Taller, Territorio
from tests.nucleo.origen_apoyo import JUAN, MARIA, escena
from tests.nucleo.sincro_apoyo import TERRITORIO


def _instalar(cli, carpeta: Path, nombre: str, rol: str) -> Path:
    ruta = carpeta / f"{nombre.split()[-1].lower()}.sqlite"
    assert cli("iniciar", "--db", ruta, "--rol", rol, "--nombre", nombre, "--region", "09")[0] == 0
    return ruta


def test_oficina_con_paquetes_de_dos_notebooks_por_cli(cli, tmp_path: Path):
    oficina = _instalar(cli, tmp_path, "Oficina regional", "oficina")
    notebooks = {MARIA: _instalar(cli, tmp_path, MARIA, "campo")}
    notebooks[JUAN] = _instalar(cli, tmp_path, JUAN, "campo")
    assert cli("identidad", "--db", oficina, "--salida", tmp_path / "of.json")[0] == 0
    territorios = {}
    for nombre, ruta in notebooks.items():
        ident = tmp_path / f"{ruta.stem}.json"
        assert cli("identidad", "--db", ruta, "--salida", ident)[0] == 0
        assert cli("confiar", "--db", ruta, tmp_path / "of.json")[0] == 0
        assert cli("confiar", "--db", oficina, ident, "--toda-la-region")[0] == 0
        with Almacen.abrir(ruta) as a:
            tid = a.insertar(Territorio, {**TERRITORIO, "nombre": f"Territorio de {nombre}"})
            datos = {"territorio_id": tid, "paso": 1, "fecha": "2026-05-04"}
            a.insertar(Taller, {**datos, "titulo": f"Taller de {nombre}"})
            a.insertar(Persona, {"territorio_id": tid, "nombre": f"Vecina de {nombre}"})
        territorios[nombre] = tid
        paquete = tmp_path / f"{ruta.stem}.pirb"
        assert cli("exportar", "--db", ruta, "--salida", paquete)[0] == 0
        assert cli("importar", "--db", oficina, paquete)[0] == 0
    with Almacen.abrir(oficina) as a:
        for nombre, tid in territorios.items():
            (taller,) = q.talleres(a.conn, tid, origen=True)
            assert taller["titulo"] == f"Taller de {nombre}"
            assert taller["origen_nombre"] == taller["cambio_nombre"] == nombre
            (persona,) = q.personas(a.conn, tid, origen=True)
            assert persona["origen_nombre"] == nombre
        assert [d["nombre"] for d in o.dispositivos(a.conn)] == [
            JUAN,
            MARIA,
            "Oficina regional",
        ]
        assert o.es_oficina(a.conn)


def test_ultimo_cambio_filtro_y_asistencias(tmp_path: Path):
    e = escena(tmp_path)
    try:
        conn, tid = e.oficina.conn, e.territorio_id
        filas = {f["titulo"]: f for f in q.talleres(conn, tid, origen=True)}
        maria = filas["Diagnóstico en Puerto Domínguez"]
        assert (maria["origen_nombre"], maria["cambio_nombre"]) == (MARIA, e.oficina.nombre)
        assert maria["cambio_ms"] > 1_700_000_000_000  # milisegundos UTC del sello HLC
        assert filas["Validación en Isla Huapi"]["origen_nombre"] == JUAN
        solo_juan = q.talleres(conn, tid, creador=e.juan.dispositivo)
        assert [f["titulo"] for f in solo_juan] == ["Validación en Isla Huapi"]
        assert "origen_nombre" not in solo_juan[0]  # sin `origen`, la consulta de siempre
        personas = q.personas(conn, tid, origen=True, creador=e.maria.dispositivo)
        assert [(p["nombre"], p["origen_nombre"]) for p in personas] == [
            ("Rosa Huenchumilla", MARIA)
        ]
        ids = q.filtrar_asistencias(conn, tid, "rosa", creador=e.maria.dispositivo)
        assert len(ids) == 1 and q.filtrar_asistencias(conn, tid, creador=e.juan.dispositivo) == []
        (fila,) = q.filas_asistencias(conn, ids, origen=True).values()
        assert fila["origen_nombre"] == MARIA and fila["nombre"] == "Rosa Huenchumilla"
        por_id = o.origenes_territorio(conn, "taller", tid)
        assert por_id[e.talleres["juan"]]["origen_nombre"] == JUAN
        # En el notebook, lo propio lleva el nombre de la instalación y no hay pares notebook.
        (propio,) = q.talleres(e.maria.conn, tid, origen=True)
        assert propio["origen_nombre"] == MARIA and not o.es_oficina(e.maria.conn)
    finally:
        e.cerrar()


def test_asistencias_ordenadas_por_origen(tmp_path: Path):
    e = escena(tmp_path)
    try:
        from pir_campo.modelos import Asistencia

        conn, tid = e.oficina.conn, e.territorio_id
        p = e.oficina.insertar(Persona, {"territorio_id": tid, "nombre": "Ana Paillal"})
        nueva = e.oficina.insertar(
            Asistencia, {"territorio_id": tid, "taller_id": e.talleres["juan"], "persona_id": p}
        )
        ids = q.filtrar_asistencias(conn, tid, por_origen=True)
        origenes = [q.filas_asistencias(conn, [i], origen=True)[i]["origen_nombre"] for i in ids]
        assert origenes == sorted(origenes) and ids[-1] == nueva
    finally:
        e.cerrar()
