"""Parsing in a memory-limited child process, and the sheet with its header map."""

from __future__ import annotations

import logging
import marshal
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
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
    inspection refuses the file, the child is killed and its work thrown away.

    The child answers in frames (``xlsx_child``): :meth:`chunks` yields the rows a chunk at a time as they
    arrive, so the caller checks one chunk while the child encodes the next. A thread reads the frames off
    the pipe as soon as they are written (the child never waits on a full pipe); another feeds the file."""

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
            # Not read: it may quote the file's content (personal data), and a full pipe would stall the child.
            stderr=subprocess.DEVNULL,
            env=_child_environment(),
        )
        self.frames: queue.SimpleQueue = queue.SimpleQueue()
        self.finished = False
        self.feeder = threading.Thread(target=self._feed, args=(data,), daemon=True)
        self.feeder.start()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _feed(self, data: bytes) -> None:
        try:
            self.process.stdin.write(data)
            self.process.stdin.close()
        except (OSError, ValueError):  # the child died or was killed while it was being fed
            pass

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            while True:
                frame = marshal.load(stream)  # noqa: S302 - written by our own child
                self.frames.put(frame)
                if not (isinstance(frame, tuple) and len(frame) == 3 and frame[0] in ("ok", "rows")):
                    return
        except Exception:  # noqa: BLE001 - the end of the pipe, a truncated or foreign answer: a crash
            self.frames.put(None)
        finally:
            stream.close()

    def _next_frame(self) -> tuple | None:
        try:
            return self.frames.get(timeout=max(self.seconds - (time.monotonic() - self.started), 0))
        except queue.Empty:
            self.kill()
            logger.warning("Excel parse process killed after %s s", self.seconds)
            raise _parse_timeout() from None

    def _crashed(self) -> FileError:
        self.kill()  # reaps it; a child that is still running after a foreign answer is ended
        # The exit status only: the child's output may quote the file's content (personal data).
        logger.warning("Excel parse process ended with status %s without a result", self.process.returncode)
        return _parse_crashed()

    def kill(self) -> None:
        self.finished = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join()
        self.feeder.join()

    def row_count(self) -> int:
        """Wait for the first frame: the number of rows (from A1), or the :class:`FileError` of the parse."""
        frame = self._next_frame()
        if frame is None:
            raise self._crashed()
        status, payload, _encoded = frame
        if status == "ok" and isinstance(payload, int):
            return payload
        self.kill()
        if status == "password":
            raise FileError(
                "password", _("File dilindungi kata sandi. Hapus kata sandinya di Excel lalu unggah lagi.")
            )
        if status == "memory":
            raise _parse_crashed()
        if status == "setup":
            raise RuntimeError(f"the Excel parse process cannot start: {payload}")
        raise _unreadable()

    def chunks(self) -> Iterator[list[tuple]]:
        """The rows (after :meth:`row_count`), a chunk at a time; the child is reaped at the end, or killed if
        the caller stops early."""
        try:
            while True:
                frame = self._next_frame()
                if frame is None:
                    raise self._crashed()
                status, columns, encoded = frame
                if status == "end":
                    break
                if status != "rows":
                    raise self._crashed()
                try:
                    rows = xlsx_child.decode(columns, encoded)
                except Exception:  # noqa: BLE001 - a foreign answer is the same as a crash
                    raise self._crashed() from None
                yield rows
            self.reader.join()
            self.feeder.join()
            try:
                returncode = self.process.wait(max(self.seconds - (time.monotonic() - self.started), 0.1))
            except subprocess.TimeoutExpired:
                raise self._crashed() from None
            if returncode != 0:
                raise self._crashed()
            self.finished = True
        finally:
            if not self.finished:
                self.kill()

    def result(self) -> list[Sequence]:
        count = self.row_count()
        rows: list[Sequence] = []
        for chunk in self.chunks():
            rows.extend(chunk)
        if len(rows) != count:
            raise _parse_crashed()
        return rows


def parse_rows(data: bytes) -> list[Sequence]:
    """The data sheet's rows (from A1) as Python values, parsed by python-calamine in a child process limited
    to ``PKWT_IMPORT_PARSE_MAX_MEMORY_MB`` of address space and ``PKWT_IMPORT_PARSE_TIMEOUT_SECONDS``.

    A child that dies (a failed allocation aborts it), runs out of time or reports the file unreadable becomes
    a :class:`FileError`; a child that cannot start at all is the server's problem and raises
    ``RuntimeError``. The child is always waited for (or killed and then waited for), so none is left behind
    as a zombie.
    """
    return _ParseProcess(data).result()


@dataclass
class Sheet:
    """The data sheet: which canonical column sits at which position, and its rows as Python values."""

    columns: dict[str, int]
    header_row: int  # Excel row number of the header
    rows: list[Sequence]
    extra_headers: list[str]


@dataclass
class SheetStream:
    """The data sheet as it arrives from the parse: its header map now, its rows a chunk at a time
    (:meth:`chunks`, once). ``row_count`` is the number of rows under the header, blank ones included."""

    columns: dict[str, int]
    header_row: int
    extra_headers: list[str]
    row_count: int
    _first: list[Sequence]
    _rest: Iterator[list[tuple]]

    def chunks(self) -> Iterator[Sequence[Sequence]]:
        """The rows under the header; a :class:`FileError` if the parse fails part-way. A caller that stops
        early (or fails) ends the parse process when this generator is closed."""
        try:
            if self._first:
                yield self._first
            yield from self._rest
        finally:
            self._rest.close()


def read_sheet_stream(data: bytes) -> SheetStream:
    """Inspect, then parse the data sheet, returning as soon as its header is read; raise :class:`FileError`
    for a file that cannot be used. The rows keep arriving from the parse while the caller checks the first."""
    opened = open_zip(data)  # the cheap checks first: nothing is started for a file they refuse
    parse = _ParseProcess(data)
    try:
        inspect_parts(data, *opened)
        count = parse.row_count()
        chunks = parse.chunks()
        # Skip blank rows above the header (they may fill more than one chunk).
        buffered: list[Sequence] = []
        header_index = 0
        for chunk in chunks:
            buffered.extend(chunk)
            while header_index < len(buffered) and not any(_present(v) for v in buffered[header_index]):
                header_index += 1
            if header_index < len(buffered):
                break
        if header_index >= len(buffered):
            raise FileError(
                "empty", _("Sheet data pekerja kosong. Isi data mulai baris 2 di bawah judul kolom.")
            )
        columns, extra = _header_map(buffered[header_index])
    except BaseException:
        parse.kill()
        raise
    return SheetStream(
        columns=columns,
        header_row=header_index + 1,
        extra_headers=extra,
        row_count=count - header_index - 1,
        _first=buffered[header_index + 1 :],
        _rest=chunks,
    )


def read_sheet(data: bytes) -> Sheet:
    """Inspect, then parse the data sheet, all its rows at once; raise :class:`FileError` for a file that
    cannot be used."""
    stream = read_sheet_stream(data)
    rows: list[Sequence] = []
    for chunk in stream.chunks():
        rows.extend(chunk)
    return Sheet(
        columns=stream.columns, header_row=stream.header_row, rows=rows, extra_headers=stream.extra_headers
    )


def _header_map(header: Sequence) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    extra: list[str] = []
    for position, value in enumerate(header):
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
    return columns, extra


def no_data_rows_error(sheet: Sheet | SheetStream) -> FileError:
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
