"""Lista de asistencia para firmar: anexo separable del acta porque lleva datos personales.

Se imprime antes del taller con las personas inscritas y filas en blanco; cada fila mide al
menos 12 mm para firmar a mano, y el encabezado de la tabla se repite en cada hoja.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from pir_campo import formato, rut
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.documentos.hoja_firmas import HojaFirmas
from pir_campo.errores import ErrorDocumento
from pir_campo.modelos import Localidad, Taller
from pir_campo.servicios import consentimiento, envios

HIJOS = (("asistencia", "taller_id"),)
ALTO_FILA = 13 * mm
EN_BLANCO = 10
AVISO = "Anexo con datos personales: no se publica con el acta"
# La firma necesita espacio; «Organización y cargo» suele ir corta o vacía; «Autorizo» es una
# casilla: quien la marca consiente sus datos sensibles (aviso de privacidad impreso arriba).
ANCHOS = [8 * mm, 44 * mm, 23 * mm, 26 * mm, 28 * mm, 17 * mm]
CASILLA, MARCADA = "\u2610", "\u2612"
ORDENES = {"alfabetico": "alfabético", "llegada": "de llegada"}


def datos(almacen: Almacen, taller_id: str) -> dict[str, Any]:
    t = almacen.obtener(Taller, taller_id)
    localidad = almacen.obtener(Localidad, t["localidad_id"]) if t["localidad_id"] else None
    todos = consultas.asistentes(almacen, taller_id)
    asistentes = [a for a in todos if not a["bloqueada"]]
    con = consentimiento.q.con_consentimiento(almacen.conn, [a["persona_id"] for a in asistentes])
    aviso = consentimiento.aviso()
    return {
        # La versión del aviso de privacidad que lleva la hoja (entra en la huella del papel).
        "aviso_privacidad": aviso["version"],
        "_aviso_texto": aviso["texto"],
        # Quienes ya consintieron sus datos sensibles (su casilla sale marcada).
        "_consintieron": [i for i, a in enumerate(asistentes) if a["persona_id"] in con],
        "territorio": comun.territorio(almacen, t["territorio_id"]),
        "localidad": localidad["nombre"] if localidad else None,
        "taller": {c: t[c] for c in ("titulo", "fecha", "hora_inicio", "lugar")},
        "_facilitadores": t["facilitadores"],
        "asistentes": [
            [a["nombre"], a["rut"], _organizacion(a), a["telefono"]] for a in asistentes
        ],
        # Orden en que se anotaron (ids UUIDv7, crecientes en el tiempo); fuera de la huella.
        "_llegada": sorted(range(len(asistentes)), key=lambda i: asistentes[i]["asistencia_id"]),
        # Personas que pidieron el bloqueo de sus datos (Ley 21.719): no se listan, se cuentan.
        "_bloqueadas": len(todos) - len(asistentes),
        # Datos que la región decidió no recoger (minimización): su columna no se imprime.
        "_no_recoge": [c for c, si in envios.campos_opcionales(almacen).items() if not si],
    }


def _organizacion(a: dict[str, Any]) -> str | None:
    if a["organizacion"] and a["cargo"]:
        return f"{a['organizacion']} ({a['cargo']})"
    return a["organizacion"] or a["cargo"]


def subtitulo(d: dict[str, Any]) -> str:
    return f"{d['taller']['titulo']} · {comun.fecha(d['taller']['fecha'])}"


def historia(
    d: dict[str, Any], en_blanco: int | None = None, orden: str = "alfabetico", **_: Any
) -> list[Flowable]:
    e = es.estilos()
    t = d["taller"]
    blancos = EN_BLANCO if en_blanco is None else en_blanco
    lugar = ", ".join(x for x in (t["lugar"], d["localidad"]) if x)
    if orden not in ORDENES:
        raise ErrorDocumento(f"El orden «{orden}» no existe; use «alfabetico» o «llegada».")
    indices = list(range(len(d["asistentes"])))
    if orden == "llegada":
        indices = list(d.get("_llegada", indices))
    consintieron = set(d.get("_consintieron", ()))
    no_recoge = set(d.get("_no_recoge", ()))
    sensibles = not {"pueblo_originario", "afrodescendiente"} <= no_recoge
    # (encabezado, ancho, valor de la fila) de cada columna que se imprime, menos la firma.
    columnas: list[tuple[str, float, Any]] = [
        ("N°", ANCHOS[0], lambda n, i, a: str(n)),
        ("Nombre completo", ANCHOS[1], lambda n, i, a: a[0]),
        ("RUT", ANCHOS[2], lambda n, i, a: rut.formatear(a[1]) if a[1] else ""),
        (
            "Organización" if "cargo" in no_recoge else "Organización y cargo",
            ANCHOS[3],
            lambda n, i, a: a[2] or "",
        ),
        ("Teléfono", ANCHOS[4], lambda n, i, a: a[3] or ""),
        ("Autorizo", ANCHOS[5], lambda n, i, a: MARCADA if i in consintieron else CASILLA),
    ]
    fuera = {"RUT": "rut", "Teléfono": "telefono"}
    columnas = [
        c
        for c in columnas
        if fuera.get(c[0]) not in no_recoge and (c[0] != "Autorizo" or sensibles)
    ]
    vacio = ("", None, "", "")
    filas = [
        [valor(n, i, d["asistentes"][i]) for _, _, valor in columnas] + [""]
        for n, i in enumerate(indices, start=1)
    ]
    inicio = len(filas)
    filas += [
        [valor(inicio + k + 1, -1, vacio) for _, _, valor in columnas] + [""]
        for k in range(blancos)
    ]
    anchos = [ancho for _, ancho, _ in columnas]
    tabla = HojaFirmas(
        [titulo for titulo, _, _ in columnas] + ["Firma"],
        filas,
        [*anchos, es.ANCHO_UTIL - sum(anchos)],
        ALTO_FILA,
    )
    return [
        es.ficha(
            [
                *comun.institucion(d["territorio"]["region"], d["territorio"]["comunas"]),
                ("Territorio", d["territorio"]["nombre"]),
                ("Región", d["territorio"]["region"]),
                ("Lugar", lugar),
                ("Fecha", comun.fecha(t["fecha"])),
            ]
        ),
        es.espacio(2),
        *_aviso(d, e, sensibles, no_recoge),
        es.espacio(2),
        tabla,
        *_nota_bloqueadas(d.get("_bloqueadas") or 0, e),
        comun.bloques_firma_partes(_facilitadores(d.get("_facilitadores"))),
    ]


def _aviso(d: dict[str, Any], e: Any, sensibles: bool, no_recoge: set[str]) -> list[Flowable]:
    version = d.get("aviso_privacidad") or consentimiento.version_vigente()
    parrafos = d.get("_aviso_texto") or consentimiento.aviso(version)["texto"]
    voluntarios = [
        n for c, n in (("rut", "el RUT"), ("telefono", "el teléfono")) if c not in no_recoge
    ]
    nota = ""
    if sensibles:
        nota = (
            "Marque «Autorizo» si acepta que se anoten su pueblo originario y si es "
            "afrodescendiente; si no la marca, esos datos quedan en blanco. "
        )
    if voluntarios:
        lista = " y ".join(voluntarios)
        verbo = "son voluntarios" if len(voluntarios) > 1 else "es voluntario"
        nota += f"{lista[0].upper()}{lista[1:]} {verbo}."
    salida = [es.texto(f"Aviso de privacidad, versión {version}. " + " ".join(parrafos), e.pequeno)]
    if nota:
        salida.append(es.texto(nota.strip(), e.pequeno))
    return salida


def _nota_bloqueadas(n: int, e: Any) -> list[Flowable]:
    if not n:
        return []
    return [
        es.espacio(2),
        es.texto(
            f"Además asistieron {formato.cantidad(n, 'persona')} cuyos datos están bloqueados a "
            "su pedido (Ley 21.719): cuentan en la asistencia del taller, pero no se listan.",
            e.pequeno,
        ),
    ]


def _facilitadores(texto: str | None) -> list[str]:
    return [n.strip() for n in (texto or "").replace("\n", ";").split(";") if n.strip()]
