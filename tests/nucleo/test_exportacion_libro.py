"""El libro XLSX leído de vuelta con openpyxl, como lo abriría Excel: hojas, encabezados,
tipos (números, fechas, RUT como texto), acentos, conteos iguales a los de la base y, sin datos
personales, ningún nombre ni RUT en todo el archivo."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest

from pir_campo import exportacion, rut
from pir_campo.modelos import (
    ActaValidacion,
    Acuerdo,
    Asistencia,
    Diagnostico,
    Firmante,
    Iniciativa,
    Localidad,
    Necesidad,
    OfertaInversion,
    Persona,
    Pmdt,
    Taller,
    Territorio,
)

HOJAS = [
    "Léame",
    "Territorios",
    "Localidades",
    "Talleres",
    "Asistencia",
    "Acuerdos",
    "Actas y firmantes",
    "Necesidades",
    "Oferta de inversión",
    "PMDT y cartera",
    "Diagnósticos",
    "Seguimiento",
]
_RUT = re.compile(r"^\d{1,3}(\.\d{3}){1,2}-[\dK]$")


def _libro(almacen, tmp_path, nombre="datos.xlsx", **filtro):
    ruta = tmp_path / nombre
    r = exportacion.exportar(almacen, "xlsx", ruta, exportacion.Filtro(**filtro))
    return openpyxl.load_workbook(ruta), r


def _tabla(libro, hoja) -> tuple[list[str], list[tuple]]:
    filas = list(libro[hoja].iter_rows(values_only=True))
    return list(filas[0]), filas[1:]


def _columna(libro, hoja, titulo) -> list:
    encabezado, filas = _tabla(libro, hoja)
    i = encabezado.index(titulo)
    return [f[i] for f in filas]


def test_una_hoja_por_instrumento_con_conteos_iguales_a_la_base(almacen_demo, tmp_path):
    libro, r = _libro(almacen_demo, tmp_path)
    a = almacen_demo
    assert libro.sheetnames == HOJAS
    conteos = {h: len(_tabla(libro, h)[1]) for h in HOJAS}
    assert conteos == {h: r.filas[h] for h in HOJAS}
    assert conteos["Territorios"] == a.contar(Territorio)
    assert conteos["Localidades"] == a.contar(Localidad)
    assert conteos["Talleres"] == a.contar(Taller)
    assert conteos["Asistencia"] == a.contar(Asistencia)
    assert conteos["Acuerdos"] == a.contar(Acuerdo)
    actas_sin_firmas = sum(
        1 for x in a.listar(ActaValidacion) if not a.contar(Firmante, acta_id=x["id"])
    )
    assert conteos["Actas y firmantes"] == a.contar(Firmante) + actas_sin_firmas
    assert conteos["Necesidades"] == a.contar(Necesidad)
    assert conteos["Oferta de inversión"] == a.contar(OfertaInversion)
    pmdt_sin_cartera = sum(1 for p in a.listar(Pmdt) if not a.contar(Iniciativa, pmdt_id=p["id"]))
    assert conteos["PMDT y cartera"] == a.contar(Iniciativa) + pmdt_sin_cartera
    assert conteos["Diagnósticos"] == a.contar(Diagnostico)
    assert conteos["Seguimiento"] == 8 * a.contar(Territorio)


def test_tipos_para_sumar_y_filtrar(almacen_demo, tmp_path):
    libro, _ = _libro(almacen_demo, tmp_path, con_datos_personales=True)
    # Fechas como fechas, montos como números, UF en su propia columna.
    assert all(isinstance(v, dt.datetime) for v in _columna(libro, "Talleres", "Fecha"))
    pesos = [v for v in _columna(libro, "Necesidades", "Costo ($)") if v is not None]
    uf = [v for v in _columna(libro, "Necesidades", "Costo (UF)") if v is not None]
    assert pesos and uf and all(isinstance(v, int | float) for v in pesos + uf)
    hoja = libro["Necesidades"]
    encabezado = [c.value for c in hoja[1]]
    celda = hoja.cell(2, encabezado.index("Costo ($)") + 1)
    fila_con_pesos = next(
        i
        for i, f in enumerate(hoja.iter_rows(min_row=2, values_only=True), start=2)
        if f[encabezado.index("Costo ($)")] is not None
    )
    celda = hoja.cell(fila_con_pesos, encabezado.index("Costo ($)") + 1)
    assert "$" in celda.number_format and "#,##0" in celda.number_format
    assert all(isinstance(v, int) for v in _columna(libro, "Talleres", "Asistentes"))
    # Etiquetas, nunca códigos: Sí/No, tipologías y tramos de edad como se leen.
    assert set(_columna(libro, "Talleres", "Participan pueblos indígenas")) <= {"Sí", "No"}
    assert "Agua potable" in _columna(libro, "Necesidades", "Tipología")
    tramos = set(_columna(libro, "Asistencia", "Tramo de edad")) - {None}
    assert "65 años o más" in tramos and not tramos & {"65+", "45-64"}
    assert "La Araucanía" in _columna(libro, "Territorios", "Región")
    # RUT como texto con puntos, guion y un dígito verificador que calza.
    ruts = [v for v in _columna(libro, "Asistencia", "RUT") if v is not None]
    assert ruts and all(isinstance(v, str) and _RUT.match(v) for v in ruts)
    assert all(rut.es_valido(v) for v in ruts)
    # Cada asistencia con el título y la fecha de su taller al lado.
    titulos = _columna(libro, "Asistencia", "Título del taller")
    fechas = _columna(libro, "Asistencia", "Fecha del taller")
    assert all(titulos) and all(isinstance(f, dt.datetime) for f in fechas)


def test_acentos_y_nombres_tal_como_estan_en_la_base(almacen_demo, tmp_path):
    libro, _ = _libro(almacen_demo, tmp_path, con_datos_personales=True)
    nombres = set(_columna(libro, "Asistencia", "Nombre"))
    en_base = {p["nombre"] for p in almacen_demo.listar(Persona)}
    assert nombres <= en_base
    con_tilde = {n for n in nombres if re.search("[áéíóúñÁÉÍÓÚÑ]", n)}
    assert con_tilde, "la demo tiene nombres con tilde: deben llegar intactos"
    assert "Oferta de inversión" in libro.sheetnames


def test_encabezado_fijo_autofiltro_y_anchos(almacen_demo, tmp_path):
    libro, _ = _libro(almacen_demo, tmp_path)
    for nombre in HOJAS:
        hoja = libro[nombre]
        assert hoja.freeze_panes == "A2", nombre
        assert hoja.auto_filter.ref and hoja.auto_filter.ref.startswith("A1:"), nombre
        anchos = [d.width for d in hoja.column_dimensions.values() if d.width]
        assert anchos and all(8 <= w <= 61 for w in anchos), nombre


def test_leame_dice_origen_filtros_y_cada_columna(almacen_demo, tmp_path):
    territorio = almacen_demo.listar(Territorio, orden="nombre")[0]
    libro, _ = _libro(
        almacen_demo,
        tmp_path,
        territorios=(territorio["id"],),
        desde=dt.date(2025, 6, 1),
        hasta=dt.date(2026, 5, 31),
    )
    _, filas = _tabla(libro, "Léame")
    datos = {(f[0], f[1]): f[2] for f in filas}
    assert almacen_demo.nombre in datos[("Origen", "Instalación")]
    assert datos[("Filtros", "Territorios")] == territorio["nombre"]
    assert (
        "01-06-2025" in datos[("Filtros", "Fechas")]
        and "31-05-2026" in datos[("Filtros", "Fechas")]
    )
    assert datos[("Filtros", "Datos personales")].startswith("No incluidos")
    for hoja in HOJAS[1:]:
        encabezado, _ = _tabla(libro, hoja)
        for titulo in encabezado:
            assert datos.get((hoja, titulo)), f"falta «{titulo}» de {hoja} en el diccionario"


def test_sin_datos_personales_no_hay_nombres_ni_rut_en_ningun_lugar(almacen_demo, tmp_path):
    ruta = tmp_path / "anonimo.xlsx"
    exportacion.exportar(almacen_demo, "xlsx", ruta, exportacion.Filtro())
    # Se busca en el XML del archivo, no solo en las celdas que lee openpyxl.
    with zipfile.ZipFile(ruta) as z:
        texto = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    personas = almacen_demo.listar(Persona)
    firmantes = almacen_demo.listar(Firmante)
    prohibidos = {p["nombre"] for p in personas} | {f["nombre"] for f in firmantes}
    for x in personas + firmantes:
        if x.get("rut"):
            prohibidos |= {x["rut"], rut.formatear(x["rut"])}
    prohibidos |= {p["telefono"] for p in personas if p.get("telefono")}
    encontrados = [p for p in prohibidos if p in texto]
    assert not encontrados, encontrados[:5]
    libro = openpyxl.load_workbook(ruta)
    codigos = _columna(libro, "Asistencia", "Código de persona")
    assert all(re.fullmatch(r"P-[0-9A-Z]{8}", c) for c in codigos)
    en_base = {x["persona_id"] for x in almacen_demo.listar(Asistencia)}
    assert len(set(codigos)) == len(en_base), "una persona, un código; dos personas, dos"


def test_el_codigo_seudonimo_es_estable_entre_exportaciones(almacen_demo, tmp_path):
    uno, _ = _libro(almacen_demo, tmp_path, "uno.xlsx")
    dos, _ = _libro(almacen_demo, tmp_path, "dos.xlsx")
    assert _columna(uno, "Asistencia", "Código de persona") == _columna(
        dos, "Asistencia", "Código de persona"
    )


def test_el_codigo_seudonimo_es_el_hmac_del_id_en_base32(almacen_demo):
    """El cálculo rápido (estados de la clave precalculados, base 32 por pares) da lo mismo
    que HMAC-SHA256 de la biblioteca estándar: los códigos ya exportados no cambian."""
    import hashlib
    import hmac

    from pir_campo import ids
    from pir_campo.exportacion.tabla import Seudonimos

    seud = Seudonimos(almacen_demo)
    clave = hashlib.sha256(b"pir-campo/seudonimos/1" + bytes(almacen_demo.llave_firma())).digest()
    personas = [p["id"] for p in almacen_demo.listar(Persona)] + ["ñandú", ""]
    for persona_id in personas:
        digest = hmac.digest(clave, persona_id.encode(), "sha256")
        esperado = "P-" + ids.base32(int.from_bytes(digest[:5], "big"), 8)
        assert seud.calcular(persona_id) == seud(persona_id) == esperado
    assert len({seud.calcular(p) for p in personas}) == len(personas)


def test_el_rango_de_fechas_filtra_talleres_y_su_asistencia(almacen_demo, tmp_path):
    desde, hasta = dt.date(2025, 9, 1), dt.date(2026, 2, 28)
    libro, _ = _libro(almacen_demo, tmp_path, desde=desde, hasta=hasta)
    fechas = _columna(libro, "Talleres", "Fecha")
    en_rango = [
        t
        for t in almacen_demo.listar(Taller)
        if desde.isoformat() <= t["fecha"] <= hasta.isoformat()
    ]
    assert fechas and len(fechas) == len(en_rango) < almacen_demo.contar(Taller)
    assert all(desde <= f.date() <= hasta for f in fechas)
    ids = {t["id"] for t in en_rango}
    asistencias = [x for x in almacen_demo.listar(Asistencia) if x["taller_id"] in ids]
    assert len(_tabla(libro, "Asistencia")[1]) == len(asistencias)


def test_diagnosticos_con_puntaje_por_seccion_y_nivel(almacen_demo, tmp_path):
    libro, _ = _libro(almacen_demo, tmp_path)
    encabezado, filas = _tabla(libro, "Diagnósticos")
    secciones = [t for t in encabezado if t.startswith("Puntaje ") and t != "Puntaje total"]
    assert len(secciones) >= 4
    for f in filas:
        assert f[encabezado.index("Nivel")] in {"Alto", "Medio", "Bajo"}
        assert all(0 <= f[encabezado.index(s)] <= 100 for s in secciones)


@pytest.mark.parametrize("formato", ["xlsx", "csv", "geojson", "gpkg"])
def test_un_territorio_solo_trae_lo_suyo(almacen_demo, tmp_path, formato):
    t = almacen_demo.listar(Territorio, orden="nombre")[1]
    r = exportacion.exportar(
        almacen_demo,
        formato,
        tmp_path / f"uno.{formato}",
        exportacion.Filtro(territorios=(t["id"],)),
    )
    localidades = r.filas.get("Localidades", r.filas.get("localidades"))
    assert localidades == almacen_demo.contar(Localidad, territorio_id=t["id"])
