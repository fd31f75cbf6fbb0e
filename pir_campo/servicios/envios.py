"""Lo que la oficina envía a los notebooks en sus paquetes firmados: actualizaciones de
catálogo, versiones nuevas del instrumento de capacidad, ajustes de la región y avisos.

La oficina publica (se valida antes: si algo falla, no se publica nada); cada paquete de la
oficina lleva todo lo publicado en `data/oficina/envios.json`, dentro de la bolsa firmada; el
notebook aplica cada envío una sola vez (por su id), lo valida de nuevo y se lo muestra a la
facilitadora («La oficina actualizó…»). Un envío inválido se rechaza entero y se informa.
"""

from __future__ import annotations

import json
from typing import Any

from pir_campo import __version__, capacidad, catalogos, ids
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorCatalogo, ErrorPir, ErrorValidacion
from pir_campo.formato import ahora_utc, momento_local

TIPOS = ("catalogo", "instrumento", "ajustes", "aviso")
_NOMBRES_CATALOGO = {"tipologias": "tipologías", "comunas": "comunas"}


def _lista(almacen: Almacen, clave: str) -> list[dict[str, Any]]:
    return json.loads(almacen.ajuste(clave, "[]") or "[]")


def _version_app(texto: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in texto.strip().split("."))
    except ValueError:
        raise ErrorValidacion(
            f"La versión «{texto}» no tiene la forma 1.2.0.", "Versión de la aplicación"
        ) from None


def validar(almacen: Almacen, tipo: str, contenido: Any) -> str:
    """Comprueba un envío entero y devuelve la frase que verá la facilitadora."""
    if tipo not in TIPOS:
        raise ErrorValidacion(f"No se envían cosas de tipo «{tipo}».", "Tipo de envío")
    if tipo == "catalogo":
        guardado = (
            almacen.ajuste(f"catalogo.{contenido.get('catalogo')}")
            if isinstance(contenido, dict)
            else None
        )
        vigente = json.loads(guardado)["version"] if guardado else None
        nombre, version = catalogos.validar_actualizacion(contenido, vigente)
        catalogo = _NOMBRES_CATALOGO[nombre]
        return f"La oficina actualizó el catálogo de {catalogo} a la versión {version}."
    if tipo == "instrumento":
        if not isinstance(contenido, dict):
            raise ErrorCatalogo("El instrumento no es válido: debe ser un objeto JSON.")
        inst = capacidad.validar_definicion(contenido)
        base = capacidad.cargar()
        if inst.codigo != base.codigo:
            raise ErrorCatalogo(
                f"El instrumento no es válido: su código «{inst.codigo}» no es «{base.codigo}»."
            )
        vigente = instrumento_vigente(almacen)
        if inst.version <= vigente.version:
            raise ErrorCatalogo(
                f"El instrumento no es válido: la versión {inst.version} no es posterior a la "
                f"vigente ({vigente.version})."
            )
        return (
            f"La oficina actualizó el instrumento «{inst.nombre}» a la versión {inst.version}: "
            "los diagnósticos nuevos la usan; los anteriores conservan la suya."
        )
    if tipo == "ajustes":
        if not isinstance(contenido, dict) or not contenido:
            raise ErrorValidacion("Los ajustes de la región deben ser un objeto JSON.", "Ajustes")
        desconocidos = set(contenido) - {
            "regiones_activas",
            "campos_opcionales",
            "conservacion_anos",
        }
        if desconocidos:
            raise ErrorValidacion(
                f"Ajuste desconocido: «{sorted(desconocidos)[0]}».", "Ajustes de la región"
            )
        regiones = contenido.get("regiones_activas")
        if regiones is not None:
            conocidas = catalogos.cargar().regiones
            if not isinstance(regiones, list) or not regiones:
                raise ErrorValidacion("Indique al menos una región activa.", "Regiones activas")
            for r in regiones:
                if r not in conocidas:
                    raise ErrorValidacion(
                        f"La región «{r}» no existe en el catálogo.", "Regiones activas"
                    )
        opcionales = contenido.get("campos_opcionales")
        if opcionales is not None and (
            not isinstance(opcionales, dict)
            or not all(isinstance(v, bool) for v in opcionales.values())
        ):
            raise ErrorValidacion(
                "Los campos opcionales deben ser «campo»: true o false.", "Campos opcionales"
            )
        if "conservacion_anos" in contenido:
            validar_conservacion(contenido["conservacion_anos"])
        return "La oficina actualizó los ajustes de la región."
    if not isinstance(contenido, dict) or not str(contenido.get("texto") or "").strip():
        raise ErrorValidacion("El aviso necesita un texto.", "Aviso")
    if contenido.get("version_minima"):
        _version_app(str(contenido["version_minima"]))
    return f"Aviso de la oficina: {contenido['texto'].strip()}"


def _aplicar(almacen: Almacen, tipo: str, contenido: Any) -> None:
    if tipo == "catalogo":
        clave = f"catalogo.{contenido['catalogo']}"
        almacen.guardar_ajuste(clave, json.dumps(contenido, ensure_ascii=False))
        catalogos.actualizar(contenido)
    elif tipo == "instrumento":
        inst = capacidad.validar_definicion(contenido)
        almacen.guardar_ajuste(
            f"instrumento.{inst.codigo}.{inst.version}", json.dumps(contenido, ensure_ascii=False)
        )
        versiones = json.loads(almacen.ajuste("instrumento.versiones", "[]") or "[]")
        almacen.guardar_ajuste(
            "instrumento.versiones", json.dumps(sorted({*versiones, inst.version}))
        )
        capacidad.registrar(inst)
    elif tipo == "ajustes":
        if "regiones_activas" in contenido:
            almacen.guardar_ajuste("regiones_activas", json.dumps(contenido["regiones_activas"]))
        if "campos_opcionales" in contenido:
            almacen.guardar_ajuste("campos_opcionales", json.dumps(contenido["campos_opcionales"]))
        if "conservacion_anos" in contenido:
            almacen.guardar_ajuste("conservacion_anos", str(contenido["conservacion_anos"]))


def publicar(almacen: Almacen, tipo: str, contenido: Any) -> dict[str, Any]:
    """En la oficina: valida, aplica aquí mismo y deja el envío para los próximos paquetes."""
    if almacen.rol != "oficina":
        raise ErrorValidacion("Solo la oficina regional envía actualizaciones.", "Tipo de envío")
    texto = validar(almacen, tipo, contenido)
    envio = {
        "id": ids.uuid7(),
        "tipo": tipo,
        "contenido": contenido,
        "texto": texto,
        "por": almacen.persona,
        "creado_en": ahora_utc(),
    }
    with almacen.transaccion():
        _aplicar(almacen, tipo, contenido)
        almacen.guardar_ajuste(
            "oficina.envios",
            json.dumps([*_lista(almacen, "oficina.envios"), envio], ensure_ascii=False),
        )
    return envio


def para_paquete(almacen: Almacen) -> list[dict[str, Any]]:
    return _lista(almacen, "oficina.envios") if almacen.rol == "oficina" else []


def recibir(almacen: Almacen, envios: Any) -> list[dict[str, Any]]:
    """En el notebook, dentro de la transacción de importación: cada envío nuevo se valida y
    se aplica entero o se rechaza entero; devuelve lo que hay que mostrarle a la persona."""
    if not isinstance(envios, list):
        return []
    recibidos = _lista(almacen, "oficina.recibidos")
    vistos = {r["id"] for r in recibidos}
    nuevos = []
    for e in envios:
        if not isinstance(e, dict) or not isinstance(e.get("id"), str) or e["id"] in vistos:
            continue
        nota = {
            "id": e["id"],
            "tipo": e.get("tipo"),
            "por": e.get("por"),
            "creado_en": e.get("creado_en"),
            "recibido_en": ahora_utc(),
        }
        try:
            nota["texto"] = validar(almacen, str(e.get("tipo")), e.get("contenido"))
            _aplicar(almacen, str(e["tipo"]), e["contenido"])
            nota["estado"] = "aplicado"
            if e["tipo"] == "aviso":
                nota["version_minima"] = e["contenido"].get("version_minima")
        except ErrorPir as error:
            nota["estado"] = "rechazado"
            nota["texto"] = f"La oficina envió una actualización que no se aplicó: {error}"
        nuevos.append(nota)
        vistos.add(e["id"])
    if nuevos:
        almacen.guardar_ajuste(
            "oficina.recibidos", json.dumps([*recibidos, *nuevos], ensure_ascii=False)
        )
    return nuevos


def avisos(almacen: Almacen, todos: bool = False) -> list[dict[str, Any]]:
    """Lo que la oficina actualizó o avisó; un «actualice a la versión X» sigue vigente hasta
    que esta aplicación es esa versión o una más nueva."""
    salida = []
    for n in reversed(_lista(almacen, "oficina.recibidos")):
        minima = n.get("version_minima")
        vigente = bool(minima) and _version_app(__version__) < _version_app(minima)
        n = {**n, "vigente": vigente, "recibido_el": momento_local(n["recibido_en"])}
        if todos or vigente:
            salida.append(n)
    return salida


CONSERVACION_MAXIMO = 30


def validar_conservacion(valor: Any) -> int:
    """El plazo de conservación de la región (servicios/conservacion), en años."""
    if (
        isinstance(valor, bool)
        or not isinstance(valor, int)
        or not 1 <= valor <= CONSERVACION_MAXIMO
    ):
        raise ErrorValidacion(
            "El plazo de conservación debe ser un número entero de años entre 1 y "
            f"{CONSERVACION_MAXIMO}.",
            "Plazo de conservación",
        )
    return valor


OPCIONALES = ("rut", "pueblo_originario", "telefono")


def campos_opcionales(almacen: Almacen) -> dict[str, bool]:
    """Qué datos opcionales de las personas recoge esta región (todos, si no dijo nada)."""
    guardado = json.loads(almacen.ajuste("campos_opcionales", "{}") or "{}")
    return {c: bool(guardado.get(c, True)) for c in OPCIONALES}


def instrumento_vigente(almacen: Almacen) -> capacidad.Instrumento:
    """El instrumento que usan los diagnósticos nuevos en esta instalación."""
    activar(almacen)
    versiones = json.loads(almacen.ajuste("instrumento.versiones", "[]") or "[]")
    return capacidad.mas_reciente(versiones)


def activar(almacen: Almacen) -> None:
    """Carga en este proceso lo recibido (catálogos e instrumentos) al abrir la instalación."""
    for nombre in ("tipologias", "comunas"):
        guardado = almacen.ajuste(f"catalogo.{nombre}")
        if (
            guardado
            and catalogos.cargar().versiones.get("dpa" if nombre == "comunas" else nombre)
            != json.loads(guardado)["version"]
        ):
            catalogos.actualizar(json.loads(guardado))
    versiones = json.loads(almacen.ajuste("instrumento.versiones", "[]") or "[]")
    base = capacidad.cargar() if versiones else None
    for v in versiones:
        assert base is not None
        if capacidad.por_version(base.codigo, v) is None:
            guardado = almacen.ajuste(f"instrumento.{base.codigo}.{v}")
            if guardado:
                capacidad.registrar(capacidad.validar_definicion(json.loads(guardado)))
