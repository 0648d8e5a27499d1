"""Parsing in a memory-limited child process, and the sheet with its header map."""

from __future__ import annotations

import logging
import marshal
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .. import xlsx_child
from ..columns import COLUMNS, HEADER_LOOKUP, normalize_header
from ._consts import _CHILD_SCRIPT, DATA_SHEET, GUIDE_SHEET
from .errors import FileError, _parse_crashed, _parse_timeout, _unreadable
from .inspection import inspect_parts, open_zip

# --- Parsing, in a child process ---------------------------------------------------------------------------

logger = logging.getLogger(__name__)


def _child_environment() -> dict[str, str]:
    # Nothing of the server's environment (secrets, database URL) reaches the process that reads the file.
    environment = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    if "LD_LIBRARY_PATH" in os.environ:  # a Python built into a non-standard prefix needs it to start
        environment["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return environment


class _ParseProcess:
    """The child that parses one file, started at once and read later, so that the parent can inspect the
    file's parts (``inspection.inspect_parts``, the costly half of the inspection) while the child parses: on
    two cores the inspection then costs no wall time. The child is limited as it would be anyway; if the
    inspection refuses the file, the child is killed and its work thrown away."""

    def __init__(self, data: bytes) -> None:
        if not sys.executable:
            raise RuntimeError("sys.executable is unknown: cannot start the Excel parse process")
        self.seconds = settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
        command = [
            sys.executable,
            "-I",  # isolated: ignores PYTHON* variables and the user's site-packages
            _CHILD_SCRIPT,
            str(settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB),
            str(max(int(self.seconds) + 1, 1)),
            DATA_SHEET,
            GUIDE_SHEET,
        ]
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 - our own script, no shell, no user input in the arguments
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_environment(),
        )
        self.output = b""
        # communicate() feeds stdin and drains both pipes (no deadlock on a large answer) and reaps the child.
        self.reader = threading.Thread(target=self._communicate, args=(data,), daemon=True)
        self.reader.start()

    def _communicate(self, data: bytes) -> None:
        try:
            self.output, _stderr = self.process.communicate(input=data)
        except (OSError, ValueError):  # the child was killed while it was being fed: its result is not used
            self.output = b""

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.reader.join()

    def result(self) -> list[Sequence]:
        self.reader.join(max(self.seconds - (time.monotonic() - self.started), 0))
        if self.reader.is_alive():
            self.kill()
            logger.warning("Excel parse process killed after %s s", self.seconds)
            raise _parse_timeout()
        return _child_result(self.process.returncode, self.output)


def parse_rows(data: bytes) -> list[Sequence]:
    """The data sheet's rows (from A1) as Python values, parsed by python-calamine in a child process limited
    to ``PKWT_IMPORT_PARSE_MAX_MEMORY_MB`` of address space and ``PKWT_IMPORT_PARSE_TIMEOUT_SECONDS``.

    A child that dies (a failed allocation aborts it), runs out of time or reports the file unreadable becomes
    a :class:`FileError`; a child that cannot start at all is the server's problem and raises
    ``RuntimeError``. The child is always waited for (or killed and then waited for), so none is left behind
    as a zombie.
    """
    return _ParseProcess(data).result()


def _child_result(returncode: int, stdout: bytes) -> list[Sequence]:
    if returncode != 0:
        # The exit status only: stderr may quote the file's content (personal data).
        logger.warning("Excel parse process ended with status %s", returncode)
        raise _parse_crashed()
    try:
        status, payload, encoded = marshal.loads(stdout)  # noqa: S302 - written by our own child
        if status == "ok":
            return xlsx_child.decode(payload, encoded)
    except Exception:  # noqa: BLE001 - a truncated or foreign answer is the same as a crash
        logger.warning("Excel parse process returned %d bytes that are not a result", len(stdout))
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
    rows: list[Sequence]
    extra_headers: list[str]


def read_sheet(data: bytes) -> Sheet:
    """Inspect, then parse the data sheet; raise :class:`FileError` for a file that cannot be used."""
    opened = open_zip(data)  # the cheap checks first: nothing is started for a file they refuse
    parse = _ParseProcess(data)
    try:
        inspect_parts(data, *opened)
    except BaseException:
        parse.kill()
        raise
    rows = parse.result()
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
