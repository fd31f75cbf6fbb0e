"""Lista de asistencia larga, filas para firmar a mano y textos largos que no se salen."""

from __future__ import annotations

import re

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from pir_campo.documentos import estilos as es
from pir_campo.documentos import generar
from pir_campo.documentos.lista_asistencia import ALTO_FILA
from pir_campo.modelos import Acuerdo, Taller
from tests.nucleo.apoyo_documentos import leer_pgm, paginas_texto, renderizar, taller_grande


def _numeros_de_fila(pagina: str) -> list[int]:
    # El número de fila, solo o con la casilla «Autorizo» de una fila en blanco.
    return [int(m) for m in re.findall(r"^(\d{1,3})(?:\s+[☐☒])?$", pagina, flags=re.M)]


def test_300_asistentes_dan_un_anexo_de_varias_hojas_con_encabezado(almacen, tmp_path):
    from pir_campo.modelos import Territorio

    almacen.insertar(Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]})
    taller = taller_grande(almacen, 300)
    ruta = generar.generar(almacen, "lista-asistencia", taller, tmp_path / "lista.pdf", en_blanco=5)
    paginas = paginas_texto(ruta)
    assert len(paginas) >= 300 // 20
    for pagina in paginas:
        assert "Nombre completo" in pagina and "Firma" in pagina and "RUT" in pagina
        assert "Anexo con datos personales" in pagina
    todo = "\n".join(paginas)
    assert "Persona Ñuñoa Núñez 000" in todo and "Persona Ñuñoa Núñez 299" in todo
    # Filas de al menos 12 mm: en una hoja Carta no caben más de 20.
    assert max(len(set(_numeros_de_fila(p))) for p in paginas) <= 20
    assert len(renderizar(ruta, tmp_path)) == len(paginas)

    acta = " ".join(
        paginas_texto(generar.generar(almacen, "acta-taller", taller, tmp_path / "acta.pdf"))
    ).replace("\n", " ")
    assert "Asistieron 300 personas; 30 se declararon afrodescendientes" in acta
    assert re.search(r"Mujer 100\b", acta) and re.search(r"Mapuche 75\b", acta)
    assert re.search(r"Sin dato 100\b", acta) and re.search(r"65 años o más 150\b", acta)
    assert "Persona Ñuñoa Núñez" not in acta


def test_filas_de_al_menos_12_mm_aunque_el_texto_ajuste_lineas():
    tabla = es.tabla(
        ["N°", "Nombre", "Firma"],
        [
            ["1", "Ana", ""],
            ["2", "María José de las Mercedes Huenchumilla Ñancupil " * 2, ""],
            ["3", "", ""],
        ],
        [10 * mm, 40 * mm, 40 * mm],
        alto_fila=ALTO_FILA,
    )
    tabla.wrapOn(canvas.Canvas("/dev/null"), 200 * mm, 250 * mm)
    altos = tabla._rowHeights[1:]
    assert min(altos) >= 12 * mm
    assert altos[1] > altos[0]


def test_hoja_de_firmas_filas_altas_y_encabezado_en_cada_trozo():
    from pir_campo.documentos.hoja_firmas import HojaFirmas

    es.registrar_fuentes()
    filas = [
        [
            str(n),
            "María José de las Mercedes Huenchumilla Ñancupil" if n % 7 == 0 else "Ana",
            "",
            "",
        ]
        for n in range(1, 61)
    ]
    hoja = HojaFirmas(
        ["N°", "Nombre", "RUT", "Firma"], filas, [10 * mm, 40 * mm, 25 * mm, 50 * mm], ALTO_FILA
    )
    assert min(hoja.altos) >= 12 * mm
    assert hoja.altos[6] > hoja.altos[0]  # la fila 7, de nombre largo, tiene más líneas
    primero, resto = hoja.split(125 * mm, 230 * mm)
    assert primero.wrap(125 * mm, 230 * mm)[1] <= 230 * mm
    assert len(primero.altos) + len(resto.altos) == 60
    assert primero.cabeza == resto.cabeza == hoja.cabeza


def test_lista_en_blanco_antes_del_taller(almacen, tmp_path):
    from pir_campo.modelos import Territorio

    tid = almacen.insertar(
        Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]}
    )
    taller = almacen.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 1,
            "titulo": "Taller de inicio en Llaguepulli",
            "fecha": "2030-01-15",
        },
    )
    ruta = generar.generar(almacen, "lista-asistencia", taller, tmp_path / "b.pdf", en_blanco=25)
    paginas = paginas_texto(ruta)
    numeros = sorted({n for p in paginas for n in _numeros_de_fila(p)})
    assert numeros[-1] == 25 and len(paginas) <= 3
    assert "Por la comunidad" in paginas[-1] and "Por el sector público" in paginas[-1]
    assert "Taller de inicio en Llaguepulli" in paginas[0]


def test_textos_largos_ajustan_y_no_se_salen_de_la_hoja(almacen, tmp_path):
    from pir_campo.modelos import Territorio

    tid = almacen.insertar(
        Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]}
    )
    palabra = "Participación comunitaria "
    taller = almacen.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 4,
            "titulo": "Elaboración del PMDT " * 9,
            "fecha": "2026-03-02",
            "lugar": "Sede social " * 15,
            "discusion": palabra * 700,
            "agenda": "1. Punto largo " * 200,
            "facilitadores": "; ".join(["Ana María Pérez Huenchumilla de los Ángeles"] * 5),
        },
    )
    almacen.insertar(
        Acuerdo,
        {
            "territorio_id": tid,
            "taller_id": taller,
            "texto": "Compromiso extenso " * 100,
            "responsable": "Junta de Vecinos Villa Los Aromos de Puerto Domínguez " * 3,
        },
    )
    personas_largas = taller_grande(
        almacen,
        3,
        nombre="María de los Ángeles Huenchumilla Ñancupil " * 3,
        titulo="Taller con nombres largos",
        lugar="Escuela " * 20,
    )
    for tipo, id_, esperado in (
        ("acta-taller", taller, "Participación"),
        ("lista-asistencia", personas_largas, "Huenchumilla"),
    ):
        ruta = generar.generar(almacen, tipo, id_, tmp_path / f"{tipo}.pdf")
        texto = " ".join(paginas_texto(ruta)).replace("\n", " ")
        assert esperado in texto
        for pgm in renderizar(ruta, tmp_path, resolucion=50, gris=True):
            _sin_tinta_fuera_del_cuerpo(pgm)
    assert "Compromiso extenso" in " ".join(paginas_texto(tmp_path / "acta-taller.pdf"))


def _sin_tinta_fuera_del_cuerpo(pgm) -> None:
    """Los márgenes laterales quedan en blanco: nada se desborda de las columnas."""
    ancho, alto, px = leer_pgm(pgm)
    escala = ancho / es.PAGINA[0]
    izq = int(es.MARGEN_IZQ * escala) - 1
    der = int((es.PAGINA[0] - es.MARGEN_DER) * escala) + 2
    for y in range(alto):
        fila = px[y * ancho : (y + 1) * ancho]
        assert min(fila[:izq], default=255) > 200, f"tinta en el margen izquierdo ({pgm.name})"
        assert min(fila[der:], default=255) > 200, f"tinta en el margen derecho ({pgm.name})"


def test_lista_en_orden_alfabetico_sin_importar_tildes(almacen, tmp_path):
    from pir_campo.modelos import Asistencia, Persona, Territorio

    tid = almacen.insertar(
        Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]}
    )
    taller = almacen.insertar(
        Taller, {"territorio_id": tid, "paso": 1, "titulo": "Inicio", "fecha": "2026-01-15"}
    )
    nombres = ["Zoila Soto", "Álvaro Núñez", "Alberto Paillán", "Ñuble Pérez", "Nuri Rojas"]
    personas = almacen.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": n} for n in nombres]
    )
    almacen.insertar_lote(
        Asistencia, [{"territorio_id": tid, "taller_id": taller, "persona_id": p} for p in personas]
    )
    texto = paginas_texto(generar.generar(almacen, "lista-asistencia", taller, tmp_path / "l.pdf"))
    posiciones = [
        texto[0].index(n)
        for n in ["Alberto Paillán", "Álvaro Núñez", "Nuri Rojas", "Ñuble Pérez", "Zoila Soto"]
    ]
    assert posiciones == sorted(posiciones)


def test_la_hoja_no_imprime_las_columnas_de_datos_que_la_region_no_recoge(oficina, tmp_path):
    """Minimización (Ley 21.719): lo que la región no recoge tampoco se pide en el papel."""
    from pir_campo.modelos import Territorio
    from pir_campo.servicios import envios

    oficina.insertar(Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]})
    taller = taller_grande(oficina, 3)
    completa = "\n".join(
        paginas_texto(generar.generar(oficina, "lista-asistencia", taller, tmp_path / "a.pdf"))
    )
    assert "RUT" in completa and "Teléfono" in completa and "Autorizo" in completa

    envios.fijar_campos_personales(
        oficina, ["rut", "telefono", "pueblo_originario", "afrodescendiente", "cargo"]
    )
    minima = "\n".join(
        paginas_texto(generar.generar(oficina, "lista-asistencia", taller, tmp_path / "b.pdf"))
    )
    assert "Nombre completo" in minima and "Firma" in minima and "Aviso de privacidad" in minima
    # El aviso impreso nombra la casilla; la tabla ya no la tiene, ni RUT, ni teléfono.
    assert "N° Nombre completo Organización Firma" in minima
    for fuera in ("RUT", "Teléfono", "Organización y cargo", "☐"):
        assert fuera not in minima, fuera
    assert "Persona Ñuñoa Núñez 000" in minima

    envios.fijar_campos_personales(oficina, ["telefono"])
    sin_telefono = "\n".join(
        paginas_texto(generar.generar(oficina, "lista-asistencia", taller, tmp_path / "c.pdf"))
    )
    assert "RUT" in sin_telefono and "Autorizo" in sin_telefono and "Teléfono" not in sin_telefono
    assert "El RUT es voluntario." in sin_telefono.replace("\n", " ")


def test_encabezado_angosto_baja_de_tamano_antes_que_partir_la_palabra():
    es.registrar_fuentes()
    ancho = 24 * mm  # «Prefactibilidad» en negrita 8,5 pt mide casi 25 mm, más el relleno
    util = ancho - 2 * es.RELLENO_CELDA
    assert es.tamano_que_cabe("Total", es.FUENTE_NEGRITA, util) == es.TAMANO_CELDA
    tam = es.tamano_que_cabe("Prefactibilidad", es.FUENTE_NEGRITA, util)
    assert es.TAMANO_MINIMO_CELDA <= tam < es.TAMANO_CELDA
    tabla = es.tabla(["", "Prefactibilidad"], [["Agua potable", "1"]], [40 * mm, ancho])
    assert tabla._cellvalues[0][1] == "Prefactibilidad"  # entera, en una línea
    assert tabla._cellStyles[0][1].fontsize == tam
    assert tabla._cellStyles[0][0].fontsize == es.TAMANO_CELDA


def test_palabra_que_no_cabe_ni_en_letra_minima_se_corta_con_guion():
    es.registrar_fuentes()
    lineas = es.partir("Electrificación", es.FUENTE_NEGRITA, 20, es.TAMANO_MINIMO_CELDA)
    assert len(lineas) > 1 and all(linea.endswith("-") for linea in lineas[:-1])
    assert "".join(linea.removesuffix("-") for linea in lineas) == "Electrificación"
