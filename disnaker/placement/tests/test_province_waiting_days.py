"""Issue 13 §4: the province's queue counts the PAK verification wait in working days, as the dashboard does."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from disnaker.placement.models import PakProfile

pytestmark = pytest.mark.django_db


def test_province_queue_waiting_time_is_in_working_days(client, putri, prita):
    profile = putri.pak_profile
    today = timezone.localdate()
    # Ten calendar days back: the working days are what WorkCalendar counts in (submitted, today].
    submitted = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=10), datetime.time(9))
    )
    PakProfile.objects.filter(pk=profile.pk).update(submitted_at=submitted)
    weekdays = sum(1 for n in range(1, 11) if (today - datetime.timedelta(days=10 - n)).weekday() < 5)
    client.force_login(prita)
    response = client.get(reverse("placement:province_queue"))
    row = next(p for p in response.context["page"].object_list if p.pk == profile.pk)
    assert row.waiting_days == weekdays < 10
    assert f"{weekdays} hari kerja" in response.content.decode()
