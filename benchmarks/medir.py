"""Tabla de rendimiento de PIR Campo: cada cifra es una razón contra un piso medido en la
misma corrida y la misma máquina (las máquinas aquí son ruidosas; los segundos solos no dicen
nada). Cada módulo `benchmarks/b_*.py` aporta filas con su función `medir()`.

Uso: python benchmarks/medir.py [--rapido] [area ...]

Sin --rapido, el código de salida es 1 si alguna fila no cumple su límite. Con --rapido (tamaños
chicos, lo corre CI: tests/nucleo/test_benchmarks_rapido.py) solo falla si una medición falla.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent
# Las bases de medición se cifran con esta frase (también en los subprocesos que se lanzan).
os.environ.setdefault("PIR_CAMPO_CLAVE", "frase de las mediciones 2026")
sys.path.insert(0, str(RAIZ.parent))
sys.path.insert(0, str(RAIZ))


@dataclass
class Fila:
    """Una medición: `medido` y `piso` en segundos (o MB), `limite` la razón máxima aceptada."""

    descripcion: str
    medido: float
    piso: float | None
    limite: float | None = None
    unidad: str = "s"
    nota: str = ""

    @property
    def razon(self) -> float | None:
        return None if not self.piso else self.medido / self.piso

    @property
    def cumple(self) -> bool | None:
        if self.limite is None:
            return None
        valor = self.razon if self.piso else self.medido
        return valor is not None and valor <= self.limite


def mediana(valores: list[float]) -> float:
    orden = sorted(valores)
    return orden[len(orden) // 2]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("areas", nargs="*", help="áreas a medir (por omisión, todas)")
    p.add_argument("--rapido", action="store_true", help="tamaños reducidos, para probar")
    args = p.parse_args()
    modulos = sorted(m.stem for m in RAIZ.glob("b_*.py"))
    if args.areas:
        modulos = [m for m in modulos if m.removeprefix("b_") in args.areas]
    filas: list[Fila] = []
    for nombre in modulos:
        modulo = importlib.import_module(nombre)
        if hasattr(modulo, "medir"):  # los demás b_*.py son piezas que usan las mediciones
            filas.extend(modulo.medir(rapido=args.rapido))
    print(f"{'medición':<70} {'medido':>10} {'piso':>10} {'razón':>7} {'límite':>7}  ")
    fallas = 0
    for f in filas:
        razon = f"{f.razon:.2f}" if f.razon is not None else "-"
        limite = f"{f.limite:g}" if f.limite is not None else "-"
        estado = {True: "ok", False: "NO CUMPLE", None: ""}[f.cumple]
        fallas += f.cumple is False
        piso = f"{f.piso:.4f}" if f.piso is not None else "-"
        print(
            f"{f.descripcion:<70} {f.medido:>9.4f}{f.unidad:<1} {piso:>10} {razon:>7} "
            f"{limite:>7}  {estado} {f.nota}".rstrip()
        )
    # --rapido es una prueba de humo (la corre CI): mide en tamaños chicos que no dicen nada
    # del rendimiento, así que un límite no cumplido se muestra pero no hace fallar.
    return 1 if fallas and not args.rapido else 0


if __name__ == "__main__":
    sys.exit(main())
