"""Capturas de cada pantalla a 1366x768 con la demo, para mirarlas (xvfb-run) y para la guía.

Uso: xvfb-run -s "-screen 0 1366x768x24" python scripts/capturas.py BASE.sqlite capturas/ [PUNTOS]

PUNTOS es el tamaño de letra (por omisión el del sistema; 14, el mayor de Ajustes).

Las imágenes de la guía (recursos/guia/img) salen de esta misma herramienta, así la guía no se
aleja de las pantallas:

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/capturas.py --guia recursos/guia/img

crea en una carpeta temporal la demo de un notebook y una oficina de La Araucanía que se
intercambian paquetes (con un conflicto de verdad), y fotografía cada pantalla que la guía
muestra (`GUIA`), recortada a la pantalla en uso y en PNG de paleta (pocos KB).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Las pantallas de esta copia del repositorio, no las de otra instalada en el entorno.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from pir_campo.almacen import Almacen  # noqa: E402
from pir_campo.modelos import ActaValidacion, Persona, Taller  # noqa: E402
from ui.app import aplicacion  # noqa: E402
from ui.tareas import Tareas  # noqa: E402
from ui.ventana_principal import VentanaPrincipal  # noqa: E402


def esperar(ms: int = 400) -> None:
    bucle = QEventLoop()
    QTimer.singleShot(ms, bucle.quit)
    bucle.exec()


def main() -> None:
    ruta, carpeta = Path(sys.argv[1]), Path(sys.argv[2])
    puntos = int(sys.argv[3]) if len(sys.argv) > 3 else None
    carpeta.mkdir(parents=True, exist_ok=True)
    with Almacen.abrir(ruta) as a:
        taller = a.listar(Taller, orden="fecha", estado="cerrado")[-1]["id"]
        abierto = a.listar(Taller, orden="fecha", estado="borrador")[-1]["id"]
        acta = a.listar(ActaValidacion, orden="fecha")[0]["id"]
        persona = a.listar(Persona, orden="nombre")[0]["id"]
    aplicacion()
    if puntos:
        from ui.pantallas.ajustes import aplicar_tamano_letra

        aplicar_tamano_letra(puntos)
    tareas = Tareas(ruta)
    ventana = VentanaPrincipal(tareas)
    ventana.show()  # el tamaño de la primera vez, sin geometría guardada
    esperar(1200)
    ventana.grab().save(str(carpeta / "00_primera_ventana.png"))
    ventana.showMaximized()
    esperar(800)

    def foto(nombre: str, widget=None) -> None:
        esperar()
        (widget or ventana).grab().save(str(carpeta / f"{nombre}.png"))

    for i, nombre in enumerate(
        ["inicio", "territorios", "territorio", "talleres", "personas", "asistencias"]
    ):
        ventana.ir_a(i)
        foto(f"{i + 1:02d}_{nombre}")
    ventana.ir_a(2)
    for nombre, tipo, id_ in (
        ("taller_cerrado", "taller", taller),
        ("taller_abierto", "taller", abierto),
        ("acta", "acta", acta),
        ("persona", "persona", persona),
    ):
        ventana.abrir_registro(tipo, id_)
        esperar(800)
        foto(f"06_{nombre}")
        pagina = ventana.pagina_actual()
        if hasattr(pagina, "pestanas"):
            for j in range(1, pagina.pestanas.count()):
                pagina.pestanas.setCurrentIndex(j)
                foto(f"06_{nombre}_{j}")
        ventana.volver()
    from ui import menus

    for numero, clave in (
        (10, "sincronizacion"),
        (11, "seguimiento_regional"),
        (12, "conflictos"),
        (13, "necesidades"),
        (14, "pmdt"),
        (15, "capacidad"),
        (16, "oferta"),
    ):
        ventana.ir_a(menus.indice_de(ventana, clave))
        foto(f"{numero}_{clave}")
    ventana.busqueda.setText("mar")
    ventana.buscar()
    foto("07_busqueda")
    ventana.volver()
    from ui.pantallas.ajustes import DialogoAjustes

    dialogo = DialogoAjustes(tareas, ventana)
    dialogo.show()
    foto("08_ajustes", dialogo)
    dialogo.close()
    from ui.asistente_inicio import AsistenteInicio

    asistente = AsistenteInicio(Path("/tmp/no_existe/pir_campo.sqlite"))
    asistente.show()
    foto("09_asistente", asistente)
    asistente.close()
    ventana.close()
    tareas.cerrar()
    QCoreApplication.quit()


# Las imágenes de la guía: nombre del archivo (sin .png) y qué muestra. La prueba de la guía
# comprueba que cada imagen que una página usa está aquí.
GUIA: dict[str, str] = {
    "asistente": "el asistente de la primera vez",
    "ventana": "la ventana entera en Inicio: menús, selector de territorio, secciones",
    "territorios": "la lista de territorios",
    "05_personas": "Personas, con sus posibles duplicados (nombre de antes: la usan otras páginas)",
    "territorio_pasos": "Territorio y pasos",
    "taller_datos": "el taller, pestaña Datos",
    "taller_asistencia": "el taller, pestaña Asistencia",
    "taller_acuerdos": "el taller, pestaña Acuerdos",
    "taller_adjuntos": "el taller, pestaña Adjuntos",
    "imprimir": "el diálogo Imprimir de un taller",
    "acta_firmantes": "el acta de validación, pestaña Firmantes",
    "historial": "el historial de un registro",
    "sincronizacion_notebook": "Sincronización en el notebook, después del recibo",
    "observaciones": "Observaciones de la oficina, en el notebook",
    "oficina_sincronizacion": "Sincronización en la oficina, con sus notebooks",
    "oficina_entregas": "Paquetes recibidos, en la oficina",
    "oficina_revision": "Revisión, en la oficina",
    "oficina_conflictos": "un conflicto abierto, en la oficina",
    "oficina_regional": "Seguimiento regional",
    "exportar_datos": "el diálogo Exportar datos",
    "necesidades": "Necesidades",
    "priorizacion": "Priorización",
    "pmdt_cartera": "PMDT, pestaña Cartera de iniciativas",
    "capacidad": "Capacidad de gestión",
}


def guardar_liviano(imagen, ruta: Path) -> None:
    """PNG de paleta (256 colores, sin tramado): las capturas de pantalla pesan ~4 veces menos
    y el texto sigue nítido. Pillow viene con reportlab."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    imagen.save(buffer, "PNG")
    import io

    original = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    paleta = original.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    paleta.save(ruta, optimize=True)


def preparar_red(carpeta: Path) -> tuple[Path, Path]:
    """La demo como notebook y una oficina registrados entre sí; el notebook envía todo, la
    oficina revisa (aprueba tres talleres y observa uno) y le devuelve el recibo, y un mismo
    teléfono cambiado en ambos deja un conflicto."""
    import os

    os.environ.setdefault("PIR_CAMPO_CLAVE", "demostracion pir campo")
    from pir_campo.cli.cmd_demo import crear_demo
    from pir_campo.sincro import exportar, identidad, importar

    notebook, oficina = carpeta / "notebook.sqlite", carpeta / "oficina.sqlite"
    crear_demo(notebook, 3, 24, 1)
    Almacen.iniciar(oficina, "oficina", "GORE La Araucanía", "09").cerrar()
    with Almacen.abrir(notebook) as n, Almacen.abrir(oficina) as o:
        o.fijar_persona("Coordinación regional", recordar=True)
        for origen, destino, nombre in ((o, n, "oficina"), (n, o, "notebook")):
            identidad.escribir(origen, carpeta / f"{nombre}.json")
            identidad.confiar(destino, identidad.leer(carpeta / f"{nombre}.json"))
        contador = iter(range(100))

        def enviar(origen, destino) -> None:
            ruta = carpeta / f"paquete{next(contador)}.pirb"
            para = destino.dispositivo if origen.rol == "oficina" else None
            exportar.exportar(origen, ruta, para=para)
            importar.importar(destino, ruta)

        enviar(n, o)
        from pir_campo.servicios import revision

        talleres = o.listar(Taller, orden="fecha", estado="cerrado")
        revision.revisar(o, [t["id"] for t in talleres[:3]], "aprobado")
        revision.revisar(
            o,
            [talleres[-1]["id"]],
            "observado",
            "Falta adjuntar la foto de la hoja de asistencia firmada.",
        )
        enviar(o, n)
        persona = n.listar(Persona, orden="nombre")[0]["id"]
        n.actualizar(Persona, persona, {"telefono": "+56 9 8765 4321"})
        o.actualizar(Persona, persona, {"telefono": "+56 9 5555 0101"})
        enviar(n, o)
    return notebook, oficina


def guia(carpeta: Path) -> None:
    import tempfile

    carpeta.mkdir(parents=True, exist_ok=True)
    aplicacion()
    with tempfile.TemporaryDirectory(prefix="pir-guia-") as tmp:
        notebook, oficina = preparar_red(Path(tmp))
        hechas = _guia_notebook(notebook, carpeta) | _guia_oficina(oficina, carpeta)
    faltan = set(GUIA) - hechas
    if faltan:
        raise SystemExit(f"Faltan capturas de la guía: {', '.join(sorted(faltan))}")
    QCoreApplication.quit()


def _ventana(ruta: Path):
    tareas = Tareas(ruta)
    ventana = VentanaPrincipal(tareas)
    ventana.resize(1280, 720)
    ventana.show()
    esperar(1500)
    return tareas, ventana


def _foto(carpeta: Path, hechas: set[str], nombre: str, widget) -> None:
    assert nombre in GUIA, nombre
    esperar()
    guardar_liviano(widget.grab().toImage(), carpeta / f"{nombre}.png")
    hechas.add(nombre)


def _seccion(ventana, clave: str):
    from ui import menus

    ventana.ir_a(menus.indice_de(ventana, clave))
    esperar(700)
    return ventana.pagina_actual()


def _guia_notebook(ruta: Path, carpeta: Path) -> set[str]:
    from ui.asistente_inicio import AsistenteInicio
    from ui.documentos import abrir_dialogo
    from ui.historial import abrir_historial

    hechas: set[str] = set()
    foto = lambda nombre, widget: _foto(carpeta, hechas, nombre, widget)  # noqa: E731
    asistente = AsistenteInicio(Path("/tmp/no_existe/pir_campo.sqlite"))
    asistente.show()
    foto("asistente", asistente)
    asistente.close()
    with Almacen.abrir(ruta) as a:
        abierto = a.listar(Taller, orden="fecha", estado="borrador")[-1]["id"]
        acta = a.listar(ActaValidacion, orden="fecha")[0]["id"]
    tareas, ventana = _ventana(ruta)
    foto("ventana", ventana)
    for clave, nombre in (
        ("territorios", "territorios"),
        ("territorio", "territorio_pasos"),
        ("personas", "05_personas"),
        ("sincronizacion", "sincronizacion_notebook"),
        ("observaciones", "observaciones"),
        ("necesidades", "necesidades"),
        ("priorizacion", "priorizacion"),
        ("capacidad", "capacidad"),
    ):
        foto(nombre, _seccion(ventana, clave))
    pmdt = _seccion(ventana, "pmdt")
    pmdt.pestanas.setCurrentIndex(1)
    foto("pmdt_cartera", pmdt)
    ventana.abrir_registro("taller", abierto)
    esperar(900)
    editor = ventana.pagina_actual()
    for indice, nombre in enumerate(
        ("taller_datos", "taller_asistencia", None, "taller_acuerdos", "taller_adjuntos")
    ):
        if nombre:
            editor.pestanas.setCurrentIndex(indice)
            foto(nombre, editor)
    dialogo = abrir_dialogo(editor, ventana)
    dialogo.tipo.setCurrentIndex(dialogo.tipo.findData("lista-asistencia"))
    foto("imprimir", dialogo)
    dialogo.close()
    historial = abrir_historial(editor, abierto)
    esperar(600)
    foto("historial", historial)
    historial.close()
    ventana.volver()
    ventana.abrir_registro("acta", acta)
    esperar(900)
    editor = ventana.pagina_actual()
    editor.pestanas.setCurrentIndex(1)
    foto("acta_firmantes", editor)
    ventana.close()
    tareas.cerrar()
    return hechas


def _guia_oficina(ruta: Path, carpeta: Path) -> set[str]:
    from ui.exportar_datos import DialogoExportarDatos

    hechas: set[str] = set()
    foto = lambda nombre, widget: _foto(carpeta, hechas, nombre, widget)  # noqa: E731
    tareas, ventana = _ventana(ruta)
    for clave, nombre in (
        ("sincronizacion", "oficina_sincronizacion"),
        ("entregas", "oficina_entregas"),
        ("revision", "oficina_revision"),
        ("seguimiento_regional", "oficina_regional"),
    ):
        foto(nombre, _seccion(ventana, clave))
    conflictos = _seccion(ventana, "conflictos")
    conflictos.tabla.selectRow(0)
    foto("oficina_conflictos", conflictos)
    dialogo = DialogoExportarDatos(tareas, ventana)
    dialogo.destino.setText("Documentos/datos_pir_campo.xlsx")  # no la carpeta de quien captura
    dialogo.show()
    foto("exportar_datos", dialogo)
    dialogo.close()
    ventana.close()
    tareas.cerrar()
    return hechas


if __name__ == "__main__":
    if sys.argv[1:2] == ["--guia"]:
        guia(Path(sys.argv[2]))
    else:
        main()
