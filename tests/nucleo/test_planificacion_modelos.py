"""Modelos nuevos de planificación, su migración y las reglas de datos mal ingresados."""

from __future__ import annotations

import pytest

from pir_campo.almacen import ESQUEMA_ACTUAL, llaves, motor
from pir_campo.almacen.conexion import ID_APLICACION, conectar, migrar
from pir_campo.almacen.migraciones import MIGRACIONES
from pir_campo.almacen.tablas import tabla
from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import MODELOS, POR_TABLA, IndicadorTerritorio, Necesidad, VotoPriorizacion
from tests.conftest import FRASE, contenido
from tests.datos_planificacion import necesidad, territorio

ID = "01952014-ff23-7339-915e-e19699249375"


def test_modelos_registrados_y_tablas_con_metadatos(almacen):
    assert POR_TABLA["indicador_territorio"] is IndicadorTerritorio
    assert POR_TABLA["voto_priorizacion"] is VotoPriorizacion
    orden = [m.__name__ for m in MODELOS]
    assert orden.index("Territorio") < orden.index("IndicadorTerritorio")
    assert orden.index("Necesidad") < orden.index("VotoPriorizacion")
    assert ESQUEMA_ACTUAL == MIGRACIONES[-1][0] >= 3
    referencia = [f[1] for f in almacen.conn.execute("PRAGMA table_info(necesidad)")]
    meta = referencia[referencia.index("eliminado") :]
    for modelo in (IndicadorTerritorio, VotoPriorizacion):
        columnas = [f[1] for f in almacen.conn.execute(f"PRAGMA table_info({modelo.tabla})")]
        assert columnas == ["id", *tabla(modelo).campos, *meta]


def test_base_de_esquema_2_se_migra_a_3(tmp_path):
    ruta = tmp_path / "vieja.sqlite"
    llave, datos = llaves.nueva(FRASE)
    llaves.escribir(ruta, datos)
    conn = motor.conectar(ruta, llave)
    for numero, _, aplicar in MIGRACIONES[:2]:
        aplicar(conn)
        conn.execute(f"PRAGMA user_version = {numero}")
    conn.execute(f"PRAGMA application_id = {ID_APLICACION}")
    conn.commit()
    conn.close()
    conn = conectar(ruta, llave)
    respaldo = migrar(conn, ruta, llave)
    assert respaldo is not None and respaldo.exists()
    tablas = {f[0] for f in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"indicador_territorio", "voto_priorizacion"} <= tablas
    conn.close()


def _indicador(**cambios):
    base = {
        "territorio_id": ID,
        "indicador": "tasa_pobreza",
        "valor": 21.5,
        "unidad": "%",
        "fuente": "Encuesta CASEN",
        "anio": 2022,
    }
    return {**base, **cambios}


def test_indicador_valido_y_reglas():
    assert IndicadorTerritorio.validar(_indicador()).valor == 21.5
    with pytest.raises(ErrorValidacion, match="«Tipología» es obligatorio para una brecha"):
        IndicadorTerritorio.validar(_indicador(indicador="brecha_servicio"))
    with pytest.raises(ErrorValidacion, match="solo se indica en una brecha"):
        IndicadorTerritorio.validar(_indicador(tipologia="agua_potable"))
    with pytest.raises(ErrorValidacion, match="no puede superar 100"):
        IndicadorTerritorio.validar(_indicador(valor=130))
    with pytest.raises(ErrorValidacion, match="«Fuente» es obligatorio"):
        IndicadorTerritorio.validar({k: v for k, v in _indicador().items() if k != "fuente"})
    with pytest.raises(ErrorValidacion, match="«Año» debe ser mayor o igual que 1990"):
        IndicadorTerritorio.validar(_indicador(anio=1900))


def test_voto_exige_votos_o_lugar():
    base = {"territorio_id": ID, "taller_id": ID, "necesidad_id": ID}
    assert VotoPriorizacion.validar({**base, "lugar": 1}).lugar == 1
    with pytest.raises(ErrorValidacion, match="«Votos» es obligatorio si no se indica el lugar"):
        VotoPriorizacion.validar(base)
    with pytest.raises(ErrorValidacion, match="«Lugar en la priorización» debe ser mayor"):
        VotoPriorizacion.validar({**base, "lugar": 0})


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"codigo_bip": "3012345-6"}, "«Código BIP» debe tener la forma 30123456-7"),
        ({"costo": 1500000}, "«Unidad del costo» es obligatorio cuando se indica un monto"),
        ({"costo": 3000, "unidad_costo": "UF"}, "«Valor de la UF» es obligatorio"),
        (
            {"costo": 3000, "unidad_costo": "UF", "valor_uf": 39000},
            "«Fecha del valor UF» es obligatorio",
        ),
        ({"etapa": "descartada"}, "«Motivo de descarte» es obligatorio"),
    ],
)
def test_necesidad_mal_ingresada_no_guarda_nada(almacen, cambios, mensaje):
    tid = territorio(almacen)
    necesidad(almacen, tid, "Abasto de agua")
    antes = contenido(almacen.ruta)
    datos = {"territorio_id": tid, "titulo": "Camino", "tipologia": "conectividad_vial", **cambios}
    with pytest.raises(ErrorValidacion, match=mensaje):
        almacen.insertar(Necesidad, datos)
    assert contenido(almacen.ruta) == antes


def test_demo_trae_indicadores_y_priorizacion(almacen_demo):
    for t in almacen_demo.conn.execute("SELECT id FROM territorio"):
        assert almacen_demo.contar(IndicadorTerritorio, territorio_id=t[0]) == 8
        votos = almacen_demo.listar(VotoPriorizacion, territorio_id=t[0])
        assert votos and sorted(v["lugar"] for v in votos) == list(range(1, len(votos) + 1))
        for v in votos:
            assert almacen_demo.obtener(Necesidad, v["necesidad_id"])["prioridad"] == v["lugar"]
