"""La conexión con el servidor PostgreSQL y la preparación de su esquema.

psycopg (el extra `oficina`) se importa solo aquí y solo al publicar: el notebook de campo y
el arranque de la aplicación nunca lo cargan, y la carpeta congelada no lo lleva.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pir_campo import catalogos
from pir_campo.errores import ErrorServidor, ErrorValidacion
from pir_campo.publicacion import esquema as ddl
from pir_campo.publicacion.vistas import ddl_vistas

NOMBRE_ESQUEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
FALTA_PSYCOPG = (
    "Para publicar en un servidor PostgreSQL falta el componente psycopg; instálelo en la "
    'oficina con  pip install "pir-campo[oficina]"  y vuelva a intentarlo.'
)


class ErrorCredenciales(ErrorServidor):
    """Usuario o contraseña rechazados (o falta la contraseña: `falta_clave`)."""

    def __init__(self, mensaje: str, falta_clave: bool = False):
        super().__init__(mensaje)
        self.falta_clave = falta_clave


def psycopg() -> Any:
    try:
        import psycopg as modulo
    except ImportError:
        raise ErrorServidor(FALTA_PSYCOPG) from None
    return modulo


def sin_clave(url: str) -> str:
    """La dirección sin contraseña (en la forma clave=valor de libpq): lo único que se
    muestra o se guarda, y sirve para volver a conectar."""
    pg = psycopg()
    try:
        partes = pg.conninfo.conninfo_to_dict(url)
    except pg.ProgrammingError:
        raise ErrorValidacion(_url_invalida(url), "Servidor") from None
    partes.pop("password", None)
    return pg.conninfo.make_conninfo(**partes)


def _url_invalida(url: str) -> str:
    return (
        "La dirección del servidor no es válida; use la forma "
        "postgresql://usuario@servidor:5432/base."
    )


def conectar(url: str, clave: str | None = None) -> Any:
    """Conexión (sin autocommit) o un ErrorServidor con la causa en español."""
    pg = psycopg()
    opciones: dict[str, Any] = {"connect_timeout": 10, "application_name": "pir-campo"}
    if clave:
        opciones["password"] = clave
    donde = sin_clave(url)
    try:
        return pg.connect(url, **opciones)
    except pg.ProgrammingError:
        raise ErrorValidacion(_url_invalida(url), "Servidor") from None
    except pg.OperationalError as e:
        texto = str(e).lower()
        if "no password supplied" in texto:
            raise ErrorCredenciales(
                f"El servidor {donde} pide una contraseña y no se indicó ninguna.",
                falta_clave=True,
            ) from None
        if "authentication failed" in texto or ("role" in texto and "does not exist" in texto):
            raise ErrorCredenciales(
                f"El servidor {donde} rechazó el usuario o la contraseña; revíselos."
            ) from None
        if "database" in texto and "does not exist" in texto:
            raise ErrorServidor(
                f"La base de datos de {donde} no existe en el servidor; pídale al "
                "administrador que la cree."
            ) from None
        raise ErrorServidor(
            f"No se pudo conectar con el servidor {donde}: no responde o no acepta "
            "conexiones. Revise la dirección y la red, y vuelva a intentarlo."
        ) from None


def cita(nombre: str) -> str:
    return '"' + nombre.replace('"', '""') + '"'


def preparar(conn: Any, esq: str) -> None:
    """Crea (o completa) el esquema en una transacción; rechaza uno de una versión más nueva."""
    if not NOMBRE_ESQUEMA.match(esq):
        raise ErrorValidacion(
            f"El nombre de esquema «{esq}» no sirve: use minúsculas, números y _.", "Esquema"
        )
    pg = psycopg()
    e = cita(esq)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('pir-campo:' || %s))", (esq,))
            if not conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
                _activar_postgis(conn, pg)
            for sentencia in ddl.ddl_control(esq):
                conn.execute(sentencia)
            fila = conn.execute(
                f"SELECT valor FROM {e}.version_pir WHERE clave = 'esquema'"
            ).fetchone()
            if fila and int(fila[0]) > ddl.VERSION:
                raise ErrorServidor(
                    f"El esquema «{esq}» del servidor lo creó una versión más nueva de PIR Campo "
                    f"(versión {fila[0]} del esquema; esta conoce hasta la {ddl.VERSION}). "
                    "Actualice PIR Campo en la oficina antes de publicar."
                )
            if not fila:
                conn.execute(
                    f"INSERT INTO {e}.version_pir VALUES ('esquema', %s)", (str(ddl.VERSION),)
                )
            # Tablas, vistas y catálogos solo si cambiaron desde la última vez (su huella).
            sentencias = ddl.ddl_tablas(esq) + ddl_vistas(esq)
            huella = hashlib.sha256(
                json.dumps([sentencias, ddl.etiquetas(), _filas_catalogo()]).encode()
            ).hexdigest()
            guardada = conn.execute(
                f"SELECT valor FROM {e}.version_pir WHERE clave = 'huella'"
            ).fetchone()
            if guardada and guardada[0] == huella:
                return
            for sentencia in sentencias:
                conn.execute(sentencia)
            _catalogos(conn, e)
            conn.execute(
                f"INSERT INTO {e}.version_pir VALUES ('huella', %s) ON CONFLICT (clave) "
                "DO UPDATE SET valor = EXCLUDED.valor",
                (huella,),
            )
    except pg.errors.InsufficientPrivilege:
        raise ErrorServidor(
            f"El usuario no tiene permiso para crear el esquema «{esq}» ni sus tablas; pídale "
            "al administrador del servidor que se lo dé."
        ) from None


def _activar_postgis(conn: Any, pg: Any) -> None:
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except pg.errors.InsufficientPrivilege:
        raise ErrorServidor(
            "La base del servidor no tiene PostGIS y este usuario no puede activarlo; pídale "
            "al administrador que ejecute CREATE EXTENSION postgis."
        ) from None
    except pg.errors.FeatureNotSupported:
        raise ErrorServidor(
            "El servidor no tiene PostGIS instalado; pídale al administrador que lo instale."
        ) from None
    except pg.Error as e:
        if "postgis" in str(e).lower():
            raise ErrorServidor(
                "El servidor no tiene PostGIS instalado; pídale al administrador que lo instale."
            ) from None
        raise


def _filas_catalogo() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    cat = catalogos.cargar()
    regiones = [(cut, r.nombre) for cut, r in sorted(cat.regiones.items())]
    comunas = [(cut, c.nombre, cut[:2]) for cut, c in sorted(cat.comunas.items())]
    return regiones, comunas


def _catalogos(conn: Any, e: str) -> None:
    """Etiquetas de los códigos, regiones y comunas: lo que las vistas muestran a personas."""
    regiones, comunas = _filas_catalogo()
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {e}.etiqueta VALUES (%s, %s, %s, %s) ON CONFLICT (dominio, codigo) "
            "DO UPDATE SET etiqueta = EXCLUDED.etiqueta, orden = EXCLUDED.orden",
            ddl.etiquetas(),
        )
        cur.executemany(
            f"INSERT INTO {e}.region_cut VALUES (%s, %s) ON CONFLICT (cut) "
            "DO UPDATE SET nombre = EXCLUDED.nombre",
            regiones,
        )
        cur.executemany(
            f"INSERT INTO {e}.comuna_cut VALUES (%s, %s, %s) ON CONFLICT (cut) "
            "DO UPDATE SET nombre = EXCLUDED.nombre, cut_region = EXCLUDED.cut_region",
            comunas,
        )
