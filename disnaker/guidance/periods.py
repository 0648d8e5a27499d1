"""Report periods (a start month and a length) and whole months between two moments."""

from __future__ import annotations

import calendar
import datetime

from .constants import PERIOD_MONTHS, PeriodKind

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
MONTHS_SHORT = [name[:3] for name in MONTHS]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(kind: str, year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a period of ``kind`` starting in ``month`` of ``year``."""
    start = datetime.date(year, month, 1)
    last_month = add_months(start, PERIOD_MONTHS[PeriodKind(kind)] - 1)
    end = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
    return start, end


def period_label(kind: str, start: datetime.date) -> str:
    """``Maret 2026``; ``Triwulan Jan–Mar 2026``; ``Tahun Jul 2025–Jun 2026``."""
    if kind == PeriodKind.MONTHLY:
        return f"{MONTHS[start.month - 1]} {start.year}"
    _start, end = period_bounds(kind, start.year, start.month)
    first = MONTHS_SHORT[start.month - 1]
    last = MONTHS_SHORT[end.month - 1]
    prefix = "Triwulan" if kind == PeriodKind.QUARTERLY else "Tahun"
    if start.year == end.year:
        return f"{prefix} {first}–{last} {end.year}"
    return f"{prefix} {first} {start.year}–{last} {end.year}"


def whole_months_between(earlier: datetime.datetime, later: datetime.datetime) -> int:
    """Completed calendar months from ``earlier`` to ``later`` (0 when ``later`` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if (later.day, later.time()) < (earlier.day, earlier.time()):
        months -= 1
    return max(months, 0)
