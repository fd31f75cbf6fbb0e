"""La bitácora compacta del esquema 12: se guarda con números (dispositivo, usuario, motivo) y
el momento en segundos, y la vista `cambio` devuelve exactamente lo que se escribió."""

from __future__ import annotations

from pathlib import Path

import pytest

from pir_campo.almacen import Almacen, motor
from pir_campo.almacen import bitacora as compacta
from pir_campo.almacen import consultas_historial as qh
from pir_campo.almacen.conexion import ID_APLICACION
from pir_campo.almacen.migraciones import MIGRACIONES, momento_compacto
from pir_campo.modelos import Persona, Territorio
from tests.conftest import conectar

TERRITORIO = {"nombre": "Costa Lago Budi", "cut_region": "09", "comunas": ["09117"]}
MOMENTOS = [
    "2026-03-01T12:00:00+00:00",
    "1999-12-31T23:59:59+00:00",
    "2026-02-30T12:00:00+00:00",  # no existe: queda como texto
    "2026-03-01T12:00:00-03:00",
    "2026-03-01T12:00:00",
    "2026-03-01 12:00:00+00:00",
    "0999-01-01T00:00:00+00:00",
    "ayer",
]


def _fila(dispositivo: str, seq: int, momento: str, motivo: str | None = None) -> tuple:
    return (
        dispositivo,
        seq,
        f"17400000000{seq:02d}.00000",
        momento,
        "Luis Caniullan",
        "persona",
        "0195a000-0000-7000-8000-0000000000aa",
        "nombre",
        '"A"',
        '"B"',
        motivo,
    )


def test_el_momento_se_guarda_en_segundos_solo_si_vuelve_igual(almacen):
    for momento in MOMENTOS:
        sql = almacen.conn.execute(f"SELECT {momento_compacto('?1')}", (momento,)).fetchone()[0]
        assert compacta.segundos(momento) == sql, momento
    assert compacta.segundos("2026-03-01T12:00:00+00:00") == 1772366400
    assert compacta.segundos("2026-02-30T12:00:00+00:00") == "2026-02-30T12:00:00+00:00"


def test_la_vista_devuelve_lo_escrito_y_se_guarda_con_numeros(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO, motivo="registro inicial")
    almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    filas = [_fila("dv_OTRO0000001", n, m, "importado") for n, m in enumerate(MOMENTOS, 1)]
    with almacen.transaccion():
        assert qh.guardar_auditoria(almacen, filas) == len(MOMENTOS)
        # La misma fila otra vez no se guarda ni se cuenta; tampoco el dispositivo ya conocido.
        assert qh.guardar_auditoria(almacen, filas[:3]) == 0
    conn = almacen.conn
    vistas = conn.execute(
        f"SELECT {qh._LISTA} FROM cambio WHERE dispositivo = 'dv_OTRO0000001' ORDER BY seq"
    ).fetchall()
    assert vistas == filas
    propias = conn.execute(
        "SELECT dispositivo, usuario, motivo, momento FROM cambio WHERE dispositivo = ? "
        "ORDER BY seq",
        (almacen.dispositivo,),
    ).fetchall()
    assert [f[:3] for f in propias] == [
        (almacen.dispositivo, "Ana Pérez Huenchumilla", "registro inicial"),
        (almacen.dispositivo, "Ana Pérez Huenchumilla", None),
    ]
    assert all(len(f[3]) == 25 and f[3].endswith("+00:00") for f in propias)
    # Las creaciones propias quedan en tramos (esquema 14), también con números.
    tipos = conn.execute(
        "SELECT DISTINCT typeof(dispositivo), typeof(usuario), typeof(momento) FROM bitacora "
        "WHERE dispositivo = (SELECT n FROM dispositivo WHERE id = ?1) UNION "
        "SELECT DISTINCT typeof(dispositivo), typeof(usuario), typeof(momento) FROM creacion "
        "WHERE dispositivo = (SELECT n FROM dispositivo WHERE id = ?1)",
        (almacen.dispositivo,),
    ).fetchall()
    assert tipos == [("integer", "integer", "integer")]
    assert conn.execute("SELECT count(*) FROM dispositivo").fetchone()[0] == 2
    # Los textos repetidos se guardan una vez.
    assert (
        conn.execute(
            "SELECT count(*) FROM texto_bitacora WHERE texto = 'Luis Caniullan'"
        ).fetchone()[0]
        == 1
    )


def test_escribir_editar_y_borrar_por_la_vista(almacen):
    conn = almacen.conn
    with almacen.transaccion():
        conn.execute(
            f"INSERT INTO cambio ({qh._LISTA}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _fila("dv_VISTA000001", 1, MOMENTOS[0], "a mano"),
        )
        with pytest.raises(motor.IntegrityError):
            conn.execute(
                f"INSERT INTO cambio ({qh._LISTA}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _fila("dv_VISTA000001", 1, MOMENTOS[0]),
            )
        antes = conn.total_changes
        conn.execute(
            "UPDATE cambio SET anterior = '\"*\"', usuario = 'Otra Persona' "
            "WHERE dispositivo = 'dv_VISTA000001'"
        )
        assert conn.total_changes - antes == 2  # la fila y el texto nuevo «Otra Persona»
    fila = conn.execute(
        "SELECT anterior, nuevo, usuario, motivo, momento FROM cambio "
        "WHERE dispositivo = 'dv_VISTA000001'"
    ).fetchone()
    assert fila == ('"*"', '"B"', "Otra Persona", "a mano", MOMENTOS[0])
    with almacen.transaccion():
        conn.execute("DELETE FROM cambio WHERE dispositivo = 'dv_VISTA000001'")
    assert (
        conn.execute(
            "SELECT count(*) FROM bitacora WHERE dispositivo = "
            "(SELECT n FROM dispositivo WHERE id = 'dv_VISTA000001')"
        ).fetchone()[0]
        == 0
    )


def test_migrar_al_esquema_12_conserva_cada_fila_de_la_bitacora(tmp_path: Path):
    ruta = tmp_path / "vieja.sqlite"
    conn = motor.conectar(ruta, None, isolation_level=None)
    conn.execute("BEGIN")
    for n, _, aplicar in MIGRACIONES:
        if n <= 7:
            aplicar(conn)
    conn.execute("PRAGMA user_version = 7")
    conn.execute(f"PRAGMA application_id = {ID_APLICACION}")
    conn.executemany(
        "INSERT INTO estado_sincro VALUES (?, ?)",
        [
            ("dispositivo", "dv_VIEJA000001"),
            ("rol", "campo"),
            ("nombre", "Vieja"),
            ("cut_region", "09"),
            ("seq", "9"),
            ("hlc", "1740000000099.00000"),
            ("epoca_instalacion", "00"),
            ("creada_en", "2025-02-20T00:00:00+00:00"),
        ],
    )
    conn.executemany(
        "INSERT INTO identidad VALUES (?, ?)",
        [("firma_ed25519", bytes(range(32))), ("cifrado_x25519", bytes(range(32, 64)))],
    )
    filas = [
        _fila("dv_VIEJA000001" if n % 2 else "dv_OTRA0000001", n, m, None if n % 3 else "x")
        for n, m in enumerate(MOMENTOS, 1)
    ]
    conn.executemany(f"INSERT INTO cambio ({qh._LISTA}) VALUES ({', '.join('?' * 11)})", filas)
    numeros = [f[0] for f in conn.execute("SELECT n FROM cambio ORDER BY n")]
    conn.execute("COMMIT")
    conn.close()
    with Almacen.abrir(ruta) as a:
        assert a.esquema() == MIGRACIONES[-1][0]
        assert a.conn.execute(f"SELECT n, {qh._LISTA} FROM cambio ORDER BY n").fetchall() == [
            (n, *f) for n, f in zip(numeros, filas, strict=True)
        ]
        indices = {
            f[0] for f in a.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {"asistencia_territorio", "asistencia_persona"}.isdisjoint(indices)
        assert {"asistencia_territorio_vigente", "asistencia_persona_vigente"} <= indices
        # Una escritura nueva sigue la numeración (la creación va en un tramo: sin número).
        tid = a.insertar(Territorio, TERRITORIO)
        a.actualizar(Territorio, tid, {"nombre": "Otro nombre"})
        n_nuevo = a.conn.execute(
            "SELECT n FROM cambio WHERE registro_id = ? ORDER BY n", (tid,)
        ).fetchall()
        assert n_nuevo == [(None,), (max(numeros) + 1,)]
    assert conectar(ruta).execute("SELECT count(*) FROM bitacora").fetchone()[0] == 9
