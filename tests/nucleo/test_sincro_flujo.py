"""Intercambio real entre notebooks y oficina: recibos, pendientes, duplicados, orden, huecos,
adjuntos una sola vez y registros retenidos por validación."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pir_campo import adjuntos
from pir_campo.almacen import Almacen
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorPaquete
from pir_campo.modelos import Adjunto, Persona, Territorio
from pir_campo.sincro import exportar, importar
from pir_campo.sincro import paquete as paquete_mod
from tests.conftest import contenido, copiar_base
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, paquete, red


@pytest.fixture
def escena(tmp_path: Path):
    oficina, (a, b) = red(tmp_path, 2)
    yield tmp_path, oficina, a, b
    for x in (oficina, a, b):
        x.cerrar()


def _personas(almacen, tid: str, n: int, prefijo: str) -> list[str]:
    return almacen.insertar_lote(
        Persona, [{"territorio_id": tid, "nombre": f"{prefijo} {i}"} for i in range(n)]
    )


def test_recibo_marca_lo_confirmado(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 5, "Persona")
    assert a.resumen()["pendientes_envio"] == 6
    enviar(a, oficina, tmp)
    assert a.resumen()["pendientes_envio"] == 6  # aún sin recibo
    r = enviar(oficina, a, tmp)
    assert r.recibo["device_acked_seq"] == rep.seq_actual(a)
    assert a.resumen()["pendientes_envio"] == 0
    # La exportación siguiente ya no repite lo confirmado.
    e = exportar.exportar(a, tmp / "vacio.pirb")
    assert e.total_registros == 0 and e.seq_desde == rep.seq_actual(a)
    e = exportar.exportar(a, tmp / "todo.pirb", todo=True)
    assert e.total_registros == 6


def test_mismo_paquete_dos_veces_y_renombrado(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 3, "P")
    ruta = paquete(a, oficina, tmp)
    assert importar.importar(oficina, ruta).nuevos == 4
    antes = contenido(oficina.ruta)
    copia = tmp / "otro-nombre.pirb"
    copia.write_bytes(ruta.read_bytes())
    for r in (importar.importar(oficina, ruta), importar.importar(oficina, copia)):
        assert r.duplicado
    assert contenido(oficina.ruta) == antes


def test_reimporte_de_un_paquete_alterado_se_rechaza(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 3, "P")
    ruta = paquete(a, oficina, tmp)
    importar.importar(oficina, ruta)
    antes = contenido(oficina.ruta)
    datos_pirb = bytearray(ruta.read_bytes())
    medio = len(datos_pirb) // 2  # dentro de la carga, lejos del sobre y del índice
    datos_pirb[medio] ^= 0x01
    alterado = tmp / "alterado.pirb"
    alterado.write_bytes(bytes(datos_pirb))
    with pytest.raises(ErrorPaquete):
        importar.importar(oficina, alterado)
    assert contenido(oficina.ruta) == antes


def test_reimporte_del_mismo_archivo_no_lo_relee_pero_ve_un_cambio_con_la_misma_fecha(escena):
    """La importación guarda la identidad del archivo cuya huella comprobó; un reimporte de ese
    archivo sin cambios no lo relee. Alterarlo en su lugar con el mismo tamaño y volviendo su
    fecha de modificación atrás cambia su ctime: se relee y se rechaza."""
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 3, "P")
    ruta = paquete(a, oficina, tmp)
    time.sleep(paquete_mod.QUIETO_NS / 1e9 + 0.1)  # un archivo recién escrito no se recuerda
    importar.importar(oficina, ruta)
    sobre = importar._sobre(oficina, ruta)
    huella, archivo = rep.huella_importada(oficina, sobre.datos["bundle_id"])
    assert archivo == paquete_mod.identidad_archivo(ruta)
    assert paquete_mod.comprobar_carga(sobre, archivo) is False  # no la leyó
    assert importar.importar(oficina, ruta).duplicado
    antes = contenido(oficina.ruta)
    st = ruta.stat()
    medio = st.st_size // 2  # dentro de la carga, lejos del sobre y del índice
    with ruta.open("r+b") as f:
        f.seek(medio)
        byte = f.read(1)
        f.seek(medio)
        f.write(bytes([byte[0] ^ 0x01]))
    os.utime(ruta, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (ruta.stat().st_size, ruta.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    with pytest.raises(ErrorPaquete) as e:
        importar.importar(oficina, ruta)
    assert e.value.codigo in ("ALTERADO", "DANADO")  # huella o CRC de la carga
    assert contenido(oficina.ruta) == antes


def test_orden_no_importa_y_huecos(escena):
    tmp, oficina, a, _ = escena
    copia = Almacen.abrir(copiar_base(oficina.ruta, tmp / "oficina-copia.sqlite"))
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 2, "Uno")
    p1 = paquete(a, oficina, tmp)
    importar.importar(oficina, p1)
    enviar(oficina, a, tmp)
    ids = _personas(a, tid, 2, "Dos")
    p2 = paquete(a, oficina, tmp)
    importar.importar(oficina, p2)
    enviar(oficina, a, tmp)
    _personas(a, tid, 1, "Tres")
    a.actualizar(Persona, ids[0], {"telefono": "+56 9 1111 2222"})
    p3 = paquete(a, oficina, tmp)
    importar.importar(oficina, p3)
    # La copia recibe los mismos paquetes al revés, con un duplicado en medio.
    r3 = importar.importar(copia, p3)
    assert r3.faltantes and r3.nuevos == 2
    assert importar.importar(copia, p3).duplicado
    r2 = importar.importar(copia, p2)
    assert r2.faltantes
    r1 = importar.importar(copia, p1)
    assert r1.faltantes == []
    assert rep.par(copia, a.dispositivo)["aplicado_desde_par"] == rep.seq_actual(a)
    assert datos(copia) == datos(oficina)
    copia.cerrar()


def test_adjuntos_viajan_una_vez(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    foto = tmp / "hoja.png"
    foto.write_bytes(b"\x89PNG\r\n\x1a\n" + b"hoja firmada" * 1000)
    sha, tam, medio = adjuntos.guardar(adjuntos.carpeta_de(a.ruta), foto, a.llave_adjuntos())
    for n in range(2):  # dos registros con el mismo archivo
        a.insertar(
            Adjunto,
            {
                "territorio_id": tid,
                "tabla_duena": "territorio",
                "registro_id": tid,
                "sha256": sha,
                "tamano": tam,
                "tipo_medio": medio,
                "nombre_original": f"hoja{n}.png",
            },
        )
    e = exportar.exportar(a, tmp / "uno.pirb")
    assert e.adjuntos == 1 and e.bytes_adjuntos == tam
    r = importar.importar(oficina, e.ruta)
    assert r.adjuntos == 1
    carpeta = adjuntos.carpeta_de(oficina.ruta)
    assert adjuntos.leer(carpeta, sha, oficina.llave_adjuntos()) == foto.read_bytes()
    assert b"hoja firmada" not in adjuntos.ruta_blob(carpeta, sha).read_bytes()
    enviar(oficina, a, tmp)
    e2 = exportar.exportar(a, tmp / "dos.pirb", todo=True)
    assert e2.total_registros == 3 and e2.adjuntos == 0  # la oficina ya lo confirmó


def test_registro_invalido_se_retiene_y_el_resto_se_aplica(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    ids = _personas(a, tid, 3, "Válida")
    # Un dato inválido llega a la base del notebook por fuera de la validación (versión vieja).
    a.conn.execute("UPDATE persona SET rut = 'no es rut' WHERE id = ?", (ids[0],))
    r = enviar(a, oficina, tmp)
    assert r.nuevos == 3 and len(r.retenidos) == 1
    assert r.retenidos[0]["id"] == ids[0] and "RUT" in r.retenidos[0]["motivo"]
    assert oficina.contar(Persona) == 2
    recibo = enviar(oficina, a, tmp).recibo
    assert recibo["bundles"][0]["quarantined"][0]["id"] == ids[0]


def test_reimportar_lo_ya_importado_es_rapido(escena):
    tmp, oficina, a, _ = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 2000, "Persona")
    ruta = paquete(a, oficina, tmp)
    importar.importar(oficina, ruta)
    inicio = time.perf_counter()
    assert importar.importar(oficina, ruta).duplicado
    assert time.perf_counter() - inicio < 0.5  # holgado: la cifra real está en benchmarks/


def test_oficina_reenvia_cambios_de_otros_en_sus_territorios(escena):
    tmp, oficina, a, b = escena
    tid = a.insertar(Territorio, TERRITORIO)
    _personas(a, tid, 2, "De A")
    enviar(a, oficina, tmp)
    r = enviar(oficina, b, tmp)
    assert r.nuevos == 3
    r = enviar(oficina, a, tmp)
    assert r.nuevos == 0  # a no recibe de vuelta lo que solo él escribió
    assert datos(a)["persona"] == datos(b)["persona"] == datos(oficina)["persona"]
    origen = rep.origenes(oficina, "persona", [p["id"] for p in oficina.listar(Persona)])
    assert {o["creado_por_nombre"] for o in origen.values()} == {"notebook1"}


def test_paquete_del_notebook_describe_lo_que_trae(escena):
    tmp, oficina, a, _ = escena
    a.insertar(Territorio, TERRITORIO)
    ruta = paquete(a, oficina, tmp)
    d = importar.verificar(oficina, ruta)
    assert d["registros"] == {"territorio": 1} and d["tipo"] == "cambios" and d["cifrado"]
    assert json.loads(json.dumps(d)) == d


def test_vector_de_versiones_inflado_se_retiene(escena):
    tmp, oficina, a, b = escena
    tid = a.insertar(Territorio, TERRITORIO)
    ids = _personas(a, tid, 2, "Persona")
    inflado = json.dumps({a.dispositivo: rep.seq_actual(a), b.dispositivo: 10**9})
    a.conn.execute("UPDATE persona SET vv = ? WHERE id = ?", (inflado, ids[0]))
    r = enviar(a, oficina, tmp)
    assert [x["id"] for x in r.retenidos] == [ids[0]]
    assert "falsificación" in r.retenidos[0]["motivo"]
    assert oficina.contar(Persona) == 1
    assert {c.tabla: len(c.ids) for c in r.cambios} == {"territorio": 1, "persona": 1}


def test_no_sobrescribe_salvo_confirmacion(escena):
    tmp, oficina, a, _ = escena
    a.insertar(Territorio, TERRITORIO)
    destino = tmp / "envio.pirb"
    destino.write_bytes(b"anterior")
    with pytest.raises(ErrorPaquete, match="no se sobrescribe"):
        exportar.exportar(a, destino)
    assert destino.read_bytes() == b"anterior"
    exportar.exportar(a, destino, sobrescribir=True)
    assert importar.importar(oficina, destino).nuevos == 1
    assert not (tmp / "envio.pirb.partial").exists()


def test_territorios_asignados_en_la_oficina(escena):
    tmp, oficina, a, b = escena
    t1 = a.insertar(Territorio, TERRITORIO)
    _personas(a, t1, 2, "De A")
    enviar(a, oficina, tmp)
    t2 = oficina.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio Nahuelbuta"})
    from pir_campo.sincro import identidad

    identidad.escribir(b, tmp / "b.json")
    identidad.confiar(oficina, identidad.leer(tmp / "b.json"), [t2])
    assert rep.par(oficina, b.dispositivo)["territorios"] == [t2]
    r = enviar(oficina, b, tmp)
    assert r.nuevos == 1 and b.listar(Territorio)[0]["id"] == t2
    # Lo que A envía no le suma territorios: su alcance es el que fijó la oficina.
    p = rep.par(oficina, a.dispositivo)
    assert p["territorios"] == [] and p["toda_la_region"]
    with pytest.raises(Exception, match="se asignan en la oficina"):
        identidad.escribir(oficina, tmp / "of.json")
        identidad.confiar(a, identidad.leer(tmp / "of.json"), [t1])
