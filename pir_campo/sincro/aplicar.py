"""Aplicar las filas de un paquete ya verificado, dentro de la transacción de importación.

Cada línea se valida (estructura del formato, textos, números y sellos; luego los datos del
modelo): una línea que falla se retiene con su motivo, se informa en el recibo y el resto del
paquete se aplica. Lo válido se fusiona con la fila local en lotes: una lectura por lote de ids
y executemany para insertar y actualizar.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from pir_campo.almacen import Almacen, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.ids_importacion import IdsPorTabla
from pir_campo.almacen.tablas import tabla as tabla_modelo
from pir_campo.errores import ErrorPaquete, ErrorValidacion
from pir_campo.modelos import POR_TABLA
from pir_campo.reloj import ahora_ms
from pir_campo.sincro import alcance, es_utf8, fusion, json_compacto
from pir_campo.sincro.fusion import Estado

LOTE = 1000
# Tablas cuyos duplicados se fusionan con una lápida que redirige (servicios/duplicados.py).
TABLAS_FUSIONABLES = ("persona", "localidad", "organizacion")
_dumps = json_compacto
_ESTADOS_CONFLICTO = ("abierto", "resuelto")


# Lo que cabe en un INTEGER de SQLite; un número mayor no se puede guardar.
MAX_ENTERO = (1 << 63) - 1
_HLC = re.compile(r"[0-9]{13}\.[0-9]{5}\Z")
# Un escape \uD800-\uDFFF en el texto puede ser un sustituto suelto (no codificable en UTF-8).
_SUSTITUTO = re.compile(rb"\\u[dD][89a-fA-F]")
_CLAVES = ("t", "id", "v", "vv", "cd", "fd", "hlc", "o")
_CLAVES_SET = frozenset(_CLAVES)
# Lo único que en un texto JSON puede dar un entero fuera de INTEGER o un número no finito:
# 19 cifras seguidas, un exponente de 3 cifras o los literales que Python acepta. Un lote sin
# nada de esto (en ninguna parte, ni dentro de textos) no necesita revisar valor por valor.
_GRANDES = re.compile(rb"[0-9]{19}|[eE][-+]?[0-9]{3}|NaN|Infinity")
_ESCALARES = (str, int, float, type(None))


class _Formato(Exception):
    """Una línea que no se puede aplicar; el texto es el motivo en español."""

    def __init__(self, motivo: str, id_: str | None = None):
        super().__init__(motivo)
        self.id = id_


class ErrorReutilizado(ErrorPaquete):
    """Un paquete repite números de cambio que la oficina ya tiene de ese equipo con otro
    contenido: la base del notebook es una copia restaurada o clonada."""

    def __init__(self, nombre: str, dispositivo: str, seq: int):
        super().__init__(
            f"El paquete de {nombre} ({dispositivo}) repite números de cambio que la oficina ya "
            f"recibió de ese equipo con otro contenido (desde el cambio n.º {seq}): la base de "
            "ese notebook es una copia restaurada o copiada a otro equipo. No se aplicó nada, "
            "para no perder ni mezclar datos. En ese notebook, importe el próximo paquete de la "
            "oficina: el equipo creará una identidad nueva y reenviará sus cambios; después "
            "exporte de nuevo e importe aquí ese paquete.",
            "NUMEROS_REUTILIZADOS",
        )
        self.seq = seq


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
    # Ids aplicados por tabla, en memoria acotada (almacen/ids_importacion.py).
    aplicados: IdsPorTabla = field(default_factory=IdsPorTabla)
    # Huellas que usan los adjuntos válidos del paquete: solo esos archivos se aceptan.
    shas: set[str] = field(default_factory=set)
    # (tabla, id fusionado, valores) escritos sin saber de la fusión: van al registro que quedó.
    tardios: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def es_entero(n: Any) -> bool:
    """Un contador o número de cambio: entero, no negativo, que cabe en SQLite."""
    return type(n) is int and 0 <= n <= MAX_ENTERO


def es_hlc(sello: Any) -> bool:
    return type(sello) is str and _HLC.match(sello) is not None


def _dot(d: Any) -> list:
    if type(d) is list and len(d) == 3 and type(d[0]) is str and es_entero(d[1]) and es_hlc(d[2]):
        return d
    raise _Formato("un punto de versión está mal formado")


def _corto(texto: str) -> str:
    return texto if len(texto) <= 40 else texto[:40] + "…"


def _nombre_campo(tabla: str, campo: str) -> str:
    """El nombre que la persona conoce («Tamaño»), no el de la columna."""
    modelo = POR_TABLA.get(tabla)
    info = modelo.model_fields.get(campo) if modelo else None
    return info.title if info and info.title else _corto(campo)


def _punto_campo(p: Any) -> None:
    """Un punto, o las escrituras concurrentes vigentes de un campo (sincro/fusion.py)."""
    if not (isinstance(p, list) and p and isinstance(p[0], list)):
        _dot(p)
        return
    if len(p) < 2:
        raise _Formato("escrituras concurrentes mal formadas")
    for e in p:
        if not isinstance(e, list) or len(e) != 4 or type(e[3]) not in _ESCALARES:
            raise _Formato("escrituras concurrentes mal formadas")
        _dot(e[:3])


def _estado_remoto(
    d: Any, tabla: str, cs: tuple[str, ...], valores_seguros: bool = False
) -> tuple[str, Estado]:
    """La línea como estado, o _Formato con el primer motivo que falla.

    `valores_seguros`: el lote entero no trae ningún número que pueda salirse de rango ni dejar
    de ser finito (ver `_GRANDES`), así que los valores no se revisan uno por uno."""
    if type(d) is not dict:
        raise _Formato("la línea no es un objeto JSON")
    if not _CLAVES_SET <= d.keys():
        faltan = [k for k in _CLAVES if k not in d]
        raise _Formato(
            "le falta " + ", ".join(f"«{k}»" for k in faltan)
            if len(faltan) > 1
            else f"le falta la clave «{faltan[0]}»"
        )
    id_, v, vv, fd, cd = d["id"], d["v"], d["vv"], d["fd"], d["cd"]
    hlc, origen, extra = d["hlc"], d["o"], d.get("x", {})
    if type(id_) is not str or not id_:
        raise _Formato("el identificador no es un texto")
    if d["t"] != tabla:
        otra = _corto(d["t"]) if type(d["t"]) is str else "?"
        raise _Formato(f"dice ser de la tabla «{otra}» pero viene en la de {tabla}")
    if type(v) is not dict:
        raise _Formato("los valores no son un objeto JSON")
    if type(vv) is not dict or not all(
        type(n) is int and 0 <= n <= MAX_ENTERO for n in vv.values()
    ):
        raise _Formato("el vector de versiones está mal formado o trae un número fuera de rango")
    if type(fd) is not dict or type(origen) is not str:
        raise _Formato("los metadatos están mal formados")
    if type(hlc) is not str or _HLC.match(hlc) is None:
        raise _Formato("el sello de tiempo (HLC) está mal formado")
    if type(extra) is not dict:
        raise _Formato("los campos extra están mal formados")
    if not (
        type(cd) is list
        and len(cd) == 3
        and type(cd[0]) is str
        and type(cd[1]) is int
        and 0 <= cd[1] <= MAX_ENTERO
        and type(cd[2]) is str
        and _HLC.match(cd[2]) is not None
    ):
        _dot(cd)
    if fd:
        for punto in fd.values():
            _punto_campo(punto)
    if not valores_seguros or tabla == "conflicto":
        for c, x in v.items():
            if type(x) is int and not -MAX_ENTERO - 1 <= x <= MAX_ENTERO:
                raise _Formato(
                    f"el campo «{_nombre_campo(tabla, c)}» trae un número fuera de rango"
                )
            if type(x) is float and not math.isfinite(x):
                raise _Formato(
                    f"el campo «{_nombre_campo(tabla, c)}» trae un número que no es finito"
                )
            if tabla == "conflicto" and not isinstance(x, _ESCALARES):
                raise _Formato(f"el campo «{_corto(c)}» no tiene el formato esperado")
    if v.keys() != _campos_de(cs):
        # Campos de una versión más nueva: se guardan en `extra` y se reenvían tal cual.
        extra = {**extra, **{k: v[k] for k in v.keys() - set(cs)}}
        v = {c: v.get(c) for c in cs}
    return id_, Estado(v, vv, cd, fd, hlc, origen, extra)


_campos_de = cache(frozenset)  # los campos de una tabla como conjunto, una vez por tabla


def _id_de(d: Any) -> str | None:
    id_ = d.get("id") if type(d) is dict else None
    if type(id_) is not str or not id_ or not es_utf8(id_):
        return None
    return _corto(id_) if len(id_) > 100 else id_


def _id_legible(linea: bytes) -> str | None:
    try:
        return _id_de(json.loads(linea))
    except (ValueError, RecursionError):
        return None


def _leer_linea(linea: bytes, tabla: str, cs: tuple[str, ...]) -> tuple[str, Estado]:
    """Una línea sola, con el motivo exacto si no sirve (y su id, si se puede leer)."""
    try:
        texto = linea.decode()
    except UnicodeDecodeError:
        raise _Formato("texto no válido: la línea no está codificada en UTF-8") from None
    try:
        d = json.loads(texto)
    except (ValueError, RecursionError):
        raise _Formato("la línea no es JSON válido") from None
    id_ = _id_de(d)
    if _SUSTITUTO.search(linea) and not es_utf8(d):
        raise _Formato("texto no válido: trae un carácter sustituto suelto", id_)
    try:
        return _estado_remoto(d, tabla, cs)
    except _Formato as e:
        e.id = id_
        raise


class Aplicador:
    def __init__(self, almacen: Almacen, remitente: str, seq_hasta: int):
        self.a = almacen
        self.remitente = remitente
        self.seq_hasta = seq_hasta
        self.hub = almacen.rol == "oficina"
        self.c = Contadores()
        self._s: int | None = None
        # Los ids ya leídos del paquete (los repetidos se retienen).
        self._vistos = IdsPorTabla(unico=True)
        # En la oficina: lo más alto que ha visto de cada equipo. Un notebook solo conoce puntos
        # ajenos a través de la oficina, así que un punto mayor es inventado (vector inflado).
        self.maximos = rep.maximos_vistos(almacen) if self.hub else None
        anteriores: dict[str, int] = {}
        if self.maximos is not None:
            # Una identidad nueva habla por las anteriores (su certificado lo firmó la anterior):
            # los puntos de ellas que trae llegan hasta el número en que cambió de identidad.
            propia = sucesion.sucesion_de(almacen, remitente)
            actual, vistos, de = remitente, set(), propia
            while de and actual not in vistos:
                vistos.add(actual)
                actual = de["anterior"]
                self.maximos[actual] = max(self.maximos.get(actual, 0), propia["seq_base"])
                anteriores[actual] = propia["seq_base"]
                de = sucesion.sucesion_de(almacen, actual)
        # En la oficina, lo que el notebook puede escribir (sincro/alcance.py revisa cada
        # registro que cambiaría algo: territorio, puntos y vector de versiones).
        self.alcance: alcance.Alcance | None = None
        # En la oficina, si el remitente está revocado con corte: solo entra lo anterior.
        self.corte: alcance.Corte | None = None
        if self.hub:
            par = rep.par(almacen, remitente)
            assert par is not None
            self.alcance = alcance.Alcance.de_par(par, anteriores)
            self.corte = alcance.Corte.de_par(
                par, almacen.ajuste(alcance.CLAVE_REVOCACION.format(remitente))
            )
            self.limite = alcance.sello_limite(ahora_ms())

    def cerrar(self) -> None:
        """Suelta los ids que recordó del paquete (y su base aparte, si el paquete era grande)."""
        self._vistos.cerrar()
        self.c.aplicados.cerrar()

    @property
    def s(self) -> int:
        """lseq para lo aplicado: en la oficina todo se reenvía; en el notebook, lo fusionado."""
        if self._s is None:
            self._s = self.a.nuevo_seq()
        return self._s

    def tabla(self, tabla: str, lineas: Iterable[bytes]) -> int:
        """Aplica las líneas de una tabla; devuelve cuántas leyó (las retenidas también)."""
        n = 0
        if tabla not in rep.TABLAS:
            # De una versión más nueva (o de nadie): se retiene cada línea y el resto se aplica.
            for n, linea in enumerate(lineas, 1):
                self._retener(
                    tabla,
                    _id_legible(linea) or f"línea {n}",
                    "tabla desconocida: puede venir de una versión más nueva de PIR Campo; "
                    "actualice la aplicación",
                )
            return n
        cs = rep.campos(tabla)
        it = iter(lineas)
        while lote := list(islice(it, LOTE)):
            entrantes = self._leer_lote(tabla, cs, lote, n)
            n += len(lote)
            self._aplicar(tabla, self._validar(tabla, entrantes), desde_paquete=True)
        return n

    def _leer_lote(
        self, tabla: str, cs: tuple[str, ...], lote: list[bytes], antes: int
    ) -> list[tuple[str, Estado]]:
        """Un solo json.loads por lote (mucho menos costo por llamada que uno por línea); si
        algo del lote no sirve, se relee línea por línea para retener solo las malas."""
        texto = b"[" + b",".join(lote) + b"]"
        if not _SUSTITUTO.search(texto):
            seguros = _GRANDES.search(texto) is None
            try:
                # El parser de pydantic (jiter): lo que acepta lo lee igual que json.loads, un
                # tercio más rápido; lo que rechaza se relee línea por línea, como siempre.
                crudos = from_json(texto)
                if type(crudos) is list and len(crudos) == len(lote):
                    return [_estado_remoto(d, tabla, cs, seguros) for d in crudos]
            except (_Formato, ValueError, RecursionError):
                pass
        salida = []
        for n, linea in enumerate(lote, antes + 1):
            try:
                salida.append(_leer_linea(linea, tabla, cs))
            except _Formato as e:
                self._retener(tabla, e.id or f"línea {n}", str(e))
        return salida

    def _retener(self, tabla: str, id_: str, motivo: str) -> None:
        self.c.retenidos.append({"t": tabla, "id": id_, "motivo": motivo})

    def _validar(self, tabla: str, entrantes: list) -> list[tuple[str, Estado]]:
        vistos = self._vistos.vistos(tabla, [i for i, _ in entrantes])
        self._vistos.extender(tabla, (i for i, _ in entrantes))
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
        if tabla == "adjunto":
            self.c.shas.update(e.v["sha256"] for _, e in validos)
        if self.hub:
            self._reutilizados(candidatos)
        return validos

    def _reutilizados(self, candidatos: list[tuple[str, Estado]]) -> None:
        """Cada punto del remitente con un número que la oficina ya tiene debe tener el mismo
        sello (HLC) que guardó su bitácora; si no, el número se reutilizó con otro contenido."""
        tope = self.maximos.get(self.remitente, 0) if self.maximos else 0
        if not tope:
            return  # nada recibido aún de ese equipo: ningún número puede repetirse
        puntos: dict[int, str] = {}
        for _, est in candidatos:
            for d in fusion.puntos(est):
                if d[0] == self.remitente and d[1] <= tope:
                    puntos.setdefault(d[1], d[2])
        if not puntos:
            return
        conocidas = sucesion.huellas_de(self.a, self.remitente, list(puntos))
        distintos = [s for s, h in puntos.items() if s in conocidas and conocidas[s] != h]
        if distintos:
            self._reutilizado(min(distintos))

    def _reutilizado(self, seq: int) -> None:
        nombre = rep.nombre_dispositivo(self.a, self.remitente)
        raise ErrorReutilizado(nombre, self.remitente, seq)

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
        nuevos, reemplazos, conflictos, aplicados = [], [], [], []
        ct = rep.campo_territorio(tabla)
        comprobar = self.alcance is not None and desde_paquete
        for id_, remoto in entrantes:
            fila = locales.get(id_)
            local = None if fila is None else _estado_local(fila, cs, n)
            if comprobar and (local is None or not fusion.leq(remoto.vv, local.vv)):
                assert self.alcance is not None
                motivo = self.corte.revisar(remoto, local) if self.corte else None
                if motivo is not None:
                    self._retener_alcance(tabla, id_, remoto, alcance.Retencion(motivo))
                    continue
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
                aplicados.append(id_)
                if tabla == "conflicto":
                    self.c.conflictos += not desde_paquete
                if desde_paquete:
                    self.c.nuevos += 1
                continue
            if self.hub:
                self._mismo_punto(local, remoto)
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
            aplicados.append(id_)
            conflictos.extend(nuevos_conf)
        self.c.aplicados.extender(tabla, aplicados)
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

    def _mismo_punto(self, local: Estado, remoto: Estado) -> None:
        """El mismo (dispositivo, seq) del remitente en la fila local y en la entrante con otro
        sello: número reutilizado (aunque la bitácora de la oficina no lo tenga)."""
        locales = {d[1]: d[2] for d in fusion.puntos(local) if d[0] == self.remitente}
        if not locales:
            return
        for d in fusion.puntos(remoto):
            if d[0] == self.remitente and locales.get(d[1], d[2]) != d[2]:
                self._reutilizado(d[1])

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
        if tabla == "adjunto":  # su archivo no entra si nadie más lo usa
            self.c.shas.discard(remoto.v.get("sha256"))
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
                if d[c] not in (0, 1) or type(d[c]) not in (int, bool):
                    raise ValueError(c)
                d[c] = bool(d[c])
        return d

    def a_sql(self, fila: dict[str, Any], destino: dict[str, Any]) -> None:
        destino.update(fila)  # `fila` trae justo los campos del modelo (los de `campos`)
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
    # Sin campos escritos después de crear ni extra (lo común en lo nuevo): «{}» sin codificar.
    return (
        id_,
        *map(e.v.get, cs),
        _dumps(e.vv),
        _dumps(e.cd),
        _dumps(e.fd) if e.fd else "{}",
        e.hlc,
        e.origen,
        _dumps(e.extra) if e.extra else "{}",
        lseq,
    )


def _validar_conflicto(v: dict[str, Any]) -> None:
    for c in ("tabla", "registro_id", "campo", "tipo"):
        if not isinstance(v.get(c), str):
            raise ValueError(c)
    if v.get("tabla") not in POR_TABLA or v.get("estado") not in _ESTADOS_CONFLICTO:
        raise ValueError("estado")
