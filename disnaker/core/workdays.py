"""Working days: the configured working week minus Indonesian national holidays and cuti bersama
(``holidays``' ``public`` and ``government`` categories), corrected by :class:`CalendarOverride` rows."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=256)  # every year an import may name (dates are checked to lie in 1900–2100)
def _package_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("ID", categories=("public", "government"), years=year))


class WorkCalendar:
    """A calendar for a date range, loaded once (one query for the overrides) and then pure."""

    def __init__(self, *, weekdays: frozenset[int] | None = None):
        from .models import CalendarOverride

        self.weekdays = weekdays if weekdays is not None else frozenset(settings.WORKING_WEEKDAYS)
        self._extra_off: set[datetime.date] = set()
        self._extra_on: set[datetime.date] = set()
        for date, is_holiday in CalendarOverride.objects.values_list("date", "is_holiday"):
            (self._extra_off if is_holiday else self._extra_on).add(date)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self._extra_on:
            return True
        if day in self._extra_off or day.weekday() not in self.weekdays:
            return False
        return day not in _package_holidays(day.year)

    def working_days_after(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in ``(start, end]``: 0 when ``end`` is not after ``start``."""
        if end <= start:
            return 0
        count = 0
        day = start + datetime.timedelta(days=1)
        one = datetime.timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += one
        return count
