"""Arma un documento de un registro y lo escribe sin dejar archivos a medias.

El PDF se escribe en `ARCHIVO.pdf.partial` y se renombra al terminar; si algo falla, el
parcial se borra. Con `invariant` el mismo registro produce los mismos bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import SimpleDocTemplate

from pir_campo import ids
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import comun
from pir_campo.documentos import estilos as es
from pir_campo.documentos.qr import Sello, huella
from pir_campo.documentos.tipos import TIPOS, TipoDocumento
from pir_campo.errores import (
    ErrorDisco,
    ErrorDocumento,
    ErrorNoEncontrado,
    frase_disco,
    medio_solo_lectura,
)
from pir_campo.modelos import POR_TABLA


@dataclass(frozen=True)
class Preparado:
    """Los datos de un documento y su sello, antes de dibujarlo."""

    tipo: TipoDocumento
    id: str
    datos: dict[str, Any]
    sello: Sello
    # «Aprobado por … el …» si la oficina lo aprobó; va aparte de los datos para que aprobar
    # no cambie la huella del papel ya impreso.
    aprobado: str | None = None

    @property
    def codigo(self) -> str:
        return ids.codigo_corto(self.id)


def _con_articulo(etiqueta: str) -> str:
    """«a el taller» no se dice en castellano: «al taller»."""
    return "al " + etiqueta[3:] if etiqueta.startswith("el ") else "a " + etiqueta


def obtener_tipo(nombre: str) -> TipoDocumento:
    try:
        return TIPOS[nombre]
    except KeyError:
        raise ErrorDocumento(f"No existe el tipo de documento «{nombre}».") from None


def comprobar_registro(almacen: Almacen, tipo: TipoDocumento, id_registro: str) -> None:
    """Un id desconocido, eliminado o de otro tipo se rechaza con una frase en español."""
    hallado = consultas.tabla_de_id(almacen, id_registro.strip())
    if hallado is None:
        raise ErrorNoEncontrado(f"No existe ningún registro con identificador «{id_registro}».")
    tabla, eliminado = hallado
    if tabla != tipo.modelo.tabla:
        otro = POR_TABLA[tabla].etiqueta
        raise ErrorDocumento(
            f"El identificador «{id_registro}» corresponde {_con_articulo(otro)}, no "
            f"{_con_articulo(tipo.modelo.etiqueta)}: el documento «{tipo.titulo}» se imprime "
            f"desde {tipo.modelo.etiqueta}."
        )
    if eliminado:
        raise ErrorNoEncontrado(
            f"{tipo.modelo.etiqueta.capitalize()} con identificador «{id_registro}» fue eliminado."
        )


def preparar(almacen: Almacen, nombre_tipo: str, id_registro: str) -> Preparado:
    tipo = obtener_tipo(nombre_tipo)
    id_registro = id_registro.strip()
    comprobar_registro(almacen, tipo, id_registro)
    datos = tipo.datos(almacen, id_registro)
    version = consultas.version(almacen, tipo.modelo.tabla, id_registro, tipo.hijos)
    from pir_campo.modelos.enums import REVISABLES
    from pir_campo.servicios import revision

    aprobado = (
        revision.aprobacion(almacen, id_registro) if tipo.modelo.tabla in REVISABLES else None
    )
    return Preparado(
        tipo,
        id_registro,
        datos,
        Sello(tipo.nombre, id_registro, version, huella(_sellable(datos))),
        aprobado,
    )


def _sellable(datos: dict[str, Any]) -> dict[str, Any]:
    """Lo que entra en la huella: las claves con «_» son solo para dibujar (p. ej. el orden de
    llegada), así un papel ya impreso sigue coincidiendo aunque se agreguen."""
    return {k: v for k, v in datos.items() if not k.startswith("_")}


def dibujar(p: Preparado, **opciones: Any) -> bytes:
    """El PDF en memoria; `opciones` van a la historia del tipo (p. ej. `en_blanco`)."""
    es.registrar_fuentes()
    memoria = io.BytesIO()
    documento = SimpleDocTemplate(
        memoria,
        pagesize=es.PAGINA,
        leftMargin=es.MARGEN_IZQ,
        rightMargin=es.MARGEN_DER,
        topMargin=es.MARGEN_SUP,
        bottomMargin=es.MARGEN_INF,
        title=f"{p.tipo.titulo}: {p.tipo.subtitulo(p.datos)}",
        author="PIR Campo",
        subject=f"{p.tipo.titulo} · código {p.codigo}",
        creator="PIR Campo",
        lang="es-CL",
        invariant=1,
    )
    pie = es.Pie(p.tipo.titulo, p.codigo, p.sello.corta, p.tipo.aviso)
    historia = [
        comun.bloque_titulo(p.tipo.titulo, p.tipo.subtitulo(p.datos), p.sello, p.codigo),
        *([comun.linea_aprobacion(p.aprobado)] if p.aprobado else []),
        *p.tipo.historia(p.datos, **opciones),
    ]
    documento.build(historia, canvasmaker=es.fabrica_lienzo(pie))
    return memoria.getvalue()


def construir(almacen: Almacen, nombre_tipo: str, id_registro: str, **opciones: Any) -> bytes:
    return dibujar(preparar(almacen, nombre_tipo, id_registro), **opciones)


def comprobar_salida(salida: Path) -> None:
    if salida.is_dir():
        raise ErrorDocumento(f"«{salida}» es una carpeta; indique un nombre de archivo .pdf.")
    if not salida.parent.is_dir():
        raise ErrorDocumento(f"No se puede escribir «{salida}»: la carpeta no existe.")
    if not os.access(salida.parent, os.W_OK):
        if medio_solo_lectura(salida.parent):
            raise ErrorDocumento(str(ErrorDisco("solo_lectura", salida)))
        raise ErrorDocumento(f"No se puede escribir «{salida}»: no hay permiso en la carpeta.")


def escribir_pdf(contenido: bytes, salida: Path) -> Path:
    """Escribe en un parcial y lo renombra; ante cualquier falla no queda nada a medias."""
    salida = Path(salida)
    comprobar_salida(salida)
    parcial = salida.with_name(salida.name + ".partial")
    try:
        with parcial.open("wb") as f:
            f.write(contenido)
            f.flush()
            os.fsync(f.fileno())
        os.replace(parcial, salida)
    except OSError as e:
        with contextlib.suppress(OSError):  # en un medio de solo lectura, ni esto
            parcial.unlink(missing_ok=True)
        causa = frase_disco(e, salida) or f"No se pudo escribir «{salida}»: {e.strerror or e}."
        raise ErrorDocumento(f"{causa} No quedó ningún archivo a medias.") from None
    except BaseException:
        parcial.unlink(missing_ok=True)
        raise
    return salida


def generar(
    almacen: Almacen, nombre_tipo: str, id_registro: str, salida: Path, **opciones: Any
) -> Path:
    """Revisa la salida antes de trabajar, arma el documento y lo escribe."""
    comprobar_salida(Path(salida))
    return escribir_pdf(construir(almacen, nombre_tipo, id_registro, **opciones), Path(salida))
