"""Late registration, judged at *Ajukan Permohonan* (issue 12, rule 2), as pure functions.

PP 35/2021 Pasal 14(1): an online registration is due "paling lama 3 (tiga) hari kerja sejak penandatanganan
PKWT"; Pasal 14(2): in writing at the kab/kota Disnaker, within 7 working days. Both run from the *signing*
date (``tanggal_perjanjian``); when the file does not give it, the start date (``awal_kontrak``) stands in,
and the finding says so. The count is the working days in ``(reference, submission]`` (``core.workdays``).

It stays a warning for the verifier, never an error: the regulation names no consequence of a late
registration, and whether a late one (or an unregistered one) turns the PKWT into a PKWTT is disputed
(DOMAIN.md, PKWT: "warn, never decide"). The import no longer judges it: the day that counts is the day the
company submits, which an import cannot know.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from .office_settings import channel_rule

CODE = "late_registration"


def working_days_since(
    days: Iterable[datetime.date],
    until: datetime.date,
    working_days_after: Callable[[datetime.date, datetime.date], int],
) -> dict[datetime.date, int]:
    """Working days in ``(day, until]`` for each day (0 from ``until`` on), walking the calendar once: the
    days are sorted and each span is counted only to the next day, since (a, c] = (a, b] + (b, c]."""
    result: dict[datetime.date, int] = {}
    later = sorted({day for day in days if day < until}, reverse=True)
    total = 0
    previous = until
    for day in later:
        total += working_days_after(day, previous)
        result[day] = total
        previous = day
    for day in days:
        result.setdefault(day, 0)
    return result


def _fmt(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def late_warning(
    *,
    days: int,
    signed_date: datetime.date | None,
    start_date: datetime.date,
    submitted_on: datetime.date,
    channel: str,
) -> dict:
    """The finding a verifier reads next to the contract (the shape of a stored import warning)."""
    rule = channel_rule(channel)
    if signed_date is not None:
        column, since = "tanggal_perjanjian", f"tanggal perjanjian {_fmt(signed_date)}"
    else:
        column, since = "awal_kontrak", f"awal kontrak {_fmt(start_date)} (tanggal perjanjian tidak diisi)"
    return {
        "column": column,
        "code": CODE,
        "message": (
            f"Diajukan {days} hari kerja sejak {since}, pada {_fmt(submitted_on)}; batas pencatatan "
            f"{rule.manner} {rule.working_days} hari kerja sejak penandatanganan (PP 35/2021 Pasal 14 "
            f"{rule.ayat}). Peringatan saja: akibat hukum keterlambatan pencatatan masih diperdebatkan."
        ),
    }
