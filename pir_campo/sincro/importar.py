"""Verificar e importar paquetes: todo se comprueba antes de escribir; los datos se aplican en
una sola transacción. El mismo paquete dos veces no cambia nada; el orden no importa.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pir_campo import adjuntos, formato
from pir_campo.almacen import Almacen, Cambio, disparadores_bloque, rotacion, sucesion
from pir_campo.almacen import consultas_historial as bitacora
from pir_campo.almacen import replicacion as rep
from pir_campo.almacen.ids_importacion import IdsPorTabla
from pir_campo.errores import ErrorPaquete
from pir_campo.formato import ahora_utc
from pir_campo.reloj import ahora_ms
from pir_campo.servicios import adjuntos as servicio_adjuntos
from pir_campo.servicios import duplicados, envios, supresion
from pir_campo.sincro import (
    alcance,
    aplicar,
    es_utf8,
    estado,
    identidad,
    paquete,
    punto_de_falla,
    revocacion,
    territorios,
)
from pir_campo.sincro.aplicar import Aplicador, Contadores, ErrorReutilizado
from pir_campo.sincro.bolsa import LectorBolsa

Progreso = Callable[[str, float], None] | None


@dataclass
class Importacion:
    ruta: Path
    paquete_id: str
    tipo: str
    desde: str
    desde_nombre: str
    creado: str
    duplicado: bool = False
    nuevos: int = 0
    actualizados: int = 0
    fusionados: int = 0
    sin_cambios: int = 0
    conflictos: int = 0
    retenidos: list[dict[str, Any]] = field(default_factory=list)
    adjuntos: int = 0
    auditoria: int = 0
    envios: list[dict[str, Any]] = field(default_factory=list)
    recibo: dict[str, Any] | None = None
    faltantes: list[list[int]] = field(default_factory=list)
    reloj_adelantado: bool = False
    aviso_copia: str | None = None
    # En la oficina: el remitente está revocado (solo entra lo anterior a su corte).
    revocado: str | None = None
    llave_nueva: str | None = None  # la oficina rotó sus llaves y el notebook ya las usa
    # Para que la interfaz refresque lo que cambió (lo hace por tabla): un Cambio por tabla
    # con hasta MAX_IDS_CAMBIO de sus ids, no los del paquete entero.
    cambios: list[Cambio] = field(default_factory=list)

    def texto(self) -> str:
        """Resumen en palabras, el mismo en la CLI y en la aplicación."""
        if self.duplicado:
            return f"{self.ruta.name}: ya importado antes; no cambia nada."
        c = formato.cantidad
        texto = (
            f"{self.ruta.name}: paquete de {self.desde_nombre} ({self.desde}): "
            f"{c(self.nuevos, 'nuevo')}, {c(self.actualizados, 'actualizado')}, "
            f"{c(self.fusionados, 'fusionado')} automáticamente, "
            f"{c(self.conflictos, 'conflicto')}, {c(len(self.retenidos), 'rechazado')}"
        )
        if self.adjuntos:
            texto += f", {formato.cantidad(self.adjuntos, 'adjunto')}"
        texto += "."
        for x in self.retenidos[:20]:
            texto += f"\n  Rechazado {x['t']} {x['id']}: {x['motivo']}"
        if len(self.retenidos) > 20:
            texto += f"\n  … y {formato.cantidad(len(self.retenidos) - 20, 'rechazado')} más."
        if self.recibo:
            texto += (
                f"\n  Recibo de la oficina: confirma que recibió los primeros "
                f"{formato.numero(self.recibo['device_acked_seq'])} cambios de este equipo."
            )
        if self.faltantes:
            huecos = ", ".join(f"{a + 1}-{b}" for a, b in self.faltantes)
            texto += f"\n  Faltan paquetes anteriores (cambios {huecos}); se pedirán de nuevo."
        for e in self.envios:
            texto += f"\n  {e['texto']}"
        if self.reloj_adelantado:
            texto += "\n  Aviso: el reloj del equipo que envió el paquete está adelantado."
        if self.aviso_copia:
            texto += f"\n  {self.aviso_copia}"
        if self.revocado:
            texto += f"\n  Aviso: {self.revocado}."
        if self.llave_nueva:
            texto += (
                "\n  La oficina cambió sus llaves (cambio firmado con su llave anterior): desde "
                "ahora este equipo cifra sus paquetes para la llave nueva."
            )
        return texto

    def como_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["ruta"] = str(self.ruta)
        d.pop("cambios")
        return d


def _sobre(almacen: Almacen, ruta: Path) -> paquete.Sobre:
    def confiar(dispositivo: str, datos: dict[str, Any]) -> paquete.Firmante | None:
        firmante = identidad.firmante(almacen, dispositivo)
        if firmante is not None and firmante.rol == "oficina":
            # La oficina pudo rotar sus llaves: el sobre trae la cadena firmada por la anterior.
            of = rep.par(almacen, dispositivo)
            assert of is not None
            if (rotada := rotacion.firmante_rotado(almacen, of, datos)) is not None:
                return paquete.Firmante(dispositivo, firmante.nombre, "oficina", rotada[1])
        return (
            firmante
            or revocacion.firmante_revocado(almacen, dispositivo, datos)
            or identidad.firmante_sucesor(almacen, dispositivo, datos.get("succession"))
        )

    try:
        return paquete.leer_sobre(Path(ruta), confiar, almacen.dispositivo)
    except ErrorPaquete as e:
        anteriores = sucesion.identidades_anteriores(almacen) if e.codigo == "NO_ES_PARA_MI" else []
        if any(f"({d})" in str(e) for d in anteriores):
            raise ErrorPaquete(
                "Este paquete de la oficina va dirigido a la identidad anterior de este equipo, "
                "que cambió porque la base era una copia (restaurada o copiada de otro equipo). "
                "No se aplicó: exporte un paquete para la oficina y pídale uno nuevo.",
                "IDENTIDAD_ANTERIOR",
            ) from None
        raise


def _base(sobre: paquete.Sobre) -> Importacion:
    d = sobre.datos
    return Importacion(
        sobre.ruta,
        str(d.get("bundle_id")),
        str(d.get("kind")),
        sobre.firmante.dispositivo,
        sobre.firmante.nombre,
        str(d.get("created_wall", "")),
    )


def _duplicado(almacen: Almacen, sobre: paquete.Sobre) -> tuple[str, str | None] | None:
    """(huella, identidad del archivo comprobado) si el paquete ya se importó."""
    previo = rep.huella_importada(almacen, str(sobre.datos.get("bundle_id")))
    if previo and previo[0] != sobre.datos.get("payload_sha256"):
        raise ErrorPaquete(
            f"El paquete {sobre.datos.get('bundle_id')} ya se importó con otro contenido: "
            "alguien lo modificó o se reutilizó su identificador. No se aplicó; avise a la "
            "coordinación.",
            "ID_REUTILIZADO",
        )
    return previo


class _Ensayo(Exception):
    """Deshace la transacción de un ensayo (verificar) después de hacer toda la importación."""


def verificar(almacen: Almacen, ruta: Path, progreso: Progreso = None) -> dict[str, Any]:
    """Comprueba el paquete completo sin aplicarlo y describe lo que trae. Hace la misma
    importación que `importar` en una transacción que luego se deshace: los dos dan siempre el
    mismo veredicto (rechazo, registros retenidos y sus motivos)."""
    sobre = _sobre(almacen, ruta)
    previo = _duplicado(almacen, sobre)
    resultado = _base(sobre)
    llaves = rotacion.llaves_para(almacen, sobre.datos)
    with paquete.carga_verificada(sobre, llaves) as lector:
        registros = {t: sum(1 for _ in lector.lineas(t)) for t in lector.tablas()}
        blobs = lector.blobs()
        tamano = sum(lector.zip.getinfo(f"data/blobs/sha256/{b}").file_size for b in blobs)
        recibo = lector.recibo()
        cabecera = lector.cabecera
        if previo is None:
            _aplicar(almacen, sobre, lector, cabecera, resultado, progreso, ensayo=True)
    return {
        "ruta": str(ruta),
        "paquete_id": cabecera["bundle_id"],
        "tipo": cabecera["kind"],
        "desde": sobre.firmante.dispositivo,
        "desde_nombre": sobre.firmante.nombre,
        "para": cabecera["to"],
        "cifrado": bool(sobre.datos.get("cifrado")),
        "creado": cabecera.get("created_wall"),
        "seq_desde": cabecera.get("seq_from"),
        "seq_hasta": cabecera.get("seq_to"),
        "registros": registros,
        "adjuntos": len(blobs),
        "bytes_adjuntos": tamano,
        "recibo": recibo is not None,
        "ya_importado": previo is not None,
        "nuevos": resultado.nuevos,
        "actualizados": resultado.actualizados,
        "fusionados": resultado.fusionados,
        "conflictos": resultado.conflictos,
        "retenidos": resultado.retenidos,
        "revocado": resultado.revocado,
    }


# Ids de cada tabla que lleva `Importacion.cambios` (un paquete grande trae cientos de miles).
MAX_IDS_CAMBIO = 1000
# Más de esta cantidad de adjuntos sin registro se informan juntos, en una sola línea.
MAX_DETALLE_ADJUNTOS = 10


def _blobs_usados(
    almacen: Almacen, lector: LectorBolsa, c: Contadores
) -> tuple[list[str], list[dict[str, Any]]]:
    """Los adjuntos del paquete que usa algún registro (del paquete o de la base) y la lista
    de retenidos para los que ninguno usa: esos no se guardan."""
    shas = lector.blobs()
    usados = set(shas) & c.shas
    usados |= rep.adjuntos_referenciados(almacen, [s for s in shas if s not in usados])
    huerfanos = sorted(set(shas) - usados)
    motivo = "ningún registro usa este archivo adjunto; no se guardó"
    retenidos = [
        {"t": "adjunto", "id": sha, "motivo": motivo} for sha in huerfanos[:MAX_DETALLE_ADJUNTOS]
    ]
    if len(huerfanos) > MAX_DETALLE_ADJUNTOS:
        resto = len(huerfanos) - MAX_DETALLE_ADJUNTOS
        retenidos.append(
            {
                "t": "adjunto",
                "id": f"y {formato.numero(resto)} más",
                "motivo": f"{formato.cantidad(resto, 'archivo adjunto')} que ningún registro "
                "usa; no se guardaron",
            }
        )
    return [s for s in shas if s in usados], retenidos


def _preparar_blobs(
    almacen: Almacen,
    lector: LectorBolsa,
    shas: list[str],
    prep: adjuntos.Preparacion,
    progreso: Progreso,
) -> None:
    """Cifra en la preparación los adjuntos que el almacén aún no tiene (pasan al almacén solo
    después del COMMIT)."""
    for i, sha in enumerate(shas):
        if progreso:
            progreso("Guardando adjuntos", 0.5 + 0.2 * i / max(len(shas), 1))
        if adjuntos.ruta_blob(prep.carpeta, sha).exists():
            continue
        try:
            with lector.abrir_blob(sha) as origen:
                bien = prep.guardar(sha, origen, almacen.llave_adjuntos())
        except OSError as e:
            raise ErrorPaquete(
                f"No se pudo guardar un adjunto del paquete: {e.strerror or e}.", "DISCO"
            ) from None
        if not bien:
            raise ErrorPaquete(f"El adjunto {sha[:12]}… no coincide con su huella.", "ALTERADO")


def _recuperar_preparacion(almacen: Almacen) -> None:
    """Termina o borra lo que una importación cortada dejó en la preparación de adjuntos."""
    try:
        servicio_adjuntos.recuperar_preparados(almacen)
    except OSError as e:
        carpeta = adjuntos.carpeta_de(almacen.ruta)
        raise ErrorPaquete(
            f"No se pudieron ordenar los adjuntos que dejó una importación interrumpida en "
            f"{adjuntos.carpeta_preparacion(carpeta)} ({e.strerror or e}); revise la carpeta.",
            "DISCO",
        ) from None


def _marcas(almacen: Almacen, remitente: str) -> tuple[int, list[list[int]]]:
    """Hasta dónde llegó sin huecos lo recibido del remitente, y los huecos que quedan.

    Una identidad nueva (base restaurada o copiada) empieza en el número de cambio de su
    certificado: no tiene cambios propios antes de él."""
    base = sucesion.sucesion_de(almacen, remitente) if almacen.rol == "oficina" else None
    hw, faltan = (base["seq_base"] if base else 0), []
    for b in sorted(rep.paquetes_de(almacen, remitente, 100_000), key=lambda b: b["seq_desde"]):
        if b["seq_desde"] > hw:
            faltan.append([hw, b["seq_desde"]])
        hw = max(hw, b["seq_hasta"])
    return hw, faltan


def importar(almacen: Almacen, ruta: Path, progreso: Progreso = None) -> Importacion:
    _recuperar_preparacion(almacen)
    if almacen.rol == "oficina":
        rotacion.purgar_vencidas(almacen)
    sobre = _sobre(almacen, ruta)
    resultado = _base(sobre)
    if previo := _duplicado(almacen, sobre):
        paquete.comprobar_carga(sobre, previo[1])
        resultado.duplicado = True
        return resultado
    if progreso:
        progreso("Verificando firma, huellas y formato", 0.05)
    llaves = rotacion.llaves_para(almacen, sobre.datos)
    with paquete.carga_verificada(sobre, llaves) as lector:
        cab = lector.cabecera
        dispositivo = almacen.dispositivo
        try:
            _aplicar(almacen, sobre, lector, cab, resultado, progreso)
        except ErrorReutilizado as e:
            sucesion.anotar_reutilizacion(
                almacen,
                sobre.firmante.dispositivo,
                {
                    "paquete_id": cab.get("bundle_id"),
                    "seq_desde": cab.get("seq_from"),
                    "seq_hasta": cab.get("seq_to"),
                    "seq": e.seq,
                },
            )
            raise
        except BaseException:
            almacen.dispositivo = dispositivo  # una identidad nueva a medias no queda
            raise
    if progreso:
        progreso("Importación terminada", 1.0)
    return resultado


def _aplicar(
    almacen: Almacen,
    sobre: paquete.Sobre,
    lector: LectorBolsa,
    cab: dict[str, Any],
    resultado: Importacion,
    progreso: Progreso,
    ensayo: bool = False,
) -> None:
    """La importación entera en una transacción; con `ensayo`, se deshace al final (y los
    adjuntos no se escriben: sus huellas ya se comprobaron al abrir la bolsa)."""
    remitente = sobre.firmante.dispositivo
    seq_desde, seq_hasta = cab.get("seq_from"), cab.get("seq_to")
    if (
        not aplicar.es_entero(seq_desde)
        or not aplicar.es_entero(seq_hasta)
        or seq_desde > seq_hasta
    ):
        raise ErrorPaquete("El paquete declara un rango de cambios inválido.", "FORMATO")
    ack = cab.get("ack_remote", {})
    if (
        not es_utf8(cab)
        or type(ack) is not dict
        or not all(aplicar.es_entero(n) for n in ack.values())
        or not isinstance(cab.get("created_wall", ""), str)
    ):
        raise ErrorPaquete(
            "El encabezado del paquete está mal formado (textos o números no válidos); "
            "no se aplicó.",
            "FORMATO",
        )
    minimo = cab.get("min_reader_schema", 1)
    if not isinstance(minimo, int) or minimo > almacen.esquema():
        raise ErrorPaquete(
            "El paquete viene de una versión más nueva de PIR Campo con datos que esta versión "
            "no sabe leer; actualice la aplicación e impórtelo de nuevo.",
            "FORMATO_NUEVO",
        )
    alcance.revisar_cabecera(cab, sobre.firmante.rol, ahora_ms())
    if almacen.rol == "oficina" and (par := rep.par(almacen, remitente)) is not None:
        revocacion.revisar_rango(par, seq_desde, seq_hasta)
        resultado.revocado = revocacion.aviso(par)
    prep = None if ensayo else adjuntos.Preparacion(adjuntos.carpeta_de(almacen.ruta))
    almacen.conn.execute("PRAGMA synchronous = FULL")
    aplicador: Aplicador | None = None
    try:
        with almacen.transaccion():
            if almacen.rol == "oficina" and rep.par(almacen, remitente) is None:
                # Identidad nueva de un notebook, certificada por la anterior (ver `_sobre`).
                sucesion.registrar_sucesor(almacen, sobre.datos["succession"])
            if almacen.rol == "campo" and cab.get("kind") == "oficina":
                resultado.aviso_copia = _revisar_recibo(almacen, lector.recibo())
                resultado.llave_nueva = rotacion.aceptar_en_notebook(almacen, sobre.datos)
            aplicador = Aplicador(almacen, remitente, seq_hasta)
            tablas = sorted(
                lector.tablas(), key=lambda t: rep.TABLAS.index(t) if t in rep.TABLAS else -1
            )
            por_tabla: dict[str, int] = {}
            with disparadores_bloque.en_bloque(almacen):
                for i, t in enumerate(tablas):
                    if progreso:
                        progreso(f"Aplicando {t}", 0.5 + 0.45 * i / max(len(tablas), 1))
                    # Las líneas de cada tabla (la lista de entregas las muestra por tipo).
                    if leidas := aplicador.tabla(t, lector.lineas(t)):
                        por_tabla[t] = leidas
            alcance.revisar_conteos(cab, por_tabla, len(lector.blobs()))
            c = aplicador.c
            blobs, huerfanos = _blobs_usados(almacen, lector, c)
            c.retenidos.extend(huerfanos)
            if prep is not None:
                _preparar_blobs(almacen, lector, blobs, prep, progreso)
            punto_de_falla("importar_adjuntos")
            resultado.adjuntos = len(blobs)
            if almacen.rol == "oficina":
                for cambio in duplicados.redirigir_importado(almacen, c.aplicados, c.tardios):
                    c.aplicados.extender(cambio.tabla, cambio.ids)
            # Un registro único solo puede quedar repetido en una tabla a la que llegó algo.
            unicos = [t for t in duplicados.UNICOS if c.aplicados.cuantos(t)]
            for cambio in duplicados.fusionar_unicos_seguros(almacen, unicos):
                c.aplicados.extender(cambio.tabla, cambio.ids)
            retenidos = {(x["t"], x["id"]) for x in c.retenidos}
            resultado.auditoria = _aplicar_auditoria(
                almacen, lector, remitente, c.aplicados, retenidos, aplicador.corte
            )
            if almacen.rol == "oficina":
                territorios.guardar_retenidos(
                    almacen, remitente, c.pendientes, c.propuestos, cab["bundle_id"]
                )
            supresion.al_importar(almacen)  # lo suprimido no vuelve con un paquete viejo
            if almacen.rol == "campo" and cab.get("kind") == "oficina":
                resultado.envios = envios.recibir(almacen, lector.oficina("envios"))
            if almacen.rol == "campo":
                estado.anotar_fecha_oficina(almacen, cab["created_hlc"])
            punto_de_falla("importar_transaccion")
            resultado.nuevos, resultado.actualizados = c.nuevos, c.actualizados
            resultado.fusionados, resultado.sin_cambios = c.fusionados, c.sin_cambios
            resultado.conflictos, resultado.retenidos = c.conflictos, c.retenidos
            resultado.cambios = [
                Cambio(t, tuple(c.aplicados.primeros(t, MAX_IDS_CAMBIO)))
                for t in c.aplicados.tablas()
            ]
            hlc = cab.get("created_hlc")
            if isinstance(hlc, str):
                try:
                    resultado.reloj_adelantado = not almacen.observar_reloj(hlc)
                except ValueError:
                    resultado.reloj_adelantado = True
            rep.registrar_paquete(
                almacen,
                {
                    "paquete_id": cab["bundle_id"],
                    "sha256": sobre.datos["payload_sha256"],
                    "archivo": None if ensayo else sobre.identidad,
                    "desde": remitente,
                    "tipo": cab["kind"],
                    "seq_desde": seq_desde,
                    "seq_hasta": seq_hasta,
                    "resumen": {
                        "nuevos": c.nuevos,
                        "actualizados": c.actualizados,
                        "fusionados": c.fusionados,
                        "conflictos": c.conflictos,
                        "retenidos": c.retenidos,
                        "adjuntos": len(blobs),
                        "creado": cab.get("created_wall"),
                        "por_tabla": por_tabla,
                        "auditoria": resultado.auditoria,
                    },
                },
            )
            _actualizar_par(almacen, remitente, cab, lector, blobs, resultado)
            if almacen.rol == "oficina":
                rotacion.anotar_llave_usada(almacen, remitente, sobre.datos)
            if ensayo:
                raise _Ensayo
    except _Ensayo:
        pass
    except BaseException:
        if prep is not None:
            prep.descartar()
        raise
    finally:
        almacen.conn.execute("PRAGMA synchronous = NORMAL")
        if aplicador is not None:
            aplicador.cerrar()
    if resultado.llave_nueva and not ensayo:
        # La copia de la llave de la base para recuperar la frase, ahora para la llave nueva.
        almacen.sellar_para_oficina(resultado.llave_nueva)
    if prep is None:
        return
    punto_de_falla("importar_antes_de_mover")
    try:
        prep.pasar_al_almacen()
    except OSError as e:
        # Los datos ya están confirmados; los archivos quedan preparados y la próxima
        # importación (o reintentar esta) los pasa al almacén.
        raise ErrorPaquete(
            f"Los datos del paquete se importaron, pero sus adjuntos no se pudieron guardar en "
            f"{adjuntos.carpeta_de(almacen.ruta)} ({e.strerror or e}). Libere espacio o revise "
            "la carpeta e importe el paquete de nuevo: se completarán.",
            "DISCO",
        ) from None
    punto_de_falla("importar_despues")


_TIPOS_AUDITORIA = (str, int, str, str, str, str, str, str)


def _filas_auditoria(
    lector: LectorBolsa,
    remitente: str,
    tramos: list[list[Any]],
    retenidos: set[tuple[str, str]],
    corte: alcance.Corte | None = None,
) -> Iterator[list[Any]]:
    """Valida cada fila: solo el remitente firma su bitácora; una fila mal formada o ajena
    rechaza el paquete entero (nadie puede atribuir cambios a otra instalación). Los tramos de
    creación («creados»: seq desde, hasta, persona, motivo) se dejan en `tramos`."""
    for linea in lector.auditoria():
        try:
            f = json.loads(linea)
        except (ValueError, RecursionError):
            f = None
        if type(f) is dict and set(f) == {"creados"}:
            t = f["creados"]
            if (
                type(t) is not list
                or len(t) != 4
                or not aplicar.es_entero(t[0])
                or not aplicar.es_entero(t[1])
                or t[0] > t[1]
                or type(t[2]) is not str
                or not (t[3] is None or type(t[3]) is str)
                or not es_utf8(t)
            ):
                raise ErrorPaquete("El paquete trae una fila de bitácora mal formada.", "FORMATO")
            tramos.append(t)
            continue
        if (
            type(f) is not list
            or len(f) != len(bitacora.COLUMNAS)
            or any(type(v) is not tipo for v, tipo in zip(f, _TIPOS_AUDITORIA, strict=False))
            or any(v is not None and type(v) is not str for v in f[8:])
            or f[5] not in rep.TABLAS
            or not aplicar.es_entero(f[1])
            or not aplicar.es_hlc(f[2])
            or not es_utf8(f)
        ):
            raise ErrorPaquete("El paquete trae una fila de bitácora mal formada.", "FORMATO")
        if f[0] != remitente:
            raise ErrorPaquete(
                "El paquete trae bitácora atribuida a otra instalación; no se aplicó.", "FORMATO"
            )
        if (f[5], f[6]) in retenidos:  # la historia de lo retenido no entra con él
            continue
        if corte is not None and not corte.auditoria(f[1]):  # ni lo posterior a un corte
            continue
        yield f


def _aplicar_auditoria(
    almacen: Almacen,
    lector: LectorBolsa,
    remitente: str,
    aplicados: IdsPorTabla,
    retenidos: set[tuple[str, str]],
    corte: alcance.Corte | None = None,
) -> int:
    tramos: list[list[Any]] = []
    filas = _filas_auditoria(lector, remitente, tramos, retenidos, corte)
    n = bitacora.guardar_auditoria(almacen, filas)
    if not tramos:
        return n
    tramos.sort(key=orden_tramo)
    intervalos = _intervalos(tramos)
    for tabla in aplicados.tablas():
        for lote in aplicados.lotes(tabla, aplicar.LOTE):
            n += bitacora.guardar_creaciones(almacen, tabla, lote, remitente, intervalos)
    return n


def orden_tramo(t: list[Any]) -> tuple:
    """El orden de los tramos de creación: por desde, hasta, persona y motivo, con «sin
    motivo» antes que cualquier motivo (ordenar las listas tal cual falla si dos tramos solo
    difieren en que uno no trae motivo: None no se compara con texto)."""
    return (t[0], t[1], t[2], t[3] is not None, t[3] or "")


def _intervalos(tramos: list[list[Any]]) -> list[tuple[int, int, str, str | None]]:
    """Los tramos de creación («creados»), ya ordenados, recortados para no solaparse: cada
    número de cambio va al último tramo que empieza en él o antes, y solo si ese tramo llega
    hasta él (así se leyó siempre un paquete, aunque traiga tramos que se solapan)."""
    salida = []
    for j, (desde, hasta, usuario, motivo) in enumerate(tramos):
        if j + 1 < len(tramos):
            hasta = min(hasta, tramos[j + 1][0] - 1)
        if hasta >= desde:
            salida.append((desde, hasta, usuario, motivo))
    return salida


def _revisar_recibo(almacen: Almacen, recibo: Any) -> str | None:
    """¿Dice el recibo de la oficina que esta base es una copia? Si es así, sigue con una
    identidad nueva antes de aplicar lo que trae el paquete y devuelve el aviso.

    - La oficina tiene de este dispositivo números de cambio más altos que los de la base: la
      base volvió atrás (lo escrito después de lo confirmado puede repetir números).
    - La oficina rechazó un paquete por repetir números y manda la huella de cada número que
      tiene: si la bitácora de esta base no coincide, esta base es la copia, y lo suyo desde el
      primer número distinto se vuelve a sellar."""
    if not isinstance(recibo, dict) or recibo.get("for_device") != almacen.dispositivo:
        return None
    seq = rep.seq_actual(almacen)
    of = rep.oficina(almacen)
    confirmado = of["confirmado_por_par"] if of else 0
    reuso = recibo.get("reused")
    if isinstance(reuso, dict) and isinstance(reuso.get("points"), dict):
        puntos = {
            int(k): v
            for k, v in reuso["points"].items()
            if isinstance(k, str) and k.isdigit() and isinstance(v, str)
        }
        desde = reuso.get("seq_from")
        if puntos and isinstance(desde, int):
            propios = sucesion.huellas_propias(almacen, desde, max(puntos))
            distintos = [k for k, h in puntos.items() if k <= seq and propios.get(k) != h]
            if distintos:
                sucesion.nueva_identidad(almacen, "clonada", seguro=min(distintos) - 1)
                return sucesion.aviso(almacen)
    vistos = [recibo.get("device_acked_seq")] + [
        b.get("seq_to") for b in recibo.get("bundles") or [] if isinstance(b, dict)
    ]
    if max((n for n in vistos if type(n) is int), default=0) > seq:
        sucesion.nueva_identidad(almacen, "restaurada", seguro=min(confirmado, seq))
        return sucesion.aviso(almacen)
    return None


def _actualizar_par(
    almacen: Almacen,
    remitente: str,
    cab: dict[str, Any],
    lector: LectorBolsa,
    blobs: list[str],
    resultado: Importacion,
) -> None:
    p = rep.par(almacen, remitente)
    assert p is not None
    hw, faltan = _marcas(almacen, remitente)
    resultado.faltantes = faltan
    cambios: dict[str, Any] = {
        "aplicado_desde_par": hw,
        "rangos_faltantes": faltan,
        "ultimo_paquete": {
            "id": cab["bundle_id"],
            "creado": cab.get("created_wall"),
            "seq_hasta": cab.get("seq_to"),
            "importado_en": ahora_utc(),
        },
    }
    confirmado = p["confirmado_por_par"]
    if almacen.rol == "oficina":
        ack = cab.get("ack_remote") or {}
        if isinstance(ack.get(almacen.dispositivo), int):
            confirmado = max(confirmado, ack[almacen.dispositivo])
    else:
        recibo = lector.recibo()
        if (
            isinstance(recibo, dict)
            and recibo.get("for_device") == almacen.dispositivo
            and es_utf8(recibo)
        ):
            resultado.recibo = recibo
            if sucesion.certificado_pendiente(almacen):
                sucesion.olvidar_certificado(almacen)  # la oficina ya conoce la identidad nueva
            if isinstance(recibo.get("scope"), dict):
                territorios.guardar_alcance_propio(almacen, recibo["scope"])
            if aplicar.es_entero(recibo.get("device_acked_seq")):
                confirmado = max(confirmado, recibo["device_acked_seq"])
            recibidos = recibo.get("blobs_received")
            recibidos = recibidos if isinstance(recibidos, list) else []
            rep.confirmar_blobs(almacen, remitente, [b for b in recibidos if adjuntos.es_huella(b)])
    cambios["confirmado_por_par"] = confirmado
    rep.confirmar_blobs(almacen, remitente, blobs)
    rep.actualizar_par(almacen, remitente, **cambios)
