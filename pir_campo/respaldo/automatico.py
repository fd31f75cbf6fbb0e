"""Respaldos automáticos junto a la base, en `<base>.respaldos/`: al cerrar la aplicación y, con
ella abierta, a lo más uno al día. Se conservan 7 diarios (el último de cada uno de los 7 días
más recientes con respaldo) y 4 semanales (el último de cada una de las 4 semanas más recientes
anteriores a esos días); los demás se borran. El núcleo decide si toca uno; la interfaz solo
pregunta."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pir_campo.formato import ZONA
from pir_campo.reloj import DIA_MS, ahora_ms
from pir_campo.respaldo import archivo as formato_respaldo

if TYPE_CHECKING:
    from pir_campo.almacen import Almacen

DIARIOS = 7
SEMANALES = 4
_FECHA = re.compile(r"-(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})\.respaldo$")


def carpeta(ruta_db: Path) -> Path:
    ruta_db = Path(ruta_db)
    return ruta_db.with_name(ruta_db.name + ".respaldos")


def _instante(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, ZONA)


def existentes(ruta_db: Path) -> list[tuple[dt.datetime, Path]]:
    """Los respaldos automáticos de la base, del más antiguo al más reciente."""
    donde = carpeta(ruta_db)
    if not donde.is_dir():
        return []
    encontrados = []
    for ruta in donde.glob(f"{Path(ruta_db).stem}-*{formato_respaldo.EXTENSION}"):
        if m := _FECHA.search(ruta.name):
            try:
                instante = dt.datetime(*map(int, m.groups()), tzinfo=ZONA)
            except ValueError:
                continue
            encontrados.append((instante, ruta))
    return sorted(encontrados)


def pendiente(ruta_db: Path, reloj: Callable[[], int] = ahora_ms) -> bool:
    """¿Toca un respaldo diario? Si no hay ninguno de las últimas 24 horas (o el reloj del
    computador quedó más de un día antes que el último)."""
    hay = existentes(ruta_db)
    if not hay:
        return True
    diferencia = reloj() - hay[-1][0].timestamp() * 1000
    return abs(diferencia) >= DIA_MS


def conservar(instantes: list[dt.datetime]) -> set[dt.datetime]:
    """Qué respaldos quedan: 7 diarios y 4 semanales (ver el comentario del módulo)."""
    por_dia: dict[dt.date, dt.datetime] = {}
    for i in sorted(instantes):
        por_dia[i.date()] = i
    dias = sorted(por_dia, reverse=True)[:DIARIOS]
    quedan = {por_dia[d] for d in dias}
    if not dias:
        return quedan
    por_semana: dict[tuple[int, int], dt.datetime] = {}
    for i in sorted(instantes):
        if i.date() < dias[-1]:
            por_semana[i.isocalendar()[:2]] = i
    semanas = sorted(por_semana, reverse=True)[:SEMANALES]
    return quedan | {por_semana[s] for s in semanas}


def podar(ruta_db: Path) -> list[Path]:
    """Borra los respaldos que sobran y los temporales de uno cortado; devuelve los borrados."""
    hay = existentes(ruta_db)
    quedan = conservar([i for i, _ in hay])
    borrados = [r for i, r in hay if i not in quedan]
    for ruta in borrados:
        ruta.unlink(missing_ok=True)
    for resto in carpeta(ruta_db).glob(".*.parcial"):
        resto.unlink(missing_ok=True)
    return borrados


def respaldar(
    almacen: Almacen,
    reloj: Callable[[], int] = ahora_ms,
    progreso: formato_respaldo.Progreso | None = None,
) -> formato_respaldo.Resultado:
    """Un respaldo automático ahora (al cerrar, o el diario) y la poda de los que sobran."""
    donde = carpeta(almacen.ruta)
    donde.mkdir(exist_ok=True)
    instante = _instante(reloj())
    destino = donde / formato_respaldo.nombre_por_omision(almacen.ruta, instante)
    resultado = formato_respaldo.escribir(almacen, destino, progreso, instante)
    podar(almacen.ruta)
    return resultado


def respaldar_si_toca(
    almacen: Almacen, reloj: Callable[[], int] = ahora_ms
) -> formato_respaldo.Resultado | None:
    """El respaldo diario con la aplicación abierta, si toca."""
    return respaldar(almacen, reloj) if pendiente(almacen.ruta, reloj) else None
