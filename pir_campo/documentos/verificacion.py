"""¿El papel sigue diciendo lo que dicen los datos? Verificación por QR o por código corto.

El QR trae la huella completa: basta recalcularla. El código corto impreso identifica el
registro; si se escribe junto con la huella corta impresa a su lado («06AJ-057VS ASN00»), se
comprueba igual que el QR. El código corto toma 40 bits al azar del UUIDv7: que dos registros
lo compartan es improbable, y si pasa, la huella desambigua.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pir_campo import formato, ids
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos.generar import Preparado, obtener_tipo, preparar
from pir_campo.documentos.qr import es_crockford, leer_sello, normalizar_crockford
from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.modelos import POR_TABLA
from pir_campo.reloj import leer

COINCIDE = "coincide"
CAMBIO = "cambio"
ELIMINADO = "eliminado"
IDENTIFICADO = "identificado"


@dataclass(frozen=True)
class Candidato:
    tipo: str
    titulo: str
    id: str
    codigo: str
    descripcion: str
    huella_corta: str
    version: str


@dataclass(frozen=True)
class Resultado:
    estado: str
    mensaje: str
    candidatos: list[Candidato] = field(default_factory=list)

    @property
    def vigente(self) -> bool:
        return self.estado in (COINCIDE, IDENTIFICADO)

    def como_dict(self) -> dict[str, Any]:
        return asdict(self)


def momento_version(version: str) -> str:
    """El HLC de la versión como fecha y hora de Chile."""
    ms, _ = leer(version)
    if not ms:
        return "sin fecha"
    from datetime import UTC, datetime

    return formato.momento_local(datetime.fromtimestamp(ms / 1000, UTC).isoformat())


def _candidato(p: Preparado) -> Candidato:
    return Candidato(
        p.tipo.nombre,
        p.tipo.titulo,
        p.id,
        p.codigo,
        p.tipo.subtitulo(p.datos),
        p.sello.corta,
        p.sello.version,
    )


def _nombre(c: Candidato) -> str:
    return f"{c.titulo} «{c.descripcion}» (código {c.codigo})"


def verificar(almacen: Almacen, codigo: str) -> Resultado:
    texto = (codigo or "").strip()
    if not texto:
        raise ErrorValidacion("Indique el texto del código QR o el código corto impreso.", "código")
    sello = leer_sello(texto)
    if sello is not None:
        return _por_sello(almacen, sello.tipo, sello.id, sello.huella, sello.version)
    limpio = normalizar_crockford(texto)
    if len(limpio) not in (9, 14) or not es_crockford(limpio):
        raise ErrorValidacion(
            f"«{texto}» no es un código de documento: copie el código corto impreso (por "
            "ejemplo 06AJ-057VS, y si quiere la huella que lo acompaña) o el texto del QR.",
            "código",
        )
    return _por_codigo(almacen, limpio[:9], limpio[9:] or None)


def _por_sello(almacen: Almacen, tipo: str, id_: str, huella: str, version: str) -> Resultado:
    obtener_tipo(tipo)
    hallado = consultas.tabla_de_id(almacen, id_)
    if hallado is None:
        raise ErrorNoEncontrado(
            f"El documento es de un registro que no está en esta base ({ids.codigo_corto(id_)}); "
            "puede que aún no haya llegado por sincronización."
        )
    if hallado[1]:
        return Resultado(
            ELIMINADO,
            f"El registro {ids.codigo_corto(id_)} fue eliminado después de imprimir el documento.",
        )
    p = preparar(almacen, tipo, id_)
    actual = _candidato(p)
    if p.sello.huella == huella:
        mensaje = f"Coincide: {_nombre(actual)} no ha cambiado desde que se imprimió."
        if version != p.sello.version:
            mensaje += " El registro tuvo cambios que no aparecen en el papel."
        return Resultado(COINCIDE, mensaje, [actual])
    return Resultado(
        CAMBIO,
        f"Cambió: {_nombre(actual)} se modificó después de imprimirse (versión impresa del "
        f"{momento_version(version)}, versión actual del {momento_version(p.sello.version)}). "
        "Imprima el documento de nuevo.",
        [actual],
    )


def _sufijo(codigo: str) -> str:
    cuerpo, control = codigo[:8], codigo[8]
    suma = sum((i + 1) * ids.CROCKFORD.index(c) for i, c in enumerate(cuerpo))
    if ids.CROCKFORD[suma % 32] != control:
        raise ErrorValidacion(
            f"El código {cuerpo[:4]}-{cuerpo[4:]}{control} no es válido: el último carácter no "
            "coincide. Revise que esté bien copiado.",
            "código",
        )
    bits = 0
    for c in cuerpo:
        bits = bits << 5 | ids.CROCKFORD.index(c)
    return f"{bits:010x}"


def _por_codigo(almacen: Almacen, codigo: str, huella: str | None) -> Resultado:
    from pir_campo.documentos.tipos import POR_TABLA as TIPOS_POR_TABLA

    sufijo = _sufijo(codigo)
    vigentes: list[Candidato] = []
    eliminados = 0
    for tabla, tipos in TIPOS_POR_TABLA.items():
        for id_ in consultas.ids_con_sufijo(almacen, POR_TABLA[tabla], sufijo):
            if consultas.tabla_de_id(almacen, id_)[1]:
                eliminados += 1
                continue
            vigentes += [_candidato(preparar(almacen, t, id_)) for t in tipos]
    legible = f"{codigo[:4]}-{codigo[4:]}"
    if not vigentes:
        if eliminados:
            return Resultado(ELIMINADO, f"El registro {legible} fue eliminado.")
        raise ErrorNoEncontrado(
            f"Ningún registro de esta base tiene el código {legible}; puede que aún no haya "
            "llegado por sincronización."
        )
    if huella:
        iguales = [c for c in vigentes if c.huella_corta == huella]
        if iguales:
            return Resultado(
                COINCIDE,
                f"Coincide: {_nombre(iguales[0])} no ha cambiado desde que se imprimió.",
                iguales,
            )
        registros = {c.id for c in vigentes}
        if len(registros) == 1:
            return Resultado(
                CAMBIO,
                f"Cambió: {_nombre(vigentes[0])} se modificó después de imprimirse (huella "
                f"impresa {huella}, huella actual "
                f"{', '.join(sorted({c.huella_corta for c in vigentes}))}). "
                "Imprima el documento de nuevo.",
                vigentes,
            )
        return Resultado(
            CAMBIO,
            f"Ninguno de los {len(registros)} registros con el código {legible} coincide con la "
            f"huella {huella}: el documento cambió después de imprimirse. Use el QR para saber "
            "exactamente cuál es.",
            vigentes,
        )
    detalle = "; ".join(f"{_nombre(c)}, huella actual {c.huella_corta}" for c in vigentes)
    return Resultado(
        IDENTIFICADO,
        f"El código {legible} corresponde a: {detalle}. Compare la huella impresa junto al "
        "código: si es distinta, el registro cambió desde la impresión (o indique el código "
        "con la huella para comprobarlo).",
        vigentes,
    )
