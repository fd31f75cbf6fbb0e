"""Supresión y bloqueo de los datos de una persona (Ley 21.719).

Cómo se propaga la supresión: se registra una solicitud de supresión (`SolicitudDerecho`, tabla
sincronizable) que nombra a la persona, quién lo pidió, cuándo y por qué, y los ids de lo que se
borra (nunca los datos). Esa solicitud viaja a la oficina y de ahí a los demás notebooks del
territorio como cualquier registro; cada instalación que la tiene deja en blanco los campos
personales (registro, bitácora, conflictos, índice de búsqueda) y lo repite después de cada
importación (`al_importar`): un paquete más viejo que todavía trae los datos los aplica dentro de
la transacción y se vuelven a borrar antes de confirmarla, así que nunca quedan guardados.
Una copia cifrada de las solicitudes vive junto a la base (`<base>.supresiones`): un respaldo
anterior que se restaure la recupera al abrirse y vuelve a suprimir.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_derechos as qd
from pir_campo.almacen import consultas_supresion as q
from pir_campo.almacen.consultas_campo import normalizar_nombre
from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.modelos import Persona
from pir_campo.modelos.derechos import SolicitudDerecho
from pir_campo.modelos.enums import TipoSolicitud

SUPRIMIDO = q.SUPRIMIDO
AVISO_RESPALDOS = (
    "Los respaldos hechos antes de hoy todavía guardan estos datos hasta que se reemplacen por "
    "otros más nuevos; si se restaura uno de ellos, la supresión se vuelve a aplicar al abrirlo "
    "y al sincronizar."
)


@dataclass(frozen=True)
class Vista:
    """Lo que la confirmación cuenta antes de suprimir."""

    persona_id: str
    nombre: str
    asistencias: int
    firmas: int
    acuerdos: int
    adjuntos: list[dict[str, Any]] = field(default_factory=list)

    def texto(self) -> str:
        lineas = [
            f"Se suprimirán los datos personales de {self.nombre}: nombre, RUT, teléfono, sexo, "
            "tramo de edad, pueblo originario, afrodescendencia, cargos y marcas de firma.",
            f"Se borran del registro, del historial de cambios, de los conflictos y de la "
            f"búsqueda, aquí y en cada instalación que reciba la supresión. Sus "
            f"{self.asistencias} asistencias quedan como asistencias anónimas (los talleres "
            f"conservan sus conteos).",
        ]
        if self.firmas:
            lineas.append(
                f"{self.firmas} firmas en actas se conservan, con el nombre «{SUPRIMIDO}»."
            )
        if self.acuerdos:
            lineas.append(f"{self.acuerdos} acuerdos a su cargo quedan con «{SUPRIMIDO}».")
        if self.adjuntos:
            lineas.append(
                "Estos adjuntos pueden mostrarla (una hoja firmada muestra a muchas personas); "
                "revíselos y decida si eliminarlos: "
                + "; ".join(a["archivo"] for a in self.adjuntos)
                + "."
            )
        lineas.append("No se puede deshacer. " + AVISO_RESPALDOS)
        return "\n".join(lineas)


@dataclass(frozen=True)
class Supresion:
    solicitud_id: str
    persona_id: str
    filas: int
    vista: Vista


def _persona(almacen: Almacen, persona_id: str) -> dict[str, Any]:
    persona_id = (persona_id or "").strip()
    try:
        return almacen.obtener(Persona, persona_id)
    except ErrorNoEncontrado:
        raise ErrorNoEncontrado(
            f"No existe una persona con identificador «{persona_id}»."
        ) from None


def vista_previa(almacen: Almacen, persona_id: str) -> Vista:
    p = _persona(almacen, persona_id)
    if p["id"] in q.personas_suprimidas(almacen.conn):
        raise ErrorValidacion("Los datos de esta persona ya fueron suprimidos.", "persona")
    normal = normalizar_nombre(p["nombre"])
    asistencias = qd.asistencias(almacen.conn, p["id"])
    firmas = qd.firmas(almacen.conn, p["territorio_id"], p["rut"], normal)
    acuerdos = qd.acuerdos_a_cargo(almacen.conn, p["territorio_id"], normal)
    adjuntos = qd.adjuntos(almacen.conn, p["id"], sorted({a["taller_id"] for a in asistencias}))
    return Vista(
        p["id"],
        p["nombre"],
        len(asistencias),
        len(firmas),
        len(acuerdos),
        [{"archivo": d["nombre_original"], "id": d["id"]} for d in adjuntos],
    )


def _alcance(almacen: Almacen, p: dict[str, Any]) -> dict[str, list[str]]:
    normal = normalizar_nombre(p["nombre"])
    alcance = q.alcance_actual(almacen.conn, [p["id"]])
    alcance["firmante"] = sorted(
        f["id"] for f in qd.firmas(almacen.conn, p["territorio_id"], p["rut"], normal)
    )
    alcance["acuerdo"] = sorted(
        c["id"] for c in qd.acuerdos_a_cargo(almacen.conn, p["territorio_id"], normal)
    )
    return alcance


def _validar_texto(valor: str | None, campo: str, etiqueta: str) -> str:
    valor = " ".join((valor or "").split())
    if not valor:
        raise ErrorValidacion(f"El campo «{etiqueta}» es obligatorio.", campo)
    return valor


def registrar_solicitud(
    almacen: Almacen,
    persona_id: str,
    tipo: TipoSolicitud,
    solicitado_por: str,
    motivo: str | None = None,
    respuesta: str | None = None,
    alcance: dict[str, list[str]] | None = None,
    fecha: dt.date | None = None,
) -> str:
    """Una fila del registro de solicitudes (también para acceso y portabilidad)."""
    fila = almacen.conn.execute(
        "SELECT territorio_id FROM persona WHERE id = ?", (persona_id,)
    ).fetchone()
    if fila is None:
        raise ErrorNoEncontrado(f"No existe una persona con identificador «{persona_id}».")
    return almacen.insertar(
        SolicitudDerecho,
        {
            "territorio_id": fila[0],
            "persona_id": persona_id,
            "tipo": tipo,
            "fecha": fecha or dt.date.today(),
            "solicitado_por": solicitado_por,
            "motivo": motivo,
            "respuesta": respuesta,
            "alcance": alcance,
        },
        motivo=f"Solicitud de {tipo.etiqueta.lower()}",
    )


def suprimir(
    almacen: Almacen, persona_id: str, motivo: str, solicitado_por: str = "La persona titular"
) -> Supresion:
    """Registra la supresión y la cumple aquí mismo; las demás instalaciones, al recibirla."""
    motivo = _validar_texto(motivo, "motivo", "Motivo")
    solicitado_por = _validar_texto(solicitado_por, "solicitado_por", "Quién lo pidió")
    vista = vista_previa(almacen, persona_id)
    with almacen.transaccion():
        p = _persona(almacen, persona_id)
        alcance = _alcance(almacen, p)
        id_ = registrar_solicitud(
            almacen,
            p["id"],
            TipoSolicitud.SUPRESION,
            solicitado_por,
            motivo,
            "Datos personales suprimidos en todas las instalaciones.",
            alcance,
        )
        filas = q.borrar(almacen.conn, alcance)
        q.compactar_busqueda(almacen.conn)
    q.vaciar_wal(almacen.conn)
    guardar_copia(almacen)
    return Supresion(id_, p["id"], filas, vista)


def al_importar(almacen: Almacen) -> int:
    """Después de aplicar un paquete, dentro de su transacción: cumple las supresiones que
    llegaron y vuelve a borrar lo que un paquete viejo haya traído. Devuelve filas cambiadas."""
    filas = 0
    for s in q.supresiones(almacen.conn):
        actual = q.alcance_actual(almacen.conn, [s["persona_id"], *s["alcance"].get("persona", [])])
        alcance = {**s["alcance"]}
        for tabla, ids in actual.items():
            alcance[tabla] = sorted(set(alcance.get(tabla, [])) | set(ids))
        filas += q.borrar(almacen.conn, alcance)
    if filas:
        q.compactar_busqueda(almacen.conn)
    return filas


def revisar_datos_persona(
    almacen: Almacen, persona_id: str | None, datos: dict[str, Any], consiente: bool = False
) -> None:
    """Antes de guardar datos de una persona: los de una persona suprimida no se vuelven a
    escribir, los campos que la región dejó de recoger (ajuste de la oficina) no se guardan y
    los sensibles piden consentimiento (`consiente`: se registra en esta misma acción)."""
    from pir_campo.servicios import consentimiento, envios

    personales = {c for c, _ in q.CAMPOS["persona"]} | {"cargo"}
    dados = {c for c, v in datos.items() if c in personales and v not in (None, "")}
    if persona_id and dados and persona_id in q.personas_suprimidas(almacen.conn):
        raise ErrorValidacion(
            "Los datos de esta persona fueron suprimidos a su pedido y no se vuelven a "
            "registrar; si asiste de nuevo, anótela como una persona nueva solo si ella lo pide.",
            "Nombre",
        )
    recogidos = envios.campos_opcionales(almacen)
    for campo in sorted(dados):
        if campo in recogidos and not recogidos[campo]:
            etiqueta = envios.ETIQUETAS_OPCIONALES[campo]
            raise ErrorValidacion(
                f"El campo «{etiqueta}» no se recoge en esta región (ajuste de la oficina "
                "regional); déjelo vacío.",
                etiqueta,
            )
    consentimiento.revisar(almacen, persona_id, datos, consiente)


# ---- copia de las solicitudes fuera de la base -----------------------------------------------


ruta_copia = q.ruta_copia


def _caja(almacen: Almacen):
    from nacl.secret import SecretBox

    return SecretBox(almacen.subllave("supresiones"))


def guardar_copia(almacen: Almacen) -> None:
    """Las solicitudes de supresión (ids, fechas, motivo: no los datos suprimidos), cifradas con
    una subllave de la base, en un archivo aparte que restaurar un respaldo no reemplaza."""
    ids = [s["id"] for s in q.supresiones(almacen.conn)]
    filas = q.filas_solicitud(almacen.conn, ids)
    for f in filas:
        f["lseq"] = None
    datos = json.dumps(filas, ensure_ascii=False).encode()
    ruta = ruta_copia(almacen.ruta)
    temporal = ruta.with_name(ruta.name + ".tmp")
    temporal.write_bytes(bytes(_caja(almacen).encrypt(datos)))
    with open(temporal, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(temporal, ruta)


def reaplicar_copia(almacen: Almacen) -> int:
    """Al abrir: si a la base le faltan supresiones de la copia (se restauró un respaldo
    anterior), se restituyen y se cumplen. Devuelve cuántas se restituyeron."""
    ruta = ruta_copia(almacen.ruta)
    if not ruta.is_file():
        return 0
    from nacl.exceptions import CryptoError

    try:
        filas = json.loads(_caja(almacen).decrypt(ruta.read_bytes()))
    except (OSError, CryptoError, ValueError):
        return 0  # de otra base (otra llave) o dañada: la oficina las vuelve a traer
    conocidas = {s["id"] for s in q.supresiones(almacen.conn)}
    faltan = [f for f in filas if f["id"] not in conocidas]
    if not faltan:
        return 0
    with almacen.transaccion():
        puestas = q.restituir_solicitudes(almacen.conn, faltan)
        al_importar(almacen)
    q.vaciar_wal(almacen.conn)
    return len(puestas)


# ---- bloqueo -------------------------------------------------------------------------------


def bloquear(
    almacen: Almacen,
    persona_id: str,
    motivo: str,
    bloquear: bool = True,
    solicitado_por: str = "La persona titular",
) -> str:
    """Bloqueo u oposición (o su fin): la persona queda fuera de documentos, exportaciones y
    búsquedas. Reversible; cada cambio queda en el registro de solicitudes y se sincroniza."""
    motivo = _validar_texto(motivo, "motivo", "Motivo")
    solicitado_por = _validar_texto(solicitado_por, "solicitado_por", "Quién lo pidió")
    p = _persona(almacen, persona_id)
    ya = p["id"] in q.bloqueadas(almacen.conn)
    if ya == bloquear:
        raise ErrorValidacion(
            "La persona ya está bloqueada." if ya else "La persona no está bloqueada.", "persona"
        )
    tipo = TipoSolicitud.BLOQUEO if bloquear else TipoSolicitud.DESBLOQUEO
    respuesta = (
        "Datos bloqueados: fuera de documentos, exportaciones y búsquedas."
        if bloquear
        else "Bloqueo levantado."
    )
    return registrar_solicitud(almacen, p["id"], tipo, solicitado_por, motivo, respuesta)


def bloqueadas(almacen: Almacen) -> set[str]:
    return q.bloqueadas(almacen.conn)


def suprimidas(almacen: Almacen) -> set[str]:
    return q.personas_suprimidas(almacen.conn)


def registro_solicitudes(almacen: Almacen) -> list[dict[str, Any]]:
    """El registro de solicitudes recibidas y cómo se respondió cada una, en español."""
    nombres = dict(almacen.conn.execute("SELECT id, nombre FROM persona"))
    return [
        {
            "fecha": f["fecha"],
            "derecho": TipoSolicitud(f["tipo"]).etiqueta,
            "persona_id": f["persona_id"],
            "persona": nombres.get(f["persona_id"], f["persona_id"]),
            "solicitado_por": f["solicitado_por"],
            "motivo": f["motivo"],
            "respuesta": f["respuesta"],
        }
        for f in q.solicitudes(almacen.conn)
    ]
