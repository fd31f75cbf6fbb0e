"""Plazo de conservación de los datos de las personas (Ley 21.719).

Cuándo se cierra el plan de un territorio: el programa no tiene un botón de cierre; el plan
(PMDT) está cerrado cuando el seguimiento (paso 8, `planificacion.seguimiento`) da los ocho
pasos por cumplidos, y su fecha de cierre es la de la última actividad registrada en el
territorio: el último taller, la última versión del PMDT o la última acta. Así, un territorio
que sigue con talleres de seguimiento no cierra mientras los tenga.

El plazo (años después del cierre) es un ajuste de la región que fija la oficina y llega a los
notebooks con sus envíos; el «Registro de actividades de tratamiento» lo imprime. Cumplido el
plazo, el informe dice a quiénes se suprimiría, por territorio; quien también figura en un
territorio abierto (por su RUT o su nombre, como persona, firmante o asistente) se conserva.
Confirmado, cada persona se suprime por el camino de siempre (`supresion.suprimir`), con su
solicitud en el registro: así viaja a los notebooks y ningún paquete viejo la trae de vuelta.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pir_campo import formato
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_planificacion as qp
from pir_campo.almacen import consultas_supresion as q
from pir_campo.almacen.consultas_campo import normalizar_nombre
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos.enums import EstadoTerritorio
from pir_campo.planificacion import seguimiento
from pir_campo.servicios import envios

AJUSTE = "conservacion_anos"
ANOS_POR_OMISION = 5
ANOS_MAXIMO = envios.CONSERVACION_MAXIMO
MOTIVO = "Plazo de conservación cumplido"
SOLICITANTE = "La oficina regional (plazo de conservación)"


validar_anos = envios.validar_conservacion


def anos(almacen: Almacen) -> int:
    """El plazo vigente en esta instalación (el que envió la oficina, o el de omisión)."""
    guardado = almacen.ajuste(AJUSTE)
    try:
        return validar_anos(int(guardado)) if guardado else ANOS_POR_OMISION
    except (ValueError, ErrorValidacion):
        return ANOS_POR_OMISION


def texto_plazo(n: int) -> str:
    return (
        f"{formato.cantidad(n, 'año')} después del cierre del plan (PMDT) del territorio: el "
        "seguimiento da los ocho pasos por cumplidos, y el cierre es la fecha de su última "
        "actividad (taller, versión del plan o acta)."
    )


def _sumar_anos(fecha: dt.date, n: int) -> dt.date:
    try:
        return fecha.replace(year=fecha.year + n)
    except ValueError:  # 29 de febrero
        return fecha.replace(year=fecha.year + n, day=28)


def cierre_plan(almacen: Almacen, territorio_id: str, hoy: dt.date) -> dt.date | None:
    """La fecha en que cerró el plan del territorio, o None si sigue abierto."""
    s = seguimiento.territorio(almacen, territorio_id, hoy)
    if s.territorio["estado"] == EstadoTerritorio.DESCARTADO or s.pasos_cumplidos < len(s.pasos):
        return None
    ultima = qp.ultima_actividad(almacen, territorio_id)
    return dt.date.fromisoformat(ultima[:10]) if ultima else None


@dataclass
class TerritorioCerrado:
    id: str
    nombre: str
    cierre: dt.date
    vence: dt.date
    vencido: bool
    personas: list[dict[str, Any]] = field(default_factory=list)
    conservadas: list[dict[str, Any]] = field(default_factory=list)

    @property
    def asistencias(self) -> int:
        return sum(p["asistencias"] for p in self.personas)


@dataclass
class Informe:
    anos: int
    hoy: dt.date
    territorios: list[TerritorioCerrado]
    abiertos: int

    @property
    def vencidos(self) -> list[TerritorioCerrado]:
        return [t for t in self.territorios if t.vencido]

    @property
    def personas(self) -> list[dict[str, Any]]:
        return [p for t in self.vencidos for p in t.personas]

    def texto(self) -> str:
        lineas = [
            f"Plazo de conservación: {texto_plazo(self.anos)}",
            f"Al {formato.fecha(self.hoy)}: {formato.cantidad(self.abiertos, 'territorio')} con "
            f"el plan abierto, {formato.cantidad(len(self.territorios), 'territorio')} con el "
            "plan cerrado.",
        ]
        for t in self.territorios:
            lineas.append("")
            estado = "plazo cumplido" if t.vencido else "plazo no cumplido"
            lineas.append(
                f"{t.nombre}: plan cerrado el {formato.fecha(t.cierre)}, el plazo se cumple el "
                f"{formato.fecha(t.vence)} ({estado})."
            )
            if not t.vencido:
                continue
            if t.personas:
                lineas.append(
                    f"  Se suprimirían {formato.cantidad(len(t.personas), 'persona')} "
                    f"({formato.cantidad(t.asistencias, 'asistencia')}, que quedan anónimas):"
                )
                lineas += [f"    {p['nombre']}" for p in t.personas]
            else:
                lineas.append("  No quedan datos personales que suprimir.")
            if t.conservadas:
                lineas.append(
                    f"  Se conservan {formato.cantidad(len(t.conservadas), 'persona')} que también "
                    "figuran en un territorio con el plan abierto:"
                )
                lineas += [f"    {p['nombre']} (figura en {p['figura_en']})" for p in t.conservadas]
        if not self.personas:
            lineas += ["", "No hay datos personales cuyo plazo de conservación se haya cumplido."]
        return "\n".join(lineas)

    def confirmacion(self) -> str:
        """Lo que la confirmación dice antes de suprimir."""
        n = len(self.personas)
        asistencias = sum(t.asistencias for t in self.vencidos)
        return "\n\n".join(
            (
                f"Se suprimirán los datos personales de {formato.cantidad(n, 'persona')} de "
                f"{formato.cantidad(len([t for t in self.vencidos if t.personas]), 'territorio')} "
                f"cuyo plan cerró hace más de {formato.cantidad(self.anos, 'año')}: nombre, RUT, "
                "teléfono, sexo, tramo de edad, pueblo originario, afrodescendencia, cargos y "
                "marcas de firma, en el registro, en el historial de cambios, en los conflictos y "
                "en la búsqueda, aquí y en cada notebook que reciba el próximo paquete de la "
                "oficina.",
                f"Sus {formato.cantidad(asistencias, 'asistencia')} quedan como anónimas (los "
                "talleres conservan sus conteos); las actas firmadas conservan las firmas con "
                f"«{q.SUPRIMIDO}». Cada supresión queda en el registro de solicitudes con el "
                f"motivo «{MOTIVO}».",
                "No se puede deshacer. Los respaldos hechos antes de hoy todavía guardan estos "
                "datos hasta que se reemplacen por otros más nuevos; si se restaura uno de ellos, "
                "la supresión se vuelve a aplicar al abrirlo y al sincronizar.",
            )
        )


def _solo_oficina(almacen: Almacen) -> None:
    if almacen.rol != "oficina":
        raise ErrorValidacion(
            "El plazo de conservación lo aplica la oficina regional, que tiene todos los "
            "territorios; un notebook no sabe si la persona figura en otro.",
            "Plazo de conservación",
        )


def informe(almacen: Almacen, anos_: int | None = None, hoy: dt.date | None = None) -> Informe:
    """Qué se suprimiría hoy: por territorio con el plan cerrado, a quiénes y a quiénes no."""
    _solo_oficina(almacen)
    hoy = hoy or dt.date.today()
    n = validar_anos(anos_) if anos_ is not None else anos(almacen)
    territorios = qp.territorios(almacen)
    cerrados: list[TerritorioCerrado] = []
    for t in territorios:
        cierre = cierre_plan(almacen, t["id"], hoy)
        if cierre is not None:
            vence = _sumar_anos(cierre, n)
            cerrados.append(TerritorioCerrado(t["id"], t["nombre"], cierre, vence, vence <= hoy))
    vencidos = {t.id: t for t in cerrados if t.vencido}
    nombres = {t["id"]: t["nombre"] for t in territorios}
    # Quién figura en un territorio que no vence (abierto o con el plazo sin cumplir).
    fuera: dict[tuple[str, str], set[str]] = {}
    for tid, nombre, rut in q.identidades_fuera(almacen.conn, list(vencidos)):
        for clave in (("rut", rut), ("nombre", normalizar_nombre(nombre))):
            if clave[1] and clave[1] != normalizar_nombre(q.SUPRIMIDO):
                fuera.setdefault(clave, set()).add(nombres.get(tid, tid))
    for p in q.personas_de_territorios(almacen.conn, list(vencidos)):
        donde = fuera.get(("rut", p["rut"]), set()) if p["rut"] else set()
        donde |= fuera.get(("nombre", normalizar_nombre(p["nombre"])), set())
        fila = {"id": p["id"], "nombre": p["nombre"], "asistencias": p["asistencias"]}
        if donde:
            vencidos[p["territorio_id"]].conservadas.append(
                {**fila, "figura_en": ", ".join(sorted(donde))}
            )
        else:
            vencidos[p["territorio_id"]].personas.append(fila)
    return Informe(n, hoy, cerrados, len(territorios) - len(cerrados))


def aplicar(
    almacen: Almacen, anos_: int | None = None, hoy: dt.date | None = None
) -> tuple[Informe, list[str]]:
    """Suprime a las personas del informe, cada una con su solicitud; devuelve sus ids."""
    from pir_campo.servicios import supresion

    inf = informe(almacen, anos_, hoy)
    hechas = []
    for t in inf.vencidos:
        motivo = (
            f"{MOTIVO}: {formato.cantidad(inf.anos, 'año')} desde el cierre del plan del "
            f"territorio «{t.nombre}» el {formato.fecha(t.cierre)}"
        )
        for p in t.personas:
            supresion.suprimir(almacen, p["id"], motivo, SOLICITANTE)
            hechas.append(p["id"])
    return inf, hechas


def fijar_anos(almacen: Almacen, n: int) -> bool:
    """La oficina cambia el plazo de la región: se aplica aquí y viaja a los notebooks en sus
    próximos paquetes (un envío de ajustes). Devuelve si cambió."""
    _solo_oficina(almacen)
    n = validar_anos(n)
    if n == anos(almacen):
        return False
    envios.publicar(almacen, "ajustes", {AJUSTE: n})
    return True
