"""Propiedad: varios notebooks y la oficina editan al azar; los paquetes se pierden, se duplican
y llegan desordenados; de vez en cuando un notebook vuelve a una copia anterior de sí mismo (sus
archivos copiados y puestos de nuevo en su lugar); tras un intercambio final todas las bases son
iguales y todo valor que alguien escribió y que otro pisó sin verlo queda en un registro de
conflicto (salvo lo que solo existió en la base que se perdió al restaurar).

La misma propiedad con territorios: dos notebooks con un territorio cada uno y uno compartido
por ambos; cada notebook termina igual a la oficina en sus territorios (y lo suyo), y la oficina
nunca retiene nada legítimo."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pir_campo.almacen import Almacen, llaves
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorNoEncontrado, ErrorPaquete
from pir_campo.modelos import Persona, Taller, Territorio
from pir_campo.servicios import revision
from pir_campo.sincro import conflictos, importar
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, instalacion, paquete, registrar

NOMBRES = ["Ana", "Berta", "Carla"]
TELEFONOS = ["+56 9 1111 1111", "+56 9 2222 2222", None]

_BASICAS = [
    st.tuples(
        st.just("editar"),
        st.integers(0, 2),
        st.integers(0, 3),
        st.sampled_from(["nombre", "telefono"]),
        st.integers(0, 2),
    ),
    st.tuples(st.just("eliminar"), st.integers(0, 2), st.integers(0, 3)),
    # Quién crea y en cuál de sus territorios.
    st.tuples(st.just("crear"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("enviar"), st.integers(1, 2)),
    st.tuples(st.just("recibir"), st.integers(1, 2)),
    st.tuples(st.just("entregar"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("resolver"), st.integers(0, 2)),
    # Revisión de la oficina y respuesta de un notebook (campos distintos de la misma fila).
    st.tuples(st.just("revisar"), st.integers(0, 1), st.sampled_from(["observado", "aprobado"])),
    st.tuples(st.just("responder"), st.integers(1, 2), st.integers(0, 1)),
]
sin_copias = st.one_of(*_BASICAS)
operacion = st.one_of(
    *_BASICAS,
    # Copia de los archivos de un notebook y, más tarde, vuelta a esa copia (restaurar).
    st.tuples(st.just("copiar"), st.integers(1, 2)),
    st.tuples(st.just("restaurar"), st.integers(1, 2)),
)
ESTADOS = ("observado", "aprobado")


class Escritos:
    """Cada escritura humana con su punto y lo que el escritor conocía del registro."""

    def __init__(self) -> None:
        self.lista: list[tuple[str, str, object, list, dict]] = []
        # Índices de lo escrito en una base que después volvió a una copia anterior: pudo no
        # salir nunca de ella (se pierde con la base, como todo respaldo restaurado).
        self.perdibles: set[int] = set()
        # notebook -> (copia, escritos hasta, seq y dispositivo de la copia)
        self.copias: dict[int, tuple[Path, int, int, str]] = {}
        self.identidades: dict[int, set[str]] = {}  # notebook -> dispositivos que ha tenido

    def anotar(self, almacen, pid: str, campos: dict, vv_antes: dict) -> None:
        fdots = json.loads(
            almacen.conn.execute("SELECT fdots FROM persona WHERE id = ?", (pid,)).fetchone()[0]
        )
        for campo, valor in campos.items():
            self.lista.append((pid, campo, valor, fdots[campo], vv_antes))


def _vv(almacen, pid: str) -> dict:
    fila = almacen.conn.execute("SELECT vv FROM persona WHERE id = ?", (pid,)).fetchone()
    if fila is None:
        raise ErrorNoEncontrado("aún no llega a esta réplica")
    return json.loads(fila[0])


# Las mismas operaciones, con copias y vueltas atrás mucho más frecuentes (y envíos, para que la
# oficina tenga lo que la copia perdió): cada ejemplo restaura de verdad varias veces.
con_restauraciones = st.one_of(
    operacion,
    st.tuples(st.just("copiar"), st.integers(1, 2)),
    st.tuples(st.just("restaurar"), st.integers(1, 2)),
    st.tuples(st.just("restaurar"), st.integers(1, 2)),
    st.tuples(st.just("enviar"), st.integers(1, 2)),
    st.tuples(st.just("entregar"), st.integers(0, 50), st.booleans()),
    st.tuples(
        st.just("editar"),
        st.integers(1, 2),
        st.integers(0, 3),
        st.sampled_from(["nombre", "telefono"]),
        st.integers(0, 2),
    ),
    st.tuples(st.just("crear"), st.integers(1, 2), st.integers(0, 2)),
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(operacion, min_size=5, max_size=22))
def test_convergencia_con_perdidas_duplicados_y_desorden(ops):
    _correr(ops)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(con_restauraciones, min_size=8, max_size=24))
def test_convergencia_con_notebooks_que_vuelven_a_una_copia(ops):
    _correr(ops)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(sin_copias, min_size=5, max_size=22))
def test_convergencia_con_territorios_asignados(ops):
    _correr(ops, territorios=True)


class Escena:
    """La red de una corrida: la oficina, dos notebooks y dónde escribe cada uno."""

    def __init__(self, tmp: Path, territorios: bool):
        self.tmp = tmp
        self.territorios = territorios
        self.oficina = instalacion(tmp, "oficina", "oficina")
        self.notebooks = [instalacion(tmp, f"notebook{i + 1}") for i in range(2)]
        self.todos = [self.oficina, *self.notebooks]
        self.escritos = Escritos()
        self.en_camino: list[tuple[Path, int]] = []  # (paquete, índice del destino en todos)
        if territorios:
            self.tids = [
                self.oficina.insertar(Territorio, {**TERRITORIO, "nombre": f"Territorio {n}"})
                for n in ("uno", "dos", "compartido")
            ]
            self.alcances = [[self.tids[0], self.tids[2]], [self.tids[1], self.tids[2]]]
        else:
            self.tids = [self.oficina.insertar(Territorio, TERRITORIO)]
            self.alcances = [self.tids, self.tids]
        for n, a in zip(self.notebooks, self.alcances, strict=True):
            registrar(self.oficina, n, tmp, a if territorios else None)
        self.personas = self.oficina.insertar_lote(
            Persona,
            [
                {"territorio_id": self.tids[i % len(self.tids)], "nombre": f"Inicial {i}"}
                for i in range(3)
            ],
        )
        self.talleres = self.oficina.insertar_lote(
            Taller,
            [
                {
                    "territorio_id": self.tids[-i],
                    "paso": 1,
                    "titulo": f"Taller {i}",
                    "fecha": "2026-01-05",
                }
                for i in range(2)
            ],
        )

    def importar(self, destino: int, ruta: Path) -> None:
        r = importar.importar(self.todos[destino], ruta)
        if self.territorios:
            # Nada de lo que escribe un notebook honesto se retiene en la oficina.
            assert not r.retenidos, r.retenidos

    def enviar(self, origen: int, destino: int) -> None:
        self.importar(destino, paquete(self.todos[origen], self.todos[destino], self.tmp))

    def donde_crea(self, quien: int, k: int) -> str:
        donde = self.tids if quien == 0 else self.alcances[quien - 1]
        return donde[k % len(donde)]


def _correr(ops, territorios: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp_:
        e = Escena(Path(tmp_), territorios)
        for i in (1, 2):
            e.enviar(0, i)
        if not territorios:
            for i in (1, 2):  # un primer respaldo de cada notebook, recién instalado
                _aplicar(("copiar", i), e)
        try:
            for op in ops:
                _aplicar(op, e)
            for _ in range(3):  # intercambio final completo
                for i in (1, 2):
                    e.enviar(i, 0)
                for i in (1, 2):
                    e.enviar(0, i)
            completa = datos(e.oficina)
            for n, a in zip(e.notebooks, e.alcances, strict=True):
                # Sin territorios, toda la región: la base entera, igual a la de la oficina.
                esperado = _en_alcance(completa, a, n.dispositivo) if territorios else completa
                assert datos(n) == esperado
            for x in e.todos:  # la revisión de cada taller es la misma en toda réplica
                for t in e.talleres:
                    if rep.fila_completa(x, "taller", t):
                        esperado = revision.estado(e.oficina, t)["estado"]
                        assert revision.estado(x, t)["estado"] == esperado
            _nada_se_pierde(e.oficina, e.escritos)
        finally:
            for x in e.todos:
                x.cerrar()


def _en_alcance(completa: dict, territorios: list[str], dispositivo: str) -> dict:
    """Las filas de la oficina que corresponden a un notebook: sus territorios y lo suyo."""
    salida = {}
    for t, filas in completa.items():
        ct = rep.campo_territorio(t)
        i = 0 if ct == "id" else rep.campos(t).index(ct) + 1
        n = len(rep.campos(t))
        salida[t] = [
            f for f in filas if f[i] in territorios or json.loads(f[n + 2])[0] == dispositivo
        ]
    return salida


def _participa(x, c: dict) -> bool:
    """Un notebook resuelve solo los conflictos en que participó; la oficina, todos."""
    if x.rol == "oficina":
        return True
    return x.dispositivo in {json.loads(c["dot_ganador"])[0], json.loads(c["dot_otro"])[0]}


def _aplicar(op, e: Escena) -> None:
    personas, talleres, escritos, todos = e.personas, e.talleres, e.escritos, e.todos
    oficina, notebooks, tmp = e.oficina, e.notebooks, e.tmp
    tipo = op[0]
    if tipo == "editar":
        _, r, p, campo, v = op
        x, pid = todos[r], personas[p % len(personas)]
        valor = (NOMBRES if campo == "nombre" else TELEFONOS)[v]
        try:
            antes = _vv(x, pid)
            if x.actualizar(Persona, pid, {campo: valor}).ids:
                escritos.anotar(x, pid, {campo: valor}, antes)
        except ErrorNoEncontrado:
            pass
    elif tipo == "eliminar":
        x, pid = todos[op[1]], personas[op[2] % len(personas)]
        try:
            antes = _vv(x, pid)
            x.eliminar(Persona, pid)
            escritos.anotar(x, pid, {"eliminado": 1}, antes)
        except ErrorNoEncontrado:
            pass
    elif tipo == "crear":
        tid = e.donde_crea(op[1], op[2])
        personas.append(todos[op[1]].insertar(Persona, {"territorio_id": tid, "nombre": "Nueva"}))
    elif tipo == "enviar":
        e.en_camino.append((paquete(notebooks[op[1] - 1], oficina, tmp), 0))
    elif tipo == "recibir":
        try:
            e.en_camino.append((paquete(oficina, notebooks[op[1] - 1], tmp), op[1]))
        except ErrorPaquete:
            pass  # identidad nueva que la oficina aún no conoce: primero debe enviar
    elif tipo == "entregar" and e.en_camino:
        i = op[1] % len(e.en_camino)
        # True: queda para duplicar.
        ruta, destino = e.en_camino[i] if op[2] else e.en_camino.pop(i)
        try:
            e.importar(destino, ruta)
        except ErrorPaquete as error:
            # Paquete para la identidad que el notebook dejó al volver a una copia.
            assert error.codigo == "IDENTIDAD_ANTERIOR", error
    elif tipo == "copiar":
        x = notebooks[op[1] - 1]
        destino = Path(tempfile.mkdtemp(prefix=f"copia-{op[1]}-", dir=tmp)) / x.ruta.name
        x.copiar_base(destino)
        escritos.copias[op[1]] = (destino, len(escritos.lista), rep.seq_actual(x), x.dispositivo)
        escritos.identidades[op[1]] = {x.dispositivo}
    elif tipo == "restaurar" and op[1] in escritos.copias:
        _restaurar(op[1], notebooks, todos, escritos)
    elif tipo == "revisar":
        revision.revisar(oficina, [talleres[op[1]]], op[2], f"Comentario {op[2]}")
    elif tipo == "responder":
        try:
            revision.responder(notebooks[op[1] - 1], talleres[op[2]], f"Respuesta {op[1]}")
        except ErrorNoEncontrado:
            pass  # la observación aún no llega a este notebook
    elif tipo == "resolver":
        x = todos[op[1]]
        abiertos = [
            c
            for c in rep.conflictos(x)
            if c["tabla"] == "persona" and (not e.territorios or _participa(x, c))
        ]
        if abiertos:
            c = abiertos[0]
            antes = _vv(x, c["registro_id"])
            conflictos.resolver(x, c["id"], "tomar_otro")
            valor = json.loads(c["valor_otro"])
            if rep.valor_campo(x, c["tabla"], c["registro_id"], c["campo"]) == valor and (
                _vv(x, c["registro_id"]) != antes
            ):
                escritos.anotar(x, c["registro_id"], {c["campo"]: valor}, antes)


def _restaurar(i: int, notebooks, todos, escritos: Escritos) -> None:
    """Se cierra el notebook, se ponen sus archivos copiados en su lugar y se abre de nuevo."""
    x = notebooks[i - 1]
    copia, hasta, seq_copia, dispositivo_copia = escritos.copias[i]
    ruta, anterior = x.ruta, x.dispositivo
    avanzo = rep.seq_actual(x) > seq_copia or anterior != dispositivo_copia
    escritos.identidades[i].add(anterior)
    x.cerrar()
    for resto in ("-wal", "-shm"):
        Path(f"{ruta}{resto}").unlink(missing_ok=True)
    shutil.copy2(copia, ruta)
    shutil.copy2(llaves.ruta_llave(copia), llaves.ruta_llave(ruta))
    nuevo = Almacen.abrir(ruta)
    if avanzo:  # la copia es de antes: sigue con una identidad nueva, y lo dice
        assert nuevo.dispositivo != anterior and nuevo.resumen()["aviso_copia"]
    else:  # la copia es idéntica a la base: nada que hacer
        assert nuevo.dispositivo == anterior
    notebooks[i - 1] = todos[i] = nuevo
    escritos.identidades[i].add(nuevo.dispositivo)
    for k, (_, _, _, dot, _) in enumerate(escritos.lista[hasta:], start=hasta):
        if dot[0] in escritos.identidades[i]:
            escritos.perdibles.add(k)


def _nada_se_pierde(oficina, escritos: Escritos) -> None:
    en_conflicto: dict[tuple[str, str], set] = {}
    for c in rep.conflictos(oficina, None):
        clave = (c["registro_id"], c["campo"])
        en_conflicto.setdefault(clave, set()).update(
            {json.loads(c["valor_ganador"]), json.loads(c["valor_otro"])}
        )
    for k, (pid, campo, valor, dot, _) in enumerate(escritos.lista):
        if k in escritos.perdibles:
            continue
        pisado_a_sabiendas = any(
            p2 == pid and c2 == campo and vv2.get(dot[0], 0) >= dot[1]
            for p2, c2, _, _, vv2 in escritos.lista
        )
        if pisado_a_sabiendas:
            continue
        final = rep.valor_campo(oficina, "persona", pid, campo)
        assert final == valor or valor in en_conflicto.get((pid, campo), set()), (
            pid,
            campo,
            valor,
            final,
        )
