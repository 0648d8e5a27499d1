"""The arithmetic of the PKWT law, as pure functions (no Django, no database): the chains of a worker's
contracts and the 5-year total, and the minimum-wage floor per wage unit and calendar year.

``rules.py`` turns these into findings. Each function names the rule it encodes and its source; the
confidence marks follow ``../shared/DOMAIN.md`` (H = regulation text, M = one good secondary source,
L = a policy choice of ours where the law is silent, hence a setting).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Protocol, TypeVar

# --- PKWT kinds (the values of constants.PkwtKind; plain strings so this module imports nothing) ---------
TIME_BASED = "jangka_waktu"
SPECIFIC_JOB = "pekerjaan_tertentu"
CASUAL = "harian_lepas"

#: A gap longer than this many calendar days between two contracts of one worker at one company starts a
#: new chain: the earlier contracts no longer count towards the 5-year total (setting PKWT_CHAIN_BREAK_DAYS).
#:
#: The regulation does not say when a break ends "the same" PKWT relationship (confidence L: a policy
#: choice, hence a setting). Why 365 days:
#:
#: - The old UU 13/2003 Pasal 59(6) (repealed by UU 11/2020, now UU 6/2023) allowed a *pembaruan* only after
#:   a 30-day grace period, and that renewed PKWT still counted within the old cap (Kepmenakertrans
#:   100/2004 Pasal 3(6)). So a gap of more than 30 days was the normal gap *within* one chain, never a
#:   break: 30 days would let an employer reset the 5-year cap with a one-month lay-off.
#: - Seasonal work (Pasal 5(1)(b) PP 35/2021) recurs every year; a worker re-hired each season has gaps
#:   shorter than a year and stays in one chain, so the total protects them.
#: - A re-hire more than a year after the last contract ended (the issue's "re-hired years after a one-year
#:   PKWT") is a new engagement on any reading, and is no longer blocked.
DEFAULT_CHAIN_BREAK_DAYS = 365

#: PP 36/2021 Pasal 16(3)-(4): the hourly wage may not be below the monthly wage / 126 (H).
HOURLY_DIVISOR = 126
#: PP 36/2021 Pasal 17: the daily wage is the monthly wage / 25 for a 6-day week, / 21 for a 5-day week (H).
DAILY_DIVISORS = {6: 25, 5: 21}
#: When a daily wage's ``hari_kerja_per_minggu`` is blank we assume a 5-day week, the higher floor (UMK/21):
#: the check stays protective, it is a warning only, and the message says the week was assumed. It is also
#: the working week the portal itself assumes (setting WORKING_WEEKDAYS, Monday–Friday).
DEFAULT_DAYS_PER_WEEK = 5

MONTHLY = "bulanan"
DAILY = "harian"
HOURLY = "jam"


class Term(Protocol):
    @property
    def start(self) -> datetime.date: ...

    @property
    def end(self) -> datetime.date: ...


T = TypeVar("T", bound=Term)


def gap_days(previous_end: datetime.date, next_start: datetime.date) -> int:
    """Calendar days with no contract between a contract ending on ``previous_end`` and the next starting
    on ``next_start``: 0 when back-to-back (31/12 then 01/01), negative when they overlap."""
    return (next_start - previous_end).days - 1


def split_chains(terms: Sequence[T], break_days: int) -> list[list[T]]:
    """A worker's contracts at one company, sorted by start, split into chains: a gap of more than
    ``break_days`` (see :data:`DEFAULT_CHAIN_BREAK_DAYS`) after everything before it starts a new chain.

    PP 35/2021 Pasal 8(2) caps "jangka waktu keseluruhan PKWT beserta perpanjangannya"; a chain is what
    that "keseluruhan" adds up."""
    chains: list[list[T]] = []
    latest_end: datetime.date | None = None
    for term in sorted(terms, key=lambda t: (t.start, t.end)):
        if latest_end is None or gap_days(latest_end, term.start) > break_days:
            chains.append([term])
            latest_end = term.end
        else:
            chains[-1].append(term)
            latest_end = max(latest_end, term.end)
    return chains


def cumulative_days(chain: Sequence[Term]) -> list[int]:
    """For each term of a chain (sorted by start), the days under contract from the chain's first start up
    to that term's end: the *sum of the terms* (gaps do not count; days two contracts overlap count once).

    PP 35/2021 Pasal 8(2) ("jangka waktu keseluruhan PKWT beserta perpanjangannya paling lama 5 tahun") and
    Putusan MK 168/PUU-XXI/2023 on UU 13/2003 Pasal 56(3) ("tidak melebihi paling lama 5 (lima) tahun,
    termasuk jika terdapat perpanjangan") limit the total of the terms, not the span from the first start."""
    totals: list[int] = []
    total = 0
    covered_until: datetime.date | None = None  # the last day already counted
    for term in chain:
        start = (
            term.start if covered_until is None else max(term.start, covered_until + datetime.timedelta(1))
        )
        if term.end >= start:
            total += (term.end - start).days + 1
            covered_until = term.end
        totals.append(total)
    return totals


def calendar_years(start: datetime.date, end: datetime.date) -> range:
    """Every calendar year a contract covers. Each year has its own UMK (the governor's decree sets it for
    one calendar year, e.g. Kepgub Jabar 561/Kep.862-Kesra/2025 for Kabupaten Bekasi 2026), so a contract
    crossing 1 January is checked against both years."""
    return range(start.year, max(start.year, end.year) + 1)


def wage_divisor(unit: str, days_per_week: int | None) -> tuple[int, bool]:
    """The divisor that turns the monthly UMK into the floor for a wage paid per ``unit``, and whether the
    working week was assumed (``days_per_week`` blank for a daily wage, see :data:`DEFAULT_DAYS_PER_WEEK`).

    PP 36/2021 Pasal 16 (per hour: monthly / 126) and Pasal 17 (per day: / 25 for a 6-day week, / 21 for a
    5-day week); a monthly wage is compared with the UMK itself (UU 13/2003 Pasal 88E(2) as amended by
    UU 6/2023: "Pengusaha dilarang membayar upah lebih rendah dari upah minimum")."""
    if unit == DAILY:
        divisor = DAILY_DIVISORS.get(days_per_week or 0)
        if divisor is None:
            return DAILY_DIVISORS[DEFAULT_DAYS_PER_WEEK], True
        return divisor, False
    if unit == HOURLY:
        return HOURLY_DIVISOR, False
    return 1, False


def wage_floor(umk: int, divisor: int) -> int:
    """The smallest whole-Rupiah wage per unit that is not below ``umk / divisor`` (rounded up, so a wage
    equal to the floor shown is never reported as below it)."""
    return -(-umk // divisor)


def below_floor(wage: int, umk: int, divisor: int) -> bool:
    """Whether ``wage`` per unit is below ``umk / divisor``, compared exactly (``wage × divisor < umk``)."""
    return wage * divisor < umk
