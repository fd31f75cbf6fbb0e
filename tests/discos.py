"""Discos reales pequeños para las pruebas: un tmpfs de unos cientos de KB (disco lleno) y un
montaje de solo lectura (pendrive protegido). Hace falta ser root (CI lo es); donde no se pueda
montar, la prueba se salta diciendo por qué."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    r = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise OSError(r.stderr.strip() or f"mount salió con {r.returncode}")


class Discos:
    """Monta en carpetas de la prueba; al final todo se desmonta (ver el accesorio `discos`)."""

    def __init__(self, base: Path):
        self.base = base
        self.montados: list[Path] = []
        self.bucles: list[str] = []
        self.pendrives: dict[Path, tuple[str, Path]] = {}

    def _punto(self, nombre: str) -> Path:
        punto = self.base / nombre
        punto.mkdir()
        return punto

    def _montar(self, punto: Path, *args: str) -> Path:
        if os.name != "posix" or shutil.which("mount") is None:
            pytest.skip("sin la orden mount no se puede armar un disco pequeño real")
        if os.geteuid() != 0:
            pytest.skip("montar un tmpfs o un montaje de solo lectura requiere ser root")
        try:
            _mount(*args)
        except OSError as e:
            pytest.skip(f"este entorno no deja montar un disco de prueba: {e}")
        self.montados.append(punto)
        return punto

    def tmpfs(self, nombre: str, tamano: str) -> Path:
        """Un disco de `tamano` (p. ej. «400k») vacío."""
        punto = self._punto(nombre)
        return self._montar(punto, "-t", "tmpfs", "-o", f"size={tamano}", "tmpfs", str(punto))

    def solo_lectura(self, origen: Path, nombre: str) -> Path:
        """`origen` visto a través de un montaje de solo lectura."""
        punto = self._punto(nombre)
        self._montar(punto, "--bind", str(origen), str(punto))
        _mount("-o", "remount,ro,bind", str(punto))
        return punto

    def pendrive(self, nombre: str, tamano: str = "8M") -> Path:
        """Un disco ext4 sobre un dispositivo de bucle, que `sacar` deja sin respuesta."""
        for orden in ("losetup", "mkfs.ext4", "truncate"):
            if shutil.which(orden) is None:
                pytest.skip(f"falta la orden {orden} para simular un pendrive")
        imagen = self.base / f"{nombre}.img"
        subprocess.run(["truncate", "-s", tamano, str(imagen)], check=True)
        subprocess.run(["mkfs.ext4", "-q", str(imagen)], check=True, capture_output=True)
        r = subprocess.run(
            ["losetup", "-f", "--show", str(imagen)], capture_output=True, text=True, check=False
        )
        if r.returncode != 0:
            pytest.skip(f"este entorno no deja usar un dispositivo de bucle: {r.stderr.strip()}")
        dispositivo = r.stdout.strip()
        self.bucles.append(dispositivo)
        punto = self._montar(self._punto(nombre), dispositivo, str(self.base / nombre))
        self.pendrives[punto] = (dispositivo, imagen)
        return punto

    def sacar(self, punto: Path) -> None:
        """Como sacar el pendrive sin expulsarlo: el dispositivo queda en cero bytes y toda
        lectura o escritura que no esté en la caché da error de E/S."""
        dispositivo, imagen = self.pendrives[punto]
        subprocess.run(["truncate", "-s", "0", str(imagen)], check=True)
        subprocess.run(["losetup", "-c", dispositivo], check=True)
        os.sync()
        try:
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        except OSError as e:
            pytest.skip(f"no se puede vaciar la caché de disco para simular el pendrive: {e}")

    def desmontar(self) -> None:
        for punto in reversed(self.montados):
            r = subprocess.run(["umount", str(punto)], capture_output=True, check=False)
            if r.returncode != 0:  # algo quedó abierto: que se suelte al cerrarse
                subprocess.run(["umount", "-l", str(punto)], capture_output=True, check=False)
        self.montados.clear()
        for dispositivo in self.bucles:
            subprocess.run(["losetup", "-d", dispositivo], capture_output=True, check=False)
        self.bucles.clear()


def llenar(carpeta: Path) -> Path:
    """Llena el disco de `carpeta` hasta el último byte con un archivo de relleno."""
    relleno = carpeta / "relleno.bin"
    fd = os.open(relleno, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for tamano in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * tamano):
                    pass
    finally:
        os.close(fd)
    return relleno


@pytest.fixture
def discos(tmp_path: Path) -> Iterator[Discos]:
    d = Discos(tmp_path)
    try:
        yield d
    finally:
        d.desmontar()
