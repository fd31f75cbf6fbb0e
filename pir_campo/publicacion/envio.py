"""Publicar la oficina en el servidor: solo lo que cambió desde la marca de agua, en lotes.

Cada lote es una transacción del servidor que lleva también la marca de agua (lseq, id) de su
última fila: si la publicación se corta (un kill, la red), lo confirmado queda y la próxima
sigue desde ahí; repetir una publicación no cambia nada. Una lápida borra la fila.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pir_campo.almacen import Almacen
from pir_campo.almacen import consultas_publicacion as q
from pir_campo.almacen import consultas_supresion as qs
from pir_campo.errores import ErrorServidor
from pir_campo.exportacion.tabla import Seudonimos
from pir_campo.formato import ahora_utc
from pir_campo.publicacion import esquema as ddl
from pir_campo.publicacion.servidor import cita, conectar, preparar, psycopg, sin_clave

LOTE = 5000
AJUSTE_ULTIMA = "publicacion.ultima"

# Datos personales: sin --con-datos-personales, el nombre pasa a un código seudónimo y el resto
# no sale de la oficina.
SEUDONIMO = {"persona": "nombre", "firmante": "nombre"}
OMITIDOS = {
    "persona": ("rut", "telefono"),
    "firmante": ("rut",),
    "organizacion": ("rut", "contacto"),
    "taller": ("facilitadores", "interprete"),
    "acuerdo": ("responsable",),
    "accion_plan": ("responsable",),
    "revision": ("revisado_por", "respondido_por"),
    "adjunto": ("nombre_original",),
}


@dataclass
class Resultado:
    servidor: str
    esquema: str
    enviados: dict[str, int] = field(default_factory=dict)
    borrados: dict[str, int] = field(default_factory=dict)
    momento: str = ""
    tabla_actual: str = ""

    @property
    def total(self) -> int:
        return sum(self.enviados.values()) + sum(self.borrados.values())


def _conversor(t: ddl.TablaPg, region: str, seud: Seudonimos | None) -> Callable[[tuple], tuple]:
    """De una fila de SQLite (id, *campos, fusionado_en, eliminado, lseq) a la del servidor.

    Los booleanos van tal cual (0/1 es un boolean válido para COPY) y los datos omitidos ya
    vienen vacíos de la consulta: solo las listas JSON y los seudónimos se tocan aquí."""
    listas = [i for i, c in enumerate(t.columnas) if c in t.listas]
    n = len(t.columnas)
    if seud and t.nombre in SEUDONIMO and not listas:
        i = t.columnas.index(SEUDONIMO[t.nombre])
        return lambda f: (region, *f[:i], seud(f[0]), *f[i + 1 : n])
    cambio = t.columnas.index(SEUDONIMO[t.nombre]) if seud and t.nombre in SEUDONIMO else None
    if not listas and cambio is None:
        return lambda f: (region, *f[:n])

    def convertir(f: tuple) -> tuple:
        fila = list(f[:n])
        for i in listas:
            if fila[i] is not None:
                fila[i] = json.loads(fila[i])
        if cambio is not None:
            fila[cambio] = seud(fila[0])
        return (region, *fila)

    return convertir


# Lo que una persona bloqueada no publica ni con --con-datos-personales.
_PERSONALES_BLOQUEADA = (
    "rut",
    "telefono",
    "sexo",
    "tramo_edad",
    "pueblo_originario",
    "afrodescendiente",
)


def _sin_bloqueadas(
    t: ddl.TablaPg, convertir: Callable[[tuple], tuple], bloqueadas: set[str], seud: Seudonimos
) -> Callable[[tuple], tuple]:
    """La fila de una persona bloqueada, con su código seudónimo y sin sus datos personales."""
    nombre = t.columnas.index("nombre") + 1  # +1: la región va primero
    vacias = [t.columnas.index(c) + 1 for c in _PERSONALES_BLOQUEADA if c in t.columnas]

    def sin(f: tuple) -> tuple:
        fila = convertir(f)
        if f[0] not in bloqueadas:
            return fila
        fila = list(fila)
        fila[nombre] = seud(f[0])
        for i in vacias:
            fila[i] = None
        return tuple(fila)

    return sin


class _Tabla:
    """Las sentencias de una tabla del servidor."""

    def __init__(self, esq: str, t: ddl.TablaPg):
        e = cita(esq)
        self.t = t
        self.destino = f"{e}.{t.nombre}"
        self.lote = f"lote_{t.nombre}"
        cols = ("region", *t.columnas)
        self.lista = ", ".join(cols)
        self.copiar_destino = f"COPY {self.destino} ({self.lista}) FROM STDIN"
        self.copiar_lote = f"COPY {self.lote} ({self.lista}) FROM STDIN"
        self.crear_lote = f"CREATE TEMP TABLE {self.lote} (LIKE {self.destino}) ON COMMIT DROP"
        asignar = ", ".join(f"{c} = EXCLUDED.{c}" for c in t.columnas)
        self.fusionar = (
            f"INSERT INTO {self.destino} ({self.lista}) SELECT {self.lista} FROM {self.lote} "
            f"ON CONFLICT (region, id) DO UPDATE SET {asignar}"
        )
        self.borrar = f"DELETE FROM {self.destino} WHERE region = %s AND id = ANY(%s::uuid[])"
        self.hay = f"SELECT EXISTS (SELECT 1 FROM {self.destino} WHERE region = %s)"
        geom = (
            f"(SELECT ST_Multi(ST_Collect(n.geom))::geometry(MultiPoint, 4326) FROM {e}.necesidad n"
            " WHERE n.region = i.region AND n.id = ANY(i.necesidades) AND n.geom IS NOT NULL)"
        )
        # La iniciativa se ubica en sus necesidades: se recalcula si cambia ella o alguna.
        self.ubicar = {
            "iniciativa": f"UPDATE {e}.iniciativa i SET geom = {geom} "
            "WHERE i.region = %s AND i.id = ANY(%s::uuid[])",
            "necesidad": f"UPDATE {e}.iniciativa i SET geom = {geom} "
            "WHERE i.region = %s AND i.necesidades && %s::uuid[]",
        }.get(t.nombre)
        self.marcar = (
            f"INSERT INTO {e}.marca VALUES (%s, %s, %s, %s) ON CONFLICT (dispositivo, tabla) "
            "DO UPDATE SET lseq = EXCLUDED.lseq, ultimo_id = EXCLUDED.ultimo_id"
        )


def publicar(
    almacen: Almacen,
    url: str,
    esquema: str = "pir",
    con_datos_personales: bool = False,
    clave: str | None = None,
    lote: int = LOTE,
    al_avanzar: Callable[[int, int], None] | None = None,
) -> Resultado:
    """Envía al servidor lo que cambió en la oficina desde la última publicación."""
    if almacen.rol != "oficina":
        raise ErrorServidor(
            "Solo la base de una oficina regional se publica en el servidor; un notebook de "
            "campo envía sus datos a la oficina en paquetes."
        )
    region = almacen.cut_region
    if not region:
        raise ErrorServidor("La oficina no tiene región definida; no se puede publicar.")
    pg = psycopg()
    conn = conectar(url, clave)
    resultado = Resultado(sin_clave(url), esquema)
    try:
        preparar(conn, esquema)
        _publicar(conn, almacen, esquema, region, con_datos_personales, lote, al_avanzar, resultado)
    except pg.OperationalError:
        raise ErrorServidor(
            f"Se perdió la conexión con el servidor {resultado.servidor} durante la "
            "publicación. Lo ya confirmado quedó en el servidor; vuelva a publicar para "
            "enviar el resto."
        ) from None
    except pg.Error as e:
        # Datos que el servidor no acepta (un id que no es UUID, una llave foránea rota):
        # el lote entero se deshizo y lo anterior queda; se dice qué tabla y por qué.
        detalle = getattr(getattr(e, "diag", None), "message_primary", None) or str(e)
        raise ErrorServidor(
            f"El servidor rechazó un lote de la tabla «{resultado.tabla_actual}» ({detalle}). "
            "Lo ya confirmado quedó en el servidor; avise al equipo de soporte."
        ) from None
    finally:
        conn.close()
    resultado.momento = ahora_utc()
    almacen.guardar_ajuste(
        AJUSTE_ULTIMA,
        json.dumps(
            {
                "momento": resultado.momento,
                "servidor": resultado.servidor,
                "esquema": esquema,
                "con_datos_personales": con_datos_personales,
                "enviados": resultado.enviados,
                "borrados": resultado.borrados,
            },
            ensure_ascii=False,
        ),
    )
    return resultado


def ultima(almacen: Almacen) -> dict[str, Any] | None:
    """Lo que se envió en la última publicación de esta oficina (para mostrarlo)."""
    texto = almacen.ajuste(AJUSTE_ULTIMA)
    return json.loads(texto) if texto else None


def _publicar(
    conn: Any,
    almacen: Almacen,
    esq: str,
    region: str,
    personales: bool,
    lote: int,
    al_avanzar: Callable[[int, int], None] | None,
    resultado: Resultado,
) -> None:
    e = cita(esq)
    dispositivo = almacen.dispositivo
    with conn.transaction():
        if not conn.execute(
            "SELECT pg_try_advisory_lock(hashtext('pir-campo:' || %s || ':' || %s))",
            (esq, dispositivo),
        ).fetchone()[0]:
            raise ErrorServidor(
                "Esta oficina ya está publicando en el servidor; espere a que termine."
            )
        anterior = conn.execute(
            f"SELECT dispositivo, con_datos_personales FROM {e}.oficina WHERE region = %s",
            (region,),
        ).fetchone()
        if anterior and anterior[0] == dispositivo and anterior[1] != personales:
            # Cambió la decisión sobre los datos personales: se reenvía todo, así ninguna
            # fila queda con el criterio anterior.
            conn.execute(f"DELETE FROM {e}.marca WHERE dispositivo = %s", (dispositivo,))
        conn.execute(
            f"INSERT INTO {e}.oficina VALUES (%s, %s, %s, %s, now()) ON CONFLICT (region) DO "
            "UPDATE SET dispositivo = EXCLUDED.dispositivo, nombre = EXCLUDED.nombre, "
            "con_datos_personales = EXCLUDED.con_datos_personales, publicado_en = now()",
            (region, dispositivo, almacen.nombre, personales),
        )
        marcas = {
            f[0]: (int(f[1]), f[2])
            for f in conn.execute(
                f"SELECT tabla, lseq, ultimo_id FROM {e}.marca WHERE dispositivo = %s",
                (dispositivo,),
            )
        }
    tope = q.hasta(almacen)
    tablas = ddl.tablas()
    desde = {t.nombre: marcas.get(t.nombre, (0, "")) for t in tablas}
    pendientes = {t.nombre: q.pendientes(almacen, t.nombre, desde[t.nombre], tope) for t in tablas}
    total = sum(pendientes.values())
    hechos = 0
    if al_avanzar:
        al_avanzar(0, total)
    seud = None if personales else Seudonimos(almacen)
    # Con datos personales, una persona bloqueada (Ley 21.719) va como sin ellos, y la que se
    # bloqueó o desbloqueó desde la publicación anterior se reenvía aunque su fila no cambió.
    ademas: dict[str, list[str]] = {}
    bloqueadas: set[str] = set()
    if personales:
        ademas["persona"] = q.bloqueo_cambiado(almacen, desde["solicitud_derecho"], tope)
        pendientes["persona"] += len(ademas["persona"])
        total += len(ademas["persona"])
        bloqueadas = qs.bloqueadas(almacen.conn)
    for t in tablas:
        if not pendientes[t.nombre]:
            continue
        s = _Tabla(esq, t)
        resultado.tabla_actual = t.nombre
        convertir = _conversor(t, region, seud)
        if t.nombre == "persona" and bloqueadas:
            convertir = _sin_bloqueadas(t, convertir, bloqueadas, Seudonimos(almacen))
        vacia = not conn.execute(s.hay, (region,)).fetchone()[0]
        conn.commit()
        omitidas = () if personales else OMITIDOS.get(t.nombre, ())
        cursor = q.cambiadas(
            almacen, t.nombre, desde[t.nombre], tope, omitidas, ademas.get(t.nombre, ())
        )
        enviados = borrados = 0
        while filas := cursor.fetchmany(lote):
            vivos = [convertir(f) for f in filas if not f[-2]]
            muertos = [f[0] for f in filas if f[-2]]
            with conn.transaction():
                if vivos:
                    if not vacia:
                        conn.execute(s.crear_lote)
                    with conn.cursor().copy(s.copiar_destino if vacia else s.copiar_lote) as cp:
                        for fila in vivos:
                            cp.write_row(fila)
                    if not vacia:
                        conn.execute(s.fusionar)
                if muertos and not vacia:
                    conn.execute(s.borrar, (region, muertos))
                if s.ubicar:
                    ids = [f[0] for f in filas]
                    conn.execute(s.ubicar, (region, ids))
                conn.execute(s.marcar, (dispositivo, t.nombre, filas[-1][-1], filas[-1][0]))
            enviados += len(vivos)
            borrados += len(muertos) if not vacia else 0
            hechos += len(filas)
            if al_avanzar:
                al_avanzar(hechos, total)
        if enviados:
            resultado.enviados[t.nombre] = enviados
        if borrados:
            resultado.borrados[t.nombre] = borrados
