"""Rotación de las llaves de la oficina: llaves nuevas certificadas por las anteriores.

La oficina crea llaves nuevas de firma (Ed25519) y de cifrado (X25519). El certificado de
rotación (las llaves públicas nuevas, firmadas con la llave de firma ANTERIOR) viaja en el sobre
de cada paquete de la oficina, en una cadena desde la primera rotación: un notebook que aún
conoce una llave anterior la recorre desde la suya, cree en la llave nueva y desde entonces
verifica con ella y cifra para ella. Un paquete firmado con una llave que el notebook ya
reemplazó se rechaza.

Solape: durante `SOLAPE_DIAS` días desde la rotación (un plazo fijo, no «hasta que todos los
notebooks confirmen»: un paquete cifrado antes de recibir la llave nueva puede llegar semanas
después en un pendrive) la oficina sigue leyendo paquetes cifrados para la llave anterior, cuya
parte privada queda guardada en la base cifrada junto a la actual. Después, esos paquetes se
rechazan con un mensaje que dice qué hacer, y la llave privada anterior se borra.

Todo queda en tablas existentes: las llaves privadas en `identidad` (claves
`firma_ed25519.<id>` y `cifrado_x25519.<id>`), las rotaciones en `estado_sincro`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pir_campo import formato
from pir_campo.almacen.tablas import a_json
from pir_campo.errores import ErrorIdentidad, ErrorPaquete

if TYPE_CHECKING:
    from nacl.public import PrivateKey
    from nacl.signing import VerifyKey

    from pir_campo.almacen.almacen import Almacen

FORMATO = "pir-rotacion/1"
# Días en que la oficina sigue leyendo lo cifrado para su llave anterior.
SOLAPE_DIAS = 90
_CLAVE = "rotaciones"  # en la oficina: la cadena de certificados y cuándo vence cada solape
_ANTERIORES = "oficina.claves_anteriores"  # en un notebook: llaves de firma ya reemplazadas


def canonico(datos: dict[str, Any]) -> bytes:
    return json.dumps(datos, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def id_cifrado(publica_hex: str) -> str:
    """Cómo nombra el sobre a un destinatario (`recipients`): x25519:<8 bytes de su huella>."""
    return "x25519:" + hashlib.sha256(bytes.fromhex(publica_hex)).digest()[:8].hex()


def _valor(almacen: Almacen, clave: str) -> str | None:
    fila = almacen.conn.execute(
        "SELECT valor FROM estado_sincro WHERE clave = ?", (clave,)
    ).fetchone()
    return fila[0] if fila else None


def _poner(almacen: Almacen, clave: str, valor: str) -> None:
    almacen.conn.execute("INSERT OR REPLACE INTO estado_sincro VALUES (?, ?)", (clave, valor))


def rotaciones(almacen: Almacen) -> list[dict[str, Any]]:
    """En la oficina: cada rotación con su certificado, su fecha y el fin de su solape."""
    return json.loads(_valor(almacen, _CLAVE) or "[]")


def cadena(almacen: Almacen) -> list[dict[str, Any]]:
    """Los certificados, del más antiguo al más nuevo, que viajan en el sobre."""
    return [r["certificado"] for r in rotaciones(almacen)]


def _fecha(texto: str) -> datetime:
    return datetime.fromisoformat(texto)


def rotar(almacen: Almacen, solape_dias: int = SOLAPE_DIAS) -> dict[str, Any]:
    """Llaves nuevas para la oficina; devuelve la rotación registrada.

    `solape_dias=0`: la llave anterior se da por comprometida y deja de leerse ya."""
    from nacl.public import PrivateKey
    from nacl.signing import SigningKey

    if almacen.rol != "oficina":
        raise ErrorIdentidad(
            "Solo la oficina regional rota sus llaves; un notebook con la base restaurada o "
            "copiada cambia de identidad solo."
        )
    if solape_dias < 0 or solape_dias > 3650:
        raise ErrorIdentidad("Los días de solape deben estar entre 0 y 3650.")
    ahora = datetime.now(UTC).replace(microsecond=0)
    firma, cifra = SigningKey.generate(), PrivateKey.generate()
    with almacen.transaccion():
        purgar_vencidas(almacen, ahora)
        firma_ant, cifra_ant = almacen.llave_firma(), almacen.llave_cifrado()
        pub_firma_ant = bytes(firma_ant.verify_key).hex()
        pub_cifra_ant = bytes(cifra_ant.public_key).hex()
        certificado: dict[str, Any] = {
            "formato": FORMATO,
            "oficina": almacen.dispositivo,
            "anterior_firma": pub_firma_ant,
            "anterior_cifrado": pub_cifra_ant,
            "clave_firma": bytes(firma.verify_key).hex(),
            "clave_cifrado": bytes(cifra.public_key).hex(),
            "creado": ahora.isoformat(),
        }
        certificado["firma"] = firma_ant.sign(canonico(certificado)).signature.hex()
        sufijo = pub_cifra_ant[:16]
        almacen.conn.executemany(
            "INSERT OR REPLACE INTO identidad VALUES (?, ?)",
            [
                (f"firma_ed25519.{sufijo}", bytes(firma_ant)),
                (f"cifrado_x25519.{sufijo}", bytes(cifra_ant)),
            ],
        )
        almacen.conn.executemany(
            "UPDATE identidad SET valor = ? WHERE clave = ?",
            [(bytes(firma), "firma_ed25519"), (bytes(cifra), "cifrado_x25519")],
        )
        rotacion = {
            "certificado": certificado,
            "anterior": sufijo,
            "id_anterior": id_cifrado(pub_cifra_ant),
            "solape_hasta": (ahora + timedelta(days=solape_dias)).isoformat(),
        }
        _poner(almacen, _CLAVE, a_json([*rotaciones(almacen), rotacion]))
        almacen.anotar_evento(
            "identidad",
            almacen.dispositivo,
            "llaves",
            {"clave_firma": pub_firma_ant, "clave_cifrado": pub_cifra_ant},
            {
                "clave_firma": certificado["clave_firma"],
                "clave_cifrado": certificado["clave_cifrado"],
            },
            f"rotación de llaves de la oficina (solape de {formato.cantidad(solape_dias, 'día')})",
        )
    return rotacion


def purgar_vencidas(almacen: Almacen, ahora: datetime | None = None) -> int:
    """Borra las llaves privadas anteriores cuyo solape terminó; devuelve cuántas."""
    ahora = ahora or datetime.now(UTC)
    vencidas = [
        r["anterior"]
        for r in rotaciones(almacen)
        if _fecha(r["solape_hasta"]) <= ahora
        and almacen.conn.execute(
            "SELECT 1 FROM identidad WHERE clave = ?", (f"cifrado_x25519.{r['anterior']}",)
        ).fetchone()
    ]
    if not vencidas:
        return 0
    with almacen.transaccion():
        for sufijo in vencidas:
            almacen.conn.execute(
                "DELETE FROM identidad WHERE clave IN (?, ?)",
                (f"firma_ed25519.{sufijo}", f"cifrado_x25519.{sufijo}"),
            )
            almacen.anotar_evento(
                "identidad",
                almacen.dispositivo,
                "llave_anterior",
                sufijo,
                None,
                "terminó el solape de la rotación de llaves: se borró la llave anterior",
            )
    return len(vencidas)


def llaves_vigentes(almacen: Almacen, ahora: datetime | None = None) -> list[PrivateKey]:
    """Llaves de cifrado con que la oficina lee: la actual y las anteriores aún en solape."""
    from nacl.public import PrivateKey

    ahora = ahora or datetime.now(UTC)
    salida = [almacen.llave_cifrado()]
    for r in reversed(rotaciones(almacen)):
        if _fecha(r["solape_hasta"]) <= ahora:
            continue
        fila = almacen.conn.execute(
            "SELECT valor FROM identidad WHERE clave = ?", (f"cifrado_x25519.{r['anterior']}",)
        ).fetchone()
        if fila:
            salida.append(PrivateKey(fila[0]))
    return salida


def llaves_para(almacen: Almacen, sobre: dict[str, Any]) -> list[PrivateKey]:
    """Las llaves con que abrir un paquete llegado a la oficina, o un error claro si está
    cifrado solo para una llave anterior cuyo solape ya terminó."""
    vigentes = llaves_vigentes(almacen)
    if almacen.rol != "oficina" or not sobre.get("cifrado"):
        return vigentes
    destinatarios = set(sobre.get("recipients") or [])
    if destinatarios & {id_cifrado(bytes(k.public_key).hex()) for k in vigentes}:
        return vigentes
    for r in rotaciones(almacen):
        if r["id_anterior"] in destinatarios:
            creado = formato.fecha(_fecha(r["certificado"]["creado"]).date())
            fin = formato.fecha(_fecha(r["solape_hasta"]).date())
            raise ErrorPaquete(
                f"Este paquete está cifrado para la llave anterior de la oficina, que se cambió "
                f"el {creado}; el plazo para seguir leyéndola terminó el {fin}. No se importó "
                "nada. En ese notebook, importe primero un paquete reciente de la oficina (trae "
                "la llave nueva) y exporte de nuevo: el paquete nuevo sí se podrá leer aquí.",
                "LLAVE_VENCIDA",
            )
    return vigentes


# ---- en el notebook ----------------------------------------------------------------------


def _verifica(clave_hex: str, certificado: dict[str, Any]) -> bool:
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    datos = {k: v for k, v in certificado.items() if k != "firma"}
    try:
        VerifyKey(bytes.fromhex(clave_hex)).verify(
            canonico(datos), bytes.fromhex(str(certificado.get("firma") or ""))
        )
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def seguir_cadena(oficina: str, clave_firma: str, certificados: Any) -> dict[str, Any] | None:
    """Desde la llave de firma que el notebook conoce, las llaves a que llega la cadena de
    certificados (cada uno firmado por la llave anterior), o None si no avanza."""
    if not isinstance(certificados, list) or len(certificados) > 64:
        return None
    actual, final = clave_firma, None
    for c in certificados:
        if (
            isinstance(c, dict)
            and c.get("formato") == FORMATO
            and c.get("oficina") == oficina
            and c.get("anterior_firma") == actual
            and all(isinstance(c.get(k), str) for k in ("clave_firma", "clave_cifrado"))
            and len(c["clave_firma"]) == 64
            and len(c["clave_cifrado"]) == 64
            and _verifica(actual, c)
        ):
            actual, final = c["clave_firma"], c
    return final


def claves_reemplazadas(almacen: Almacen) -> list[str]:
    """En un notebook: las llaves de firma de la oficina que ya reemplazó una rotación."""
    return json.loads(_valor(almacen, _ANTERIORES) or "[]")


def firmante_rotado(
    almacen: Almacen, of: dict[str, Any], sobre: dict[str, Any]
) -> tuple[str, VerifyKey] | None:
    """En un notebook, al leer el sobre de un paquete de su oficina: la llave de firma nueva si
    el sobre trae una rotación válida desde la llave registrada; un error si el paquete viene
    firmado con una llave ya reemplazada o trae una rotación que esa llave no firmó."""
    from nacl.signing import VerifyKey

    from pir_campo.sincro.paquete import id_firma

    firma = sobre.get("signer_key_id")
    if firma == id_firma(bytes.fromhex(of["clave_firma"])):
        return None
    if firma in {id_firma(bytes.fromhex(k)) for k in claves_reemplazadas(almacen)}:
        raise ErrorPaquete(
            "Este paquete viene firmado con la llave anterior de la oficina, que ya se "
            "reemplazó por una nueva; no se acepta. Pida a la oficina un paquete nuevo.",
            "LLAVE_REEMPLAZADA",
        )
    certificados = sobre.get("office_rotation")
    if certificados is None:
        return None
    final = seguir_cadena(of["id"], of["clave_firma"], certificados)
    if final is None or id_firma(bytes.fromhex(final["clave_firma"])) != firma:
        raise ErrorPaquete(
            "El paquete trae un cambio de llaves de la oficina que no está firmado por la llave "
            "que este equipo conoce; no se acepta. Avise a la oficina regional.",
            "ROTACION_INVALIDA",
        )
    return final["clave_cifrado"], VerifyKey(bytes.fromhex(final["clave_firma"]))


def aceptar_en_notebook(almacen: Almacen, sobre: dict[str, Any]) -> str | None:
    """Dentro de la importación de un paquete de la oficina: si trae llaves nuevas (ya
    verificadas al leer el sobre), el notebook las guarda; devuelve la llave de cifrado nueva
    (para volver a sellar la llave de la base) o None."""
    import pir_campo.almacen.replicacion as rep

    of = rep.oficina(almacen)
    if of is None:
        return None
    nuevo = firmante_rotado(almacen, of, sobre)
    if nuevo is None:
        return None
    clave_cifrado, verifica = nuevo
    clave_firma = bytes(verifica).hex()
    almacen.conn.execute(
        "UPDATE par SET clave_firma = ?, clave_cifrado = ? WHERE id = ?",
        (clave_firma, clave_cifrado, of["id"]),
    )
    _poner(almacen, _ANTERIORES, a_json([*claves_reemplazadas(almacen), of["clave_firma"]]))
    almacen.anotar_evento(
        "par",
        of["id"],
        "llaves",
        {"clave_firma": of["clave_firma"], "clave_cifrado": of["clave_cifrado"]},
        {"clave_firma": clave_firma, "clave_cifrado": clave_cifrado},
        "la oficina rotó sus llaves (certificado firmado con la llave anterior)",
    )
    return clave_cifrado


# ---- llave de recuperación: lo que la oficina necesita para rehacerse ----------------------

# Al rehacer la oficina, su contador de cambios salta tanto sobre el último que la llave de
# recuperación conoce: lo que la oficina escribió después (y quizá llegó a algún notebook) no
# se repite con otro contenido.
SALTO_SEQ = 1_000_000
_PAR_PROGRESO = ("confirmado_por_par", "aplicado_desde_par", "rangos_faltantes", "ultimo_paquete")


def instantanea(almacen: Almacen) -> dict[str, Any]:
    """Identidad completa de la oficina (llaves privadas vigentes incluidas) y sus notebooks
    registrados: el contenido secreto de la llave de recuperación."""
    if almacen.rol != "oficina":
        raise ErrorIdentidad("La llave de recuperación se escribe en la oficina regional.")
    purgar_vencidas(almacen)
    anteriores = {}
    for r in rotaciones(almacen):
        filas = dict(
            almacen.conn.execute(
                "SELECT clave, valor FROM identidad WHERE clave IN (?, ?)",
                (f"firma_ed25519.{r['anterior']}", f"cifrado_x25519.{r['anterior']}"),
            ).fetchall()
        )
        if len(filas) == 2:
            anteriores[r["anterior"]] = {k.split(".")[0]: bytes(v).hex() for k, v in filas.items()}
    cursor = almacen.conn.execute("SELECT * FROM par WHERE rol = 'campo' ORDER BY id")
    columnas = [d[0] for d in cursor.description]
    pares = [
        {c: v for c, v in zip(columnas, f, strict=True) if c not in _PAR_PROGRESO} for f in cursor
    ]
    return {
        "dispositivo": almacen.dispositivo,
        "nombre": almacen.nombre,
        "cut_region": almacen.cut_region,
        "firma_ed25519": bytes(almacen.llave_firma()).hex(),
        "cifrado_x25519": bytes(almacen.llave_cifrado()).hex(),
        "anteriores": anteriores,
        "rotaciones": rotaciones(almacen),
        "pares": pares,
        "seq": int(almacen.estado()["seq"]),
    }


def restaurar_identidad(almacen: Almacen, datos: dict[str, Any]) -> None:
    """En una base de oficina recién creada (sin nada propio aún): toma la identidad de la
    llave de recuperación, con sus notebooks registrados, y salta su contador de cambios."""
    assert almacen.rol == "oficina"
    with almacen.transaccion():
        almacen.conn.executemany(
            "UPDATE identidad SET valor = ? WHERE clave = ?",
            [
                (bytes.fromhex(datos["firma_ed25519"]), "firma_ed25519"),
                (bytes.fromhex(datos["cifrado_x25519"]), "cifrado_x25519"),
            ],
        )
        for sufijo, llaves in datos["anteriores"].items():
            almacen.conn.executemany(
                "INSERT OR REPLACE INTO identidad VALUES (?, ?)",
                [(f"{k}.{sufijo}", bytes.fromhex(v)) for k, v in llaves.items()],
            )
        _poner(almacen, _CLAVE, a_json(datos["rotaciones"]))
        _poner(almacen, "dispositivo", datos["dispositivo"])
        columnas = {d[1] for d in almacen.conn.execute("PRAGMA table_info(par)").fetchall()} - set(
            _PAR_PROGRESO
        )
        for p in datos["pares"]:
            usadas = [c for c in p if c in columnas]
            almacen.conn.execute(
                f"INSERT INTO par ({', '.join(usadas)}) VALUES ({', '.join('?' * len(usadas))})",
                [p[c] for c in usadas],
            )
    almacen.dispositivo = datos["dispositivo"]
    restaurar_seq(almacen, max(int(almacen.estado()["seq"]), int(datos["seq"])) + SALTO_SEQ)
    with almacen.transaccion():
        almacen.anotar_evento(
            "identidad",
            almacen.dispositivo,
            "recuperada",
            None,
            {"notebooks": len(datos["pares"])},
            "oficina rehecha con la llave de recuperación",
        )


def restaurar_seq(almacen: Almacen, seq: int) -> None:
    # Fuera de `transaccion`, que al cerrar reescribe el contador que leyó al empezar.
    almacen.conn.execute("BEGIN IMMEDIATE")
    almacen.conn.execute("UPDATE estado_sincro SET valor = ? WHERE clave = 'seq'", (str(seq),))
    almacen.conn.execute("COMMIT")
    almacen.archivo_marca.escribir(almacen.dispositivo, seq)


def seq_oficina_vista(almacen: Almacen) -> int:
    """El número de cambio más alto de esta oficina que traen los registros importados."""
    import pir_campo.almacen.replicacion as rep

    ruta = f'$."{almacen.dispositivo}"'
    return max(
        (
            almacen.conn.execute(
                f"SELECT coalesce(max(CAST(json_extract(vv, ?) AS INTEGER)), 0) FROM {t}", (ruta,)
            ).fetchone()[0]
            for t in rep.TABLAS
        ),
        default=0,
    )
