"""Pantalla de sincronización: estado, exportar e importar paquetes con barra de avance.

En un notebook muestra lo que la oficina aún no confirma; en la oficina, cada notebook con su
último paquete y sus huecos, y exporta para el notebook elegido.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pir_campo.errores import ErrorPir
from pir_campo.formato import numero
from pir_campo.sincro import estado, exportar, importar
from pir_campo.sincro.estado import ETIQUETAS_TABLA
from ui.sincronizacion.aviso import Aviso
from ui.sincronizacion.modelos import ModeloDispositivos
from ui.tareas import Tareas


class PantallaSincronizacion(QWidget):
    def __init__(self, tareas: Tareas, parent: QWidget | None = None):
        super().__init__(parent)
        self.tareas = tareas
        self.rol: str | None = None
        self.aviso = Aviso(self)
        self.aviso.avance.connect(self._avance)
        self.setAccessibleName("Sincronización")

        self.titulo = QLabel("<h2>Sincronización</h2>")
        self.lbl_estado = QLabel("Cargando…")
        self.lbl_estado.setWordWrap(True)
        self.modelo_dispositivos = ModeloDispositivos(self)
        self.tabla_dispositivos = QTableView()
        self.tabla_dispositivos.setModel(self.modelo_dispositivos)
        self.tabla_dispositivos.setAccessibleName("Notebooks registrados")
        self.tabla_dispositivos.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabla_dispositivos.setVisible(False)
        self.btn_territorios = QPushButton("Cambiar &territorios del notebook…")
        self.btn_territorios.setToolTip(
            "Dónde puede escribir el notebook elegido en «Para el notebook»; también acepta "
            "los territorios que propuso"
        )
        self.btn_territorios.clicked.connect(self._pedir_territorios)
        self.btn_territorios.setVisible(False)
        self.btn_revocar = QPushButton("Re&vocar notebook…")
        self.btn_revocar.setToolTip(
            "Para un notebook perdido, robado o reinstalado: la oficina deja de aceptar lo que "
            "firme el notebook elegido en «Para el notebook»"
        )
        self.btn_revocar.clicked.connect(self._pedir_revocar)
        self.btn_revocar.setVisible(False)
        caja_estado = QGroupBox("Estado")
        v = QVBoxLayout(caja_estado)
        v.addWidget(self.lbl_estado)
        v.addWidget(self.tabla_dispositivos)
        h_botones = QHBoxLayout()
        h_botones.addWidget(self.btn_territorios)
        h_botones.addWidget(self.btn_revocar)
        h_botones.addStretch(1)
        v.addLayout(h_botones)

        self.cmb_para = QComboBox()
        self.cmb_para.setAccessibleName("Notebook destinatario")
        # Nombre y código del equipo: dos notebooks de personas con el mismo nombre se distinguen.
        self.cmb_para.setMinimumContentsLength(36)
        self.cmb_para.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.lbl_para = QLabel("Para el notebook:")
        self.lbl_para.setBuddy(self.cmb_para)
        self.chk_sin_cifrar = QCheckBox("Sin cifrar (sigue firmado)")
        self.chk_todo = QCheckBox("Todo, no solo lo pendiente")
        self.btn_exportar = QPushButton("&Exportar paquete…")
        self.btn_exportar.clicked.connect(self._elegir_destino)
        caja_exp = QGroupBox("Exportar")
        v_exp = QVBoxLayout(caja_exp)
        h = QHBoxLayout()
        h.addWidget(self.lbl_para)
        h.addWidget(self.cmb_para, 1)
        h.addWidget(self.btn_exportar)
        h_opciones = QHBoxLayout()
        for w in (self.chk_sin_cifrar, self.chk_todo):
            h_opciones.addWidget(w)
        h_opciones.addStretch(1)
        v_exp.addLayout(h)
        v_exp.addLayout(h_opciones)

        self.btn_importar = QPushButton("&Importar paquetes…")
        self.btn_importar.clicked.connect(self._elegir_archivos)
        caja_imp = QGroupBox("Importar")
        h2 = QHBoxLayout(caja_imp)
        h2.addWidget(QLabel("Paquetes .pirb recibidos por pendrive o correo."))
        h2.addStretch(1)
        h2.addWidget(self.btn_importar)

        self.barra = QProgressBar()
        self.barra.setRange(0, 100)
        self.barra.setAccessibleName("Avance")
        self.lbl_avance = QLabel("")
        self.resultados = QPlainTextEdit()
        self.resultados.setReadOnly(True)
        self.resultados.setAccessibleName("Resultados")
        self.resultados.setPlaceholderText("Aquí aparece el resumen de cada paquete.")

        raiz = QVBoxLayout(self)
        raiz.addWidget(self.titulo)
        raiz.addWidget(caja_estado)
        raiz.addWidget(caja_exp)
        raiz.addWidget(caja_imp)
        raiz.addWidget(self.barra)
        raiz.addWidget(self.lbl_avance)
        raiz.addWidget(self.resultados, 1)
        self.refrescar()

    # ---- estado -------------------------------------------------------------------------

    def refrescar(self) -> None:
        self.tareas.ejecutar(estado.estado, self._mostrar_estado, self._fallo)

    def _mostrar_estado(self, e: dict[str, Any]) -> None:
        self.rol = e["rol"]
        oficina = self.rol == "oficina"
        for w in (self.lbl_para, self.cmb_para):
            w.setVisible(oficina)
        self.tabla_dispositivos.setVisible(oficina)
        self.btn_territorios.setVisible(oficina and bool(e.get("dispositivos")))
        self.btn_revocar.setVisible(oficina and bool(e.get("dispositivos")))
        conflictos = e["conflictos_abiertos"]
        aviso_conf = f" Conflictos por revisar: {conflictos}." if conflictos else ""
        if oficina:
            self.modelo_dispositivos.cargar(e["dispositivos"])
            actual = self.cmb_para.currentData()
            self.cmb_para.clear()
            for d in e["dispositivos"]:
                revocado = " · revocado" if d.get("revocado") else ""
                self.cmb_para.addItem(f"{d['nombre']} · equipo {d['id'][:8]}{revocado}", d["id"])
            if actual:
                self.cmb_para.setCurrentIndex(max(0, self.cmb_para.findData(actual)))
            huecos = sum(1 for d in e["dispositivos"] if d["huecos"])
            self.lbl_estado.setText(
                f"Oficina regional {e['nombre']} ({e['dispositivo']}). Notebooks registrados: "
                f"{len(e['dispositivos'])}; con paquetes faltantes: {huecos}.{aviso_conf}"
            )
            return
        of = e["oficina"]
        if of is None:
            self.lbl_estado.setText(
                "Este notebook aún no tiene oficina registrada: registre su identidad con "
                "«pir-campo confiar»." + aviso_conf
            )
            return
        detalle = ", ".join(
            f"{ETIQUETAS_TABLA.get(t, t).split(' ', 1)[-1]}: {numero(n)}"
            for t, n in e["pendientes"].items()
        )
        ultimo = of["ultimo_paquete"] or "nunca"
        self.lbl_estado.setText(
            f"Oficina: {of['nombre']} ({of['id']}). Último paquete recibido de la oficina: "
            f"{ultimo}.\nCambios que la oficina aún no confirma: {numero(e['total_pendientes'])}"
            + (f" ({detalle})." if detalle else ".")
            + aviso_conf
            + f"\nTerritorios asignados por la oficina: {e['territorios']}."
            + (f"\nAviso: {e['aviso_reloj']}" if e.get("aviso_reloj") else "")
        )

    # ---- territorios (oficina) ----------------------------------------------------------

    def _pedir_territorios(self) -> None:
        from ui.sincronizacion.dialogo_territorios import datos

        para = self.cmb_para.currentData()
        if para:
            self.tareas.ejecutar(lambda a: datos(a, para), self._abrir_dialogo, self._fallo)

    def _abrir_dialogo(self, datos: dict[str, Any]) -> None:
        from ui.sincronizacion.dialogo_territorios import DialogoTerritorios

        self.dialogo_territorios = DialogoTerritorios(datos, self)
        dialogo = self.dialogo_territorios

        def aceptado() -> None:
            self.cambiar_territorios(datos["dispositivo"], *dialogo.cambio())

        dialogo.accepted.connect(aceptado)
        dialogo.open()

    def cambiar_territorios(
        self, dispositivo: str, agregar: set[str], quitar: set[str], region: bool | None
    ) -> None:
        from pir_campo.sincro import territorios

        def trabajo(a: Any) -> dict[str, Any]:
            return territorios.cambiar(a, dispositivo, agregar, quitar, region)

        def listo(d: dict[str, Any]) -> None:
            texto = f"Territorios del notebook de {d['nombre']} guardados"
            if d["aplicados"]:
                texto += f"; se aplicaron {numero(d['aplicados'])} registros que esperaban"
            self.resultados.appendPlainText(
                texto + ". El cambio llega al notebook con el próximo paquete de la oficina."
            )
            self.refrescar()

        if agregar or quitar or region is not None:
            self.tareas.ejecutar(trabajo, listo, self._fallo)

    # ---- revocar (oficina) --------------------------------------------------------------

    def _pedir_revocar(self) -> None:
        para = self.cmb_para.currentData()
        fila = next((f for f in self.modelo_dispositivos.filas if f["id"] == para), None)
        if fila is None:
            return
        if fila.get("revocado"):
            self._fallo(
                ErrorPir(f"El notebook de {fila['nombre']} ya está revocado. {fila['revocado']}.")
            )
            return
        from ui import dialogos

        recibidos = fila["recibido_hasta"] or 0
        texto = (
            f"¿Revocar el notebook de {fila['nombre']} (equipo {para[:8]})?\n\n"
            f"La oficina conserva lo que ya importó de él ({numero(recibidos)} "
            f"{'cambio' if recibidos == 1 else 'cambios'}) y desde ahora rechaza todo paquete "
            "que ese notebook firme, aunque venga de una copia de su base. Tampoco se le "
            "exportan más paquetes.\n\nÚselo si el notebook se perdió, lo robaron o se "
            "reinstaló. Si quedó un paquete suyo sin importar, impórtelo antes. El notebook "
            "reinstalado se registra con «pir-campo confiar ARCHIVO --reemplaza» y recibe sus "
            "territorios."
        )
        if dialogos.confirmar(self, "Revocar notebook", texto, si="Revocar"):
            self.revocar(para)

    def revocar(self, dispositivo: str) -> None:
        from pir_campo.sincro import revocacion

        def trabajo(a: Any) -> dict[str, Any]:
            return revocacion.revocar(a, dispositivo, motivo="revocado desde la aplicación")

        def listo(p: dict[str, Any]) -> None:
            self.resultados.appendPlainText(
                f"Notebook de {p['nombre']} revocado: la oficina rechaza lo que firme desde "
                "ahora; lo ya importado queda."
            )
            self.refrescar()

        self.tareas.ejecutar(trabajo, listo, self._fallo)

    # ---- exportar ----------------------------------------------------------------------

    def _elegir_destino(self) -> None:
        ruta, _ = QFileDialog.getSaveFileName(
            self, "Guardar paquete", "paquete.pirb", "Paquetes de PIR Campo (*.pirb)"
        )
        if ruta:  # el diálogo ya pidió confirmar si el archivo existía
            self.exportar_a(Path(ruta), sobrescribir=True)

    def exportar_a(self, ruta: Path, sobrescribir: bool = False) -> None:
        para = self.cmb_para.currentData() if self.rol == "oficina" else None
        cifrar, todo = not self.chk_sin_cifrar.isChecked(), self.chk_todo.isChecked()
        emitir = self.aviso.emitir
        self._ocupado(True, "Exportando…")

        def trabajo(almacen: Any) -> exportar.Exportacion:
            return exportar.exportar(
                almacen,
                ruta,
                cifrar=cifrar,
                todo=todo,
                para=para,
                progreso=emitir,
                sobrescribir=sobrescribir,
            )

        self.tareas.ejecutar(trabajo, self._exportado, self._fallo)

    def _exportado(self, r: exportar.Exportacion) -> None:
        self._ocupado(False, "Listo: el paquete se releyó y está completo.")
        self.barra.setValue(100)
        self.resultados.appendPlainText(
            f"Exportado {r.ruta.name} para {r.para_nombre}: {numero(r.total_registros)} "
            f"registros, {r.adjuntos} adjuntos ({numero(r.bytes_adjuntos / 1048576, 1)} MB), "
            f"{'cifrado' if r.cifrado else 'sin cifrar'}. Puede retirar el pendrive."
        )
        self.refrescar()

    # ---- importar ----------------------------------------------------------------------

    def _elegir_archivos(self) -> None:
        rutas, _ = QFileDialog.getOpenFileNames(
            self, "Importar paquetes", "", "Paquetes de PIR Campo (*.pirb)"
        )
        if rutas:
            self.importar_archivos([Path(r) for r in rutas])

    def importar_archivos(self, rutas: list[Path]) -> None:
        self._ocupado(True, "Importando…")
        aviso = self.aviso

        def trabajo(almacen: Any) -> list[Any]:
            # Textos para el resumen y, tras ellos, los Cambio para que las listas se refresquen.
            textos: list[Any] = []
            cambios: list[Any] = []
            for ruta in rutas:
                try:
                    r = importar.importar(almacen, ruta, aviso.emitir)
                    textos.append(r.texto())
                    cambios.extend(r.cambios)
                except ErrorPir as e:
                    textos.append(f"{ruta.name}: RECHAZADO. {e}")
            return textos + cambios

        self.tareas.ejecutar(trabajo, self._importados, self._fallo)

    def _importados(self, resultado: list[Any]) -> None:
        self._ocupado(False, "Importación terminada.")
        self.barra.setValue(100)
        for t in resultado:
            if isinstance(t, str):
                self.resultados.appendPlainText(t)
        self.refrescar()

    # ---- comunes -----------------------------------------------------------------------

    def _avance(self, texto: str, fraccion: float) -> None:
        self.barra.setValue(int(fraccion * 100))
        self.lbl_avance.setText(texto)

    def _ocupado(self, si: bool, texto: str) -> None:
        self.btn_exportar.setEnabled(not si)
        self.btn_importar.setEnabled(not si)
        if si:
            self.barra.setValue(0)
        self.lbl_avance.setText(texto)

    def _fallo(self, error: ErrorPir) -> None:
        self._ocupado(False, "No se pudo completar la operación.")
        self.resultados.appendPlainText(f"Error: {error}")
