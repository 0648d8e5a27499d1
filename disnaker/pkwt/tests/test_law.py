"""The pure arithmetic of the PKWT law (disnaker/pkwt/law.py): chains, the sum of the terms, the UMK's
calendar years and the wage-unit floors (PP 36/2021 Pasal 16-17)."""

from __future__ import annotations

import datetime
from typing import NamedTuple

import pytest
from django.conf import settings

from disnaker.pkwt import law

D = datetime.date
UMK_2026 = 5_938_885


class Term(NamedTuple):
    start: datetime.date
    end: datetime.date


def test_gap_days():
    assert law.gap_days(D(2025, 12, 31), D(2026, 1, 1)) == 0  # back-to-back
    assert law.gap_days(D(2025, 12, 31), D(2026, 1, 31)) == 30
    assert law.gap_days(D(2025, 12, 31), D(2025, 12, 1)) < 0  # overlapping


def test_a_gap_longer_than_the_break_starts_a_new_chain():
    a = Term(D(2020, 1, 1), D(2020, 12, 31))
    b = Term(D(2022, 1, 1), D(2022, 12, 31))  # 365 days after a
    c = Term(D(2024, 1, 2), D(2024, 12, 31))  # 366 days after b
    assert law.split_chains([c, a, b], 365) == [[a, b], [c]]
    assert law.split_chains([c, a, b], 364) == [[a], [b], [c]]
    assert law.split_chains([], 365) == []


def test_a_long_contract_keeps_the_chain_open_for_a_short_one_inside_it():
    long = Term(D(2020, 1, 1), D(2024, 12, 31))
    inside = Term(D(2020, 6, 1), D(2020, 6, 30))
    after = Term(D(2025, 3, 1), D(2025, 3, 31))  # 59 days after the long one, years after the short one
    assert law.split_chains([long, inside, after], 60) == [[long, inside, after]]


def test_the_sum_of_the_terms_leaves_out_the_gaps_and_counts_overlaps_once():
    chain = [
        Term(D(2021, 1, 1), D(2021, 12, 31)),  # 365
        Term(D(2022, 4, 1), D(2022, 4, 10)),  # 10, after a gap
        Term(D(2022, 4, 5), D(2022, 4, 20)),  # overlaps: 10 new days
        Term(D(2022, 4, 6), D(2022, 4, 7)),  # inside: nothing new
    ]
    assert law.cumulative_days(chain) == [365, 375, 385, 385]


def test_calendar_years():
    assert list(law.calendar_years(D(2026, 3, 1), D(2026, 12, 31))) == [2026]
    assert list(law.calendar_years(D(2026, 12, 1), D(2028, 1, 1))) == [2026, 2027, 2028]
    assert list(law.calendar_years(D(2026, 3, 1), D(2025, 1, 1))) == [2026]  # end before start: one year


@pytest.mark.parametrize(
    ("unit", "week", "expected"),
    [
        ("bulanan", None, (1, False)),
        ("", 6, (1, False)),
        ("harian", 6, (25, False)),  # PP 36/2021 Pasal 17 huruf a
        ("harian", 5, (21, False)),  # PP 36/2021 Pasal 17 huruf b
        ("harian", None, (21, True)),  # blank week: the 5-day week, the higher floor, said so
        ("harian", 7, (21, True)),
        ("jam", None, (126, False)),  # PP 36/2021 Pasal 16
    ],
)
def test_the_divisor_per_wage_unit(unit, week, expected):
    assert law.wage_divisor(unit, week) == expected


def test_the_floor_is_compared_exactly_and_shown_rounded_up():
    assert law.wage_floor(UMK_2026, 21) == 282_805  # 282,804.05
    assert law.below_floor(282_804, UMK_2026, 21) and not law.below_floor(282_805, UMK_2026, 21)
    assert law.wage_floor(UMK_2026, 126) == 47_135  # 47,134.01
    assert law.below_floor(47_134, UMK_2026, 126) and not law.below_floor(47_135, UMK_2026, 126)
    assert law.below_floor(UMK_2026 - 1, UMK_2026, 1) and not law.below_floor(UMK_2026, UMK_2026, 1)


def test_the_setting_defaults_to_the_documented_chain_break():
    assert settings.PKWT_CHAIN_BREAK_DAYS == law.DEFAULT_CHAIN_BREAK_DAYS == 365


def test_the_kind_and_unit_names_are_the_choices_values():
    from disnaker.pkwt.constants import PkwtKind, WageUnit

    assert (law.TIME_BASED, law.SPECIFIC_JOB, law.CASUAL) == (
        PkwtKind.JANGKA_WAKTU,
        PkwtKind.PEKERJAAN_TERTENTU,
        PkwtKind.HARIAN_LEPAS,
    )
    assert (law.MONTHLY, law.DAILY, law.HOURLY) == (WageUnit.MONTHLY, WageUnit.DAILY, WageUnit.HOURLY)
