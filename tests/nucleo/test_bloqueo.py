"""Bloqueo u oposición (Ley 21.719): la persona sale de cada documento, de cada exportación y de
las búsquedas; los conteos la incluyen con una nota; se levanta y queda en el registro."""

from __future__ import annotations

import io
import json
import zipfile

from pypdf import PdfReader

from pir_campo import exportacion
from pir_campo.almacen import consultas_campo as qc
from pir_campo.documentos import generar
from pir_campo.documentos.tipos import TIPOS
from pir_campo.modelos import Asistencia, Persona
from pir_campo.servicios import supresion


def _elegida(a) -> dict:
    """Una persona de la demo con asistencias, RUT y un nombre que no lleva nadie más."""
    personas = a.listar(Persona)
    nombres = [p["nombre"] for p in personas]
    for p in personas:
        if (
            p["rut"]
            and nombres.count(p["nombre"]) == 1
            and a.contar(Asistencia, persona_id=p["id"]) >= 1
        ):
            return p
    raise AssertionError("la demo no tiene una persona para la prueba")


def _textos_documentos(a) -> str:
    partes = []
    for nombre, tipo in TIPOS.items():
        if nombre == "datos-persona":
            continue  # dirigido a cada persona: el de otra no la nombra
        for fila in a.listar(tipo.modelo):
            pdf = generar.construir(a, nombre, fila["id"])
            partes += [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    return " ".join(" ".join(partes).split())


def _bytes(ruta) -> list[bytes]:
    """Todo lo que escribió una exportación: cada archivo de la carpeta, cada miembro de un zip
    (xlsx) o el archivo tal cual (gpkg es SQLite sin comprimir)."""
    if ruta.is_dir():
        return [b for f in sorted(ruta.iterdir()) for b in _bytes(f)]
    if zipfile.is_zipfile(ruta):
        with zipfile.ZipFile(ruta) as z:
            return [z.read(n) for n in z.namelist()]
    return [ruta.read_bytes()]


def _exportado(a, carpeta) -> str:
    """Cada formato de exportación (así uno nuevo no se escapa), con datos personales."""
    assert set(exportacion.FORMATOS) == {"xlsx", "csv", "geojson", "gpkg"}
    partes = []
    carpeta.mkdir()
    for formato in exportacion.FORMATOS:
        destino = carpeta / (formato if formato in exportacion.EN_CARPETA else f"x.{formato}")
        exportacion.exportar(a, formato, destino, exportacion.Filtro(con_datos_personales=True))
        for b in _bytes(destino):
            partes += [b.decode("utf-8", errors="replace"), b.decode("cp1252", errors="replace")]
    return "\n".join(partes)


def _busquedas(a, p) -> list:
    """En cuántas búsquedas (lista de personas, sugerencias al anotar, búsqueda global) sale."""
    texto = p["nombre"]
    return [
        r
        for r in qc.personas(a.conn, p["territorio_id"], texto)
        + qc.sugerir_personas(a.conn, p["territorio_id"], texto)
        + qc.buscar(a.conn, texto, None)
        if r["id"] == p["id"]
    ]


def test_bloquear_saca_a_la_persona_de_documentos_exportaciones_y_busquedas(almacen_demo, tmp_path):
    a = almacen_demo
    p = _elegida(a)
    nombre = " ".join(p["nombre"].split())
    assert nombre in _textos_documentos(a)
    assert nombre in _exportado(a, tmp_path / "antes")
    assert len(_busquedas(a, p)) == 3

    supresion.bloquear(a, p["id"], "Se opone al uso de sus datos")
    assert supresion.bloqueadas(a) == {p["id"]}
    documentos = _textos_documentos(a)
    assert nombre not in documentos
    assert p["rut"][:-2] not in documentos.replace(".", "")
    assert "cuyos datos están bloqueados" in documentos
    exportado = _exportado(a, tmp_path / "bloqueada")
    assert nombre not in exportado and p["rut"][:-2] not in exportado.replace(".", "")
    assert _busquedas(a, p) == []
    # Los conteos del taller la siguen incluyendo.
    taller = a.listar(Asistencia, persona_id=p["id"])[0]["taller_id"]
    assert a.contar(Asistencia, taller_id=taller) == len(
        a.conn.execute(
            "SELECT id FROM asistencia WHERE taller_id = ? AND eliminado = 0", (taller,)
        ).fetchall()
    )

    supresion.bloquear(a, p["id"], "Retira su oposición", bloquear=False)
    assert supresion.bloqueadas(a) == set()
    assert len(_busquedas(a, p)) == 3
    assert nombre in _exportado(a, tmp_path / "despues")
    tipos = [s["derecho"] for s in supresion.registro_solicitudes(a)]
    assert tipos == ["Bloqueo u oposición", "Fin del bloqueo"]


def test_cli_bloquear_suprimir_y_registro_de_solicitudes(almacen_demo, cli, tmp_path):
    a = almacen_demo
    p = _elegida(a)
    ruta = a.ruta
    a.cerrar()
    codigo, salida, _ = cli("persona", "bloquear", "--db", ruta, "--id", p["id"], "--motivo", "x")
    assert codigo == 0 and "bloqueada" in salida
    codigo, _, error = cli("persona", "bloquear", "--db", ruta, "--id", p["id"], "--motivo", "x")
    assert codigo == 1 and "ya está bloqueada" in error
    codigo, salida, _ = cli(
        "persona", "desbloquear", "--db", ruta, "--id", p["id"], "--motivo", "retira"
    )
    assert codigo == 0
    # Sin --si solo cuenta lo que hará; con --si suprime.
    codigo, salida, _ = cli("persona", "suprimir", "--db", ruta, "--id", p["id"], "--motivo", "m")
    assert codigo == 0 and "No se puede deshacer" in salida and "respaldos" in salida
    assert p["nombre"] in salida
    codigo, salida, _ = cli(
        "persona", "suprimir", "--db", ruta, "--id", p["id"], "--motivo", "Pedido escrito", "--si"
    )
    assert codigo == 0 and "Datos suprimidos" in salida
    codigo, _, error = cli("persona", "suprimir", "--db", ruta, "--id", p["id"], "--motivo", "m")
    assert codigo == 1 and "ya fueron suprimidos" in error
    codigo, _, error = cli(
        "persona", "suprimir", "--db", ruta, "--id", "no-existe", "--motivo", "m"
    )
    assert codigo == 1 and "No existe una persona" in error
    cli("persona", "exportar", "--db", ruta, "--id", p["id"], "--json", tmp_path / "d.json")
    codigo, salida, _ = cli("persona", "solicitudes", "--db", ruta, "--json")
    filas = json.loads(salida)
    assert [f["derecho"] for f in filas] == [
        "Bloqueo u oposición",
        "Fin del bloqueo",
        "Supresión",
        "Portabilidad",
    ]
    assert all(p["nombre"] not in json.dumps(f, ensure_ascii=False) for f in filas)
    assert filas[2]["motivo"] == "Pedido escrito"
