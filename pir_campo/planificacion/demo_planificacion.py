"""Datos de demostración de la planificación: indicadores de selección y una priorización.

Usa su propio generador aleatorio e identificadores posteriores a los de la demo base, para
que agregar estos registros no cambie ningún otro dato de la demostración.
"""

from __future__ import annotations

import random
from typing import Any

from pir_campo import ids
from pir_campo.modelos import IndicadorTerritorio, Necesidad, Taller, Territorio, VotoPriorizacion

_FUENTES = {
    "densidad_poblacion": ("hab/km²", "INE, Censo 2024", 2024),
    "tasa_pobreza": ("%", "Encuesta CASEN", 2022),
    "brecha_servicio": ("% de hogares sin servicio", "Catastro de brechas PIRDT", 2025),
    "dinamismo_productivo": ("índice 0-100", "SII y ODEPA, ventas rurales", 2023),
    "poblacion_indigena": ("%", "INE, Censo 2024", 2024),
}
_BRECHAS = ("agua_potable", "saneamiento", "electrificacion", "conectividad_vial")


def agregar(lotes: Any, semilla: int, ms: int) -> None:
    """Agrega a los lotes de la demo los indicadores de cada territorio y la priorización de
    necesidades en el primer taller del paso 4 de cada territorio."""
    r = random.Random(semilla * 7919 + 3)
    reloj = [ms + 1_000]

    def nuevo_id() -> str:
        reloj[0] += 7
        return ids.uuid7_de(r, reloj[0])

    for tid, terr in zip(lotes.ids[Territorio], lotes.filas[Territorio], strict=True):
        mapuche = bool(terr.get("comunidades_indigenas"))
        valores = [
            ("densidad_poblacion", None, round(terr["poblacion"] / terr["superficie_km2"], 1)),
            ("tasa_pobreza", None, round(r.uniform(9, 32), 1)),
            *[("brecha_servicio", t, round(r.uniform(8, 70), 1)) for t in _BRECHAS],
            ("dinamismo_productivo", None, float(r.randint(30, 85))),
            (
                "poblacion_indigena",
                None,
                round(r.uniform(35, 80) if mapuche else r.uniform(1, 8), 1),
            ),
        ]
        for indicador, tipologia, valor in valores:
            unidad, fuente, anio = _FUENTES[indicador]
            lotes.agregar(
                IndicadorTerritorio,
                nuevo_id(),
                {
                    "territorio_id": tid,
                    "indicador": indicador,
                    "tipologia": tipologia,
                    "valor": valor,
                    "unidad": unidad,
                    "fuente": fuente,
                    "anio": anio,
                },
            )
        taller = next(
            (
                i
                for i, f in zip(lotes.ids[Taller], lotes.filas[Taller], strict=True)
                if f["territorio_id"] == tid and f["paso"] == 4
            ),
            None,
        )
        if taller is None:
            continue
        propias = [
            f for f in lotes.filas[Necesidad] if f["territorio_id"] == tid and f["prioridad"]
        ]
        ids_nec = {
            id(f): i for i, f in zip(lotes.ids[Necesidad], lotes.filas[Necesidad], strict=True)
        }
        propias.sort(key=lambda f: f["prioridad"])
        total = len(propias)
        for f in propias:
            lotes.agregar(
                VotoPriorizacion,
                nuevo_id(),
                {
                    "territorio_id": tid,
                    "taller_id": taller,
                    "necesidad_id": ids_nec[id(f)],
                    # Votos estrictamente decrecientes: el lugar coincide con la prioridad.
                    "votos": (total - f["prioridad"] + 1) * 3 + r.randint(0, 2),
                    "lugar": f["prioridad"],
                },
            )
