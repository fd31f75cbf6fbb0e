from __future__ import annotations

import datetime as dt

import pytest

from pir_campo.errores import ErrorValidacion
from pir_campo.modelos import (
    MODELOS,
    AccionPlan,
    ActaValidacion,
    Acuerdo,
    Adenda,
    Adjunto,
    Asistencia,
    Consentimiento,
    Diagnostico,
    Firmante,
    IndicadorTerritorio,
    Iniciativa,
    Localidad,
    Necesidad,
    OfertaInversion,
    Organizacion,
    Persona,
    Pmdt,
    RespuestaDiagnostico,
    Revision,
    SolicitudDerecho,
    Taller,
    Territorio,
    VotoPriorizacion,
)
from pir_campo.modelos.enums import PasoCritico

T = "0195a000-0000-7000-8000-000000000001"
OTRO = "0195a000-0000-7000-8000-000000000002"

MINIMOS = {
    Territorio: {"nombre": "Costa Lago Budi", "cut_region": "09", "comunas": ["09117"]},
    Localidad: {"territorio_id": T, "nombre": "Collileufu", "cut_comuna": "09117"},
    Organizacion: {"territorio_id": T, "nombre": "Comité APR Llaguepulli", "tipo": "comite_apr"},
    Persona: {"territorio_id": T, "nombre": "Rosa Ñancupil"},
    Taller: {"territorio_id": T, "paso": 2, "titulo": "Validación", "fecha": "12-03-2026"},
    Asistencia: {"territorio_id": T, "taller_id": OTRO, "persona_id": OTRO},
    Acuerdo: {"territorio_id": T, "taller_id": OTRO, "texto": "Enviar el listado al municipio"},
    ActaValidacion: {
        "territorio_id": T,
        "tipo": "validacion_territorio",
        "fecha": "2026-03-12",
        "decision": "aprobado",
    },
    Firmante: {"territorio_id": T, "acta_id": OTRO, "nombre": "Juan Painemal", "lado": "comunidad"},
    Adenda: {"territorio_id": T, "acta_id": OTRO, "fecha": "2026-04-01", "texto": "Se agrega"},
    Necesidad: {"territorio_id": T, "tipologia": "agua_potable", "titulo": "APR Collileufu"},
    OfertaInversion: {
        "territorio_id": T,
        "nombre": "Camino",
        "institucion": "MOP",
        "tipologia": "conectividad_vial",
        "anio": 2026,
    },
    Pmdt: {"territorio_id": T, "version": 1, "fecha": "2026-01-10"},
    Iniciativa: {
        "territorio_id": T,
        "pmdt_id": OTRO,
        "nombre": "APR",
        "tipologia": "agua_potable",
        "orden": 1,
    },
    Diagnostico: {
        "territorio_id": T,
        "organizacion_id": OTRO,
        "fecha": "2026-01-10",
        "instrumento": "capacidad_gestion",
        "version_instrumento": 1,
    },
    RespuestaDiagnostico: {
        "territorio_id": T,
        "diagnostico_id": OTRO,
        "item": "legal_1",
        "valor": 2,
    },
    AccionPlan: {"territorio_id": T, "diagnostico_id": OTRO, "accion": "Curso de contabilidad"},
    IndicadorTerritorio: {
        "territorio_id": T,
        "indicador": "tasa_pobreza",
        "valor": 23.5,
        "unidad": "%",
        "fuente": "CASEN 2022",
        "anio": 2022,
    },
    VotoPriorizacion: {"territorio_id": T, "taller_id": OTRO, "necesidad_id": OTRO, "votos": 14},
    Adjunto: {
        "territorio_id": T,
        "tabla_duena": "taller",
        "registro_id": OTRO,
        "sha256": "a" * 64,
        "tamano": 10,
        "tipo_medio": "image/png",
        "nombre_original": "hoja.png",
    },
    Revision: {"territorio_id": T, "registro_tabla": "taller", "registro_id": OTRO},
    SolicitudDerecho: {
        "territorio_id": T,
        "persona_id": OTRO,
        "tipo": "acceso",
        "fecha": "2026-12-01",
        "solicitado_por": "La persona titular",
    },
    Consentimiento: {
        "territorio_id": T,
        "persona_id": OTRO,
        "fecha": "2026-12-01",
        "version_aviso": "2026.1",
        "forma": "firmado_hoja",
    },
}


def test_el_consentimiento_verbal_pide_el_nombre_del_testigo():
    datos = {**MINIMOS[Consentimiento], "forma": "verbal_testigo"}
    with pytest.raises(ErrorValidacion, match="Testigo"):
        Consentimiento.validar(datos)
    assert Consentimiento.validar({**datos, "testigo": "Juana Pérez"}).testigo == "Juana Pérez"


def test_hay_un_caso_minimo_por_cada_modelo():
    assert set(MINIMOS) == set(MODELOS)


@pytest.mark.parametrize("modelo", MODELOS, ids=lambda m: m.__name__)
def test_cada_modelo_acepta_su_minimo_y_exige_cada_campo_obligatorio(modelo):
    assert modelo.validar(MINIMOS[modelo])
    for campo, info in modelo.model_fields.items():
        if info.is_required():
            datos = {k: v for k, v in MINIMOS[modelo].items() if k != campo}
            with pytest.raises(ErrorValidacion) as error:
                modelo.validar(datos)
            assert f"«{info.title}» es obligatorio" in str(error.value)
            assert error.value.campo == info.title


@pytest.mark.parametrize("modelo", MODELOS, ids=lambda m: m.__name__)
def test_todo_campo_tiene_etiqueta_en_espanol(modelo):
    for nombre, info in modelo.model_fields.items():
        assert info.title and info.title != nombre, nombre


def test_campo_desconocido_se_rechaza_nombrandolo():
    with pytest.raises(ErrorValidacion, match="«apellido» no existe en la persona"):
        Persona.validar({**MINIMOS[Persona], "apellido": "x"})


@pytest.mark.parametrize(
    ("modelo", "cambios", "mensaje"),
    [
        (Persona, {"rut": "12.345.678-4"}, "«RUT» tiene un dígito verificador"),
        (Persona, {"sexo": "masculino"}, "«Sexo» no admite ese valor; opciones: Mujer, Hombre"),
        (Persona, {"nombre": "x" * 201}, "«Nombre completo» admite como máximo 200 caracteres"),
        (Persona, {"nombre": "   "}, "«Nombre completo» no puede quedar vacío"),
        (Persona, {"telefono": "llamar"}, "«Teléfono» debe ser un número de teléfono"),
        (Territorio, {"comunas": ["99999"]}, "«Comunas» tiene el código «99999»"),
        (Territorio, {"comunas": ["07101"]}, "07101, que no pertenecen a la región"),
        (Territorio, {"poblacion": -1}, "«Población» no puede ser negativo"),
        (
            Taller,
            {"hora_inicio": "11:00", "hora_termino": "10:30"},
            "«Hora de término» debe ser posterior a la hora de inicio",
        ),
        (Taller, {"fecha": "31-02-2026"}, "«Fecha del taller» no es una fecha del calendario"),
        (Taller, {"paso": 9}, "«Paso crítico» no admite ese valor"),
        (Taller, {"agenda": "a" * 20_001}, "«Agenda» admite como máximo 20000 caracteres"),
        (Taller, {"territorio_id": "T12"}, "«Territorio» no es un identificador válido"),
        (ActaValidacion, {"votos_contra": -2}, "«Votos en contra» no puede ser negativo"),
        (
            ActaValidacion,
            {"decision": "aprobado_con_condiciones"},
            "«Condiciones» es obligatorio si se aprueba con condiciones",
        ),
        (Necesidad, {"codigo_bip": "3012"}, "«Código BIP» debe tener la forma 30123456-7"),
        (Necesidad, {"costo": 1000}, "«Unidad del costo» es obligatorio"),
        (Necesidad, {"costo": 1000, "unidad_costo": "UF"}, "«Valor de la UF» es obligatorio"),
        (
            Necesidad,
            {"costo": 1000, "unidad_costo": "UF", "valor_uf": 39000},
            "«Fecha del valor UF» es obligatorio",
        ),
        (Necesidad, {"etapa": "descartada"}, "«Motivo de descarte» es obligatorio"),
        (RespuestaDiagnostico, {"valor": 11}, "«Respuesta» debe ser menor o igual que 10"),
    ],
)
def test_datos_invalidos_dan_una_frase_en_espanol_que_nombra_el_campo(modelo, cambios, mensaje):
    with pytest.raises(ErrorValidacion) as error:
        modelo.validar({**MINIMOS[modelo], **cambios})
    assert mensaje in str(error.value)
    assert str(error.value).endswith(".")


def test_taller_cerrado_no_puede_tener_fecha_futura():
    manana = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ErrorValidacion, match="«Fecha del taller» está en el futuro"):
        Taller.validar({**MINIMOS[Taller], "fecha": manana, "estado": "cerrado"})
    assert Taller.validar({**MINIMOS[Taller], "fecha": manana})  # planificado, abierto


def test_fechas_chilenas_y_vacios_opcionales_se_normalizan():
    p = Persona.validar({**MINIMOS[Persona], "rut": "999.999-k", "sexo": "", "telefono": " "})
    assert (p.rut, p.sexo, p.telefono) == ("999999K", None, None)
    t = Taller.validar(MINIMOS[Taller])
    assert t.fecha == dt.date(2026, 3, 12)
    assert t.como_fila()["fecha"] == "2026-03-12"


def test_los_ocho_pasos_con_sus_tres_componentes():
    assert [p.value for p in PasoCritico] == list(range(1, 9))
    assert {p.componente.value for p in PasoCritico} == {
        "instalacion",
        "construccion_pmdt",
        "gestion_pmdt",
    }
    assert PasoCritico(5).etiqueta == "Validación del PMDT"
