"""Apoyo de las pruebas de documentos: poppler, zbar y un taller grande."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

from pir_campo.almacen import Almacen
from pir_campo.modelos import Asistencia, Persona, Taller, Territorio


def paginas_texto(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


def texto(pdf: Path) -> str:
    return "\n".join(paginas_texto(pdf))


def fuentes(pdf: Path) -> list[tuple[str, str]]:
    """(nombre, incrustada sí/no) de cada fuente, según pdffonts."""
    salida = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    filas = salida.stdout.splitlines()[2:]
    return [(f.split()[0], f.split()[-5]) for f in filas if f.strip()]


def renderizar(pdf: Path, carpeta: Path, resolucion: int = 70, gris: bool = False) -> list[Path]:
    prefijo = carpeta / pdf.stem
    formato = "-gray" if gris else "-png"
    subprocess.run(
        ["pdftoppm", "-r", str(resolucion), formato, str(pdf), str(prefijo)],
        check=True,
    )
    return sorted(carpeta.glob(f"{pdf.stem}-*.{'pgm' if gris else 'png'}"))


def leer_qr(png: Path) -> str:
    salida = subprocess.run(
        ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    return salida.stdout.strip()


def leer_pgm(ruta: Path) -> tuple[int, int, bytes]:
    """Ancho, alto y píxeles de un PGM binario (P5) de 8 bits."""
    datos = ruta.read_bytes()
    partes, pos = [], 0
    while len(partes) < 4:
        while datos[pos : pos + 1].isspace():
            pos += 1
        fin = pos
        while not datos[fin : fin + 1].isspace():
            fin += 1
        partes.append(datos[pos:fin])
        pos = fin
    assert partes[0] == b"P5"
    ancho, alto = int(partes[1]), int(partes[2])
    return ancho, alto, datos[pos + 1 : pos + 1 + ancho * alto]


def taller_grande(
    almacen: Almacen, cantidad: int, nombre: str = "Persona Ñuñoa Núñez", **cambios
) -> str:
    """Un taller abierto con `cantidad` asistentes, en el primer territorio de la base."""
    tid = almacen.listar(Territorio, limite=1)[0]["id"]
    taller = almacen.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 2,
            "titulo": "Validación participativa en Huentelolén",
            "fecha": "2026-05-04",
            "hora_inicio": "10:00",
            "hora_termino": "13:30",
            "lugar": "Sede social Ñielol",
            "proposito": "Acordar el pacto territorial.",
            "facilitadores": "Ana Pérez Huenchumilla; José Ñancucheo Díaz",
            **cambios,
        },
    )
    personas = almacen.insertar_lote(
        Persona,
        [
            {
                "territorio_id": tid,
                "nombre": f"{nombre} {n:03d}",
                "sexo": ("mujer", "hombre", None)[n % 3],
                "tramo_edad": ("30-44", "65+")[n % 2],
                "pueblo_originario": "mapuche" if n % 4 == 0 else None,
                "afrodescendiente": n % 10 == 0,
                "telefono": "+56 9 1234 5678",
            }
            for n in range(cantidad)
        ],
    )
    almacen.insertar_lote(
        Asistencia,
        [{"territorio_id": tid, "taller_id": taller, "persona_id": p} for p in personas],
    )
    return taller
