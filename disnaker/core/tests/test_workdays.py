"""Working days: Monday–Friday (or the configured week) minus national holidays and cuti bersama, corrected
by CalendarOverride rows."""

import datetime

import pytest

from disnaker.core.models import CalendarOverride
from disnaker.core.workdays import WorkCalendar

D = datetime.date


@pytest.fixture
def calendar(db):
    return WorkCalendar()


def test_an_ordinary_week_has_five_working_days(calendar):
    # Sunday 1 March → Sunday 8 March 2026.
    assert calendar.working_days_after(D(2026, 3, 1), D(2026, 3, 8)) == 5
    assert calendar.working_days_after(D(2026, 3, 2), D(2026, 3, 3)) == 1  # (start, end]: start not counted
    assert not calendar.is_working_day(D(2026, 3, 7)) and not calendar.is_working_day(D(2026, 3, 8))


@pytest.mark.parametrize(("start", "end"), [(D(2026, 3, 5), D(2026, 3, 5)), (D(2026, 3, 6), D(2026, 3, 2))])
def test_no_working_days_when_the_end_is_not_after_the_start(calendar, start, end):
    assert calendar.working_days_after(start, end) == 0


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 3, 18),  # cuti bersama Nyepi
        D(2026, 3, 19),  # Nyepi
        D(2026, 3, 20),  # cuti bersama Idul Fitri
        D(2026, 3, 23),  # cuti bersama Idul Fitri
        D(2026, 3, 24),  # cuti bersama Idul Fitri
        D(2026, 12, 24),  # cuti bersama Natal
        D(2026, 12, 25),  # Natal
        D(2026, 1, 1),  # Tahun Baru
    ],
)
def test_holidays_and_cuti_bersama_are_not_working_days(calendar, day):
    assert day.weekday() < 5
    assert not calendar.is_working_day(day)


def test_the_idul_fitri_2026_block(calendar):
    # Friday 13 → Friday 27 March: 16, 17, 25, 26, 27 are the only working days (18–24 is one block).
    assert calendar.working_days_after(D(2026, 3, 13), D(2026, 3, 27)) == 5
    assert calendar.working_days_after(D(2026, 3, 17), D(2026, 3, 24)) == 0
    assert calendar.working_days_after(D(2026, 3, 17), D(2026, 3, 25)) == 1


def test_christmas_2026(calendar):
    # Wednesday 23 → Tuesday 29 December: 24 and 25 are off, 26–27 the weekend.
    assert calendar.working_days_after(D(2026, 12, 23), D(2026, 12, 29)) == 2


def test_a_range_across_the_new_year(calendar):
    # Wednesday 30 December 2026 → Monday 4 January 2027: 31 Dec and 4 Jan (1 Jan is Tahun Baru).
    assert calendar.working_days_after(D(2026, 12, 30), D(2027, 1, 4)) == 2


def test_an_extra_holiday_override(db):
    CalendarOverride.objects.create(date=D(2026, 3, 26), is_holiday=True, name="Libur daerah")
    assert WorkCalendar().working_days_after(D(2026, 3, 13), D(2026, 3, 27)) == 4
    assert not WorkCalendar().is_working_day(D(2026, 3, 26))


def test_a_working_day_override_on_a_listed_holiday_and_on_a_saturday(db):
    CalendarOverride.objects.create(date=D(2026, 3, 18), is_holiday=False, name="Kantor buka")
    CalendarOverride.objects.create(date=D(2026, 3, 21), is_holiday=False, name="Sabtu masuk")
    calendar = WorkCalendar()
    assert calendar.is_working_day(D(2026, 3, 18)) and calendar.is_working_day(D(2026, 3, 21))
    assert calendar.working_days_after(D(2026, 3, 13), D(2026, 3, 27)) == 7


def test_overrides_are_loaded_when_the_calendar_is_made(db):
    calendar = WorkCalendar()
    CalendarOverride.objects.create(date=D(2026, 3, 26), is_holiday=True, name="Libur daerah")
    assert calendar.is_working_day(D(2026, 3, 26))
    assert not WorkCalendar().is_working_day(D(2026, 3, 26))


def test_a_six_day_week_from_the_setting(db, settings):
    settings.WORKING_WEEKDAYS = (0, 1, 2, 3, 4, 5)
    calendar = WorkCalendar()
    assert calendar.working_days_after(D(2026, 3, 1), D(2026, 3, 8)) == 6
    # Saturday 14 March works; Saturday 21 March is Idul Fitri and stays off.
    assert calendar.working_days_after(D(2026, 3, 13), D(2026, 3, 27)) == 6
    assert calendar.is_working_day(D(2026, 3, 14)) and not calendar.is_working_day(D(2026, 3, 21))
    assert not calendar.is_working_day(D(2026, 3, 15))


def test_the_week_can_be_given_explicitly(db):
    calendar = WorkCalendar(weekdays=frozenset({0, 2, 4}))  # Monday, Wednesday, Friday
    assert calendar.working_days_after(D(2026, 3, 1), D(2026, 3, 8)) == 3
