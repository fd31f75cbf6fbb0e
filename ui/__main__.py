"""Entrada del ejecutable con ventana: equivale a `pir-campo` sin comando."""

from __future__ import annotations

import sys

from pir_campo.cli import main

sys.exit(main())
