"""Derechos de las personas registradas (Ley 21.719): acceso y portabilidad.

`datos_persona` reúne todo lo que la instalación guarda de una persona, en español y en listas
simples: su registro, cada taller al que asistió (con quién lo registró y cuándo), sus cargos y
organizaciones, los acuerdos a su cargo, las actas que firmó, los adjuntos donde puede
aparecer, las correcciones hechas a sus datos, las finalidades y la base de licitud. De ahí
salen el PDF dirigido a la persona (documento «datos-persona») y la copia JSON y CSV para
llevarse sus datos a otra parte.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pir_campo import catalogos, formato
from pir_campo import rut as rut_mod
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_derechos as q
from pir_campo.almacen.consultas_campo import normalizar_nombre
from pir_campo.errores import ErrorNoEncontrado, ErrorValidacion
from pir_campo.exportacion import dialecto_csv
from pir_campo.exportacion.archivo import archivo_temporal, revisar_destino
from pir_campo.modelos import Organizacion, Persona, Territorio
from pir_campo.modelos.enums import (
    ClaseAdjunto,
    EstadoActa,
    EstadoAcuerdo,
    LadoFirmante,
    PasoCritico,
    PuebloOriginario,
    Sexo,
    TipoActa,
    TramoEdad,
)
from pir_campo.servicios import consentimiento, historial

VERSION_FORMATO = 1
RESPONSABLE = (
    "El Programa de Infraestructura Rural para el Desarrollo Territorial (PIRDT), de la "
    "Subsecretaría de Desarrollo Regional y Administrativo (SUBDERE) y del gobierno regional."
)
FINALIDADES = [
    "Registrar la asistencia a los talleres comunitarios del programa y poder contarla por "
    "sexo, tramo de edad y pueblo originario, sin nombres, en las actas e informes.",
    "Dejar constancia de quiénes validaron el territorio y su plan (PMDT) con su firma.",
    "Contactar a las personas responsables de los acuerdos de cada taller.",
    "Conocer las organizaciones que administrarán los servicios y su capacidad de gestión.",
]
BASE_LICITUD = (
    "El ejercicio de las funciones públicas de SUBDERE y del gobierno regional en el programa. "
    "El pueblo originario es un dato sensible: se registra solo con el consentimiento de la "
    "persona, que puede retirarlo. El RUT, el teléfono, el sexo, el tramo de edad y el pueblo "
    "originario son voluntarios."
)
DERECHOS = (
    "Usted puede pedir al equipo del programa acceder a estos datos, corregirlos, suprimirlos, "
    "bloquearlos u oponerse a su uso, y recibirlos en un formato para llevarlos a otra parte "
    "(Ley 21.719). Este documento responde a una solicitud de acceso."
)


def _etiqueta(enum: Any, valor: Any) -> str | None:
    if valor in (None, ""):
        return None
    try:
        return enum(valor).etiqueta
    except ValueError:
        return str(valor)


def _si_no(valor: Any) -> str | None:
    return None if valor is None else ("Sí" if valor else "No")


def datos_persona(almacen: Almacen, persona_id: str, hoy: dt.date | None = None) -> dict:
    """Todo lo que esta instalación guarda de la persona (y de las fusionadas con ella)."""
    persona_id = (persona_id or "").strip()
    try:
        p = almacen.obtener(Persona, persona_id)
    except ErrorNoEncontrado:
        raise ErrorNoEncontrado(
            f"No existe una persona con identificador «{persona_id}»."
        ) from None
    cat = catalogos.cargar()
    t = almacen.obtener(Territorio, p["territorio_id"])
    region = cat.regiones.get(t["cut_region"])
    org = almacen.obtener(Organizacion, p["organizacion_id"]) if p["organizacion_id"] else None
    ids = q.ids_de_persona(almacen.conn, persona_id)
    historiales = [historial.historial(almacen, i, "persona") for i in ids]
    creacion = next((e for e in historiales[0].entradas if e.tipo == "creacion"), None)
    correcciones = [
        {
            "cuando": e.cuando,
            "momento": e.momento,
            "por": e.persona,
            "instalacion": e.instalacion,
            "campo": c.etiqueta,
            "antes": c.antes,
            "despues": c.despues,
            "motivo": e.motivo,
        }
        for h in historiales
        for e in h.entradas
        if e.tipo != "creacion"
        for c in e.campos
    ]
    asistencias = q.asistencias(almacen.conn, persona_id)
    registro = q.creadores(almacen.conn, "asistencia", [a["id"] for a in asistencias])
    normal = normalizar_nombre(p["nombre"])
    return {
        "formato": VERSION_FORMATO,
        "emitido": (hoy or dt.date.today()).isoformat(),
        "instalacion": almacen.nombre,
        "persona": {
            "id": persona_id,
            "nombre": p["nombre"],
            "rut": rut_mod.formatear(p["rut"]) if p["rut"] else None,
            "sexo": _etiqueta(Sexo, p["sexo"]),
            "tramo_edad": _etiqueta(TramoEdad, p["tramo_edad"]),
            "pueblo_originario": _etiqueta(PuebloOriginario, p["pueblo_originario"]),
            "afrodescendiente": _si_no(p["afrodescendiente"]),
            "telefono": p["telefono"],
            "organizacion": org["nombre"] if org else None,
            "territorio": t["nombre"],
            "region": region.nombre if region else t["cut_region"],
            "registrada_por": creacion.persona if creacion else None,
            "registrada_en": creacion.instalacion if creacion else None,
            "registrada_el": creacion.cuando if creacion else None,
            "fusionada_con": [i for i in ids if i != persona_id],
        },
        "asistencias": [
            {
                "fecha": a["fecha"],
                "taller": a["titulo"],
                "paso": f"{a['paso']}. {PasoCritico(a['paso']).etiqueta}" if a["paso"] else None,
                "lugar": ", ".join(
                    x
                    for x in (
                        a["lugar"],
                        a["localidad"],
                        cat.comunas[a["cut_comuna"]].nombre
                        if a["cut_comuna"] in cat.comunas
                        else None,
                    )
                    if x
                )
                or None,
                "cargo": a["cargo"],
                "organizacion": a["organizacion"],
                "firmo": _si_no(a["firmo"]),
                "registrada_por": registro[a["id"]][0] if a["id"] in registro else None,
                "registrada_el": historial.momento_chile(registro[a["id"]][1])
                if a["id"] in registro
                else None,
            }
            for a in asistencias
        ],
        "firmas": [
            {
                "acta": _etiqueta(TipoActa, f["tipo"]),
                "fecha": f["fecha"],
                "estado": _etiqueta(EstadoActa, f["estado"]),
                "parte": _etiqueta(LadoFirmante, f["lado"]),
                "nombre": f["nombre"],
                "institucion": f["institucion"],
                "cargo": f["cargo"],
            }
            for f in q.firmas(almacen.conn, p["territorio_id"], p["rut"], normal)
        ],
        "acuerdos": [
            {
                "acuerdo": c["texto"],
                "responsable": c["responsable"],
                "taller": c["titulo"],
                "fecha_taller": c["fecha"],
                "fecha_compromiso": c["fecha_compromiso"],
                "estado": _etiqueta(EstadoAcuerdo, c["estado"]),
            }
            for c in q.acuerdos_a_cargo(almacen.conn, p["territorio_id"], normal)
        ],
        "adjuntos": [
            {
                "archivo": d["nombre_original"],
                "clase": _etiqueta(ClaseAdjunto, d["clase"]),
                "de": "Usted" if d["tabla_duena"] == "persona" else "Un taller al que asistió",
                "tamano": d["tamano"],
                "sha256": d["sha256"],
            }
            for d in q.adjuntos(
                almacen.conn, persona_id, sorted({a["taller_id"] for a in asistencias})
            )
        ],
        "correcciones": correcciones,
        "consentimientos": consentimiento.para_persona(almacen, persona_id),
        "responsable": RESPONSABLE,
        "finalidades": FINALIDADES,
        "base_licitud": BASE_LICITUD,
        "derechos": DERECHOS,
    }


# Secciones de la copia CSV: (clave, nombre de la sección, columnas (campo, encabezado)).
SECCIONES_CSV = (
    (
        "consentimientos",
        "Consentimiento",
        (
            ("fecha", "Fecha"),
            ("forma", "Cómo lo dio"),
            ("testigo", "Testigo"),
            ("version_aviso", "Versión del aviso"),
        ),
    ),
    (
        "asistencias",
        "Asistencia",
        (
            ("fecha", "Fecha"),
            ("taller", "Taller"),
            ("lugar", "Lugar"),
            ("cargo", "Cargo"),
            ("organizacion", "Organización"),
            ("firmo", "Firmó"),
            ("registrada_por", "Registrada por"),
        ),
    ),
    (
        "firmas",
        "Firma de acta",
        (
            ("fecha", "Fecha"),
            ("acta", "Acta"),
            ("parte", "Parte"),
            ("institucion", "Institución"),
            ("cargo", "Cargo"),
            ("estado", "Estado"),
        ),
    ),
    (
        "acuerdos",
        "Acuerdo a cargo",
        (
            ("fecha_taller", "Fecha"),
            ("acuerdo", "Acuerdo"),
            ("taller", "Taller"),
            ("fecha_compromiso", "Compromiso"),
            ("estado", "Estado"),
        ),
    ),
    (
        "correcciones",
        "Corrección",
        (
            ("cuando", "Fecha"),
            ("campo", "Dato"),
            ("antes", "Antes"),
            ("despues", "Después"),
            ("por", "Por"),
        ),
    ),
    (
        "adjuntos",
        "Adjunto",
        (("archivo", "Archivo"), ("clase", "Clase"), ("de", "De"), ("sha256", "Huella")),
    ),
)
ETIQUETAS_PERSONA = (
    ("nombre", "Nombre completo"),
    ("rut", "RUT"),
    ("sexo", "Sexo"),
    ("tramo_edad", "Tramo de edad"),
    ("pueblo_originario", "Pueblo originario"),
    ("afrodescendiente", "Afrodescendiente"),
    ("telefono", "Teléfono"),
    ("organizacion", "Organización"),
    ("territorio", "Territorio"),
    ("region", "Región"),
    ("registrada_por", "Registrada por"),
    ("registrada_en", "Registrada en"),
    ("registrada_el", "Registrada el"),
)


def filas_csv(d: dict) -> list[list[Any]]:
    """Formato largo (Sección; N°; Dato; Valor): una fila por dato, que Excel abre tal cual."""
    filas: list[list[Any]] = [
        ["Persona", 1, etiqueta, d["persona"][clave]]
        for clave, etiqueta in ETIQUETAS_PERSONA
        if d["persona"][clave] not in (None, "")
    ]
    for clave, seccion, columnas in SECCIONES_CSV:
        for n, item in enumerate(d[clave], start=1):
            filas += [
                [seccion, n, titulo, _csv_valor(campo, item[campo])]
                for campo, titulo in columnas
                if item.get(campo) not in (None, "")
            ]
    return filas


def _csv_valor(campo: str, valor: Any) -> str:
    if campo.startswith("fecha") and isinstance(valor, str) and len(valor) == 10:
        return formato.fecha(valor)
    return str(valor)


def exportar(almacen: Almacen, persona_id: str, json_: Path | None, csv: Path | None) -> dict:
    """Escribe la copia para portabilidad (JSON y/o CSV); nada queda a medias."""
    if json_ is None and csv is None:
        raise ErrorValidacion("Indique al menos un archivo: --json o --csv.", "salida")
    d = datos_persona(almacen, persona_id)
    for ruta in (json_, csv):
        if ruta is not None:
            revisar_destino(ruta, carpeta=False)
    if json_ is not None:
        with archivo_temporal(json_) as temporal:
            temporal.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    if csv is not None:
        dialecto = dialecto_csv.CHILENO
        with (
            archivo_temporal(csv) as temporal,
            open(temporal, "w", encoding=dialecto.codificacion, newline="") as archivo,
        ):
            dialecto_csv.escribir(
                archivo,
                ["Sección", "N°", "Dato", "Valor"],
                filas_csv(d),
                dialecto,
            )
    return d
