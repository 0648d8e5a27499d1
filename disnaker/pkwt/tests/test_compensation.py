"""Uang kompensasi (PP 35/2021 Pasal 15–17), the pure function: worked examples with the Rupiah figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from disnaker.pkwt.compensation import (
    FOREIGN,
    UNDER_ONE_MONTH,
    add_months,
    compensation,
    is_foreign,
    monthly_wage,
    months_of_service,
)

D = datetime.date


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2026, 1, 5), 1, D(2026, 2, 5)),
        (D(2026, 1, 31), 1, D(2026, 3, 1)),  # February has no 31st: the 1st of March
        (D(2024, 1, 31), 1, D(2024, 3, 1)),
        (D(2024, 2, 29), 12, D(2025, 3, 1)),  # a year from 29/02/2024 ends on 28/02/2025
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 3, 1)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "start, last_day, expected",
    [
        (D(2026, 1, 1), D(2026, 12, 31), Fraction(12)),
        (D(2026, 1, 5), D(2026, 2, 4), Fraction(1)),  # 5 January → 4 February: one month
        (D(2026, 2, 1), D(2026, 2, 28), Fraction(1)),  # a whole February is one month
        (D(2026, 1, 31), D(2026, 2, 28), Fraction(1)),  # from the 31st: the month ends on February's last day
        (D(2024, 2, 29), D(2025, 2, 28), Fraction(12)),
        (D(2026, 1, 5), D(2026, 12, 31), 11 + Fraction(27, 31)),  # 5/12 → 31/12: 27 of the 31 days to 5/1
        (D(2026, 6, 1), D(2026, 6, 15), Fraction(15, 30)),  # half of June
        (D(2026, 3, 1), D(2026, 3, 30), Fraction(30, 31)),
        (D(2025, 1, 1), D(2026, 6, 30), Fraction(18)),
        (D(2026, 3, 10), D(2026, 3, 9), Fraction(0)),
    ],
)
def test_months_of_service(start, last_day, expected):
    assert months_of_service(start, last_day) == expected


def test_twelve_months_pay_one_month_wage():
    """Pasal 16(1) huruf a: 12 months continuous = 1 month's wage."""
    result = compensation(start=D(2026, 1, 1), end=D(2026, 12, 31), wage=6_000_000)
    assert (result.amount, result.months, result.monthly_wage) == (6_000_000, Decimal("12.00"), 6_000_000)
    assert result.due_date == D(2026, 12, 31) and result.is_due and not result.estimated


def test_fraction_of_a_month_and_rounding():
    """5/1/2026–31/12/2026 at Rp 6.000.000: 11 + 27/31 months; 368/31 / 12 × 6.000.000 = 5.935.483,87 → 5.935.484."""
    result = compensation(start=D(2026, 1, 5), end=D(2026, 12, 31), wage=6_000_000)
    assert (result.amount, result.months) == (5_935_484, Decimal("11.87"))


def test_under_twelve_months_is_proportional():
    """Pasal 16(1) huruf b: 3 months at the 2026 UMK of Kabupaten Bekasi: 3/12 × 5.938.885 = 1.484.721,25."""
    result = compensation(start=D(2026, 2, 1), end=D(2026, 4, 30), wage=5_938_885)
    assert result.amount == 1_484_721


def test_over_twelve_months_same_formula_half_up():
    """Pasal 16(1) huruf c: 18 months: 18/12 × 5.558.515 = 8.337.772,5 → rounded half up to 8.337.773."""
    result = compensation(start=D(2025, 1, 1), end=D(2026, 6, 30), wage=5_558_515)
    assert (result.amount, result.months) == (8_337_773, Decimal("18.00"))


def test_one_month_is_the_threshold():
    """Pasal 15(3): at least 1 month of continuous service. A whole February is due; 30 days of March are not."""
    assert compensation(start=D(2026, 2, 1), end=D(2026, 2, 28), wage=6_000_000).amount == 500_000
    short = compensation(start=D(2026, 3, 1), end=D(2026, 3, 30), wage=6_000_000)
    assert (short.amount, short.reason, short.is_due) == (0, UNDER_ONE_MONTH, False)
    assert "Pasal 15 ayat (3)" in short.reason_text


def test_short_extension_of_continuous_service_is_due():
    """A 15-day extension straight after a year's PKWT: the worker has more than a month of continuous
    service, so the extension earns 15/30 / 12 × 6.000.000 = 250.000."""
    alone = compensation(start=D(2026, 6, 1), end=D(2026, 6, 15), wage=6_000_000)
    assert alone.reason == UNDER_ONE_MONTH
    extension = compensation(
        start=D(2026, 6, 1), end=D(2026, 6, 15), wage=6_000_000, continuous_since=D(2025, 6, 1)
    )
    assert (extension.amount, extension.reason) == (250_000, "")


def test_early_termination_is_pro_rata():
    """Pasal 17: a PKWT 1/1–31/12/2026 ended on 15/6/2026: 5.5 months → 5,5/12 × 6.000.000 = 2.750.000."""
    result = compensation(
        start=D(2026, 1, 1), end=D(2026, 12, 31), wage=6_000_000, terminated_on=D(2026, 6, 15)
    )
    assert (result.amount, result.months, result.due_date) == (2_750_000, Decimal("5.50"), D(2026, 6, 15))
    after_end = compensation(
        start=D(2026, 1, 1), end=D(2026, 12, 31), wage=6_000_000, terminated_on=D(2027, 3, 1)
    )
    assert (after_end.amount, after_end.due_date) == (6_000_000, D(2026, 12, 31))
    within_a_month = compensation(
        start=D(2026, 1, 1), end=D(2026, 12, 31), wage=6_000_000, terminated_on=D(2026, 1, 20)
    )
    assert (within_a_month.amount, within_a_month.reason) == (0, UNDER_ONE_MONTH)


def test_foreign_workers_get_none():
    """Pasal 15(5): not for TKA, whatever the length."""
    result = compensation(start=D(2026, 1, 1), end=D(2026, 12, 31), wage=30_000_000, nationality="Jepang")
    assert (result.amount, result.reason, result.monthly_wage) == (0, FOREIGN, 30_000_000)
    assert "Pasal 15 ayat (5)" in result.reason_text
    assert (
        compensation(start=D(2026, 1, 1), end=D(2026, 12, 31), wage=6_000_000, nationality="Indonesia").amount
        == 6_000_000
    )
    names = ("", " indonesia ", "W.N.I.", "Warga Negara Indonesia", "Korea Selatan", "INDIA")
    assert [is_foreign(n) for n in names] == [False, False, False, False, True, True]
    assert is_foreign("", "TZ1234567")  # identified by passport
    by_passport = compensation(start=D(2026, 1, 1), end=D(2026, 12, 31), wage=9_000_000, passport_number="X1")
    assert (by_passport.amount, by_passport.reason) == (0, FOREIGN)


def test_specific_job_is_an_estimate_until_completion():
    result = compensation(start=D(2026, 1, 1), end=D(2026, 6, 30), wage=6_000_000, kind="pekerjaan_tertentu")
    assert (result.amount, result.estimated) == (3_000_000, True)
    finished = compensation(
        start=D(2026, 1, 1), end=D(2026, 6, 30), wage=6_000_000, kind="pekerjaan_tertentu",
        terminated_on=D(2026, 3, 31),
    )  # fmt: skip
    assert (finished.amount, finished.estimated) == (1_500_000, False)


@pytest.mark.parametrize(
    "wage, unit, week, days, expected",
    [
        (6_000_000, "bulanan", None, None, (6_000_000, False)),
        (250_000, "harian", 6, None, (6_250_000, False)),  # PP 36/2021 Pasal 17: × 25
        (280_000, "harian", 5, None, (5_880_000, False)),  # × 21
        (280_000, "harian", None, None, (5_880_000, True)),  # week blank: 5 days assumed
        (200_000, "harian", None, 15, (3_000_000, False)),  # harian lepas: × the declared days
        (40_000, "jam", None, None, (5_040_000, False)),  # PP 36/2021 Pasal 16: × 126
    ],
)
def test_monthly_wage(wage, unit, week, days, expected):
    assert monthly_wage(wage, unit, days_per_week=week, days_per_month=days) == expected


def test_daily_and_hourly_amounts():
    six_day = compensation(
        start=D(2026, 1, 1), end=D(2026, 12, 31), wage=250_000, wage_unit="harian", days_per_week=6
    )
    assert six_day.amount == 6_250_000
    casual = compensation(
        start=D(2026, 1, 1), end=D(2026, 3, 31), wage=200_000, wage_unit="harian", days_per_month=15
    )
    assert casual.amount == 750_000  # 3/12 × 3.000.000
    hourly = compensation(start=D(2026, 1, 1), end=D(2026, 6, 30), wage=40_000, wage_unit="jam")
    assert hourly.amount == 2_520_000  # 6/12 × 5.040.000
    assumed = compensation(start=D(2026, 1, 1), end=D(2026, 12, 31), wage=280_000, wage_unit="harian")
    assert (assumed.amount, assumed.estimated) == (5_880_000, True)
