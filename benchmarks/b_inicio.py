"""Inicio, mapa y gráficos (issue 15).

- Arranque hasta la ventana usable con datos (abre en Inicio), notebook con 2.000 talleres,
  contra el mismo guion de QApplication + QMainWindow vacía de b_interfaz. Límite: 2 veces.
- Arranque de una oficina con 20.000 talleres hasta Inicio con sus datos (la grilla, el mapa y
  los notebooks; los gráficos llegan en un segundo trabajo), contra el mismo piso. Límite: 2.
- Inicio de una oficina con 20.000 talleres: lo que tarda en dibujarse (grilla, mapa, los cinco
  gráficos de QtCharts y un repintado completo) desde que llegan sus datos, sin el tiempo de
  las consultas. Límite: 300 ms.
- Informe regional de avance de esa oficina (consultas + PDF vectorial) contra un documento
  reportlab desnudo con los mismos dibujos (un gráfico de barras por gráfico, con los mismos
  números, y un mapa con un círculo por punto). Límite: 3 veces, pedido desde Inicio (lo ya
  leído se recuerda) y en frío, recién abierta la base (la CLI; la participación llega ya
  contada, esquema 13).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

import b_interfaz
from medir import Fila, mediana

VERSION = "v3e14"  # cambia si cambia el esquema o la demo


def _base(rol: str, territorios: int, talleres: int) -> Path:
    """Una base con la demo, de notebook o de oficina (cacheada en la carpeta temporal)."""
    nombre = f"pir_b_inicio_{VERSION}_{rol}_{territorios}_{talleres}.sqlite"
    ruta = Path(tempfile.gettempdir()) / nombre
    listo = ruta.with_suffix(".listo")
    if not listo.exists():
        import shutil

        from pir_campo import adjuntos
        from pir_campo.almacen import Almacen
        from pir_campo.cli.cmd_demo import crear_demo

        ruta.unlink(missing_ok=True)
        shutil.rmtree(adjuntos.carpeta_de(ruta), ignore_errors=True)
        Almacen.iniciar(ruta, rol, "Medición", "09").cerrar()
        crear_demo(ruta, territorios=territorios, talleres=talleres, semilla=7)
        listo.touch()
    return ruta


def medir_arranque(veces: int, talleres: int) -> Fila:
    fila = b_interfaz.medir_arranque(_base("campo", 10, talleres), veces, talleres)
    fila.descripcion = f"inicio: arranque hasta Inicio con datos ({talleres:,} talleres)".replace(
        ",", "."
    )
    fila.limite = 2
    return fila


def medir_dibujo(ruta: Path, veces: int) -> Fila:
    """Desde que llegan los datos (termina el primer trabajo de la base) hasta la pantalla
    entera dibujada (grilla, mapa y los cinco gráficos, `grab`), sin contar el tiempo dentro
    de la base: ni el primer trabajo ni el segundo, el de los gráficos."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import app as app_ui
    from ui.inicio.pantalla import PantallaInicio
    from ui.tareas import Tareas, resolver

    qapp = QApplication.instance() or QApplication([])
    app_ui.configurar(qapp)
    tareas = Tareas(ruta, en_linea=True)
    en_base: list[float] = []  # (fin de cada trabajo, su duración)
    llegadas: list[float] = []
    ejecutar = tareas.ejecutar

    def cronometrado(trabajo, *resto, **claves):
        def medido(almacen):
            inicio = time.perf_counter()
            try:
                return resolver(trabajo)(almacen)
            finally:
                fin = time.perf_counter()
                en_base.append(fin - inicio)
                llegadas.append(fin)

        return ejecutar(medido, *resto, **claves)

    tareas.ejecutar = cronometrado
    consulta, dibujo = [], []
    for i in range(veces + 1):
        en_base.clear()
        llegadas.clear()
        pantalla = PantallaInicio(tareas, None)  # en línea: los datos llegan aquí mismo
        pantalla.resize(1150, 700)
        pantalla.show()
        qapp.processEvents()  # los gráficos se arman en el siguiente giro del bucle
        pantalla.grab()  # un dibujo completo de todo lo visible
        fin = time.perf_counter()
        total = fin - llegadas[0] - sum(en_base[1:])
        if len(pantalla.paneles) != 5:
            raise RuntimeError(f"Inicio dibujó {len(pantalla.paneles)} gráficos, no 5")
        if i:  # la primera vuelta importa QtCharts: se cuenta aparte
            consulta.append(sum(en_base))
            dibujo.append(total)
        else:
            primera = total
        pantalla.close()
        pantalla.deleteLater()
        qapp.processEvents()
    tareas.cerrar()
    return Fila(
        "inicio: oficina con 20.000 talleres, dibujo tras llegar los datos",
        mediana(dibujo),
        None,
        0.3,
        nota=f"mediana de {veces}; 1.ª vez (importa QtCharts) {primera * 1000:.0f} ms; "
        f"consultas {mediana(consulta) * 1000:.0f} ms (los gráficos, recordados tras la 1.ª)",
    )


def _piso_informe(datos: dict) -> bytes:
    """Documento reportlab desnudo con los mismos dibujos: barras con los mismos números y un
    círculo por punto del mapa, sin estilos, fuentes propias ni consultas."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Circle, Drawing
    from reportlab.platypus import SimpleDocTemplate

    historia = []
    mapa = Drawing(500, 300)
    for p in datos["mapa"]["puntos"]:
        mapa.add(Circle((p[4] + 75) * 100 % 500, (p[3] + 40) * 100 % 300, 3))
    historia.append(mapa)
    for g in datos["graficos"]:
        d = Drawing(500, 200)
        barras = HorizontalBarChart()
        barras.data = [v for _n, v in g["series"]] or [[0]]
        barras.categoryAxis.categoryNames = g["categorias"] or [""]
        d.add(barras)
        historia.append(d)
    memoria = io.BytesIO()
    SimpleDocTemplate(memoria, invariant=1).build(historia)
    return memoria.getvalue()


def medir_informe(ruta: Path, veces: int) -> list[Fila]:
    """Dos filas: pedido desde Inicio (la misma conexión ya leyó la participación, que se
    recuerda mientras la base no cambie) y en frío, recién abierta la base (la CLI)."""
    from pir_campo.almacen import Almacen
    from pir_campo.documentos import informe_regional

    real, frio, piso = [], [], []
    with Almacen.abrir(ruta) as a:
        datos = informe_regional.datos(a)
        informe_regional.construir(a)  # fuentes y módulos cargados antes de medir
        _piso_informe(datos)
        for _ in range(veces):
            inicio = time.perf_counter()
            informe_regional.construir(a)
            real.append(time.perf_counter() - inicio)
            inicio = time.perf_counter()
            _piso_informe(datos)
            piso.append(time.perf_counter() - inicio)
            with Almacen.abrir(ruta) as nueva:
                inicio = time.perf_counter()
                informe_regional.construir(nueva)
                frio.append(time.perf_counter() - inicio)
    nota = f"mediana de {veces}; {len(datos['mapa']['puntos'])} puntos, "
    nota += f"{len(datos['graficos'])} gráficos"
    return [
        Fila(
            "inicio: informe regional desde Inicio (20.000 talleres)",
            mediana(real),
            mediana(piso),
            3,
            nota=nota,
        ),
        Fila(
            "inicio: informe regional en frío, base recién abierta (CLI)",
            mediana(frio),
            mediana(piso),
            3,
            nota=nota,
        ),
    ]


def medir_arranque_oficina(ruta: Path, veces: int, talleres: int) -> Fila:
    fila = b_interfaz.medir_arranque(ruta, veces, talleres)
    fila.descripcion = f"inicio: arranque de la oficina hasta Inicio ({talleres:,} talleres)"
    fila.descripcion = fila.descripcion.replace(",", ".")
    fila.limite = 2
    return fila


def medir(rapido: bool = False) -> list[Fila]:
    talleres = 200 if rapido else 2000
    oficina = _base("oficina", 4, 2000) if rapido else _base("oficina", 40, 20000)
    return [
        medir_arranque(3 if rapido else 7, talleres),
        medir_arranque_oficina(oficina, 3 if rapido else 5, 2000 if rapido else 20000),
        medir_dibujo(oficina, 3 if rapido else 5),
        *medir_informe(oficina, 3 if rapido else 5),
    ]


if __name__ == "__main__":
    sys.exit("Use: python benchmarks/medir.py inicio")
