"""Lo mismo creado dos veces en dos notebooks: los registros únicos convergen por su id (UUIDv5)
y los duplicados por clave natural se encuentran y se fusionan en la oficina sin perder nada."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pir_campo import ids
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_campo as q
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import (
    Asistencia,
    Iniciativa,
    Localidad,
    Organizacion,
    Persona,
    Pmdt,
    Taller,
    Territorio,
)
from pir_campo.planificacion import pmdt
from pir_campo.servicios import duplicados, talleres
from tests.conftest import DATOS, ESQUEMAS_PUBLICADOS, contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, red

RUT = "12.345.678-5"
NOMBRES = ["Rosa Ñancupil", "Rosa Nancupil", "ROSA ÑANCUPIL"]
LOCALIDADES = ["Puerto Domínguez", "Puerto Dominguez", "puerto  domínguez"]


def _red(tmp: Path):
    oficina, notebooks = red(tmp, 2)
    tid = oficina.insertar(Territorio, TERRITORIO)
    for n in notebooks:
        enviar(oficina, n, tmp)
    return oficina, notebooks, tid


def _crear_todo(x: Almacen, tid: str, i: int) -> str:
    """Cada instalación crea, sin saber de las otras, el PMDT v1, la localidad y la persona
    (en un taller propio); devuelve el id de su persona."""
    pmdt.crear(x, tid, {"fecha": "2025-03-01", "vision": f"Visión {i}", "modelo_gestion": "Igual"})
    loc = x.insertar(
        Localidad, {"territorio_id": tid, "nombre": LOCALIDADES[i], "cut_comuna": "09117"}
    )
    taller = x.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 4,
            "titulo": f"Taller {i}",
            "fecha": f"2025-03-0{i + 2}",
            "localidad_id": loc,
        },
    )
    talleres.agregar_asistente(x, taller, {"nombre": NOMBRES[i], "rut": RUT, "cargo": f"Cargo {i}"})
    return x.listar(Persona, territorio_id=tid)[0]["id"]


def _fusionar_cola(oficina: Almacen) -> None:
    """Lo que haría la coordinadora: fusionar cada pareja de la cola, la sugerida primero."""
    while cola := duplicados.cola(oficina):
        conservar, absorber = duplicados.sugerir_conservar(cola[0])
        duplicados.fusionar(oficina, cola[0]["tabla"], conservar["id"], absorber["id"])


def _vivos(x: Almacen, modelo, **filtros) -> list[dict]:
    return x.listar(modelo, **filtros)


def test_pmdt_creado_en_dos_notebooks_es_un_solo_registro(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    a = pmdt.crear(n1, tid, {"fecha": "2025-03-01", "vision": "Agua para todos"}).ids[0]
    b = pmdt.crear(n2, tid, {"fecha": "2025-03-01", "vision": "Caminos"}).ids[0]
    assert a == b == ids.uuid_clave("pmdt", tid, 1)
    enviar(n1, oficina, tmp_path)
    enviar(n2, oficina, tmp_path)
    assert oficina.contar(Pmdt) == 1
    campos = {(c["tabla"], c["campo"]) for c in rep.conflictos(oficina)}
    assert campos == {("pmdt", "vision")}  # la fecha es igual: no es conflicto


def test_nueva_version_en_dos_notebooks_copia_la_misma_cartera(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    v1 = pmdt.crear(oficina, tid, {"fecha": "2025-03-01"}).ids[0]
    pmdt.guardar_iniciativa(
        oficina, v1, {"nombre": "APR Llaguepulli", "tipologia": "agua_potable", "orden": 1}
    )
    for n in (n1, n2):
        enviar(oficina, n, tmp_path)
        pmdt.nueva_version(n, v1, "2025-06-01")
    enviar(n1, oficina, tmp_path)
    enviar(n2, oficina, tmp_path)
    assert [p["version"] for p in oficina.listar(Pmdt, orden="version")] == [1, 2]
    assert oficina.contar(Iniciativa) == 2  # una en cada versión, no tres
    assert rep.conflictos(oficina) == []


def test_singleton_repetido_en_la_misma_base_se_rechaza_con_una_frase(tmp_path):
    oficina, _, tid = _red(tmp_path)
    oficina.insertar(Pmdt, {"territorio_id": tid, "version": 1, "fecha": "2025-03-01"})
    with pytest.raises(ErrorValidacion, match="Ya existe el PMDT con el mismo"):
        oficina.insertar(Pmdt, {"territorio_id": tid, "version": 1, "fecha": "2025-04-01"})


# Entregas: (origen, destino) con 0 = oficina; "f" = la oficina fusiona lo que ve en la cola;
# "e" = el notebook 1 edita el teléfono de su persona (quizá ya fusionada en la oficina).
ENTREGAS = [(1, 0), (2, 0), (0, 1), (0, 2), ("f", None), ("e", None)]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.permutations(ENTREGAS + ENTREGAS[:4]))
def test_propiedad_un_solo_pmdt_persona_y_localidad_en_todas_partes(orden):
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        oficina, notebooks, tid = _red(tmp)
        todos = [oficina, *notebooks]
        try:
            propias = [_crear_todo(x, tid, i) for i, x in enumerate(todos)]
            editado = False
            for origen, destino in orden:
                if origen == "f":
                    _fusionar_cola(oficina)
                elif origen == "e":
                    # Solo si aún no le llegó la fusión: después ya no la ve para editarla.
                    if not editado and notebooks[0].contar(Persona, id=propias[1]):
                        notebooks[0].actualizar(
                            Persona, propias[1], {"telefono": "+56 9 5555 1234"}
                        )
                        editado = True
                else:
                    enviar(todos[origen], todos[destino], tmp)
            for _ in range(2):  # intercambio final, con la cola atendida
                for n in notebooks:
                    enviar(n, oficina, tmp)
                _fusionar_cola(oficina)
                for n in notebooks:
                    enviar(oficina, n, tmp)
            bases = [datos(x) for x in todos]
            assert bases[0] == bases[1] == bases[2]
            for x in todos:
                assert len(_vivos(x, Pmdt, territorio_id=tid)) == 1
                [persona] = _vivos(x, Persona, territorio_id=tid)
                assert len(_vivos(x, Localidad, territorio_id=tid)) == 1
                asistencias = _vivos(x, Asistencia, territorio_id=tid)
                assert len(asistencias) == 3
                for a in asistencias:
                    [fila] = q.asistentes(x.conn, a["taller_id"])
                    assert fila["persona_id"] == persona["id"] and fila["cargo"]
                if editado:
                    assert persona["telefono"] == "+56 9 5555 1234"
            campos = {(c["tabla"], c["campo"]) for c in rep.conflictos(oficina, None)}
            assert campos == {("pmdt", "vision")}
        finally:
            for x in todos:
                x.cerrar()


def test_fusion_en_oficina_y_edicion_tardia_llega_a_la_persona_que_queda(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    p1 = _crear_todo(n1, tid, 1)
    p2 = _crear_todo(n2, tid, 2)
    enviar(n1, oficina, tmp_path)
    enviar(n2, oficina, tmp_path)
    [par] = [p for p in duplicados.cola(oficina) if p["tabla"] == "persona"]
    assert par["motivo"] == "mismo RUT" and {par["a"]["id"], par["b"]["id"]} == {p1, p2}
    assert par["a"]["dependientes"] == par["b"]["dependientes"] == 1
    assert {par["a"]["origen_nombre"], par["b"]["origen_nombre"]} == {"notebook1", "notebook2"}
    duplicados.fusionar(oficina, "persona", p2, p1)
    # El notebook 1 no sabe de la fusión: edita a su persona y la anota en un taller nuevo.
    n1.actualizar(Persona, p1, {"telefono": "+56 9 8888 7777"})
    nuevo = talleres.nuevo(n1, tid, 5, dt.date(2025, 4, 1))
    talleres.agregar_asistente(n1, nuevo, {"nombre": "Rosa"}, persona_id=p1)
    enviar(n1, oficina, tmp_path)
    viva = oficina.obtener(Persona, p2)
    assert viva["telefono"] == "+56 9 8888 7777"
    [asis] = oficina.listar(Asistencia, taller_id=nuevo)
    assert asis["persona_id"] == p2
    # La lápida de fusión no choca con la edición (solo chocan las visiones del PMDT).
    assert {c["tabla"] for c in rep.conflictos(oficina)} == {"pmdt"}
    for n in (n1, n2):
        enviar(oficina, n, tmp_path)
    assert datos(n1) == datos(oficina) == datos(n2)
    assert n1.contar(Persona) == 1 and n1.obtener(Persona, p2)["telefono"] == "+56 9 8888 7777"
    fila = n1.conn.execute("SELECT fusionado_en FROM persona WHERE id = ?", (p1,)).fetchone()
    assert fila == (p2,)


def test_fusion_junta_asistencias_al_mismo_taller_con_firma_y_cargo(tmp_path):
    oficina, _, tid = _red(tmp_path)
    taller = talleres.nuevo(oficina, tid, 2, dt.date(2025, 3, 4))
    talleres.agregar_asistente(oficina, taller, {"nombre": "Juan Paillal", "firmo": True})
    talleres.agregar_asistente(oficina, taller, {"nombre": "Juan Paillal", "cargo": "Werken"})
    [par] = duplicados.pares(oficina, "persona")
    duplicados.fusionar(oficina, "persona", par["a"]["id"], par["b"]["id"])
    [fila] = q.asistentes(oficina.conn, taller)
    assert fila["firmo"] and fila["cargo"] == "Werken"


def test_cola_de_localidades_y_organizaciones_con_lo_que_cuelga(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    for i, n in enumerate((n1, n2)):
        loc = n.insertar(
            Localidad, {"territorio_id": tid, "nombre": LOCALIDADES[i], "cut_comuna": "09117"}
        )
        n.insertar(
            Organizacion,
            {
                "territorio_id": tid,
                "nombre": "Comité APR Llaguepulli",
                "tipo": "comite_apr",
                "localidad_id": loc,
            },
        )
        enviar(n, oficina, tmp_path)
    otra = oficina.insertar(
        Localidad, {"territorio_id": tid, "nombre": "Puerto Domínguez", "cut_comuna": "09119"}
    )
    cola = duplicados.cola(oficina)
    assert [p["tabla"] for p in cola] == ["localidad", "organizacion"]
    assert otra not in {cola[0]["a"]["id"], cola[0]["b"]["id"]}  # otra comuna: otro lugar
    assert cola[0]["a"]["dependientes"] == 1  # su organización
    conservar, absorber = duplicados.sugerir_conservar(cola[0])
    duplicados.fusionar(oficina, "localidad", conservar["id"], absorber["id"])
    orgs = oficina.listar(Organizacion)
    assert {o["localidad_id"] for o in orgs} == {conservar["id"]}
    [par] = duplicados.cola(oficina)
    duplicados.fusionar(oficina, "organizacion", par["a"]["id"], par["b"]["id"])
    assert duplicados.cola(oficina) == []
    assert oficina.contar(Organizacion) == 1


def test_pares_de_dos_ruts_distintos_no_son_duplicados(tmp_path):
    oficina, _, tid = _red(tmp_path)
    taller = talleres.nuevo(oficina, tid, 2, dt.date(2025, 3, 4))
    talleres.agregar_asistente(oficina, taller, {"nombre": "Ana Huenchu", "rut": RUT})
    talleres.agregar_asistente(oficina, taller, {"nombre": "Ana Huenchu", "rut": "999.999-K"})
    assert duplicados.pares(oficina, "persona") == []


@pytest.mark.parametrize("version", ESQUEMAS_PUBLICADOS)
def test_migrar_desde_cada_esquema_conserva_los_ids(tmp_path, version):
    ruta = tmp_path / "vieja.sqlite"
    shutil.copy(DATOS / f"esquema_v{version}.sqlite", ruta)
    antes = {t: {f[0] for f in filas} for t, filas in contenido(ruta).items() if t in rep.TABLAS}
    with Almacen.abrir(ruta) as almacen:
        despues = {t: {f["id"] for f in almacen.listar(POR[t])} for t in ("territorio", "persona")}
        assert despues == {t: antes[t] for t in despues}
        [tid] = despues["territorio"]
        # Un PMDT creado antes de esta versión conserva su id (UUIDv7) y su siguiente versión
        # recibe el id de su clave, el mismo que le daría cualquier otro notebook.
        viejo = almacen.insertar(
            Pmdt, {"territorio_id": tid, "version": 1, "fecha": "2025-01-01"}, id=ids.uuid7()
        )
        nueva = pmdt.nueva_version(almacen, viejo, "2025-06-01").ids[0]
        assert nueva == ids.uuid_clave("pmdt", tid, 2)
        assert almacen.obtener(Pmdt, viejo)["version"] == 1
    assert {t: {f[0] for f in filas} for t, filas in contenido(ruta).items() if t in antes}[
        "persona"
    ] == antes["persona"]


POR = {"territorio": Territorio, "persona": Persona}


def test_fusion_en_un_notebook_y_edicion_en_la_oficina_llega_a_la_que_queda(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    p1 = _crear_todo(n1, tid, 1)
    enviar(n1, oficina, tmp_path)
    taller = talleres.nuevo(n1, tid, 2, dt.date(2025, 5, 5))
    talleres.agregar_asistente(n1, taller, {"nombre": "Rosa Ñancupil"})
    [otra] = [p["id"] for p in n1.listar(Persona) if p["id"] != p1]
    # El notebook fusiona con su propio buscador mientras la oficina corrige a la absorbida.
    [par] = duplicados.pares(n1, "persona", tid)
    duplicados.fusionar(n1, "persona", otra, p1)
    oficina.actualizar(Persona, p1, {"telefono": "+56 9 7777 6666"})
    enviar(n1, oficina, tmp_path)
    assert oficina.obtener(Persona, otra)["telefono"] == "+56 9 7777 6666"
    enviar(oficina, n1, tmp_path)
    assert n1.obtener(Persona, otra)["telefono"] == "+56 9 7777 6666"
    assert datos(n1) == datos(oficina)
    assert par["motivo"] == "mismo nombre y comuna"


def test_mismo_rut_en_dos_territorios_se_muestra_pero_no_se_fusiona(tmp_path):
    oficina, _, tid = _red(tmp_path)
    otro = oficina.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio Toltén"})
    for t in (tid, otro):
        taller = talleres.nuevo(oficina, t, 2, dt.date(2025, 3, 4))
        talleres.agregar_asistente(oficina, taller, {"nombre": "Ana Huenchu", "rut": RUT})
    [par] = duplicados.cola(oficina)
    assert par["motivo"] == "mismo RUT en otro territorio"
    assert duplicados.pares(oficina, "persona", tid) == []  # el notebook no la ve
    with pytest.raises(ErrorValidacion, match="Solo se fusionan registros del mismo territorio"):
        duplicados.fusionar(oficina, "persona", par["a"]["id"], par["b"]["id"])


def test_fusiones_cruzadas_en_notebook_y_oficina_dejan_una_persona(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    p1 = _crear_todo(n1, tid, 1)
    p2 = _crear_todo(n2, tid, 2)
    for n in (n1, n2):
        enviar(n, oficina, tmp_path)
    enviar(oficina, n1, tmp_path)
    # Sin verse: el notebook 1 deja a p1 y la oficina deja a p2.
    duplicados.fusionar(n1, "persona", p1, p2)
    duplicados.fusionar(oficina, "persona", p2, p1)
    for _ in range(2):
        for n in (n1, n2):
            enviar(n, oficina, tmp_path)
            enviar(oficina, n, tmp_path)
    assert datos(n1) == datos(oficina) == datos(n2)
    for x in (oficina, n1, n2):
        [viva] = x.listar(Persona, territorio_id=tid)
        assert viva["id"] == min(p1, p2)
        asistencias = x.listar(Asistencia, territorio_id=tid)
        assert len(asistencias) == 2
        for a in asistencias:
            assert q.asistentes(x.conn, a["taller_id"])[0]["persona_id"] == viva["id"]


def test_taller_nuevo_en_localidad_fusionada_queda_en_la_que_se_conserva(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    for i, n in enumerate((n1, n2)):
        _crear_todo(n, tid, i)
        enviar(n, oficina, tmp_path)
    [par] = duplicados.pares(oficina, "localidad")
    conservar, absorber = duplicados.sugerir_conservar(par)
    duplicados.fusionar(oficina, "localidad", conservar["id"], absorber["id"])
    dueno = n1 if absorber["origen_id"] == n1.dispositivo else n2  # aún no sabe de la fusión
    tarde = dueno.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 5,
            "titulo": "Tarde",
            "fecha": "2025-04-09",
            "localidad_id": absorber["id"],
        },
    )
    enviar(dueno, oficina, tmp_path)
    assert oficina.obtener(Taller, tarde)["localidad_id"] == conservar["id"]
    assert {t["localidad_id"] for t in oficina.listar(Taller, territorio_id=tid)} == {
        conservar["id"]
    }


def _version_vieja(x: Almacen, tid: str, anterior: str, vision: str, iniciativa: str) -> str:
    """Lo que hacía la versión anterior: «versión 2» con un id al azar, no derivado de la clave."""
    [v2] = x.insertar_lote(
        Pmdt,
        [
            {
                "territorio_id": tid,
                "version": 2,
                "version_anterior_id": anterior,
                "fecha": "2025-06-01",
                "vision": vision,
            }
        ],
        id_lote=[ids.uuid7()],
    )
    pmdt.guardar_iniciativa(x, v2, {"nombre": iniciativa, "tipologia": "agua_potable", "orden": 1})
    return v2


def _dos_versiones_viejas(tmp: Path, visiones: tuple[str, str]):
    oficina, (n1, n2), tid = _red(tmp)
    v1 = pmdt.crear(oficina, tid, {"fecha": "2025-03-01"}).ids[0]
    for n in (n1, n2):
        enviar(oficina, n, tmp)
    a = _version_vieja(n1, tid, v1, visiones[0], "APR Llaguepulli")
    b = _version_vieja(n2, tid, v1, visiones[1], "Camino Budi")
    assert a != b
    enviar(n1, oficina, tmp)
    enviar(n2, oficina, tmp)
    return oficina, (n1, n2), tid, a, b


def _intercambio(oficina: Almacen, notebooks: list[Almacen], tmp: Path) -> None:
    for _ in range(2):
        for n in notebooks:
            enviar(oficina, n, tmp)
            enviar(n, oficina, tmp)


def test_version_repetida_de_la_version_anterior_aparece_en_la_cola_y_se_fusiona(tmp_path):
    oficina, notebooks, tid, a, b = _dos_versiones_viejas(tmp_path, ("Agua", "Caminos"))
    [par] = [p for p in duplicados.cola(oficina) if p["tabla"] == "pmdt"]
    assert {par["a"]["id"], par["b"]["id"]} == {a, b}
    assert par["a"]["nombre"] == "Versión 2" and par["diferencias"] == ["vision"]
    assert {par["a"]["origen_nombre"], par["b"]["origen_nombre"]} == {"notebook1", "notebook2"}
    assert par["a"]["dependientes"] == par["b"]["dependientes"] == 1
    duplicados.fusionar(oficina, "pmdt", b, a)
    assert [p for p in duplicados.cola(oficina) if p["tabla"] == "pmdt"] == []
    _intercambio(oficina, notebooks, tmp_path)
    for x in (oficina, *notebooks):
        [v2] = _vivos(x, Pmdt, territorio_id=tid, version=2)
        assert v2["id"] == b and v2["vision"] == "Caminos"
        nombres = sorted(i["nombre"] for i in _vivos(x, Iniciativa, pmdt_id=b))
        assert nombres == ["APR Llaguepulli", "Camino Budi"]  # ninguna de la cartera se pierde
        assert duplicados.pares_unicos(x, "pmdt") == []
    assert datos(oficina) == datos(notebooks[0]) == datos(notebooks[1])


def test_version_repetida_igual_se_fusiona_sola_al_importar(tmp_path):
    oficina, notebooks, tid, a, b = _dos_versiones_viejas(tmp_path, ("Agua", "Agua"))
    assert duplicados.pares_unicos(oficina, "pmdt") == []
    [v2] = _vivos(oficina, Pmdt, territorio_id=tid, version=2)
    assert v2["id"] == min(a, b)
    _intercambio(oficina, notebooks, tmp_path)
    for x in (oficina, *notebooks):
        assert [p["id"] for p in _vivos(x, Pmdt, territorio_id=tid, version=2)] == [min(a, b)]
        assert x.contar(Iniciativa, pmdt_id=min(a, b)) == 2
    assert datos(oficina) == datos(notebooks[0]) == datos(notebooks[1])


def test_fusion_encadenada_redirige_la_primera_y_llega_sellada_a_otro_equipo(tmp_path):
    """p1 se fusionó en p2 y después p2 en p3: la redirección de p1 pasa a p3 con su punto y su
    fila de bitácora, y así llega a un notebook que nunca vio las fusiones."""
    oficina, (n1, _), tid = _red(tmp_path)
    p1, p2, p3 = oficina.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": f"Rosa Ñancupil {i}"} for i in range(3)]
    )
    enviar(oficina, n1, tmp_path)
    duplicados.fusionar(oficina, "persona", p2, p1)
    duplicados.fusionar(oficina, "persona", p3, p2)
    enviar(oficina, n1, tmp_path)
    for x in (oficina, n1):
        filas = x.conn.execute(
            "SELECT id, eliminado, fusionado_en, fdots FROM persona ORDER BY id"
        ).fetchall()
        por_id = {f[0]: f for f in filas}
        assert por_id[p1][1:3] == (1, p3) and por_id[p2][1:3] == (1, p3)
        punto = json.loads(por_id[p1][3])["fusionado_en"]
        assert punto[0] == oficina.dispositivo
        [fila] = x.conn.execute(
            "SELECT dispositivo, seq, anterior, nuevo, motivo FROM cambio WHERE registro_id = ? "
            "AND campo = 'fusionado_en' AND nuevo = ?",
            (p1, json.dumps(p3)),
        ).fetchall()
        assert fila == (
            oficina.dispositivo,
            punto[1],
            json.dumps(p2),
            json.dumps(p3),
            "fusión de registros duplicados",
        )
    assert [p["id"] for p in n1.listar(Persona, territorio_id=tid)] == [p3]
    assert datos(n1)["persona"] == datos(oficina)["persona"]
