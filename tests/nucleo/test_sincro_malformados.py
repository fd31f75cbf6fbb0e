"""Un paquete firmado por un notebook de confianza con líneas mal formadas: cada línea mala se
retiene con su motivo (en el resultado, en el recibo y en la CLI) y el resto se aplica;
`verificar` da exactamente el mismo veredicto que `importar`, sin escribir nada."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pir_campo import adjuntos
from pir_campo.almacen import Almacen
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Adjunto, Persona, Territorio
from pir_campo.sincro import exportar, importar
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, armar, partes, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete

ROSA = "Rosa Ñancupil"


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar(Persona, {"territorio_id": tid, "nombre": ROSA})
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Juan Painemal"})
    foto = tmp_path / "acta.pdf"
    foto.write_bytes(b"%PDF-1.4 acta del taller" * 40)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(nb.ruta), foto, nb.llave_adjuntos())
    nb.insertar(
        Adjunto,
        {
            "territorio_id": tid,
            "tabla_duena": "territorio",
            "registro_id": tid,
            "sha256": sha,
            "tamano": tam,
            "tipo_medio": medio,
            "nombre_original": "acta.pdf",
        },
    )
    real = hacer_paquete(nb, oficina, tmp_path, cifrar=False)
    yield tmp_path, oficina, nb, real
    oficina.cerrar()
    nb.cerrar()


def _json(d: object) -> bytes:
    return json.dumps(d).encode()  # ensure_ascii: un sustituto suelto queda como \ud800


def _rosa(d: dict) -> bool:
    return d["v"].get("nombre") == ROSA


def _mutado(escena, tabla: str, cambio, con_id: bool = True) -> tuple[Path, str]:
    """El paquete real con la línea elegida de `tabla` cambiada por `cambio(dict) -> bytes`."""
    tmp, oficina, nb, real = escena
    cab, registros, auditoria, blobs = partes(real)
    lineas: dict[str, list[bytes]] = {}
    elegido = None
    for t, filas in registros.items():
        lineas[t] = []
        for d in filas:
            if t == tabla and elegido is None and (t != "persona" or _rosa(d)):
                elegido = d["id"] if con_id else f"línea {len(lineas[t]) + 1}"
                lineas[t].append(cambio(d))
            else:
                lineas[t].append(_json(d))
    assert elegido is not None
    return armar(tmp, nb, oficina, cab, lineas, auditoria, blobs), elegido


def _sin(clave):
    def cambio(d):
        del d[clave]
        return _json(d)

    return cambio


def _con(ruta, valor):
    def cambio(d):
        destino = d
        for k in ruta[:-1]:
            destino = destino[k]
        destino[ruta[-1]] = valor
        return _json(d)

    return cambio


def _tamano(literal: bytes):
    """El tamaño del adjunto reemplazado por un literal que JSON de Python acepta (NaN, 1e999)."""
    return lambda d: _json(d).replace(b'"tamano": ', b'"tamano": ' + literal + b', "z": ')


CASOS = {
    "sin_t": ("persona", _sin("t"), True),
    "sin_id": ("persona", _sin("id"), False),
    "sin_vv": ("persona", _sin("vv"), True),
    "entero_enorme_en_valor": ("adjunto", _con(("v", "tamano"), 2**64), True),
    "entero_enorme_en_punto": ("persona", _con(("cd", 1), 2**70), True),
    "entero_enorme_en_vector": ("persona", _con(("vv", "otro-equipo"), 2**64), True),
    "sustituto_suelto": ("persona", _con(("v", "nombre"), "Rosa \ud800"), True),
    "sustituto_en_punto": ("persona", _con(("cd", 0), "dv_\udfff"), True),
    "hlc_malo": ("persona", _con(("hlc",), "mañana temprano"), True),
    "hlc_malo_en_punto": ("persona", _con(("cd", 2), "12.x"), True),
    "tipo_equivocado": ("persona", _con(("v", "nombre"), 12), True),
    "fuera_de_rango": ("adjunto", _con(("v", "tamano"), -5), True),
    "texto_en_booleano": ("persona", _con(("v", "afrodescendiente"), "quizás"), True),
    "eliminado_raro": ("persona", _con(("v", "eliminado"), [1]), True),
    "no_es_json": ("persona", lambda d: b'{"t": "persona", "id": ', False),
    "no_es_objeto": ("persona", lambda d: b"[1, 2, 3]", False),
    "infinito": ("adjunto", _tamano(b"1e999"), True),
    "nan": ("adjunto", _tamano(b"NaN"), True),
    "utf8_invalido": ("persona", lambda d: _json(d).replace(b"Rosa", b"R\xffsa"), False),
    "tabla_de_otra_tabla": ("persona", _con(("t",), "taller"), True),
}


@pytest.mark.parametrize("caso", sorted(CASOS))
def test_linea_mala_se_retiene_y_el_resto_se_aplica(escena, caso):
    tmp, oficina, nb, _ = escena
    tabla, cambio, con_id = CASOS[caso]
    ruta, elegido = _mutado(escena, tabla, cambio, con_id)
    antes = contenido(oficina.ruta)
    v = importar.verificar(oficina, ruta)
    assert contenido(oficina.ruta) == antes  # verificar no escribe
    r = importar.importar(oficina, ruta)
    # Un adjunto retenido deja sin uso su archivo: también se retiene (no se guarda).
    assert len(r.retenidos) == 1 + (tabla == "adjunto"), r.retenidos
    x = r.retenidos[0]
    assert x["t"] == tabla and len(x["motivo"]) > 10
    assert x["id"] == elegido
    assert all(ord(ch) < 0xD800 or ord(ch) > 0xDFFF for ch in json.dumps(x, ensure_ascii=False))
    # verificar anunció exactamente lo mismo que importar hizo.
    assert v["retenidos"] == r.retenidos
    assert (v["nuevos"], v["actualizados"]) == (r.nuevos, r.actualizados)
    # El resto del paquete se aplicó: 1 territorio + 2 personas + 1 adjunto, menos la retenida.
    assert r.nuevos == 3
    assert len(oficina.listar(Territorio)) == 1
    if tabla == "persona":
        assert [p["nombre"] for p in oficina.listar(Persona)] == ["Juan Painemal"]
    # El recibo que la oficina devuelve al notebook lleva lo retenido con su motivo.
    recibo = exportar.recibo(oficina, _par(oficina, nb))
    (b,) = [b for b in recibo["bundles"] if b["bundle_id"] == r.paquete_id]
    assert b["quarantined"] == r.retenidos


def _par(oficina: Almacen, nb: Almacen) -> dict:
    from pir_campo.almacen import replicacion as rep

    return rep.par(oficina, nb.dispositivo)


def test_tabla_desconocida_se_retiene_y_el_resto_se_aplica(escena):
    tmp, oficina, nb, real = escena
    cab, registros, auditoria, blobs = partes(real)
    lineas = {t: [_json(d) for d in filas] for t, filas in registros.items()}
    lineas["tabla_del_futuro"] = [_json({"t": "tabla_del_futuro", "id": "x-1", "v": {}})]
    ruta = armar(tmp, nb, oficina, cab, lineas, auditoria, blobs)
    v = importar.verificar(oficina, ruta)
    r = importar.importar(oficina, ruta)
    assert r.nuevos == 4
    assert r.retenidos == v["retenidos"]
    assert [(x["t"], x["id"]) for x in r.retenidos] == [("tabla_del_futuro", "x-1")]
    assert "tabla desconocida" in r.retenidos[0]["motivo"]


def test_cli_importar_y_verificar_dicen_lo_mismo(escena, cli):
    tmp, oficina, nb, _ = escena
    ruta, elegido = _mutado(escena, "persona", _con(("v", "nombre"), "Rosa \ud800"))
    oficina.cerrar()
    codigo, salida_v, error = cli("verificar", "--db", oficina.ruta, ruta)
    assert codigo == 0, error
    assert "válido" in salida_v and "Se retendrá" in salida_v and elegido[:8] in salida_v
    codigo, salida, error = cli("importar", "--db", oficina.ruta, ruta)
    assert codigo == 0, error
    assert "1 rechazado" in salida and "Rechazado persona" in salida and elegido in salida
    assert "texto no válido" in salida and "texto no válido" in salida_v
    assert "\\ud800" not in salida
    codigo, salida, error = cli("verificar", "--db", oficina.ruta, ruta, "--json")
    (d,) = json.loads(salida)
    assert d["ya_importado"] is True


def test_bitacora_con_entero_enorme_rechaza_el_paquete_sin_caerse(escena):
    tmp, oficina, nb, real = escena
    cab, registros, auditoria, blobs = partes(real)
    lineas = {t: [_json(d) for d in filas] for t, filas in registros.items()}
    persona = registros["persona"][0]
    fila = [nb.dispositivo, 2**64, persona["hlc"], "2026-01-01T00:00:00+00:00", "notebook1"]
    fila += ["persona", persona["id"], "nombre", None, "Rosa", None]
    ruta = armar(tmp, nb, oficina, cab, lineas, [*auditoria, _json(fila)], blobs)
    antes = contenido(oficina.ruta)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, ruta)
    assert "bitácora" in str(e.value)
    assert contenido(oficina.ruta) == antes
    with pytest.raises(ErrorPaquete) as e2:
        importar.verificar(oficina, ruta)
    assert str(e2.value) == str(e.value)


@pytest.mark.parametrize(
    "cambio",
    [
        {"seq_to": 2**64},
        {"seq_from": -1},
        {"ack_remote": ["no", "es", "objeto"]},
        {"ack_remote": {"dv_x": 2**70}},
        {"created_wall": 12},
    ],
)
def test_encabezado_mal_formado_rechaza_sin_caerse(escena, cambio):
    tmp, oficina, nb, real = escena
    cab, registros, auditoria, blobs = partes(real)
    lineas = {t: [_json(d) for d in filas] for t, filas in registros.items()}
    ruta = armar(tmp, nb, oficina, {**cab, **cambio}, lineas, auditoria, blobs)
    antes = contenido(oficina.ruta)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, ruta)
    assert contenido(oficina.ruta) == antes
    assert _archivos(adjuntos.carpeta_de(oficina.ruta)) == []
    with pytest.raises(ErrorPaquete) as e2:
        importar.verificar(oficina, ruta)
    assert str(e2.value) == str(e.value) and str(e.value).endswith(".")


@pytest.mark.parametrize("caso", ["no_json", "lista", "confirmado_enorme", "blobs_no_lista"])
def test_recibo_mal_formado_en_el_notebook_no_lo_cae(escena, caso):
    tmp, oficina, nb, real = escena
    importar.importar(oficina, real)
    cab, registros, auditoria, blobs = partes(hacer_paquete(oficina, nb, tmp, cifrar=False))
    bueno = {"for_device": nb.dispositivo, "device_acked_seq": 1, "blobs_received": []}
    recibo = {
        "no_json": b"{no es json",
        "lista": b'["lista"]',
        "confirmado_enorme": _json({**bueno, "device_acked_seq": 2**64}),
        "blobs_no_lista": _json({**bueno, "blobs_received": {"a": 1}}),
    }[caso]
    lineas = {t: [_json(d) for d in filas] for t, filas in registros.items()}
    otros = {"data/receipt.json": recibo}
    r = importar.importar(nb, armar(tmp, oficina, nb, cab, lineas, auditoria, blobs, otros))
    assert not r.duplicado
    from pir_campo.almacen import replicacion as rep

    assert rep.par(nb, oficina.dispositivo)["confirmado_por_par"] <= rep.seq_actual(nb)


def _archivos(carpeta: Path) -> list[Path]:
    return sorted(f for f in carpeta.rglob("*") if f.is_file()) if carpeta.is_dir() else []
