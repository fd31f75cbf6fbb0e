"""Rotación de las llaves de la oficina con solape: llaves reales, paquetes reales."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey

from pir_campo.almacen import replicacion as rep
from pir_campo.almacen import rotacion
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import importar
from pir_campo.sincro import paquete as pirb
from pir_campo.sincro.bolsa import EscritorBolsa
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, paquete, red


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a, b
    for x in (oficina, a, b):
        x.cerrar()


def _sobre(ruta: Path) -> dict:
    with zipfile.ZipFile(ruta) as z:
        return json.loads(z.read("envelope.json"))


def _destinatario(ruta: Path) -> bytes:
    """Id (8 bytes) de la llave para la que va cifrada la carga."""
    with zipfile.ZipFile(ruta) as z, z.open("payload.enc") as f:
        return f.read(7 + 8)[7:]


def test_rotacion_con_solape(escena):
    tmp, oficina, a, b = escena
    tid = a.insertar(Territorio, TERRITORIO)
    enviar(a, oficina, tmp)
    enviar(oficina, a, tmp)
    vieja_firma = bytes(oficina.llave_firma().verify_key).hex()
    vieja_cifra = bytes(oficina.llave_cifrado().public_key).hex()
    # Paquetes que los notebooks cifraron para la llave anterior, aún en camino.
    a.insertar(Persona, {"territorio_id": tid, "nombre": "Antes de rotar"})
    en_camino = paquete(a, oficina, tmp)
    assert _destinatario(en_camino) == bytes.fromhex(rotacion.id_cifrado(vieja_cifra)[7:])

    r = rotacion.rotar(oficina)
    nueva_cifra = bytes(oficina.llave_cifrado().public_key).hex()
    assert nueva_cifra != vieja_cifra
    assert bytes(oficina.llave_firma().verify_key).hex() == r["certificado"]["clave_firma"]
    # Queda en la bitácora de la oficina.
    assert rep.eventos(oficina, "identidad", oficina.dispositivo)[-1]["campo"] == "llaves"

    # Durante el solape, la oficina lee lo cifrado para la llave anterior.
    assert importar.importar(oficina, en_camino).nuevos == 1

    # El paquete siguiente de la oficina va firmado con la llave nueva y trae el certificado.
    p = paquete(oficina, a, tmp)
    assert _sobre(p)["office_rotation"][0]["anterior_firma"] == vieja_firma
    r_a = importar.importar(a, p)
    assert r_a.llave_nueva == nueva_cifra and "cambió sus llaves" in r_a.texto()
    assert rep.oficina(a)["clave_cifrado"] == nueva_cifra
    assert rep.eventos(a, "par", oficina.dispositivo)[-1]["campo"] == "llaves"
    # La copia de la llave de la base (recuperar la frase) queda sellada para la llave nueva.
    llave = json.loads(Path(str(a.ruta) + ".llave").read_text())
    assert llave["oficina"]["publica_x25519"] == nueva_cifra

    # El notebook cifra para la llave nueva desde ahora.
    a.insertar(Persona, {"territorio_id": tid, "nombre": "Después de rotar"})
    nuevo = paquete(a, oficina, tmp)
    assert _destinatario(nuevo) == bytes.fromhex(rotacion.id_cifrado(nueva_cifra)[7:])
    assert importar.importar(oficina, nuevo).nuevos == 1

    # El otro notebook, aún sin la llave nueva, también la recibe (la cadena va siempre).
    assert importar.importar(b, paquete(oficina, b, tmp)).llave_nueva == nueva_cifra


def test_sin_solape_rechaza_lo_cifrado_para_la_llave_anterior(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    en_camino = paquete(a, oficina, tmp)
    rotacion.rotar(oficina, solape_dias=0)
    antes = datos(oficina)
    with pytest.raises(ErrorPaquete, match="llave anterior de la oficina") as e:
        importar.importar(oficina, en_camino)
    assert e.value.codigo == "LLAVE_VENCIDA" and "importe primero" in str(e.value)
    assert datos(oficina) == antes
    # La llave privada anterior ya se borró.
    filas = oficina.conn.execute(
        "SELECT count(*) FROM identidad WHERE clave LIKE 'cifrado_x25519.%'"
    ).fetchone()[0]
    assert filas == 0
    # El notebook recibe la llave nueva y su paquete nuevo sí entra.
    importar.importar(a, paquete(oficina, a, tmp))
    assert importar.importar(oficina, paquete(a, oficina, tmp)).nuevos == 1
    assert (
        oficina.conn.execute("SELECT count(*) FROM territorio WHERE id = ?", (tid,)).fetchone()[0]
        == 1
    )


def test_firmado_con_la_llave_anterior_despues_de_aceptar_se_rechaza(escena):
    tmp, oficina, a, _ = escena
    vieja = SigningKey(bytes(oficina.llave_firma()))
    rotacion.rotar(oficina)
    importar.importar(a, paquete(oficina, a, tmp))
    # Un paquete de oficina firmado con la llave anterior (quien la copió, o uno atrasado).
    ruta = _paquete_oficina_firmado(tmp, oficina, a, vieja, cadena=None)
    antes = datos(a)
    with pytest.raises(ErrorPaquete, match="llave anterior de la oficina") as e:
        importar.importar(a, ruta)
    assert e.value.codigo == "LLAVE_REEMPLAZADA"
    assert datos(a) == antes


def test_certificado_falso_no_firmado_por_la_llave_anterior(escena):
    tmp, oficina, a, _ = escena
    oficial = rep.oficina(a)
    intruso, intruso_cifra = SigningKey.generate(), PrivateKey.generate()
    certificado = {
        "formato": rotacion.FORMATO,
        "oficina": oficina.dispositivo,
        "anterior_firma": oficial["clave_firma"],
        "anterior_cifrado": oficial["clave_cifrado"],
        "clave_firma": bytes(intruso.verify_key).hex(),
        "clave_cifrado": bytes(intruso_cifra.public_key).hex(),
        "creado": "2026-12-01T00:00:00+00:00",
    }
    # Firmado por el intruso, no por la llave de la oficina que el notebook conoce.
    certificado["firma"] = intruso.sign(rotacion.canonico(certificado)).signature.hex()
    ruta = _paquete_oficina_firmado(tmp, oficina, a, intruso, cadena=[certificado])
    antes = datos(a)
    with pytest.raises(ErrorPaquete, match="no está firmado por la llave") as e:
        importar.importar(a, ruta)
    assert e.value.codigo == "ROTACION_INVALIDA"
    assert datos(a) == antes and rep.oficina(a)["clave_firma"] == oficial["clave_firma"]


def _paquete_oficina_firmado(tmp, oficina, nb, llave, cadena) -> Path:
    """Un paquete de oficina (vacío, bien formado) para `nb`, firmado con `llave`."""
    real = paquete(oficina, nb, tmp)
    sobre_real = _sobre(real)
    bolsa = EscritorBolsa(tmp / "bolsa-falsa.zip")
    cab = {
        "format": "pirb/1",
        "kind": "oficina",
        "bundle_id": "0196f0c2-7c1e-7a4b-9c1d-3f2e8a1b4c5d",
        "from_device": oficina.dispositivo,
        "from_name": oficina.nombre,
        "to": nb.dispositivo,
        "schema_version": oficina.esquema(),
        "min_reader_schema": 7,
        "created_hlc": sobre_real.get("created_hlc") or "0000000000000.00000",
        "created_wall": sobre_real["created_wall"],
        "seq_from": 0,
        "seq_to": 0,
        "ack_remote": {nb.dispositivo: 0},
        "counts": {},
        "blobs": {"count": 0, "bytes": 0},
        "audit": 0,
    }
    bolsa.cerrar(cab, llave)
    sobre = {k: cab[k] for k in ("bundle_id", "from_device", "from_name", "to", "kind")}
    if cadena is not None:
        sobre["office_rotation"] = cadena
    destino = tmp / "falso.pirb"
    clave = PublicKey(bytes.fromhex(rep.par(oficina, nb.dispositivo)["clave_cifrado"]))
    pirb.escribir(destino, tmp / "bolsa-falsa.zip", sobre, llave, [clave])
    return destino


def test_dos_rotaciones_y_un_notebook_que_no_recibio_la_primera(escena):
    tmp, oficina, a, b = escena
    primera = bytes(oficina.llave_cifrado().public_key).hex()
    tid = b.insertar(Territorio, TERRITORIO)
    en_camino = paquete(b, oficina, tmp)  # cifrado para la primera llave
    rotacion.rotar(oficina)
    importar.importar(a, paquete(oficina, a, tmp))  # A recibe la segunda llave
    segunda = rep.oficina(a)["clave_cifrado"]
    rotacion.rotar(oficina)
    tercera = bytes(oficina.llave_cifrado().public_key).hex()
    assert len({primera, segunda, tercera}) == 3
    # La oficina lee lo cifrado para cualquiera de las dos llaves anteriores en solape.
    assert len(rotacion.llaves_vigentes(oficina)) == 3
    assert importar.importar(oficina, en_camino).nuevos == 1
    # B, que seguía en la primera llave, recorre la cadena entera; A, solo el último paso.
    for nb in (a, b):
        assert importar.importar(nb, paquete(oficina, nb, tmp)).llave_nueva == tercera
        assert rep.oficina(nb)["clave_cifrado"] == tercera
    b.insertar(Persona, {"territorio_id": tid, "nombre": "Tras dos rotaciones"})
    assert importar.importar(oficina, paquete(b, oficina, tmp)).nuevos == 1
