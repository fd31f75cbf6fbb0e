"""Bases restauradas y clonadas (issue 10, parte 2; referencias §4 caso 20): con bases y
paquetes reales, una copia puesta en lugar de la base de un notebook, o copiada a un segundo
notebook, nunca reutiliza un número de cambio con otro contenido: sigue con una identidad nueva
que la oficina acepta por la firma de la anterior, reenvía lo suyo y recibe lo que le falta."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pir_campo.almacen import Almacen, llaves, marca, sucesion
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import estado, importar
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, paquete, red


def _copiar_archivos(ruta: Path, destino: Path) -> None:
    """Lo que hace una persona: copiar la base y su .llave (con la aplicación cerrada)."""
    destino.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ruta, destino / ruta.name)
    shutil.copy2(llaves.ruta_llave(ruta), destino / llaves.ruta_llave(ruta).name)


def _poner_en_lugar(copia: Path, ruta: Path) -> None:
    for resto in ("-wal", "-shm"):
        Path(f"{ruta}{resto}").unlink(missing_ok=True)
    shutil.copy2(copia / ruta.name, ruta)
    shutil.copy2(copia / llaves.ruta_llave(ruta).name, llaves.ruta_llave(ruta))


def _nombres(almacen: Almacen) -> dict[str, str]:
    return {p["id"]: p["nombre"] for p in almacen.listar(Persona)}


def _ronda(oficina: Almacen, notebooks: list[Almacen], tmp: Path) -> None:
    for n in notebooks:
        enviar(n, oficina, tmp)
    for n in notebooks:
        enviar(oficina, n, tmp)


def test_reproduccion_copia_restaurada_no_pierde_la_edicion_ni_lo_creado(tmp_path: Path):
    """El caso del issue tal cual, solo con lo que ve una persona (fallaba en main: la oficina
    descartaba la edición sin conflicto y lo creado antes de restaurar no volvía)."""
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp_path)
    pid = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Rosa"})
    _ronda(oficina, [nb], tmp_path)
    ruta = nb.ruta
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")
    nb = Almacen.abrir(ruta)
    perdida = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Creada antes"})
    nb.actualizar(Persona, pid, {"telefono": "+56 9 1111 1111"})
    _ronda(oficina, [nb], tmp_path)
    nb.cerrar()
    _poner_en_lugar(tmp_path / "copia", ruta)
    nb = Almacen.abrir(ruta)
    try:
        nb.actualizar(Persona, pid, {"nombre": "Rosa Elena"})
        _ronda(oficina, [nb], tmp_path)
        assert oficina.obtener(Persona, pid)["nombre"] == "Rosa Elena"
        assert oficina.obtener(Persona, pid)["telefono"] == "+56 9 1111 1111"
        assert nb.obtener(Persona, pid)["telefono"] == "+56 9 1111 1111"
        assert nb.obtener(Persona, perdida)["nombre"] == "Creada antes"
        _ronda(oficina, [nb], tmp_path)
        assert datos(nb) == datos(oficina) and nb.pendientes_envio() == 0
    finally:
        nb.cerrar()
        oficina.cerrar()


def test_restaurada_sigue_con_identidad_nueva_y_no_pierde_nada(tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp_path)
    p1, p2 = nb.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": n} for n in ("Rosa", "Luis")]
    )
    _ronda(oficina, [nb], tmp_path)
    ruta, anterior = nb.ruta, nb.dispositivo
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")  # respaldo hecho a mano
    nb = Almacen.abrir(ruta)
    # Después de la copia: registros creados y un cambio que llegan a la oficina.
    p3 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Creada antes de restaurar"})
    nb.actualizar(Persona, p1, {"nombre": "Rosa Elena"})
    _ronda(oficina, [nb], tmp_path)
    nb.cerrar()

    _poner_en_lugar(tmp_path / "copia", ruta)  # disco roto: se vuelve a la copia
    nb = Almacen.abrir(ruta)
    try:
        assert nb.dispositivo != anterior
        assert sucesion.identidades_anteriores(nb) == [anterior]
        aviso = nb.resumen()["aviso_copia"]
        assert aviso.startswith("Esta base es una copia restaurada")
        assert "Se creó una identidad nueva" in aviso and "se reenviará" in aviso
        assert marca.leer(ruta) == (nb.dispositivo, rep.seq_actual(nb))
        assert nb.obtener(Persona, p1)["nombre"] == "Rosa"  # la copia no tiene lo de después
        nb.actualizar(Persona, p2, {"nombre": "Luis Alberto"})
        p4 = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Creada en la copia"})
        assert nb.pendientes_envio() > 0

        r = enviar(nb, oficina, tmp_path)
        assert r.desde == nb.dispositivo and not r.retenidos
        en_oficina = _nombres(oficina)
        assert en_oficina[p2] == "Luis Alberto" and en_oficina[p4] == "Creada en la copia"
        assert en_oficina[p1] == "Rosa Elena" and p3 in en_oficina
        fila = next(d for d in estado.estado(oficina)["dispositivos"] if d["id"] == nb.dispositivo)
        assert anterior in fila["identidad"]

        r = enviar(oficina, nb, tmp_path)
        assert r.recibo and r.recibo["for_device"] == nb.dispositivo
        assert sucesion.certificado_pendiente(nb) is None  # la oficina ya la conoce
        en_nb = _nombres(nb)
        assert en_nb[p3] == "Creada antes de restaurar" and en_nb[p1] == "Rosa Elena"
        _ronda(oficina, [nb], tmp_path)  # segunda ronda: nada más que mover
        assert datos(nb) == datos(oficina)
        assert nb.pendientes_envio() == 0
        assert rep.conflictos(oficina, None) == []
        # El aviso se da una vez: quien lo muestra lo retira.
        assert sucesion.tomar_aviso(nb) == aviso and nb.resumen()["aviso_copia"] is None
    finally:
        nb.cerrar()
        oficina.cerrar()


def test_clonada_en_un_segundo_notebook(tmp_path: Path):
    oficina, [a] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    p0 = oficina.insertar(Persona, {"territorio_id": tid, "nombre": "Común"})
    enviar(oficina, a, tmp_path)
    a.insertar(Persona, {"territorio_id": tid, "nombre": "De antes"})
    _ronda(oficina, [a], tmp_path)
    # El archivo se copia a un segundo notebook (con la marca incluida: ambas quedan
    # coherentes localmente, así que es la oficina la que lo nota).
    ruta_a = a.ruta
    a.cerrar()
    _copiar_archivos(ruta_a, tmp_path / "segundo")
    shutil.copy2(marca.ruta_marca(ruta_a), tmp_path / "segundo" / marca.ruta_marca(ruta_a).name)
    a, b = Almacen.abrir(ruta_a), Almacen.abrir(tmp_path / "segundo" / ruta_a.name)
    try:
        assert a.dispositivo == b.dispositivo
        pa = a.insertar(Persona, {"territorio_id": tid, "nombre": "Del primero"})
        a.actualizar(Persona, p0, {"nombre": "Común (editado en A)"})
        pb = b.insertar(Persona, {"territorio_id": tid, "nombre": "Del segundo"})
        b.actualizar(Persona, p0, {"telefono": "+56 9 3333 3333"})
        enviar(a, oficina, tmp_path)
        with pytest.raises(ErrorPaquete) as e:
            enviar(b, oficina, tmp_path)
        assert e.value.codigo == "NUMEROS_REUTILIZADOS"
        assert "repite números de cambio" in str(e.value) and "copia" in str(e.value)
        assert pb not in _nombres(oficina)
        fila = next(d for d in estado.estado(oficina)["dispositivos"] if d["id"] == a.dispositivo)
        assert "repitió números de cambio" in fila["identidad"]

        # El paquete de la oficina para ese dispositivo llega a ambos notebooks.
        ruta = paquete(oficina, a, tmp_path)
        r_b = importar.importar(b, ruta)
        assert r_b.aviso_copia and b.dispositivo != a.dispositivo
        assert "copia" in r_b.texto()
        r_a = importar.importar(a, ruta)
        assert r_a.aviso_copia is None and a.dispositivo == oficina_par(oficina, a)

        r = enviar(b, oficina, tmp_path)
        assert r.desde == b.dispositivo and not r.retenidos
        en_oficina = _nombres(oficina)
        assert en_oficina[pb] == "Del segundo" and en_oficina[pa] == "Del primero"
        assert oficina.obtener(Persona, p0)["telefono"] == "+56 9 3333 3333"
        assert oficina.obtener(Persona, p0)["nombre"] == "Común (editado en A)"
        for _ in range(2):
            _ronda(oficina, [a, b], tmp_path)
        assert datos(a) == datos(b) == datos(oficina)
        assert _nombres(b)[pa] == "Del primero" and _nombres(a)[pb] == "Del segundo"
        assert a.pendientes_envio() == b.pendientes_envio() == 0
    finally:
        a.cerrar()
        b.cerrar()
        oficina.cerrar()


def oficina_par(oficina: Almacen, nb: Almacen) -> str:
    """El dispositivo tal como la oficina lo tiene registrado (sigue siendo el mismo)."""
    p = rep.par(oficina, nb.dispositivo)
    assert p is not None
    return p["id"]


def test_oficina_rechaza_numero_reutilizado_con_otro_contenido(tmp_path: Path):
    """Sin marca (la base se puso en otra carpeta): la oficina es la que ataja la copia."""
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    pid = oficina.insertar(Persona, {"territorio_id": tid, "nombre": "Marta"})
    enviar(oficina, nb, tmp_path)
    ruta = nb.ruta
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")
    nb = Almacen.abrir(ruta)
    nb.actualizar(Persona, pid, {"nombre": "Marta Soto"})
    enviar(nb, oficina, tmp_path)
    nb.cerrar()
    copia = Almacen.abrir(tmp_path / "copia" / ruta.name)  # sin marca: no se nota al abrir
    try:
        copia.actualizar(Persona, pid, {"nombre": "Marta Ríos"})  # mismo número, otro valor
        antes = datos(oficina)
        with pytest.raises(ErrorPaquete) as e:
            enviar(copia, oficina, tmp_path)
        assert e.value.codigo == "NUMEROS_REUTILIZADOS"
        texto = str(e.value)
        assert "repite números de cambio que la oficina ya recibió" in texto
        assert "importe el próximo paquete de la oficina" in texto
        assert datos(oficina) == antes  # nada aplicado
        assert oficina.obtener(Persona, pid)["nombre"] == "Marta Soto"
        reuso = sucesion.reutilizacion(oficina, copia.dispositivo)
        assert reuso and reuso["seq"] >= 1
        # La copia lo sabe por el recibo (huellas de los números) y sigue con otra identidad;
        # su valor llega a la oficina como conflicto, sin perder el de la otra rama.
        r = enviar(oficina, copia, tmp_path)
        assert r.aviso_copia and "copia" in r.aviso_copia
        enviar(copia, oficina, tmp_path)
        valores = {oficina.obtener(Persona, pid)["nombre"]}
        for c in rep.conflictos(oficina, None):
            valores |= {json.loads(c["valor_ganador"]), json.loads(c["valor_otro"])}
        assert {"Marta Soto", "Marta Ríos"} <= valores
    finally:
        copia.cerrar()
        oficina.cerrar()


def test_paquete_a_la_identidad_anterior_se_rechaza_con_mensaje_claro(tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp_path)
    ruta = nb.ruta
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Ana"})
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")
    nb = Almacen.abrir(ruta)
    nb.insertar(Persona, {"territorio_id": tid, "nombre": "Berta"})
    viejo = paquete(oficina, nb, tmp_path)
    nb.cerrar()
    _poner_en_lugar(tmp_path / "copia", ruta)
    nb = Almacen.abrir(ruta)
    try:
        with pytest.raises(ErrorPaquete) as e:
            importar.importar(nb, viejo)
        assert e.value.codigo == "IDENTIDAD_ANTERIOR"
        assert "identidad anterior de este equipo" in str(e.value)
    finally:
        nb.cerrar()
        oficina.cerrar()


def test_cli_resumen_avisa_una_vez_y_la_oficina_lo_lista(cli, tmp_path: Path):
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    pid = oficina.insertar(Persona, {"territorio_id": tid, "nombre": "Marta"})
    enviar(oficina, nb, tmp_path)
    ruta, of = nb.ruta, oficina.ruta
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "otro-equipo")
    _copiar_archivos(ruta, tmp_path / "respaldo")
    nb = Almacen.abrir(ruta)
    nb.actualizar(Persona, pid, {"nombre": "Marta Soto"})
    enviar(nb, oficina, tmp_path)
    clon = Almacen.abrir(tmp_path / "otro-equipo" / ruta.name)
    clon.actualizar(Persona, pid, {"nombre": "Marta Ríos"})
    refusado = paquete(clon, oficina, tmp_path)
    for x in (nb, clon, oficina):
        x.cerrar()
    codigo, _, error = cli("importar", "--db", of, refusado)
    assert codigo == 1 and "repite números de cambio" in error and "Traceback" not in error
    codigo, salida, _ = cli("identidad", "--db", of, "--pares")
    assert codigo == 0 and "repitió números de cambio" in salida
    # El notebook restaurado: `resumen` lo dice una vez.
    _poner_en_lugar(tmp_path / "respaldo", ruta)
    codigo, salida, _ = cli("resumen", "--db", ruta)
    assert codigo == 0 and "Aviso: Esta base es una copia" in salida
    assert "Se creó una identidad nueva" in salida
    codigo, salida, _ = cli("resumen", "--db", ruta)
    assert codigo == 0 and "Aviso" not in salida
    codigo, salida, _ = cli("identidad", "--db", ruta, "--pares")
    assert codigo == 0 and "Identidades anteriores de este equipo" in salida


def test_copia_con_su_marca_la_delata_el_recibo_de_la_oficina(tmp_path: Path):
    """La marca se copió junto con la base (nada que notar al abrir): el recibo de la oficina
    dice que tiene números de cambio de este dispositivo más altos que los de la base."""
    oficina, [nb] = red(tmp_path, 1)
    tid = oficina.insertar(Territorio, TERRITORIO)
    enviar(oficina, nb, tmp_path)
    ruta, anterior = nb.ruta, nb.dispositivo
    nb.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")
    shutil.copy2(marca.ruta_marca(ruta), tmp_path / "copia" / marca.ruta_marca(ruta).name)
    nb = Almacen.abrir(ruta)
    creada = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Creada antes"})
    _ronda(oficina, [nb], tmp_path)
    nb.cerrar()
    _poner_en_lugar(tmp_path / "copia", ruta)
    shutil.copy2(tmp_path / "copia" / marca.ruta_marca(ruta).name, marca.ruta_marca(ruta))
    nb = Almacen.abrir(ruta)
    try:
        assert nb.dispositivo == anterior  # la marca coincide: al abrir no se nota
        r = enviar(oficina, nb, tmp_path)
        assert r.aviso_copia and nb.dispositivo != anterior
        assert r.aviso_copia.startswith("Esta base es una copia restaurada")
        nueva = nb.insertar(Persona, {"territorio_id": tid, "nombre": "Después"})
        for _ in range(2):
            _ronda(oficina, [nb], tmp_path)
        assert _nombres(nb)[creada] == "Creada antes"
        assert _nombres(oficina)[nueva] == "Después"
        assert datos(nb) == datos(oficina) and nb.pendientes_envio() == 0
    finally:
        nb.cerrar()
        oficina.cerrar()


def test_oficina_restaurada_no_repite_sus_numeros(tmp_path: Path):
    """La oficina no cambia de identidad (los notebooks confían en su clave), pero su contador
    salta por sobre lo que ya usó, y lo avisa."""
    oficina, [nb] = red(tmp_path, 1)
    ruta = oficina.ruta
    oficina.cerrar()
    _copiar_archivos(ruta, tmp_path / "copia")
    oficina = Almacen.abrir(ruta)
    oficina.insertar(Territorio, TERRITORIO)
    usado = rep.seq_actual(oficina)
    oficina.cerrar()
    _poner_en_lugar(tmp_path / "copia", ruta)
    oficina = Almacen.abrir(ruta)
    try:
        assert rep.seq_actual(oficina) >= usado
        tid = oficina.insertar(Territorio, {**TERRITORIO, "nombre": "Otro territorio"})
        cdot = json.loads(
            oficina.conn.execute("SELECT cdot FROM territorio WHERE id = ?", (tid,)).fetchone()[0]
        )
        assert cdot[1] > usado
        assert "copia restaurada" in oficina.resumen()["aviso_copia"]
    finally:
        nb.cerrar()
        oficina.cerrar()


def test_marca_a_medio_escribir_no_da_falsa_alarma(tmp_path: Path, almacen: Almacen):
    ruta, dispositivo = almacen.ruta, almacen.dispositivo
    almacen.insertar(Territorio, TERRITORIO)
    assert marca.leer(ruta) == (dispositivo, rep.seq_actual(almacen))
    almacen.cerrar()
    # Un corte de luz a mitad de la escritura: dígitos de otro número, sin su suma de control.
    texto = marca.ruta_marca(ruta).read_bytes()
    marca.ruta_marca(ruta).write_bytes(texto.replace(b" 1 ", b" 9 "))
    assert marca.leer(ruta) is None
    with Almacen.abrir(ruta) as a:
        assert a.dispositivo == dispositivo and a.resumen()["aviso_copia"] is None
        assert marca.leer(ruta) == (dispositivo, rep.seq_actual(a))
