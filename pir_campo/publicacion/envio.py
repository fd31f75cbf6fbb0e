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

LOTE = 20_000
# Filas que se leen de SQLite de una vez dentro de un lote (y se mandan al COPY).
TROZO = 2000
AJUSTE_ULTIMA = "publicacion.ultima"


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


def _formas(t: ddl.TablaPg, personales: bool) -> list[tuple[str, str]]:
    """Las columnas en el orden de la línea de COPY y cómo va cada una; sin datos personales,
    el seudónimo (que calcula Python) va al final y no viene de SQLite."""
    fuera = () if personales else ddl.omitidas(t.nombre)
    seudonimo = None if personales else ddl.SEUDONIMO.get(t.nombre)
    formas = []
    for c, tipo in zip(t.columnas, t.tipos, strict=True):
        if c == seudonimo:
            continue
        if c in fuera:
            forma = q.OMITIDA
        elif tipo.endswith("[]"):
            forma = q.LISTA
        elif tipo in ("numeric", "double precision"):
            forma = q.NUMERO
        elif tipo == "text" and c not in t.enumeraciones:
            forma = q.TEXTO
        else:
            forma = q.TAL_CUAL
        formas.append((c, forma))
    return formas


class _Tabla:
    """Las sentencias de una tabla del servidor."""

    def __init__(self, esq: str, t: ddl.TablaPg, personales: bool):
        e = cita(esq)
        self.t = t
        self.destino = f"{e}.{t.nombre}"
        self.lote = f"lote_{t.nombre}"
        self.formas = _formas(t, personales)
        self.seudonimo = None if personales else ddl.SEUDONIMO.get(t.nombre)
        cols = ("region", *(c for c, _ in self.formas), *filter(None, [self.seudonimo]))
        self.lista = ", ".join(cols)
        self.copiar_destino = f"COPY {self.destino} ({self.lista}) FROM STDIN"
        self.copiar_lote = f"COPY {self.lote} ({self.lista}) FROM STDIN"
        self.crear_lote = f"CREATE TEMP TABLE {self.lote} (LIKE {self.destino}) ON COMMIT DROP"
        asignar = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols[1:])
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
    codigo = None if personales else Seudonimos(almacen).calcular
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
        s = _Tabla(esq, t, personales)
        resultado.tabla_actual = t.nombre
        vacia = not conn.execute(s.hay, (region,)).fetchone()[0]
        conn.commit()
        cursor = q.lineas(
            almacen,
            t.nombre,
            s.formas,
            region + "\t",
            desde[t.nombre],
            tope,
            ademas.get(t.nombre, ()),
        )
        a_texto = _a_texto(codigo if s.seudonimo else None)
        if t.nombre == "persona" and bloqueadas:
            a_texto = _sin_bloqueadas(a_texto, s.formas, bloqueadas, Seudonimos(almacen).calcular)
        enviados = borrados = 0
        trozo = cursor.fetchmany(min(lote, TROZO))
        while trozo:
            # Un lote es una transacción; se lee de SQLite de a trozos y cada trozo va al COPY
            # apenas está listo, así el servidor carga mientras la oficina lee el siguiente.
            n = vivos = 0
            muertos: list[str] = []
            ids: list[str] = []
            with conn.transaction():
                if not vacia:
                    conn.execute(s.crear_lote)
                with conn.cursor().copy(s.copiar_destino if vacia else s.copiar_lote) as cp:
                    while True:
                        texto, muertos_trozo = a_texto(trozo)
                        if texto:
                            cp.write(texto)
                        muertos += muertos_trozo
                        vivos += len(trozo) - len(muertos_trozo)
                        if s.ubicar:
                            ids += [f[0] for f in trozo]
                        n += len(trozo)
                        ultima_fila = trozo[-1]
                        trozo = cursor.fetchmany(min(lote - n, TROZO)) if n < lote else []
                        if not trozo:
                            break
                if not vacia:
                    conn.execute(s.fusionar)
                    if muertos:
                        conn.execute(s.borrar, (region, muertos))
                if s.ubicar:
                    conn.execute(s.ubicar, (region, ids))
                conn.execute(s.marcar, (dispositivo, t.nombre, ultima_fila[2], ultima_fila[0]))
            enviados += vivos
            borrados += len(muertos) if not vacia else 0
            hechos += n
            if al_avanzar:
                al_avanzar(hechos, total)
            if n >= lote:
                trozo = cursor.fetchmany(min(lote, TROZO))
        if enviados:
            resultado.enviados[t.nombre] = enviados
        if borrados:
            resultado.borrados[t.nombre] = borrados


def _a_texto(codigo: Callable[[str], str] | None) -> Callable[[list], tuple[str, list[str]]]:
    """De un trozo de filas (id, eliminado, lseq, línea) al texto de COPY de las vivas y los
    ids de las eliminadas. Con seudónimo, su código va al final de cada línea."""

    def a_texto(trozo: list) -> tuple[str, list[str]]:
        muertos = [f[0] for f in trozo if f[1]]
        if codigo is None:
            lineas = [f[3] for f in trozo if not f[1]]
            return ("\n".join(lineas) + "\n" if lineas else ""), muertos
        return "".join([f"{f[3]}\t{codigo(f[0])}\n" for f in trozo if not f[1]]), muertos

    return a_texto


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
    a_texto: Callable[[list], tuple[str, list[str]]],
    formas: list[tuple[str, str]],
    bloqueadas: set[str],
    codigo: Callable[[str], str],
) -> Callable[[list], tuple[str, list[str]]]:
    """Con datos personales, la línea de una persona bloqueada lleva su código seudónimo en vez
    del nombre y sus datos personales vacíos. Solo sus líneas se rehacen en Python (en la línea
    de COPY un tabulador solo separa columnas: los del texto van escapados)."""
    columnas = [c for c, _ in formas]
    nombre = columnas.index("nombre") + 1  # +1: la región va primero
    vacias = [columnas.index(c) + 1 for c in _PERSONALES_BLOQUEADA if c in columnas]

    def sin(trozo: list) -> tuple[str, list[str]]:
        if not any(f[0] in bloqueadas for f in trozo):
            return a_texto(trozo)
        filas = []
        for f in trozo:
            if f[0] in bloqueadas and not f[1]:
                partes = f[3].split("\t")
                partes[nombre] = codigo(f[0])
                for i in vacias:
                    partes[i] = "\\N"
                f = (*f[:3], "\t".join(partes))
            filas.append(f)
        return a_texto(filas)

    return sin
