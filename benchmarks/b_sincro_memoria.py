"""Proceso aparte para medir el pico de memoria (RSS) al exportar e importar adjuntos grandes.

Uso: python b_sincro_memoria.py MB exportar|importar, o 0 registros BASE PAQUETE (solo importa
un paquete ya hecho en una base ya hecha). Imprime el pico en MB. En «importar» el
proceso también exporta antes: el pico cubre ambas fases. Se lee VmHWM de /proc/self/status
(pico del proceso tras el exec): en Linux, ru_maxrss de un hijo hereda el pico del padre que lo
lanzó, y el padre aquí es el proceso de mediciones con 100.000 registros en memoria.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path

from pir_campo import adjuntos
from pir_campo.almacen import Almacen
from pir_campo.modelos import Adjunto, Territorio
from pir_campo.sincro import exportar, identidad, importar

POR_ARCHIVO = 40  # MB: bajo el máximo de 50 MB por adjunto


def main() -> None:
    mb, fase = int(sys.argv[1]), sys.argv[2]
    if fase == "registros":  # solo importar: la base y el paquete ya están hechos
        with Almacen.abrir(Path(sys.argv[3])) as of:
            # Abrir la base deriva su llave con Argon2 (64 MiB un instante): ese pico es de abrir,
            # no de importar. Se reinicia el pico (clear_refs 5) y se mide solo la importación.
            Path("/proc/self/clear_refs").write_text("5")
            r = importar.importar(of, Path(sys.argv[4]))
            assert r.nuevos > 0 and not r.retenidos
        print(pico_mb())
        return
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        nb = Almacen.iniciar(tmp / "nb.sqlite", "campo", "Ana", "09")
        of = Almacen.iniciar(tmp / "of.sqlite", "oficina", "GORE", "09")
        for a, b in ((nb, of), (of, nb)):
            identidad.escribir(a, tmp / "id.json")
            identidad.confiar(b, identidad.leer(tmp / "id.json"), toda_la_region=b.rol == "oficina")
        tid = nb.insertar(Territorio, {"nombre": "T", "cut_region": "09", "comunas": ["09117"]})
        carpeta = adjuntos.carpeta_de(nb.ruta)
        for n in range(max(1, mb // POR_ARCHIVO)):
            foto = tmp / f"foto{n}.png"
            with foto.open("wb") as f:
                f.write(b"\x89PNG\r\n\x1a\n")
                for _ in range(POR_ARCHIVO):
                    f.write(os.urandom(1 << 20))
            sha, tam, medio = adjuntos.guardar(carpeta, foto, nb.llave_adjuntos())
            foto.unlink()
            nb.insertar(
                Adjunto,
                {
                    "territorio_id": tid,
                    "tabla_duena": "territorio",
                    "registro_id": tid,
                    "sha256": sha,
                    "tamano": tam,
                    "tipo_medio": medio,
                    "nombre_original": foto.name,
                },
            )
        e = exportar.exportar(nb, tmp / "grande.pirb")
        assert e.bytes_adjuntos >= mb // POR_ARCHIVO * POR_ARCHIVO << 20
        if fase == "importar":
            r = importar.importar(of, tmp / "grande.pirb")
            assert r.adjuntos == e.adjuntos
        nb.cerrar()
        of.cerrar()
    print(pico_mb())


def pico_mb() -> float:
    try:
        for linea in Path("/proc/self/status").read_text().splitlines():
            if linea.startswith("VmHWM:"):
                return int(linea.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
