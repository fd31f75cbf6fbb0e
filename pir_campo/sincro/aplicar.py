"""Aplicar las filas de un paquete ya verificado, dentro de la transacción de importación.

Cada línea se valida (estructura del formato: si falla, se rechaza el paquete entero; datos del
modelo: si fallan, la fila se retiene y se informa en el recibo) y se fusiona con la fila local
en lotes: una lectura por lote de ids y executemany para insertar y actualizar.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.errores import ErrorPaquete, ErrorValidacion
from pir_campo.modelos import POR_TABLA
from pir_campo.sincro import fusion
from pir_campo.sincro.fusion import Estado

LOTE = 1000
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ESTADOS_CONFLICTO = ("abierto", "resuelto")


class _Formato(Exception):
    pass


@dataclass
class Contadores:
    nuevos: int = 0
    actualizados: int = 0
    fusionados: int = 0
    sin_cambios: int = 0
    conflictos: int = 0
    retenidos: list[dict[str, Any]] = field(default_factory=list)
    territorios: set[str] = field(default_factory=set)


def _dot(d: Any) -> list:
    if (
        isinstance(d, list)
        and len(d) == 3
        and isinstance(d[0], str)
        and isinstance(d[1], int)
        and isinstance(d[2], str)
    ):
        return d
    raise _Formato("punto mal formado")


def _estado_remoto(d: Any, tabla: str, cs: tuple[str, ...]) -> tuple[str, Estado, dict]:
    if not isinstance(d, dict) or d.get("t") != tabla or not isinstance(d.get("id"), str):
        raise _Formato("línea sin tabla o id")
    v, vv, fd = d.get("v"), d.get("vv"), d.get("fd")
    if not isinstance(v, dict) or not isinstance(vv, dict) or not isinstance(fd, dict):
        raise _Formato("línea sin valores o metadatos")
    if not all(isinstance(k, str) and isinstance(n, int) for k, n in vv.items()):
        raise _Formato("vector de versiones mal formado")
    for c in fd:
        _dot(fd[c])
    hlc, origen, extra = d.get("hlc"), d.get("o"), d.get("x", {})
    if not isinstance(hlc, str) or not isinstance(origen, str) or not isinstance(extra, dict):
        raise _Formato("metadatos mal formados")
    desconocidos = {k: v[k] for k in v.keys() - set(cs)}
    est = Estado(
        {c: v.get(c) for c in cs}, vv, _dot(d.get("cd")), fd, hlc, origen, {**extra, **desconocidos}
    )
    return d["id"], est, v


class Aplicador:
    def __init__(self, almacen: Almacen, remitente: str, seq_hasta: int):
        self.a = almacen
        self.remitente = remitente
        self.seq_hasta = seq_hasta
        self.hub = almacen.rol == "oficina"
        self.c = Contadores()
        self._s: int | None = None
        self._vistos: dict[str, set[str]] = {}

    @property
    def s(self) -> int:
        """lseq para lo aplicado: en la oficina todo se reenvía; en el notebook, lo fusionado."""
        if self._s is None:
            self._s = rep.nuevo_seq(self.a)
        return self._s

    def tabla(self, tabla: str, lineas: Iterable[bytes]) -> None:
        if tabla not in rep.TABLAS:
            raise ErrorPaquete(
                f"El paquete trae una tabla desconocida ({tabla}); puede venir de una versión "
                "más nueva de PIR Campo. Actualice la aplicación.",
                "FORMATO_NUEVO",
            )
        it = iter(lineas)
        while lote := list(islice(it, LOTE)):
            entrantes = []
            for linea in lote:
                try:
                    entrantes.append(_estado_remoto(json.loads(linea), tabla, rep.campos(tabla)))
                except (_Formato, ValueError) as e:
                    raise ErrorPaquete(
                        f"El paquete tiene una línea mal formada en {tabla} ({e}); no se aplicó.",
                        "FORMATO",
                    ) from None
            self._aplicar(tabla, self._validar(tabla, entrantes), desde_paquete=True)

    def _retener(self, tabla: str, id_: str, motivo: str) -> None:
        self.c.retenidos.append({"t": tabla, "id": id_, "motivo": motivo})

    def _validar(self, tabla: str, entrantes: list) -> list[tuple[str, Estado]]:
        modelo = POR_TABLA.get(tabla)
        t = tabla_modelo(modelo) if modelo else None
        vistos = self._vistos.setdefault(tabla, set())
        salida = []
        for id_, est, _crudo in entrantes:
            if id_ in vistos:
                self._retener(tabla, id_, "el registro viene repetido en el paquete")
                continue
            vistos.add(id_)
            if est.vv.get(self.remitente, 0) > self.seq_hasta:
                self._retener(
                    tabla, id_, "su marca de versión es imposible (posible falsificación)"
                )
                continue
            if est.v.get("eliminado") not in (0, 1) or not isinstance(
                est.v.get("fusionado_en"), str | None
            ):
                self._retener(tabla, id_, "el campo «eliminado» no es válido")
                continue
            try:
                if t is not None:
                    python = t.desde_sql([est.v[c] for c in t.campos])
                    canonico = t.a_sql(modelo.validar(python).como_fila())
                    est.v.update(zip(t.campos, canonico, strict=True))
                else:
                    _validar_conflicto(est.v)
            except ErrorValidacion as e:
                self._retener(tabla, id_, str(e))
                continue
            except (ValueError, TypeError):
                self._retener(tabla, id_, "sus valores no tienen el formato esperado")
                continue
            ct = rep.campo_territorio(tabla)
            territorio = id_ if ct == "id" else est.v.get(ct) if ct else None
            if isinstance(territorio, str):
                self.c.territorios.add(territorio)
            salida.append((id_, est))
        return salida

    def _aplicar(
        self, tabla: str, entrantes: list[tuple[str, Estado]], desde_paquete: bool
    ) -> None:
        cs = rep.campos(tabla)
        n = len(cs)
        locales = rep.leer_filas(self.a, tabla, [i for i, _ in entrantes])
        nuevos, reemplazos, conflictos = [], [], []
        ct = rep.campo_territorio(tabla)
        for id_, remoto in entrantes:
            fila = locales.get(id_)
            if fila is None:
                lseq = self.s if self.hub or not desde_paquete else None
                nuevos.append(_fila(id_, remoto, cs, lseq))
                if tabla == "conflicto":
                    self.c.conflictos += not desde_paquete
                if desde_paquete:
                    self.c.nuevos += 1
                continue
            local = Estado(
                dict(zip(cs, fila[1 : n + 1], strict=False)),
                json.loads(fila[n + 1]),
                json.loads(fila[n + 2]),
                json.loads(fila[n + 3]),
                fila[n + 4],
                fila[n + 5],
                json.loads(fila[n + 6]),
            )
            clase, estado, nuevos_conf = fusion.fusionar(tabla, id_, local, remoto, ct)
            if estado is None:
                self.c.sin_cambios += desde_paquete
                continue
            if clase == fusion.AVANCE:
                self.c.actualizados += desde_paquete
                lseq = self.s if self.hub else fila[n + 7]
            else:
                self.c.fusionados += desde_paquete
                lseq = self.s
            revisar = 1 if nuevos_conf else fila[n + 8]
            reemplazos.append((*_fila(id_, estado, cs, lseq), revisar))
            conflictos.extend(nuevos_conf)
        if nuevos:
            rep.insertar_filas(self.a, tabla, nuevos)
        if reemplazos:
            rep.reemplazar_filas(self.a, tabla, reemplazos)
        if conflictos:
            unicos = {c["id"]: c for c in conflictos}
            self._aplicar(
                "conflicto",
                [
                    (i, Estado(c["v"], c["vv"], c["cd"], c["fd"], c["hlc"], c["origen"]))
                    for i, c in unicos.items()
                ],
                desde_paquete=False,
            )


def _fila(id_: str, e: Estado, cs: tuple[str, ...], lseq: int | None) -> tuple:
    return (
        id_,
        *(e.v.get(c) for c in cs),
        _dumps(e.vv),
        _dumps(e.cd),
        _dumps(e.fd),
        e.hlc,
        e.origen,
        _dumps(e.extra),
        lseq,
    )


def _validar_conflicto(v: dict[str, Any]) -> None:
    for c in ("tabla", "registro_id", "campo", "tipo"):
        if not isinstance(v.get(c), str):
            raise ValueError(c)
    if v.get("tabla") not in POR_TABLA or v.get("estado") not in _ESTADOS_CONFLICTO:
        raise ValueError("estado")
