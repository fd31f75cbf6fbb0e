"""Acta de taller más su lista de asistencia (300 personas) contra una tabla reportlab desnuda.

El piso es una tabla simple con las mismas filas (número, nombre, RUT, organización,
teléfono, firma), la misma fuente incrustada y el encabezado repetido: lo mínimo que exige
imprimir esa lista. La razón mide lo que agregan la consulta, el acta, el QR y el diseño.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from medir import Fila, mediana
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from pir_campo import rut
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_documentos as consultas
from pir_campo.documentos import estilos as es
from pir_campo.documentos import generar
from pir_campo.modelos import Acuerdo, Asistencia, Persona, Taller, Territorio

ASISTENTES = 300


def _preparar(carpeta: Path) -> tuple[Almacen, str]:
    a = Almacen.iniciar(carpeta / "b.sqlite", "campo", "Medición", "09")
    tid = a.insertar(Territorio, {"nombre": "Lago Budi", "cut_region": "09", "comunas": ["09120"]})
    taller = a.insertar(
        Taller,
        {
            "territorio_id": tid,
            "paso": 2,
            "titulo": "Validación",
            "fecha": "2026-05-04",
            "facilitadores": "Ana; José",
            "discusion": "Texto de la discusión. " * 40,
        },
    )
    personas = a.insertar_lote(
        Persona,
        [
            {
                "territorio_id": tid,
                "nombre": f"María José Huenchumilla Ñancupil {n}",
                "rut": f"{10_000_000 + n}{rut.digito_verificador(str(10_000_000 + n))}",
                "sexo": "mujer",
                "tramo_edad": "45-64",
                "telefono": "+56 9 1234 5678",
            }
            for n in range(ASISTENTES)
        ],
    )
    a.insertar_lote(
        Asistencia,
        [
            {"territorio_id": tid, "taller_id": taller, "persona_id": p, "cargo": "Socia"}
            for p in personas
        ],
    )
    a.insertar_lote(
        Acuerdo,
        [{"territorio_id": tid, "taller_id": taller, "texto": f"Acuerdo {n}"} for n in range(5)],
    )
    return a, taller


def _piso(a: Almacen, taller: str) -> bytes:
    es.registrar_fuentes()
    filas = [["N°", "Nombre completo", "RUT", "Organización y cargo", "Teléfono", "Firma"]]
    for n, x in enumerate(consultas.asistentes(a, taller), start=1):
        filas.append(
            [
                str(n),
                x["nombre"],
                rut.formatear(x["rut"]) if x["rut"] else "",
                x["cargo"] or "",
                x["telefono"] or "",
                "",
            ]
        )
    memoria = io.BytesIO()
    tabla = Table(filas, repeatRows=1, rowHeights=[None] + [es.mm * 13] * (len(filas) - 1))
    tabla.setStyle(
        TableStyle(
            [("FONT", (0, 0), (-1, -1), es.FUENTE, 8.5), ("GRID", (0, 0), (-1, -1), 0.5, es.GRIS)]
        )
    )
    SimpleDocTemplate(memoria, pagesize=es.PAGINA, invariant=1).build([tabla])
    return memoria.getvalue()


def _completo(a: Almacen, taller: str) -> int:
    return len(generar.construir(a, "acta-taller", taller)) + len(
        generar.construir(a, "lista-asistencia", taller)
    )


def medir(rapido: bool = False) -> list[Fila]:
    repeticiones = 5 if rapido else 9
    with tempfile.TemporaryDirectory() as tmp:
        a, taller = _preparar(Path(tmp))
        _piso(a, taller), _completo(a, taller)  # calentar fuentes y cachés
        pisos, medidos = [], []
        for _ in range(repeticiones):
            t0 = time.perf_counter()
            _piso(a, taller)
            pisos.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            _completo(a, taller)
            medidos.append(time.perf_counter() - t0)
        a.cerrar()
    return [
        Fila(
            f"acta + lista de asistencia ({ASISTENTES} personas) vs tabla reportlab",
            mediana(medidos),
            mediana(pisos),
            limite=1.5,
        )
    ]
