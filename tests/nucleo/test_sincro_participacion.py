"""La participación ya contada (participacion_mes) tras importar: por lotes, sin el disparador
de fila por fila (almacen/disparadores_bloque.py), debe quedar igual que contarla de cero."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo.modelos import Asistencia, Persona, Taller, Territorio
from pir_campo.sincro import aplicar
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red

# La consulta con que el esquema 13 llenó la tabla la primera vez (migraciones.ESQUEMA_13).
_DE_CERO = (
    "SELECT a.territorio_id, substr(t.fecha, 1, 7), coalesce(p.sexo, 'sin_dato'), "
    "coalesce(p.tramo_edad, 'sin_dato'), count(*) FROM asistencia a "
    "JOIN taller t ON t.id = a.taller_id JOIN persona p ON p.id = a.persona_id "
    "WHERE a.eliminado = 0 AND a.territorio_id IS NOT NULL AND t.eliminado = 0 "
    "AND t.fecha IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
)
_SEXOS = (None, "mujer", "hombre", "otro", "prefiere_no_responder")
_TRAMOS = (None, "0-14", "15-29", "30-44", "45-64", "65+")


def _ya_contada(a) -> list[tuple]:
    return a.conn.execute(
        "SELECT territorio_id, mes, sexo, tramo, n FROM participacion_mes WHERE n != 0 "
        "ORDER BY 1, 2, 3, 4"
    ).fetchall()


def _disparador(a) -> str | None:
    fila = a.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        ("participacion_asistencia_ins",),
    ).fetchone()
    return fila and fila[0]


def _llenar(nb, tid: str, semilla: int) -> None:
    """Talleres de varios meses y uno borrado; personas de todo sexo y tramo; asistencias
    vigentes y borradas."""
    talleres = [
        nb.insertar(
            Taller,
            {
                "territorio_id": tid,
                "paso": 1,
                "titulo": f"Taller {semilla}-{i}",
                "fecha": f"2026-0{1 + i % 4}-1{i}",
            },
        )
        for i in range(6)
    ]
    personas = nb.insertar_lote(
        Persona,
        [
            {
                "territorio_id": tid,
                "nombre": f"Persona {semilla}-{i}",
                "sexo": _SEXOS[i % len(_SEXOS)],
                "tramo_edad": _TRAMOS[(i * 7 + semilla) % len(_TRAMOS)],
            }
            for i in range(40)
        ],
    )
    ids = nb.insertar_lote(
        Asistencia,
        [
            {
                "territorio_id": tid,
                "taller_id": talleres[(i * 5 + semilla) % len(talleres)],
                "persona_id": personas[(i * 3) % len(personas)],
            }
            for i in range(230)
        ],
    )
    for i in ids[::17]:
        nb.eliminar(Asistencia, i)
    nb.eliminar(Taller, talleres[5])


@pytest.mark.parametrize("lote", [7, aplicar.LOTE])
def test_importar_cuenta_igual_que_de_cero(tmp_path: Path, monkeypatch, lote: int):
    """Con lotes chicos (muchos lotes, que comparten casillas) y con el de siempre, en una
    oficina que ya tenía asistencias de otro notebook en las mismas casillas."""
    monkeypatch.setattr(aplicar, "LOTE", lote)
    of, (nb1, nb2) = red(tmp_path)
    antes = _disparador(of)
    assert antes is not None
    tid = nb1.insertar(Territorio, TERRITORIO)
    _llenar(nb1, tid, 1)
    r = enviar(nb1, of, tmp_path)
    assert r.nuevos and not r.retenidos
    enviar(of, nb2, tmp_path)
    _llenar(nb2, tid, 2)
    r = enviar(nb2, of, tmp_path)
    assert r.nuevos and not r.retenidos
    contada = _ya_contada(of)
    assert contada == of.conn.execute(_DE_CERO).fetchall()
    assert sum(f[-1] for f in contada) > 300
    assert _disparador(of) == antes  # el disparador volvió igual
    # Y sigue contando fila por fila fuera de la importación.
    taller = of.conn.execute("SELECT id FROM taller WHERE fecha IS NOT NULL LIMIT 1").fetchone()
    persona = of.conn.execute("SELECT id FROM persona LIMIT 1").fetchone()
    of.insertar(
        Asistencia, {"territorio_id": tid, "taller_id": taller[0], "persona_id": persona[0]}
    )
    assert _ya_contada(of) == of.conn.execute(_DE_CERO).fetchall()
