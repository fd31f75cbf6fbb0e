"""CSV chileno (el que abre bien una planilla configurada para Chile) y CSV estándar (RFC 4180),
escritos por el mismo módulo; el chileno se abre de verdad con LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl

from pir_campo import exportacion
from pir_campo.exportacion import dialecto_csv
from pir_campo.modelos import Asistencia, Necesidad, Persona


def test_el_dialecto_chileno_escribe_como_lee_una_planilla_en_chile():
    d = dialecto_csv.CHILENO
    salida = io.StringIO(newline="")
    filas = [("Fernández", 1234567, 27721.21, dt.date(2026, 3, 9), True, None, "12.345.678-5")]
    dialecto_csv.escribir(
        salida, ["Nombre", "Pesos", "UF", "Fecha", "Firmó", "Nada", "RUT"], filas, d
    )
    lineas = salida.getvalue().split("\r\n")
    assert lineas[0] == "Nombre;Pesos;UF;Fecha;Firmó;Nada;RUT"
    assert lineas[1] == "Fernández;1234567;27721,21;09-03-2026;Sí;;12.345.678-5"
    assert dialecto_csv.texto(3.9e-05, d) == "0,000039"
    assert dialecto_csv.texto(["a", "b"], d) == "a, b"
    # Un texto que una planilla tomaría por fórmula queda como texto (un espacio delante).
    assert dialecto_csv.texto("=HYPERLINK(1)", d) == " =HYPERLINK(1)"
    assert dialecto_csv.texto("+56 9 1234 5678", d) == " +56 9 1234 5678"
    assert dialecto_csv.texto(-38.5, d) == "-38,5"  # los números negativos siguen números
    assert dialecto_csv.texto("=1+1", dialecto_csv.ESTANDAR) == "=1+1"  # para programas, intacto


def test_el_dialecto_estandar_es_rfc_4180():
    d = dialecto_csv.ESTANDAR
    salida = io.StringIO(newline="")
    dialecto_csv.escribir(
        salida, ["a", "b"], [(27721.21, dt.date(2026, 3, 9)), ('dice "hola", ya', 2)], d
    )
    assert salida.getvalue() == 'a,b\r\n27721.21,2026-03-09\r\n"dice ""hola"", ya",2\r\n'


def test_csv_chileno_y_estandar_desde_pir_campo_datos(almacen_demo, tmp_path):
    chileno = tmp_path / "chileno"
    estandar = tmp_path / "estandar"
    r = exportacion.exportar(almacen_demo, "csv", chileno, exportacion.Filtro())
    exportacion.exportar(almacen_demo, "csv", estandar, exportacion.Filtro(), csv_estandar=True)
    nombres = sorted(p.name for p in chileno.iterdir())
    assert nombres == sorted(p.name for p in estandar.iterdir())
    assert "leame.csv" in nombres and "asistencia.csv" in nombres and len(nombres) == 12
    crudo = (chileno / "necesidades.csv").read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf") and b"\r\n" in crudo
    assert not (estandar / "necesidades.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with (estandar / "necesidades.csv").open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    assert len(filas) == almacen_demo.contar(Necesidad) == r.filas["Necesidades"]
    uf = [float(x["Costo (UF)"]) for x in filas if x["Costo (UF)"]]
    assert uf and all(v > 0 for v in uf)
    assert all(
        x["Fecha del taller de origen"][4] == "-" for x in filas if x["Fecha del taller de origen"]
    )
    with (chileno / "asistencia.csv").open(encoding="utf-8-sig", newline="") as f:
        asistencia = list(csv.reader(f, delimiter=";"))
    assert len(asistencia) - 1 == almacen_demo.contar(Asistencia)
    # Nada de archivos temporales en la carpeta de salida.
    assert not [p for p in tmp_path.rglob("*") if "parcial" in p.name]


def _libreoffice(csv_ruta, destino, perfil) -> openpyxl.Workbook:
    """Convierte con LibreOffice sin pantalla, con las opciones de una planilla en Chile
    (punto y coma, idioma es-CL = 13322) y sin decirle la codificación: la da el BOM."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, (
        "falta LibreOffice (paquete Debian libreoffice-calc, en .ci/paquetes-debian.txt)"
    )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{perfil}",
            "--headless",
            "--infilter=CSV:59,34,,1,,13322",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(destino),
            str(csv_ruta),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return openpyxl.load_workbook(destino / (csv_ruta.stem + ".xlsx"))


def test_libreoffice_abre_el_csv_chileno_con_acentos_y_numeros(almacen_demo, tmp_path):
    carpeta = tmp_path / "csv"
    exportacion.exportar(
        almacen_demo, "csv", carpeta, exportacion.Filtro(con_datos_personales=True)
    )
    for nombre in ("asistencia.csv", "necesidades.csv"):
        (tmp_path / "solo").mkdir(exist_ok=True)
        shutil.copy(carpeta / nombre, tmp_path / "solo" / nombre)
    libro = _libreoffice(
        tmp_path / "solo" / "asistencia.csv", tmp_path / "xlsx", tmp_path / "perfil"
    )
    filas = list(libro.active.iter_rows(values_only=True))
    encabezado = filas[0]
    assert encabezado[0] == "Territorio" and "Título del taller" in encabezado
    nombres = {f[encabezado.index("Nombre")] for f in filas[1:]}
    en_base = {p["nombre"] for p in almacen_demo.listar(Persona)}
    assert nombres <= en_base
    assert any("á" in n or "ñ" in n.lower() or "é" in n for n in nombres)
    fechas = [f[encabezado.index("Fecha del taller")] for f in filas[1:]]
    assert all(isinstance(x, dt.datetime) for x in fechas)
    tramos = {f[encabezado.index("Tramo de edad")] for f in filas[1:]} - {None}
    assert "65 años o más" in tramos  # texto, no el número 65
    ruts = [f[encabezado.index("RUT")] for f in filas[1:] if f[encabezado.index("RUT")]]
    assert ruts and all(isinstance(x, str) and "-" in x for x in ruts)

    libro = _libreoffice(
        tmp_path / "solo" / "necesidades.csv", tmp_path / "xlsx", tmp_path / "perfil"
    )
    filas = list(libro.active.iter_rows(values_only=True))
    encabezado = filas[0]
    pesos = [
        f[encabezado.index("Costo ($)")] for f in filas[1:] if f[encabezado.index("Costo ($)")]
    ]
    uf = [f[encabezado.index("Costo (UF)")] for f in filas[1:] if f[encabezado.index("Costo (UF)")]]
    assert pesos and all(isinstance(x, int | float) for x in pesos)
    assert uf and all(isinstance(x, int | float) for x in uf)
    assert any(isinstance(x, float) and not x.is_integer() for x in uf), "la coma decimal se leyó"
    lat = [f[encabezado.index("Latitud")] for f in filas[1:] if f[encabezado.index("Latitud")]]
    assert lat and all(isinstance(x, float) and -56 < x < -17 for x in lat)


def test_libreoffice_no_calcula_formulas_escondidas_en_los_datos(tmp_path):
    ruta = tmp_path / "solo" / "formulas.csv"
    ruta.parent.mkdir()
    d = dialecto_csv.CHILENO
    with ruta.open("w", encoding=d.codificacion, newline="") as f:
        dialecto_csv.escribir(f, ["Nombre", "Teléfono"], [("=1+1", "+56 9 1234 5678")], d)
    hoja = _libreoffice(ruta, tmp_path / "xlsx", tmp_path / "perfil").active
    assert [c.data_type for c in hoja[2]] == ["s", "s"]
    assert hoja["A2"].value.strip() == "=1+1" and hoja["B2"].value.strip() == "+56 9 1234 5678"
