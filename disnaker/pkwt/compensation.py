"""Uang kompensasi of one PKWT: a pure function, no database (PP 35/2021 Pasal 15–17; UU 13/2003 Pasal 61A as
inserted by UU 6/2023).

The law, and what this module decides where the law is silent:

- **Who and when.** The employer must pay it to a PKWT worker (PP 35/2021 Pasal 15(1)) when the PKWT ends
  (Pasal 15(2): "dilaksanakan pada saat berakhirnya PKWT"): at the end of each term, also before an extension
  (Pasal 15(4): "diberikan saat selesainya jangka waktu PKWT sebelum perpanjangan", and again after the
  extension), and for a PKWT for a specific job when the job is finished (UU 13/2003 Pasal 61A(1) jo. Pasal
  61(1) huruf c as amended by UU 6/2023: "selesainya suatu pekerjaan tertentu"). Its *due date* here is the
  contract's last day (``akhir_kontrak``; for a specific-job PKWT the estimated end, so the figure is an
  estimate), or the termination date.
- **At least one month.** Only a worker with "masa kerja paling sedikit 1 (satu) bulan secara terus menerus"
  (Pasal 15(3)). The threshold is the worker's continuous service: a term shorter than a month that directly
  continues an earlier one (``continuous_since``) still earns its share.
- **Not for foreign workers** (Pasal 15(5)): a nationality other than blank/Indonesia, or a worker identified
  by passport instead of NIK, is paid nothing.
- **Amount.** Pasal 16(1): 12 months = 1 month's wage; under or over 12 months "masa kerja/12 × 1 (satu) bulan
  Upah" — one formula for every length. The wage is the basic wage plus fixed allowances (Pasal 16(2)–(4)):
  the portal knows one figure per contract (``upah``), and takes it as that base.
- **Early termination** (Pasal 17): when either party ends the PKWT before its end date, the compensation is
  "dihitung berdasarkan jangka waktu PKWT yang telah dilaksanakan": service up to the termination date.

Decisions (no regulation fixes them; each is documented and tested):

- **Months of service** (:func:`months_of_service`) run from ``awal_kontrak`` to the last day worked, both
  days included. Whole months are counted by calendar from the start day (5 January → 4 February is one
  month); a start day the target month lacks rolls over to the 1st of the next month (31 January + 1 month
  = 1 March, so a month from 31 January ends on the last day of February; 29 February 2024 + 12 months =
  1 March 2025, so a year from 29/02/2024 ends on 28/02/2025: the reading issue 12 asks of the 5-year term,
  whose last day from 29/02/2024 is 28/02/2029), always measured from the original start so no drift
  accumulates. The days left over are a fraction of the month they fall in:
  days ÷ the length of that month-long period (from the last monthly anniversary to the next). So a
  contract from the 1st to the last day of a month is exactly 1 month whatever its length, and 15 days of
  a 30-day period are 1/2 month.
- **One month's wage** (:func:`monthly_wage`) for a wage not paid per month, by inverting PP 36/2021's own
  conversions: per day × 25 for a 6-day week, × 21 for a 5-day week (Pasal 17); per hour × 126 (Pasal 16).
  A daily wage with a blank working week takes the 5-day week (× 21), as the UMK check does
  (``pkwt/law.py``: the portal's working week, setting ``WORKING_WEEKDAYS``); the result says it was
  assumed. A daily wage with declared working days per month (``hari_kerja_per_bulan``, the harian lepas of
  Pasal 10, paid "berdasarkan kehadiran") takes daily × those days: what the worker actually earns in a
  month, since × 21/25 would pay a casual worker of 8 days a month for 21–25.
- **Rounding.** The amount is computed exactly (rational arithmetic) and rounded once to whole Rupiah,
  half up, like the integer ``upah`` column; the months are shown to 2 decimals.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .constants import INDONESIAN_NATIONALITY

#: PP 36/2021 Pasal 17: one day's wage = the month's / 25 (6-day week) or / 21 (5-day week); inverted here.
DAYS_PER_MONTH_BY_WEEK = {6: 25, 5: 21}
#: The working week assumed for a daily wage whose ``hari_kerja_per_minggu`` is blank (as ``pkwt/law.py``).
DEFAULT_DAYS_PER_WEEK = 5
#: PP 36/2021 Pasal 16: one hour's wage = the month's / 126; inverted here.
HOURS_PER_MONTH = 126

MONTHLY, DAILY, HOURLY = "bulanan", "harian", "jam"
SPECIFIC_JOB = "pekerjaan_tertentu"

#: Why a contract earns nothing (``Compensation.reason``).
FOREIGN = "tka"
UNDER_ONE_MONTH = "kurang_sebulan"
REASONS = {
    FOREIGN: "Tidak berlaku bagi tenaga kerja asing (PP 35/2021 Pasal 15 ayat (5)).",
    UNDER_ONE_MONTH: "Masa kerja kurang dari 1 bulan terus menerus (PP 35/2021 Pasal 15 ayat (3)).",
}

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Compensation:
    amount: int  # Rupiah, rounded half up
    months: Decimal  # months of service, 2 decimals (for display; the amount uses the exact value)
    monthly_wage: int  # one month's wage the amount is based on
    due_date: datetime.date  # the PKWT's last day (or the termination date)
    reason: str = ""  # "" when due, else FOREIGN / UNDER_ONE_MONTH
    estimated: bool = False  # a specific-job PKWT's estimated end, or an assumed working week

    @property
    def is_due(self) -> bool:
        return not self.reason

    @property
    def months_text(self) -> str:
        """The months as Indonesian text: ``11,87``."""
        return f"{self.months:.2f}".replace(".", ",")

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, "")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` ``months`` calendar months later; a day the target month lacks rolls over to the 1st of the
    next month (31 January + 1 = 1 March)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day > 28:
        length = 29 if month == 1 and calendar.isleap(year) else _MONTH_DAYS[month]
        if day.day > length:
            return datetime.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return datetime.date(year, month + 1, day.day)


def _service(start: datetime.date, last_day: datetime.date) -> tuple[int, int, int]:
    """``(whole months, days left over, length in days of the period they fall in)``; see
    :func:`months_of_service`. Integers only: the amount of 100,000 contracts is computed on a page."""
    if last_day < start:
        return 0, 0, 1
    after = last_day + _ONE_DAY  # the first day not worked
    whole = (after.year - start.year) * 12 + after.month - start.month
    following = add_months(start, whole)
    if following > after:
        whole -= 1
        anchor = add_months(start, whole)
    else:
        anchor, following = following, add_months(start, whole + 1)
    return whole, (after - anchor).days, (following - anchor).days


def months_of_service(start: datetime.date, last_day: datetime.date) -> Fraction:
    """Months from ``start`` to ``last_day``, both included: whole calendar months from the start day, plus
    the remaining days as a fraction of the month-long period they fall in (see the module's decisions)."""
    whole, rest, period = _service(start, last_day)
    return whole + Fraction(rest, period)


def is_foreign(nationality: str, passport_number: str = "") -> bool:
    """A TKA: a nationality given and not Indonesian (blank = WNI, as the import reads ``kewarganegaraan``),
    or a worker identified by passport (``PkwtContract.is_foreign``)."""
    text = "".join(ch for ch in (nationality or "").casefold() if ch.isalnum())
    return bool(passport_number) or (bool(text) and text not in INDONESIAN_NATIONALITY)


def monthly_wage(
    wage: int, unit: str = MONTHLY, *, days_per_week: int | None = None, days_per_month: int | None = None
) -> tuple[int, bool]:
    """One month's wage for a wage paid per ``unit`` and whether the working week was assumed."""
    if unit == DAILY:
        if days_per_month:
            return wage * days_per_month, False
        days = DAYS_PER_MONTH_BY_WEEK.get(days_per_week or 0)
        if days is None:
            return wage * DAYS_PER_MONTH_BY_WEEK[DEFAULT_DAYS_PER_WEEK], True
        return wage * days, False
    if unit == HOURLY:
        return wage * HOURS_PER_MONTH, False
    return wage, False


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (both ≥ 0) rounded to the nearest integer, halves up."""
    return (2 * numerator + denominator) // (2 * denominator)


def compensation(
    *,
    start: datetime.date,
    end: datetime.date,
    wage: int,
    wage_unit: str = MONTHLY,
    days_per_week: int | None = None,
    days_per_month: int | None = None,
    nationality: str = "",
    passport_number: str = "",
    kind: str = "",
    terminated_on: datetime.date | None = None,
    continuous_since: datetime.date | None = None,
) -> Compensation:
    """The uang kompensasi of one PKWT term (see the module's docstring for the law and the decisions).

    ``terminated_on``: the last day worked when the PKWT ended early (Pasal 17); a date after ``end`` is
    ignored. ``continuous_since``: the start of the worker's continuous service when this term directly
    continues an earlier one, for the 1-month threshold of Pasal 15(3) only (the amount covers this term)."""
    last_day = min(end, terminated_on) if terminated_on else end
    base, assumed = monthly_wage(wage, wage_unit, days_per_week=days_per_week, days_per_month=days_per_month)
    whole, rest, period = _service(start, last_day)
    served = whole * period + rest  # the months of service × period, an integer
    months = Decimal(_half_up(100 * served, period)).scaleb(-2)
    estimated = assumed or (kind == SPECIFIC_JOB and terminated_on is None)
    if is_foreign(nationality, passport_number):
        return Compensation(0, months, base, last_day, FOREIGN, estimated)
    if continuous_since is not None and continuous_since < start:
        under_a_month = _service(continuous_since, last_day)[0] < 1
    else:
        under_a_month = whole < 1
    if under_a_month:
        return Compensation(0, months, base, last_day, UNDER_ONE_MONTH, estimated)
    # Pasal 16(1): masa kerja / 12 × 1 (satu) bulan Upah, rounded once to whole Rupiah.
    return Compensation(_half_up(served * base, 12 * period), months, base, last_day, "", estimated)
