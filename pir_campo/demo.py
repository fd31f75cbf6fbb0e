"""Datos de demostración realistas y reproducibles (misma semilla, mismo contenido).

Territorios en comunas reales, localidades con coordenadas, organizaciones, talleres de 10 a
60 asistentes con RUT válidos (algunos sin RUT), acuerdos, actas firmadas, necesidades de
todas las tipologías, un PMDT con su cartera y diagnósticos de capacidad. Lo usan las personas
que prueban la aplicación, las pruebas y las mediciones de rendimiento.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pir_campo import adjuntos, capacidad, catalogos, ids, rut
from pir_campo.almacen import Almacen
from pir_campo.demo_plan import PlanDemo, datos_demo
from pir_campo.modelos import (
    ActaValidacion,
    Acuerdo,
    Adjunto,
    Asistencia,
    Localidad,
    Organizacion,
    Persona,
    Taller,
    Territorio,
)
from pir_campo.modelos.enums import PasoCritico
from pir_campo.planificacion import demo_planificacion

_MOTIVO = "datos de demostración"
INICIO = dt.date(2025, 3, 3)
FIN = dt.date(2026, 10, 30)
_MS_BASE = 1_740_000_000_000

# Cuánto se alejan las localidades de la cabecera de su comuna (grados): unos 3 km, para que
# queden dentro de la comuna, y hacia el este, tierra adentro (la costa chilena mira al oeste).
# En Chiloé las cabeceras están en la costa oriental de la isla, así que allá van al oeste.
_RADIO_LAT = 0.03
_RADIO_LON = 0.05
_COSTA_ESTE = {"102"}
# Parte de las necesidades queda sin coordenadas, como en terreno cuando no hubo GPS.
_NECESIDADES_UBICADAS = 0.85


@dataclass
class _Lotes:
    """Registros acumulados por tipo, para insertarlos con executemany al final."""

    filas: dict[type, list[dict]] = field(default_factory=dict)
    ids: dict[type, list[str]] = field(default_factory=dict)

    def agregar(self, modelo: type, id_: str, fila: dict) -> str:
        self.filas.setdefault(modelo, []).append(fila)
        self.ids.setdefault(modelo, []).append(id_)
        return id_


class _Generador(PlanDemo):
    def __init__(self, almacen: Almacen, semilla: int):
        self.a = almacen
        self.r = random.Random(semilla)
        self.lotes = _Lotes()
        self.ms = _MS_BASE
        self.cat = catalogos.cargar()
        self.instrumento = capacidad.cargar()
        self.centros = catalogos.centros_comunas()
        # Las coordenadas de las necesidades usan su propio azar, para que agregarlas no cambie
        # el resto de los datos de cada semilla.
        self.r_geo = random.Random(f"coordenadas-{semilla}")
        self.coordenadas: dict[str, tuple[float, float]] = {}

    def id(self) -> str:
        self.ms += 7
        return ids.uuid7_de(self.r, self.ms)

    def fecha(self, desde: dt.date, hasta: dt.date) -> dt.date:
        return desde + dt.timedelta(days=self.r.randint(0, max(0, (hasta - desde).days)))

    def rut(self, mayor: bool) -> str:
        cuerpo = (
            self.r.randint(400_000, 999_999)
            if mayor and self.r.random() < 0.3
            else self.r.randint(4_000_000, 24_000_000)
        )
        return f"{cuerpo}{rut.digito_verificador(str(cuerpo))}"

    def bip(self) -> str:
        return f"{self.r.randint(30_000_000, 40_999_999)}-{self.r.randint(0, 9)}"

    def telefono(self) -> str:
        return f"+56 9 {self.r.randint(1000, 9999)} {self.r.randint(1000, 9999)}"

    def ubicar(self, comuna: catalogos.Comuna, u_lat: float, u_lon: float) -> tuple[float, float]:
        """Un punto cerca de la cabecera de la comuna, a partir de dos números en [0, 1)."""
        lat, lon = self.centros[comuna.cut]
        hacia = -1 if comuna.cut_provincia in _COSTA_ESTE else 1
        return (
            round(lat + (2 * u_lat - 1) * _RADIO_LAT, 5),
            round(lon + hacia * (u_lon * _RADIO_LON - 0.01), 5),
        )

    def ubicar_cerca(self, localidad_id: str) -> dict[str, float | None]:
        """Coordenadas de una necesidad: junto a su localidad, o ninguna (sin GPS)."""
        if self.r_geo.random() >= _NECESIDADES_UBICADAS or localidad_id not in self.coordenadas:
            return {"latitud": None, "longitud": None}
        lat, lon = self.coordenadas[localidad_id]
        return {
            "latitud": round(lat + self.r_geo.uniform(-0.006, 0.006), 5),
            "longitud": round(lon + self.r_geo.uniform(-0.006, 0.006), 5),
        }

    def nombre_persona(self, sexo: str, mapuche: bool) -> str:
        nombres = datos_demo()["nombres_mujer" if sexo == "mujer" else "nombres_hombre"]
        pila = self.r.choice(nombres)
        if self.r.random() < 0.35:
            pila += " " + self.r.choice([n for n in nombres if n != pila])
        fuente = (
            datos_demo()["apellidos_mapuche"]
            if mapuche and self.r.random() < 0.6
            else datos_demo()["apellidos"]
        )
        return f"{pila} {self.r.choice(fuente)} {self.r.choice(datos_demo()['apellidos'])}"

    # ---- un territorio completo ----------------------------------------------------------

    def territorio(self, n: int, cut_region: str, talleres: int) -> None:
        r = self.r
        provincias = sorted({c.cut_provincia for c in self.cat.comunas_de_region(cut_region)})
        provincia = provincias[n % len(provincias)]
        comunas = [c for c in self.cat.comunas.values() if c.cut_provincia == provincia]
        elegidas = r.sample(comunas, min(len(comunas), r.randint(2, 3)))
        mapuche = cut_region in ("08", "09", "10", "14")
        nombre = datos_demo()["nombres_territorio"][n % len(datos_demo()["nombres_territorio"])]
        tid = self.lotes.agregar(
            Territorio,
            self.id(),
            {
                "nombre": nombre
                if n < len(datos_demo()["nombres_territorio"])
                else f"{nombre} {n + 1}",
                "cut_region": cut_region,
                "comunas": [c.cut for c in elegidas],
                "descripcion": f"Territorio rural de {', '.join(c.nombre for c in elegidas)}, "
                "con población dispersa y actividad agrícola, ganadera y forestal.",
                "poblacion": r.randint(1800, 9000),
                "hogares": r.randint(600, 3000),
                "superficie_km2": round(r.uniform(120, 900), 1),
                "comunidades_indigenas": "Comunidades mapuche con título de merced"
                if mapuche
                else None,
                "actividades_productivas": r.choice(
                    [
                        "Agricultura familiar campesina, apicultura y turismo rural",
                        "Ganadería menor, hortalizas y recolección de frutos silvestres",
                        "Pesca artesanal, recolección de orilla y algas",
                    ]
                ),
                "servicios_existentes": "Escuela rural, posta, APR en dos localidades",
                "estado": "seleccionado",
            },
        )
        localidades = []
        for nombre_loc in r.sample(datos_demo()["localidades"], r.randint(4, 7)):
            # El mismo orden de llamadas al azar principal que antes (id, comuna y dos números
            # para la ubicación): cada semilla sigue dando los mismos datos en todo lo demás.
            lid = self.id()
            comuna = r.choice(elegidas)
            lat, lon = self.ubicar(comuna, r.random(), r.random())
            self.lotes.agregar(
                Localidad,
                lid,
                {
                    "territorio_id": tid,
                    "nombre": nombre_loc,
                    "cut_comuna": comuna.cut,
                    "latitud": lat,
                    "longitud": lon,
                    "poblacion": r.randint(80, 1200),
                    "hogares": r.randint(25, 400),
                },
            )
            self.coordenadas[lid] = (lat, lon)
            localidades.append(lid)
        organizaciones = self.organizaciones(tid, localidades, mapuche)
        personas = self.personas(tid, min(60 + 8 * talleres, 6000), mapuche, organizaciones)
        talleres_ids = self.talleres(tid, localidades, personas, talleres, mapuche)
        necesidades = self.necesidades(tid, localidades, talleres_ids)
        self.ofertas(tid)
        pmdt_id = self.pmdt(tid, necesidades)
        self.actas(tid, talleres_ids, pmdt_id)
        self.diagnosticos(tid, organizaciones)
        self.adjuntos_demo(tid, talleres_ids)

    def organizaciones(self, tid: str, localidades: list[str], mapuche: bool) -> dict[str, str]:
        tipos = [
            ("comite_apr", "Comité de Agua Potable Rural {}"),
            ("cooperativa_electrica", "Cooperativa Eléctrica {}"),
            ("junta_vecinos", "Junta de Vecinos {}"),
            ("organizacion_productiva", "Asociación de Productores {}"),
            ("municipalidad", "Municipalidad"),
        ]
        if mapuche:
            tipos.append(("comunidad_indigena", "Comunidad Indígena {}"))
        salida = {}
        for tipo, plantilla in tipos:
            lugar = self.r.choice(datos_demo()["localidades"])
            salida[tipo] = self.lotes.agregar(
                Organizacion,
                self.id(),
                {
                    "territorio_id": tid,
                    "nombre": plantilla.format(lugar),
                    "tipo": tipo,
                    "rut": f"{(c := self.r.randint(65_000_000, 65_999_999))}"
                    f"{rut.digito_verificador(str(c))}",
                    "localidad_id": self.r.choice(localidades),
                    "personalidad_juridica": f"N° {self.r.randint(100, 9999)}",
                },
            )
        return salida

    def personas(
        self, tid: str, cantidad: int, mapuche: bool, organizaciones: dict[str, str]
    ) -> list[str]:
        r = self.r
        salida = []
        for _ in range(cantidad):
            sexo = r.choices(
                ["mujer", "hombre", "otro", "prefiere_no_responder", None], [50, 44, 1, 2, 3]
            )[0]
            tramo = r.choices(["15-29", "30-44", "45-64", "65+", None], [14, 26, 34, 22, 4])[0]
            pueblo = None
            if mapuche and r.random() < 0.7:
                pueblo = r.choices(
                    ["mapuche", "no_pertenece", "prefiere_no_responder"], [70, 25, 5]
                )[0]
            salida.append(
                self.lotes.agregar(
                    Persona,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "nombre": self.nombre_persona(
                            sexo or r.choice(["mujer", "hombre"]), mapuche
                        ),
                        "rut": self.rut(tramo == "65+") if r.random() < 0.85 else None,
                        "sexo": sexo,
                        "tramo_edad": tramo,
                        "pueblo_originario": pueblo,
                        "telefono": self.telefono() if r.random() < 0.5 else None,
                        "organizacion_id": r.choice(list(organizaciones.values()))
                        if r.random() < 0.3
                        else None,
                    },
                )
            )
        return salida

    def talleres(
        self,
        tid: str,
        localidades: list[str],
        personas: list[str],
        cantidad: int,
        mapuche: bool,
    ) -> dict[int, list[str]]:
        r = self.r
        por_paso: dict[int, list[str]] = {}
        dias = (FIN - INICIO).days
        for i in range(cantidad):
            # Los pasos avanzan con el tiempo: el taller i cae en el paso que le toca.
            paso = min(8, 1 + (i * 8) // max(1, cantidad))
            fecha = INICIO + dt.timedelta(days=(i * dias) // max(1, cantidad) + r.randint(0, 3))
            abierto = i >= cantidad - 1 and cantidad > 2
            inicio = dt.time(r.choice([9, 10, 15, 16]), r.choice([0, 30]))
            taller = self.lotes.agregar(
                Taller,
                self.id(),
                {
                    "territorio_id": tid,
                    "localidad_id": r.choice(localidades),
                    "paso": paso,
                    "titulo": r.choice(datos_demo()["titulos_paso"][str(paso)]),
                    "fecha": fecha.isoformat(),
                    "hora_inicio": inicio.isoformat(),
                    "hora_termino": dt.time(inicio.hour + 2, inicio.minute).isoformat(),
                    "lugar": r.choice(
                        [
                            "Sede social",
                            "Escuela rural",
                            "Sede comité APR",
                            "Capilla",
                            "Ruka comunitaria" if mapuche else "Gimnasio",
                        ]
                    ),
                    "proposito": f"Avanzar en el paso {paso}: "
                    f"{PasoCritico(paso).etiqueta[0].lower()}{PasoCritico(paso).etiqueta[1:]}.",
                    "facilitadores": f"{self.a.nombre}; Pedro Catrileo Soto",
                    "agenda": "1. Bienvenida y registro de asistencia\n2. Presentación del "
                    "avance del programa\n3. Trabajo en grupos por localidad\n"
                    "4. Plenario y acuerdos",
                    "discusion": "La comunidad planteó la falta de agua en verano en los sectores "
                    "altos y el mal estado del camino en invierno. Se discutió la priorización de "
                    "las iniciativas y el rol de las organizaciones en su mantención.",
                    "interprete": "Traducción al mapuzugun por el werken de la comunidad"
                    if mapuche and r.random() < 0.3
                    else None,
                    "participan_pueblos_indigenas": mapuche,
                    "posible_afectacion_directa": mapuche and paso in (4, 6) and r.random() < 0.3,
                    "estado": "borrador" if abierto else "cerrado",
                },
            )
            por_paso.setdefault(paso, []).append(taller)
            for persona in r.sample(personas, min(len(personas), r.randint(10, 60))):
                self.lotes.agregar(
                    Asistencia,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "taller_id": taller,
                        "persona_id": persona,
                        "cargo": r.choice(datos_demo()["cargos"]) if r.random() < 0.25 else None,
                        "firmo": r.random() < 0.92,
                    },
                )
            for texto, responsable in r.sample(datos_demo()["acuerdos"], r.randint(1, 4)):
                compromiso = fecha + dt.timedelta(days=r.randint(15, 120))
                self.lotes.agregar(
                    Acuerdo,
                    self.id(),
                    {
                        "territorio_id": tid,
                        "taller_id": taller,
                        "texto": texto,
                        "responsable": responsable,
                        "fecha_compromiso": compromiso.isoformat(),
                        "estado": r.choice(["pendiente", "en_curso", "cumplido", "cumplido"])
                        if compromiso < FIN
                        else "pendiente",
                    },
                )
        return por_paso

    def adjuntos_demo(self, tid: str, talleres: dict[int, list[str]]) -> None:
        carpeta = adjuntos.carpeta_de(self.a.ruta)
        primeros = [t for lista in talleres.values() for t in lista][:2]
        for n, taller in enumerate(primeros):
            with tempfile.TemporaryDirectory() as tmp:
                ruta = Path(tmp) / f"asistencia_{n + 1}.png"
                ruta.write_bytes(_png_hoja(self.r))
                sha, tamano, medio = adjuntos.guardar(carpeta, ruta, self.a.llave_adjuntos())
            self.lotes.agregar(
                Adjunto,
                self.id(),
                {
                    "territorio_id": tid,
                    "tabla_duena": "taller",
                    "registro_id": taller,
                    "sha256": sha,
                    "tamano": tamano,
                    "tipo_medio": medio,
                    "nombre_original": f"hoja_asistencia_{n + 1}.png",
                    "clase": "asistencia_firmada",
                },
            )


def _png_hoja(r: random.Random, ancho: int = 240, alto: int = 320) -> bytes:
    """Una imagen gris con renglones, como una hoja de asistencia escaneada."""
    filas = []
    bits = r.getrandbits
    for y in range(alto):
        if y % 24 == 0:
            filas.append(b"\x00" + bytes([90]) * ancho)
            continue
        grises = []
        for _ in range(ancho):
            # Lo mismo que r.randint(0, 20) (randrange rechaza lo que pasa de 20 en 5 bits),
            # sin sus tres capas de llamadas: eran 460.000 por demo.
            x = bits(5)
            while x > 20:
                x = bits(5)
            grises.append(230 + x)
        filas.append(b"\x00" + bytes(grises))
    datos = zlib.compress(b"".join(filas), 9)

    def trozo(tipo: bytes, contenido: bytes) -> bytes:
        cuerpo = tipo + contenido
        return struct.pack(">I", len(contenido)) + cuerpo + struct.pack(">I", zlib.crc32(cuerpo))

    cabecera = struct.pack(">IIBBBBB", ancho, alto, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + trozo(b"IHDR", cabecera)
        + trozo(b"IDAT", datos)
        + trozo(b"IEND", b"")
    )


# Cada cuántas filas de un tipo se valida una con el modelo (y la primera siempre).
_MUESTRA = 50


def _como_filas(modelo: type, filas: list[dict]) -> list[dict]:
    """Las filas de la demo como las dejaría el modelo (`validar(...).como_fila()`), sin pasar
    cada una por pydantic: era un cuarto del tiempo de la demo, y sus valores los arma este
    módulo. Se completan con los valores por omisión del modelo y se valida una muestra; si el
    modelo cambia algo en ella (o la rechaza), se validan todas las de ese tipo como siempre."""
    omision = modelo.model_construct().model_dump(mode="json", warnings=False)
    completas = [{**omision, **f} for f in filas]
    for i in range(0, len(filas), _MUESTRA):
        if modelo.validar(filas[i]).como_fila() != completas[i]:
            return [modelo.validar(f).como_fila() for f in filas]
    return completas


def generar(
    almacen: Almacen,
    territorios: int = 3,
    talleres: int = 24,
    semilla: int = 1,
    progreso: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Llena la base con datos de demostración en una sola transacción; devuelve cuántos
    registros agregó de cada tipo, nada (`{}`) si los de esta semilla ya estaban."""
    if territorios < 1 or talleres < 0:
        from pir_campo.errores import ErrorValidacion

        raise ErrorValidacion(
            "Se necesita al menos un territorio y una cantidad de talleres no negativa.",
            "territorios",
        )
    gen = _Generador(almacen, semilla)
    regiones = [
        c for c in ("09", "04", "10", "07", "08", "14", "16") if c in almacen.regiones_activas()
    ] or ["09"]
    if almacen.cut_region in regiones:
        regiones.remove(almacen.cut_region)
        regiones.insert(0, almacen.cut_region)
    for n in range(territorios):
        cuantos = talleres // territorios + (1 if n < talleres % territorios else 0)
        # Un notebook con región trabaja en ella; una oficina o uno sin región, en varias.
        propia = almacen.rol == "campo" and almacen.cut_region
        gen.territorio(n, regiones[0] if propia else regiones[n % len(regiones)], cuantos)
        if progreso:
            progreso(f"Territorio {n + 1} de {territorios} preparado")
    demo_planificacion.agregar(gen.lotes, semilla, gen.ms)
    # Talleres y actas se guardan abiertos y se cierran o firman después de sus hijos, como
    # en terreno: primero la asistencia, después el cierre.
    finales: list[tuple[type, str, dict]] = []
    for modelo in (Taller, ActaValidacion):
        for id_, fila in zip(gen.lotes.ids[modelo], gen.lotes.filas[modelo], strict=True):
            if fila["estado"] != "borrador":
                modelo.validar(fila)  # cerrado o firmado también es válido (ver abajo)
                finales.append((modelo, id_, {"estado": fila["estado"]}))
                fila["estado"] = "borrador"
    # La misma semilla da los mismos identificadores: si ya están, esta demo ya se cargó.
    if any(almacen.existentes(m, i) for m, i in gen.lotes.ids.items()):
        return {}
    # Los talleres van después de su asistencia: el disparador de participación (esquema 13)
    # cuenta cada asistencia cuando ya están su taller y su persona, y así suma una vez por
    # taller (2.000) y no una vez por asistencia (70.000 con 2.000 talleres).
    orden = sorted(gen.lotes.filas, key=lambda m: m is Taller)
    # Los índices se crean al final, ya llenos (ver Almacen.indices_al_final), salvo el de
    # asistencia por taller: el disparador de participación lo usa al insertar cada taller.
    with (
        almacen.transaccion(),
        almacen.indices_al_final([m.tabla for m in orden], conservar=("asistencia_taller",)),
    ):
        almacen.insertar_lotes(
            [(m, _como_filas(m, gen.lotes.filas[m]), gen.lotes.ids[m]) for m in orden],
            _MOTIVO,
            validado=True,
        )
        # El estado final ya se validó: se escribe con la primitiva sellada de toda edición,
        # sin releer ni revalidar cada registro como `actualizar` (eran 2.000 con 2.000 talleres).
        for modelo, id_, cambios in finales:
            almacen.escribir_sellado(modelo.tabla, id_, cambios, _MOTIVO)
    return {m.conteo: len(f) for m, f in gen.lotes.filas.items()}
