"""Every image-captcha challenge is a CaptchaStore row: anonymous clients may create only so many per hour."""

from __future__ import annotations

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def image_captcha(settings):
    settings.CAPTCHA_BACKEND = "image"
    settings.CAPTCHA_RATE_LIMIT_PER_IP_HOUR = 5


def test_captcha_refreshes_stop_at_the_per_ip_limit(client, image_captcha):
    url = reverse("captcha-refresh")
    assert url == "/captcha/refresh/"
    responses = [client.get(url, headers={"x-requested-with": "XMLHttpRequest"}) for _ in range(12)]
    assert [r.status_code for r in responses] == [200] * 5 + [429] * 7
    assert CaptchaStore.objects.count() == 5
    assert {r.json()["key"] for r in responses[:5]} == set(
        CaptchaStore.objects.values_list("hashkey", flat=True)
    )
    refused = responses[-1]
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "Coba lagi dalam" in refused.json()["detail"]
    # Another client is not affected; the refusals are audited once, without personal data.
    assert (
        Client(REMOTE_ADDR="10.5.5.5").get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code
        == 200
    )
    assert list(AuditLog.objects.filter(action=AuditAction.RATE_LIMITED).values_list("data", flat=True)) == [
        {"scope": "captcha"}
    ]


def test_the_refresh_still_answers_scripts_only(client, image_captcha):
    assert client.get(reverse("captcha-refresh")).status_code == 404
    assert not CaptchaStore.objects.exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:password_reset",
        "accounts:track",
        "accounts:login",
        "accounts:account_request_create",
        "placement:bkk_apply",
        "placement:bkk_track",
    ],
)
def test_pages_with_a_captcha_stop_storing_challenges_at_the_per_ip_limit(client, image_captcha, url_name):
    pages = [client.get(reverse(url_name)) for _ in range(8)]
    assert CaptchaStore.objects.count() == 5
    assert all(page.status_code == 200 for page in pages)
    first, last = pages[0].content.decode(), pages[-1].content.decode()
    assert "/captcha/image/" in first
    assert "/captcha/image/" not in last
    assert "Terlalu banyak kode keamanan diminta" in last and "Coba lagi dalam" in last
