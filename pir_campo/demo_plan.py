"""Datos de demostración de planificación: necesidades, oferta, PMDT, actas y diagnósticos.

Parte del generador de `pir_campo.demo` (la mezcla `PlanDemo`), separada para que cada
módulo siga siendo legible; usa el mismo generador al azar, así que el orden de las llamadas
es parte del contrato: la misma semilla da los mismos datos.
"""

from __future__ import annotations

import json
from functools import cache

from pir_campo import capacidad
from pir_campo.modelos import (
    AccionPlan,
    ActaValidacion,
    Adenda,
    Diagnostico,
    Firmante,
    Iniciativa,
    Necesidad,
    OfertaInversion,
    Pmdt,
    RespuestaDiagnostico,
)
from pir_campo.modelos.enums import Tipologia
from pir_campo.recursos import ruta_recurso


@cache
def datos_demo() -> dict:
    """Nombres, lugares y textos de ejemplo (recursos/demo/datos_demo.json)."""
    return json.loads(ruta_recurso("demo", "datos_demo.json").read_text(encoding="utf-8"))


class PlanDemo:
    """Métodos de planificación del generador; `self` es un `pir_campo.demo._Generador`."""

    def necesidades(
        self, tid: str, localidades: list[str], talleres: dict[int, list[str]]
    ) -> list[str]:
        r = self.r
        origen = talleres.get(4) or next(iter(talleres.values()))
        salida = []
        etapas = [
            "idea",
            "perfil",
            "prefactibilidad",
            "factibilidad",
            "diseno",
            "ejecucion",
            "operacion",
        ]
        tipologias = list(Tipologia) + r.sample(list(Tipologia), r.randint(1, 5))
        for prioridad, tipologia in enumerate(tipologias, start=1):
            etapa = r.choice(etapas)
            avanzada = etapas.index(etapa) >= 2
            en_uf = r.random() < 0.4
            mujeres, hombres = r.randint(20, 400), r.randint(20, 400)
            fila = {
                "territorio_id": tid,
                "localidad_id": r.choice(localidades),
                "tipologia": tipologia.value,
                "subtipo": r.choice(self.cat.tipologias[tipologia.value].subtipos),
                "titulo": r.choice(datos_demo()["necesidades"][tipologia.value]),
                "situacion_actual": "Las familias dependen de soluciones precarias y de la "
                "ayuda municipal; el problema se agrava en invierno.",
                "hogares": (mujeres + hombres) // 3,
                "mujeres": mujeres,
                "hombres": hombres,
                "taller_id": r.choice(origen),
                "prioridad": prioridad,
                "etapa": etapa,
                "codigo_bip": f"{r.randint(30_000_000, 40_999_999)}-{r.randint(0, 9)}"
                if avanzada
                else None,
                "resultado_rate": r.choice(["RS", "RS", "FI", "OT"]) if avanzada else None,
                "costo": round(r.uniform(3_000, 60_000), 2)
                if en_uf
                else r.randint(20, 900) * 1_000_000,
                "unidad_costo": "UF" if en_uf else "CLP",
                "valor_uf": 39_123.45 if en_uf else None,
                "fecha_uf": "2026-10-01" if en_uf else None,
                "fuente_financiamiento": r.choice(
                    ["FNDR", "SUBDERE PIRDT", "MOP DOH", "Municipal"]
                ),
                "financia_programa": tipologia != Tipologia.OTRA,
                "programa_alternativo": "Programa de Mejoramiento de Barrios"
                if tipologia == Tipologia.OTRA
                else None,
            }
            fila.update(self.ubicar_cerca(fila["localidad_id"]))
            salida.append(self.lotes.agregar(Necesidad, self.id(), fila))
        return salida

    def ofertas(self, tid: str) -> None:
        for _ in range(self.r.randint(3, 5)):
            tip = self.r.choice(list(Tipologia)[:7])
            self.lotes.agregar(
                OfertaInversion,
                self.id(),
                {
                    "territorio_id": tid,
                    "nombre": self.r.choice(datos_demo()["necesidades"][tip.value])
                    + " (en cartera sectorial)",
                    "institucion": self.r.choice(
                        ["MOP Vialidad", "MOP DOH", "SEC", "Municipalidad", "INDAP", "SUBTEL"]
                    ),
                    "programa": self.r.choice(
                        [
                            "Caminos básicos",
                            "APR",
                            "Electrificación rural",
                            "Fondo de Desarrollo de las Telecomunicaciones",
                        ]
                    ),
                    "tipologia": tip.value,
                    "monto": self.r.randint(50, 2000) * 1_000_000,
                    "unidad_monto": "CLP",
                    "anio": self.r.randint(2023, 2027),
                    "codigo_bip": self.bip(),
                    "estado": self.r.choice(["existente", "comprometida"]),
                },
            )

    def pmdt(self, tid: str, necesidades: list[str]) -> str:
        anterior = None
        for version, estado, fecha in (
            (1, "validado_core", "2026-01-26"),
            (2, "borrador", "2026-09-21"),
        ):
            pid = self.lotes.agregar(
                Pmdt,
                self.id(),
                {
                    "territorio_id": tid,
                    "version": version,
                    "version_anterior_id": anterior,
                    "fecha": fecha,
                    "estado": estado,
                    "vision": "Un territorio con servicios básicos de calidad, conectado y con "
                    "organizaciones capaces de sostener su desarrollo productivo.",
                    "diagnostico": "Brechas en agua potable y caminos; potencial agrícola y "
                    "turístico; organizaciones con experiencia pero baja capacidad administrativa.",
                    "ejes_productivos": ["Agricultura familiar", "Turismo rural", "Apicultura"][
                        : 2 + version - 1
                    ],
                    "modelo_gestion": "Mesa territorial con municipio, GORE y organizaciones.",
                },
            )
            for orden, nid in enumerate(
                self.r.sample(necesidades, min(len(necesidades), 6 + version)), start=1
            ):
                nec = self.lotes.filas[Necesidad][self.lotes.ids[Necesidad].index(nid)]
                self.lotes.agregar(
                    Iniciativa,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "pmdt_id": pid,
                        "nombre": nec["titulo"],
                        "tipologia": nec["tipologia"],
                        "etapa": nec["etapa"],
                        "costo": nec["costo"],
                        "unidad_costo": nec["unidad_costo"],
                        "valor_uf": nec["valor_uf"],
                        "fecha_uf": nec["fecha_uf"],
                        "institucion_responsable": self.r.choice(["GORE", "MOP", "Municipalidad"]),
                        "fuente_financiamiento": nec["fuente_financiamiento"],
                        "orden": orden,
                        "codigo_bip": nec["codigo_bip"],
                        "necesidades": [nid],
                    },
                )
            anterior = pid
            if version == 1:
                primera = pid
        return primera

    def actas(self, tid: str, talleres: dict[int, list[str]], pmdt_id: str) -> None:
        r = self.r
        for tipo, paso, fecha in (
            ("validacion_territorio", 2, "2025-06-12"),
            ("validacion_pmdt", 5, "2026-02-10"),
        ):
            origen = talleres.get(paso)
            acta = self.lotes.agregar(
                ActaValidacion,
                self.id(),
                {
                    "territorio_id": tid,
                    "tipo": tipo,
                    "taller_id": origen[0] if origen else None,
                    "pmdt_id": pmdt_id if tipo == "validacion_pmdt" else None,
                    "fecha": fecha,
                    "lugar": "Sede social",
                    "decision": "aprobado_con_condiciones"
                    if tipo == "validacion_pmdt"
                    else "aprobado",
                    "votos_favor": r.randint(25, 60),
                    "votos_contra": r.randint(0, 4),
                    "abstenciones": r.randint(0, 3),
                    "condiciones": "Incorporar el camino a la localidad alta en la primera etapa."
                    if tipo == "validacion_pmdt"
                    else None,
                    "estado": "firmada",
                },
            )
            for i in range(r.randint(6, 10)):
                lado = "sector_publico" if i < 3 else "comunidad"
                sexo = r.choice(["mujer", "hombre"])
                self.lotes.agregar(
                    Firmante,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "acta_id": acta,
                        "nombre": self.nombre_persona(sexo, False),
                        "rut": self.rut(False),
                        "institucion": ["Gobierno Regional", "Municipalidad", "SUBDERE"][i]
                        if lado == "sector_publico"
                        else r.choice(["Junta de vecinos", "Comité APR", "Comunidad"]),
                        "cargo": ["Jefa de división", "Alcalde", "Encargado regional PIRDT"][i]
                        if lado == "sector_publico"
                        else r.choice(["Presidenta", "Secretario", "Dirigente"]),
                        "lado": lado,
                    },
                )
            if tipo == "validacion_territorio":
                self.lotes.agregar(
                    Adenda,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "acta_id": acta,
                        "fecha": "2025-08-04",
                        "texto": "Se incorpora la localidad de El Manzano al territorio, a "
                        "solicitud de su junta de vecinos, con acuerdo de las partes.",
                    },
                )

    def diagnosticos(self, tid: str, organizaciones: dict[str, str]) -> None:
        r = self.r
        for tipo in ("comite_apr", "cooperativa_electrica"):
            base = r.randint(0, 2)
            for fecha in ("2025-09-15", "2026-09-15"):
                respuestas = {}
                for s in self.instrumento.secciones:
                    for codigo, _ in s.items:
                        respuestas[codigo] = max(0, min(3, base + r.randint(-1, 1)))
                resultado = capacidad.puntuar(self.instrumento, respuestas)
                did = self.lotes.agregar(
                    Diagnostico,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "organizacion_id": organizaciones[tipo],
                        "fecha": fecha,
                        "instrumento": self.instrumento.codigo,
                        "version_instrumento": self.instrumento.version,
                        "puntaje": resultado.puntaje,
                        "nivel": resultado.nivel,
                        "observaciones": "Directiva comprometida; falta ordenar la contabilidad.",
                    },
                )
                for codigo, valor in respuestas.items():
                    self.lotes.agregar(
                        RespuestaDiagnostico,
                        self.id(),
                        {
                            "territorio_id": tid,
                            "diagnostico_id": did,
                            "item": codigo,
                            "valor": valor,
                        },
                    )
                for accion in r.sample(
                    [
                        "Curso de contabilidad básica para la directiva",
                        "Elaborar plan de mantención preventiva",
                        "Actualizar el registro de socios",
                        "Estudio tarifario con apoyo de la DOH",
                    ],
                    3,
                ):
                    self.lotes.agregar(
                        AccionPlan,
                        self.id(),
                        {
                            "territorio_id": tid,
                            "diagnostico_id": did,
                            "accion": accion,
                            "responsable": r.choice(["Directiva", "Equipo regional", "Municipio"]),
                            "fecha_limite": "2026-12-15",
                            "estado": r.choice(["pendiente", "en_curso", "cumplida"]),
                        },
                    )
            base = min(3, base + 1)
