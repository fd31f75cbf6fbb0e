"""Catálogos de `recursos/catalogos`: división político-administrativa y tipologías.

Cada catálogo tiene versión y se valida al cargarlo; un archivo dañado se rechaza con un
mensaje en español en vez de dejar datos a medias en la aplicación.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from dataclasses import dataclass
from functools import cache

from pir_campo.errores import ErrorCatalogo
from pir_campo.recursos import ruta_recurso

# Lo que debe traer la división político-administrativa completa; el índice lo repite y ambos
# tienen que coincidir, así un archivo recortado o de otra versión no pasa en silencio.
TOTALES_DPA = {"regiones": 16, "provincias": 56, "comunas": 346}


@dataclass(frozen=True)
class Region:
    cut: str
    nombre: str
    nombre_oficial: str
    numeral: str


@dataclass(frozen=True)
class Provincia:
    cut: str
    nombre: str
    cut_region: str


@dataclass(frozen=True)
class Comuna:
    cut: str
    nombre: str
    cut_provincia: str
    cut_region: str


@dataclass(frozen=True)
class Tipologia:
    codigo: str
    nombre: str
    financia_programa: bool
    subtipos: tuple[str, ...]


@dataclass(frozen=True)
class Catalogos:
    versiones: dict[str, int]
    regiones: dict[str, Region]
    provincias: dict[str, Provincia]
    comunas: dict[str, Comuna]
    nuble_pre2018: dict[str, str]
    tipologias: dict[str, Tipologia]
    regiones_activas: tuple[str, ...]

    def comuna(self, cut: str) -> Comuna:
        try:
            return self.comunas[cut]
        except KeyError:
            raise ErrorCatalogo(f"El código de comuna «{cut}» no existe en el catálogo.") from None

    def comunas_de_region(self, cut_region: str) -> list[Comuna]:
        return [c for c in self.comunas.values() if c.cut_region == cut_region]

    def regiones_de(self, cuts: list[str] | tuple[str, ...]) -> list[Region]:
        """Las regiones nombradas (p. ej. las activas), en orden de código."""
        return [self.regiones[c] for c in sorted(cuts) if c in self.regiones]

    def cut_vigente(self, cut: str) -> str:
        """Traduce un código de Ñuble anterior a 2018 a su código actual."""
        return self.nuble_pre2018.get(cut, cut)


def _leer_json(nombre: str) -> dict:
    ruta = ruta_recurso("catalogos", nombre)
    try:
        return json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ErrorCatalogo(f"El catálogo «{nombre}» no se puede leer: {e}.") from None


def _leer_csv(nombre: str) -> list[dict[str, str]]:
    ruta = ruta_recurso("catalogos", nombre)
    try:
        with ruta.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except (OSError, csv.Error, UnicodeDecodeError) as e:
        raise ErrorCatalogo(f"El catálogo «{nombre}» no se puede leer: {e}.") from None


def _codigo(valor: str, digitos: int, que: str, fila: int) -> str:
    if not re.fullmatch(rf"\d{{{digitos}}}", valor or ""):
        raise ErrorCatalogo(
            f"Catálogo de comunas, fila {fila}: el código de {que} «{valor}» "
            f"debe tener {digitos} dígitos."
        )
    return valor


def _cargar_dpa(indice: dict) -> tuple[dict, dict, dict]:
    regiones: dict[str, Region] = {}
    for cut, r in indice["regiones"].items():
        regiones[cut] = Region(cut, r["nombre"], r["nombre_oficial"], r["numeral"])
    provincias: dict[str, Provincia] = {}
    comunas: dict[str, Comuna] = {}
    for n, fila in enumerate(_leer_csv(indice["catalogos"]["dpa"]["archivo"]), start=2):
        cr = _codigo(fila.get("cut_region", ""), 2, "región", n)
        cp = _codigo(fila.get("cut_provincia", ""), 3, "provincia", n)
        cc = _codigo(fila.get("cut_comuna", ""), 5, "comuna", n)
        if not (cp.startswith(cr) and cc.startswith(cp)):
            raise ErrorCatalogo(
                f"Catálogo de comunas, fila {n}: los códigos {cr}/{cp}/{cc} no calzan."
            )
        if cr not in regiones:
            raise ErrorCatalogo(
                f"Catálogo de comunas, fila {n}: la región {cr} no está en el índice."
            )
        if fila.get("region") != regiones[cr].nombre:
            raise ErrorCatalogo(
                f"Catálogo de comunas, fila {n}: la región {cr} se llama "
                f"«{regiones[cr].nombre}» en el índice y «{fila.get('region')}» en la lista."
            )
        if cc in comunas:
            raise ErrorCatalogo(f"Catálogo de comunas, fila {n}: la comuna {cc} está repetida.")
        if not fila.get("comuna", "").strip():
            raise ErrorCatalogo(f"Catálogo de comunas, fila {n}: falta el nombre de la comuna.")
        provincia = provincias.setdefault(cp, Provincia(cp, fila["provincia"], cr))
        if provincia.nombre != fila["provincia"]:
            raise ErrorCatalogo(
                f"Catálogo de comunas, fila {n}: la provincia {cp} tiene dos nombres."
            )
        comunas[cc] = Comuna(cc, fila["comuna"], cp, cr)
    totales = indice["catalogos"]["dpa"].get("totales")
    if totales != TOTALES_DPA:
        raise ErrorCatalogo(
            "El índice de catálogos no declara los totales de la división político-administrativa."
        )
    hallados = {"regiones": len(regiones), "provincias": len(provincias), "comunas": len(comunas)}
    for que, esperado in TOTALES_DPA.items():
        if hallados[que] != esperado:
            raise ErrorCatalogo(
                f"El catálogo de comunas tiene {hallados[que]} {que} y debería tener {esperado}."
            )
    sin_comunas = sorted(set(regiones) - {c.cut_region for c in comunas.values()})
    if sin_comunas:
        raise ErrorCatalogo(f"La región {sin_comunas[0]} del índice no tiene comunas en la lista.")
    return regiones, provincias, comunas


def _cargar_tipologias(indice: dict) -> dict[str, Tipologia]:
    datos = _leer_json(indice["catalogos"]["tipologias"]["archivo"])
    if datos.get("version") != indice["catalogos"]["tipologias"]["version"]:
        raise ErrorCatalogo("La versión del catálogo de tipologías no coincide con el índice.")
    return _tipologias_de(datos)


def _tipologias_de(datos: dict) -> dict[str, Tipologia]:
    salida: dict[str, Tipologia] = {}
    for t in datos.get("tipologias", []):
        try:
            salida[t["codigo"]] = Tipologia(
                t["codigo"], t["nombre"], bool(t["financia_programa"]), tuple(t["subtipos"])
            )
        except (KeyError, TypeError):
            raise ErrorCatalogo(f"Tipología mal definida en el catálogo: {t!r}.") from None
    return salida


@cache
def centros_comunas() -> dict[str, tuple[float, float]]:
    """(latitud, longitud) aproximadas de la cabecera de cada comuna del catálogo.

    Sirven para ubicar datos de demostración dentro de su comuna y para centrar mapas; no son
    límites comunales. La fuente está en el índice de catálogos.
    """
    comunas = cargar().comunas
    indice = _leer_json("indice.json")
    salida: dict[str, tuple[float, float]] = {}
    for n, fila in enumerate(_leer_csv(indice["catalogos"]["centros_comunas"]["archivo"]), 2):
        cut = fila.get("cut_comuna", "")
        try:
            lat, lon = float(fila["latitud"]), float(fila["longitud"])
        except (KeyError, TypeError, ValueError):
            raise ErrorCatalogo(
                f"Catálogo de centros de comunas, fila {n}: coordenadas ilegibles."
            ) from None
        if cut not in comunas or not (-56 <= lat <= -17 and -110 <= lon <= -66):
            raise ErrorCatalogo(
                f"Catálogo de centros de comunas, fila {n}: la comuna «{cut}» no existe "
                "o sus coordenadas caen fuera de Chile."
            )
        salida[cut] = (lat, lon)
    # Por ahora cubre las regiones del programa (las activas por omisión, las de la demostración).
    cat = cargar()
    faltan = [
        c.cut for r in cat.regiones_activas for c in cat.comunas_de_region(r) if c.cut not in salida
    ]
    if faltan:
        raise ErrorCatalogo(
            f"El catálogo de centros de comunas no trae {len(faltan)} comunas de las regiones "
            f"del programa (por ejemplo «{faltan[0]}»)."
        )
    return salida


# Actualizaciones enviadas por la oficina (ya validadas), por catálogo: las aplica la
# instalación al abrirse y al recibirlas (servicios.envios).
_ACTUALIZACIONES: dict[str, dict] = {}


def validar_actualizacion(datos: object, vigente: int | None = None) -> tuple[str, int]:
    """Valida una actualización de catálogo entera; si algo falla no se aplica nada.

    Formatos: {"catalogo": "tipologias", "version": N, "tipologias": [...]} (reemplaza la
    lista) o {"catalogo": "comunas", "version": N, "comunas": [{"cut", "nombre"}]} (nombres
    nuevos o corregidos de comunas de provincias que existen).
    """

    def falla(texto: str) -> ErrorCatalogo:
        return ErrorCatalogo(f"La actualización del catálogo no es válida: {texto}. No se aplicó.")

    if not isinstance(datos, dict) or datos.get("catalogo") not in ("tipologias", "comunas"):
        raise falla("debe indicar «catalogo»: «tipologias» o «comunas»")
    nombre, version = datos["catalogo"], datos.get("version")
    if type(version) is not int or version < 1:
        raise falla("la versión debe ser un número entero positivo")
    actual = vigente or cargar().versiones.get("dpa" if nombre == "comunas" else nombre, 0)
    if version <= actual:
        raise falla(f"la versión {version} no es posterior a la vigente ({actual})")
    if nombre == "tipologias":
        lista = datos.get("tipologias")
        if not isinstance(lista, list) or not lista:
            raise falla("falta la lista de tipologías")
        try:
            tipologias = _tipologias_de(datos)
        except ErrorCatalogo as e:
            raise falla(str(e).rstrip(".")) from None
        if len(tipologias) != len(lista):
            raise falla("hay tipologías con el código repetido")
        if any(not t.nombre.strip() or not t.codigo.strip() for t in tipologias.values()):
            raise falla("hay tipologías sin código o sin nombre")
        return nombre, version
    lista = datos.get("comunas")
    if not isinstance(lista, list) or not lista:
        raise falla("falta la lista de comunas")
    provincias = cargar().provincias
    for i, c in enumerate(lista, start=1):
        if not isinstance(c, dict) or not isinstance(c.get("cut"), str):
            raise falla(f"la comuna {i} no tiene código CUT")
        cut, nombre_c = c["cut"], c.get("nombre")
        if len(cut) != 5 or not cut.isdigit():
            raise falla(f"el código «{cut}» no es un CUT de comuna de cinco dígitos")
        if cut[:3] not in provincias:
            raise falla(f"la comuna {cut} es de una provincia que no existe ({cut[:3]})")
        if not isinstance(nombre_c, str) or not nombre_c.strip():
            raise falla(f"la comuna {cut} no tiene nombre")
    return nombre, version


def olvidar_actualizaciones() -> None:
    """Vuelve a los catálogos incluidos en la aplicación (pruebas, cambio de base)."""
    _ACTUALIZACIONES.clear()
    cargar.cache_clear()


def actualizar(datos: dict) -> None:
    """Aplica en este proceso una actualización ya validada."""
    _ACTUALIZACIONES[datos["catalogo"]] = datos
    cargar.cache_clear()


def _con_actualizaciones(c: Catalogos) -> Catalogos:
    if not _ACTUALIZACIONES:
        return c
    versiones, comunas, tipologias = dict(c.versiones), dict(c.comunas), c.tipologias
    if "tipologias" in _ACTUALIZACIONES:
        datos = _ACTUALIZACIONES["tipologias"]
        tipologias, versiones["tipologias"] = _tipologias_de(datos), datos["version"]
    if "comunas" in _ACTUALIZACIONES:
        datos = _ACTUALIZACIONES["comunas"]
        for x in datos["comunas"]:
            comunas[x["cut"]] = Comuna(x["cut"], x["nombre"].strip(), x["cut"][:3], x["cut"][:2])
        versiones["dpa"] = datos["version"]
    return dataclasses.replace(c, versiones=versiones, comunas=comunas, tipologias=tipologias)


@cache
def cargar() -> Catalogos:
    base = _cargar_base()
    return _con_actualizaciones(base)


def _cargar_base() -> Catalogos:
    indice = _leer_json("indice.json")
    if indice.get("formato") != 1:
        raise ErrorCatalogo("El índice de catálogos tiene un formato desconocido.")
    regiones, provincias, comunas = _cargar_dpa(indice)
    pre2018: dict[str, str] = {}
    for fila in _leer_csv(indice["catalogos"]["nuble_pre2018"]["archivo"]):
        actual, antiguo = fila["cut_comuna_2018"], fila["cut_comuna_pre2018"]
        if actual not in comunas or not antiguo.startswith("084"):
            raise ErrorCatalogo(f"Equivalencia de Ñuble inválida: {antiguo} -> {actual}.")
        pre2018[antiguo] = actual
    activas = tuple(indice.get("regiones_activas", []))
    for cut in activas:
        if cut not in regiones:
            raise ErrorCatalogo(f"La región activa «{cut}» no existe en el catálogo.")
    versiones = {k: int(v["version"]) for k, v in indice["catalogos"].items()}
    return Catalogos(
        versiones, regiones, provincias, comunas, pre2018, _cargar_tipologias(indice), activas
    )
