"""Filas de creación («*») guardadas como tramos de números de cambio (esquema 14).

La vista `cambio` las rehace desde el punto de creación (cdot) de cada registro: el historial,
lo que viaja y la migración de una base vieja deben dar exactamente las mismas filas."""

from __future__ import annotations

import json
from pathlib import Path

from pir_campo.almacen import Almacen, motor
from pir_campo.almacen import bitacora as compacta
from pir_campo.almacen import consultas_historial as qh
from pir_campo.almacen.conexion import ID_APLICACION
from pir_campo.almacen.migraciones import MIGRACIONES
from pir_campo.modelos import Persona, Territorio
from tests.conftest import conectar
from tests.nucleo.sincro_apoyo import TERRITORIO, enviar, red

DEV = "dv_VIEJA000001"
OTRO = "dv_OTRA0000001"
T = "0195a000-0000-7000-8000-000000000001"
MOMENTO = "2026-03-01T12:00:00+00:00"


def _id(n: int) -> str:
    return f"0195a000-0000-7000-8000-{n:012d}"


def _hlc(seq: int) -> str:
    return f"17400000{seq:05d}.00000"


def _base_13(ruta: Path) -> list[tuple]:
    """Una base del esquema 13 con creaciones de todo tipo; devuelve sus filas de `cambio`."""
    conn = motor.conectar(ruta, None, isolation_level=None)
    conn.execute("BEGIN")
    for n, _, aplicar in MIGRACIONES:
        if n <= 13:
            aplicar(conn)
    conn.execute("PRAGMA user_version = 13")
    conn.execute(f"PRAGMA application_id = {ID_APLICACION}")
    conn.executemany(
        "INSERT INTO estado_sincro VALUES (?, ?)",
        [
            ("dispositivo", DEV),
            ("rol", "campo"),
            ("nombre", "Vieja"),
            ("cut_region", "09"),
            ("seq", "40"),
            ("hlc", _hlc(40)),
            ("epoca_instalacion", "00"),
            ("creada_en", "2025-02-20T00:00:00+00:00"),
        ],
    )
    conn.executemany(
        "INSERT INTO identidad VALUES (?, ?)",
        [("firma_ed25519", bytes(range(32))), ("cifrado_x25519", bytes(range(32, 64)))],
    )
    cambios = []

    def crear(
        tabla: str,
        n: int,
        dev: str,
        seq: int,
        usuario: str,
        motivo,
        momento=MOMENTO,
        cdot_propio: bool = True,
        fila: bool = True,
    ) -> None:
        cdot = [dev, seq, _hlc(seq)] if cdot_propio else [dev, seq + 100, _hlc(seq + 100)]
        if tabla == "territorio":
            conn.execute(
                "INSERT INTO territorio (id, nombre, cut_region, comunas, estado, vv, cdot, "
                "hlc, origen, lseq) VALUES (?, 'Costa', '09', '[\"09117\"]', 'candidato', "
                "?, ?, ?, ?, ?)",
                (_id(n), json.dumps({dev: seq}), json.dumps(cdot), _hlc(seq), dev, seq),
            )
        elif fila:
            conn.execute(
                "INSERT INTO persona (id, territorio_id, nombre, vv, cdot, hlc, origen, lseq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _id(n),
                    _id(1),
                    f"Socia {n}",
                    json.dumps({dev: seq}),
                    json.dumps(cdot),
                    _hlc(seq),
                    dev,
                    seq,
                ),
            )
        cambios.append(
            (dev, seq, _hlc(seq), momento, usuario, tabla, _id(n), "*", None, None, motivo)
        )

    crear("territorio", 1, DEV, 1, "Ana", "registro inicial")
    for i in range(2, 8):  # seguidas: un tramo (en otra tabla que la anterior)
        crear("persona", i, DEV, i, "Ana", None)
    crear("persona", 8, DEV, 8, "Luis", None)  # otra persona: otro tramo
    cambios.append(
        (DEV, 9, _hlc(9), MOMENTO, "Ana", "persona", _id(2), "nombre", '"Socia 2"', '"Rosa"', None)
    )
    crear("persona", 10, DEV, 10, "Ana", None, momento="2026-03-01T12:00:01+00:00")
    crear("persona", 11, DEV, 11, "Ana", None, momento="ayer")  # momento como texto
    crear("persona", 12, DEV, 12, "Ana", None, fila=False)  # su registro ya no está
    crear("persona", 13, DEV, 13, "Ana", None, cdot_propio=False)  # el registro dice otro punto
    crear("persona", 14, OTRO, 5, "Juan", "llegó de otro")  # de otro dispositivo
    crear("persona", 15, OTRO, 6, "Juan", "llegó de otro")
    conn.executemany(f"INSERT INTO cambio ({qh._LISTA}) VALUES ({', '.join('?' * 11)})", cambios)
    # Las personas sin nombre nuevo: deja la fila de Socia 2 como la vería la aplicación.
    conn.execute("UPDATE persona SET nombre = 'Rosa' WHERE id = ?", (_id(2),))
    filas = conn.execute(f"SELECT {qh._LISTA} FROM cambio ORDER BY dispositivo, seq").fetchall()
    conn.execute("COMMIT")
    conn.close()
    assert len(filas) == len(cambios)
    return filas


def test_migrar_al_14_deja_cada_fila_de_la_bitacora_igual(tmp_path: Path):
    ruta = tmp_path / "vieja.sqlite"
    antes = _base_13(ruta)
    with Almacen.abrir(ruta) as a:
        assert a.esquema() >= 14
        despues = a.conn.execute(
            f"SELECT {qh._LISTA} FROM cambio ORDER BY dispositivo, seq"
        ).fetchall()
        assert despues == antes
        # El historial de un registro, en su orden de siempre: la creación primero.
        historial = a.historial(Persona, _id(2))
        assert [h["campo"] for h in historial] == ["*", "nombre"]
        assert historial[0]["usuario"] == "Ana" and historial[0]["momento"] == MOMENTO
    conn = conectar(ruta)
    tramos = conn.execute(
        "SELECT d.id, k.desde, k.hasta, k.tabla FROM creacion k "
        "JOIN dispositivo d ON d.n = k.dispositivo ORDER BY d.id, k.desde"
    ).fetchall()
    # Las del otro dispositivo quedan como filas (la oficina busca por remitente al importar).
    assert tramos == [
        (DEV, 1, 1, "territorio"),
        (DEV, 2, 7, "persona"),
        (DEV, 8, 8, "persona"),
        (DEV, 10, 10, "persona"),
        (DEV, 11, 11, "persona"),
    ]
    # Quedan como filas solo las que no se pueden rehacer, y el cambio de nombre.
    quedan = conn.execute("SELECT seq, campo FROM bitacora ORDER BY seq").fetchall()
    assert quedan == [(5, "*"), (6, "*"), (9, "nombre"), (12, "*"), (13, "*")]


def test_historial_y_sincronizacion_de_registros_creados_en_tramos(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    ids = nb.insertar_lote(
        Persona,
        [{"territorio_id": tid, "nombre": f"Socia {i}"} for i in range(30)],
        motivo="taller",
    )
    nb.actualizar(Persona, ids[3], {"nombre": "Rosa Ñancupil"})
    mas = nb.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": f"Otra {i}"} for i in range(5)]
    )
    # Un lote de creaciones es un tramo; el siguiente, detrás de un cambio, otro.
    assert nb.conn.execute("SELECT count(*) FROM creacion").fetchone()[0] == 3
    assert nb.conn.execute("SELECT count(*) FROM bitacora WHERE campo = '*'").fetchone()[0] == 0
    propio = qh.filas_historial(nb, "persona", ids[3])
    assert [(f[7], f[10]) for f in propio] == [("*", "taller"), ("nombre", None)]
    assert propio[0][:3] == tuple(
        json.loads(
            nb.conn.execute("SELECT cdot FROM persona WHERE id = ?", (ids[3],)).fetchone()[0]
        )
    )
    enviar(nb, oficina, tmp_path)
    for id_ in (tid, ids[0], ids[3], ids[-1], mas[0], mas[-1]):
        tabla = "territorio" if id_ == tid else "persona"
        aqui, alla = qh.filas_historial(nb, tabla, id_), qh.filas_historial(oficina, tabla, id_)
        # La oficina fecha la creación por su sello (HLC): lo demás, igual.
        sin_momento = [f[:3] + f[4:] for f in aqui]
        assert [f[:3] + f[4:] for f in alla] == sin_momento and sin_momento
    creadas = oficina.conn.execute(
        "SELECT count(*) FROM cambio WHERE campo = '*' AND dispositivo = ?", (nb.dispositivo,)
    ).fetchone()[0]
    assert creadas == 36


def test_un_registro_que_pierde_su_punto_de_creacion_conserva_su_fila(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    ids = nb.insertar_lote(Persona, [{"territorio_id": tid, "nombre": f"S {i}"} for i in range(4)])
    antes = {i: qh.filas_historial(nb, "persona", i) for i in ids}
    with nb.transaccion():
        # Como sucesion.py al resellar: el cdot pasa a otro punto; y un registro se borra.
        nb.conn.execute(
            "UPDATE persona SET cdot = ? WHERE id = ?",
            (json.dumps([nb.dispositivo, 999, "1740000000999.00000"]), ids[1]),
        )
        nb.conn.execute("DELETE FROM persona WHERE id = ?", (ids[2],))
        nb.conn.execute("UPDATE persona SET nombre = 'x' WHERE id = ?", (ids[3],))
    for i in ids:
        assert qh.filas_historial(nb, "persona", i) == antes[i]
    fijadas = nb.conn.execute(
        "SELECT registro_id FROM bitacora WHERE campo = '*' ORDER BY registro_id"
    ).fetchall()
    assert fijadas == sorted([(ids[1],), (ids[2],)])


def test_la_misma_creacion_llegada_como_fila_no_se_repite(tmp_path: Path):
    oficina, (nb,) = red(tmp_path, 1)
    tid = nb.insertar(Territorio, TERRITORIO)
    (fila,) = [f for f in qh.filas_historial(nb, "territorio", tid)]
    assert compacta.escribir(nb.conn, [fila], ignorar_repetidas=True) == 1
    assert qh.filas_historial(nb, "territorio", tid) == [fila]
    assert compacta.escribir(nb.conn, [fila], ignorar_repetidas=True) == 0
    assert qh.filas_historial(nb, "territorio", tid) == [fila]
