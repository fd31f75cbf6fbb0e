"""Enumeraciones del dominio: código estable para guardar y etiqueta en español para mostrar."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Opcion(StrEnum):
    """Valor guardado como texto estable, con su etiqueta para personas."""

    etiqueta: str

    def __new__(cls, valor: str, etiqueta: str):
        obj = str.__new__(cls, valor)
        obj._value_ = valor
        obj.etiqueta = etiqueta
        return obj

    @classmethod
    def etiquetas(cls) -> list[str]:
        return [m.etiqueta for m in cls]


class Tipologia(Opcion):
    AGUA_POTABLE = "agua_potable", "Agua potable"
    SANEAMIENTO = "saneamiento", "Saneamiento"
    ELECTRIFICACION = "electrificacion", "Electrificación"
    CONECTIVIDAD_VIAL = "conectividad_vial", "Conectividad vial"
    TELECOMUNICACIONES = "telecomunicaciones", "Telecomunicaciones"
    OBRAS_PORTUARIAS = "obras_portuarias", "Obras portuarias"
    FOMENTO_PRODUCTIVO = "fomento_productivo", "Preinversión de fomento productivo"
    OTRA = "otra", "Otra (financiada por otros programas)"

    @property
    def corta(self) -> str:
        """Nombre que cabe en una columna, un eje o una leyenda; el completo va en la ayuda."""
        return _TIPOLOGIA_CORTA.get(self.value, self.etiqueta)


_TIPOLOGIA_CORTA = {"otra": "Otra (otro programa)", "fomento_productivo": "Fomento productivo"}


class Componente(Opcion):
    INSTALACION = "instalacion", "Instalación del Programa"
    CONSTRUCCION_PMDT = "construccion_pmdt", "Construcción de PMDT"
    GESTION_PMDT = "gestion_pmdt", "Gestión de los PMDT"


class PasoCritico(IntEnum):
    """Los ocho pasos críticos del programa, cada uno con su componente."""

    etiqueta: str
    componente: Componente

    def __new__(cls, valor: int, etiqueta: str, componente: Componente):
        obj = int.__new__(cls, valor)
        obj._value_ = valor
        obj.etiqueta = etiqueta
        obj.componente = componente
        return obj

    DEFINICION_TERRITORIOS = 1, "Definición de territorios", Componente.INSTALACION
    VALIDACION_TERRITORIOS = 2, "Validación técnica y participativa", Componente.INSTALACION
    OFERTA_INVERSION = 3, "Evaluación de la oferta de inversión", Componente.CONSTRUCCION_PMDT
    ELABORACION_PMDT = 4, "Elaboración del PMDT", Componente.CONSTRUCCION_PMDT
    VALIDACION_PMDT = 5, "Validación del PMDT", Componente.CONSTRUCCION_PMDT
    EJECUCION_INVERSION = 6, "Ejecución de la inversión", Componente.GESTION_PMDT
    CAPACIDADES_LOCALES = 7, "Capacidades y modelo de gestión local", Componente.GESTION_PMDT
    SEGUIMIENTO = 8, "Seguimiento, evaluación y actualización", Componente.GESTION_PMDT


class EtapaProyecto(Opcion):
    IDEA = "idea", "Idea"
    PERFIL = "perfil", "Perfil"
    PREFACTIBILIDAD = "prefactibilidad", "Prefactibilidad"
    FACTIBILIDAD = "factibilidad", "Factibilidad"
    DISENO = "diseno", "Diseño"
    EJECUCION = "ejecucion", "Ejecución"
    OPERACION = "operacion", "Operación"
    DESCARTADA = "descartada", "Descartada"


class ResultadoRate(Opcion):
    RS = "RS", "RS: recomendado satisfactoriamente"
    FI = "FI", "FI: falta información"
    OT = "OT", "OT: objetado técnicamente"
    IN = "IN", "IN: incumplimiento de normativa"
    AD = "AD", "AD: admisible"
    RE = "RE", "RE: reevaluación"


class Sexo(Opcion):
    MUJER = "mujer", "Mujer"
    HOMBRE = "hombre", "Hombre"
    OTRO = "otro", "Otro"
    PREFIERE_NO_RESPONDER = "prefiere_no_responder", "Prefiere no responder"


class TramoEdad(Opcion):
    T0_14 = "0-14", "0 a 14 años"
    T15_29 = "15-29", "15 a 29 años"
    T30_44 = "30-44", "30 a 44 años"
    T45_64 = "45-64", "45 a 64 años"
    T65 = "65+", "65 años o más"


class PuebloOriginario(Opcion):
    MAPUCHE = "mapuche", "Mapuche"
    AYMARA = "aymara", "Aymara"
    DIAGUITA = "diaguita", "Diaguita"
    QUECHUA = "quechua", "Quechua"
    LICKANANTAY = "lickanantay", "Lickanantay"
    COLLA = "colla", "Colla"
    CHANGO = "chango", "Chango"
    RAPA_NUI = "rapa_nui", "Rapa Nui"
    KAWESQAR = "kawesqar", "Kawésqar"
    SELKNAM = "selknam", "Selk'nam"
    YAGAN = "yagan", "Yagán"
    OTRO = "otro", "Otro"
    NO_PERTENECE = "no_pertenece", "No pertenece"
    PREFIERE_NO_RESPONDER = "prefiere_no_responder", "Prefiere no responder"


class EstadoTerritorio(Opcion):
    CANDIDATO = "candidato", "Candidato"
    SELECCIONADO = "seleccionado", "Seleccionado"
    DESCARTADO = "descartado", "Descartado"


class TipoOrganizacion(Opcion):
    COMITE_APR = "comite_apr", "Comité de agua potable rural"
    COOPERATIVA_APR = "cooperativa_apr", "Cooperativa de agua potable rural"
    SSR = "ssr", "Servicio sanitario rural"
    COOPERATIVA_ELECTRICA = "cooperativa_electrica", "Cooperativa eléctrica"
    JUNTA_VECINOS = "junta_vecinos", "Junta de vecinos"
    MUNICIPALIDAD = "municipalidad", "Municipalidad"
    COMUNIDAD_INDIGENA = "comunidad_indigena", "Comunidad indígena"
    ORGANIZACION_PRODUCTIVA = "organizacion_productiva", "Organización productiva"
    OTRA = "otra", "Otra"


class EstadoTaller(Opcion):
    BORRADOR = "borrador", "En curso"
    CERRADO = "cerrado", "Cerrado"


class EstadoAcuerdo(Opcion):
    PENDIENTE = "pendiente", "Pendiente"
    EN_CURSO = "en_curso", "En curso"
    CUMPLIDO = "cumplido", "Cumplido"
    NO_CUMPLIDO = "no_cumplido", "No cumplido"


class TipoActa(Opcion):
    VALIDACION_TERRITORIO = "validacion_territorio", "Validación del territorio"
    VALIDACION_PMDT = "validacion_pmdt", "Validación del PMDT"


class DecisionActa(Opcion):
    APROBADO = "aprobado", "Aprobado"
    APROBADO_CON_CONDICIONES = "aprobado_con_condiciones", "Aprobado con condiciones"
    RECHAZADO = "rechazado", "Rechazado"


class EstadoActa(Opcion):
    BORRADOR = "borrador", "Borrador"
    FIRMADA = "firmada", "Firmada"


class LadoFirmante(Opcion):
    COMUNIDAD = "comunidad", "Comunidad"
    SECTOR_PUBLICO = "sector_publico", "Sector público"


class UnidadMonto(Opcion):
    CLP = "CLP", "Pesos"
    UF = "UF", "UF"


class EstadoOferta(Opcion):
    EXISTENTE = "existente", "Existente"
    COMPROMETIDA = "comprometida", "Comprometida"


class EstadoPmdt(Opcion):
    BORRADOR = "borrador", "Borrador"
    VALIDADO_TECNICAMENTE = "validado_tecnicamente", "Validado técnicamente"
    VALIDADO_CORE = "validado_core", "Validado por el CORE"


class NivelCapacidad(Opcion):
    ALTO = "alto", "Alto"
    MEDIO = "medio", "Medio"
    BAJO = "bajo", "Bajo"


class EstadoAccion(Opcion):
    PENDIENTE = "pendiente", "Pendiente"
    EN_CURSO = "en_curso", "En curso"
    CUMPLIDA = "cumplida", "Cumplida"


class ClaseAdjunto(Opcion):
    ASISTENCIA_FIRMADA = "asistencia_firmada", "Hoja de asistencia firmada"
    FOTO = "foto", "Fotografía"
    PDF = "pdf", "Documento PDF"
    OTRO = "otro", "Otro"


class Indicador(Opcion):
    """Indicadores de selección de territorios (paso 1); cada valor lleva su fuente y año."""

    DENSIDAD = "densidad_poblacion", "Densidad de población"
    POBREZA = "tasa_pobreza", "Tasa de pobreza"
    BRECHA = "brecha_servicio", "Brecha de servicio"
    DINAMISMO = "dinamismo_productivo", "Dinamismo productivo"
    INDIGENA = "poblacion_indigena", "Población indígena"


# Tablas que la oficina revisa, con su nombre para personas.
REVISABLES = {
    "taller": "Taller",
    "acta_validacion": "Acta de validación",
    "pmdt": "Versión del PMDT",
    "diagnostico": "Diagnóstico de capacidad",
}


class EstadoRevision(Opcion):
    """Revisión de la oficina; «Recibido» es el estado de todo lo que aún no se revisa."""

    RECIBIDO = "recibido", "Recibido"
    REVISADO = "revisado", "Revisado"
    OBSERVADO = "observado", "Con observaciones"
    APROBADO = "aprobado", "Aprobado"


class FormaConsentimiento(Opcion):
    """Cómo dio la persona su consentimiento para los datos sensibles (Ley 21.719)."""

    FIRMADO_HOJA = "firmado_hoja", "Firmado en la hoja de asistencia"
    VERBAL_TESTIGO = "verbal_testigo", "Verbal ante testigo"


class TipoSolicitud(Opcion):
    """Derechos que una persona puede pedir (Ley 21.719); cada solicitud queda registrada."""

    ACCESO = "acceso", "Acceso"
    PORTABILIDAD = "portabilidad", "Portabilidad"
    RECTIFICACION = "rectificacion", "Rectificación"
    SUPRESION = "supresion", "Supresión"
    BLOQUEO = "bloqueo", "Bloqueo u oposición"
    DESBLOQUEO = "desbloqueo", "Fin del bloqueo"
