from __future__ import annotations

import json
import shutil

import pytest

from pir_campo.almacen import ESQUEMA_ACTUAL, Almacen, motor
from pir_campo.almacen.conexion import ID_APLICACION
from pir_campo.errores import (
    ErrorBaseDatos,
    ErrorEsquemaNuevo,
    ErrorNoEncontrado,
    ErrorRegistroCerrado,
    ErrorValidacion,
)
from pir_campo.modelos import ActaValidacion, Asistencia, Firmante, Persona, Taller, Territorio
from tests.conftest import DATOS, ESQUEMAS_PUBLICADOS, conectar, contenido

TERRITORIO = {"nombre": "Costa Lago Budi", "cut_region": "09", "comunas": ["09117", "09119"]}


def _meta(almacen, tabla, id_):
    fila = almacen.conn.execute(
        f"SELECT vv, cdot, fdots, hlc, origen, lseq, eliminado FROM {tabla} WHERE id = ?", (id_,)
    ).fetchone()
    vv, cdot, fdots, hlc, origen, lseq, eliminado = fila
    return json.loads(vv), json.loads(cdot), json.loads(fdots), hlc, origen, lseq, eliminado


def test_base_nueva_en_wal_con_esquema_actual_e_identidad(almacen):
    conn = almacen.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == ESQUEMA_ACTUAL
    assert conn.execute("PRAGMA application_id").fetchone()[0] == ID_APLICACION
    assert almacen.dispositivo.startswith("dv_") and len(almacen.dispositivo) == 13
    assert len(bytes(almacen.llave_firma())) == 32 and len(bytes(almacen.llave_cifrado())) == 32
    privadas = {bytes(almacen.llave_firma()).hex(), bytes(almacen.llave_cifrado()).hex()}
    assert not any(p in json.dumps(almacen.resumen()) for p in privadas)


def test_insertar_marca_punto_de_escritura_y_bitacora(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    vv, cdot, fdots, hlc, origen, lseq, eliminado = _meta(almacen, "persona", pid)
    dev = almacen.dispositivo
    assert vv == {dev: 2} and cdot[:2] == [dev, 2] and cdot[2] == hlc
    assert (fdots, origen, lseq, eliminado) == ({}, dev, 2, 0)
    assert almacen.estado()["seq"] == "2"
    [creacion] = almacen.historial(Persona, pid)
    assert (creacion["campo"], creacion["usuario"], creacion["dispositivo"]) == (
        "*",
        "Ana Pérez Huenchumilla",
        dev,
    )
    assert len(pid) == 36 and pid[14] == "7"  # UUIDv7


def test_actualizar_marca_solo_los_campos_cambiados(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    cambio = almacen.actualizar(Territorio, tid, {"poblacion": 1200, "nombre": "Costa Lago Budi"})
    assert cambio.campos == {"poblacion"} and cambio.ids == (tid,)
    vv, _, fdots, hlc, _, lseq, _ = _meta(almacen, "territorio", tid)
    assert set(fdots) == {"poblacion"} and fdots["poblacion"][:2] == [almacen.dispositivo, 2]
    assert vv == {almacen.dispositivo: 2} and lseq == 2
    historial = almacen.historial(Territorio, tid)
    assert [(h["campo"], h["anterior"], h["nuevo"]) for h in historial[1:]] == [
        ("poblacion", "null", "1200")
    ]
    assert almacen.actualizar(Territorio, tid, {"poblacion": 1200}).vacio
    assert almacen.estado()["seq"] == "2"


def test_eliminar_deja_lapida_con_su_punto_y_no_borra(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    almacen.eliminar(Territorio, tid, motivo="duplicado")
    _, _, fdots, _, _, lseq, eliminado = _meta(almacen, "territorio", tid)
    assert eliminado == 1 and "eliminado" in fdots and lseq == 2
    assert almacen.contar(Territorio) == 0 and almacen.listar(Territorio) == []
    with pytest.raises(ErrorNoEncontrado, match="No existe el territorio"):
        almacen.obtener(Territorio, tid)
    assert almacen.historial(Territorio, tid)[-1]["motivo"] == "duplicado"


def test_indice_de_busqueda_solo_cambia_si_cambia_lo_indexado(almacen):
    """El índice se mantiene por número de fila (esquema 9): reescribir una persona sin tocar
    nombre, eliminado ni territorio no escribe en el índice; cambiar el nombre lo reemplaza."""
    tid = almacen.insertar(Territorio, TERRITORIO)
    otra = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Juana Painemal"})
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa Ñancupil"})
    c = almacen.conn

    def buscar(texto):
        sql = "SELECT persona_id FROM persona_busqueda WHERE persona_busqueda MATCH ?"
        return [f[0] for f in c.execute(sql, (texto,))]

    antes = c.total_changes
    c.execute("UPDATE persona SET telefono = '+56911112222', nombre = nombre WHERE id = ?", (pid,))
    assert c.total_changes - antes == 1  # solo la fila de persona: el índice no se tocó
    almacen.actualizar(Persona, pid, {"nombre": "Rosa Huenchumilla"})
    assert buscar("nancupil") == [] and buscar("huenchumilla") == [pid]
    assert buscar("painemal") == [otra]
    fila = c.execute("SELECT fila FROM persona_busqueda_fila WHERE persona_id = ?", (pid,))
    assert c.execute(
        "SELECT persona_id FROM persona_busqueda WHERE rowid = ?", fila.fetchone()
    ).fetchall() == [(pid,)]
    almacen.eliminar(Persona, pid)
    assert buscar("huenchumilla") == [] and buscar("painemal") == [otra]
    plan = " ".join(
        str(f)
        for f in c.execute(
            "EXPLAIN QUERY PLAN DELETE FROM persona_busqueda WHERE rowid = "
            "(SELECT fila FROM persona_busqueda_fila WHERE persona_id = ?)",
            (pid,),
        )
    )
    assert "SCAN persona_busqueda_fila" not in plan


def test_hlc_avanza_aunque_el_reloj_retroceda(almacen):
    relojes = iter([5_000_000, 4_000_000, 4_000_000, 1_000])
    almacen._hlc.reloj = lambda: next(relojes)
    sellos = []
    for _ in range(4):
        tid = almacen.insertar(Territorio, TERRITORIO)
        sellos.append(_meta(almacen, "territorio", tid)[3])
    assert sellos == sorted(sellos) and len(set(sellos)) == 4
    assert sellos[-1] == "0000005000000.00003"


def test_escritura_fallida_no_deja_nada(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    antes = contenido(almacen.ruta)
    lote = [{"territorio_id": tid, "nombre": f"P{i}"} for i in range(5)]
    lote.append({"territorio_id": tid, "nombre": "Mal", "rut": "1-1"})
    with pytest.raises(ErrorValidacion):
        almacen.insertar_lote(Persona, lote)
    with pytest.raises(RuntimeError), almacen.transaccion():
        almacen.insertar(Persona, {"territorio_id": tid, "nombre": "A medias"})
        raise RuntimeError("corte de luz simulado")
    with pytest.raises(ErrorValidacion):
        almacen.actualizar(Territorio, tid, {"hogares": -3})
    assert contenido(almacen.ruta) == antes
    assert almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Ok"})
    assert almacen.estado()["seq"] == "2"  # el contador no saltó por los intentos fallidos


def _taller(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    taller = almacen.insertar(
        Taller, {"territorio_id": tid, "paso": 2, "titulo": "Validación", "fecha": "2026-03-12"}
    )
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Juan Painemal"})
    asis = almacen.insertar(
        Asistencia, {"territorio_id": tid, "taller_id": taller, "persona_id": pid}
    )
    return tid, taller, pid, asis


def test_taller_cerrado_queda_congelado_y_reabrir_exige_motivo(almacen):
    tid, taller, pid, asis = _taller(almacen)
    almacen.actualizar(Taller, taller, {"estado": "cerrado"})
    antes = contenido(almacen.ruta)
    with pytest.raises(ErrorRegistroCerrado, match="reábralo indicando el motivo"):
        almacen.actualizar(Taller, taller, {"discusion": "cambio tardío"})
    with pytest.raises(ErrorRegistroCerrado):
        almacen.insertar(Asistencia, {"territorio_id": tid, "taller_id": taller, "persona_id": pid})
    with pytest.raises(ErrorRegistroCerrado):
        almacen.eliminar(Asistencia, asis)
    with pytest.raises(ErrorRegistroCerrado):
        almacen.actualizar(Taller, taller, {"estado": "borrador"})
    assert contenido(almacen.ruta) == antes
    reabrir = {"estado": "borrador", "motivo_reapertura": "Faltó un acuerdo"}
    almacen.actualizar(Taller, taller, reabrir, motivo="Faltó un acuerdo")
    assert almacen.historial(Taller, taller)[-1]["motivo"] == "Faltó un acuerdo"
    almacen.actualizar(Taller, taller, {"discusion": "Se agrega el acuerdo"})


def test_acta_firmada_queda_congelada(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    acta = almacen.insertar(
        ActaValidacion,
        {
            "territorio_id": tid,
            "tipo": "validacion_territorio",
            "fecha": "2026-03-12",
            "decision": "aprobado",
        },
    )
    almacen.insertar(
        Firmante, {"territorio_id": tid, "acta_id": acta, "nombre": "Ana", "lado": "comunidad"}
    )
    almacen.actualizar(ActaValidacion, acta, {"estado": "firmada"})
    with pytest.raises(ErrorRegistroCerrado, match="registre una adenda"):
        almacen.actualizar(ActaValidacion, acta, {"votos_favor": 3})
    with pytest.raises(ErrorRegistroCerrado):
        almacen.insertar(
            Firmante,
            {"territorio_id": tid, "acta_id": acta, "nombre": "Otro", "lado": "sector_publico"},
        )


def test_base_mas_nueva_que_la_aplicacion_se_rechaza_sin_tocarla(tmp_path):
    ruta = tmp_path / "nueva.sqlite"
    Almacen.iniciar(ruta, "campo", "Ana", None).cerrar()
    conn = conectar(ruta)
    conn.execute(f"PRAGMA user_version = {ESQUEMA_ACTUAL + 5}")
    conn.close()
    antes = ruta.read_bytes()
    with pytest.raises(ErrorEsquemaNuevo, match="versión más nueva de PIR Campo"):
        Almacen.abrir(ruta)
    assert ruta.read_bytes() == antes
    assert not list(tmp_path.glob("*respaldo*"))


@pytest.mark.parametrize("version", ESQUEMAS_PUBLICADOS[:-1])
def test_base_de_esquema_viejo_se_respalda_y_migra_conservando_datos(tmp_path, version):
    ruta = tmp_path / "vieja.sqlite"
    shutil.copy(DATOS / f"esquema_v{version}.sqlite", ruta)
    antes = contenido(ruta)
    with Almacen.abrir(ruta) as almacen:
        assert almacen.esquema() == ESQUEMA_ACTUAL
        [persona] = almacen.listar(Persona)
        assert persona["nombre"] == "Rosa Ñancupil Huenchumilla" and persona["rut"] == "999999K"
        encontradas = almacen.conn.execute(
            "SELECT persona_id FROM persona_busqueda WHERE persona_busqueda MATCH 'nancupil'"
        ).fetchall()
        assert encontradas == [(persona["id"],)]
        almacen.insertar(Persona, {"territorio_id": persona["territorio_id"], "nombre": "Nueva"})
    [respaldo] = tmp_path.glob(f"vieja.respaldo-esquema{version}-*.sqlite")
    assert contenido(respaldo) == antes


def test_hay_una_base_de_prueba_por_cada_esquema_publicado():
    for version in ESQUEMAS_PUBLICADOS:
        ruta = DATOS / f"esquema_v{version}.sqlite"
        assert ruta.is_file(), f"falta {ruta.name}: ejecute tests/datos/generar_fixtures.py"
        assert motor.es_plana(ruta), "las bases de esquemas publicados son planas (sin cifrar)"
        conn = conectar(ruta)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        conn.close()


def test_archivo_que_no_es_base_de_pir_campo_se_rechaza(tmp_path):
    basura = tmp_path / "foto.sqlite"
    basura.write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    with pytest.raises(ErrorBaseDatos, match="no es una base de datos de PIR Campo"):
        Almacen.abrir(basura)
    ajena = tmp_path / "ajena.sqlite"
    conn = motor.conectar(ajena, None)
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    with pytest.raises(ErrorBaseDatos, match="no de PIR Campo"):
        Almacen.abrir(ajena)
    with pytest.raises(ErrorBaseDatos, match="No existe la base de datos"):
        Almacen.abrir(tmp_path / "no_existe.sqlite")


def test_iniciar_no_sobrescribe_y_valida(tmp_path):
    ruta = tmp_path / "a.sqlite"
    Almacen.iniciar(ruta, "oficina", "GORE Los Ríos", "14").cerrar()
    with pytest.raises(ErrorBaseDatos, match="no se sobrescribe"):
        Almacen.iniciar(ruta, "campo", "Otra", None)
    with pytest.raises(ErrorValidacion, match="«Región»"):
        Almacen.iniciar(tmp_path / "b.sqlite", "campo", "Ana", "99")
    with pytest.raises(ErrorValidacion, match="«Rol»"):
        Almacen.iniciar(tmp_path / "c.sqlite", "jefe", "Ana", None)
    assert not (tmp_path / "b.sqlite").exists() and not (tmp_path / "c.sqlite").exists()
    with Almacen.abrir(ruta) as oficina:
        assert oficina.rol == "oficina" and oficina.dispositivo.startswith("of_")


def test_resumen_cuenta_sin_lapidas_y_pendientes(almacen):
    tid, taller, pid, asis = _taller(almacen)
    almacen.eliminar(Asistencia, asis)
    datos = almacen.resumen()
    assert datos["conteos"]["asistencias"] == 0 and datos["conteos"]["personas"] == 1
    assert datos["pendientes_envio"] == 4 and datos["conflictos_abiertos"] == 0
    almacen.conn.execute(
        "INSERT INTO par (id, rol, nombre, clave_firma, clave_cifrado, confirmado_por_par, "
        "registrado_en) VALUES ('of_X', 'oficina', 'GORE', '00', '00', 3, 'hoy')"
    )
    assert almacen.resumen()["pendientes_envio"] == 1  # solo la asistencia (lseq 5)


def test_cada_campo_de_cada_modelo_tiene_su_columna(almacen):
    # Si un modelo gana un campo sin su migración, esta prueba lo dice antes que un usuario.
    import sqlite_utils

    from pir_campo.almacen.tablas import META, tabla
    from pir_campo.modelos import MODELOS

    db = sqlite_utils.Database(almacen.conn)
    for modelo in MODELOS:
        columnas = set(db[modelo.tabla].columns_dict)
        faltan = ({"id", "extra", *META} | set(tabla(modelo).campos)) - columnas
        assert not faltan, f"{modelo.tabla}: faltan columnas {faltan}"


def test_escribir_sellado_sella_en_la_transaccion_de_quien_llama(almacen):
    tid = almacen.insertar(Territorio, TERRITORIO)
    pid = almacen.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    antes = contenido(almacen.ruta)
    # Si lo que sigue a la escritura falla, no queda nada: ni el valor, ni el punto, ni la
    # bitácora, ni el contador.
    with pytest.raises(RuntimeError), almacen.transaccion():
        almacen.escribir_sellado("persona", pid, {"nombre": "Rosa Ñancupil"}, "prueba")
        raise RuntimeError("falla después de escribir")
    assert contenido(almacen.ruta) == antes
    with almacen.transaccion():
        cambio = almacen.escribir_sellado(
            "persona", pid, {"nombre": "Rosa Ñancupil", "fusionado_en": None}, "prueba"
        )
        seq_propio = almacen.nuevo_seq()
    assert cambio.campos == {"nombre", "fusionado_en"} and cambio.ids == (pid,)
    vv, _, fdots, hlc, origen, lseq, _ = _meta(almacen, "persona", pid)
    dev = almacen.dispositivo
    assert fdots["nombre"] == fdots["fusionado_en"] == [dev, 3, hlc]
    assert vv == {dev: 3} and (origen, lseq) == (dev, 3) and seq_propio == 4
    assert almacen.estado()["seq"] == "4"
    ultimos = [
        (h["campo"], h["anterior"], h["nuevo"], h["motivo"])
        for h in almacen.historial(Persona, pid)[1:]
    ]
    assert sorted(ultimos) == [
        ("fusionado_en", "null", "null", "prueba"),
        ("nombre", '"Rosa"', '"Rosa Ñancupil"', "prueba"),
    ]
    with pytest.raises(ErrorNoEncontrado):
        almacen.escribir_sellado("persona", "0195a000-0000-7000-8000-00000000dead", {"nombre": "X"})
    with pytest.raises(ValueError):
        almacen.escribir_sellado("persona", pid, {"vv": "{}"})
    assert almacen.estado()["seq"] == "4"


def test_observar_reloj_adelanta_el_propio_y_rechaza_uno_absurdo(almacen):
    with almacen.transaccion():
        assert almacen.observar_reloj("9999999999999.00000") is False
        assert almacen.observar_reloj("0000000000001.00000") is True
    tid = almacen.insertar(Territorio, TERRITORIO)
    assert _meta(almacen, "territorio", tid)[3] < "9999999999999"
