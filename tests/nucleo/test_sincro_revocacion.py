"""Notebooks revocados y reinstalados (issue 11, parte 5a y 6), con bases reales y paquetes
reales firmados por la clave real del notebook: lo anterior al corte entra aunque llegue
después, lo posterior se retiene o se rechaza, una copia de la base no puede seguir firmando,
y un notebook reinstalado recibe los territorios del anterior. `verificar` da el mismo
veredicto que `importar`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pir_campo.almacen import Almacen, llaves, marca, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.cli import main
from pir_campo.errores import ErrorIdentidad, ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import alcance, estado, identidad, importar, revocacion
from tests.nucleo.sincro_apoyo import (
    TERRITORIO,
    armar,
    enviar,
    instalacion,
    paquete,
    partes,
    red,
    registrar,
)


def _nombres(almacen: Almacen) -> dict[str, str]:
    return {p["id"]: p["nombre"] for p in almacen.listar(Persona)}


def _escena(tmp: Path):
    """Un notebook con un territorio: lo primero llega a la oficina y vuelve el recibo; luego
    un paquete honesto queda en un pendrive (P2 y P4) y el notebook sigue trabajando (crea P3,
    edita P1 y P4) hasta que se pierde. Devuelve el corte N: el último cambio del paquete del
    pendrive."""
    oficina, [nb] = red(tmp, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp)
    p1 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    enviar(nb, oficina, tmp)
    enviar(oficina, nb, tmp)
    p2 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Honesta"})
    p4 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Honesta, editada después"})
    pendrive = paquete(nb, oficina, tmp)
    corte = rep.seq_actual(nb)
    p3 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Después del corte"})
    nb.actualizar(Persona, p1, {"nombre": "Rosa editada después"})
    nb.actualizar(Persona, p4, {"telefono": "+56 9 4444 4444"})
    despues = paquete(nb, oficina, tmp, cifrar=False)  # sin cifrar, sigue firmado
    return oficina, nb, tid, (p1, p2, p3, p4), pendrive, despues, corte


def test_con_corte_lo_honesto_entra_aunque_llegue_despues_y_lo_posterior_se_retiene(
    tmp_path: Path,
):
    oficina, nb, _, (p1, p2, p3, p4), pendrive, despues, corte = _escena(tmp_path)
    p = revocacion.revocar(oficina, nb.dispositivo, corte, "notebook robado")
    assert p["revocado_en"] and p["ultimo_seq_valido"] == corte
    evento = rep.eventos(oficina, "par", nb.dispositivo)[-1]
    assert evento["campo"] == "revocado" and evento["motivo"] == "notebook robado"
    assert json.loads(evento["nuevo"])["hasta_cambio"] == corte
    # El paquete posterior llega primero: trae P2 (antes del corte), P3 y las ediciones de P1
    # y P4 (después). Solo P2 entra; lo demás queda retenido entero y va en el recibo.
    verif = importar.verificar(oficina, despues)
    r = importar.importar(oficina, despues)
    nombres = _nombres(oficina)
    assert nombres[p2] == "Honesta" and p3 not in nombres and nombres[p1] == "Rosa"
    assert p4 not in nombres
    retenidos = {x["id"]: x["motivo"] for x in r.retenidos}
    assert set(retenidos) == {p1, p3, p4}
    assert all("posteriores a su último cambio válido" in m for m in retenidos.values())
    assert "el notebook que lo envió fue revocado el" in r.texto()
    assert f"hasta el n.º {corte}" in r.texto()
    # verificar dice exactamente lo mismo que aplicó importar.
    assert verif["retenidos"] == r.retenidos and verif["nuevos"] == r.nuevos
    assert verif["revocado"] == r.revocado
    recibo = next(
        b for b in rep.paquetes_de(oficina, nb.dispositivo) if b["paquete_id"] == r.paquete_id
    )
    assert {x["id"] for x in recibo["resumen"]["retenidos"]} == {p1, p3, p4}
    # La historia de lo posterior al corte tampoco entra en la bitácora de la oficina.
    assert not oficina.conn.execute(
        "SELECT count(*) FROM cambio WHERE dispositivo = ? AND seq > ?", (nb.dispositivo, corte)
    ).fetchone()[0]
    # El del pendrive, que es todo honesto, entra entero después: también P4 como era antes
    # del corte (aunque la oficina ya vio números más altos en el paquete posterior).
    r2 = importar.importar(oficina, pendrive)
    assert not r2.retenidos and _nombres(oficina)[p2] == "Honesta"
    fila = rep.fila_completa(oficina, "persona", p4)
    assert fila["nombre"] == "Honesta, editada después" and fila["telefono"] is None


def test_un_paquete_todo_posterior_al_corte_se_rechaza_entero(tmp_path: Path):
    oficina, nb, _, (_, _, p3, _), _, despues, corte = _escena(tmp_path)
    revocacion.revocar(oficina, nb.dispositivo, corte)
    cab, registros, auditoria, _ = partes(despues)
    posteriores = [x for x in registros["persona"] if x["vv"][nb.dispositivo] > corte]
    lineas = {"persona": [json.dumps(x).encode() for x in posteriores]}
    solo = armar(tmp_path, nb, oficina, {**cab, "seq_from": corte}, lineas, auditoria, {})
    antes = _nombres(oficina)
    for hacer in (importar.verificar, importar.importar):
        with pytest.raises(ErrorPaquete) as e:
            hacer(oficina, solo)
        assert e.value.codigo == "REVOCADO"
        assert "son posteriores. No se aplicó nada" in str(e.value)
    assert _nombres(oficina) == antes and p3 not in antes


def test_un_cambio_inventado_con_un_numero_ya_recibido_se_retiene(tmp_path: Path):
    """Con la copia de la base se puede firmar cualquier cosa con números viejos: un registro
    nuevo con un número que la oficina ya recibió (y que ella no tiene) es inventado."""
    oficina, nb, tid, (p1, _, _, _), _, despues, corte = _escena(tmp_path)
    revocacion.revocar(oficina, nb.dispositivo, corte)
    cab, registros, auditoria, _ = partes(despues)
    rosa = next(x for x in registros["persona"] if x["id"] == p1)
    # El número 1 con el sello que la oficina tiene de él (si no, ya lo detecta como número
    # reutilizado): solo el contenido es inventado.
    dot = [nb.dispositivo, 1, sucesion.huellas_de(oficina, nb.dispositivo, [1])[1]]
    falsa = {
        **rosa,
        "id": "01J0000000000000000000FALSA",
        "v": {**rosa["v"], "nombre": "Inventada", "rut": None},
        "vv": {nb.dispositivo: 1},
        "cd": dot,
        "fd": {c: dot for c in rosa["fd"]},
    }
    lineas = {"persona": [json.dumps(falsa).encode()]}
    armado = armar(tmp_path, nb, oficina, {**cab, "seq_from": 0}, lineas, [], {})
    r = importar.importar(oficina, armado)
    assert [x["motivo"] for x in r.retenidos] == [alcance.INVENTADO]
    assert "Inventada" not in _nombres(oficina).values()


def test_sin_corte_se_rechaza_todo_y_la_copia_de_la_base_no_puede_firmar(tmp_path: Path):
    oficina, nb, _, _, pendrive, despues, _ = _escena(tmp_path)
    dispositivo = nb.dispositivo
    revocacion.revocar(oficina, dispositivo)
    antes = _nombres(oficina)
    for ruta in (pendrive, despues):
        for hacer in (importar.verificar, importar.importar):
            with pytest.raises(ErrorPaquete) as e:
                hacer(oficina, ruta)
            assert e.value.codigo == "REVOCADO"
            assert "no se acepta nada que firme después" in str(e.value)
    # Quien copió la base (con su llave) la abre en otro equipo y sigue escribiendo.
    ruta = nb.ruta
    nb.cerrar()
    otro = tmp_path / "ladron"
    otro.mkdir()
    shutil.copy2(ruta, otro / ruta.name)
    shutil.copy2(llaves.ruta_llave(ruta), otro / llaves.ruta_llave(ruta).name)
    shutil.copy2(marca.ruta_marca(ruta), otro / marca.ruta_marca(ruta).name)
    copia = Almacen.abrir(otro / ruta.name)
    try:
        tid = copia.listar(Territorio)[0]["id"]
        copia.insertar(Persona, {"territorio_id": tid, "nombre": "Escrita por la copia"})
        with pytest.raises(ErrorPaquete) as e:
            enviar(copia, oficina, tmp_path)
        assert e.value.codigo == "REVOCADO"
    finally:
        copia.cerrar()
    # Si la marca junto a la base dice más de lo que ella tiene, la copia se da cuenta de que
    # es copia y sigue con una identidad nueva, certificada por la clave revocada: ese
    # certificado no se cree.
    marca.escribir(otro / ruta.name, dispositivo, 10_000)
    copia = Almacen.abrir(otro / ruta.name)
    try:
        assert copia.dispositivo != dispositivo
        copia.insertar(Persona, {"territorio_id": tid, "nombre": "Otra de la copia"})
        ruta_copia = paquete(copia, oficina, tmp_path)
        assert json.loads(_sobre(ruta_copia))["succession"]["anterior"] == dispositivo
        with pytest.raises(ErrorPaquete) as e:
            importar.importar(oficina, ruta_copia)
        assert e.value.codigo == "REVOCADO" and "certificado" in str(e.value)
        assert (
            identidad.firmante_sucesor(
                oficina, copia.dispositivo, json.loads(_sobre(ruta_copia))["succession"]
            )
            is None
        )
    finally:
        copia.cerrar()
    assert _nombres(oficina) == antes
    assert len(rep.pares(oficina, "campo")) == 1  # la identidad de la copia no se registró


def _sobre(ruta: Path) -> str:
    import zipfile

    with zipfile.ZipFile(ruta) as z:
        return z.read("envelope.json").decode()


def test_no_se_envian_datos_a_un_revocado_y_la_lista_lo_muestra(tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    revocacion.revocar(oficina, nb.dispositivo, 5)
    with pytest.raises(ErrorPaquete, match="está revocado: la oficina no le envía datos"):
        paquete(oficina, nb, tmp_path)
    (fila,) = estado.estado(oficina)["dispositivos"]
    assert fila["revocado"].startswith("Revocado el ")
    assert "hasta el n.º 5" in fila["revocado"]
    # Cambiar el corte de uno ya revocado queda en la bitácora; sin corte nuevo, se avisa.
    revocacion.revocar(oficina, nb.dispositivo, 3)
    assert rep.par(oficina, nb.dispositivo)["ultimo_seq_valido"] == 3
    with pytest.raises(ErrorIdentidad, match="ya fue revocado el"):
        revocacion.revocar(oficina, nb.dispositivo)


def test_errores_de_revocar(tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    with pytest.raises(ErrorIdentidad, match="no se revoca a sí misma"):
        revocacion.revocar(oficina, oficina.dispositivo)
    with pytest.raises(ErrorIdentidad, match="no es un notebook registrado"):
        revocacion.revocar(oficina, "dv_0000000000")
    with pytest.raises(ErrorIdentidad, match="se revocan en la oficina"):
        revocacion.revocar(nb, oficina.dispositivo)
    assert rep.par(oficina, nb.dispositivo)["revocado_en"] is None


def test_cli_revocar_codigos_de_salida_y_mensajes(tmp_path: Path, capsys):
    oficina, nb, _, _, pendrive, despues, corte = _escena(tmp_path)
    db, dispositivo = str(oficina.ruta), nb.dispositivo
    oficina.cerrar()
    assert main(["revocar", "--db", db, "dv_0000000000"]) == 1
    assert "no es un notebook registrado" in capsys.readouterr().err
    assert main(["revocar", "--db", db, dispositivo, "--hasta-cambio", "-3"]) != 0
    assert "no es un número de cambio" in capsys.readouterr().err
    codigo = main(["revocar", "--db", db, dispositivo, "--hasta-cambio", str(corte)])
    salida = capsys.readouterr().out
    assert codigo == 0 and "revocado" in salida and f"hasta el n.º {corte}" in salida
    assert "--reemplaza" in salida
    assert main(["identidad", "--db", db, "--pares"]) == 0
    assert "Revocado el " in capsys.readouterr().out
    # Verificar e importar dicen lo mismo: lo posterior retenido, con el aviso.
    assert main(["verificar", "--db", db, str(despues)]) == 0
    v = capsys.readouterr().out
    assert "fue revocado" in v and "posteriores a su último cambio válido" in v
    assert main(["importar", "--db", db, str(despues)]) == 0
    i = capsys.readouterr().out
    assert "fue revocado" in i and "posteriores a su último cambio válido" in i
    # Con el corte en 0, un paquete cuyos cambios son todos posteriores se rechaza entero,
    # con código 1.
    main(["revocar", "--db", db, dispositivo, "--hasta-cambio", "0"])
    capsys.readouterr()
    assert main(["importar", "--db", db, str(pendrive)]) == 1
    assert "son posteriores. No se aplicó nada" in capsys.readouterr().err
    nb.cerrar()


def test_notebook_reinstalado_recibe_los_territorios_del_anterior(tmp_path: Path, capsys):
    oficina, [viejo, otro] = red(tmp_path, 2)
    t1 = oficina.insertar(Territorio, TERRITORIO)
    t2 = oficina.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio Nehuentúe"})
    registrar(oficina, viejo, tmp_path, [t1])
    registrar(oficina, otro, tmp_path, [t2])
    enviar(oficina, viejo, tmp_path)
    suya = viejo.insertar(Persona, {"territorio_id": t1, "nombre": "Escrita por el viejo"})
    ajena = oficina.insertar(Persona, {"territorio_id": t2, "nombre": "De otro territorio"})
    enviar(viejo, oficina, tmp_path)
    recibido = rep.par(oficina, viejo.dispositivo)["aplicado_desde_par"]
    # Se reinstala desde cero: identidad nueva.
    (tmp_path / "reinstalado").mkdir()
    nuevo = instalacion(tmp_path / "reinstalado", "notebook1")
    id_oficina, id_nuevo = tmp_path / "of.json", tmp_path / "nuevo.json"
    identidad.escribir(oficina, id_oficina)
    identidad.escribir(nuevo, id_nuevo)
    identidad.confiar(nuevo, identidad.leer(id_oficina))
    db = str(oficina.ruta)
    oficina.cerrar()
    assert (
        main(
            [
                "confiar",
                "--db",
                db,
                str(id_nuevo),
                "--reemplaza",
                viejo.dispositivo,
                "--territorio",
                t2,
            ]
        )
        == 1
    )
    assert "no indique --territorio" in capsys.readouterr().err
    assert main(["confiar", "--db", db, str(id_nuevo), "--reemplaza", oficina.dispositivo]) == 1
    assert "no se revoca a sí misma" in capsys.readouterr().err
    assert main(["confiar", "--db", db, str(id_nuevo), "--reemplaza", viejo.dispositivo]) == 0
    assert "recibe sus territorios" in capsys.readouterr().out
    oficina = Almacen.abrir(Path(db))
    try:
        p_nuevo, p_viejo = rep.par(oficina, nuevo.dispositivo), rep.par(oficina, viejo.dispositivo)
        assert p_nuevo["territorios"] == [t1] and not p_nuevo["toda_la_region"]
        assert p_viejo["revocado_en"] and p_viejo["ultimo_seq_valido"] == recibido
        assert rep.eventos(oficina, "par", nuevo.dispositivo)[-1]["campo"] == "reemplaza"
        assert rep.eventos(oficina, "par", viejo.dispositivo)[-1]["campo"] == "revocado"
        filas = {d["id"]: d for d in estado.estado(oficina)["dispositivos"]}
        assert "Reemplaza al notebook reinstalado" in filas[nuevo.dispositivo]["identidad"]
        assert "lo reemplaza" in filas[viejo.dispositivo]["identidad"]
        # Lo honesto del viejo queda; el primer paquete del nuevo trae su territorio entero
        # (también lo que escribió el viejo) y nada del otro territorio.
        assert _nombres(oficina)[suya] == "Escrita por el viejo"
        r = enviar(oficina, nuevo, tmp_path)
        assert not r.retenidos
        en_nuevo = _nombres(nuevo)
        assert en_nuevo[suya] == "Escrita por el viejo" and ajena not in en_nuevo
        assert {t["id"] for t in nuevo.listar(Territorio)} >= {t1}
        # El nuevo edita lo del viejo y la oficina lo acepta (su territorio); el viejo, no.
        nuevo.actualizar(Persona, suya, {"nombre": "Editada por el nuevo"})
        viejo.actualizar(Persona, suya, {"nombre": "Editada por el viejo robado"})
        assert not enviar(nuevo, oficina, tmp_path).retenidos
        r = enviar(viejo, oficina, tmp_path)
        assert [x["id"] for x in r.retenidos] == [suya]
        assert "posteriores a su último cambio válido" in r.retenidos[0]["motivo"]
        assert _nombres(oficina)[suya] == "Editada por el nuevo"
    finally:
        oficina.cerrar()
        nuevo.cerrar()
