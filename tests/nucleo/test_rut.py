from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pir_campo import rut
from pir_campo.errores import ErrorValidacion


@pytest.mark.parametrize(
    ("entrada", "compacto", "formateado"),
    [
        ("12.345.678-5", "123456785", "12.345.678-5"),
        ("12345678-5", "123456785", "12.345.678-5"),
        ("  12 345 678 5 ", "123456785", "12.345.678-5"),
        ("999.999-k", "999999K", "999.999-K"),  # cuerpo bajo 1.000.000, con K minúscula
        ("1-9", "19", "1-9"),
        ("6.000.000-K", "6000000K", "6.000.000-K"),
        ("00.123.456-0", "1234560", "123.456-0"),  # ceros a la izquierda
    ],
)
def test_rut_valido_se_guarda_compacto_y_se_muestra_con_puntos(entrada, compacto, formateado):
    assert rut.validar(entrada) == compacto
    assert rut.formatear(rut.validar(entrada)) == formateado
    assert rut.es_valido(entrada)


@pytest.mark.parametrize(
    ("entrada", "fragmento"),
    [
        ("12.345.678-4", "dígito verificador"),
        ("999.999-3", "dígito verificador"),
        ("abc", "no tiene forma de RUT"),
        ("", "está vacío"),
        ("0-0", "no tiene forma de RUT"),
        ("123.456.789-0", "no tiene forma de RUT"),
        ("12.345.678-X", "no tiene forma de RUT"),
    ],
)
def test_rut_invalido_da_mensaje_en_espanol_con_el_campo(entrada, fragmento):
    with pytest.raises(ErrorValidacion) as error:
        rut.validar(entrada, campo="RUT del firmante")
    assert fragmento in str(error.value)
    assert "«RUT del firmante»" in str(error.value)
    assert not rut.es_valido(entrada)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_todo_cuerpo_con_su_digito_es_valido_y_cualquier_otro_digito_no(cuerpo):
    dv = rut.digito_verificador(str(cuerpo))
    assert rut.validar(rut.formatear(f"{cuerpo}{dv}")) == f"{cuerpo}{dv}"
    for otro in "0123456789K":
        if otro != dv:
            assert not rut.es_valido(f"{cuerpo}-{otro}")
