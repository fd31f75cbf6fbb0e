"""Migraciones numeradas del esquema. Una migración aplicada nunca se edita: se agrega otra.

El texto SQL está escrito a mano (no se deriva de los modelos) para que una base creada con
el esquema 1 sea siempre la misma, aunque los modelos cambien después.
"""

from __future__ import annotations

from collections.abc import Callable

import pir_campo.almacen.motor as motor

ESQUEMA_1 = """
CREATE TABLE territorio (
    id TEXT PRIMARY KEY,
    nombre TEXT,
    cut_region TEXT,
    comunas TEXT,
    descripcion TEXT,
    poblacion INTEGER,
    hogares INTEGER,
    superficie_km2 REAL,
    comunidades_indigenas TEXT,
    actividades_productivas TEXT,
    servicios_existentes TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE localidad (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    nombre TEXT,
    cut_comuna TEXT,
    latitud REAL,
    longitud REAL,
    poblacion INTEGER,
    hogares INTEGER,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE organizacion (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    nombre TEXT,
    tipo TEXT,
    rut TEXT,
    localidad_id TEXT,
    personalidad_juridica TEXT,
    contacto TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE persona (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    nombre TEXT,
    rut TEXT,
    sexo TEXT,
    tramo_edad TEXT,
    pueblo_originario TEXT,
    afrodescendiente INTEGER,
    telefono TEXT,
    organizacion_id TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE taller (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    localidad_id TEXT,
    paso INTEGER,
    titulo TEXT,
    fecha TEXT,
    hora_inicio TEXT,
    hora_termino TEXT,
    lugar TEXT,
    proposito TEXT,
    facilitadores TEXT,
    agenda TEXT,
    discusion TEXT,
    interprete TEXT,
    participan_pueblos_indigenas INTEGER,
    posible_afectacion_directa INTEGER,
    estado TEXT,
    motivo_reapertura TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE asistencia (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    taller_id TEXT,
    persona_id TEXT,
    organizacion_id TEXT,
    cargo TEXT,
    firmo INTEGER,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE acuerdo (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    taller_id TEXT,
    texto TEXT,
    responsable TEXT,
    fecha_compromiso TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE pmdt (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    version INTEGER,
    version_anterior_id TEXT,
    fecha TEXT,
    vision TEXT,
    diagnostico TEXT,
    ejes_productivos TEXT,
    modelo_gestion TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE acta_validacion (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    tipo TEXT,
    taller_id TEXT,
    pmdt_id TEXT,
    fecha TEXT,
    lugar TEXT,
    decision TEXT,
    votos_favor INTEGER,
    votos_contra INTEGER,
    abstenciones INTEGER,
    condiciones TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE firmante (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    acta_id TEXT,
    nombre TEXT,
    rut TEXT,
    institucion TEXT,
    cargo TEXT,
    lado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE adenda (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    acta_id TEXT,
    fecha TEXT,
    texto TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE necesidad (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    localidad_id TEXT,
    tipologia TEXT,
    subtipo TEXT,
    titulo TEXT,
    situacion_actual TEXT,
    latitud REAL,
    longitud REAL,
    hogares INTEGER,
    mujeres INTEGER,
    hombres INTEGER,
    taller_id TEXT,
    prioridad INTEGER,
    etapa TEXT,
    motivo_descarte TEXT,
    codigo_bip TEXT,
    resultado_rate TEXT,
    costo REAL,
    unidad_costo TEXT,
    valor_uf REAL,
    fecha_uf TEXT,
    fuente_financiamiento TEXT,
    financia_programa INTEGER,
    programa_alternativo TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE oferta_inversion (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    nombre TEXT,
    institucion TEXT,
    programa TEXT,
    tipologia TEXT,
    monto REAL,
    unidad_monto TEXT,
    valor_uf REAL,
    fecha_uf TEXT,
    anio INTEGER,
    codigo_bip TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE iniciativa (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    pmdt_id TEXT,
    nombre TEXT,
    tipologia TEXT,
    etapa TEXT,
    costo REAL,
    unidad_costo TEXT,
    valor_uf REAL,
    fecha_uf TEXT,
    institucion_responsable TEXT,
    fuente_financiamiento TEXT,
    orden INTEGER,
    codigo_bip TEXT,
    necesidades TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE diagnostico (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    organizacion_id TEXT,
    fecha TEXT,
    instrumento TEXT,
    version_instrumento INTEGER,
    puntaje REAL,
    nivel TEXT,
    observaciones TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE respuesta_diagnostico (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    diagnostico_id TEXT,
    item TEXT,
    valor INTEGER,
    comentario TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE accion_plan (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    diagnostico_id TEXT,
    accion TEXT,
    responsable TEXT,
    fecha_limite TEXT,
    estado TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE adjunto (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    tabla_duena TEXT,
    registro_id TEXT,
    sha256 TEXT,
    tamano INTEGER,
    tipo_medio TEXT,
    nombre_original TEXT,
    clase TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

CREATE TABLE conflicto (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    tabla TEXT NOT NULL,
    registro_id TEXT NOT NULL,
    campo TEXT NOT NULL,
    tipo TEXT NOT NULL,
    valor_ganador TEXT,
    valor_otro TEXT,
    dot_ganador TEXT,
    dot_otro TEXT,
    estado TEXT NOT NULL DEFAULT 'abierto',
    resolucion TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

-- Estado local de la instalación: dispositivo, rol, contador de cambios, reloj híbrido.
CREATE TABLE estado_sincro (
    clave TEXT PRIMARY KEY,
    valor TEXT
) WITHOUT ROWID;

-- Claves privadas de la instalación; nunca se imprimen ni se exportan.
CREATE TABLE identidad (
    clave TEXT PRIMARY KEY,
    valor BLOB NOT NULL
) WITHOUT ROWID;

-- Otras instalaciones conocidas: la oficina (en un notebook) o los notebooks (en la oficina).
CREATE TABLE par (
    id TEXT PRIMARY KEY,
    rol TEXT NOT NULL,
    nombre TEXT NOT NULL,
    cut_region TEXT,
    clave_firma TEXT NOT NULL,
    clave_cifrado TEXT NOT NULL,
    confirmado_por_par INTEGER NOT NULL DEFAULT 0,
    aplicado_desde_par INTEGER NOT NULL DEFAULT 0,
    rangos_faltantes TEXT NOT NULL DEFAULT '[]',
    territorios TEXT NOT NULL DEFAULT '[]',
    ultimo_paquete TEXT,
    registrado_en TEXT NOT NULL,
    revocado_en TEXT,
    ultimo_seq_valido INTEGER
) WITHOUT ROWID;

CREATE TABLE paquete_importado (
    paquete_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    desde_dispositivo TEXT NOT NULL,
    tipo TEXT NOT NULL,
    seq_desde INTEGER,
    seq_hasta INTEGER,
    estado TEXT NOT NULL,
    resumen TEXT NOT NULL DEFAULT '{}',
    importado_en TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE blob_confirmado (
    par_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (par_id, sha256)
) WITHOUT ROWID;

-- Bitácora de auditoría: una fila por campo cambiado (o una por registro creado).
CREATE TABLE cambio (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    dispositivo TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    momento TEXT NOT NULL,
    usuario TEXT NOT NULL,
    tabla TEXT NOT NULL,
    registro_id TEXT NOT NULL,
    campo TEXT NOT NULL,
    anterior TEXT,
    nuevo TEXT,
    motivo TEXT
);
CREATE INDEX cambio_registro ON cambio(tabla, registro_id);
CREATE INDEX territorio_lseq ON territorio(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX localidad_lseq ON localidad(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX organizacion_lseq ON organizacion(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX persona_lseq ON persona(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX taller_lseq ON taller(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX asistencia_lseq ON asistencia(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX acuerdo_lseq ON acuerdo(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX pmdt_lseq ON pmdt(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX acta_validacion_lseq ON acta_validacion(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX firmante_lseq ON firmante(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX adenda_lseq ON adenda(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX necesidad_lseq ON necesidad(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX oferta_inversion_lseq ON oferta_inversion(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX iniciativa_lseq ON iniciativa(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX diagnostico_lseq ON diagnostico(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX respuesta_diagnostico_lseq ON respuesta_diagnostico(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX accion_plan_lseq ON accion_plan(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX adjunto_lseq ON adjunto(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX conflicto_lseq ON conflicto(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX localidad_territorio ON localidad(territorio_id);
CREATE INDEX organizacion_territorio ON organizacion(territorio_id);
CREATE INDEX persona_territorio ON persona(territorio_id);
CREATE INDEX taller_territorio ON taller(territorio_id);
CREATE INDEX asistencia_territorio ON asistencia(territorio_id);
CREATE INDEX acuerdo_territorio ON acuerdo(territorio_id);
CREATE INDEX pmdt_territorio ON pmdt(territorio_id);
CREATE INDEX acta_validacion_territorio ON acta_validacion(territorio_id);
CREATE INDEX firmante_territorio ON firmante(territorio_id);
CREATE INDEX adenda_territorio ON adenda(territorio_id);
CREATE INDEX necesidad_territorio ON necesidad(territorio_id);
CREATE INDEX oferta_inversion_territorio ON oferta_inversion(territorio_id);
CREATE INDEX iniciativa_territorio ON iniciativa(territorio_id);
CREATE INDEX diagnostico_territorio ON diagnostico(territorio_id);
CREATE INDEX respuesta_diagnostico_territorio ON respuesta_diagnostico(territorio_id);
CREATE INDEX accion_plan_territorio ON accion_plan(territorio_id);
CREATE INDEX adjunto_territorio ON adjunto(territorio_id);
CREATE INDEX asistencia_taller ON asistencia(taller_id);
CREATE INDEX asistencia_persona ON asistencia(persona_id);
CREATE INDEX acuerdo_taller ON acuerdo(taller_id);
CREATE INDEX firmante_acta ON firmante(acta_id);
CREATE INDEX adenda_acta ON adenda(acta_id);
CREATE INDEX iniciativa_pmdt ON iniciativa(pmdt_id);
CREATE INDEX respuesta_diagnostico_diag ON respuesta_diagnostico(diagnostico_id);
CREATE INDEX accion_plan_diag ON accion_plan(diagnostico_id);
CREATE INDEX adjunto_registro ON adjunto(registro_id);
CREATE INDEX persona_rut ON persona(rut) WHERE rut IS NOT NULL;
"""

# Esquema 2: búsqueda de personas por nombre con FTS5 (lista de asistencia y búsqueda global).
ESQUEMA_2 = """
CREATE VIRTUAL TABLE persona_busqueda USING fts5(
    nombre, persona_id UNINDEXED, territorio_id UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
    SELECT nombre, id, territorio_id FROM persona WHERE eliminado = 0;
CREATE TRIGGER persona_busqueda_ins AFTER INSERT ON persona WHEN new.eliminado = 0 BEGIN
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        VALUES (new.nombre, new.id, new.territorio_id);
END;
CREATE TRIGGER persona_busqueda_upd AFTER UPDATE OF nombre, eliminado, territorio_id ON persona
BEGIN
    DELETE FROM persona_busqueda WHERE persona_id = old.id;
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        SELECT new.nombre, new.id, new.territorio_id WHERE new.eliminado = 0;
END;
"""

# Esquema 3: indicadores de selección de territorios y votos de la priorización participativa.
ESQUEMA_3 = """
CREATE TABLE indicador_territorio (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    indicador TEXT,
    tipologia TEXT,
    valor REAL,
    unidad TEXT,
    fuente TEXT,
    anio INTEGER,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE TABLE voto_priorizacion (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    taller_id TEXT,
    necesidad_id TEXT,
    votos INTEGER,
    lugar INTEGER,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE INDEX indicador_territorio_lseq ON indicador_territorio(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX voto_priorizacion_lseq ON voto_priorizacion(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX indicador_territorio_territorio ON indicador_territorio(territorio_id);
CREATE INDEX voto_priorizacion_territorio ON voto_priorizacion(territorio_id);
CREATE INDEX voto_priorizacion_taller ON voto_priorizacion(taller_id);
CREATE INDEX voto_priorizacion_necesidad ON voto_priorizacion(necesidad_id);
"""

# Esquema 4: índices de la aplicación de terreno (redirección de personas fusionadas y lista
# de asistencias de un territorio ordenada por taller, para filtrar 100.000 filas).
ESQUEMA_4 = """
CREATE INDEX persona_fusionado ON persona(fusionado_en) WHERE fusionado_en IS NOT NULL;
CREATE INDEX asistencia_territorio_taller ON asistencia(territorio_id, taller_id);
"""

# Esquema 5: índices que cubren el filtro de asistencias (con `eliminado`, para no leer filas):
# filtrar 100.000 asistencias por nombre pasa de ~250 ms a ~25 ms por tecla.
ESQUEMA_5 = """
DROP INDEX asistencia_territorio_taller;
CREATE INDEX asistencia_territorio_vigente ON asistencia(territorio_id, eliminado, taller_id);
CREATE INDEX asistencia_persona_vigente ON asistencia(persona_id, eliminado, taller_id);
"""

# Esquema 6: la bitácora viaja en los paquetes. Cada fila se identifica por su punto de escritura
# (dispositivo, seq) y su campo: así la oficina guarda la de cada notebook una sola vez aunque
# reciba el mismo cambio en dos paquetes.
# La revisión de la oficina es un registro sincronizable más (viaja y se fusiona por campo).
ESQUEMA_6 = """
-- Por si una base vieja tuviera la misma fila dos veces: se deja la primera.
DELETE FROM cambio WHERE n NOT IN (SELECT min(n) FROM cambio GROUP BY dispositivo, seq, campo);
CREATE UNIQUE INDEX cambio_punto ON cambio(dispositivo, seq, campo);
CREATE TABLE revision (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    registro_tabla TEXT,
    registro_id TEXT,
    estado TEXT,
    comentario TEXT,
    revisado_por TEXT,
    revisado_en TEXT,
    respuesta TEXT,
    respondido_por TEXT,
    respondido_en TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE INDEX revision_lseq ON revision(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX revision_territorio ON revision(territorio_id);
CREATE UNIQUE INDEX revision_registro ON revision(registro_id);
CREATE INDEX revision_estado ON revision(registro_tabla, estado);
"""

# Esquema 7: solicitudes de derechos de las personas (Ley 21.719). Registro sincronizable: la
# supresión viaja así a la oficina y a los demás notebooks, y cada instalación la cumple.
ESQUEMA_7 = """
CREATE TABLE solicitud_derecho (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    persona_id TEXT,
    tipo TEXT,
    fecha TEXT,
    solicitado_por TEXT,
    motivo TEXT,
    respuesta TEXT,
    alcance TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE INDEX solicitud_derecho_lseq ON solicitud_derecho(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX solicitud_derecho_territorio ON solicitud_derecho(territorio_id);
CREATE INDEX solicitud_derecho_persona ON solicitud_derecho(persona_id, tipo);
-- Una persona bloqueada (su último bloqueo o desbloqueo es un bloqueo) sale de la búsqueda:
-- toda búsqueda de personas pasa por este índice.
DROP TRIGGER persona_busqueda_ins;
DROP TRIGGER persona_busqueda_upd;
CREATE TRIGGER persona_busqueda_ins AFTER INSERT ON persona WHEN new.eliminado = 0 BEGIN
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        SELECT new.nombre, new.id, new.territorio_id WHERE coalesce((SELECT s.tipo
            FROM solicitud_derecho s WHERE s.persona_id = new.id AND s.eliminado = 0
            AND s.tipo IN ('bloqueo', 'desbloqueo') ORDER BY s.hlc DESC, s.id DESC LIMIT 1),
            '') != 'bloqueo';
END;
CREATE TRIGGER persona_busqueda_upd AFTER UPDATE OF nombre, eliminado, territorio_id ON persona
BEGIN
    DELETE FROM persona_busqueda WHERE persona_id = old.id;
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        SELECT new.nombre, new.id, new.territorio_id WHERE new.eliminado = 0 AND coalesce((
            SELECT s.tipo FROM solicitud_derecho s WHERE s.persona_id = new.id
            AND s.eliminado = 0 AND s.tipo IN ('bloqueo', 'desbloqueo')
            ORDER BY s.hlc DESC, s.id DESC LIMIT 1), '') != 'bloqueo';
END;
CREATE TRIGGER solicitud_busqueda_ins AFTER INSERT ON solicitud_derecho
WHEN new.tipo IN ('bloqueo', 'desbloqueo') BEGIN
    DELETE FROM persona_busqueda WHERE persona_id = new.persona_id;
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        SELECT p.nombre, p.id, p.territorio_id FROM persona p WHERE p.id = new.persona_id
            AND p.eliminado = 0 AND coalesce((SELECT s.tipo FROM solicitud_derecho s
            WHERE s.persona_id = p.id AND s.eliminado = 0 AND s.tipo IN ('bloqueo', 'desbloqueo')
            ORDER BY s.hlc DESC, s.id DESC LIMIT 1), '') != 'bloqueo';
END;
CREATE TRIGGER solicitud_busqueda_upd AFTER UPDATE OF tipo, eliminado, hlc ON solicitud_derecho
WHEN new.tipo IN ('bloqueo', 'desbloqueo') OR old.tipo IN ('bloqueo', 'desbloqueo') BEGIN
    DELETE FROM persona_busqueda WHERE persona_id = new.persona_id;
    INSERT INTO persona_busqueda (nombre, persona_id, territorio_id)
        SELECT p.nombre, p.id, p.territorio_id FROM persona p WHERE p.id = new.persona_id
            AND p.eliminado = 0 AND coalesce((SELECT s.tipo FROM solicitud_derecho s
            WHERE s.persona_id = p.id AND s.eliminado = 0 AND s.tipo IN ('bloqueo', 'desbloqueo')
            ORDER BY s.hlc DESC, s.id DESC LIMIT 1), '') != 'bloqueo';
END;
"""

# Esquema 9: el índice de búsqueda se mantiene por rowid. Una tabla de correspondencia da a cada
# persona un número de fila fijo en persona_busqueda: borrar su entrada ya no recorre todo el
# índice (antes `DELETE ... WHERE persona_id = ?` sobre una columna sin índice: 8,9 ms por
# persona con 18.400), y los disparadores solo actúan si cambia lo indexado (nombre, eliminado,
# territorio): reescribir el teléfono de una persona no toca el índice. Se conserva lo del
# esquema 7: una persona bloqueada sigue fuera de la búsqueda. El índice se reconstruye desde
# cero (DROP y CREATE): no queda en sus segmentos ningún término borrado antes.
# Cada paquete importado guarda además la identidad del archivo cuya carga se comprobó
# (sincro/paquete.py, `identidad_archivo`): reimportar ese mismo archivo no la relee.
NO_BLOQUEADA = """coalesce((SELECT s.tipo FROM solicitud_derecho s
            WHERE s.persona_id = {p} AND s.eliminado = 0 AND s.tipo IN ('bloqueo', 'desbloqueo')
            ORDER BY s.hlc DESC, s.id DESC LIMIT 1), '') != 'bloqueo'"""
_FILA = "(SELECT fila FROM persona_busqueda_fila WHERE persona_id = {p})"
# Un bloqueo o desbloqueo repone la entrada de su persona (sale si quedó bloqueada).
_REPONER_SOLICITADA = f"""\
    DELETE FROM persona_busqueda WHERE rowid = {_FILA.format(p="new.persona_id")};
    INSERT INTO persona_busqueda (rowid, nombre, persona_id, territorio_id)
        SELECT f.fila, p.nombre, p.id, p.territorio_id
        FROM persona p JOIN persona_busqueda_fila f ON f.persona_id = p.id
        WHERE p.id = new.persona_id AND p.eliminado = 0 AND {NO_BLOQUEADA.format(p="p.id")};"""
ESQUEMA_9 = f"""
ALTER TABLE paquete_importado ADD COLUMN archivo TEXT;
DROP TRIGGER IF EXISTS persona_busqueda_ins;
DROP TRIGGER IF EXISTS persona_busqueda_upd;
DROP TRIGGER IF EXISTS solicitud_busqueda_ins;
DROP TRIGGER IF EXISTS solicitud_busqueda_upd;
DROP TABLE IF EXISTS persona_busqueda;
CREATE TABLE persona_busqueda_fila (
    fila INTEGER PRIMARY KEY,
    persona_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE persona_busqueda USING fts5(
    nombre, persona_id UNINDEXED, territorio_id UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO persona_busqueda_fila (persona_id) SELECT id FROM persona WHERE eliminado = 0;
INSERT INTO persona_busqueda (rowid, nombre, persona_id, territorio_id)
    SELECT f.fila, p.nombre, p.id, p.territorio_id
    FROM persona p JOIN persona_busqueda_fila f ON f.persona_id = p.id
    WHERE p.eliminado = 0 AND {NO_BLOQUEADA.format(p="p.id")};
CREATE TRIGGER persona_busqueda_ins AFTER INSERT ON persona WHEN new.eliminado = 0 BEGIN
    INSERT OR IGNORE INTO persona_busqueda_fila (persona_id) VALUES (new.id);
    DELETE FROM persona_busqueda WHERE rowid = {_FILA.format(p="new.id")};
    INSERT INTO persona_busqueda (rowid, nombre, persona_id, territorio_id)
        SELECT {_FILA.format(p="new.id")}, new.nombre, new.id, new.territorio_id
        WHERE {NO_BLOQUEADA.format(p="new.id")};
END;
CREATE TRIGGER persona_busqueda_upd AFTER UPDATE OF nombre, eliminado, territorio_id ON persona
WHEN old.nombre IS NOT new.nombre OR old.eliminado IS NOT new.eliminado
    OR old.territorio_id IS NOT new.territorio_id BEGIN
    DELETE FROM persona_busqueda WHERE rowid = {_FILA.format(p="old.id")};
    INSERT OR IGNORE INTO persona_busqueda_fila (persona_id) SELECT new.id WHERE new.eliminado = 0;
    INSERT INTO persona_busqueda (rowid, nombre, persona_id, territorio_id)
        SELECT {_FILA.format(p="new.id")}, new.nombre, new.id, new.territorio_id
        WHERE new.eliminado = 0 AND {NO_BLOQUEADA.format(p="new.id")};
END;
CREATE TRIGGER solicitud_busqueda_ins AFTER INSERT ON solicitud_derecho
WHEN new.tipo IN ('bloqueo', 'desbloqueo') BEGIN
{_REPONER_SOLICITADA}
END;
CREATE TRIGGER solicitud_busqueda_upd AFTER UPDATE OF tipo, eliminado, hlc ON solicitud_derecho
WHEN (new.tipo IN ('bloqueo', 'desbloqueo') OR old.tipo IN ('bloqueo', 'desbloqueo'))
    AND (old.tipo IS NOT new.tipo OR old.eliminado IS NOT new.eliminado
    OR old.hlc IS NOT new.hlc) BEGIN
{_REPONER_SOLICITADA}
END;
"""

# Esquema 10: consentimiento para datos sensibles (Ley 21.719): sin uno, pueblo originario y
# afrodescendencia quedan vacíos (servicios/consentimiento.py). Viaja como cualquier registro.
ESQUEMA_10 = """
CREATE TABLE consentimiento (
    id TEXT PRIMARY KEY,
    territorio_id TEXT,
    persona_id TEXT,
    taller_id TEXT,
    fecha TEXT,
    version_aviso TEXT,
    forma TEXT,
    testigo TEXT,
    eliminado INTEGER NOT NULL DEFAULT 0,
    fusionado_en TEXT,
    vv TEXT NOT NULL,
    cdot TEXT NOT NULL,
    fdots TEXT NOT NULL DEFAULT '{}',
    hlc TEXT NOT NULL,
    origen TEXT NOT NULL,
    lseq INTEGER,
    revisar INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
CREATE INDEX consentimiento_lseq ON consentimiento(lseq) WHERE lseq IS NOT NULL;
CREATE INDEX consentimiento_territorio ON consentimiento(territorio_id);
CREATE INDEX consentimiento_persona ON consentimiento(persona_id);
"""


# Esquema 12: una base más chica (issue #18). Cada consulta se revisó con EXPLAIN QUERY PLAN
# (benchmarks/b_almacen.py repite la revisión de las consultas de asistencias):
# - asistencia_territorio y asistencia_persona son prefijos de asistencia_territorio_vigente y
#   asistencia_persona_vigente (esquema 5): toda consulta que las usaba usa la vigente igual de
#   bien, y eran el 11 % del archivo.
# - La bitácora guarda cada dispositivo como un número de la tabla `dispositivo` y cada usuario
#   y motivo (que se repiten en miles de filas) como un número de `texto_bitacora`; el momento
#   UTC canónico («2026-03-01T12:00:00+00:00») como segundos, y cualquier otro texto tal cual.
#   La vista `cambio` rehace las filas con sus textos completos, así que las consultas, los
#   paquetes (la bitácora viaja con los ids completos) y sus firmas no cambian; sus disparadores
#   traducen INSERT, UPDATE y DELETE sobre la vista. El camino de escritura del almacén escribe
#   directo en `bitacora` (consultas_historial.escribir_bitacora) sin pasar por ellos.
_MOMENTO_A_SEGUNDOS = (
    "CASE WHEN {m} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:"
    "[0-9][0-9]+00:00' AND {m} >= '1000' "
    "AND strftime('%Y-%m-%dT%H:%M:%S+00:00', substr({m}, 1, 19)) = {m} "
    "THEN CAST(strftime('%s', substr({m}, 1, 19)) AS INTEGER) ELSE {m} END"
)
_SEGUNDOS_A_MOMENTO = (
    "CASE WHEN typeof({m}) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', {m}, 'unixepoch') "
    "ELSE {m} END"
)


def segundos_a_momento(expresion: str) -> str:
    """Expresión SQL que rehace un momento guardado en la bitácora (ver ESQUEMA_12)."""
    return _SEGUNDOS_A_MOMENTO.format(m=expresion)


def momento_compacto(expresion: str) -> str:
    """Expresión SQL que guarda un momento de la bitácora (ver ESQUEMA_12)."""
    return _MOMENTO_A_SEGUNDOS.format(m=expresion)


def _texto(expresion: str) -> str:
    return f"(SELECT n FROM texto_bitacora WHERE texto = {expresion})"


def _nuevo_texto(expresion: str) -> str:
    return (
        f"INSERT INTO texto_bitacora (texto) SELECT {expresion} WHERE {expresion} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM texto_bitacora WHERE texto = {expresion});\n"
    )


def _nuevo_dispositivo(expresion: str) -> str:
    return (
        f"INSERT INTO dispositivo (id) SELECT {expresion} WHERE {expresion} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM dispositivo WHERE id = {expresion});\n"
    )


_COMPACTA = (
    "(SELECT n FROM dispositivo WHERE id = new.dispositivo), new.seq, new.hlc, "
    f"{momento_compacto('new.momento')}, {_texto('new.usuario')}, new.tabla, new.registro_id, "
    f"new.campo, new.anterior, new.nuevo, {_texto('new.motivo')}"
)


def vista_cambio(tablas: tuple[str, ...] | None = None) -> str:
    """La vista `cambio` (filas de `bitacora` y, desde el esquema 14, las de creación rehechas
    de los tramos de `tablas`, por omisión TABLAS_CREACION) y sus disparadores, que escriben
    en `bitacora`. Sin tablas (`()`), la del esquema 12."""
    tablas = TABLAS_CREACION if tablas is None else tablas
    armas = "".join(f"\n    UNION ALL {_arma_creacion(t)}" for t in tablas)
    return f"""
CREATE VIEW cambio AS
    SELECT b.n AS n, d.id AS dispositivo, b.seq AS seq, b.hlc AS hlc,
        {_SEGUNDOS_A_MOMENTO.format(m="b.momento")} AS momento, u.texto AS usuario,
        b.tabla AS tabla, b.registro_id AS registro_id, b.campo AS campo,
        b.anterior AS anterior, b.nuevo AS nuevo, m.texto AS motivo
    FROM bitacora b JOIN dispositivo d ON d.n = b.dispositivo
    JOIN texto_bitacora u ON u.n = b.usuario
    LEFT JOIN texto_bitacora m ON m.n = b.motivo{armas};
CREATE TRIGGER cambio_ins INSTEAD OF INSERT ON cambio BEGIN
{_nuevo_dispositivo("new.dispositivo")}{_nuevo_texto("new.usuario")}{_nuevo_texto("new.motivo")}\
    INSERT INTO bitacora (n, dispositivo, seq, hlc, momento, usuario, tabla, registro_id, campo,
        anterior, nuevo, motivo) VALUES (new.n, {_COMPACTA});
END;
CREATE TRIGGER cambio_upd INSTEAD OF UPDATE ON cambio BEGIN
{_nuevo_dispositivo("new.dispositivo")}{_nuevo_texto("new.usuario")}{_nuevo_texto("new.motivo")}\
    UPDATE bitacora SET (dispositivo, seq, hlc, momento, usuario, tabla, registro_id, campo,
        anterior, nuevo, motivo) = ({_COMPACTA}) WHERE n = old.n;
END;
CREATE TRIGGER cambio_del INSTEAD OF DELETE ON cambio BEGIN
    DELETE FROM bitacora WHERE n = old.n;
END;
"""


ESQUEMA_12 = (
    """
DROP INDEX asistencia_territorio;
DROP INDEX asistencia_persona;
CREATE TABLE dispositivo (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
CREATE TABLE texto_bitacora (
    n INTEGER PRIMARY KEY,
    texto TEXT NOT NULL UNIQUE
);
CREATE TABLE bitacora (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    dispositivo INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    momento NOT NULL,
    usuario INTEGER NOT NULL,
    tabla TEXT NOT NULL,
    registro_id TEXT NOT NULL,
    campo TEXT NOT NULL,
    anterior TEXT,
    nuevo TEXT,
    motivo INTEGER
);
INSERT INTO dispositivo (id) SELECT DISTINCT dispositivo FROM cambio ORDER BY dispositivo;
INSERT INTO texto_bitacora (texto) SELECT usuario FROM cambio
    UNION SELECT motivo FROM cambio WHERE motivo IS NOT NULL;
"""
    + f"""
INSERT INTO bitacora (n, dispositivo, seq, hlc, momento, usuario, tabla, registro_id, campo,
    anterior, nuevo, motivo)
    SELECT c.n, d.n, c.seq, c.hlc, {momento_compacto("c.momento")}, u.n, c.tabla, c.registro_id,
        c.campo, c.anterior, c.nuevo, m.n
    FROM cambio c JOIN dispositivo d ON d.id = c.dispositivo
    JOIN texto_bitacora u ON u.texto = c.usuario
    LEFT JOIN texto_bitacora m ON m.texto = c.motivo ORDER BY c.n;
DROP TABLE cambio;
CREATE UNIQUE INDEX bitacora_punto ON bitacora(dispositivo, seq, campo);
CREATE INDEX bitacora_registro ON bitacora(registro_id);
"""
    + vista_cambio(())
)


# Esquema 13: la participación en talleres por territorio, mes del taller, sexo y tramo de edad,
# ya contada (issue #15). El informe regional y los gráficos de Inicio la leían recorriendo cada
# asistencia de la región (105.000 con 20.000 talleres: unas 3.000 páginas de índice que
# descifrar, ~0,6 s con la base recién abierta); estas ~3.000 filas se leen en un par de páginas.
# La mantienen disparadores: cada cambio que mueve una asistencia de casilla (la asistencia, la
# fecha o el borrado de su taller, el sexo o el tramo de su persona) resta lo que aportaba con los
# valores de antes y suma lo que aporta con los de ahora. Cuenta lo mismo que la consulta directa:
# asistencias vigentes, de un taller vigente con fecha y de una persona que existe, por el
# territorio de la asistencia. Solo números: ningún dato de una persona.
_PARTICIPACION_FILA = (
    "substr({t}.fecha, 1, 7), coalesce({p}.sexo, 'sin_dato'), coalesce({p}.tramo_edad, 'sin_dato')"
)
_VIGENTE = (
    "{a}.eliminado = 0 AND {a}.territorio_id IS NOT NULL AND {t}.eliminado = 0 "
    "AND {t}.fecha IS NOT NULL"
)


def sumar_participacion(signo: str, desde: str, a: str, t: str, p: str) -> str:
    """Suma (o resta, `signo` '-') a participacion_mes las asistencias de `desde`."""
    return (
        "    INSERT INTO participacion_mes (territorio_id, mes, sexo, tramo, n)\n"
        f"        SELECT {a}.territorio_id, {_PARTICIPACION_FILA.format(t=t, p=p)}, "
        f"{signo}count(*)\n"
        f"        {desde} AND {_VIGENTE.format(a=a, t=t)}\n"
        "        GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n;\n"
    )


def _por_asistencia(signo: str, fila: str) -> str:
    desde = f"FROM taller t, persona p WHERE t.id = {fila}.taller_id AND p.id = {fila}.persona_id"
    return sumar_participacion(signo, desde, fila, "t", "p")


def _por_taller(signo: str, fila: str) -> str:
    desde = f"FROM asistencia a JOIN persona p ON p.id = a.persona_id WHERE a.taller_id = {fila}.id"
    return sumar_participacion(signo, desde, "a", fila, "p")


def _por_persona(signo: str, fila: str) -> str:
    desde = f"FROM asistencia a JOIN taller t ON t.id = a.taller_id WHERE a.persona_id = {fila}.id"
    return sumar_participacion(signo, desde, "a", "t", fila)


ESQUEMA_13 = f"""
CREATE TABLE participacion_mes (
    territorio_id TEXT NOT NULL,
    mes TEXT NOT NULL,
    sexo TEXT NOT NULL,
    tramo TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (territorio_id, mes, sexo, tramo)
) WITHOUT ROWID;
INSERT INTO participacion_mes (territorio_id, mes, sexo, tramo, n)
    SELECT a.territorio_id, {_PARTICIPACION_FILA.format(t="t", p="p")}, count(*)
    FROM asistencia a JOIN taller t ON t.id = a.taller_id JOIN persona p ON p.id = a.persona_id
    WHERE {_VIGENTE.format(a="a", t="t")} GROUP BY 1, 2, 3, 4;
CREATE TRIGGER participacion_asistencia_ins AFTER INSERT ON asistencia BEGIN
{_por_asistencia("", "new")}END;
CREATE TRIGGER participacion_asistencia_del AFTER DELETE ON asistencia BEGIN
{_por_asistencia("-", "old")}END;
CREATE TRIGGER participacion_asistencia_upd
AFTER UPDATE OF territorio_id, taller_id, persona_id, eliminado ON asistencia
WHEN old.territorio_id IS NOT new.territorio_id OR old.taller_id IS NOT new.taller_id
    OR old.persona_id IS NOT new.persona_id OR old.eliminado IS NOT new.eliminado BEGIN
{_por_asistencia("-", "old")}{_por_asistencia("", "new")}END;
CREATE TRIGGER participacion_taller_ins AFTER INSERT ON taller BEGIN
{_por_taller("", "new")}END;
CREATE TRIGGER participacion_taller_del AFTER DELETE ON taller BEGIN
{_por_taller("-", "old")}END;
CREATE TRIGGER participacion_taller_upd AFTER UPDATE OF fecha, eliminado ON taller
WHEN substr(old.fecha, 1, 7) IS NOT substr(new.fecha, 1, 7)
    OR old.eliminado IS NOT new.eliminado BEGIN
{_por_taller("-", "old")}{_por_taller("", "new")}END;
CREATE TRIGGER participacion_persona_ins AFTER INSERT ON persona BEGIN
{_por_persona("", "new")}END;
CREATE TRIGGER participacion_persona_del AFTER DELETE ON persona BEGIN
{_por_persona("-", "old")}END;
CREATE TRIGGER participacion_persona_upd AFTER UPDATE OF sexo, tramo_edad ON persona
WHEN coalesce(old.sexo, 'sin_dato') IS NOT coalesce(new.sexo, 'sin_dato')
    OR coalesce(old.tramo_edad, 'sin_dato') IS NOT coalesce(new.tramo_edad, 'sin_dato') BEGIN
{_por_persona("-", "old")}{_por_persona("", "new")}END;
"""


# Esquema 14: las filas de creación de la bitácora («*», una por registro: ~157 B por registro
# con sus índices en la demo, el 17 % del archivo) se guardan como TRAMOS de números de cambio
# por dispositivo (tabla `creacion`: dispositivo, desde, hasta, tabla, usuario, motivo,
# momento). Cada registro ya guarda su punto de creación (cdot: dispositivo, seq, hlc), así que
# la vista `cambio` rehace la fila de cada registro cuyo cdot cae en un tramo de su tabla: las
# consultas y los paquetes ven lo mismo. Un tramo solo abarca números de cambio seguidos, cada
# uno la creación de un registro de su tabla (así nunca inventa una fila). Si la fila está
# además en `bitacora` (llegó en un paquete, o se fijó porque el registro cambió de cdot o se
# borró: ver los disparadores `*_creacion_*`), vale la de `bitacora`.
# Si una migración futura agrega una tabla replicada, debe rehacer la vista con `vista_cambio`.
TABLAS_CREACION = (
    "territorio",
    "indicador_territorio",
    "localidad",
    "organizacion",
    "persona",
    "taller",
    "asistencia",
    "acuerdo",
    "pmdt",
    "acta_validacion",
    "firmante",
    "adenda",
    "necesidad",
    "voto_priorizacion",
    "oferta_inversion",
    "iniciativa",
    "diagnostico",
    "respuesta_diagnostico",
    "accion_plan",
    "adjunto",
    "revision",
    "solicitud_derecho",
    "consentimiento",
)
# El tramo que cubre el punto (dispositivo número {d}, seq {s}) de la tabla {t}.
_TRAMO = (
    "k.dispositivo = {d} AND k.tabla = '{t}' AND k.hasta >= {s} AND k.desde = "
    "(SELECT max(x.desde) FROM creacion x WHERE x.dispositivo = {d} AND x.desde <= {s})"
)
_SIN_FILA = (
    "NOT EXISTS (SELECT 1 FROM bitacora b WHERE b.dispositivo = {d} AND b.seq = {s} "
    "AND b.campo = '*')"
)


def _arma_creacion(t: str) -> str:
    s = "r.cdot ->> 1"
    return (
        f"SELECT NULL, d.id, {s}, r.cdot ->> 2, "
        f"{_SEGUNDOS_A_MOMENTO.format(m='k.momento')}, u.texto, '{t}', r.id, '*', NULL, NULL, "
        f"m.texto FROM {t} r JOIN dispositivo d ON d.id = r.cdot ->> 0 "
        f"JOIN creacion k ON {_TRAMO.format(d='d.n', t=t, s=s)} "
        "JOIN texto_bitacora u ON u.n = k.usuario LEFT JOIN texto_bitacora m ON m.n = k.motivo "
        # Sin tramos del dispositivo pedido (la consulta filtra por él) ni se recorre la tabla:
        # como IN (no EXISTS) se evalúa en el bucle del dispositivo, antes de recorrer `r`.
        "WHERE d.n IN (SELECT dispositivo FROM creacion) "
        f"AND {_SIN_FILA.format(d='d.n', s=s)}"
    )


def _fijar_creacion(t: str) -> str:
    """Antes de que el registro pierda su punto de creación (cambia su cdot o se borra), su fila
    de creación rehecha de un tramo pasa a `bitacora`, tal cual."""
    d = "(SELECT n FROM dispositivo WHERE id = old.cdot ->> 0)"
    s = "old.cdot ->> 1"
    insertar = (
        "INSERT INTO bitacora (dispositivo, seq, hlc, momento, usuario, tabla, registro_id, "
        "campo, anterior, nuevo, motivo) "
        f"SELECT k.dispositivo, {s}, old.cdot ->> 2, k.momento, k.usuario, '{t}', old.id, '*', "
        f"NULL, NULL, k.motivo FROM creacion k WHERE {_TRAMO.format(d=d, t=t, s=s)} "
        f"AND {_SIN_FILA.format(d='k.dispositivo', s=s)};"
    )
    return (
        f"CREATE TRIGGER {t}_creacion_upd BEFORE UPDATE OF cdot ON {t} "
        f"WHEN old.cdot IS NOT new.cdot BEGIN\n    {insertar}\nEND;\n"
        f"CREATE TRIGGER {t}_creacion_del BEFORE DELETE ON {t} BEGIN\n    {insertar}\nEND;\n"
    )


def _convertible(t: str) -> str:
    return (
        f"WHEN '{t}' THEN EXISTS (SELECT 1 FROM {t} r WHERE r.id = b.registro_id "
        "AND r.cdot ->> 0 = d.id AND r.cdot ->> 1 = b.seq AND r.cdot ->> 2 = b.hlc)"
    )


ESQUEMA_14 = (
    """
CREATE TABLE creacion (
    dispositivo INTEGER NOT NULL,
    desde INTEGER NOT NULL,
    hasta INTEGER NOT NULL,
    tabla TEXT NOT NULL,
    usuario INTEGER NOT NULL,
    motivo INTEGER,
    momento NOT NULL,
    PRIMARY KEY (dispositivo, desde)
) WITHOUT ROWID;
"""
    # Se convierte cada fila «*» propia cuyo registro está y guarda ese mismo punto de
    # creación; las seguidas (seq consecutivos de la misma tabla, persona, motivo y momento) son
    # un tramo. Las de otros dispositivos (las que la oficina recibió) quedan como filas: la
    # oficina busca en su bitácora los números de cambio de cada remitente al importar
    # (sucesion.huellas_de), y con tramos de ese remitente la vista recorrería cada tabla.
    + f"""
CREATE TEMP TABLE convertible_14 AS
    SELECT b.n, b.dispositivo, b.seq, b.tabla, b.usuario, b.motivo, b.momento
    FROM bitacora b JOIN dispositivo d ON d.n = b.dispositivo
    WHERE b.campo = '*' AND b.anterior IS NULL AND b.nuevo IS NULL
        AND d.id = (SELECT valor FROM estado_sincro WHERE clave = 'dispositivo')
        AND CASE b.tabla {" ".join(_convertible(t) for t in TABLAS_CREACION)} ELSE 0 END;
INSERT INTO creacion (dispositivo, desde, hasta, tabla, usuario, motivo, momento)
    SELECT dispositivo, min(seq), max(seq), tabla, usuario, motivo, momento FROM (
        SELECT *, seq - row_number() OVER (PARTITION BY dispositivo, tabla, usuario, motivo,
            momento ORDER BY seq) AS grupo FROM convertible_14)
    GROUP BY dispositivo, tabla, usuario, motivo, momento, grupo;
DELETE FROM bitacora WHERE n IN (SELECT n FROM convertible_14);
DROP TABLE convertible_14;
DROP VIEW cambio;
"""
    + vista_cambio()
    + "".join(_fijar_creacion(t) for t in TABLAS_CREACION)
)


def _script(sql: str) -> Callable[[motor.Connection], None]:
    def aplicar(conn: motor.Connection) -> None:
        # executescript haría COMMIT por su cuenta; se ejecuta sentencia por sentencia para
        # que toda la migración quede en la transacción abierta por quien migra.
        for sentencia in _sentencias(sql):
            conn.execute(sentencia)

    return aplicar


def _sentencias(sql: str) -> list[str]:
    salida: list[str] = []
    actual = ""
    for linea in sql.splitlines(keepends=True):
        if linea.lstrip().startswith("--") and not actual.strip():
            continue
        actual += linea
        if motor.complete_statement(actual):
            salida.append(actual.strip())
            actual = ""
    if actual.strip():
        salida.append(actual.strip())
    return salida


def _esquema_9(conn: motor.Connection) -> None:
    # Una base del primer esquema 7 publicado (tests/datos/esquema_v7.sqlite) no tiene la
    # tabla de solicitudes que leen los disparadores: se crea como la crea el esquema 7 de hoy.
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'solicitud_derecho'"
    ).fetchone():
        for sentencia in _sentencias(ESQUEMA_7):
            if sentencia.startswith(("CREATE TABLE", "CREATE INDEX")):
                conn.execute(sentencia)
    _script(ESQUEMA_9)(conn)


# (número, descripción, función). El número es el PRAGMA user_version al terminar.
MIGRACIONES: list[tuple[int, str, Callable[[motor.Connection], None]]] = [
    (1, "tablas del dominio con metadatos de sincronización y bitácora", _script(ESQUEMA_1)),
    (2, "búsqueda de personas por nombre (FTS5)", _script(ESQUEMA_2)),
    (3, "indicadores de selección y votos de priorización", _script(ESQUEMA_3)),
    (4, "índices de la aplicación de terreno", _script(ESQUEMA_4)),
    (5, "índices que cubren el filtro de asistencias", _script(ESQUEMA_5)),
    (6, "bitácora que viaja sin duplicados y revisión de la oficina", _script(ESQUEMA_6)),
    (7, "solicitudes de derechos de las personas (Ley 21.719)", _script(ESQUEMA_7)),
    (9, "búsqueda de personas mantenida por número de fila", _esquema_9),
    (10, "consentimiento para datos sensibles (Ley 21.719)", _script(ESQUEMA_10)),
    (12, "base más chica: índices sin uso fuera y bitácora compacta", _script(ESQUEMA_12)),
    (13, "participación en talleres ya contada por mes, sexo y tramo", _script(ESQUEMA_13)),
    (14, "filas de creación de la bitácora como tramos de números de cambio", _script(ESQUEMA_14)),
]
ESQUEMA_ACTUAL = MIGRACIONES[-1][0]
