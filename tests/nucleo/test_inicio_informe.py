"""Números de las pantallas de inicio contra SQL escrito aparte, y los PDF con mapa y gráficos:
el informe regional de avance y la ficha del territorio."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_inicio as qi
from pir_campo.documentos import generar, informe_regional
from pir_campo.mapa import REFERENCIAL, contorno
from pir_campo.modelos.enums import EtapaProyecto
from pir_campo.planificacion import seguimiento
from pir_campo.servicios import inicio
from tests.conftest import cli_proceso
from tests.nucleo.apoyo_documentos import fuentes
from tests.nucleo.test_demo_coordenadas import CAJAS

HOY = dt.date(2026, 6, 15)


def _uno(a: Almacen, sql: str, valores=()) -> int:
    return a.conn.execute(sql, valores).fetchone()[0] or 0


def _texto_pdf(ruta: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(ruta).pages)


def _renderiza(ruta: Path, carpeta: Path) -> list[Path]:
    # Los dibujos de reportlab.graphics declaraban Helvetica sin incrustar: toda fuente va dentro.
    assert all(incrustada == "yes" for _n, incrustada in fuentes(ruta)), fuentes(ruta)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(ruta), str(carpeta / "p")], check=True)
    paginas = sorted(carpeta.glob("p-*.png"))
    assert paginas and all(p.stat().st_size > 2000 for p in paginas)
    return paginas


def test_graficos_igualan_conteos_sql(almacen_demo):
    a = almacen_demo
    ids = [f[0] for f in a.conn.execute("SELECT id FROM territorio WHERE eliminado = 0")]
    g = {x.clave: x for x in inicio.graficos(a, ids, HOY)}
    # Necesidades: cada celda es un count(*) por tipología y etapa.
    nec = g["necesidades"]
    assert nec.total == _uno(a, "SELECT count(*) FROM necesidad WHERE eliminado = 0")
    for etapa, valores in nec.series:
        codigo = next(e.value for e in EtapaProyecto if e.etiqueta == etapa)
        for categoria, valor in zip(nec.categorias, valores, strict=True):
            tip = {
                "Agua potable": "agua_potable",
                "Saneamiento": "saneamiento",
                "Electrificación": "electrificacion",
                "Conectividad vial": "conectividad_vial",
                "Telecomunicaciones": "telecomunicaciones",
                "Obras portuarias": "obras_portuarias",
                "Fomento productivo": "fomento_productivo",
                "Otra (otro programa)": "otra",
            }[categoria]
            assert valor == _uno(
                a,
                "SELECT count(*) FROM necesidad WHERE eliminado = 0 AND tipologia = ? "
                "AND etapa = ?",
                (tip, codigo),
            )
    # Participación: toda asistencia vigente de un taller vigente, por sexo.
    mes = g["participacion_mes"]
    total = _uno(
        a,
        "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id "
        "WHERE s.eliminado = 0 AND t.eliminado = 0",
    )
    assert mes.total == total == g["participacion_edad"].total
    mujeres = dict(mes.series)["Mujer"]
    assert sum(mujeres) == _uno(
        a,
        "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id JOIN persona p "
        "ON p.id = s.persona_id WHERE s.eliminado = 0 AND t.eliminado = 0 AND p.sexo = 'mujer'",
    )
    # Acuerdos: vencidos = fecha pasada y no cumplidos (lo mismo que el seguimiento).
    acu = dict(zip(g["acuerdos"].categorias, g["acuerdos"].series[0][1], strict=True))
    assert acu["Vencidos"] == _uno(
        a,
        "SELECT count(*) FROM acuerdo WHERE eliminado = 0 AND estado != 'cumplido' "
        "AND fecha_compromiso < ?",
        (HOY.isoformat(),),
    )
    assert acu["Vencidos"] > 0 and sum(acu.values()) == _uno(
        a, "SELECT count(*) FROM acuerdo WHERE eliminado = 0 AND estado != 'cumplido'"
    )
    # Cartera: la versión vigente de cada territorio (la última validada por el CORE o, si
    # no hay, la más reciente), en MM$.
    cartera = g["cartera"]
    versiones: dict[str, list[tuple[int, str, str]]] = {}
    for tid, version, estado, pid in a.conn.execute(
        "SELECT territorio_id, version, estado, id FROM pmdt WHERE eliminado = 0"
    ):
        versiones.setdefault(tid, []).append((version, estado, pid))
    vigentes = []
    for lista in versiones.values():
        lista.sort()
        validadas = [v for v in lista if v[1] == "validado_core"]
        vigentes.append((validadas or lista)[-1][2])
    esperado = _uno(
        a,
        "SELECT sum(CASE WHEN unidad_costo = 'UF' THEN costo * valor_uf ELSE costo END) "
        f"FROM iniciativa WHERE eliminado = 0 AND pmdt_id IN ({','.join('?' * len(vigentes))})",
        vigentes,
    )
    assert cartera.total == pytest.approx(esperado / 1e6, abs=0.1 * len(cartera.categorias) * 4)


def test_mapa_una_localidad_por_punto_y_contornos(almacen_demo):
    a = almacen_demo
    ids = [f[0] for f in a.conn.execute("SELECT id FROM territorio WHERE eliminado = 0")]
    datos = inicio.mapa(a, ids)
    locs = [p for p in datos.puntos if p.tipo == "localidad"]
    assert len(locs) == _uno(a, "SELECT count(*) FROM localidad WHERE latitud IS NOT NULL")
    lat0, lat1, lon0, lon1 = CAJAS["09"]
    assert all(lat0 <= p.latitud <= lat1 and lon0 <= p.longitud <= lon1 for p in datos.puntos)
    assert set(datos.territorios) == set(ids)
    assert {p.tipo for p in datos.puntos} == {"localidad", "necesidad", "iniciativa"}
    assert datos.comunas  # nombres de comuna para el fondo sin mapa base
    # La envolvente convexa deja fuera los puntos interiores.
    assert contorno([(0, 0), (0, 2), (2, 2), (2, 0), (1, 1)]) == [(0, 0), (2, 0), (2, 2), (0, 2)]


def test_informe_regional_por_cli(ruta_demo, tmp_path):
    salida = tmp_path / "informe.pdf"
    r = cli_proceso(
        "documento", "informe-regional", "--db", ruta_demo, "--region", "09", "--salida", salida
    )
    assert r.returncode == 0, r.stderr
    assert "Informe escrito" in r.stdout
    texto = _texto_pdf(salida)
    for titulo in (
        "Informe regional de avance",
        "Región de La Araucanía",
        "Territorios por paso crítico",
        "Mapa de la región (referencial)",
        "Necesidades por tipología y etapa",
        "Cartera vigente por etapa y fuente de financiamiento (MM$)",
        "Participación en talleres por mes y sexo",
        "Participación en talleres por tramo de edad y sexo",
        "Acuerdos sin cumplir según su plazo",
        REFERENCIAL.upper(),
        "Costa Lago Budi",
    ):
        assert titulo in texto, titulo
    _renderiza(salida, tmp_path)
    # Vectorial: ninguna página lleva imágenes rasterizadas.
    for pagina in PdfReader(salida).pages:
        recursos = pagina.get("/Resources") or {}
        assert not (recursos.get("/XObject") or {}), "el informe debe ser vectorial"


def test_informe_regional_rechaza_region_inexistente_sin_escribir(ruta_demo, tmp_path):
    salida = tmp_path / "informe.pdf"
    r = cli_proceso(
        "documento", "informe-regional", "--db", ruta_demo, "--region", "99", "--salida", salida
    )
    assert r.returncode == 1
    assert "No existe la región" in r.stderr and "Traceback" not in r.stderr
    assert not salida.exists() and not list(tmp_path.glob("*.partial"))


def test_informe_regional_de_una_oficina_sin_datos(oficina, tmp_path):
    ruta = informe_regional.generar_informe(oficina, tmp_path / "vacio.pdf", hoy=HOY)
    texto = _texto_pdf(ruta)
    assert "aún no recibe paquetes" in texto
    assert "La región no tiene territorios registrados" in texto


def test_ficha_territorio_con_mapa_y_franja_de_pasos(almacen_demo, tmp_path):
    tid = almacen_demo.conn.execute("SELECT id FROM territorio ORDER BY nombre").fetchone()[0]
    ruta = generar.generar(almacen_demo, "ficha-territorio", tid, tmp_path / "ficha.pdf")
    texto = _texto_pdf(ruta)
    assert "Mapa de localidades y necesidades (referencial)" in texto
    assert REFERENCIAL.upper() in texto and "Leyenda" in texto
    assert "Los ocho pasos críticos" in texto
    for n in range(1, 9):
        assert f"Paso {n}" in texto
    seg = seguimiento.territorio(almacen_demo, tid)
    for p in seg.pasos:
        assert p.estado in texto
    _renderiza(ruta, tmp_path)


def test_participacion_cuenta_asistentes_de_otro_territorio(almacen_demo):
    """Se cuenta por el territorio de la asistencia: alguien que asistió a un taller de otro
    territorio que el suyo también se cuenta en ese otro."""
    from pir_campo.modelos import Asistencia

    a = almacen_demo
    t1, t2 = [f[0] for f in a.conn.execute("SELECT id FROM territorio ORDER BY nombre LIMIT 2")]
    persona = a.conn.execute(
        "SELECT id FROM persona WHERE territorio_id = ? AND sexo = 'mujer'", (t1,)
    ).fetchone()[0]
    taller = a.conn.execute(
        "SELECT id FROM taller WHERE territorio_id = ? AND fecha IS NOT NULL "
        "AND estado = 'borrador'",
        (t2,),
    ).fetchone()[0]
    antes = inicio.grafico_participacion_mes(qi.participacion_por_mes(a, [t2])).total
    a.insertar(Asistencia, {"territorio_id": t2, "taller_id": taller, "persona_id": persona})
    despues = inicio.grafico_participacion_mes(qi.participacion_por_mes(a, [t2]))
    assert (
        despues.total
        == antes + 1
        == _uno(
            a,
            "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id "
            "WHERE s.eliminado = 0 AND t.eliminado = 0 AND s.territorio_id = ?",
            (t2,),
        )
    )


_DIRECTA = (
    "SELECT a.territorio_id, substr(t.fecha, 1, 7), coalesce(p.sexo, 'sin_dato'), "
    "coalesce(p.tramo_edad, 'sin_dato'), count(*) FROM asistencia a "
    "JOIN taller t ON t.id = a.taller_id AND t.eliminado = 0 JOIN persona p ON p.id = a.persona_id "
    "WHERE a.eliminado = 0 AND t.fecha IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
)


def _cuadra(a: Almacen) -> None:
    ya_contada = a.conn.execute(
        "SELECT territorio_id, mes, sexo, tramo, n FROM participacion_mes WHERE n != 0 "
        "ORDER BY 1, 2, 3, 4"
    ).fetchall()
    assert ya_contada == a.conn.execute(_DIRECTA).fetchall()
    assert all(f[-1] > 0 for f in ya_contada)


def test_participacion_ya_contada_sigue_cada_cambio(almacen_demo):
    """La participación ya contada (esquema 13, por disparadores) es siempre la que da recorrer
    cada asistencia: tras cambiar el sexo o el tramo de una persona, la fecha de un taller,
    borrar un taller o una asistencia, moverla de taller y fusionar dos personas."""
    from pir_campo.modelos import Asistencia, Persona, Taller
    from pir_campo.servicios import duplicados

    a = almacen_demo
    _cuadra(a)
    persona, territorio = a.conn.execute(
        "SELECT p.id, p.territorio_id FROM persona p JOIN asistencia s ON s.persona_id = p.id "
        "JOIN taller t ON t.id = s.taller_id WHERE t.estado = 'borrador' AND p.sexo = 'mujer' "
        "LIMIT 1"
    ).fetchone()
    a.actualizar(Persona, persona, {"sexo": "hombre"})
    _cuadra(a)
    a.actualizar(Persona, persona, {"tramo_edad": None})
    _cuadra(a)
    uno, otro = [
        f[0]
        for f in a.conn.execute(
            "SELECT t.id FROM taller t WHERE t.estado = 'borrador' AND t.fecha IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM asistencia s WHERE s.taller_id = t.id AND s.eliminado = 0) "
            "ORDER BY t.fecha LIMIT 2"
        )
    ]
    a.actualizar(Taller, uno, {"fecha": "2019-01-15"})
    _cuadra(a)
    a.actualizar(Taller, uno, {"fecha": "2019-02-01"})
    asistencias = [
        f[0]
        for f in a.conn.execute(
            "SELECT id FROM asistencia WHERE taller_id = ? AND eliminado = 0 ORDER BY id", (otro,)
        )
    ]
    a.eliminar(Asistencia, asistencias[0])
    _cuadra(a)
    nueva = a.insertar(Persona, {"territorio_id": territorio, "nombre": "Prueba Participación"})
    a.actualizar(Asistencia, asistencias[1], {"taller_id": uno, "persona_id": nueva})
    _cuadra(a)
    a.eliminar(Taller, otro)
    _cuadra(a)
    duplicados.fusionar(a, "persona", nueva, persona)
    _cuadra(a)
    # Una persona que llega después de su asistencia (un paquete en otro orden) se cuenta al
    # llegar; la misma regla vale para el taller.
    a.conn.execute("DELETE FROM persona WHERE id = ?", (nueva,))
    _cuadra(a)


def test_graficos_recordados_hasta_que_la_base_cambia(almacen_demo, ruta_demo):
    """Inicio y su informe no repiten la consulta cara mientras nada cambió, y la repiten en
    cuanto cambia la base, desde esta conexión (una lápida) o desde otra (otro proceso)."""
    from pir_campo.modelos import Asistencia

    a = almacen_demo
    ids = [f[0] for f in a.conn.execute("SELECT id FROM territorio WHERE eliminado = 0")]
    vigentes = (
        "SELECT count(*) FROM asistencia s JOIN taller t ON t.id = s.taller_id "
        "WHERE s.eliminado = 0 AND t.eliminado = 0"
    )

    def total() -> int:
        return {g.clave: g for g in inicio.graficos(a, ids, HOY)}["participacion_mes"].total

    calculos = []
    assert a.recordar("prueba", lambda: calculos.append(1) or 7) == 7
    assert a.recordar("prueba", lambda: calculos.append(1) or 8) == 7 and len(calculos) == 1
    inicial = total()
    assert inicial == _uno(a, vigentes) == total()
    primera, segunda = [
        f[0]
        for f in a.conn.execute(
            "SELECT s.id FROM asistencia s JOIN taller t ON t.id = s.taller_id "
            "WHERE s.eliminado = 0 AND t.eliminado = 0 AND t.estado = 'borrador' LIMIT 2"
        )
    ]
    a.eliminar(Asistencia, primera)
    assert total() == inicial - 1 == _uno(a, vigentes)
    with Almacen.abrir(ruta_demo) as otra:
        otra.eliminar(Asistencia, segunda)
    assert total() == inicial - 2 == _uno(a, vigentes)
    assert a.recordar("prueba", lambda: 9) == 9  # otra conexión escribió: se vuelve a calcular


def test_inicio_del_notebook_al_abrir_trae_lo_primero_y_el_resto_completa_lo_mismo(
    almacen_demo, monkeypatch
):
    # Al abrir, solo los primeros acuerdos y cuántos son, sin contar los cambios sin
    # confirmar; `resto_campo` trae lo demás, y juntos son exactamente el inicio completo.
    hoy = dt.date.today()
    completo = inicio.campo(almacen_demo, hoy)
    assert len(completo.acuerdos) > 3, "la demo tiene acuerdos por cumplir"
    monkeypatch.setattr(inicio, "PRIMEROS_ACUERDOS", 3)
    primero = inicio.para_pantalla(almacen_demo)
    assert [a["id"] for a in primero.acuerdos] == [a["id"] for a in completo.acuerdos[:3]]
    assert primero.total_pendientes is None and not primero.completo
    assert primero.total_acuerdos == len(completo.acuerdos)
    assert primero.acuerdos_vencidos == sum(a["vencido"] for a in completo.acuerdos)
    resto = inicio.resto_campo(almacen_demo, primero.hoy, len(primero.acuerdos))
    assert primero.acuerdos + resto.acuerdos == completo.acuerdos
    assert resto.total_pendientes == completo.total_pendientes == almacen_demo.pendientes_envio()
    assert completo.completo
