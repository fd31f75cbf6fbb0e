"""El almacén: la única puerta de escritura a la base SQLite de una instalación.

Toda escritura de un registro sincronizable, en la misma transacción:
  1. sube el contador de cambios del dispositivo (seq) y avanza el reloj híbrido (HLC);
  2. marca el punto de escritura (dispositivo, seq, hlc) del registro o de cada campo cambiado;
  3. actualiza el vector de versiones (vv), lseq, hlc y origen del registro;
  4. agrega filas a la bitácora `cambio` con el valor anterior y el nuevo.
Nada se borra: eliminar deja una lápida (eliminado = 1). Diseño: referencias/sincronizacion.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pir_campo.almacen.bitacora as bitacora
import pir_campo.almacen.cifrado_inicial as cifrado_inicial
import pir_campo.almacen.disparadores_bloque as disparadores_bloque
import pir_campo.almacen.llaves as llaves
import pir_campo.almacen.marca as marca
import pir_campo.almacen.motor as motor
from pir_campo import adjuntos, catalogos, ids, modelos
from pir_campo.almacen.conexion import conectar, copiar, deshacer, ilegible, migrar, version
from pir_campo.almacen.migraciones import TABLAS_CREACION
from pir_campo.almacen.tablas import Tabla, a_json, campos_sincronizables, referencias, tabla
from pir_campo.errores import (
    ErrorBaseDatos,
    ErrorClave,
    ErrorDisco,
    ErrorNoEncontrado,
    ErrorRegistroCerrado,
    ErrorValidacion,
    error_disco,
)
from pir_campo.formato import ahora_utc
from pir_campo.modelos import CONTEOS_RESUMEN
from pir_campo.reloj import Hlc, leer

if TYPE_CHECKING:
    from nacl.public import PrivateKey
    from nacl.signing import SigningKey

    from pir_campo.modelos import Modelo

ROLES = ("campo", "oficina")


# Ajuste que marca que los registros únicos que una versión anterior repitió (ids al azar) ya
# se fusionaron en esta base (servicios/apertura.py).
AJUSTE_UNICOS_REVISADOS = "unicos_revisados"


@dataclass(frozen=True)
class Cambio:
    """Lo que cambió una operación: la interfaz refresca solo esto."""

    tabla: str
    ids: tuple[str, ...]
    campos: frozenset[str] = frozenset()
    creado: bool = False
    eliminado: bool = False

    @property
    def vacio(self) -> bool:
        return not self.ids


def id_nuevo(modelo: type[Modelo], fila: dict[str, Any]) -> str:
    """UUIDv5 de su clave si el registro es único por clave; si no, UUIDv7."""
    if modelo.clave_unica:
        return ids.uuid_clave(modelo.tabla, *(fila[c] for c in modelo.clave_unica))
    return ids.uuid7()


# Sellos por cada lectura del reloj en `_sellar_lote` (el contador del HLC tiene 5 cifras: en
# un milisegundo caben unas pocas tandas, lejos de 100.000).
_SELLOS_POR_LECTURA = 500

# El taller o acta de cada registro hijo: uno cerrado o firmada no admite hijos nuevos.
_PADRES = {
    "asistencia": ("taller", "taller_id"),
    "acuerdo": ("taller", "taller_id"),
    "firmante": ("acta_validacion", "acta_id"),
}


def _forma_bitacora(nombre: str) -> Callable[[str, Any], Any]:
    """La bitácora guarda los valores como los ve el modelo (listas, no su texto JSON)."""
    if nombre not in modelos.POR_TABLA:
        return lambda _c, v: v
    t = tabla(modelos.POR_TABLA[nombre])

    def legible(campo: str, valor: Any) -> Any:
        if valor is not None and campo in t.json:
            return json.loads(valor)
        if valor is not None and campo in t.booleanos:
            return bool(valor)
        return valor

    return legible


def ruta_creando(ruta: Path) -> Path:
    """Nombre de una base mientras `Almacen.iniciar` la arma (sus adjuntos, en
    `<nombre>.creando.adjuntos`, y su llave, en `<nombre>.creando<ext>.llave`)."""
    return ruta.with_name(f"{ruta.stem}.creando{ruta.suffix}")


def _borrar_creando(ruta: Path, solo_restos: bool = False) -> None:
    """Borra la base a medio crear de `ruta` (o, con `solo_restos`, solo su -wal y -shm)."""
    temporal = ruta_creando(ruta)
    restos = ["-wal", "-shm", "-journal"] if solo_restos else ["", "-wal", "-shm", "-journal"]
    # La marca del nombre temporal no es de nadie: la base final escribe la suya al abrirse.
    for resto in [*restos, ".marca"]:
        with contextlib.suppress(OSError):
            Path(f"{temporal}{resto}").unlink(missing_ok=True)
    if solo_restos:
        return
    with contextlib.suppress(OSError):
        llaves.ruta_llave(temporal).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        Path(f"{llaves.ruta_llave(temporal)}.tmp").unlink(missing_ok=True)
    shutil.rmtree(adjuntos.carpeta_de(temporal), ignore_errors=True)


def _mover_carpeta(origen: Path, destino: Path) -> None:
    """Los adjuntos de una base recién creada a su lugar; si ya había una carpeta (de una base
    que ya no está), se le suman, archivo por archivo."""
    if not origen.exists():
        return
    if not destino.exists():
        os.replace(origen, destino)
        return
    for archivo in sorted(p for p in origen.rglob("*") if p.is_file()):
        final = destino / archivo.relative_to(origen)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(archivo, final)
    shutil.rmtree(origen, ignore_errors=True)


class Almacen:
    """Base de datos de una instalación (notebook de campo u oficina regional)."""

    # Funciones que se llaman con cada base abierta (p. ej. activar los catálogos que envió
    # la oficina); las registra quien las necesita, el almacén no sabe de ellas.
    al_abrir: list[Callable[[Almacen], None]] = []
    # Qué hacer con una base que resulta ser una copia puesta en lugar de otra (ver `marca`).
    al_detectar_copia: Callable[[Almacen, str, int], None]

    def __init__(
        self, ruta: Path, conn: motor.Connection, llave: bytes, respaldo: Path | None = None
    ):
        self.ruta = ruta
        self.conn = conn
        self._llave = llave
        self.respaldo_migracion = respaldo
        self._profundidad = 0
        self.archivo_marca = marca.Marca(ruta)
        self._seq = 0
        self._hlc = Hlc()
        self._memoria: dict[Any, tuple[tuple[int, int], Any]] = {}
        estado = self.estado()
        if "dispositivo" not in estado:
            conn.close()
            raise ErrorBaseDatos(f"La base {ruta} no tiene identidad de instalación.")
        self.dispositivo: str = estado["dispositivo"]
        self.rol: str = estado["rol"]
        self.nombre: str = estado["nombre"]
        self.cut_region: str | None = estado.get("cut_region") or None
        # Quién trabaja: en un notebook, su facilitador(a) (Ajustes); en la oficina, quien se
        # identificó al abrir. La bitácora guarda esta persona y el dispositivo.
        self.persona: str = estado.get("ajuste.persona") or self.nombre

    # ---- apertura y creación -------------------------------------------------------------

    @classmethod
    def abrir(cls, ruta: str | Path, frase: str | None = None) -> Almacen:
        """Abre la base con su frase de acceso (`frase`, o PIR_CAMPO_CLAVE, o la terminal).

        Una base sin cifrar de una versión anterior se cifra aquí mismo, con esa frase, antes
        de migrarla (ver `cifrado_inicial`)."""
        ruta = Path(ruta)
        # Una restauración de respaldo cortada se termina (o se descarta) antes de abrir.
        import pir_campo.respaldo.diario as diario

        diario.completar(ruta)
        if not ruta.is_file():
            raise ErrorBaseDatos(
                f"No existe la base de datos {ruta}. Créela con «pir-campo iniciar» "
                "o «pir-campo demo»."
            )
        recien_cifrada = motor.es_plana(ruta)
        if recien_cifrada:
            llave = cifrado_inicial.cifrar(ruta, llaves.frase_dada(ruta, frase))
        elif not llaves.ruta_llave(ruta).exists():
            raise ErrorBaseDatos(
                f"El archivo {ruta} no es una base de datos de PIR Campo, o le falta su archivo "
                f"de llave {llaves.ruta_llave(ruta).name}, sin el cual no se puede abrir."
            )
        else:
            llave = llaves.abrir(ruta, frase)
        conn = conectar(ruta, llave)
        try:
            cifrado_inicial.terminar(ruta, llave)
            respaldo = migrar(conn, ruta, llave)
            almacen = cls(ruta, conn, llave, respaldo)
        except motor.Error as e:
            conn.close()
            raise ilegible(ruta, e) from None
        except OSError as e:
            conn.close()
            raise error_disco(e, ruta) or e from None
        except Exception:
            conn.close()
            raise
        almacen.comprobar_marca()
        if recien_cifrada and almacen.rol == "campo":
            # Un notebook que ya tenía oficina registrada queda recuperable desde ya.
            fila = conn.execute(
                "SELECT clave_cifrado FROM par WHERE rol = 'oficina' ORDER BY nombre, id LIMIT 1"
            ).fetchone()
            if fila:
                almacen.sellar_para_oficina(fila[0])
        for funcion in cls.al_abrir:
            funcion(almacen)
        return almacen

    @classmethod
    def iniciar(
        cls,
        ruta: str | Path,
        rol: str,
        nombre: str,
        cut_region: str | None = None,
        frase: str | None = None,
        demo: bool = False,
        llenar: Callable[[Almacen], object] | None = None,
    ) -> Almacen:
        """Crea la base cifrada y la identidad del dispositivo (claves Ed25519 y X25519).

        La frase de acceso se valida (nada de frases débiles); `demo` usa la frase fija de la
        demostración, que el README publica. `llenar` escribe los primeros datos (la demo)
        antes de que la base reciba su nombre: o queda completa, o no queda."""
        ruta = Path(ruta)
        if rol not in ROLES:
            raise ErrorValidacion("El campo «Rol» debe ser «campo» u «oficina».", "Rol")
        nombre = (nombre or "").strip()
        if not nombre:
            raise ErrorValidacion("El campo «Nombre» es obligatorio.", "Nombre")
        if len(nombre) > 200:
            raise ErrorValidacion("El campo «Nombre» admite como máximo 200 caracteres.", "Nombre")
        if cut_region is not None and cut_region not in catalogos.cargar().regiones:
            raise ErrorValidacion(
                f"El campo «Región» tiene el código «{cut_region}», que no existe en el catálogo.",
                "Región",
            )
        if ruta.exists() and ruta.stat().st_size > 0:
            raise ErrorBaseDatos(f"Ya existe una base de datos en {ruta}; no se sobrescribe.")
        if not ruta.parent.is_dir():
            raise ErrorBaseDatos(f"La carpeta {ruta.parent} no existe.")
        frase = llaves.FRASE_DEMO if demo else llaves.frase_dada(ruta, frase)
        llaves.validar_frase(frase)
        llave, datos_llave = llaves.nueva(frase, demo=demo)
        # Todo se arma con un nombre temporal en la misma carpeta y recibe su nombre final solo
        # completo: un disco lleno o un corte no deja una base a medias con el nombre pedido.
        temporal = ruta_creando(ruta)
        _borrar_creando(ruta)  # lo que dejó un intento anterior cortado
        try:
            llaves.escribir(temporal, datos_llave)
            conn = conectar(temporal, llave)
            try:
                migrar(conn, temporal, llave)
                cls._identidad_nueva(conn, rol, nombre, cut_region, demo)
                if llenar is not None:
                    lleno = cls(temporal, conn, llave)
                    llenar(lleno)
                    lleno.archivo_marca.cerrar()
                # Todo el WAL al archivo: el WAL lleva el nombre de la base y no se renombra.
                ocupado, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if ocupado:
                    raise ErrorBaseDatos(f"No se pudo terminar de escribir la base {ruta}.")
            finally:
                conn.close()
            with temporal.open("rb+") as f:
                os.fsync(f.fileno())
            for resto in ("-wal", "-shm", "-journal"):  # de otra base: no son de esta
                Path(f"{ruta}{resto}").unlink(missing_ok=True)
            _mover_carpeta(adjuntos.carpeta_de(temporal), adjuntos.carpeta_de(ruta))
            # La llave antes que la base: una base con su nombre final y sin su .llave no se
            # podría abrir; una .llave sin base se reemplaza en el próximo intento.
            os.replace(llaves.ruta_llave(temporal), llaves.ruta_llave(ruta))
            os.replace(temporal, ruta)
            llaves.sincronizar_carpeta(ruta.parent)
        except BaseException as e:
            _borrar_creando(ruta)
            # Los mensajes nombran la base pedida, no su nombre temporal.
            if isinstance(e, ErrorDisco):
                raise ErrorDisco(e.causa, ruta) from None
            if isinstance(e, motor.Error | OSError) and (disco := error_disco(e, ruta)):
                raise ErrorDisco(disco.causa, ruta) from None
            if isinstance(e, motor.Error | OSError):
                raise ErrorBaseDatos(f"No se pudo crear la base de datos {ruta}: {e}.") from None
            raise
        finally:
            _borrar_creando(ruta, solo_restos=True)
        almacen = cls(ruta, conectar(ruta, llave), llave)
        almacen.archivo_marca.escribir(almacen.dispositivo, int(almacen.estado()["seq"]))
        return almacen

    @staticmethod
    def _identidad_nueva(
        conn: motor.Connection, rol: str, nombre: str, cut_region: str | None, demo: bool
    ) -> None:
        """Identidad de la instalación (dispositivo, claves Ed25519 y X25519) en una base nueva."""
        from nacl.public import PrivateKey
        from nacl.signing import SigningKey

        firma, cifrado = SigningKey.generate(), PrivateKey.generate()
        estado = {
            "dispositivo": ids.nuevo_dispositivo(rol),
            "rol": rol,
            "nombre": nombre,
            "cut_region": cut_region or "",
            "seq": "0",
            "hlc": "0000000000000.00000",
            "epoca_instalacion": os.urandom(8).hex(),
            "creada_en": ahora_utc(),
            # Una base nueva no tiene registros únicos repetidos por una versión anterior.
            f"ajuste.{AJUSTE_UNICOS_REVISADOS}": "1",
        }
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO estado_sincro VALUES (?, ?)", estado.items())
            conn.executemany(
                "INSERT INTO identidad VALUES (?, ?)",
                [("firma_ed25519", bytes(firma)), ("cifrado_x25519", bytes(cifrado))],
            )
            if demo:
                conn.execute("INSERT INTO estado_sincro VALUES ('demo', '1')")
            conn.execute("COMMIT")
        except BaseException:
            deshacer(conn)
            raise

    def comprobar_marca(self) -> None:
        """¿Es esta base una copia puesta en lugar de la que estaba aquí? (ver `marca`).

        Cuesta leer un archivo de una línea; solo si la marca dice más de lo que la base tiene
        (o es de otro dispositivo) actúa `sucesion`, que sigue con una identidad nueva (el
        paquete `pir_campo.almacen` la conecta en `al_detectar_copia`: así no hay círculo)."""
        visto = marca.leer(self.ruta)
        seq = int(self.estado()["seq"])
        if visto is None:
            self.archivo_marca.escribir(self.dispositivo, seq)
            return
        dispositivo, seq_marca = visto
        if dispositivo == self.dispositivo and seq_marca <= seq:
            return
        type(self).al_detectar_copia(self, dispositivo, seq_marca)

    def cerrar(self) -> None:
        self.archivo_marca.cerrar()
        self.conn.close()

    # ---- llave y frase de acceso ---------------------------------------------------------

    @property
    def es_demo(self) -> bool:
        """Base de demostración (datos inventados, frase pública): la ventana lo dice."""
        return self.estado().get("demo") == "1"

    def llave_adjuntos(self) -> bytes:
        return llaves.derivar(self._llave, "adjuntos")

    def subllave(self, uso: str) -> bytes:
        """Subllave de la base para un archivo aparte (p. ej. la copia de las supresiones)."""
        return llaves.derivar(self._llave, uso)

    def comprobar_frase(self, frase: str) -> bool:
        """Para volver a entrar tras el bloqueo por inactividad (no reabre la base)."""
        return llaves.abrir_con(llaves.leer(self.ruta), frase) == self._llave

    def cambiar_frase(self, actual: str, nueva: str) -> None:
        if not self.comprobar_frase(actual):
            raise ErrorClave("La frase de acceso actual no es correcta; no se cambió nada.")
        llaves.cambiar_frase(self.ruta, self._llave, nueva)

    def sellar_para_oficina(self, publica_x25519_hex: str) -> None:
        """Al registrar la oficina: una copia de la llave que solo ella abre (recuperación)."""
        llaves.sellar_para_oficina(self.ruta, self._llave, self.dispositivo, publica_x25519_hex)

    def copiar_base(
        self, destino: Path, progreso: Callable[[int, int], None] | None = None
    ) -> Path:
        """Copia consistente y cifrada de la base, con su archivo .llave (ver `copiar`)."""
        return copiar(self.conn, self.ruta, Path(destino), self._llave, progreso)

    def __enter__(self) -> Almacen:
        return self

    def __exit__(self, *_: object) -> None:
        self.cerrar()

    # ---- estado e identidad --------------------------------------------------------------

    def estado(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT clave, valor FROM estado_sincro"))

    def esquema(self) -> int:
        return version(self.conn)

    # PyNaCl se importa al usar las llaves: cuesta ~50 ms y abrir la aplicación no lo necesita.
    def llave_firma(self) -> SigningKey:
        from nacl.signing import SigningKey

        fila = self.conn.execute("SELECT valor FROM identidad WHERE clave = 'firma_ed25519'")
        return SigningKey(fila.fetchone()[0])

    def llave_cifrado(self) -> PrivateKey:
        from nacl.public import PrivateKey

        fila = self.conn.execute("SELECT valor FROM identidad WHERE clave = 'cifrado_x25519'")
        return PrivateKey(fila.fetchone()[0])

    def ajuste(self, clave: str, defecto: str | None = None) -> str | None:
        fila = self.conn.execute(
            "SELECT valor FROM estado_sincro WHERE clave = ?", (f"ajuste.{clave}",)
        ).fetchone()
        return fila[0] if fila else defecto

    def guardar_ajuste(self, clave: str, valor: str) -> None:
        with self.transaccion():
            self.conn.execute(
                "INSERT OR REPLACE INTO estado_sincro VALUES (?, ?)", (f"ajuste.{clave}", valor)
            )

    def regiones_activas(self) -> list[str]:
        """Configuración de la instalación; por omisión, la del catálogo."""
        guardado = self.ajuste("regiones_activas")
        if guardado:
            return json.loads(guardado)
        return list(catalogos.cargar().regiones_activas)

    # ---- transacciones -------------------------------------------------------------------

    @contextmanager
    def transaccion(self) -> Iterator[Almacen]:
        """BEGIN IMMEDIATE ... COMMIT; anidable. Si algo falla, no queda nada escrito."""
        if self._profundidad:
            self._profundidad += 1
            try:
                yield self
            finally:
                self._profundidad -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            estado = self.estado()
        except motor.Error as e:
            deshacer(self.conn)
            raise error_disco(e, self.ruta) or ErrorBaseDatos(
                f"La base de datos está ocupada por otro proceso ({e})."
            ) from None
        self._profundidad = 1
        self._seq = seq_inicial = int(estado["seq"])
        dispositivo_inicial = self.dispositivo
        self._hlc.l, self._hlc.c = leer(estado["hlc"])
        try:
            yield self
            self.conn.executemany(
                "UPDATE estado_sincro SET valor = ? WHERE clave = ?",
                [(str(self._seq), "seq"), (self._hlc_texto(), "hlc")],
            )
            self.conn.execute("COMMIT")
            if self._seq != seq_inicial or self.dispositivo != dispositivo_inicial:
                self.archivo_marca.escribir(self.dispositivo, self._seq)
        except BaseException as e:
            # Un disco lleno o una falla de E/S ya deshizo la transacción en SQLite.
            deshacer(self.conn)
            if isinstance(e, motor.Error | OSError) and (disco := error_disco(e, self.ruta)):
                raise disco from None
            if isinstance(e, motor.Error):
                raise ErrorBaseDatos(f"No se pudo guardar en la base de datos ({e}).") from None
            raise
        finally:
            self._profundidad = 0

    def _hlc_texto(self) -> str:
        return f"{self._hlc.l:013d}.{self._hlc.c:05d}"

    def _sellar(self) -> tuple[int, str]:
        """Siguiente punto de escritura (seq, hlc) de este dispositivo."""
        if not self._profundidad:
            raise RuntimeError("_sellar fuera de una transacción")
        self._seq += 1
        sello = self._hlc.tick()
        self.anotar_reloj()
        return self._seq, sello

    def _sellar_lote(self, n: int) -> list[tuple[int, str]]:
        """Los `n` puntos siguientes, como `n` llamadas a `_sellar`, leyendo el reloj una vez
        cada `_SELLOS_POR_LECTURA` sellos: dentro de un lote el reloj casi no avanza, y leerlo
        y formatear por registro era parte del costo por fila de la demo."""
        if not self._profundidad:
            raise RuntimeError("_sellar fuera de una transacción")
        salida: list[tuple[int, str]] = []
        for inicio in range(0, n, _SELLOS_POR_LECTURA):
            sellos = self._hlc.ticks(min(_SELLOS_POR_LECTURA, n - inicio))
            self.anotar_reloj()
            salida.extend(enumerate(sellos, self._seq + 1))
            self._seq += len(sellos)
        return salida

    def anotar_reloj(self) -> None:
        """Si el HLC dejó de contar desde un sello del futuro (reloj corregido), lo anota para
        avisar (sincro/estado.aviso_reloj); dentro de transacción."""
        if self._hlc.descartado:
            valor = a_json({"hlc": self._hlc.descartado, "en": ahora_utc()})
            self.conn.execute(
                "INSERT OR REPLACE INTO estado_sincro VALUES ('ajuste.reloj.descartado', ?)",
                (valor,),
            )
            self._hlc.descartado = None

    def nuevo_seq(self) -> int:
        """Un número de cambio propio sin escritura de datos: la oficina marca con él (lseq) lo
        que aplica de un paquete, para reenviarlo. Dentro de `transaccion()`."""
        return self._sellar()[0]

    def observar_reloj(self, sello: str) -> bool:
        """Avanza el reloj híbrido tras ver el sello de otra instalación; False si ese sello
        viene demasiado adelantado (reloj ajeno mal puesto) y no se adoptó."""
        visto = self._hlc.observar(sello)
        self.anotar_reloj()
        return visto

    def sello_ahora(self) -> str:
        """Un sello HLC nuevo sin número de cambio (volver a fechar lo escrito con el reloj
        adelantado); dentro de `transaccion()`."""
        sello = self._hlc.tick()
        self.anotar_reloj()
        return sello

    def reloj_fisico(self) -> int:
        """Milisegundos del reloj del computador (el mismo que usa el HLC de la base)."""
        return self._hlc.reloj()

    def fijar_persona(self, nombre: str, recordar: bool = False) -> None:
        """La persona que firma los cambios de aquí en adelante; `recordar` la deja por omisión."""
        nombre = " ".join((nombre or "").split())
        if not nombre:
            raise ErrorValidacion("El campo «Su nombre» es obligatorio.", "Su nombre")
        if len(nombre) > 200:
            raise ErrorValidacion(
                "El campo «Su nombre» admite como máximo 200 caracteres.", "Su nombre"
            )
        self.persona = nombre
        if recordar:
            self.guardar_ajuste("persona", nombre)
        conocidas = json.loads(self.ajuste("personas", "[]") or "[]")
        if nombre not in conocidas:
            self.guardar_ajuste("personas", a_json(sorted([*conocidas, nombre])))

    def personas_conocidas(self) -> list[str]:
        """Nombres que ya trabajaron en esta instalación (para elegir al abrir la oficina)."""
        return json.loads(self.ajuste("personas", "[]") or "[]")

    def _bitacora(self, filas: Iterable[Sequence[Any]]) -> None:
        # La columna usuario es siempre la persona que trabaja, no el nombre de la instalación.
        persona = self.persona
        filas = ((*f[:4], persona, *f[5:]) for f in filas)
        bitacora.escribir(self.conn, filas)

    def anotar_evento(
        self, tabla: str, id: str, campo: str, antes: Any, despues: Any, motivo: str
    ) -> int:
        """Fila de bitácora, con número de cambio propio, de algo que no es un registro que
        viaja (p. ej. el alcance de un notebook en la oficina); devuelve su seq. Dentro de
        `transaccion()`."""
        seq, h = self._sellar()
        momento = ahora_utc()
        fila = (self.dispositivo, seq, h, momento, self.nombre, tabla, id, campo)
        self._bitacora([(*fila, a_json(antes), a_json(despues), motivo)])
        return seq

    # ---- escritura -----------------------------------------------------------------------

    def insertar(
        self,
        modelo: type[Modelo],
        datos: dict[str, Any],
        id: str | None = None,
        motivo: str | None = None,
    ) -> str:
        return self.insertar_lote(modelo, [datos], [id] if id else None, motivo)[0]

    def insertar_lote(
        self,
        modelo: type[Modelo],
        lote: Sequence[dict[str, Any]],
        id_lote: Sequence[str] | None = None,
        motivo: str | None = None,
        validado: bool = False,
    ) -> list[str]:
        """Valida todo el lote y lo inserta con executemany; un error no deja nada escrito.

        `validado`: las filas ya vienen como las deja el modelo (`como_fila`: todos los campos,
        en modo JSON) y no se vuelven a validar; lo usa la demo, que arma sus propios valores y
        valida una muestra de cada tipo. Lo demás (sellos, bitácora, referencias) es igual."""
        with self.transaccion():
            filas, nuevos = self._insertar_sin_referencias(modelo, lote, id_lote, motivo, validado)
            # Después de insertar: un registro del lote puede apuntar a otro del mismo lote.
            self._verificar_referencias(modelo, filas)
        return nuevos

    def insertar_lotes(
        self,
        lotes: Sequence[tuple[type[Modelo], Sequence[dict[str, Any]], Sequence[str]]],
        motivo: str | None = None,
        validado: bool = False,
    ) -> None:
        """Varios lotes (modelo, filas, ids) en una transacción, como `insertar_lote` cada uno,
        con las referencias revisadas al final: un registro puede apuntar a otro de un lote
        posterior (la demo guarda la asistencia antes que sus talleres, ver demo.generar).
        El índice de búsqueda y la participación se llenan por lote (disparadores_bloque)."""
        with self.transaccion(), disparadores_bloque.en_bloque(self):
            hechos = [
                (modelo, self._insertar_sin_referencias(modelo, filas, ids, motivo, validado)[0])
                for modelo, filas, ids in lotes
            ]
            for modelo, filas in hechos:
                self._verificar_referencias(modelo, filas)

    @contextmanager
    def indices_al_final(
        self, tablas: Sequence[str], conservar: Sequence[str] = ()
    ) -> Iterator[None]:
        """Dentro de una transacción, para una carga grande: los índices secundarios no únicos
        de `tablas` (menos los de `conservar`, que algún disparador necesita durante la carga)
        se quitan y se vuelven a crear al terminar, igual que eran. Un índice de claves al azar
        mantenido fila por fila deja sus páginas a medio llenar (~70 B por registro en la
        demo); creado de una vez queda lleno y cuesta menos que mantenerlo. Si la carga falla,
        deshacer la transacción los devuelve."""
        if not self._profundidad:
            raise RuntimeError("indices_al_final fuera de una transacción")
        indices = [
            (nombre, sql)
            for nombre, sql in self.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name",
                (a_json(list(tablas)),),
            )
            if nombre not in conservar and not sql.upper().startswith("CREATE UNIQUE")
        ]
        for nombre, _ in indices:
            self.conn.execute(f'DROP INDEX "{nombre}"')
        yield
        for _, sql in indices:
            self.conn.execute(sql)

    def _insertar_sin_referencias(
        self,
        modelo: type[Modelo],
        lote: Sequence[dict[str, Any]],
        id_lote: Sequence[str] | None,
        motivo: str | None,
        validado: bool,
    ) -> tuple[list[dict[str, Any]], list[str]]:
        t = tabla(modelo)
        filas = list(lote) if validado else [modelo.validar(d).como_fila() for d in lote]
        nuevos = list(id_lote) if id_lote else [id_nuevo(modelo, f) for f in filas]
        columnas = ("id", *t.campos, "vv", "cdot", "hlc", "origen", "lseq")
        sql = (
            f"INSERT INTO {t.nombre} ({', '.join(columnas)}) "
            f"VALUES ({', '.join('?' * len(columnas))})"
        )
        momento, dev = ahora_utc(), self.dispositivo
        # El vv y el cdot de cada fila, armados como texto: el mismo JSON que a_json, sin
        # serializar dos veces por registro (un id de dispositivo y un HLC no llevan comillas).
        dev_json = a_json(dev)
        en_tramos = t.nombre in TABLAS_CREACION
        with self.transaccion():
            self._verificar_padres(modelo, filas)
            registros, filas_bitacora = [], []
            for fila, id_, (seq, h) in zip(
                filas, nuevos, self._sellar_lote(len(filas)), strict=True
            ):
                registros.append(
                    (id_, *t.a_sql(fila), f"{{{dev_json}:{seq}}}", f'[{dev_json},{seq},"{h}"]')
                    + (h, dev, seq)
                )
                # La fila de creación no repite los valores: el estado inicial se deduce del
                # registro y de los «anterior» de sus cambios posteriores (ahorra la mitad).
                # En una tabla con tramos (esquema 14) basta el tramo de sus seq, más abajo.
                if not en_tramos:
                    fila_bitacora = (dev, seq, h, momento, self.nombre, t.nombre, id_, "*", None)
                    filas_bitacora.append((*fila_bitacora, None, motivo))
            try:
                self.conn.executemany(sql, registros)
            except motor.IntegrityError:
                if modelo.clave_unica and not id_lote:
                    titulos = [
                        (modelo.model_fields[c].title or c).lower() for c in modelo.clave_unica
                    ]
                    campos = " y ".join(
                        [", ".join(titulos[:-1]), titulos[-1]] if len(titulos) > 1 else titulos
                    )
                    raise ErrorValidacion(
                        f"Ya existe {modelo.etiqueta} con el mismo {campos}.", "id"
                    ) from None
                raise ErrorValidacion(
                    f"Ya existe un registro con ese identificador en {modelo.etiqueta}.", "id"
                ) from None
            disparadores_bloque.tras_insertar(self, t.nombre, nuevos)
            if en_tramos and registros:
                bitacora.escribir_tramo(
                    self.conn,
                    dev,
                    registros[0][-1],
                    registros[-1][-1],
                    t.nombre,
                    self.persona,
                    motivo,
                    momento,
                )
            else:
                self._bitacora(filas_bitacora)
        return filas, nuevos

    def actualizar(
        self, modelo: type[Modelo], id: str, cambios: dict[str, Any], motivo: str | None = None
    ) -> Cambio:
        t = tabla(modelo)
        with self.transaccion():
            actual = self._leer_con_meta(t, modelo, id)[0]
            fila = modelo.validar({**actual, **cambios}).como_fila()
            distintos = [c for c in t.campos if fila[c] != actual[c]]
            if not distintos:
                return Cambio(t.nombre, ())
            self._verificar_congelado(modelo, fila, actual, distintos)
            self._verificar_referencias(modelo, [{c: fila[c] for c in distintos}])
            valores = dict(zip(t.campos, t.a_sql(fila), strict=True))
            return self.escribir_sellado(t.nombre, id, {c: valores[c] for c in distintos}, motivo)

    def eliminar(self, modelo: type[Modelo], id: str, motivo: str | None = None) -> Cambio:
        """Lápida: el registro queda marcado como eliminado y así viaja a la oficina."""
        t = tabla(modelo)
        with self.transaccion():
            actual = self._leer_con_meta(t, modelo, id)[0]
            self._verificar_congelado(modelo, actual, actual, ["eliminado"])
            return self.escribir_sellado(t.nombre, id, {"eliminado": 1}, motivo)

    def escribir_sellado(
        self, nombre: str, id: str, cambios: dict[str, Any], motivo: str | None = None
    ) -> Cambio:
        """La escritura de un registro que ya existe, sellada como manda el diseño (ver arriba).

        `cambios` van en forma SQL (JSON como texto, booleanos 0/1) y pueden tocar `eliminado` y
        `fusionado_en`; no se validan aquí (lo hace quien llama: `actualizar` con el modelo).
        Corre dentro de la transacción de quien llama, o en una propia. Toda escritura local
        (editar, eliminar, fusionar duplicados, resolver conflictos) pasa por aquí."""
        columnas = campos_sincronizables(nombre)
        if not cambios or not set(cambios) <= set(columnas):
            raise ValueError(f"{nombre} no tiene los campos {sorted(set(cambios) - set(columnas))}")
        lista = list(cambios)
        with self.transaccion():
            fila = self.conn.execute(
                f"SELECT {', '.join(lista)}, vv, fdots FROM {nombre} WHERE id = ?", (id,)
            ).fetchone()
            if fila is None:
                raise ErrorNoEncontrado(f"No existe el registro {id} en {nombre}.")
            anteriores = dict(zip(lista, fila[:-2], strict=True))
            seq, h = self._sellar()
            dot = [self.dispositivo, seq, h]
            # El punto nuevo reemplaza al del campo, también a los varios de dos escrituras
            # concurrentes (sincro/fusion.py): quien escribe aquí ya las conoce todas.
            fdots = {**json.loads(fila[-1]), **dict.fromkeys(lista, dot)}
            vv = {**json.loads(fila[-2]), self.dispositivo: seq}
            asignaciones = ", ".join(f"{c} = ?" for c in lista)
            self.conn.execute(
                f"UPDATE {nombre} SET {asignaciones}, fdots = ?, vv = ?, hlc = ?, origen = ?, "
                "lseq = ? WHERE id = ?",
                [*cambios.values(), a_json(fdots), a_json(vv), h, self.dispositivo, seq, id],
            )
            legible = _forma_bitacora(nombre)
            momento = ahora_utc()
            self._bitacora(
                (
                    self.dispositivo,
                    seq,
                    h,
                    momento,
                    self.nombre,
                    nombre,
                    id,
                    c,
                    a_json(legible(c, anteriores[c])),
                    a_json(legible(c, cambios[c])),
                    motivo,
                )
                for c in lista
            )
        return Cambio(nombre, (id,), frozenset(lista), eliminado=cambios.get("eliminado") == 1)

    def _verificar_referencias(self, modelo: type[Modelo], filas: Sequence[dict[str, Any]]) -> None:
        """Cada `*_id` escrito apunta a un registro vigente de esta base (una consulta por
        campo y lote); si no, se rechaza nombrando el campo."""
        for campo, destino in referencias(modelo).items():
            valores = sorted({f[campo] for f in filas if f.get(campo) is not None})
            if not valores:
                continue
            fila = self.conn.execute(
                f"SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM {destino} x "
                "WHERE x.id = j.value AND x.eliminado = 0) LIMIT 1",
                (a_json(valores),),
            ).fetchone()
            if fila is None:
                continue
            titulo = modelo.model_fields[campo].title or campo
            numero = next(n for n, f in enumerate(filas, 1) if f.get(campo) == fila[0])
            lugar = f"Registro {numero}: el" if len(filas) > 1 else "El"
            raise ErrorValidacion(
                f"{lugar} campo «{titulo}» no corresponde a ningún registro de esta base: no "
                f"existe {modelos.POR_TABLA[destino].etiqueta} con identificador {fila[0]}.",
                titulo,
            )

    def _verificar_congelado(
        self,
        modelo: type[Modelo],
        fila: dict[str, Any],
        anterior: dict[str, Any] | None = None,
        campos: Sequence[str] = (),
    ) -> None:
        """Un taller cerrado y un acta firmada no cambian; sus hijos tampoco.

        Reabrir un taller (estado a borrador con motivo) es la única edición permitida; el
        motivo queda en la bitácora. Un acta firmada solo admite adendas.
        """
        nombre = modelo.tabla
        if nombre == "taller" and anterior and anterior.get("estado") == "cerrado":
            if fila.get("estado") == "borrador" and fila.get("motivo_reapertura"):
                return
            raise ErrorRegistroCerrado(
                "El taller está cerrado: para modificarlo, reábralo indicando el motivo."
            )
        if nombre == "acta_validacion" and anterior and anterior.get("estado") == "firmada":
            raise ErrorRegistroCerrado(
                "El acta está firmada y no se puede modificar; registre una adenda."
            )
        self._verificar_padres(modelo, [fila])

    def _verificar_padres(self, modelo: type[Modelo], filas: Sequence[dict[str, Any]]) -> None:
        """Ningún hijo nuevo o editado cuelga de un taller cerrado o un acta firmada (una
        consulta por lote, no por fila)."""
        padre = _PADRES.get(modelo.tabla)
        if not padre:
            return
        t_padre, campo = padre
        valores = sorted({f.get(campo) for f in filas if f.get(campo) is not None})
        if not valores:
            return
        cerrado = self.conn.execute(
            f"SELECT 1 FROM {t_padre} WHERE id IN (SELECT value FROM json_each(?)) "
            "AND estado IN ('cerrado', 'firmada') LIMIT 1",
            (a_json(valores),),
        ).fetchone()
        if cerrado:
            raise ErrorRegistroCerrado(
                "El taller está cerrado: para modificarlo, reábralo indicando el motivo."
                if t_padre == "taller"
                else "El acta está firmada y no se puede modificar; registre una adenda."
            )

    # ---- lectura -------------------------------------------------------------------------

    def _leer_con_meta(
        self, t: Tabla, modelo: type[Modelo], id: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        fila = self.conn.execute(
            f"SELECT {', '.join(t.campos)}, vv, fdots, eliminado FROM {t.nombre} WHERE id = ?",
            (id,),
        ).fetchone()
        if fila is None or fila[-1]:
            raise ErrorNoEncontrado(f"No existe {modelo.etiqueta} con identificador {id}.")
        n = len(t.campos)
        return t.desde_sql(fila[:n]), {"vv": fila[n], "fdots": fila[n + 1]}

    def obtener(self, modelo: type[Modelo], id: str) -> dict[str, Any]:
        t = tabla(modelo)
        return {"id": id, **self._leer_con_meta(t, modelo, id)[0]}

    def existentes(self, modelo: type[Modelo], ids_: Iterable[str]) -> set[str]:
        """Cuáles de `ids_` ya están en la base, vigentes o con lápida."""
        return {
            f[0]
            for f in self.conn.execute(
                f"SELECT id FROM {modelo.tabla} WHERE id IN (SELECT value FROM json_each(?))",
                (a_json(list(ids_)),),
            )
        }

    def _filtros(self, t: Tabla, filtros: dict[str, Any]) -> tuple[str, list[Any]]:
        condiciones, valores = ["eliminado = 0"], []
        for campo, valor in filtros.items():
            if campo not in t.campos and campo != "id":
                raise ValueError(f"{t.nombre} no tiene el campo {campo}")
            if valor is None:
                condiciones.append(f"{campo} IS NULL")
            else:
                condiciones.append(f"{campo} = ?")
                valores.append(valor)
        return " AND ".join(condiciones), valores

    def listar(
        self,
        modelo: type[Modelo],
        orden: str | None = None,
        limite: int | None = None,
        **filtros: Any,
    ) -> list[dict[str, Any]]:
        """Registros vigentes (sin lápida) con igualdad en los filtros dados."""
        t = tabla(modelo)
        donde, valores = self._filtros(t, filtros)
        orden_sql = orden if orden in t.campos else "id"
        sql = f"SELECT id, {', '.join(t.campos)} FROM {t.nombre} WHERE {donde} ORDER BY {orden_sql}"
        if limite:
            sql += f" LIMIT {int(limite)}"
        return [{"id": f[0], **t.desde_sql(f[1:])} for f in self.conn.execute(sql, valores)]

    def contar(self, modelo: type[Modelo], **filtros: Any) -> int:
        t = tabla(modelo)
        donde, valores = self._filtros(t, filtros)
        return self.conn.execute(
            f"SELECT count(*) FROM {t.nombre} WHERE {donde}", valores
        ).fetchone()[0]

    def historial(self, modelo: type[Modelo], id: str) -> list[dict[str, Any]]:
        cursor = self.conn.execute(
            "SELECT momento, usuario, dispositivo, campo, anterior, nuevo, motivo FROM cambio "
            "WHERE tabla = ? AND registro_id = ? ORDER BY n",
            (modelo.tabla, id),
        )
        columnas = [d[0] for d in cursor.description]
        return [dict(zip(columnas, f, strict=True)) for f in cursor]

    # ---- resumen -------------------------------------------------------------------------

    def confirmado_por_oficina(self) -> int:
        fila = self.conn.execute(
            "SELECT max(confirmado_por_par) FROM par WHERE rol = 'oficina'"
        ).fetchone()
        return fila[0] or 0

    def pendientes_envio(self) -> int:
        """Registros cambiados aquí que la oficina aún no confirma haber recibido."""
        if self.rol == "oficina":
            fila = self.conn.execute(
                "SELECT min(confirmado_por_par) FROM par WHERE revocado_en IS NULL"
            ).fetchone()
            if fila[0] is None:
                return 0
            desde = fila[0]
        else:
            desde = self.confirmado_por_oficina()
        tablas = [*modelos.TABLAS, "conflicto"]  # sin cargar los modelos (pydantic)
        return sum(
            self.conn.execute(f"SELECT count(*) FROM {t} WHERE lseq > ?", (desde,)).fetchone()[0]
            for t in tablas
        )

    def recordar(self, clave: Any, calcular: Callable[[], Any]) -> Any:
        """El resultado de una lectura cara mientras la base no cambie: ni por esta conexión
        (`total_changes` cuenta cada fila escrita, aunque luego se deshaga) ni por otra
        (`PRAGMA data_version` avanza con cada escritura ajena confirmada). Sin triggers ni
        tablas: la memoria vive lo que la conexión (p. ej. Inicio y luego su informe)."""
        version = (self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0])
        guardado = self._memoria.get(clave)
        if guardado is not None and guardado[0] == version:
            return guardado[1]
        valor = calcular()
        self._memoria[clave] = (version, valor)
        return valor

    def conflictos_abiertos(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM conflicto WHERE estado = 'abierto' AND eliminado = 0"
        ).fetchone()[0]

    def conteos(self) -> dict[str, int]:
        return {clave: self.contar(modelos.POR_CONTEO[clave]) for clave in CONTEOS_RESUMEN}

    def resumen(self) -> dict[str, Any]:
        return {
            "rol": self.rol,
            "dispositivo": self.dispositivo,
            "nombre": self.nombre,
            "region": self.cut_region,
            "esquema": self.esquema(),
            "conteos": self.conteos(),
            "pendientes_envio": self.pendientes_envio(),
            "conflictos_abiertos": self.conflictos_abiertos(),
            # Base restaurada o copiada: qué pasó y qué se hizo (ver `sucesion`).
            "aviso_copia": self.estado().get("aviso.copia"),
        }
