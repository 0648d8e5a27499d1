"""The banner for the office's admin and verifiers while next year's UMK is missing (issue 12, rule 3):
from 1 November onward, with fixed dates; seeded UMK for Kabupaten Bekasi: 2023–2026."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from disnaker.pkwt.models import MinimumWage
from disnaker.pkwt.selectors import umk_missing_notice

D = datetime.date
TEXT = "UMK 2027 untuk Kabupaten Bekasi belum ada di tabel; upah kontrak 2027 belum dapat diperiksa."


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (D(2026, 10, 31), None),  # before November: nothing yet
        (D(2026, 11, 1), 2027),  # from 1 November
        (D(2026, 12, 31), 2027),
        (D(2026, 6, 1), None),
        (D(2027, 2, 1), 2027),  # the year has begun and its UMK is still missing
    ],
)
def test_the_verifier_sees_it_from_november_while_next_years_umk_is_missing(vera, today, year):
    notice = umk_missing_notice(user=vera, today=today)
    if year is None:
        assert notice is None
    else:
        assert notice == {"year": year, "region": "Kabupaten Bekasi", "admin_url": ""}


def test_it_goes_once_the_umk_is_in_the_table(vera, office):
    MinimumWage.objects.create(region=office.region, year=2027, amount=6_300_000)
    assert umk_missing_notice(user=vera, today=D(2026, 11, 15)) is None


def test_only_the_admin_and_verifiers_see_it(alice, hana, adam, oscar):
    day = D(2026, 11, 2)
    assert umk_missing_notice(user=alice, today=day) is None  # a company
    assert umk_missing_notice(user=hana, today=day) is None  # the head signs; he does not check wages
    # The admin (no office of his own: the deployment's) gets the link to add it.
    assert umk_missing_notice(user=adam, today=day) == {
        "year": 2027,
        "region": "Kabupaten Bekasi",
        "admin_url": reverse("admin:pkwt_minimumwage_add"),
    }
    # Another kab/kota: its own region (Kota Bekasi has no UMK in the seed at all).
    assert umk_missing_notice(user=oscar, today=day)["region"] == "Kota Bekasi"


def test_the_banner_on_the_pages(client, vera, adam, alice, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: D(2026, 11, 3))
    client.force_login(vera)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert TEXT in page and "Minta admin kantor menambahkannya." in page
    client.force_login(adam)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert TEXT in page and f'href="{reverse("admin:pkwt_minimumwage_add")}"' in page
    client.force_login(alice)
    assert "belum ada di tabel" not in client.get(reverse("accounts:dashboard")).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: D(2026, 10, 30))
    client.force_login(vera)
    assert "belum ada di tabel" not in client.get(reverse("accounts:dashboard")).content.decode()
