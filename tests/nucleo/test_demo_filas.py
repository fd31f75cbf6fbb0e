"""La demo arma sus filas sin pasar cada una por pydantic (`demo._como_filas`): deben ser justo
las que dejaría el modelo, y llegar a la base por `Almacen.insertar_lote` con sus sellos."""

from __future__ import annotations

from pir_campo import demo, ids
from pir_campo.modelos import MODELOS, Persona


def test_cada_fila_de_la_demo_es_la_que_deja_el_modelo(almacen, monkeypatch):
    revisadas: dict[type, int] = {}
    como_filas = demo._como_filas

    def revisar_todas(modelo, filas):
        rapidas = como_filas(modelo, filas)
        assert rapidas == [modelo.validar(f).como_fila() for f in filas], modelo.__name__
        revisadas[modelo] = len(filas)
        return rapidas

    monkeypatch.setattr(demo, "_como_filas", revisar_todas)
    conteos = demo.generar(almacen, territorios=2, talleres=40, semilla=3)
    assert {m.conteo: n for m, n in revisadas.items()} == conteos
    assert set(revisadas) <= set(MODELOS) and revisadas[Persona] > 100
    # Cada registro tiene su fila de creación en la bitácora, como cualquier inserción.
    creadas = almacen.conn.execute("SELECT count(*) FROM cambio WHERE campo = '*'").fetchone()[0]
    assert creadas == sum(conteos.values())


def test_una_fila_que_el_modelo_cambia_se_valida_como_siempre():
    filas = [{"territorio_id": ids.uuid7(), "nombre": "  Ana Pérez  "}]
    assert demo._como_filas(Persona, filas)[0]["nombre"] == "Ana Pérez"
