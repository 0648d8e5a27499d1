"""Constants shared by the modules of this package."""

from __future__ import annotations

from .. import xlsx_child

DATA_SHEET = "Data Pekerja"
GUIDE_SHEET = "Petunjuk"

_CHUNK = 1 << 20
_CHILD_SCRIPT = xlsx_child.__file__
