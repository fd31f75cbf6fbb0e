"""El contenedor .pirb y sus resguardos: todo paquete dañado, ajeno u hostil se rechaza entero,
con un mensaje en español, y la base queda igual."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import PublicKey

from pir_campo import temporal_cifrado
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import importar, paquete, zipfijo
from pir_campo.sincro.bolsa import EscritorBolsa
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, instalacion, red
from tests.nucleo.sincro_apoyo import paquete as hacer_paquete


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (nb, otro) = red(tmp_path, 2)
    tid = nb.insertar(Territorio, TERRITORIO)
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    ruta = hacer_paquete(nb, oficina, tmp_path)
    yield tmp_path, oficina, nb, otro, ruta
    for a in (oficina, nb, otro):
        a.cerrar()


def _rechazado(oficina, ruta: Path) -> ErrorPaquete:
    antes = contenido(oficina.ruta)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, ruta)
    assert contenido(oficina.ruta) == antes
    assert e.value.mensaje[0].isupper() and e.value.mensaje.endswith(".")
    return e.value


def test_paquete_valido_se_importa_y_es_un_zip_comun(escena):
    tmp, oficina, nb, _, ruta = escena
    with zipfile.ZipFile(ruta) as z:
        assert z.namelist() == ["envelope.json", "envelope.json.sig", "payload.enc"]
        assert z.testzip() is None
        sobre = json.loads(z.read("envelope.json"))
    assert sobre["to"] == oficina.dispositivo and sobre["cifrado"] is True
    r = importar.importar(oficina, ruta)
    assert r.nuevos == 2 and not r.retenidos


def test_truncado_en_cualquier_punto(escena):
    tmp, oficina, _, _, ruta = escena
    datos = ruta.read_bytes()
    cortes = set(range(0, 120)) | set(range(len(datos) - 120, len(datos)))
    cortes |= set(range(0, len(datos), 97))
    antes = contenido(oficina.ruta)
    corto = tmp / "corto.pirb"
    for n in sorted(cortes):
        corto.write_bytes(datos[:n])
        with pytest.raises(ErrorPaquete) as e:
            importar.importar(oficina, corto)
        assert "incompleto o dañado" in str(e.value) or "no coincide" in str(e.value), n
    assert contenido(oficina.ruta) == antes


def test_un_byte_cambiado_en_cualquier_parte(escena):
    tmp, oficina, _, _, ruta = escena
    datos = ruta.read_bytes()
    antes = contenido(oficina.ruta)
    alterado = tmp / "alterado.pirb"
    for i in range(0, len(datos), 7):
        copia = bytearray(datos)
        copia[i] ^= 0x01
        alterado.write_bytes(bytes(copia))
        with pytest.raises(ErrorPaquete):
            importar.importar(oficina, alterado)
    assert contenido(oficina.ruta) == antes


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(posicion=st.floats(0, 1, exclude_max=True), mascara=st.integers(1, 255))
def test_propiedad_cualquier_byte_alterado_se_rechaza(escena, posicion, mascara):
    tmp, oficina, _, _, ruta = escena
    datos = bytearray(ruta.read_bytes())
    datos[int(posicion * len(datos))] ^= mascara
    alterado = tmp / "prop.pirb"
    alterado.write_bytes(bytes(datos))
    with pytest.raises(ErrorPaquete):
        importar.verificar(oficina, alterado)


def test_firmante_desconocido(escena):
    tmp, oficina, _, _, _ = escena
    extrano = instalacion(tmp, "extrano")
    from tests.nucleo.sincro_apoyo import registrar

    otra_oficina = instalacion(tmp, "otra_oficina", "oficina")
    registrar(otra_oficina, extrano, tmp)
    extrano.insertar(Territorio, TERRITORIO)
    # Firmado por un notebook que esta oficina no registró, aunque dirigido a ella.
    ruta = hacer_paquete(extrano, otra_oficina, tmp)
    e = _rechazado(oficina, ruta)
    assert e.codigo == "FIRMANTE_DESCONOCIDO" and "no registrado" in str(e)


def test_dirigido_a_otra_oficina(escena):
    tmp, oficina, nb, _, _ = escena
    from tests.nucleo.sincro_apoyo import registrar

    otra = instalacion(tmp, "otra_oficina", "oficina")
    registrar(otra, nb, tmp)  # el notebook ahora envía a la otra oficina
    ruta = hacer_paquete(nb, otra, tmp)
    e = _rechazado(oficina, ruta)
    assert e.codigo == "NO_ES_PARA_MI" and "otra instalación" in str(e)


def _armar(destino: Path, sobre: bytes, firma: bytes | None, carga: bytes, nombre: str) -> Path:
    with destino.open("wb") as f:
        z = zipfijo.EscritorZip(f)
        z.agregar_bytes("envelope.json", sobre)
        if firma is not None:
            z.agregar_bytes("envelope.json.sig", firma)
        z.agregar_bytes(nombre, carga)
        z.cerrar()
    return destino


def _partes(ruta: Path) -> dict[str, bytes]:
    with ruta.open("rb") as f:
        entradas = zipfijo.leer_indice(f, ruta.stat().st_size)
        return {e.nombre: zipfijo.leer_bytes(f, e, 1 << 30) for e in entradas}


def test_paquete_sin_firma(escena):
    tmp, oficina, _, _, ruta = escena
    p = _partes(ruta)
    sin = _armar(tmp / "sin.pirb", p["envelope.json"], None, p["payload.enc"], "payload.enc")
    e = _rechazado(oficina, sin)
    assert e.codigo == "SIN_FIRMA" and "no está firmado" in str(e)


def test_sobre_de_un_paquete_con_carga_de_otro(escena):
    tmp, oficina, nb, _, ruta = escena
    nb.insertar(
        Persona, {"territorio_id": nb.listar(Territorio)[0]["id"], "nombre": "Juan Paillal"}
    )
    otra = hacer_paquete(nb, oficina, tmp)
    a, b = _partes(ruta), _partes(otra)
    mezcla = _armar(
        tmp / "mezcla.pirb",
        a["envelope.json"],
        a["envelope.json.sig"],
        b["payload.enc"],
        "payload.enc",
    )
    e = _rechazado(oficina, mezcla)
    assert e.codigo == "ALTERADO" and "no corresponde a su sobre" in str(e)


def _firmar_sobre(nb, sobre: dict) -> tuple[bytes, bytes]:
    texto = json.dumps(sobre, sort_keys=True).encode()
    return texto, nb.llave_firma().sign(texto).signature


def test_sobre_de_formato_mas_nuevo(escena):
    tmp, oficina, nb, _, ruta = escena
    p = _partes(ruta)
    sobre = json.loads(p["envelope.json"])
    sobre["format"] = "pirb-envelope/2"
    texto, firma = _firmar_sobre(nb, sobre)
    nuevo = _armar(tmp / "nuevo.pirb", texto, firma, p["payload.enc"], "payload.enc")
    e = _rechazado(oficina, nuevo)
    assert e.codigo == "FORMATO_NUEVO" and "más nuevo" in str(e)


def _bolsa(tmp: Path, nb, oficina, extra=None, formato: str = "pirb/1", personas=(), **cab) -> Path:
    """Una bolsa firmada por un notebook registrado, con miembros hostiles agregados."""
    ruta = tmp / "bolsa.zip"
    ruta.unlink(missing_ok=True)
    b = EscritorBolsa(ruta)
    b.agregar_lineas("data/records/persona.jsonl", [json.dumps(x) for x in personas])
    cabecera = {
        "format": formato,
        "kind": "cambios",
        "bundle_id": cab.pop("bundle_id", "b-hostil"),
        "from_device": nb.dispositivo,
        "to": oficina.dispositivo,
        "seq_from": 0,
        "seq_to": 0,
        "created_hlc": "0000000000000.00000",
        **cab,
    }
    b.cerrar(cabecera, nb.llave_firma())
    if extra:
        # La bolsa en preparación está cifrada en el disco (temporal_cifrado): se abre igual.
        with temporal_cifrado.abrir(ruta) as f, zipfile.ZipFile(f, "a") as z:
            for nombre, datos, *tipo in extra:
                info = zipfile.ZipInfo(nombre)
                info.compress_type = tipo[0] if tipo else zipfile.ZIP_STORED
                z.writestr(info, datos)
    return ruta


def _envolver(tmp: Path, nb, oficina, bolsa: Path, bundle_id: str = "b-hostil") -> Path:
    destino = tmp / f"hostil-{bundle_id}.pirb"
    destino.unlink(missing_ok=True)
    sobre = {
        "bundle_id": bundle_id,
        "from_device": nb.dispositivo,
        "to": oficina.dispositivo,
        "kind": "cambios",
    }
    clave = PublicKey(bytes(oficina.llave_cifrado().public_key))
    paquete.escribir(destino, bolsa, sobre, nb.llave_firma(), [clave])
    return destino


@pytest.mark.parametrize(
    ("nombre", "fragmento"),
    [
        ("../../etc/passwd", "sale de la carpeta"),
        ("data/../../fuera.txt", "sale de la carpeta"),
        ("/etc/cron.d/x", "ruta absoluta"),
        ("C:/Windows/x.txt", "ruta absoluta"),
        ("data\\records\\x.jsonl", "ruta absoluta"),
        ("data/records/persona.jsonl", "nombre repetido"),
        ("bundle.JSON", "nombre repetido"),
        ("data/otra_cosa.bin", "inesperado"),
    ],
)
def test_zip_hostil_se_rechaza(escena, nombre, fragmento):
    tmp, oficina, nb, _, _ = escena
    ruta = _envolver(tmp, nb, oficina, _bolsa(tmp, nb, oficina, [(nombre, b"x")]))
    e = _rechazado(oficina, ruta)
    assert fragmento in str(e)


def test_bomba_zip(escena):
    tmp, oficina, nb, _, _ = escena
    bomba = [("data/records/taller.jsonl", b"\0" * (30 << 20), zipfile.ZIP_DEFLATED)]
    ruta = _envolver(tmp, nb, oficina, _bolsa(tmp, nb, oficina, bomba))
    assert ruta.stat().st_size < 1 << 20
    e = _rechazado(oficina, ruta)
    assert "bomba zip" in str(e)


def test_bolsa_de_formato_mas_nuevo(escena):
    tmp, oficina, nb, _, _ = escena
    ruta = _envolver(tmp, nb, oficina, _bolsa(tmp, nb, oficina, formato="pirb/2"))
    e = _rechazado(oficina, ruta)
    assert e.codigo == "FORMATO_NUEVO"


def test_archivo_fuera_del_manifiesto(escena):
    tmp, oficina, nb, _, _ = escena
    sha = "0" * 64
    ruta = _envolver(
        tmp, nb, oficina, _bolsa(tmp, nb, oficina, [(f"data/blobs/sha256/{sha}", b"foto")])
    )
    e = _rechazado(oficina, ruta)
    assert "fuera del manifiesto" in str(e)


def test_cabecera_interior_de_otro_paquete(escena):
    tmp, oficina, nb, _, _ = escena
    bolsa = _bolsa(tmp, nb, oficina, bundle_id="interior-distinto")
    e = _rechazado(oficina, _envolver(tmp, nb, oficina, bolsa, "exterior"))
    assert "no coinciden" in str(e)


def test_cifrado_para_otra_clave(escena):
    tmp, oficina, nb, otro, _ = escena
    bolsa = _bolsa(tmp, nb, oficina)
    destino = tmp / "ajeno.pirb"
    sobre = {
        "bundle_id": "b-hostil",
        "from_device": nb.dispositivo,
        "to": oficina.dispositivo,
        "kind": "cambios",
    }
    paquete.escribir(destino, bolsa, sobre, nb.llave_firma(), [otro.llave_cifrado().public_key])
    e = _rechazado(oficina, destino)
    assert e.codigo == "NO_ES_PARA_MI"


def test_exportacion_sin_cifrar_sigue_firmada(escena):
    tmp, oficina, nb, _, _ = escena
    ruta = hacer_paquete(nb, oficina, tmp, cifrar=False)
    with zipfile.ZipFile(ruta) as z:
        assert "payload.zip" in z.namelist()
        with z.open("payload.zip") as interior, zipfile.ZipFile(interior) as bolsa:
            assert "bundle.json.sig" in bolsa.namelist()
    datos = bytearray(ruta.read_bytes())
    datos[len(datos) // 2] ^= 0x20
    alterado = tmp / "alterado.pirb"
    alterado.write_bytes(bytes(datos))
    _rechazado(oficina, alterado)
    assert importar.importar(oficina, ruta).nuevos == 2


def test_la_clave_privada_nunca_viaja(escena):
    tmp, oficina, nb, _, ruta = escena
    claro = hacer_paquete(nb, oficina, tmp, cifrar=False, todo=True)
    for archivo in (ruta, claro):
        datos = archivo.read_bytes()
        for secreto in (bytes(nb.llave_firma()), bytes(nb.llave_cifrado())):
            assert secreto not in datos and secreto.hex().encode() not in datos
        with zipfile.ZipFile(claro) as z, z.open("payload.zip") as i, zipfile.ZipFile(i) as b:
            todo = b"".join(b.read(n) for n in b.namelist())
        assert bytes(nb.llave_firma()).hex().encode() not in todo


def test_datos_que_esta_version_no_sabe_leer(escena):
    tmp, oficina, nb, _, _ = escena
    ruta = _envolver(tmp, nb, oficina, _bolsa(tmp, nb, oficina, min_reader_schema=99))
    e = _rechazado(oficina, ruta)
    assert e.codigo == "FORMATO_NUEVO" and "actualice la aplicación" in str(e)


@pytest.mark.parametrize(
    "puntos",
    [
        [["dv_x", 1, "0000000000001.00000", "Rosa"]],  # una sola escritura en forma de lista
        [["dv_x", 1, "0000000000001.00000"], ["dv_y", 1, "0000000000001.00000"]],  # sin valor
        [["dv_x", 1, "0000000000001.00000", {"a": 1}], ["dv_y", 1, "0.0", "Rosa"]],
        [["dv_x", "1", "0000000000001.00000", "Rosa"], ["dv_y", 1, "0.0", "Rosa"]],
        {"dv_x": 1},
        None,  # control: con un punto bien formado, la persona entra
    ],
)
def test_escrituras_concurrentes_mal_formadas_no_entran(escena, puntos):
    """El campo con varias escrituras vigentes (sincro/fusion.py) se revisa como todo punto."""
    tmp, oficina, nb, _, _ = escena
    tid = nb.listar(Territorio)[0]["id"]
    seq = int(nb.estado()["seq"])
    persona = {
        "t": "persona",
        "id": "0195a000-0000-7000-8000-0000000000aa",
        "v": {
            "territorio_id": tid,
            "nombre": "Rosa",
            "rut": None,
            "telefono": None,
            "organizacion_id": None,
            "eliminado": 0,
            "fusionado_en": None,
        },
        "vv": {nb.dispositivo: seq},
        "cd": [nb.dispositivo, seq, "0000000000001.00000"],
        "fd": {"nombre": puntos or [nb.dispositivo, seq, "0000000000001.00000"]},
        "hlc": "0000000000001.00000",
        "o": nb.dispositivo,
        "x": {},
    }
    bolsa = _bolsa(
        tmp,
        nb,
        oficina,
        personas=[persona],
        seq_from=1,
        seq_to=seq,
        created_wall="2026-01-01T00:00:00Z",
        counts={"persona": 1},
    )
    ruta = _envolver(tmp, nb, oficina, bolsa)
    antes = contenido(oficina.ruta)
    if puntos is None:
        assert importar.importar(oficina, ruta).nuevos == 1
        return
    try:
        r = importar.importar(oficina, ruta)
    except ErrorPaquete as e:  # hoy: la línea mal formada rechaza el paquete entero
        assert "mal formad" in str(e)
        assert contenido(oficina.ruta) == antes
    else:  # o la fila queda retenida con su motivo
        assert [x["id"] for x in r.retenidos] == [persona["id"]]
    assert oficina.contar(Persona) == 0


def test_paquete_chico_se_descifra_en_memoria_sin_carpeta_temporal(escena, monkeypatch):
    """Un paquete chico no pasa por la carpeta temporal (crearla y borrarla costaba más que
    aplicar unas pocas ediciones): con una carpeta temporal inexistente se importa igual."""
    import tempfile

    tmp, oficina, nb, _, ruta = escena
    monkeypatch.setattr(tempfile, "tempdir", str(tmp / "no-existe"))
    assert ruta.stat().st_size < paquete.EN_MEMORIA
    assert importar.verificar(oficina, ruta)["nuevos"] == 2
    r = importar.importar(oficina, ruta)
    assert r.nuevos == 2 and not r.retenidos


@pytest.mark.parametrize("en_memoria", [True, False])
def test_resguardos_iguales_en_memoria_y_en_carpeta_temporal(escena, monkeypatch, en_memoria):
    """Las mismas comprobaciones en las dos vías: un byte alterado de la carga, un nombre que
    sale de la carpeta, un archivo fuera del manifiesto y una bomba zip se rechazan, y el
    paquete bueno entra."""
    tmp, oficina, nb, _, ruta = escena
    if not en_memoria:
        monkeypatch.setattr(paquete, "EN_MEMORIA", 0)  # todo paquete va a la carpeta temporal
    datos = bytearray(ruta.read_bytes())
    alterado = tmp / "alterado.pirb"
    datos[len(datos) // 2] ^= 0x01
    alterado.write_bytes(bytes(datos))
    assert _rechazado(oficina, alterado).codigo in ("ALTERADO", "DANADO", "FIRMA_INVALIDA")
    casos = [
        ([("../x", b"x")], "sale de la carpeta"),
        ([(f"data/blobs/sha256/{'0' * 64}", b"foto")], "fuera del manifiesto"),
        ([("data/records/taller.jsonl", b"\0" * (30 << 20), zipfile.ZIP_DEFLATED)], "bomba zip"),
    ]
    for i, (extra, fragmento) in enumerate(casos):
        hostil = _envolver(tmp, nb, oficina, _bolsa(tmp, nb, oficina, extra), f"b-hostil-{i}")
        assert fragmento in str(_rechazado(oficina, hostil))
    r = importar.importar(oficina, ruta)
    assert r.nuevos == 2 and not r.retenidos
