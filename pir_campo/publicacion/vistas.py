"""Vistas en español para personas: etiquetas en vez de códigos, nombres de región y comuna,
y las capas con geometría que QGIS abre directamente."""

from __future__ import annotations


def _et(e: str, dominio: str, expr: str) -> str:
    return (
        f"(SELECT x.etiqueta FROM {e}.etiqueta x WHERE x.dominio = '{dominio}' "
        f"AND x.codigo = ({expr})::text)"
    )


def _region(e: str, expr: str) -> str:
    return f"(SELECT r.nombre FROM {e}.region_cut r WHERE r.cut = {expr})"


def _comuna(e: str, expr: str) -> str:
    return f"(SELECT c.nombre FROM {e}.comuna_cut c WHERE c.cut = {expr})"


def _pesos(monto: str, unidad: str) -> str:
    return f"CASE WHEN {unidad} IS DISTINCT FROM 'UF' THEN {monto} END"


def _uf(monto: str, unidad: str) -> str:
    return f"CASE WHEN {unidad} = 'UF' THEN {monto} END"


def vistas(esq: str) -> list[tuple[str, str, str]]:
    """(nombre, descripción, SELECT) de cada vista."""
    e = '"' + esq.replace('"', '""') + '"'
    return [
        (
            "territorios",
            "Territorios del programa con sus comunas; en el mapa, sus localidades",
            f"""SELECT t.region || ':' || t.id AS "Clave", {_region(e, "t.region")} AS "Región",
                t.nombre AS "Territorio",
                (SELECT string_agg(c.nombre, ', ' ORDER BY c.nombre) FROM {e}.comuna_cut c
                  WHERE c.cut = ANY(t.comunas)) AS "Comunas",
                t.poblacion AS "Población", t.hogares AS "Hogares",
                t.superficie_km2 AS "Superficie (km²)",
                {_et(e, "EstadoTerritorio", "t.estado")} AS "Estado de selección",
                (SELECT ST_Multi(ST_Collect(l.geom)) FROM {e}.localidad l
                  WHERE l.region = t.region AND l.territorio_id = t.id
                )::geometry(MultiPoint, 4326) AS geom
              FROM {e}.territorio t""",
        ),
        (
            "localidades",
            "Localidades de cada territorio con sus coordenadas",
            f"""SELECT l.region || ':' || l.id AS "Clave", {_region(e, "l.region")} AS "Región",
                t.nombre AS "Territorio", l.nombre AS "Localidad",
                {_comuna(e, "l.cut_comuna")} AS "Comuna", l.poblacion AS "Población",
                l.hogares AS "Hogares", l.geom
              FROM {e}.localidad l JOIN {e}.territorio t
                ON t.region = l.region AND t.id = l.territorio_id""",
        ),
        (
            "necesidades",
            "Necesidades de infraestructura con su localidad, etapa y costo",
            f"""SELECT n.region || ':' || n.id AS "Clave", {_region(e, "n.region")} AS "Región",
                t.nombre AS "Territorio", l.nombre AS "Localidad",
                {_et(e, "Tipologia", "n.tipologia")} AS "Tipología", n.subtipo AS "Subtipo",
                n.titulo AS "Necesidad", n.prioridad AS "Prioridad de la comunidad",
                {_et(e, "EtapaProyecto", "n.etapa")} AS "Etapa", n.codigo_bip AS "Código BIP",
                {_pesos("n.costo", "n.unidad_costo")} AS "Costo ($)",
                {_uf("n.costo", "n.unidad_costo")} AS "Costo (UF)",
                n.fuente_financiamiento AS "Fuente de financiamiento",
                n.hogares AS "Hogares beneficiados", n.geom
              FROM {e}.necesidad n
              JOIN {e}.territorio t ON t.region = n.region AND t.id = n.territorio_id
              LEFT JOIN {e}.localidad l ON l.region = n.region AND l.id = n.localidad_id""",
        ),
        (
            "iniciativas",
            "Cartera de iniciativas de cada PMDT; en el mapa, donde están sus necesidades",
            f"""SELECT i.region || ':' || i.id AS "Clave", {_region(e, "i.region")} AS "Región",
                t.nombre AS "Territorio", p.version AS "Versión del PMDT",
                {_et(e, "EstadoPmdt", "p.estado")} AS "Estado del PMDT",
                i.orden AS "Orden de prioridad", i.nombre AS "Iniciativa",
                {_et(e, "Tipologia", "i.tipologia")} AS "Tipología",
                {_et(e, "EtapaProyecto", "i.etapa")} AS "Etapa",
                {_pesos("i.costo", "i.unidad_costo")} AS "Costo ($)",
                {_uf("i.costo", "i.unidad_costo")} AS "Costo (UF)",
                i.institucion_responsable AS "Institución responsable",
                i.fuente_financiamiento AS "Fuente de financiamiento",
                i.codigo_bip AS "Código BIP", i.geom
              FROM {e}.iniciativa i
              JOIN {e}.territorio t ON t.region = i.region AND t.id = i.territorio_id
              JOIN {e}.pmdt p ON p.region = i.region AND p.id = i.pmdt_id""",
        ),
        (
            "pasos_por_territorio",
            "Los 8 pasos críticos de cada territorio: talleres hechos, cerrados y fechas",
            f"""SELECT {_region(e, "t.region")} AS "Región", t.nombre AS "Territorio",
                x.orden + 1 AS "Paso", x.etiqueta AS "Paso crítico",
                count(w.id) AS "Talleres", count(w.id) FILTER (WHERE w.estado = 'cerrado')
                  AS "Talleres cerrados", min(w.fecha) AS "Primer taller",
                max(w.fecha) AS "Último taller"
              FROM {e}.territorio t
              CROSS JOIN {e}.etiqueta x
              LEFT JOIN {e}.taller w ON w.region = t.region AND w.territorio_id = t.id
                AND w.paso::text = x.codigo
              WHERE x.dominio = 'PasoCritico'
              GROUP BY t.region, t.id, t.nombre, x.orden, x.etiqueta""",
        ),
        (
            "necesidades_por_tipologia_y_etapa",
            "Cuántas necesidades hay de cada tipología en cada etapa, con su costo",
            f"""SELECT {_region(e, "n.region")} AS "Región", t.nombre AS "Territorio",
                {_et(e, "Tipologia", "n.tipologia")} AS "Tipología",
                {_et(e, "EtapaProyecto", "n.etapa")} AS "Etapa", count(*) AS "Necesidades",
                sum({_pesos("n.costo", "n.unidad_costo")}) AS "Costo ($)",
                sum({_uf("n.costo", "n.unidad_costo")}) AS "Costo (UF)"
              FROM {e}.necesidad n
              JOIN {e}.territorio t ON t.region = n.region AND t.id = n.territorio_id
              GROUP BY n.region, t.id, t.nombre, n.tipologia, n.etapa""",
        ),
        (
            "cartera_por_etapa_y_fuente",
            "Iniciativas de la cartera por etapa y fuente de financiamiento, con su costo",
            f"""SELECT {_region(e, "i.region")} AS "Región", t.nombre AS "Territorio",
                {_et(e, "EtapaProyecto", "i.etapa")} AS "Etapa",
                i.fuente_financiamiento AS "Fuente de financiamiento",
                count(*) AS "Iniciativas",
                sum({_pesos("i.costo", "i.unidad_costo")}) AS "Costo ($)",
                sum({_uf("i.costo", "i.unidad_costo")}) AS "Costo (UF)"
              FROM {e}.iniciativa i
              JOIN {e}.territorio t ON t.region = i.region AND t.id = i.territorio_id
              GROUP BY i.region, t.id, t.nombre, i.etapa, i.fuente_financiamiento""",
        ),
    ]


def ddl_vistas(esq: str) -> list[str]:
    e = '"' + esq.replace('"', '""') + '"'
    salida = []
    for nombre, descripcion, select in vistas(esq):
        salida.append(f"CREATE OR REPLACE VIEW {e}.{nombre} AS {select}")
        salida.append(
            f"COMMENT ON VIEW {e}.{nombre} IS '{descripcion.replace(chr(39), chr(39) * 2)}'"
        )
    return salida
