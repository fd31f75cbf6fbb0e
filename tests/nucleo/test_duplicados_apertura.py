"""Registros únicos que una versión anterior creó dos veces (ids al azar): los indicadores y las
respuestas por sí solos, un acta firmada que cuelga de una versión repetida del PMDT, y la base
que nunca importa, donde la fusión ocurre al abrirla."""

from __future__ import annotations

from pathlib import Path

from pir_campo import ids
from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_duplicados as qd
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.almacen import AJUSTE_UNICOS_REVISADOS
from pir_campo.modelos import (
    ActaValidacion,
    Diagnostico,
    IndicadorTerritorio,
    Iniciativa,
    Organizacion,
    Pmdt,
    RespuestaDiagnostico,
    Territorio,
)
from pir_campo.planificacion import pmdt
from pir_campo.servicios import actas, duplicados
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, instalacion
from tests.nucleo.test_duplicados_sincro import _intercambio, _red, _version_vieja

INDICADOR = {
    "indicador": "tasa_pobreza",
    "valor": 21.5,
    "unidad": "%",
    "fuente": "CASEN 2022",
    "anio": 2022,
}


def _viejo(x: Almacen, modelo, fila: dict) -> str:
    """Lo que hacía la versión anterior: un registro único con un id al azar."""
    return x.insertar_lote(modelo, [fila], id_lote=[ids.uuid7()])[0]


def _firmar_validacion(x: Almacen, tid: str) -> str:
    """Un acta de validación del PMDT firmada por las dos partes (apunta a la última versión)."""
    acta = actas.nueva(x, tid, "validacion_pmdt")
    actas.agregar_firmante(
        x, acta, {"nombre": "Luisa Ancán", "rut": "12.345.678-5", "lado": "comunidad"}
    )
    actas.agregar_firmante(
        x, acta, {"nombre": "Carlos Ruiz", "institucion": "GORE", "lado": "sector_publico"}
    )
    actas.guardar_campo(x, acta, "votos_favor", 31)
    actas.firmar(x, acta)
    return acta


def test_acta_firmada_de_una_version_repetida_queda_intacta_y_redirige(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    v1 = pmdt.crear(oficina, tid, {"fecha": "2025-03-01"}).ids[0]
    for n in (n1, n2):
        enviar(oficina, n, tmp_path)
    versiones = {n: _version_vieja(n, tid, v1, "Agua", f"APR {i}") for i, n in enumerate((n1, n2))}
    firmadas = {n: _firmar_validacion(n, tid) for n in (n1, n2)}
    assert {n1.obtener(ActaValidacion, firmadas[n1])["pmdt_id"]} == {versiones[n1]}
    enviar(n1, oficina, tmp_path)
    enviar(n2, oficina, tmp_path)  # antes: «El acta está firmada y no se puede modificar»
    queda = min(versiones.values())
    _intercambio(oficina, [n1, n2], tmp_path)
    for x in (oficina, n1, n2):
        assert [p["id"] for p in x.listar(Pmdt, territorio_id=tid, version=2)] == [queda]
        assert x.contar(Iniciativa, pmdt_id=queda) == 2
        for n, acta in firmadas.items():
            fila = x.obtener(ActaValidacion, acta)
            # El acta firmada no cambió: sigue apuntando a su versión, que redirige a la que queda.
            assert fila["estado"] == "firmada" and fila["pmdt_id"] == versiones[n]
            assert (qd.destino_final(x, "pmdt", fila["pmdt_id"]) or fila["pmdt_id"]) == queda
    assert rep.conflictos(oficina) == []
    assert datos(oficina) == datos(n1) == datos(n2)


def test_indicadores_y_respuestas_repetidos_convergen_solos_o_desde_la_cola(tmp_path):
    oficina, (n1, n2), tid = _red(tmp_path)
    org = oficina.insertar(
        Organizacion,
        {"territorio_id": tid, "nombre": "Comité APR Llaguepulli", "tipo": "comite_apr"},
    )
    diag = oficina.insertar(
        Diagnostico,
        {
            "territorio_id": tid,
            "organizacion_id": org,
            "fecha": "2025-05-02",
            "instrumento": "capacidad_gestion",
            "version_instrumento": 1,
        },
    )
    for n in (n1, n2):
        enviar(oficina, n, tmp_path)
    indicadores = [
        _viejo(n, IndicadorTerritorio, {"territorio_id": tid, **INDICADOR}) for n in (n1, n2)
    ]
    respuestas = [
        _viejo(
            n,
            RespuestaDiagnostico,
            {"territorio_id": tid, "diagnostico_id": diag, "item": "1.1", "valor": v},
        )
        for n, v in ((n1, 2), (n2, 3))
    ]
    enviar(n1, oficina, tmp_path)
    enviar(n2, oficina, tmp_path)
    # El indicador igual se fusionó solo al importar; la respuesta distinta espera en la cola.
    assert [i["id"] for i in oficina.listar(IndicadorTerritorio, territorio_id=tid)] == [
        min(indicadores)
    ]
    [par] = duplicados.cola(oficina)
    assert par["tabla"] == "respuesta_diagnostico" and par["diferencias"] == ["valor"]
    assert {par["a"]["id"], par["b"]["id"]} == set(respuestas)
    duplicados.fusionar(oficina, "respuesta_diagnostico", respuestas[1], respuestas[0])
    _intercambio(oficina, [n1, n2], tmp_path)
    for x in (oficina, n1, n2):
        assert x.contar(IndicadorTerritorio, territorio_id=tid) == 1
        [r] = x.listar(RespuestaDiagnostico, diagnostico_id=diag)
        assert (r["id"], r["valor"]) == (respuestas[1], 3)
        assert duplicados.cola(x) == []
    assert datos(oficina) == datos(n1) == datos(n2)


def _base_de_la_version_anterior(tmp: Path) -> tuple[Path, str, list[str]]:
    """Un notebook que nunca importa, con una «versión 2» repetida igual y un indicador
    repetido distinto, como los dejaba la versión anterior (que no marcaba la base revisada)."""
    n = instalacion(tmp, "notebook")
    tid = n.insertar(Territorio, TERRITORIO)
    v1 = pmdt.crear(n, tid, {"fecha": "2025-03-01"}).ids[0]
    versiones = [_version_vieja(n, tid, v1, "Agua", f"APR {i}") for i in range(2)]
    for valor in (21.5, 30.0):
        _viejo(n, IndicadorTerritorio, {"territorio_id": tid, **INDICADOR, "valor": valor})
    with n.transaccion():
        n.conn.execute(
            "DELETE FROM estado_sincro WHERE clave = ?", (f"ajuste.{AJUSTE_UNICOS_REVISADOS}",)
        )
    ruta = n.ruta
    n.cerrar()
    return ruta, tid, versiones


def test_unicos_repetidos_de_una_version_anterior_se_fusionan_al_abrir(tmp_path, cli):
    ruta, tid, versiones = _base_de_la_version_anterior(tmp_path)
    codigo, _, error = cli("resumen", "--db", ruta)
    assert codigo == 0, error
    with Almacen.abrir(ruta) as n:
        [v2] = n.listar(Pmdt, territorio_id=tid, version=2)
        assert v2["id"] == min(versiones) and n.contar(Iniciativa, pmdt_id=v2["id"]) == 2
        # El indicador con valores distintos no se decide solo: queda en la cola.
        [par] = duplicados.cola(n)
        assert par["tabla"] == "indicador_territorio" and par["diferencias"] == ["valor"]
        assert n.ajuste(AJUSTE_UNICOS_REVISADOS) == "1"
    antes = contenido(ruta)
    assert cli("resumen", "--db", ruta)[0] == 0
    assert contenido(ruta) == antes  # una vez por base: abrir de nuevo no escribe nada


def test_base_nueva_nace_revisada_y_abrirla_no_escribe(tmp_path, cli):
    n = instalacion(tmp_path, "notebook")
    ruta = n.ruta
    n.cerrar()
    antes = contenido(ruta)
    assert cli("resumen", "--db", ruta)[0] == 0
    assert contenido(ruta) == antes
