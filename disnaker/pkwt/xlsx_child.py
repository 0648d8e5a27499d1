"""The child process that parses a worker Excel, and nothing else.

python-calamine is a Rust library: when a hostile workbook makes it allocate more than the machine has, the
allocation fails and Rust *aborts* the process. No Python ``except`` can catch that, so the parse runs here,
in a process of its own, under an address-space limit (``RLIMIT_AS``) and a CPU limit set before a byte of the
file is read. A crash or a limit then ends this process only; the web worker, the task worker or the command
that started it turns that into a clean "berkas tidak dapat dibaca" (see ``excel.parse_rows``).

It runs as a script with ``python -I`` (no environment variables, no user site, not the project on
``sys.path``), so it imports only the standard library and python-calamine: no Django, no settings, no
database connection. Usage (by ``excel.parse_rows`` only)::

    python -I xlsx_child.py MEMORY_MB CPU_SECONDS PREFERRED_SHEET SKIPPED_SHEET < workbook.xlsx > result.pickle

The result on stdout is a pickle of ``("ok", rows)``, ``("password", None)``, ``("unreadable", None)``,
``("memory", None)`` or ``("setup", message)``; the parent unpickles it allowing only the datetime types.
"""

from __future__ import annotations

import copyreg
import datetime
import io
import pickle
import resource
import sys


def limit_resources(*, memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The parent kills a parse that runs past its timeout; the CPU limit ends an orphan whose parent died.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file with the workers' data


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


def _reduce_date(value: datetime.date):
    # pickle's own reduction of a date is four times slower; a 100,000-row file has 300,000 dates.
    return datetime.date, (value.year, value.month, value.day)


def dump(result: tuple, stream) -> None:
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, datetime.date: _reduce_date}
    pickler.dump(result)


def parse(data: bytes, *, preferred: str, skipped: str) -> tuple:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = choose_sheet(workbook, preferred=preferred, skipped=skipped)
        # Without skipping the empty area the rows start at A1, whatever sheet.start says.
        return "ok", sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        return "password", None
    except MemoryError:
        return "memory", None
    except BaseException:  # noqa: BLE001 - a Rust panic arrives as a BaseException; any failure means unreadable
        return "unreadable", None


def main(argv: list[str]) -> int:
    memory_mb, cpu_seconds, preferred, skipped = int(argv[1]), int(argv[2]), argv[3], argv[4]
    limit_resources(memory_mb=memory_mb, cpu_seconds=cpu_seconds)
    out = sys.stdout.buffer
    try:
        import python_calamine  # noqa: F401 - fail here, before the file, if the interpreter lacks it
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a set-up problem
        dump(("setup", f"{type(exc).__name__}: {exc}"), out)
        return 0
    data = sys.stdin.buffer.read()
    result = parse(data, preferred=preferred, skipped=skipped)
    del data
    try:
        dump(result, out)
        out.flush()
    except MemoryError:
        return 3  # whatever was written is ignored: the parent sees a failed child, i.e. unreadable
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
