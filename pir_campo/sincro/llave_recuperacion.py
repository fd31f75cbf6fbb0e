"""La llave de recuperación de la oficina: un archivo para guardar fuera de la oficina que, si la
base de la oficina se pierde, permite rehacerla con los paquetes de los notebooks.

Formato (`pir-llave-recuperacion/1`, JSON): a la vista, solo la oficina a que pertenece, su
nombre, cuándo se escribió y la huella de sus llaves públicas (para saber qué archivo es cuál);
el contenido secreto va en una caja SecretBox (XSalsa20-Poly1305) con una llave derivada de su
propia frase por Argon2id, igual que la llave de la base (`almacen/llaves.py`). El campo
`integridad` (SHA-256 de todo lo demás) distingue un archivo dañado o cortado de una frase
equivocada: con la frase errónea la caja no abre, pero la huella sí coincide.

El contenido secreto: la identidad entera de la oficina (dispositivo, nombre, llave de firma,
llave de cifrado actual y las anteriores aún en solape, la cadena de rotaciones) y los notebooks
registrados con sus llaves públicas y territorios. Con eso `rehacer` crea una base de oficina
nueva con la MISMA identidad (los notebooks siguen confiando en ella sin registrarse de nuevo)
e importa los paquetes que los notebooks exportaron para la oficina. Tras una rotación de llaves
hay que escribirla de nuevo: la anterior no abre lo cifrado para la llave nueva.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pir_campo import adjuntos, formato
from pir_campo.almacen import Almacen, llaves, rotacion
from pir_campo.errores import ErrorClave, ErrorIdentidad, ErrorPaquete, ErrorPir, frase_disco

FORMATO = "pir-llave-recuperacion/1"
ENTORNO = "PIR_CAMPO_FRASE_RECUPERACION"
MAX_ARCHIVO = 4 << 20


def _canonico(datos: dict[str, Any]) -> bytes:
    return json.dumps(datos, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _huella(datos: dict[str, Any]) -> str:
    from nacl.public import PrivateKey
    from nacl.signing import SigningKey

    from pir_campo.sincro.identidad import huella

    firma = bytes(SigningKey(bytes.fromhex(datos["firma_ed25519"])).verify_key).hex()
    cifra = bytes(PrivateKey(bytes.fromhex(datos["cifrado_x25519"])).public_key).hex()
    return huella(firma, cifra)


def escribir(almacen: Almacen, salida: Path, frase: str) -> str:
    """Escribe la llave de recuperación (de una vez: o queda entera o no queda); devuelve la
    huella de las llaves que guarda."""
    salida = Path(salida)
    llaves.validar_frase(frase)
    if almacen.comprobar_frase(frase):
        raise ErrorClave(
            "Use para la llave de recuperación una frase distinta de la frase de la base: "
            "quien tenga la base y su frase no debe poder abrir también esta llave."
        )
    secreto = rotacion.instantanea(almacen)
    huella = _huella(secreto)
    datos: dict[str, Any] = {
        "formato": FORMATO,
        "oficina": almacen.dispositivo,
        "nombre": almacen.nombre,
        "escrita_en": formato.ahora_utc(),
        "huella": huella,
        "caja": llaves.envolver(_canonico(secreto), frase),
    }
    datos["integridad"] = hashlib.sha256(_canonico(datos)).hexdigest()
    parcial = salida.with_name(salida.name + ".partial")
    try:
        with parcial.open("w", encoding="utf-8") as f:
            json.dump(datos, f, ensure_ascii=False, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(parcial, salida)
        llaves.sincronizar_carpeta(salida.parent)
    except OSError as e:
        with contextlib.suppress(OSError):
            parcial.unlink(missing_ok=True)
        raise ErrorIdentidad(
            frase_disco(e, salida) or f"No se pudo escribir {salida}: {e.strerror or e}."
        ) from None
    with almacen.transaccion():
        almacen.anotar_evento(
            "identidad",
            almacen.dispositivo,
            "llave_recuperacion",
            None,
            {"huella": huella, "archivo": salida.name},
            "llave de recuperación escrita",
        )
    return huella


def leer(ruta: Path) -> dict[str, Any]:
    """El archivo, comprobado entero (formato e integridad), aún sin abrir su caja."""
    ruta = Path(ruta)
    danado = (
        f"El archivo {ruta.name} no es una llave de recuperación válida: está dañado, cortado "
        "o fue modificado. Use otra copia de la llave."
    )
    try:
        if ruta.stat().st_size > MAX_ARCHIVO:
            raise ErrorClave(danado)
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErrorClave(f"No existe el archivo {ruta}.") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise ErrorClave(danado) from None
    if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
        raise ErrorClave(danado)
    integridad = datos.pop("integridad", None)
    if integridad != hashlib.sha256(_canonico(datos)).hexdigest():
        raise ErrorClave(danado)
    caja = datos.get("caja")
    if not (
        isinstance(caja, dict)
        and caja.get("kdf") == "argon2id"
        and type(caja.get("ops")) is int
        and type(caja.get("mem")) is int
        and 0 < caja["ops"] <= 16
        and 0 < caja["mem"] <= 1 << 30
        and all(isinstance(caja.get(k), str) for k in ("sal", "envuelta"))
    ):
        raise ErrorClave(danado)
    return datos


def abrir(datos: dict[str, Any], frase: str) -> dict[str, Any]:
    """El contenido secreto, o un error claro si la frase no es la de esta llave."""
    claro = llaves.desenvolver(datos["caja"], frase)
    try:
        if claro is None:
            raise ValueError
        secreto = json.loads(claro)
    except ValueError:
        raise ErrorClave(
            "La frase de la llave de recuperación no es correcta (no es la frase de la base "
            "de la oficina, sino la que se dio al escribir esta llave); no se hizo nada."
        ) from None
    if secreto.get("dispositivo") != datos.get("oficina") or _huella(secreto) != datos["huella"]:
        raise ErrorClave(f"La llave de recuperación de {datos.get('nombre')} fue modificada.")
    return secreto


@dataclass
class Recuperacion:
    oficina: str
    nombre: str
    ruta: Path
    importados: list[Any] = field(default_factory=list)
    faltan: list[str] = field(default_factory=list)
    # Paquetes de notebooks registrados después de escribir la llave: (archivo, nombre, id).
    sin_registrar: list[tuple[Path, str, str]] = field(default_factory=list)


def _revisar_paquete(secreto: dict[str, Any], ruta: Path) -> bool:
    """Antes de crear nada: el paquete va para esta oficina y para una llave que se tiene (la
    importación verifica después firmas, huellas y contenido, y si falla no queda nada).
    Devuelve False si es de un notebook que la llave no conoce (registrado después)."""
    from nacl.public import PrivateKey

    from pir_campo.sincro.paquete import DANADO

    if not ruta.is_file():
        raise ErrorPaquete(f"No existe el archivo {ruta}.", "NO_EXISTE")
    sobre = sobre_de(ruta)
    if not sobre:
        raise ErrorPaquete(f"{ruta.name}: {DANADO}", "DANADO")
    if sobre.get("to") != secreto["dispositivo"] or sobre.get("kind") != "cambios":
        raise ErrorPaquete(
            f"{ruta.name}: el paquete no es de un notebook para esta oficina "
            f"({secreto['nombre']}); no se usa.",
            "NO_ES_PARA_MI",
        )
    conocidos = {p["id"] for p in secreto["pares"]}
    if sobre.get("from_device") not in conocidos and not isinstance(sobre.get("succession"), dict):
        return False
    if not sobre.get("cifrado"):
        return True
    propias = {
        rotacion.id_cifrado(bytes(PrivateKey(bytes.fromhex(h)).public_key).hex())
        for h in [secreto["cifrado_x25519"]]
        + [a["cifrado_x25519"] for a in secreto["anteriores"].values()]
    }
    if not set(sobre.get("recipients") or []) & propias:
        raise ErrorPaquete(
            f"{ruta.name}: el paquete no está cifrado para las llaves que guarda esta llave de "
            "recuperación (se cifró para una llave de la oficina más nueva que esta llave: "
            "escriba la llave de recuperación de nuevo después de cada rotación).",
            "NO_ES_PARA_MI",
        )
    return True


def sobre_de(ruta: Path) -> dict[str, Any]:
    import zipfile

    try:
        with zipfile.ZipFile(ruta) as z:
            valor = json.loads(z.read("envelope.json"))
            return valor if isinstance(valor, dict) else {}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return {}


def _borrar_base(ruta: Path) -> None:
    for resto in ("", "-wal", "-shm", "-journal", ".marca", ".llave", ".llave.tmp"):
        with contextlib.suppress(OSError):
            Path(f"{ruta}{resto}").unlink(missing_ok=True)
    shutil.rmtree(adjuntos.carpeta_de(ruta), ignore_errors=True)


def rehacer(
    datos: dict[str, Any],
    frase_llave: str,
    paquetes: list[Path],
    ruta_db: Path,
    frase_db: str | None = None,
) -> Recuperacion:
    """Crea en `ruta_db` una base de oficina con la identidad guardada en la llave e importa
    los paquetes de los notebooks. Si algo falla, la base nueva no queda."""
    from pir_campo.sincro import importar

    secreto = abrir(datos, frase_llave)
    ruta_db = Path(ruta_db)
    if not paquetes:
        raise ErrorPaquete("Indique al menos un paquete de un notebook (--paquete).")
    if ruta_db.exists() or llaves.ruta_llave(ruta_db).exists():
        raise ErrorIdentidad(f"Ya existe {ruta_db}; la oficina se rehace en una base nueva.")
    if adjuntos.carpeta_de(ruta_db).exists():
        raise ErrorIdentidad(
            f"Ya existe la carpeta {adjuntos.carpeta_de(ruta_db)}; elija otro nombre de base."
        )
    usables, ajenos = [], []
    for p in map(Path, paquetes):
        if _revisar_paquete(secreto, p):
            usables.append(p)
        else:
            s = sobre_de(p)
            ajenos.append((p, str(s.get("from_name") or ""), str(s.get("from_device"))))
    if not usables:
        raise ErrorPaquete(
            "Ninguno de los paquetes es de un notebook que esta llave de recuperación conozca "
            "(se registraron después de escribirla); no se creó nada."
        )
    almacen = Almacen.iniciar(
        ruta_db, "oficina", secreto["nombre"], secreto.get("cut_region") or None, frase_db
    )
    resultado = Recuperacion(secreto["dispositivo"], secreto["nombre"], ruta_db)
    resultado.sin_registrar = ajenos
    try:
        rotacion.restaurar_identidad(almacen, secreto)
        for p in usables:
            try:
                r = importar.importar(almacen, Path(p))
            except ErrorPir as e:
                raise type(e)(f"{Path(p).name}: {e}") from None
            resultado.importados.append(r)
            if r.faltantes:
                resultado.faltan.append(r.desde_nombre)
        visto = rotacion.seq_oficina_vista(almacen)
        if visto >= int(almacen.estado()["seq"]):
            # La oficina perdida escribió más de lo previsto: el contador salta otra vez.
            rotacion.restaurar_seq(almacen, visto + rotacion.SALTO_SEQ)
    except BaseException:
        almacen.cerrar()
        _borrar_base(ruta_db)
        raise
    almacen.cerrar()
    return resultado
