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

from pydantic import TypeAdapter, ValidationError

from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.errores import ErrorPaquete, ErrorValidacion
from pir_campo.modelos import POR_TABLA
from pir_campo.reloj import ahora_ms
from pir_campo.sincro import alcance, fusion, json_compacto
from pir_campo.sincro.fusion import Estado

LOTE = 1000
# Tablas cuyos duplicados se fusionan con una lápida que redirige (servicios/duplicados.py).
TABLAS_FUSIONABLES = ("persona", "localidad", "organizacion")
_dumps = json_compacto
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
    # En la oficina: líneas retenidas por territorio no asignado (se aplican si se asigna) y
    # territorios nuevos que el notebook propone.
    pendientes: dict[str, list[str]] = field(default_factory=dict)
    propuestos: list[dict[str, Any]] = field(default_factory=list)
    aplicados: dict[str, list[str]] = field(default_factory=dict)
    # (tabla, id fusionado, valores) escritos sin saber de la fusión: van al registro que quedó.
    tardios: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def _dot(d: Any) -> list:
    if (
        isinstance(d, list)
        and len(d) == 3
        and isinstance(d[0], str)
        and isinstance(d[1], int)
        and alcance.hlc_valido(d[2])
    ):
        return d
    raise _Formato("punto mal formado")


def _estado_remoto(d: Any, tabla: str, cs: tuple[str, ...]) -> tuple[str, Estado]:
    try:
        id_, v, vv, fd, cd = d["id"], d["v"], d["vv"], d["fd"], d["cd"]
        hlc, origen, extra = d["hlc"], d["o"], d.get("x", {})
    except (KeyError, TypeError):
        raise _Formato("línea incompleta") from None
    if d["t"] != tabla or type(id_) is not str or type(v) is not dict or type(vv) is not dict:
        raise _Formato("línea sin tabla, id o valores")
    if type(fd) is not dict or not alcance.hlc_valido(hlc) or type(origen) is not str:
        raise _Formato("metadatos mal formados")
    if type(extra) is not dict:
        raise _Formato("extra mal formado")
    if not all(type(n) is int for n in vv.values()):
        raise _Formato("vector de versiones mal formado")
    _dot(cd)
    for punto in fd.values():
        _dot(punto)
    if len(v) != len(cs) or any(c not in v for c in cs):
        # Campos de una versión más nueva: se guardan en `extra` y se reenvían tal cual.
        extra = {**extra, **{k: v[k] for k in v.keys() - set(cs)}}
        v = {c: v.get(c) for c in cs}
    return id_, Estado(v, vv, cd, fd, hlc, origen, extra)


class Aplicador:
    def __init__(self, almacen: Almacen, remitente: str, seq_hasta: int):
        self.a = almacen
        self.remitente = remitente
        self.seq_hasta = seq_hasta
        self.hub = almacen.rol == "oficina"
        self.c = Contadores()
        self._s: int | None = None
        self._vistos: dict[str, set[str]] = {}
        # En la oficina, lo que el notebook puede escribir (sincro/alcance.py revisa cada
        # registro que cambiaría algo: territorio, puntos y vector de versiones).
        self.alcance: alcance.Alcance | None = None
        if self.hub:
            par = rep.par(almacen, remitente)
            assert par is not None
            self.alcance = alcance.Alcance.de_par(par)
            self.limite = alcance.sello_limite(ahora_ms())

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
        cs = rep.campos(tabla)
        it = iter(lineas)
        while lote := list(islice(it, LOTE)):
            try:
                # Un solo json.loads por lote: mucho menos costo por llamada que uno por línea.
                crudos = json.loads(b"[" + b",".join(lote) + b"]")
                entrantes = [_estado_remoto(d, tabla, cs) for d in crudos]
            except (_Formato, ValueError) as e:
                raise ErrorPaquete(
                    f"El paquete tiene una línea mal formada en {tabla} ({e}); no se aplicó.",
                    "FORMATO",
                ) from None
            self._aplicar(tabla, self._validar(tabla, entrantes), desde_paquete=True)

    def _retener(self, tabla: str, id_: str, motivo: str) -> None:
        self.c.retenidos.append({"t": tabla, "id": id_, "motivo": motivo})

    def _validar(self, tabla: str, entrantes: list) -> list[tuple[str, Estado]]:
        vistos = self._vistos.setdefault(tabla, set())
        candidatos = []
        for id_, est in entrantes:
            if id_ in vistos:
                self._retener(tabla, id_, "el registro viene repetido en el paquete")
                continue
            vistos.add(id_)
            if est.vv.get(self.remitente, 0) > self.seq_hasta:
                self._retener(
                    tabla, id_, "su marca de versión es imposible (posible falsificación)"
                )
                continue
            if est.v["eliminado"] not in (0, 1) or not isinstance(
                est.v["fusionado_en"], str | None
            ):
                self._retener(tabla, id_, "el campo «eliminado» no es válido")
                continue
            candidatos.append((id_, est))
        if tabla == "conflicto":
            validos = []
            for id_, est in candidatos:
                try:
                    _validar_conflicto(est.v)
                    validos.append((id_, est))
                except ValueError:
                    self._retener(tabla, id_, "el conflicto no tiene el formato esperado")
        else:
            validos = self._validar_modelo(tabla, candidatos)
        return validos

    def _validar_modelo(self, tabla: str, candidatos: list) -> list[tuple[str, Estado]]:
        """Valida el lote entero con pydantic de una vez; si algo falla, fila por fila."""
        conv = _Conversion.de(tabla)
        try:
            pythons = [conv.a_python(e.v) for _, e in candidatos]
            canonicos = conv.adaptador.dump_python(
                conv.adaptador.validate_python(pythons), mode="json"
            )
        except (ValidationError, ValueError, TypeError):
            return self._validar_uno_a_uno(tabla, candidatos)
        for (_, e), fila in zip(candidatos, canonicos, strict=True):
            conv.a_sql(fila, e.v)
        return candidatos

    def _validar_uno_a_uno(self, tabla: str, candidatos: list) -> list[tuple[str, Estado]]:
        conv = _Conversion.de(tabla)
        modelo = POR_TABLA[tabla]
        salida = []
        for id_, e in candidatos:
            try:
                conv.a_sql(modelo.validar(conv.a_python(e.v)).como_fila(), e.v)
            except ErrorValidacion as err:
                self._retener(tabla, id_, str(err))
                continue
            except (ValueError, TypeError):
                self._retener(tabla, id_, "sus valores no tienen el formato esperado")
                continue
            salida.append((id_, e))
        return salida

    def _aplicar(
        self, tabla: str, entrantes: list[tuple[str, Estado]], desde_paquete: bool
    ) -> None:
        cs = rep.campos(tabla)
        n = len(cs)
        locales = rep.leer_filas(self.a, tabla, [i for i, _ in entrantes])
        nuevos, reemplazos, conflictos = [], [], []
        ct = rep.campo_territorio(tabla)
        comprobar = self.alcance is not None and desde_paquete
        for id_, remoto in entrantes:
            fila = locales.get(id_)
            local = None if fila is None else _estado_local(fila, cs, n)
            if comprobar and (local is None or not fusion.leq(remoto.vv, local.vv)):
                assert self.alcance is not None
                del_registro = self._del_registro(remoto) if tabla == "conflicto" else None
                r = alcance.revisar_registro(
                    tabla, id_, remoto, local, self.alcance, self.limite, del_registro
                )
                if r is not None:
                    self._retener_alcance(tabla, id_, remoto, r)
                    continue
            if fila is None or local is None:
                lseq = self.s if self.hub or not desde_paquete else None
                nuevos.append(_fila(id_, remoto, cs, lseq))
                self.c.aplicados.setdefault(tabla, []).append(id_)
                if tabla == "conflicto":
                    self.c.conflictos += not desde_paquete
                if desde_paquete:
                    self.c.nuevos += 1
                continue
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
            if self.hub and estado.v.get("fusionado_en"):
                self._tardio(tabla, id_, local, remoto, estado)
            revisar = 1 if nuevos_conf else fila[n + 8]
            reemplazos.append((*_fila(id_, estado, cs, lseq), revisar))
            self.c.aplicados.setdefault(tabla, []).append(id_)
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

    def _del_registro(self, conflicto: Estado) -> str | None:
        """Territorio, en la oficina, del registro del que trata un conflicto."""
        tabla = conflicto.v.get("tabla")
        if tabla not in POR_TABLA:
            return None
        ct = rep.campo_territorio(tabla)
        if ct == "id":
            return conflicto.v.get("registro_id")
        valor = rep.valor_campo(self.a, tabla, conflicto.v.get("registro_id"), ct)
        return valor if isinstance(valor, str) else None

    def _retener_alcance(self, tabla: str, id_: str, remoto: Estado, r: alcance.Retencion) -> None:
        self._retener(tabla, id_, r.motivo)
        if r.territorio is not None:
            self.c.pendientes.setdefault(r.territorio, []).append(linea(tabla, id_, remoto))
        if r.propuesta:
            self.c.propuestos.append({"territorio": id_, "nombre": remoto.v.get("nombre")})

    def _tardio(self, tabla: str, id_: str, local: Estado, remoto: Estado, estado: Estado) -> None:
        """Campos que un lado escribió sin haber visto la fusión que hizo el otro."""
        if tabla not in TABLAS_FUSIONABLES:
            return
        punto = estado.dot("fusionado_en")
        fusiono, otro = (local, remoto) if local.dot("fusionado_en") == punto else (remoto, local)
        valores = {
            c: otro.v[c]
            for c in otro.v
            if c not in rep.CAMPOS_META and not fusion.conoce(fusiono.vv, otro.dot(c))
        }
        if valores:
            self.c.tardios.append((tabla, id_, valores))


class _Conversion:
    """Paso entre la forma SQL (la del cable) y la del modelo, precalculado por tabla."""

    _cache: dict[str, _Conversion] = {}

    def __init__(self, tabla: str):
        modelo = POR_TABLA[tabla]
        t = tabla_modelo(modelo)
        self.campos = t.campos
        self.json = tuple(t.json)
        self.booleanos = tuple(t.booleanos)
        self.adaptador = TypeAdapter(list[modelo])

    @classmethod
    def de(cls, tabla: str) -> _Conversion:
        if tabla not in cls._cache:
            cls._cache[tabla] = cls(tabla)
        return cls._cache[tabla]

    def a_python(self, v: dict[str, Any]) -> dict[str, Any]:
        d = {c: v[c] for c in self.campos}
        for c in self.json:
            if isinstance(d[c], str):
                d[c] = json.loads(d[c])
        for c in self.booleanos:
            if d[c] is not None:
                d[c] = bool(d[c])
        return d

    def a_sql(self, fila: dict[str, Any], destino: dict[str, Any]) -> None:
        for c in self.campos:
            destino[c] = fila[c]
        for c in self.json:
            if fila[c] is not None:
                destino[c] = _dumps(fila[c])
        for c in self.booleanos:
            if fila[c] is not None:
                destino[c] = int(fila[c])


def _estado_local(fila: tuple, cs: tuple[str, ...], n: int) -> Estado:
    return Estado(
        dict(zip(cs, fila[1 : n + 1], strict=False)),
        json.loads(fila[n + 1]),
        json.loads(fila[n + 2]),
        json.loads(fila[n + 3]),
        fila[n + 4],
        fila[n + 5],
        json.loads(fila[n + 6]),
    )


def linea(tabla: str, id_: str, e: Estado) -> str:
    """La línea del paquete para un estado (para guardar lo retenido y aplicarlo después)."""
    return _dumps(
        {
            "t": tabla,
            "id": id_,
            "v": e.v,
            "vv": e.vv,
            "cd": e.cd,
            "fd": e.fd,
            "hlc": e.hlc,
            "o": e.origen,
            "x": e.extra,
        }
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
