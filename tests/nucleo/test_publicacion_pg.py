"""Publicación en PostgreSQL/PostGIS contra un servidor real que levantan las pruebas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pir_campo import demo, rut
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorServidor
from pir_campo.modelos import CONTEOS_RESUMEN, POR_CONTEO, Iniciativa, Localidad, Persona
from pir_campo.publicacion import envio
from pir_campo.publicacion.servidor import ErrorCredenciales
from tests.conftest import RAIZ
from tests.servidor_pg import Servidor


def _oficina(ruta: Path, region: str = "09", nombre: str = "GORE Araucanía", semilla: int = 1):
    return Almacen.iniciar(
        ruta, "oficina", nombre, region, llenar=lambda a: demo.generar(a, 3, 24, semilla)
    )


@pytest.fixture
def oficina_demo(tmp_path: Path):
    with _oficina(tmp_path / "oficina.sqlite") as a:
        yield a


def _conteos(srv: Servidor, esq: str, region: str | None = None) -> dict[str, int]:
    filtro = " WHERE region = %s" if region else ""
    with srv.conectar() as c:
        return {
            k: c.execute(
                f"SELECT count(*) FROM {esq}.{POR_CONTEO[k].tabla}{filtro}",
                (region,) if region else (),
            ).fetchone()[0]
            for k in CONTEOS_RESUMEN
        }


def _contenido(srv: Servidor, esq: str) -> dict[str, list]:
    with srv.conectar() as c:
        tablas = [
            f[0]
            for f in c.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY 1",
                (esq,),
            )
        ]
        return {
            t: c.execute(f"SELECT t::text FROM {esq}.{t} t ORDER BY 1").fetchall()
            for t in tablas
            if t not in ("oficina", "version_pir")
        }


def test_conteos_como_el_resumen_y_la_segunda_vez_no_envia_nada(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    avance: list[tuple[int, int]] = []
    r = envio.publicar(
        oficina_demo, servidor_pg.url(), esquema_pg, al_avanzar=lambda h, t: avance.append((h, t))
    )
    assert _conteos(servidor_pg, esquema_pg) == oficina_demo.resumen()["conteos"]
    assert r.enviados["persona"] == oficina_demo.resumen()["conteos"]["personas"]
    assert avance[-1][0] == avance[-1][1] > 0
    antes = _contenido(servidor_pg, esquema_pg)
    with servidor_pg.conectar() as c:
        xmin = c.execute(f"SELECT max(xmin::text::bigint) FROM {esquema_pg}.persona").fetchone()

    segunda = envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    assert segunda.total == 0 and segunda.enviados == {} and segunda.borrados == {}
    assert _contenido(servidor_pg, esquema_pg) == antes
    with servidor_pg.conectar() as c:
        assert (
            c.execute(f"SELECT max(xmin::text::bigint) FROM {esquema_pg}.persona").fetchone()
            == xmin
        )
    assert envio.ultima(oficina_demo)["enviados"] == {}


def test_una_edicion_y_una_eliminacion_llegan(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    localidad = oficina_demo.listar(Localidad, limite=1)[0]
    iniciativa = oficina_demo.listar(Iniciativa, limite=1)[0]
    oficina_demo.actualizar(
        Localidad, localidad["id"], {"nombre": "Puerto Nuevo", "latitud": -38.9}
    )
    oficina_demo.eliminar(Iniciativa, iniciativa["id"])

    r = envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    assert r.enviados == {"localidad": 1} and r.borrados == {"iniciativa": 1}
    with servidor_pg.conectar() as c:
        fila = c.execute(
            f"SELECT nombre, ST_Y(geom) FROM {esquema_pg}.localidad WHERE id = %s",
            (localidad["id"],),
        ).fetchone()
        assert fila == ("Puerto Nuevo", -38.9)
        assert c.execute(
            f'SELECT "Localidad" FROM {esquema_pg}.localidades WHERE "Clave" = %s',
            (f"09:{localidad['id']}",),
        ).fetchone() == ("Puerto Nuevo",)
        assert not c.execute(
            f"SELECT 1 FROM {esquema_pg}.iniciativa WHERE id = %s", (iniciativa["id"],)
        ).fetchone()
    assert _conteos(servidor_pg, esquema_pg) == oficina_demo.resumen()["conteos"]


def test_dos_oficinas_en_la_misma_base(servidor_pg: Servidor, esquema_pg: str, tmp_path: Path):
    with (
        _oficina(tmp_path / "a.sqlite") as araucania,
        _oficina(tmp_path / "b.sqlite", "08", "GORE Biobío", semilla=2) as biobio,
    ):
        envio.publicar(araucania, servidor_pg.url(), esquema_pg)
        envio.publicar(biobio, servidor_pg.url(), esquema_pg)
        assert _conteos(servidor_pg, esquema_pg, "09") == araucania.resumen()["conteos"]
        assert _conteos(servidor_pg, esquema_pg, "08") == biobio.resumen()["conteos"]
        # Republicar una no toca a la otra.
        assert envio.publicar(araucania, servidor_pg.url(), esquema_pg).total == 0
        assert _conteos(servidor_pg, esquema_pg, "08") == biobio.resumen()["conteos"]
    with servidor_pg.conectar() as c:
        regiones = c.execute(
            f'SELECT DISTINCT "Región" FROM {esquema_pg}.territorios ORDER BY 1'
        ).fetchall()
        oficinas = c.execute(
            f"SELECT region, nombre FROM {esquema_pg}.oficina ORDER BY 1"
        ).fetchall()
    assert regiones == [("Biobío",), ("La Araucanía",)]
    assert oficinas == [("08", "GORE Biobío"), ("09", "GORE Araucanía")]


_PUBLICAR_LENTO = """
import sys, time
from pir_campo.almacen import Almacen
from pir_campo.publicacion import envio
with Almacen.abrir(sys.argv[1]) as a:
    envio.publicar(a, sys.argv[2], sys.argv[3], lote=25, al_avanzar=lambda h, t: time.sleep(0.02))
"""


def test_sigkill_a_mitad_y_de_nuevo_da_el_mismo_estado(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    referencia = esquema_pg + "_ref"
    envio.publicar(oficina_demo, servidor_pg.url(), referencia)
    oficina_demo.cerrar()
    proceso = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _PUBLICAR_LENTO,
            str(oficina_demo.ruta),
            servidor_pg.url(),
            esquema_pg,
        ],
        cwd=RAIZ,
        env={**os.environ, "PYTHONPATH": str(RAIZ)},
    )
    try:
        limite = time.monotonic() + 60
        with servidor_pg.conectar() as c:
            while time.monotonic() < limite:
                hay = (
                    c.execute(
                        "SELECT to_regclass(%s) IS NOT NULL", (f"{esquema_pg}.marca",)
                    ).fetchone()[0]
                    and c.execute(f"SELECT count(*) FROM {esquema_pg}.marca").fetchone()[0] >= 6
                )
                if hay or proceso.poll() is not None:
                    break
                time.sleep(0.05)
        assert proceso.poll() is None, "la publicación terminó antes de poder cortarla"
        os.kill(proceso.pid, signal.SIGKILL)
    finally:
        proceso.wait(30)
    assert proceso.returncode == -signal.SIGKILL
    with Almacen.abrir(oficina_demo.ruta) as a:
        assert _conteos(servidor_pg, esquema_pg) != a.resumen()["conteos"]
        r = envio.publicar(a, servidor_pg.url(), esquema_pg)
        assert r.total > 0
        assert _conteos(servidor_pg, esquema_pg) == a.resumen()["conteos"]
        assert envio.publicar(a, servidor_pg.url(), esquema_pg).total == 0
    hecho, esperado = _contenido(servidor_pg, esquema_pg), _contenido(servidor_pg, referencia)
    assert hecho.keys() == esperado.keys()
    for tabla in esperado:
        assert hecho[tabla] == esperado[tabla], tabla


def test_geometrias_validas_y_dentro_de_chile(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    chile = "ST_MakeEnvelope(-110, -56, -66, -17, 4326)"
    with servidor_pg.conectar() as c:
        for tabla, tipo in (
            ("localidad", "ST_Point"),
            ("necesidad", "ST_Point"),
            ("iniciativa", "ST_MultiPoint"),
        ):
            total, con_geom, validas, en_chile, tipos, srid = c.execute(
                f"SELECT count(*), count(geom), count(*) FILTER (WHERE ST_IsValid(geom)), "
                f"count(*) FILTER (WHERE ST_Within(geom, {chile})), "
                f"array_agg(DISTINCT ST_GeometryType(geom)) FILTER (WHERE geom IS NOT NULL), "
                f"array_agg(DISTINCT ST_SRID(geom)) FILTER (WHERE geom IS NOT NULL) "
                f"FROM {esquema_pg}.{tabla}"
            ).fetchone()
            assert con_geom > 0 and con_geom >= total * 0.5, tabla
            assert validas == en_chile == con_geom, tabla
            assert tipos == [tipo] and srid == [4326], tabla


def _textos_personales(a: Almacen) -> list[str]:
    from pir_campo.modelos import Firmante

    textos = []
    for p in a.listar(Persona):
        textos.append(p["nombre"])
        if p["rut"]:
            textos += [p["rut"], rut.formatear(p["rut"])]
        if p["telefono"]:
            textos.append(p["telefono"])
    textos += [f["nombre"] for f in a.listar(Firmante)]
    return textos


def test_sin_la_opcion_no_llega_ningun_nombre_ni_rut(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    personales = _textos_personales(oficina_demo)
    assert len(personales) > 300 and any(rut.es_valido(t) for t in personales if t)
    envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    volcado = "\n".join(
        fila[0] for filas in _contenido(servidor_pg, esquema_pg).values() for fila in filas
    )
    encontrados = [t for t in personales if t in volcado]
    assert encontrados == []
    with servidor_pg.conectar() as c:
        codigos = c.execute(f"SELECT nombre FROM {esquema_pg}.persona LIMIT 5").fetchall()
    assert all(n.startswith("P-") for (n,) in codigos)

    # Con la opción, se reenvía todo con los nombres.
    r = envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg, con_datos_personales=True)
    assert r.enviados["persona"] == oficina_demo.resumen()["conteos"]["personas"]
    volcado = "\n".join(
        fila[0] for filas in _contenido(servidor_pg, esquema_pg).values() for fila in filas
    )
    nombres = [p["nombre"] for p in oficina_demo.listar(Persona)]
    ruts = [p["rut"] for p in oficina_demo.listar(Persona) if p["rut"]]
    assert [t for t in nombres + ruts if t not in volcado] == []


def test_ogrinfo_lista_las_vistas(servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen):
    envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    fuente = (
        f"PG:dbname=nacional host={servidor_pg.carpeta} user={servidor_pg.usuario} "
        f"schemas={esquema_pg}"
    )
    from tests.servidor_pg import CLAVE

    salida = subprocess.run(
        ["ogrinfo", "-ro", "-q", fuente],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": CLAVE},
        timeout=60,
    )
    assert salida.returncode == 0, salida.stderr
    for capa, tipo in (
        ("territorios", "Multi Point"),
        ("localidades", "Point"),
        ("necesidades", "Point"),
        ("iniciativas", "Multi Point"),
    ):
        assert f"{capa} ({tipo})" in salida.stdout, salida.stdout
    detalle = subprocess.run(
        ["ogrinfo", "-ro", "-so", fuente, "localidades"],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": CLAVE},
        timeout=60,
    )
    assert "Feature Count: 18" in detalle.stdout, detalle.stdout
    assert "Comuna: String" in detalle.stdout


def test_errores_del_servidor_en_espanol(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    with pytest.raises(ErrorCredenciales, match="rechazó el usuario o la contraseña"):
        envio.publicar(oficina_demo, servidor_pg.url(clave="otra"), esquema_pg)
    with pytest.raises(ErrorCredenciales, match="pide una contraseña") as falta:
        envio.publicar(oficina_demo, servidor_pg.url(clave=None), esquema_pg)
    assert falta.value.falta_clave
    # La contraseña dada aparte (como la pregunta la aplicación) sirve.
    envio.publicar(
        oficina_demo, servidor_pg.url(clave=None), esquema_pg, clave="clave del servidor de prueba"
    )
    with pytest.raises(ErrorServidor, match="no responde"):
        envio.publicar(
            oficina_demo, "postgresql://pirpg@/nacional?host=/tmp/no-hay-servidor", esquema_pg
        )
    with servidor_pg.conectar() as c:
        c.execute(f"UPDATE {esquema_pg}.version_pir SET valor = '99' WHERE clave = 'esquema'")
    with pytest.raises(ErrorServidor, match="versión más nueva de PIR Campo"):
        envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)


def test_un_notebook_no_publica(servidor_pg: Servidor, esquema_pg: str, almacen: Almacen):
    with pytest.raises(ErrorServidor, match="Solo la base de una oficina"):
        envio.publicar(almacen, servidor_pg.url(), esquema_pg)


def test_cli_publica_y_resume(servidor_pg: Servidor, esquema_pg: str, cli, oficina_demo: Almacen):
    ruta = oficina_demo.ruta
    oficina_demo.cerrar()
    codigo, out, err = cli(
        "publicar", "--db", ruta, "--postgres", servidor_pg.url(), "--esquema", esquema_pg
    )
    assert codigo == 0, err
    assert f"esquema «{esquema_pg}»" in out and "Personas" in out and "372" in out
    assert "clave" not in out
    codigo, out, _ = cli(
        "publicar", "--db", ruta, "--postgres", servidor_pg.url(), "--esquema", esquema_pg
    )
    assert codigo == 0 and "no se envió nada" in out
    codigo, _, err = cli(
        "publicar",
        "--db",
        ruta,
        "--postgres",
        servidor_pg.url(clave="mala"),
        "--esquema",
        esquema_pg,
    )
    assert codigo == 1 and "rechazó el usuario o la contraseña" in err and "mala" not in err


def test_un_lote_rechazado_no_deja_nada_a_medias(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    from pir_campo.modelos import Acuerdo, Taller

    envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    territorio = oficina_demo.listar(Localidad, limite=1)[0]["territorio_id"]
    oficina_demo.actualizar(
        Localidad, oficina_demo.listar(Localidad, limite=1)[0]["id"], {"hogares": 7}
    )
    # Un acuerdo cuyo taller no existe en la oficina (la base ya no deja escribirlo: se borra el
    # taller a mano, como en una base dañada): el servidor lo rechaza por su llave.
    taller = oficina_demo.insertar(
        Taller,
        {"territorio_id": territorio, "paso": 2, "titulo": "Sin taller", "fecha": "2025-05-02"},
    )
    oficina_demo.insertar(Acuerdo, {"territorio_id": territorio, "taller_id": taller, "texto": "x"})
    with oficina_demo.transaccion():
        oficina_demo.conn.execute("DELETE FROM taller WHERE id = ?", (taller,))
    with pytest.raises(ErrorServidor, match="rechazó un lote de la tabla «acuerdo»"):
        envio.publicar(oficina_demo, servidor_pg.url(), esquema_pg)
    with servidor_pg.conectar() as c:
        # Lo anterior al lote quedó; el lote no.
        assert (
            c.execute(f"SELECT count(*) FROM {esquema_pg}.localidad WHERE hogares = 7").fetchone()[
                0
            ]
            == 1
        )
        assert (
            c.execute(f"SELECT count(*) FROM {esquema_pg}.acuerdo WHERE texto = 'x'").fetchone()[0]
            == 0
        )


def test_una_persona_bloqueada_no_sale_con_sus_datos_ni_con_la_opcion(
    servidor_pg: Servidor, esquema_pg: str, oficina_demo: Almacen
):
    """Bloqueo (Ley 21.719): con --con-datos-personales la persona bloqueada llega con su código
    seudónimo y sin RUT ni teléfono; al bloquearla después de publicar, la siguiente publicación
    reemplaza su fila aunque la fila no cambió, y al levantar el bloqueo vuelven sus datos."""
    from pir_campo.servicios import supresion

    a = oficina_demo
    p = next(x for x in a.listar(Persona, orden="nombre") if x["rut"] and x["telefono"])

    def en_servidor() -> tuple:
        with servidor_pg.conectar() as c:
            return c.execute(
                f"SELECT nombre, rut, telefono FROM {esquema_pg}.persona WHERE id = %s",
                (p["id"],),
            ).fetchone()

    envio.publicar(a, servidor_pg.url(), esquema_pg, con_datos_personales=True)
    assert en_servidor() == (p["nombre"], p["rut"], p["telefono"])
    supresion.bloquear(a, p["id"], "Se opone a la publicación")
    r = envio.publicar(a, servidor_pg.url(), esquema_pg, con_datos_personales=True)
    assert r.enviados["persona"] == 1
    nombre, rut_, telefono = en_servidor()
    assert nombre.startswith("P-") and rut_ is None and telefono is None
    volcado = "\n".join(f[0] for fs in _contenido(servidor_pg, esquema_pg).values() for f in fs)
    assert p["nombre"] not in volcado and p["rut"] not in volcado
    supresion.bloquear(a, p["id"], "Retira su oposición", bloquear=False)
    envio.publicar(a, servidor_pg.url(), esquema_pg, con_datos_personales=True)
    assert en_servidor() == (p["nombre"], p["rut"], p["telefono"])
