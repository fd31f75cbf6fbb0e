"""El índice de búsqueda de personas (persona_busqueda) y la participación ya contada, llenados
por lote sin sus disparadores de fila por fila (almacen/disparadores_bloque.py): tras la demo y
tras una importación deben quedar como si se reconstruyeran desde cero, los disparadores deben
volver con su mismo texto, y una falla a medio camino no debe dejar nada."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo import demo, ids
from pir_campo.almacen import Almacen
from pir_campo.almacen.disparadores_bloque import DIFERIDOS
from pir_campo.almacen.migraciones import NO_BLOQUEADA
from pir_campo.errores import ErrorPir
from pir_campo.modelos import Persona, SolicitudDerecho, Territorio
from pir_campo.sincro import importar
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, paquete, red
from tests.nucleo.test_sincro_participacion import _DE_CERO, _llenar, _ya_contada

# Lo que el esquema 9 puso en el índice al crearlo (migraciones.ESQUEMA_9).
_BUSQUEDA_DE_CERO = (
    "SELECT p.id, p.nombre, p.territorio_id FROM persona p WHERE p.eliminado = 0 AND "
    f"{NO_BLOQUEADA.format(p='p.id')} ORDER BY p.id"
)


def _disparadores(a: Almacen) -> dict[str, str]:
    nombres = [d.disparador for d in DIFERIDOS]
    return {
        n: s
        for n, s in a.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        if n in nombres
    }


def _busqueda(a: Almacen) -> list[tuple]:
    return a.conn.execute(
        "SELECT persona_id, nombre, territorio_id FROM persona_busqueda ORDER BY persona_id"
    ).fetchall()


def _revisar_busqueda(a: Almacen) -> None:
    """El índice tiene lo mismo que reconstruido de cero, cada entrada en la fila de su persona,
    su estructura interna es íntegra y responde igual que uno creado de cero."""
    assert _busqueda(a) == a.conn.execute(_BUSQUEDA_DE_CERO).fetchall()
    fuera_de_fila = a.conn.execute(
        "SELECT count(*) FROM persona_busqueda b LEFT JOIN persona_busqueda_fila f "
        "ON f.fila = b.rowid WHERE f.persona_id IS NOT b.persona_id"
    ).fetchone()[0]
    assert fuera_de_fila == 0
    a.conn.execute("INSERT INTO persona_busqueda (persona_busqueda) VALUES ('integrity-check')")
    a.conn.execute(
        "CREATE VIRTUAL TABLE temp.de_cero USING fts5(nombre, persona_id UNINDEXED, "
        'tokenize = "unicode61 remove_diacritics 2")'
    )
    a.conn.execute(
        f"INSERT INTO de_cero (persona_id, nombre) SELECT id, nombre FROM ({_BUSQUEDA_DE_CERO})"
    )
    nombres = [f[1] for f in a.conn.execute(_BUSQUEDA_DE_CERO).fetchall()[:5]]
    for termino in {p[:3] for n in nombres for p in n.split()}:
        consulta = "SELECT persona_id FROM {} WHERE {} MATCH ? ORDER BY persona_id"
        esperado = a.conn.execute(consulta.format("de_cero", "de_cero"), (f'"{termino}"*',))
        obtenido = a.conn.execute(
            consulta.format("persona_busqueda", "persona_busqueda"), (f'"{termino}"*',)
        )
        assert obtenido.fetchall() == esperado.fetchall() != []
    a.conn.execute("DROP TABLE temp.de_cero")


def test_demo_llena_el_indice_por_lote(almacen: Almacen):
    antes = _disparadores(almacen)
    assert set(antes) == {d.disparador for d in DIFERIDOS}
    conteos = demo.generar(almacen, territorios=2, talleres=20, semilla=3)
    assert conteos["personas"] > 200
    _revisar_busqueda(almacen)
    assert _ya_contada(almacen) == almacen.conn.execute(_DE_CERO).fetchall() != []
    assert _disparadores(almacen) == antes
    # Fuera del bloque, el disparador vuelve a indexar fila por fila.
    tid = almacen.listar(Territorio)[0]["id"]
    almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Zoila Quintremil Ñanco"})
    assert almacen.conn.execute(
        "SELECT count(*) FROM persona_busqueda WHERE persona_busqueda MATCH 'quintremil'"
    ).fetchone() == (1,)
    _revisar_busqueda(almacen)


def test_lote_respeta_el_bloqueo(almacen: Almacen):
    """Una persona con bloqueo vigente (que llegó antes) no entra al índice, igual que con el
    disparador."""
    tid = almacen.insertar(Territorio, TERRITORIO)
    bloqueada, vigente = ids.uuid7(), ids.uuid7()
    solicitud = {
        "territorio_id": tid,
        "persona_id": bloqueada,
        "tipo": "bloqueo",
        "fecha": "2026-05-04",
        "solicitado_por": "La misma persona",
    }
    personas = [
        {"territorio_id": tid, "nombre": "Rosa Bloqueada"},
        {"territorio_id": tid, "nombre": "Ana Vigente"},
    ]
    almacen.insertar_lotes(
        [
            (SolicitudDerecho, [solicitud], [ids.uuid7()]),
            (Persona, personas, [bloqueada, vigente]),
        ]
    )
    assert [f[0] for f in _busqueda(almacen)] == [vigente]
    _revisar_busqueda(almacen)


def test_falla_a_medio_camino_no_deja_nada(almacen: Almacen):
    """Un segundo lote que choca (identificador repetido) deshace también el primero: ni sus
    personas ni sus entradas del índice, y los disparadores siguen ahí."""
    tid = almacen.insertar(Territorio, TERRITORIO)
    almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Previa Antigua"})
    antes, indice = _disparadores(almacen), _busqueda(almacen)
    repetido = ids.uuid7()
    primero = [{"territorio_id": tid, "nombre": f"Nueva Persona {i}"} for i in range(30)]
    with pytest.raises(ErrorPir):
        almacen.insertar_lotes(
            [
                (Persona, primero, [ids.uuid7() for _ in primero]),
                (Persona, [{"territorio_id": tid, "nombre": "Otra"}] * 2, [repetido] * 2),
            ]
        )
    assert _disparadores(almacen) == antes
    assert _busqueda(almacen) == indice and almacen.contar(Persona) == 1
    almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Después Tranquila"})
    assert len(_busqueda(almacen)) == 2
    _revisar_busqueda(almacen)


def test_importacion_llena_el_indice_por_lote(tmp_path: Path):
    """Con personas que llegan ya eliminadas (no entran) y de dos notebooks."""
    of, (nb1, nb2) = red(tmp_path)
    antes = _disparadores(of)
    tid = nb1.insertar(Territorio, TERRITORIO)
    _llenar(nb1, tid, 1)
    for persona in nb1.listar(Persona)[:3]:
        nb1.eliminar(Persona, persona["id"])
    assert enviar(nb1, of, tmp_path).nuevos
    enviar(of, nb2, tmp_path)
    _llenar(nb2, tid, 2)
    assert enviar(nb2, of, tmp_path).nuevos
    assert len(_busqueda(of)) == 77
    _revisar_busqueda(of)
    assert _disparadores(of) == antes


def test_importacion_fallida_deja_el_indice_y_la_participacion(tmp_path: Path, monkeypatch):
    """Si la importación falla a medio aplicar, se deshace entera: los disparadores siguen ahí
    y ni el índice de búsqueda ni la participación ya contada cambiaron."""
    of, (nb, _) = red(tmp_path)
    antes, indice, contada = _disparadores(of), _busqueda(of), _ya_contada(of)
    tid = nb.insertar(Territorio, TERRITORIO)
    _llenar(nb, tid, 1)
    ruta = paquete(nb, of, tmp_path)

    def fallar(nombre: str) -> None:  # el punto de caída de las pruebas, sin matar el proceso
        if nombre == "importar_transaccion":
            raise ErrorPir("corte de prueba")

    monkeypatch.setattr(importar, "punto_de_falla", fallar)
    with pytest.raises(ErrorPir):
        importar.importar(of, ruta)
    monkeypatch.undo()
    assert _disparadores(of) == antes and _busqueda(of) == indice
    assert _ya_contada(of) == contada
    assert importar.importar(of, ruta).nuevos
    _revisar_busqueda(of)
    assert _ya_contada(of) == of.conn.execute(_DE_CERO).fetchall()
