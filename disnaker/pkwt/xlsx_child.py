"""The child process that parses a worker Excel, and nothing else.

python-calamine is a Rust library: when a hostile workbook makes it allocate more than the machine has, the
allocation fails and Rust *aborts* the process. No Python ``except`` can catch that, so the parse runs here,
in a process of its own, under an address-space limit (``RLIMIT_AS``) and a CPU limit set before a byte of the
file is read. A crash or a limit then ends this process only; the web worker, the task worker or the command
that started it turns that into a clean "berkas tidak dapat dibaca" (see ``excel.parse_rows``).

It runs as a script with ``python -I`` (no environment variables, no user site, not the project on
``sys.path``), so it imports only the standard library and python-calamine: no Django, no settings, no
database connection. Usage (by ``excel.parse_rows`` only)::

    python -I xlsx_child.py MEMORY_MB CPU_SECONDS PREFERRED_SHEET SKIPPED_SHEET < workbook.xlsx > result.marshal

The result on stdout is a stream of :mod:`marshal` frames, each a 3-tuple. A parse that failed writes one:
``("password", None, None)``, ``("unreadable", None, None)``, ``("memory", None, None)`` or ``("setup", message,
None)``. A parse that succeeded writes ``("ok", row_count, None)``, then ``("rows", columns, encoded)`` per
:data:`CHUNK_ROWS` rows, then ``("end", None, None)``: the parent checks one chunk while this process encodes
the next (issue 12: the import within 3x the raw parse). The rows of a chunk travel as columns (a hundred
thousand fewer lists to write and read) and the dates of the columns listed in ``encoded`` as plain values;
:func:`decode` rebuilds the rows. A date column under its header is all dates from the second chunk on, so it
travels as ordinals (``"ordinal"``). marshal writes and reads plain values several times faster
than pickle and never calls a constructor, let alone an import, while it loads.
"""

from __future__ import annotations

import datetime
import gc
import io
import itertools
import marshal
import resource
import sys


def _lower(limit: int, wanted: int) -> None:
    """Set ``limit`` to ``wanted`` (soft and hard), never above a hard limit the server already runs under."""
    _soft, hard = resource.getrlimit(limit)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(limit, (wanted, wanted))


def limit_resources(*, memory_mb: int, cpu_seconds: int) -> None:
    _lower(resource.RLIMIT_AS, memory_mb * 2**20)
    # The parent kills a parse that runs past its timeout; the CPU limit ends an orphan whose parent died.
    _lower(resource.RLIMIT_CPU, cpu_seconds)
    _lower(resource.RLIMIT_CORE, 0)  # an abort leaves no core file with the workers' data


def choose_sheet(workbook, *, preferred: str, skipped: str):
    """The sheet named ``preferred`` (case and outer spaces ignored), else the first one that is not the
    instruction sheet, else the first."""
    names = workbook.sheet_names
    for name in names:
        if name.strip().lower() == preferred.lower():
            return workbook.get_sheet_by_name(name)
    for name in names:
        if name.strip().lower() != skipped.lower():
            return workbook.get_sheet_by_name(name)
    return workbook.get_sheet_by_index(0)


_DATE, _DATETIME, _TIME, _TIMEDELTA = datetime.date, datetime.datetime, datetime.time, datetime.timedelta
_SPECIAL = {_DATE, _DATETIME, _TIME, _TIMEDELTA}


def _encode(value):
    kind = type(value)
    if kind is _DATETIME:
        return (1, value.isoformat())
    if kind is _TIME:
        return (2, value.isoformat())
    return (3, value.days, value.seconds, value.microseconds)


def encode(rows: list[list]) -> tuple[list, list[tuple[int, str]]]:
    """Rows → columns, the datetime values of a column turned into plain values (marshal knows no dates). A
    short row is padded with "" (what the validator reads for a missing cell anyway).

    ``encoded`` lists ``(index, how)`` for each column that held dates: ``"ordinal"`` for a column of nothing
    but dates (the usual date column: each date its ordinal, converted both ways at C speed), else
    ``"tagged"``: each special value a tuple whose first item says its type."""
    columns: list = list(itertools.zip_longest(*rows, fillvalue=""))  # tuples: marshal writes them as fast
    encoded: list[tuple[int, str]] = []
    for index, column in enumerate(columns):
        types = set(map(type, column))
        if _SPECIAL.isdisjoint(types):
            continue
        if types == {_DATE}:
            encoded.append((index, "ordinal"))
            columns[index] = list(map(_DATE.toordinal, column))
        else:
            encoded.append((index, "tagged"))
            columns[index] = [
                (0, v.toordinal()) if type(v) is _DATE else (_encode(v) if type(v) in _SPECIAL else v)
                for v in column
            ]
    return columns, encoded


def _decode(value: tuple):
    kind = value[0]
    if kind == 0:
        return _DATE.fromordinal(value[1])
    if kind == 1:
        return _DATETIME.fromisoformat(value[1])
    if kind == 2:
        return _TIME.fromisoformat(value[1])
    return _TIMEDELTA(value[1], value[2], value[3])


def decode(columns: list, encoded: list) -> list[tuple]:
    """The rows back from :func:`encode` (run by the parent)."""
    from_ordinal = _DATE.fromordinal
    for index, how in encoded:
        if how == "ordinal":
            columns[index] = list(map(from_ordinal, columns[index]))
        else:
            columns[index] = [
                (from_ordinal(v[1]) if v[0] == 0 else _decode(v)) if type(v) is tuple else v
                for v in columns[index]
            ]
    # Tuples, not lists: nothing changes a row once read, and a hundred thousand lists cost 50 ms more.
    return list(zip(*columns, strict=True))


#: Rows per frame of the answer.
CHUNK_ROWS = 10_000


def dump(result: tuple, stream) -> None:
    # Version 2 writes no back-references: twice as fast for a million distinct strings, hardly larger.
    stream.write(marshal.dumps(result, 2))


def parse(data: bytes, *, preferred: str, skipped: str) -> tuple:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = choose_sheet(workbook, preferred=preferred, skipped=skipped)
        # Without skipping the empty area the rows start at A1, whatever sheet.start says.
        rows = sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        return "password", None, None
    except MemoryError:
        return "memory", None, None
    except BaseException:  # noqa: BLE001 - a Rust panic arrives as a BaseException; any failure means unreadable
        return "unreadable", None, None
    return "ok", rows, None


def write_rows(rows: list, stream) -> None:
    """The success answer: the count, the rows in chunks (see the module's docstring), the end."""
    dump(("ok", len(rows), None), stream)
    for offset in range(0, len(rows), CHUNK_ROWS):
        dump(("rows", *encode(rows[offset : offset + CHUNK_ROWS])), stream)
        stream.flush()  # the parent starts on this chunk while the next is encoded
    dump(("end", None, None), stream)


def main(argv: list[str]) -> int:
    memory_mb, cpu_seconds, preferred, skipped = int(argv[1]), int(argv[2]), argv[3], argv[4]
    limit_resources(memory_mb=memory_mb, cpu_seconds=cpu_seconds)
    # A million cell values and no cycles among them: the collector would only run over them, again and again,
    # and double the time of a large file. The process ends right after.
    gc.disable()
    out = sys.stdout.buffer
    try:
        import python_calamine  # noqa: F401 - fail here, before the file, if the interpreter lacks it
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a set-up problem
        dump(("setup", f"{type(exc).__name__}: {exc}", None), out)
        return 0
    data = sys.stdin.buffer.read()
    result = parse(data, preferred=preferred, skipped=skipped)
    del data
    try:
        if result[0] == "ok":
            write_rows(result[1], out)
        else:
            dump(result, out)
        out.flush()
    except MemoryError:
        return 3  # whatever was written is ignored: the parent sees a failed child, i.e. unreadable
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
