"""Propiedad: varios notebooks y la oficina editan al azar; los paquetes se pierden, se duplican
y llegan desordenados; de vez en cuando un notebook vuelve a una copia anterior de sí mismo (sus
archivos copiados y puestos de nuevo en su lugar); tras un intercambio final todas las bases son
iguales y todo valor que alguien escribió y que otro pisó sin verlo queda en un registro de
conflicto (salvo lo que solo existió en la base que se perdió al restaurar)."""

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
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, paquete, red

NOMBRES = ["Ana", "Berta", "Carla"]
TELEFONOS = ["+56 9 1111 1111", "+56 9 2222 2222", None]

operacion = st.one_of(
    st.tuples(
        st.just("editar"),
        st.integers(0, 2),
        st.integers(0, 3),
        st.sampled_from(["nombre", "telefono"]),
        st.integers(0, 2),
    ),
    st.tuples(st.just("eliminar"), st.integers(0, 2), st.integers(0, 3)),
    st.tuples(st.just("crear"), st.integers(0, 2)),
    st.tuples(st.just("enviar"), st.integers(1, 2)),
    st.tuples(st.just("recibir"), st.integers(1, 2)),
    st.tuples(st.just("entregar"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("resolver"), st.integers(0, 2)),
    # Revisión de la oficina y respuesta de un notebook (campos distintos de la misma fila).
    st.tuples(st.just("revisar"), st.integers(0, 1), st.sampled_from(["observado", "aprobado"])),
    st.tuples(st.just("responder"), st.integers(1, 2), st.integers(0, 1)),
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
    st.tuples(st.just("crear"), st.integers(1, 2)),
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(operacion, min_size=5, max_size=22))
def test_convergencia_con_perdidas_duplicados_y_desorden(ops):
    _correr(ops)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(con_restauraciones, min_size=8, max_size=24))
def test_convergencia_con_notebooks_que_vuelven_a_una_copia(ops):
    _correr(ops)


def _correr(ops) -> None:
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        oficina, notebooks = red(tmp, 2)
        todos = [oficina, *notebooks]
        escritos = Escritos()
        tid = oficina.insertar(Territorio, TERRITORIO)
        personas = oficina.insertar_lote(
            Persona, [{"territorio_id": tid, "nombre": f"Inicial {i}"} for i in range(3)]
        )
        talleres = oficina.insertar_lote(
            Taller,
            [
                {"territorio_id": tid, "paso": 1, "titulo": f"Taller {i}", "fecha": "2026-01-05"}
                for i in range(2)
            ],
        )
        personas_y_talleres = (personas, talleres)
        for n in notebooks:
            enviar(oficina, n, tmp)
        en_camino: list[tuple[Path, int]] = []
        for i in (1, 2):  # un primer respaldo de cada notebook, recién instalado
            _aplicar(
                ("copiar", i),
                tmp,
                oficina,
                notebooks,
                todos,
                (personas, talleres),
                escritos,
                en_camino,
                tid,
            )
        try:
            for op in ops:
                _aplicar(
                    op,
                    tmp,
                    oficina,
                    notebooks,
                    todos,
                    personas_y_talleres,
                    escritos,
                    en_camino,
                    tid,
                )
            for _ in range(3):  # intercambio final completo
                for n in notebooks:
                    enviar(n, oficina, tmp)
                for n in notebooks:
                    enviar(oficina, n, tmp)
            bases = [datos(x) for x in todos]
            assert bases[0] == bases[1] == bases[2]
            for x in todos:  # la revisión de cada taller es la misma en toda réplica
                estados = [revision.estado(x, t)["estado"] for t in talleres]
                assert estados == [revision.estado(oficina, t)["estado"] for t in talleres]
            _nada_se_pierde(oficina, escritos)
        finally:
            for x in todos:
                x.cerrar()


def _aplicar(op, tmp, oficina, notebooks, todos, registros, escritos, en_camino, tid) -> None:
    personas, talleres = registros
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
        personas.append(todos[op[1]].insertar(Persona, {"territorio_id": tid, "nombre": "Nueva"}))
    elif tipo == "enviar":
        en_camino.append((paquete(notebooks[op[1] - 1], oficina, tmp), 0))
    elif tipo == "recibir":
        try:
            en_camino.append((paquete(oficina, notebooks[op[1] - 1], tmp), op[1]))
        except ErrorPaquete:
            pass  # identidad nueva que la oficina aún no conoce: primero debe enviar
    elif tipo == "entregar" and en_camino:
        i = op[1] % len(en_camino)
        ruta, destino = en_camino[i] if op[2] else en_camino.pop(i)  # True: queda para duplicar
        try:
            importar.importar(todos[destino], ruta)
        except ErrorPaquete as e:
            # Paquete para la identidad que el notebook dejó al volver a una copia.
            assert e.codigo == "IDENTIDAD_ANTERIOR", e
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
        abiertos = [c for c in rep.conflictos(x) if c["tabla"] == "persona"]
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
