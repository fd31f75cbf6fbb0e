"""Supresión de una persona (Ley 21.719): en un notebook, por la oficina, al otro notebook; nada
de su nombre ni su RUT queda en ninguna base (descifrada) y un paquete viejo no lo trae de vuelta.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import ActaValidacion, Asistencia, Firmante, Persona, Taller, Territorio
from pir_campo.servicios import supresion
from tests.conftest import conectar
from tests.nucleo import sincro_apoyo as apoyo

NOMBRE = "Rosa Ñancupil Huenchumilla"
RUT = "12345678-5"
TELEFONO = "+56 9 8765 4321"
# Lo que no debe quedar: el nombre y sus partes (también en minúsculas sin tildes, como las
# guarda el índice de búsqueda), el RUT (con y sin guion) y el teléfono.
BUSCADOS = {
    NOMBRE.encode(),
    "Ñancupil".encode(),
    b"ancupil",
    b"Huenchumilla",
    b"huenchumilla",
    b"12345678",
    TELEFONO.encode(),
    b"87654321",
    b"55556666",
    b"Millal",
}


def _armar(n: Almacen) -> dict[str, str]:
    tid = n.insertar(Territorio, apoyo.TERRITORIO)
    pid = n.insertar(
        Persona,
        {
            "territorio_id": tid,
            "nombre": NOMBRE,
            "rut": RUT,
            "telefono": TELEFONO,
            "sexo": "mujer",
            "tramo_edad": "30-44",
        },
    )
    otra = n.insertar(Persona, {"territorio_id": tid, "nombre": "Juan Catrileo"})
    taller = n.insertar(
        Taller,
        {"territorio_id": tid, "paso": 1, "titulo": "Taller de inicio", "fecha": "2026-03-02"},
    )
    for p, cargo in ((pid, "Presidenta junta de vecinos"), (otra, None)):
        n.insertar(
            Asistencia,
            {
                "territorio_id": tid,
                "taller_id": taller,
                "persona_id": p,
                "cargo": cargo,
                "firmo": True,
            },
        )
    acta = n.insertar(
        ActaValidacion,
        {
            "territorio_id": tid,
            "tipo": "validacion_territorio",
            "fecha": "2026-03-12",
            "decision": "aprobado",
        },
    )
    n.insertar(
        Firmante,
        {
            "territorio_id": tid,
            "acta_id": acta,
            "nombre": NOMBRE,
            "rut": RUT,
            "cargo": "Presidenta",
            "lado": "comunidad",
        },
    )
    n.actualizar(ActaValidacion, acta, {"estado": "firmada"})
    n.actualizar(Taller, taller, {"estado": "cerrado"})
    n.actualizar(Persona, pid, {"telefono": "+56 9 1111 2222"})
    n.actualizar(Persona, pid, {"telefono": TELEFONO})
    return {"territorio": tid, "persona": pid, "taller": taller, "acta": acta}


def volcado(ruta: Path, carpeta: Path) -> tuple[str, bytes]:
    """Todo el contenido descifrado: cada tabla (también las del índice FTS5) como texto, y los
    bytes de una copia plana hecha con sqlcipher_export."""
    conn = conectar(ruta)
    try:
        tablas = [
            f[0]
            for f in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        texto = "\n".join(
            repr(conn.execute(f'SELECT * FROM "{t}"').fetchall())
            for t in tablas
            if t != "persona_busqueda"
        )
        plana = carpeta / f"{ruta.stem}-plana-{len(list(carpeta.glob('*-plana-*')))}.sqlite"
        conn.execute("ATTACH DATABASE ? AS plana KEY ''", (str(plana),))
        conn.execute("SELECT sqlcipher_export('plana')")
        conn.execute("DETACH DATABASE plana")
    finally:
        conn.close()
    return texto, plana.read_bytes()


def hallados(ruta: Path, carpeta: Path) -> list[str]:
    texto, crudo = volcado(ruta, carpeta)
    salida = [b.decode() for b in BUSCADOS if b.decode() in texto]
    salida += [f"bytes: {b.decode()}" for b in BUSCADOS if b in crudo]
    return salida


def _conteo(a: Almacen, taller: str) -> int:
    return a.contar(Asistencia, taller_id=taller)


def test_supresion_llega_a_las_tres_y_un_paquete_viejo_no_la_deshace(tmp_path):
    oficina, (n1, n2) = apoyo.red(tmp_path)
    ids = _armar(n1)
    apoyo.enviar(n1, oficina, tmp_path)
    apoyo.enviar(oficina, n2, tmp_path)
    # n2 corrige el teléfono y exporta, pero el paquete llega tarde (después de la supresión).
    n2.actualizar(Persona, ids["persona"], {"telefono": "+56 9 5555 6666"})
    n2.actualizar(Persona, ids["persona"], {"tramo_edad": "45-64"})
    viejo = apoyo.paquete(n2, oficina, tmp_path)
    assert all(hallados(a.ruta, tmp_path) for a in (oficina, n1, n2))

    vista = supresion.vista_previa(n1, ids["persona"])
    assert vista.asistencias == 1 and vista.firmas == 1
    assert "respaldos" in vista.texto() and "No se puede deshacer" in vista.texto()
    hecho = supresion.suprimir(n1, ids["persona"], "Lo pidió por escrito el 01-12-2026")
    assert hecho.filas > 0
    assert hallados(n1.ruta, tmp_path) == []
    with pytest.raises(ErrorValidacion, match="ya fueron suprimidos"):
        supresion.suprimir(n1, ids["persona"], "otra vez")

    apoyo.enviar(n1, oficina, tmp_path)
    apoyo.enviar(oficina, n2, tmp_path)
    for a in (oficina, n1, n2):
        assert hallados(a.ruta, tmp_path) == [], a.nombre
        assert _conteo(a, ids["taller"]) == 2
        p = a.obtener(Persona, ids["persona"])
        assert p["nombre"] == supresion.SUPRIMIDO and p["rut"] is None
        firmante = a.listar(Firmante, acta_id=ids["acta"])[0]
        assert firmante["nombre"] == supresion.SUPRIMIDO and firmante["lado"] == "comunidad"
        # El registro guarda quién lo pidió, cuándo y por qué, sin los datos suprimidos.
        s = a.conn.execute("SELECT solicitado_por, motivo FROM solicitud_derecho").fetchall()
        assert s == [("La persona titular", "Lo pidió por escrito el 01-12-2026")]

    # El paquete viejo de n2 llega ahora a la oficina y de ahí a n1: no trae nada de vuelta.
    importado = apoyo.importar.importar(oficina, viejo)
    # La oficina lo aplica y lo vuelve a borrar, o lo retiene porque trae valores de n1 que ya
    # no coinciden con los suyos (sincro/alcance.py): de una u otra forma, no se queda.
    assert importado.actualizados + importado.fusionados + len(importado.retenidos) >= 1
    apoyo.enviar(oficina, n1, tmp_path)
    for a in (oficina, n1, n2):
        assert hallados(a.ruta, tmp_path) == [], a.nombre
        assert _conteo(a, ids["taller"]) == 2


def test_restaurar_un_respaldo_anterior_vuelve_a_suprimir(tmp_path):
    from pir_campo.servicios.apertura import al_abrir

    with Almacen.iniciar(tmp_path / "campo.sqlite", "campo", "Ana", "09") as n:
        ids = _armar(n)
        n.copiar_base(tmp_path / "respaldo.sqlite")
        supresion.suprimir(n, ids["persona"], "Solicitud de la persona")
        ruta = n.ruta
    # «Restaurar»: el respaldo anterior en el lugar de la base; la copia aparte queda.
    for sufijo in ("", "-wal", "-shm"):
        Path(f"{ruta}{sufijo}").unlink(missing_ok=True)
    (tmp_path / "respaldo.sqlite").rename(ruta)
    assert hallados(ruta, tmp_path)
    with Almacen.abrir(ruta) as n:
        al_abrir(n)
    assert hallados(ruta, tmp_path) == []


ENTREGAS = ("n1>of", "of>n2", "viejo>of", "of>n1", "n2>of")


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(orden=st.permutations(ENTREGAS))
def test_ningun_orden_de_entrega_trae_de_vuelta_lo_suprimido(tmp_path_factory, orden):
    carpeta = tmp_path_factory.mktemp("orden")
    oficina, (n1, n2) = apoyo.red(carpeta)
    ids = _armar(n1)
    apoyo.enviar(n1, oficina, carpeta)
    apoyo.enviar(oficina, n2, carpeta)
    n2.actualizar(Persona, ids["persona"], {"nombre": NOMBRE + " Millalén"})
    viejo = apoyo.paquete(n2, oficina, carpeta)
    supresion.suprimir(n1, ids["persona"], "Solicitud de la persona")
    envio = {
        "n1>of": lambda: apoyo.enviar(n1, oficina, carpeta),
        "of>n2": lambda: apoyo.enviar(oficina, n2, carpeta),
        "of>n1": lambda: apoyo.enviar(oficina, n1, carpeta),
        "n2>of": lambda: apoyo.enviar(n2, oficina, carpeta),
        "viejo>of": lambda: apoyo.importar.importar(oficina, viejo),
    }
    # Dos vueltas: la primera en el orden dado, la segunda completa la propagación.
    for paso in itertools.chain(orden, ("n1>of", "n2>of", "of>n1", "of>n2")):
        envio[paso]()
    for a in (oficina, n1, n2):
        assert hallados(a.ruta, carpeta) == [], (a.nombre, orden)
        assert _conteo(a, ids["taller"]) == 2
        assert supresion.suprimidas(a) == {ids["persona"]}
    for a in (oficina, n1, n2):
        a.cerrar()


def test_no_se_vuelven_a_escribir_datos_suprimidos_ni_campos_que_la_region_no_recoge(almacen):
    import json

    from pir_campo.servicios import personas, talleres

    ids = _armar(almacen)
    supresion.suprimir(almacen, ids["persona"], "Solicitud de la persona")
    with pytest.raises(ErrorValidacion, match="fueron suprimidos"):
        personas.editar(almacen, ids["persona"], {"telefono": TELEFONO})
    # La oficina dejó de recoger el pueblo originario en la región (ajuste distribuido).
    almacen.guardar_ajuste("campos_opcionales", json.dumps({"pueblo_originario": False}))
    taller = talleres.nuevo(almacen, ids["territorio"], 2)
    with pytest.raises(ErrorValidacion, match="«Pueblo originario» no se recoge"):
        talleres.agregar_asistente(
            almacen, taller, {"nombre": "Luis Paillal", "pueblo_originario": "mapuche"}
        )
    assert almacen.contar(Asistencia, taller_id=taller) == 0
    talleres.agregar_asistente(almacen, taller, {"nombre": "Luis Paillal", "rut": RUT})
    assert almacen.contar(Asistencia, taller_id=taller) == 1


def test_dos_suprimidas_no_son_duplicadas_entre_si(almacen):
    from pir_campo.servicios import duplicados

    ids = _armar(almacen)
    otra = almacen.insertar(Persona, {"territorio_id": ids["territorio"], "nombre": "Ana Lef"})
    supresion.suprimir(almacen, ids["persona"], "Solicitud de la persona")
    supresion.suprimir(almacen, otra, "Solicitud de la persona")
    assert (
        almacen.conn.execute(
            "SELECT count(*) FROM persona WHERE nombre = ?", (supresion.SUPRIMIDO,)
        ).fetchone()[0]
        == 2
    )
    assert duplicados.pares(almacen, "persona", ids["territorio"]) == []


def test_los_adjuntos_que_la_muestran_se_listan_para_decidir_y_no_se_tocan(almacen_demo):
    """Una hoja de asistencia fotografiada muestra a muchas personas: la confirmación la nombra
    para que la coordinación decida, y la supresión no la borra ni la cambia."""
    from pir_campo import adjuntos
    from pir_campo.modelos import Adjunto

    a = almacen_demo
    pid, sha, archivo = a.conn.execute(
        "SELECT x.persona_id, d.sha256, d.nombre_original FROM adjunto d "
        "JOIN asistencia x ON x.taller_id = d.registro_id AND x.eliminado = 0 "
        "WHERE d.tabla_duena = 'taller' AND d.eliminado = 0 ORDER BY x.persona_id LIMIT 1"
    ).fetchone()
    blob = adjuntos.ruta_blob(adjuntos.carpeta_de(a.ruta), sha)
    bytes_antes = blob.read_bytes()
    filas_antes = a.conn.execute("SELECT * FROM adjunto ORDER BY id").fetchall()
    vista = supresion.vista_previa(a, pid)
    assert archivo in [d["archivo"] for d in vista.adjuntos]
    texto = vista.texto()
    assert "revíselos y decida si eliminarlos" in texto and archivo in texto
    supresion.suprimir(a, pid, "Solicitud de la persona")
    assert a.conn.execute("SELECT * FROM adjunto ORDER BY id").fetchall() == filas_antes
    assert blob.read_bytes() == bytes_antes
    assert a.contar(Adjunto) == len(vista_adjuntos_vivos(filas_antes, a))


def vista_adjuntos_vivos(filas, a) -> list:
    columnas = [d[0] for d in a.conn.execute("SELECT * FROM adjunto LIMIT 0").description]
    return [f for f in filas if not f[columnas.index("eliminado")]]
