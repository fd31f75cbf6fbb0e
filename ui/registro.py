"""Registro de lo que la ventana principal ofrece: secciones, editores de registros y acciones.

Una línea por cosa, como COMANDOS en la CLI. Para sumar algo (una portada, un historial, un
diálogo de exportación, una cola de duplicados) se agrega aquí o en el `SECCIONES` /
`EDITORES` / `ACCIONES` de un área de `AREAS`; la ventana y `ui.menus` no cambian.

- `Seccion`: una entrada de la navegación, con su pantalla `fabrica(tareas, territorio_id)`.
- `Editor`: qué abre `abrir_registro(tipo, id)` y a qué sección pertenece ese tipo de registro.
- `Accion`: un elemento de menú que no es una sección (p. ej. «Respaldar base…»).

`ayuda` es la página de la guía (`recursos/guia/<ayuda>.html`) que F1 abre en esa pantalla;
«pagina#seccion» la abre en la sección de esa pantalla (`<a name="seccion">` en la página).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.tareas import Tareas
    from ui.ventana_principal import VentanaPrincipal

Fabrica = Callable[["Tareas", "str | None"], "QWidget"]


@dataclass(frozen=True)
class Seccion:
    clave: str
    titulo: str
    fabrica: Fabrica
    atajo: str | None = None
    ayuda: str = "inicio"
    # False: la pantalla no depende del territorio elegido (Inicio); si es la inicial, la
    # ventana la arma sin esperar la lista de territorios.
    por_territorio: bool = True
    # El trabajo nombrado («modulo:funcion») que la pantalla pide al armarse; si es la sección
    # inicial, la aplicación lo adelanta al arrancar (`Tareas.adelantar`).
    trabajo: str | None = None


@dataclass(frozen=True)
class Editor:
    """`fabrica(tareas, id)`; sin fábrica, abrir el registro lleva a su `seccion` (territorio)."""

    tipo: str
    fabrica: Callable[[Tareas, str], QWidget] | None
    seccion: str | None
    ayuda: str = "inicio"
    elige_territorio: bool = False


@dataclass(frozen=True)
class Accion:
    menu: str  # «Archivo», «Editar», «Ir», «Ayuda» (se crea si no existe)
    texto: str
    funcion: Callable[[VentanaPrincipal], None]
    atajo: str | None = None
    ayuda: str = ""
    rol: str | None = None  # «oficina» o «campo»: solo se muestra en ese modo


def perezosa(modulo: str, clase: str) -> Callable:
    """La pantalla se importa al abrirla: el arranque no paga por las que no se ven."""

    def fabrica(*argumentos):
        return getattr(importlib.import_module(modulo), clase)(*argumentos)

    fabrica.modulo = modulo  # la ventana lo importa antes, mientras espera sus datos
    return fabrica


def _busqueda(tareas, texto: str):
    from ui.pantallas.busqueda import PantallaBusqueda

    return PantallaBusqueda(tareas, texto, None)


SECCIONES: list[Seccion] = [
    Seccion(
        "inicio",
        "Inicio",
        perezosa("ui.inicio.pantalla", "PantallaInicio"),
        "Ctrl+0",
        por_territorio=False,
        trabajo="pir_campo.servicios.inicio:para_pantalla",  # PantallaInicio.TRABAJO_INICIO
    ),
    Seccion(
        "territorios",
        "Territorios",
        perezosa("ui.pantallas.territorios", "PantallaTerritorios"),
        "Ctrl+1",
        "primer-dia#territorio",
    ),
    Seccion(
        "territorio",
        "Territorio y pasos",
        perezosa("ui.pantallas.territorio", "PantallaTerritorio"),
        "Ctrl+2",
        "primer-dia#territorio",
    ),
    Seccion(
        "talleres",
        "Talleres",
        perezosa("ui.pantallas.talleres", "PantallaTalleres"),
        "Ctrl+3",
        "taller",
    ),
    Seccion(
        "personas",
        "Personas",
        perezosa("ui.pantallas.personas", "PantallaPersonas"),
        "Ctrl+4",
        "datos-personales",
    ),
    Seccion(
        "asistencias",
        "Asistencias",
        perezosa("ui.pantallas.asistencias", "PantallaAsistencias"),
        "Ctrl+5",
        "taller",
    ),
]

# La sección con que abre la ventana (la oficina ve la región; el notebook, qué le toca hacer)
# y la lista de territorios del selector, que la ventana pide al armarse.
INICIAL = "inicio"
TRABAJO_TERRITORIOS = "pir_campo.servicios.territorio:para_elegir"


def adelantos() -> list[str]:
    """Lo que la ventana pide primero: la aplicación lo adelanta mientras la importa y la arma."""
    inicial = next(s for s in SECCIONES if s.clave == INICIAL)
    return [TRABAJO_TERRITORIOS, *filter(None, [inicial.trabajo])]


EDITORES: dict[str, Editor] = {
    e.tipo: e
    for e in (
        Editor("taller", perezosa("ui.taller.editor", "EditorTaller"), "talleres", "taller"),
        Editor("acta", perezosa("ui.acta.editor", "EditorActa"), "territorio", "imprimir-firmar"),
        Editor(
            "persona",
            perezosa("ui.pantallas.persona", "FichaPersona"),
            "personas",
            "datos-personales",
        ),
        Editor("busqueda", _busqueda, None, "inicio"),
        Editor("territorio", None, "territorio", "primer-dia", elige_territorio=True),
        # Desde Inicio y el mapa: «territorio|paso» y «territorio|id».
        Editor("paso", None, "territorio", "primer-dia", elige_territorio=True),
        Editor(
            "necesidad", None, "necesidades", "planificacion#necesidades", elige_territorio=True
        ),
        Editor("iniciativa", None, "pmdt", "planificacion#pmdt", elige_territorio=True),
    )
}


def _exportar_datos(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.exportar_datos").abrir(ventana)


def _responder_recuperacion(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.recuperacion").responder_solicitud(ventana)


def _rotar_llaves(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.llaves_oficina").rotar_llaves(ventana)


def _guardar_llave_recuperacion(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.llaves_oficina").guardar_llave_recuperacion(ventana)


def _respaldar_en(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.respaldo").respaldar_en(ventana)


def _restaurar_respaldo(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.respaldo").restaurar(ventana)


def _conservacion(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.conservacion").abrir(ventana)


def _publicar_servidor(ventana: VentanaPrincipal) -> None:
    importlib.import_module("ui.publicar_servidor").abrir(ventana)


ACCIONES: list[Accion] = [
    Accion("Archivo", "E&xportar datos…", _exportar_datos, "Ctrl+E", "Excel, CSV o QGIS"),
    Accion(
        "Archivo",
        "&Respaldar en…",
        _respaldar_en,
        None,
        "La base, su llave y sus adjuntos en un archivo, en una carpeta o un pendrive",
    ),
    Accion(
        "Archivo",
        "Res&taurar respaldo…",
        _restaurar_respaldo,
        None,
        "Vuelve la base a como estaba en un respaldo; la de ahora queda como copia",
    ),
    Accion(
        "Archivo",
        "Res&ponder solicitud de recuperación…",
        _responder_recuperacion,
        None,
        "Abre la solicitud de un notebook que olvidó su frase de acceso y escribe la respuesta",
        rol="oficina",
    ),
    Accion(
        "Archivo",
        "Rotar &llaves…",
        _rotar_llaves,
        None,
        "La oficina crea llaves nuevas de firma y de cifrado; los notebooks las reciben en "
        "su próximo paquete",
        rol="oficina",
    ),
    Accion(
        "Archivo",
        "Guardar llave de recuperació&n…",
        _guardar_llave_recuperacion,
        None,
        "Un archivo para guardar fuera de la oficina: rehace la oficina si su base se pierde",
        rol="oficina",
    ),
    Accion(
        "Archivo",
        "Publicar en ser&vidor…",
        _publicar_servidor,
        None,
        "La oficina publica sus datos en PostgreSQL/PostGIS para el nivel nacional y QGIS",
        rol="oficina",
    ),
    Accion(
        "Archivo",
        "Plazo de &conservación y registros…",
        _conservacion,
        None,
        "La oficina suprime los datos de las personas de territorios cuyo plan cerró hace más "
        "del plazo; registro de solicitudes y de tratamiento en PDF",
    ),
]

# Paquetes de otras áreas que exportan `SECCIONES` (y, si quieren, `EDITORES` y `ACCIONES`);
# se agregan a la navegación después de las propias, en cuanto la ventana ya muestra sus datos:
# importarlas cuesta ~0,2 s que el arranque no espera.
AREAS: tuple[str, ...] = ("ui.planificacion", "ui.sincronizacion", "ui.revision")


def cargar_areas() -> list[Seccion]:
    """Las secciones de las áreas; sus editores y acciones quedan en el registro."""
    secciones: list[Seccion] = []
    for paquete in AREAS:
        modulo = importlib.import_module(paquete)
        secciones.extend(modulo.SECCIONES)
        for editor in getattr(modulo, "EDITORES", ()):
            EDITORES.setdefault(editor.tipo, editor)
        for accion in getattr(modulo, "ACCIONES", ()):
            if accion not in ACCIONES:
                ACCIONES.append(accion)
    return secciones


def editor(tipo: str) -> Editor | None:
    return EDITORES.get(tipo)
