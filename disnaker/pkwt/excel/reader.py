"""Parsing in a memory-limited child process, and the sheet with its header map."""

from __future__ import annotations

import logging
import marshal
import os
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .. import xlsx_child
from ..columns import COLUMNS, HEADER_LOOKUP, normalize_header
from ._consts import _CHILD_SCRIPT, DATA_SHEET, GUIDE_SHEET
from .errors import FileError, _parse_crashed, _parse_timeout, _unreadable
from .inspection import inspect_workbook

# --- Parsing, in a child process ---------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def _child_environment() -> dict[str, str]:
    # Nothing of the server's environment (secrets, database URL) reaches the process that reads the file.
    environment = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    if "LD_LIBRARY_PATH" in os.environ:  # a Python built into a non-standard prefix needs it to start
        environment["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return environment


def parse_rows(data: bytes) -> list[list]:
    """The data sheet's rows (from A1) as Python values, parsed by python-calamine in a child process limited
    to ``PKWT_IMPORT_PARSE_MAX_MEMORY_MB`` of address space and ``PKWT_IMPORT_PARSE_TIMEOUT_SECONDS``.

    A child that dies (a failed allocation aborts it), runs out of time or reports the file unreadable becomes
    a :class:`FileError`; a child that cannot start at all is the server's problem and raises
    ``RuntimeError``. ``subprocess.run`` waits for (or kills and then waits for) the child, so none is left
    behind as a zombie.
    """
    if not sys.executable:
        raise RuntimeError("sys.executable is unknown: cannot start the Excel parse process")
    seconds = settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
    command = [
        sys.executable,
        "-I",  # isolated: ignores PYTHON* variables and the user's site-packages
        _CHILD_SCRIPT,
        str(settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB),
        str(max(int(seconds) + 1, 1)),
        DATA_SHEET,
        GUIDE_SHEET,
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, no shell, no user input in the arguments
            command, input=data, capture_output=True, timeout=seconds, check=False, env=_child_environment()
        )
    except subprocess.TimeoutExpired:
        logger.warning("Excel parse process killed after %s s", seconds)
        raise _parse_timeout() from None
    if done.returncode != 0:
        # The exit status only: stderr may quote the file's content (personal data).
        logger.warning("Excel parse process ended with status %s", done.returncode)
        raise _parse_crashed()
    try:
        status, payload, encoded = marshal.loads(done.stdout)  # noqa: S302 - written by our own child
        if status == "ok":
            return xlsx_child.decode(payload, encoded)
    except Exception:  # noqa: BLE001 - a truncated or foreign answer is the same as a crash
        logger.warning("Excel parse process returned %d bytes that are not a result", len(done.stdout))
        raise _parse_crashed() from None
    if status == "password":
        raise FileError(
            "password", _("File dilindungi kata sandi. Hapus kata sandinya di Excel lalu unggah lagi.")
        )
    if status == "memory":
        raise _parse_crashed()
    if status == "setup":
        raise RuntimeError(f"the Excel parse process cannot start: {payload}")
    raise _unreadable()


@dataclass
class Sheet:
    """The data sheet: which canonical column sits at which position, and its rows as Python values."""

    columns: dict[str, int]
    header_row: int  # Excel row number of the header
    rows: list[list]
    extra_headers: list[str]


def read_sheet(data: bytes) -> Sheet:
    """Inspect, then parse the data sheet; raise :class:`FileError` for a file that cannot be used."""
    inspect_workbook(data)
    rows = parse_rows(data)
    # Skip blank rows above the header.
    header_index = 0
    while header_index < len(rows) and not any(_present(v) for v in rows[header_index]):
        header_index += 1
    if header_index >= len(rows):
        raise FileError("empty", _("Sheet data pekerja kosong. Isi data mulai baris 2 di bawah judul kolom."))
    columns: dict[str, int] = {}
    extra: list[str] = []
    for position, value in enumerate(rows[header_index]):
        if not _present(value):
            continue
        key = HEADER_LOOKUP.get(normalize_header(value))
        if key and key not in columns:
            columns[key] = position
        elif not key:
            extra.append(str(value))
    missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise FileError(
            "missing_columns",
            _(
                "Kolom wajib tidak ditemukan di baris judul: %(cols)s. Gunakan template dari halaman ini; "
                "judul kolom harus sama (huruf besar/kecil, spasi dan garis bawah tidak berpengaruh)."
            )
            % {"cols": ", ".join(missing)},
        )
    return Sheet(
        columns=columns,
        header_row=header_index + 1,
        rows=rows[header_index + 1 :],
        extra_headers=extra,
    )


def no_data_rows_error(sheet: Sheet) -> FileError:
    """The header is there but not one worker row under it (an import of it would 'succeed' with 0)."""
    return FileError(
        "no_data_rows",
        _(
            "Sheet data pekerja hanya berisi judul kolom; belum ada satu pun baris data pekerja. Isi satu baris "
            "per pekerja mulai baris %(row)d di bawah judul kolom, simpan, lalu unggah lagi."
        )
        % {"row": sheet.header_row + 1},
    )


def _present(value) -> bool:
    return not (value is None or value == "" or (isinstance(value, str) and not value.strip()))
