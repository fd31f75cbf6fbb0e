"""Plazo de conservación (Ley 21.719): cerrado el plan de un territorio y cumplido el plazo, la
oficina ve a quiénes se suprimiría, conserva a quien figura en un territorio abierto y, al
confirmar, los suprime por el camino de siempre, cada uno en el registro de solicitudes."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from pir_campo import demo
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Asistencia, Iniciativa, Organizacion, Persona
from pir_campo.planificacion import capacidad_servicio, pmdt, seguimiento
from pir_campo.servicios import conservacion, envios, supresion
from tests.conftest import conectar


def cerrar_plan(a: Almacen, tid: str, anos_atras: int) -> None:
    """Deja los ocho pasos del territorio cumplidos y corre sus fechas `anos_atras` años."""
    for v in pmdt.versiones(a, tid):
        for i in pmdt.cartera(a, v["id"]):
            a.actualizar(Iniciativa, i["id"], {"etapa": "ejecucion"})
    for o in capacidad_servicio.niveles_territorio(a, tid):
        if not o["nivel"]:  # sin diagnóstico: deja de ser operadora
            a.actualizar(Organizacion, o["organizacion_id"], {"tipo": "organizacion_productiva"})
    assert seguimiento.territorio(a, tid).pasos_cumplidos == 8
    conn = conectar(a.ruta)  # las fechas de talleres cerrados y actas firmadas no se editan
    for tabla in ("taller", "pmdt", "acta_validacion"):
        conn.execute(
            f"UPDATE {tabla} SET fecha = date(fecha, '-{anos_atras} years') "
            "WHERE territorio_id = ?",
            (tid,),
        )
    conn.commit()
    conn.close()


@pytest.fixture
def oficina_demo(oficina):
    demo.generar(oficina, 3, 24, 1)
    return oficina


def _territorios(a: Almacen) -> list[str]:
    return [s.territorio["id"] for s in seguimiento.region(a, None)]


def _conteos(a: Almacen) -> dict[str, int]:
    return dict(
        a.conn.execute(
            "SELECT taller_id, count(*) FROM asistencia WHERE eliminado = 0 GROUP BY taller_id"
        )
    )


def test_informe_conserva_a_quien_sigue_en_un_territorio_abierto_y_suprime_al_resto(
    oficina_demo,
):
    a = oficina_demo
    cerrado, abierto, _ = _territorios(a)
    assert conservacion.informe(a).vencidos == []  # ningún plan cerrado en la demo
    cerrar_plan(a, cerrado, 8)
    cierre = conservacion.cierre_plan(a, cerrado, dt.date.today())
    ultima = a.conn.execute(
        "SELECT max(fecha) FROM taller WHERE territorio_id = ? AND eliminado = 0", (cerrado,)
    ).fetchone()[0]
    assert cierre is not None and cierre >= dt.date.fromisoformat(ultima)
    assert cierre < dt.date.today().replace(year=dt.date.today().year - 7)
    # Una persona del territorio cerrado que también asiste en uno abierto (mismo RUT).
    [doble] = [p for p in a.listar(Persona, territorio_id=cerrado, orden="nombre") if p["rut"]][:1]
    a.insertar(Persona, {"territorio_id": abierto, "nombre": "Otra grafía", "rut": doble["rut"]})

    # Con 10 años aún no se cumple; con 5, sí.
    diez = conservacion.informe(a, 10)
    assert [t.vencido for t in diez.territorios] == [False] and diez.personas == []
    informe = conservacion.informe(a, 5)
    [t] = informe.vencidos
    esperadas = {
        f[0]
        for f in a.conn.execute(
            "SELECT id FROM persona WHERE territorio_id = ? AND fusionado_en IS NULL", (cerrado,)
        )
    }
    assert {p["id"] for p in t.personas} == esperadas - {doble["id"]}
    assert [p["id"] for p in t.conservadas] == [doble["id"]]
    assert (
        t.asistencias
        == a.conn.execute(
            "SELECT count(*) FROM asistencia WHERE eliminado = 0 AND persona_id IN "
            "(SELECT value FROM json_each(?))",
            (__import__("json").dumps([p["id"] for p in t.personas]),),
        ).fetchone()[0]
    )
    texto = informe.texto()
    assert f"plan cerrado el {cierre.strftime('%d-%m-%Y')}" in texto
    assert f"Se suprimirían {len(t.personas)} personas" in texto
    assert "también figuran en un territorio con el plan abierto" in texto
    confirmar = informe.confirmacion()
    assert "No se puede deshacer" in confirmar and "respaldos" in confirmar
    assert "Plazo de conservación cumplido" in confirmar

    antes = _conteos(a)
    _, hechas = conservacion.aplicar(a, 5)
    assert set(hechas) == esperadas - {doble["id"]}
    assert supresion.suprimidas(a) == set(hechas)
    assert _conteos(a) == antes  # los talleres conservan sus conteos
    assert a.obtener(Persona, doble["id"])["nombre"] == doble["nombre"]
    nombres = {
        f[0]
        for f in a.conn.execute("SELECT nombre FROM persona WHERE territorio_id = ?", (cerrado,))
    }
    assert nombres == {supresion.SUPRIMIDO, doble["nombre"]}
    registro = supresion.registro_solicitudes(a)
    assert len(registro) == len(hechas)
    assert all(
        r["derecho"] == "Supresión"
        and r["motivo"].startswith("Plazo de conservación cumplido: 5 años desde el cierre")
        and r["solicitado_por"] == conservacion.SOLICITANTE
        for r in registro
    )
    # Repetirlo no hace nada más.
    assert conservacion.aplicar(a, 5)[1] == []
    assert a.contar(Asistencia) == sum(antes.values())


def test_el_plazo_es_un_ajuste_de_la_region_y_sale_en_el_registro_de_tratamiento(
    oficina_demo, tmp_path
):
    from pir_campo.documentos import tratamiento

    a = oficina_demo
    assert conservacion.anos(a) == conservacion.ANOS_POR_OMISION
    assert conservacion.fijar_anos(a, 7) is True
    assert conservacion.fijar_anos(a, 7) is False  # sin cambio no se envía de nuevo
    assert conservacion.anos(a) == 7
    [envio] = envios.para_paquete(a)
    assert envio["contenido"] == {"conservacion_anos": 7}
    for malo in (0, 31, "5", True):
        with pytest.raises(ErrorValidacion, match="entre 1 y 30"):
            conservacion.fijar_anos(a, malo)
    salida = tratamiento.generar(a, tmp_path / "rat.pdf")
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(salida).pages)
    assert "Plazo de conservación 7 años después del cierre del plan" in texto


def test_un_notebook_recibe_el_plazo_pero_no_aplica_la_conservacion(almacen):
    envios.recibir(
        almacen,
        [{"id": "e1", "tipo": "ajustes", "contenido": {"conservacion_anos": 3}, "por": "GORE"}],
    )
    assert conservacion.anos(almacen) == 3
    with pytest.raises(ErrorValidacion, match="lo aplica la oficina regional"):
        conservacion.informe(almacen)


def test_cli_informe_confirmacion_y_registro_imprimible(oficina_demo, cli, tmp_path):
    a = oficina_demo
    cerrado = _territorios(a)[0]
    cerrar_plan(a, cerrado, 8)
    ruta = a.ruta
    a.cerrar()
    codigo, salida, _ = cli("persona", "conservacion", "--db", ruta)
    assert codigo == 0, salida
    assert "plazo cumplido" in salida and "Para suprimir, repita la orden con --si." in salida
    assert "respaldos hechos antes de hoy" in salida
    codigo, salida, _ = cli("persona", "conservacion", "--db", ruta, "--anos", "10")
    assert codigo == 0 and "Plazo de conservación de la región: 10 años" in salida
    assert "plazo no cumplido" in salida and "--si" not in salida
    codigo, _, error = cli("persona", "conservacion", "--db", ruta, "--anos", "0")
    assert codigo == 1 and "entre 1 y 30" in error and "Traceback" not in error
    with Almacen.abrir(ruta) as b:
        assert supresion.suprimidas(b) == set()
    codigo, salida, _ = cli("persona", "conservacion", "--db", ruta, "--anos", "5", "--si")
    assert codigo == 0 and "Datos suprimidos de" in salida
    with Almacen.abrir(ruta) as b:
        n = len(supresion.suprimidas(b))
        assert n > 0
    codigo, _, error = cli("persona", "solicitudes", "--db", ruta, "--salida", tmp_path / "r.txt")
    assert codigo == 1 and "debe terminar en .pdf" in error
    pdf = tmp_path / "registro.pdf"
    codigo, salida, _ = cli("persona", "solicitudes", "--db", ruta, "--salida", pdf)
    assert codigo == 0 and f"Escrito {pdf}" in salida
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert f"{n} solicitudes" in texto and "Registro de solicitudes de derechos" in texto
    assert dt.date.today().strftime("%d-%m-%Y") in texto
    assert "Datos personales suprimidos en todas las instalaciones." in texto
    assert "Plazo de conservación cumplido" in texto


def test_cli_en_un_notebook_termina_con_un_mensaje(almacen, cli):
    ruta = almacen.ruta
    almacen.cerrar()
    codigo, salida, error = cli("persona", "conservacion", "--db", ruta)
    assert codigo == 1 and "lo aplica la oficina regional" in error and salida == ""
