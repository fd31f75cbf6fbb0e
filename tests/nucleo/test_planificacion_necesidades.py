"""Necesidades por territorio y oferta de inversión."""

from __future__ import annotations

import pytest

from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import Necesidad
from pir_campo.planificacion import necesidades
from tests.conftest import contenido
from tests.datos_planificacion import localidad, taller, territorio


@pytest.fixture
def base(almacen):
    tid = territorio(almacen)
    return tid, localidad(almacen, tid), taller(almacen, tid)


def _datos(tid, **cambios):
    return {
        "territorio_id": tid,
        "titulo": "Mejoramiento del sistema APR",
        "tipologia": "agua_potable",
        "subtipo": "Mejoramiento o ampliación de APR",
        "situacion_actual": "Cortes de agua en verano",
        "hogares": 80,
        "mujeres": 130,
        "hombres": 120,
        "costo": 12000,
        "unidad_costo": "UF",
        "valor_uf": 39123.45,
        "fecha_uf": "01-10-2026",
        "codigo_bip": "40012345-6",
        "resultado_rate": "RS",
        "etapa": "perfil",
        **cambios,
    }


def test_crear_editar_y_listar_con_localidad_y_taller(almacen, base):
    tid, loc, tal = base
    cambio = necesidades.guardar_necesidad(
        almacen, _datos(tid, localidad_id=loc, taller_id=tal, prioridad=1)
    )
    assert cambio.creado
    nid = cambio.ids[0]
    fila = necesidades.listar(almacen, tid)[0]
    assert (fila["localidad"], fila["taller"], fila["etapa_etiqueta"]) == (
        "Puerto Domínguez",
        "Priorización",
        "Perfil",
    )
    assert fila["tipologia_etiqueta"] == "Agua potable"
    cambio = necesidades.guardar_necesidad(almacen, {"etapa": "factibilidad"}, nid)
    assert cambio.campos == {"etapa"}
    assert necesidades.listar(almacen, tid, etapa="perfil") == []
    assert len(necesidades.listar(almacen, tid, tipologia="agua_potable")) == 1


def test_edicion_invalida_no_cambia_nada(almacen, base):
    tid, *_ = base
    nid = necesidades.guardar_necesidad(almacen, _datos(tid)).ids[0]
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="«Fecha del valor UF» es obligatorio"):
        necesidades.guardar_necesidad(almacen, {"fecha_uf": None}, nid)
    with pytest.raises(ErrorValidacion, match="Código BIP"):
        necesidades.guardar_necesidad(almacen, {"codigo_bip": "BIP-123"}, nid)
    with pytest.raises(ErrorValidacion, match="«Unidad del costo» es obligatorio"):
        necesidades.guardar_necesidad(almacen, _datos(tid, unidad_costo=None))
    assert contenido(almacen.ruta) == antes


def test_localidad_de_otro_territorio_se_rechaza(almacen, base):
    tid, *_ = base
    otro = territorio(almacen, "Secano Interior", ("09117",))
    loc_otro = localidad(almacen, otro, "Huapi")
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="«Localidad» corresponde a otro territorio"):
        necesidades.guardar_necesidad(almacen, _datos(tid, localidad_id=loc_otro))
    assert contenido(almacen.ruta) == antes


def test_descartar_con_motivo_y_matriz(almacen, base):
    tid, *_ = base
    nid = necesidades.guardar_necesidad(almacen, _datos(tid)).ids[0]
    necesidades.guardar_necesidad(
        almacen, _datos(tid, titulo="Camino", tipologia="conectividad_vial", etapa="idea")
    )
    necesidades.descartar(almacen, nid, "Lo financia la DOH")
    assert almacen.obtener(Necesidad, nid)["motivo_descarte"] == "Lo financia la DOH"
    matriz = necesidades.matriz_tipologia_etapa(almacen, [tid])
    assert matriz["agua_potable"]["descartada"] == 1
    assert matriz["conectividad_vial"]["idea"] == 1
    assert sum(sum(f.values()) for f in matriz.values()) == 2


def test_oferta_de_inversion_y_totales_por_unidad(almacen, base):
    tid, *_ = base
    comun = {"territorio_id": tid, "institucion": "MOP DOH", "anio": 2026}
    necesidades.guardar_oferta(
        almacen,
        {
            **comun,
            "nombre": "APR Huapi",
            "tipologia": "agua_potable",
            "monto": 300_000_000,
            "unidad_monto": "CLP",
            "codigo_bip": "30111222-3",
            "estado": "comprometida",
        },
    )
    necesidades.guardar_oferta(
        almacen,
        {
            **comun,
            "nombre": "Estanque",
            "tipologia": "agua_potable",
            "monto": 5000,
            "unidad_monto": "UF",
            "valor_uf": 39000,
            "fecha_uf": "2026-10-01",
        },
    )
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorValidacion, match="«Valor de la UF» es obligatorio"):
        necesidades.guardar_oferta(
            almacen,
            {**comun, "nombre": "X", "tipologia": "saneamiento", "monto": 10, "unidad_monto": "UF"},
        )
    assert contenido(almacen.ruta) == antes
    filas = necesidades.ofertas(almacen, tid)
    assert [f["tipologia_etiqueta"] for f in filas] == ["Agua potable", "Agua potable"]
    assert necesidades.totales_oferta(filas) == {"agua_potable": {"CLP": 300_000_000, "UF": 5000}}
