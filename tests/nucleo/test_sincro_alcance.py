"""Paquetes falsificados firmados con la llave real de un notebook registrado: la oficina aplica
solo la parte legítima de cada uno (la base cambia solo en esos registros) y el recibo dice qué
retuvo y por qué. Territorios: Ana tiene el suyo y uno compartido; Beto, el suyo y el mismo
compartido."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nacl.public import PublicKey

from pir_campo import __version__, ids
from pir_campo.almacen import replicacion as rep
from pir_campo.errores import ErrorIdentidad, ErrorPaquete, ErrorPir
from pir_campo.modelos import Persona, Territorio
from pir_campo.sincro import (
    alcance,
    conflictos,
    estado,
    exportar,
    fusion,
    importar,
    json_compacto,
    paquete,
)
from pir_campo.sincro import territorios as terr
from pir_campo.sincro.bolsa import EscritorBolsa
from tests.conftest import contenido
from tests.nucleo.sincro_apoyo import TERRITORIO, datos, enviar, instalacion, registrar

CINCO_ANOS = timedelta(days=5 * 365)


@pytest.fixture
def region(tmp_path: Path):
    oficina = instalacion(tmp_path, "oficina", "oficina")
    ana, beto = instalacion(tmp_path, "ana"), instalacion(tmp_path, "beto")
    t = {
        n: oficina.insertar(Territorio, {**TERRITORIO, "nombre": f"Territorio {n}"})
        for n in ("ana", "beto", "compartido")
    }
    registrar(oficina, ana, tmp_path, [t["ana"], t["compartido"]])
    registrar(oficina, beto, tmp_path, [t["beto"], t["compartido"]])
    enviar(oficina, ana, tmp_path)
    enviar(oficina, beto, tmp_path)
    # Beto registra gente en su territorio y en el compartido; Ana recibe solo la compartida.
    de_beto = beto.insertar(Persona, {"territorio_id": t["beto"], "nombre": "Rosa Ñancupil"})
    compartida = beto.insertar(
        Persona, {"territorio_id": t["compartido"], "nombre": "Luis Paillal"}
    )
    assert not enviar(beto, oficina, tmp_path).retenidos
    enviar(oficina, ana, tmp_path)
    assert ana.obtener(Persona, compartida) and ana.contar(Persona) == 1
    escena = {
        "tmp": tmp_path,
        "oficina": oficina,
        "ana": ana,
        "beto": beto,
        "t": t,
        "de_beto": de_beto,
        "compartida": compartida,
    }
    yield escena
    for a in (oficina, ana, beto):
        a.cerrar()


def lineas(nb, tabla: str, ids_: list[str] | None = None) -> list[dict]:
    """Las líneas reales que exportaría el notebook para esas filas."""
    filas = rep.filas_exportables(nb, tabla, None)
    todas = [json.loads(x) for x in exportar._lineas(tabla, filas, None, lambda _f: None)]
    return [x for x in todas if ids_ is None or x["id"] in ids_]


def forjar(nb, oficina, tmp: Path, registros: list[dict], **cab) -> Path:
    """Un paquete armado a mano con lo que se quiera, firmado con la llave real del notebook."""
    bid = ids.uuid7()
    bolsa = tmp / f"bolsa-{bid}.zip"
    escritor = EscritorBolsa(bolsa)
    por_tabla: dict[str, list[str]] = {}
    for r in registros:
        por_tabla.setdefault(r["t"], []).append(json_compacto(r))
    for t, ls in por_tabla.items():
        escritor.agregar_lineas(f"data/records/{t}.jsonl", ls)
    cabecera = {
        "format": "pirb/1",
        "kind": "cambios",
        "bundle_id": bid,
        "from_device": nb.dispositivo,
        "from_name": nb.nombre,
        "to": oficina.dispositivo,
        "app_version": __version__,
        "schema_version": nb.esquema(),
        "min_reader_schema": 1,
        "created_hlc": rep.hlc_actual(nb),
        "created_wall": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seq_from": 0,
        "seq_to": rep.seq_actual(nb),
        "ack_remote": {},
        "counts": {t: len(ls) for t, ls in por_tabla.items()},
        "blobs": {"count": 0, "bytes": 0},
        "audit": 0,
        **cab,
    }
    escritor.cerrar(cabecera, nb.llave_firma())
    sobre = {k: cabecera[k] for k in ("bundle_id", "from_device", "from_name", "to", "kind")}
    sobre.update(created_wall=cabecera["created_wall"], seq_to=cabecera["seq_to"])
    destino = tmp / f"forjado-{bid}.pirb"
    clave = PublicKey(bytes(oficina.llave_cifrado().public_key))
    paquete.escribir(destino, bolsa, sobre, nb.llave_firma(), [clave])
    return destino


def cambiados(antes: dict, despues: dict) -> set[tuple[str, str]]:
    salida = set()
    for t in despues:
        a, d = {f[0]: f for f in antes[t]}, {f[0]: f for f in despues[t]}
        salida |= {(t, i) for i in a.keys() | d.keys() if a.get(i) != d.get(i)}
    return salida


def importar_forjado(e, registros: list[dict], legitimos: set[tuple[str, str]], **cab):
    """Importa y comprueba que la base de la oficina cambió solo en los registros legítimos."""
    oficina = e["oficina"]
    antes, todo = datos(oficina), contenido(oficina.ruta)
    ruta = forjar(e["ana"], oficina, e["tmp"], registros, **cab)
    # verificar da el mismo veredicto que importar, sin tocar la base.
    v = importar.verificar(oficina, ruta)
    assert contenido(oficina.ruta) == todo
    r = importar.importar(oficina, ruta)
    assert cambiados(antes, datos(oficina)) == legitimos
    assert v["retenidos"] == r.retenidos and v["nuevos"] == r.nuevos
    return r


def legitima(e, nombre: str = "Ana Millapán", territorio: str = "ana") -> dict:
    tid = e["ana"].insertar(Persona, {"territorio_id": e["t"][territorio], "nombre": nombre})
    return lineas(e["ana"], "persona", [tid])[0]


def retenidos_en_recibo(e) -> dict[str, str]:
    """Lo que el próximo recibo de la oficina le dice a Ana que se retuvo."""
    p = rep.par(e["oficina"], e["ana"].dispositivo)
    recibo = exportar.recibo(e["oficina"], p)
    return {x["id"]: x["motivo"] for b in recibo["bundles"] for x in b["quarantined"]}


# ---- 1. Territorios ---------------------------------------------------------------------------


def test_otro_territorio_se_retiene_y_no_se_suma_al_alcance(region):
    e = region
    buena = legitima(e)
    ajena = legitima(e, "Intrusa", "ana")
    ajena["v"]["territorio_id"] = e["t"]["beto"]
    r = importar_forjado(e, [buena, ajena], {("persona", buena["id"])})
    assert [x["id"] for x in r.retenidos] == [ajena["id"]]
    assert "territorio no asignado" in retenidos_en_recibo(e)[ajena["id"]]
    p = rep.par(e["oficina"], e["ana"].dispositivo)
    assert p["territorios"] == sorted([e["t"]["ana"], e["t"]["compartido"]])
    # Lo que la oficina le manda a Ana sigue sin traer el territorio de Beto.
    ruta = e["tmp"] / "para-ana.pirb"
    x = exportar.exportar(e["oficina"], ruta, para=e["ana"].dispositivo, todo=True)
    assert x.registros.get("territorio") == 2
    importar.importar(e["ana"], ruta)
    assert (
        not e["ana"].conn.execute("SELECT 1 FROM persona WHERE id = ?", (e["de_beto"],)).fetchone()
    )


def test_mover_un_registro_ajeno_a_mi_territorio_se_retiene(region):
    e = region
    # Ana no tiene el registro de Beto, pero conoce su id y lo «trae» a su territorio.
    falsa = legitima(e, "Rosa Ñancupil")
    falsa["id"] = e["de_beto"]
    r = importar_forjado(e, [falsa], set())
    assert [(x["id"], x["motivo"]) for x in r.retenidos] == [(e["de_beto"], alcance.FUERA)]
    assert e["oficina"].obtener(Persona, e["de_beto"])["nombre"] == "Rosa Ñancupil"


def test_sin_territorios_solo_recibe_lo_propio(region, tmp_path):
    e = region
    terr.cambiar(e["oficina"], e["ana"].dispositivo, quitar=[e["t"]["ana"], e["t"]["compartido"]])
    x = exportar.exportar(e["oficina"], tmp_path / "x.pirb", para=e["ana"].dispositivo, todo=True)
    assert x.registros == {}
    r = importar.importar(e["ana"], tmp_path / "x.pirb")
    assert terr.alcance_propio(e["ana"]) | {"recibido_en": ""} == {
        "territorios": [],
        "toda_la_region": False,
        "propuestos": [],
        "recibido_en": "",
    }
    assert r.nuevos == 0


def test_confiar_sin_territorios_se_rechaza(region, tmp_path):
    from pir_campo.sincro import identidad

    nuevo = instalacion(tmp_path, "nuevo")
    identidad.escribir(nuevo, tmp_path / "nuevo.json")
    with pytest.raises(ErrorIdentidad, match="--toda-la-region"):
        identidad.confiar(region["oficina"], identidad.leer(tmp_path / "nuevo.json"))
    assert rep.par(region["oficina"], nuevo.dispositivo) is None
    nuevo.cerrar()


def test_la_oficina_cambia_territorios_queda_en_bitacora_y_llega(region, tmp_path):
    e = region
    of, ana = e["oficina"], e["ana"]
    d = terr.cambiar(of, ana.dispositivo, agregar=[e["t"]["beto"]])
    assert e["t"]["beto"] in d["territorios"]
    evento = rep.eventos(of, "par", ana.dispositivo)[-1]
    assert evento["campo"] == "territorios" and e["t"]["beto"] in evento["nuevo"]
    # El paquete siguiente va completo para el territorio ganado aunque sea incremental.
    r = enviar(of, ana, tmp_path)
    assert ana.obtener(Persona, e["de_beto"])["nombre"] == "Rosa Ñancupil"
    assert r.recibo and e["t"]["beto"] in terr.alcance_propio(ana)["territorios"]
    with pytest.raises(ErrorIdentidad, match="No existe el territorio"):
        terr.cambiar(of, ana.dispositivo, agregar=["no-existe"])


def test_territorio_propuesto_espera_y_se_aplica_al_aceptarlo(region):
    e = region
    of, ana = e["oficina"], e["ana"]
    tn = ana.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio nuevo de Ana"})
    pn = ana.insertar(Persona, {"territorio_id": tn, "nombre": "Vecina del nuevo"})
    buena = legitima(e)
    registros = [*lineas(ana, "territorio", [tn]), *lineas(ana, "persona", [pn]), buena]
    r = importar_forjado(e, registros, {("persona", buena["id"])})
    assert {x["id"] for x in r.retenidos} == {tn, pn}
    assert [(p["dispositivo"], p["territorio"]) for p in terr.propuestas(of)] == [
        (ana.dispositivo, tn)
    ]
    antes = datos(of)
    d = terr.aceptar(of, ana.dispositivo, tn)
    assert d["aplicados"] == 2 and tn in d["territorios"]
    assert cambiados(antes, datos(of)) == {("territorio", tn), ("persona", pn)}
    assert not terr.propuestas(of)


def test_territorio_propuesto_rechazado_se_descarta(region):
    e = region
    of, ana = e["oficina"], e["ana"]
    tn = ana.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio que no va"})
    importar_forjado(e, lineas(ana, "territorio", [tn]), set())
    antes = contenido(of.ruta)["territorio"]
    terr.rechazar(of, ana.dispositivo, tn)
    assert not terr.propuestas(of) and terr.pendientes(of, ana.dispositivo) == {}
    assert contenido(of.ruta)["territorio"] == antes
    with pytest.raises(ErrorIdentidad, match="no propuso"):
        terr.aceptar(of, ana.dispositivo, tn)


# ---- 2. Escrituras a nombre de otro equipo ----------------------------------------------------


def con_cambio_propio(linea: dict, nb) -> dict:
    """La misma línea con el vector de Ana adelantado: así no es un eco que no cambia nada."""
    copia = json.loads(json.dumps(linea))
    copia["vv"][nb.dispositivo] = rep.seq_actual(nb)
    return copia


def test_puntos_de_otro_equipo_que_no_son_eco_se_retienen(region):
    e = region
    buena = legitima(e)
    (eco,) = lineas(e["ana"], "persona", [e["compartida"]])
    falsa = con_cambio_propio(eco, e["ana"])
    falsa["v"]["nombre"] = "Nombre cambiado a nombre de Beto"  # mismo punto de Beto, otro valor
    r = importar_forjado(e, [buena, falsa], {("persona", buena["id"])})
    assert [x["id"] for x in r.retenidos] == [e["compartida"]]
    assert "falsificación" in r.retenidos[0]["motivo"]
    # Sin adelantar su vector, el cambio es un eco viejo: no cambia nada.
    eco["v"]["nombre"] = "Otro nombre"
    r = importar_forjado(e, [eco], set())
    assert r.sin_cambios == 1
    assert e["oficina"].obtener(Persona, e["compartida"])["nombre"] == "Luis Paillal"


def test_un_punto_inventado_de_otro_equipo_se_retiene(region):
    e = region
    legitima(e)  # Ana ya escribió algo: su vector avanza
    (linea,) = lineas(e["ana"], "persona", [e["compartida"]])
    falsa = con_cambio_propio(linea, e["ana"])
    beto = e["beto"].dispositivo
    falsa["fd"]["nombre"] = [beto, 1, rep.hlc_actual(e["ana"])]
    falsa["v"]["nombre"] = "Escrito a nombre de Beto"
    r = importar_forjado(e, [falsa], set(), seq_to=rep.seq_actual(e["ana"]))
    assert [x["id"] for x in r.retenidos] == [e["compartida"]]
    # Ni un registro nuevo puede venir creado por otro equipo.
    nueva = legitima(e, "Creada por Beto")
    nueva["cd"][0] = beto
    nueva["vv"] = {beto: nueva["cd"][1]}
    r = importar_forjado(e, [nueva], set())
    assert r.retenidos[0]["motivo"] != alcance.FUERA


def test_vector_inflado_y_justo_bajo_lo_visto_se_retienen(region):
    e = region
    of, ana, beto = e["oficina"], e["ana"], e["beto"]
    # Beto sigue trabajando: la oficina ya vio de él un seq mayor que el de su persona.
    for i in range(5):
        beto.insertar(Persona, {"territorio_id": e["t"]["beto"], "nombre": f"Otra {i}"})
    enviar(beto, of, e["tmp"])
    visto = rep.maximos_vistos(of)[beto.dispositivo]
    (base,) = lineas(ana, "persona", [e["compartida"]])
    assert base["vv"][beto.dispositivo] < visto
    yo = ana.dispositivo
    for vv_beto in (10**9, visto, visto - 1):
        falsa = json.loads(json.dumps(base))
        seq = rep.seq_actual(ana) + 1
        falsa["vv"] = {**falsa["vv"], beto.dispositivo: vv_beto, yo: seq}
        falsa["v"]["eliminado"] = 1  # borrar el registro de Beto sin conflicto
        falsa["fd"]["eliminado"] = [yo, seq, rep.hlc_actual(ana)]
        r = importar_forjado(e, [falsa], set(), seq_to=seq)
        assert [x["id"] for x in r.retenidos] == [e["compartida"]], vv_beto
        assert "no ha recibido" in r.retenidos[0]["motivo"]
    assert of.obtener(Persona, e["compartida"])["nombre"] == "Luis Paillal"


def test_edicion_legitima_de_un_registro_compartido_se_aplica(region, tmp_path):
    e = region
    ana = e["ana"]
    ana.actualizar(Persona, e["compartida"], {"telefono": "+56912345678"})
    r = enviar(ana, e["oficina"], tmp_path)
    assert not r.retenidos and r.actualizados == 1
    assert e["oficina"].obtener(Persona, e["compartida"])["telefono"] == "+56912345678"


def _conflicto_beto_oficina(e) -> str:
    """La oficina y Beto editan a la vez a la persona compartida; Ana recibe el conflicto."""
    of, beto, tmp = e["oficina"], e["beto"], e["tmp"]
    of.actualizar(Persona, e["compartida"], {"nombre": "Luis Paillal Huenchu"})
    beto.actualizar(Persona, e["compartida"], {"nombre": "Luis A. Paillal"})
    r = enviar(beto, of, tmp)
    assert r.conflictos == 1
    enviar(of, e["ana"], tmp)
    (c,) = rep.conflictos(e["ana"])
    return c["id"]


def test_conflicto_resuelto_falsificado_no_se_acepta(region):
    e = region
    cid = _conflicto_beto_oficina(e)
    ana = e["ana"]
    # Ana no puede resolver un conflicto entre Beto y la oficina (no participó)...
    with pytest.raises(ErrorPir, match="lo resuelve la oficina o uno de ellos"):
        conflictos.resolver(ana, cid, "mantener")
    # ... y si arma el paquete a mano, la oficina no lo acepta.
    legit = legitima(e)
    (falsa,) = lineas(ana, "conflicto", [cid])
    seq = rep.seq_actual(ana)
    falsa["v"]["estado"] = "resuelto"
    falsa["fd"]["estado"] = [ana.dispositivo, seq, rep.hlc_actual(ana)]
    falsa["vv"][ana.dispositivo] = seq
    r = importar_forjado(e, [falsa, legit], {("persona", legit["id"])})
    assert "no participó" in {x["id"]: x["motivo"] for x in r.retenidos}[cid]
    assert rep.conflicto(e["oficina"], cid)["estado"] == "abierto"


def test_conflicto_inventado_se_retiene(region):
    e = region
    (c,) = lineas(e["ana"], "persona", [e["compartida"]])
    beto, of = e["beto"].dispositivo, e["oficina"].dispositivo
    falso = {
        "t": "conflicto",
        "id": ids.uuid7(),
        "v": {
            "territorio_id": e["t"]["compartido"],
            "tabla": "persona",
            "registro_id": c["id"],
            "campo": "nombre",
            "tipo": "campo",
            "valor_ganador": '"x"',
            "valor_otro": '"y"',
            "dot_ganador": json.dumps([beto, 1, "0000000000001.00000"]),
            "dot_otro": json.dumps([of, 1, "0000000000001.00000"]),
            "estado": "resuelto",
            "resolucion": None,
            "eliminado": 0,
            "fusionado_en": None,
        },
        "vv": {},
        "cd": ["~", 0, "0000000000001.00000"],
        "fd": {},
        "hlc": "0000000000001.00000",
        "o": beto,
        "x": {},
    }
    r = importar_forjado(e, [falso], set())
    assert r.retenidos[0]["motivo"] == alcance.CONFLICTO_AJENO


# ---- 3. Cabecera contra contenido -------------------------------------------------------------


def _rechazado(e, registros, **cab) -> ErrorPaquete:
    of = e["oficina"]
    antes = contenido(of.ruta)
    ruta = forjar(e["ana"], of, e["tmp"], registros, **cab)
    with pytest.raises(ErrorPaquete) as en_verificar:
        importar.verificar(of, ruta)
    with pytest.raises(ErrorPaquete) as error:
        importar.importar(of, ruta)
    assert contenido(of.ruta) == antes
    assert (en_verificar.value.codigo, str(en_verificar.value)) == (
        error.value.codigo,
        str(error.value),
    )
    return error.value


def test_conteos_que_no_coinciden_rechazan_el_paquete(region):
    e = region
    err = _rechazado(e, [legitima(e), legitima(e, "Otra")], counts={"persona": 5})
    assert err.codigo == "CONTEOS" and "declara 5 registros de persona pero trae 2" in str(err)
    err = _rechazado(e, [legitima(e)], counts={"persona": 1, "taller": 3})
    assert err.codigo == "CONTEOS"


def test_tipo_que_no_corresponde_al_rol_se_rechaza(region):
    err = _rechazado(region, [legitima(region)], kind="oficina")
    assert err.codigo == "TIPO" and "notebook de campo" in str(err)


def test_hlc_o_fecha_mal_formados(region):
    e = region
    assert _rechazado(e, [legitima(e)], created_hlc="zzz").codigo == "FORMATO"
    assert _rechazado(e, [legitima(e)], created_wall="ayer").codigo == "FORMATO"
    # En un registro, el sello mal formado retiene ese registro (no se guarda «zzz», que
    # quedaría sobre todo sello real); el resto del paquete se aplica.
    buena, mala, otra = legitima(e), legitima(e, "Sello malo"), legitima(e, "Punto malo")
    mala["hlc"] = "zzz"
    otra["cd"][2] = "zzz"
    r = importar_forjado(e, [buena, mala, otra], {("persona", buena["id"])})
    assert {x["id"] for x in r.retenidos} == {mala["id"], otra["id"]}
    assert (
        not e["oficina"]
        .conn.execute("SELECT 1 FROM persona WHERE hlc = 'zzz' OR cdot LIKE '%zzz%'")
        .fetchone()
    )


# ---- 4. Relojes -------------------------------------------------------------------------------


def test_paquete_cinco_anos_adelante_se_rechaza_con_instrucciones(region):
    e = region
    futuro = datetime.now(UTC) + CINCO_ANOS
    hlc = f"{int(futuro.timestamp() * 1000):013d}.00000"
    err = _rechazado(
        e, [legitima(e)], created_wall=futuro.strftime("%Y-%m-%dT%H:%M:%SZ"), created_hlc=hlc
    )
    assert err.codigo == "RELOJ_ADELANTADO"
    assert "Corrija la fecha y hora" in str(err) and "400 días" in str(err)


def test_cinco_horas_adelante_se_acepta(region):
    e = region
    futuro = datetime.now(UTC) + timedelta(hours=5)
    buena = legitima(e)
    r = importar_forjado(
        e,
        [buena],
        {("persona", buena["id"])},
        created_wall=futuro.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    assert not r.retenidos


def test_registro_fechado_cinco_anos_adelante_se_retiene(region):
    e = region
    buena, adelantada = legitima(e), legitima(e, "Del futuro")
    futuro = datetime.now(UTC) + CINCO_ANOS
    adelantada["hlc"] = adelantada["cd"][2] = f"{int(futuro.timestamp() * 1000):013d}.00000"
    r = importar_forjado(e, [buena, adelantada], {("persona", buena["id"])})
    assert r.retenidos[0]["motivo"] == alcance.FUTURO


def _ms(momento: datetime) -> int:
    return int(momento.timestamp() * 1000)


def test_reloj_adelantado_y_corregido_no_deja_el_hlc_en_el_futuro(region):
    e = region
    ana = e["ana"]
    ahora = datetime.now(UTC)
    assert estado.aviso_reloj(ana) is None
    ana._hlc.reloj = lambda: _ms(ahora + CINCO_ANOS)
    assert "más de 400 días después del último paquete de la oficina" in estado.aviso_reloj(ana)
    ana.insertar(Persona, {"territorio_id": e["t"]["ana"], "nombre": "Escrita en el futuro"})
    futuro = rep.hlc_actual(ana)
    assert futuro > alcance.sello_limite(_ms(ahora))
    # La facilitadora corrige el reloj: antes de escribir, el aviso dice que hay datos adelante.
    ana._hlc.reloj = lambda: _ms(datetime.now(UTC))
    assert "es anterior a datos ya recibidos o guardados" in estado.aviso_reloj(ana)
    pid = ana.insertar(Persona, {"territorio_id": e["t"]["ana"], "nombre": "Ya con la hora bien"})
    hlc = ana.conn.execute("SELECT hlc FROM persona WHERE id = ?", (pid,)).fetchone()[0]
    assert hlc < alcance.sello_limite(_ms(datetime.now(UTC))) and rep.hlc_actual(ana) < futuro
    assert "estuvo adelantada" in estado.aviso_reloj(ana)


def test_resumen_avisa_del_reloj_y_muestra_los_territorios(region, cli):
    e = region
    ana = e["ana"]
    ruta = ana.ruta
    salida = cli("resumen", "--db", ruta)[1]
    assert "Territorios asignados: Territorio ana, Territorio compartido." in salida
    assert "Aviso" not in salida
    ana._hlc.reloj = lambda: _ms(datetime.now(UTC) + CINCO_ANOS)
    ana.insertar(Persona, {"territorio_id": e["t"]["ana"], "nombre": "Del futuro"})
    salida = cli("resumen", "--db", ruta)[1]
    assert "Aviso: La fecha de este computador" in salida and "corrija la fecha" in salida
    assert cli("resumen", "--db", e["oficina"].ruta)[0] == 0


def test_lo_escrito_con_el_reloj_adelantado_se_envia_al_corregirlo(region, tmp_path):
    e = region
    ana, of = e["ana"], e["oficina"]
    ana._hlc.reloj = lambda: _ms(datetime.now(UTC) + CINCO_ANOS)
    pid = ana.insertar(Persona, {"territorio_id": e["t"]["ana"], "nombre": "Escrita adelantada"})
    ana._hlc.reloj = lambda: _ms(datetime.now(UTC) + CINCO_ANOS)
    antes = contenido(of.ruta)
    ruta = tmp_path / "adelantado.pirb"
    exportar.exportar(ana, ruta)
    with pytest.raises(ErrorPaquete, match="Corrija la fecha y hora"):
        importar.importar(of, ruta)
    assert contenido(of.ruta) == antes
    # Corregido el reloj, el paquete siguiente lleva la hora de ahora y entra entero.
    ana._hlc.reloj = lambda: _ms(datetime.now(UTC))
    r = enviar(ana, of, tmp_path)
    assert not r.retenidos and of.obtener(Persona, pid)["nombre"] == "Escrita adelantada"
    hlc = of.conn.execute("SELECT hlc FROM persona WHERE id = ?", (pid,)).fetchone()[0]
    assert hlc <= alcance.sello_limite(_ms(datetime.now(UTC)))


def test_cli_territorios_en_la_oficina_y_en_el_notebook(region, cli):
    e = region
    of, ana = e["oficina"].ruta, e["ana"]
    tn = ana.insertar(Territorio, {**TERRITORIO, "nombre": "Territorio Quetrahue"})
    enviar(ana, e["oficina"], e["tmp"])
    codigo, salida, _ = cli("territorios", "--db", of, "--propuestos")
    assert codigo == 0 and "Territorio Quetrahue" in salida and "ana" in salida
    codigo, salida, _ = cli("territorios", "--db", of, ana.dispositivo, "--aceptar", tn)
    assert codigo == 0 and "Territorio aceptado; se aplicaron 1 registro retenido." in salida
    assert "Territorio Quetrahue" in salida
    codigo, salida, _ = cli("territorios", "--db", of, "--propuestos")
    assert "No hay territorios propuestos" in salida
    codigo, _, error = cli("territorios", "--db", of, ana.dispositivo, "--agregar", "nada")
    assert codigo == 1 and "No existe el territorio nada" in error and "Traceback" not in error
    codigo, salida, _ = cli("territorios", "--db", of, ana.dispositivo, "--toda-la-region")
    assert codigo == 0 and "Puede escribir en toda la región." in salida
    codigo, salida, _ = cli("territorios", "--db", of, ana.dispositivo, "--json")
    assert json.loads(salida)["toda_la_region"] is True
    enviar(e["oficina"], ana, e["tmp"])
    codigo, salida, _ = cli("territorios", "--db", ana.ruta)
    assert codigo == 0 and "La oficina le asignó toda la región." in salida
    codigo, _, error = cli("territorios", "--db", of)
    assert codigo == 1 and "Indique el notebook" in error


def test_conflicto_sobre_un_registro_de_otro_territorio_se_retiene(region):
    """Aunque el conflicto diga ser del territorio de Ana y ella figure en él, trata de un
    registro que la oficina tiene en el territorio de Beto."""
    e = region
    ana, beto, of = e["ana"], e["beto"].dispositivo, e["oficina"]
    mia = legitima(e)
    seq, hlc = rep.seq_actual(ana), rep.hlc_actual(ana)
    ganador, otro = [ana.dispositivo, seq, hlc], [beto, 1, hlc]
    v = {
        "territorio_id": e["t"]["ana"],
        "tabla": "persona",
        "registro_id": e["de_beto"],
        "campo": "nombre",
        "tipo": "campo",
        "valor_ganador": '"x"',
        "valor_otro": '"y"',
        "dot_ganador": json.dumps(ganador),
        "dot_otro": json.dumps(otro),
        "estado": "abierto",
        "resolucion": None,
        "eliminado": 0,
        "fusionado_en": None,
    }
    falso = {
        "t": "conflicto",
        "id": fusion.id_conflicto("persona", e["de_beto"], "nombre", ganador, otro),
        "v": v,
        "vv": {},
        "cd": ["~", 0, hlc],
        "fd": {},
        "hlc": hlc,
        "o": ana.dispositivo,
        "x": {},
    }
    r = importar_forjado(e, [falso], set())
    assert r.retenidos[0]["motivo"] == alcance.FUERA
    # El mismo conflicto sobre un registro de su territorio sí se acepta.
    ganador = [ana.dispositivo, mia["cd"][1], mia["cd"][2]]
    v = {**v, "registro_id": mia["id"], "dot_ganador": json.dumps(ganador)}
    bueno = {
        **falso,
        "id": fusion.id_conflicto("persona", mia["id"], "nombre", ganador, otro),
        "v": v,
    }
    r = importar_forjado(e, [mia, bueno], {("persona", mia["id"]), ("conflicto", bueno["id"])})
    assert not r.retenidos
    assert of.conn.execute("SELECT 1 FROM conflicto WHERE id = ?", (bueno["id"],)).fetchone()


def test_cli_verificar_dice_lo_que_se_retendra_por_territorio(region, cli):
    e = region
    ajena = legitima(e, "Intrusa")
    ajena["v"]["territorio_id"] = e["t"]["beto"]
    ruta = forjar(e["ana"], e["oficina"], e["tmp"], [ajena])
    e["oficina"].cerrar()
    codigo, salida, error = cli("verificar", "--db", e["oficina"].ruta, ruta)
    assert codigo == 0, error
    assert "territorio no asignado" in salida
    codigo, salida, _ = cli("importar", "--db", e["oficina"].ruta, ruta)
    assert codigo == 0 and "territorio no asignado" in salida
