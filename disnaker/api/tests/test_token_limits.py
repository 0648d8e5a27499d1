"""API tokens expire, act as their creator only, and every user's calls are limited per minute; the
interactive docs are for signed-in companies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts import selectors, services
from disnaker.accounts.constants import Role
from disnaker.accounts.models import ApiToken
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog

pytestmark = pytest.mark.django_db

URL = "/api/v1/pkwt/validate"


def call(secret: str, **extra):
    """A call without the file: authenticated first, then answered 422 (cheap, and it counts)."""
    return Client(headers={"Authorization": f"Bearer {secret}"}, **extra).post(URL)


def test_a_token_expires_after_the_configured_days_with_a_clear_401(alice, settings):
    settings.API_TOKEN_VALID_DAYS = 30
    token, secret = services.api_token_create(company=alice.company, actor=alice, name="HR")
    assert token.expires_at == token.created_at + timedelta(days=30)
    assert call(secret).status_code == 422
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = call(secret)
    assert response.status_code == 401
    expired_on = timezone.localtime(timezone.now() - timedelta(minutes=1)).strftime("%d/%m/%Y")
    assert response.json()["detail"] == (
        f"Token API sudah kedaluwarsa sejak {expired_on}. Buat token baru di menu Pengaturan."
    )
    assert selectors.api_token_authenticate(secret) is None


def test_pengaturan_shows_each_tokens_expiry_and_the_validity_period(client, alice, settings):
    settings.API_TOKEN_VALID_DAYS = 365
    client.force_login(alice)
    response = client.post(reverse("accounts:settings"), {"name": "Sistem HR"})
    token = ApiToken.objects.get()
    html = response.content.decode()
    expiry = timezone.localtime(token.expires_at).strftime("%d/%m/%Y")
    assert f"Berlaku sampai {expiry}" in html
    assert "Token berlaku 365 hari sejak dibuat" in html
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "Kedaluwarsa" in html
    assert "Cabut token Sistem HR" not in html  # nothing left to revoke


def test_a_token_acts_as_its_creator_only_and_dies_with_the_creators_account(alice):
    colleague = UserFactory(email="rekan@makmur.co.id", role=Role.COMPANY, company=alice.company)
    _, secret = services.api_token_create(company=alice.company, actor=alice, name="A")
    assert selectors.api_token_authenticate(secret) == alice
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    # No fallback to a colleague: the token is dead although the company still has an active user.
    assert colleague.is_active
    assert selectors.api_token_authenticate(secret) is None
    response = call(secret)
    assert response.status_code == 401
    assert "akun pembuatnya sudah nonaktif" in response.json()["detail"]


def test_a_token_dies_when_its_creator_leaves_the_company(alice, bob):
    UserFactory(email="rekan@makmur.co.id", role=Role.COMPANY, company=alice.company)  # no fallback to them
    _, secret = services.api_token_create(company=alice.company, actor=alice, name="A")
    alice.company = bob.company
    alice.save(update_fields=["company"])
    assert selectors.api_token_authenticate(secret) is None


def test_api_calls_are_limited_per_user_across_tokens_and_session(alice, bob, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _, first = services.api_token_create(company=alice.company, actor=alice, name="A")
    _, second = services.api_token_create(company=alice.company, actor=alice, name="B")
    assert [call(first).status_code for _ in range(3)] == [422, 422, 422]
    refused = call(first)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "3 per menit" in refused.json()["detail"]
    # More tokens or the browser session do not buy more calls for the same user …
    assert call(second).status_code == 429
    session = Client()
    session.force_login(alice)
    csrf = session.get(reverse("accounts:settings")).cookies["csrftoken"].value
    assert session.post(URL, headers={"X-CSRFToken": csrf}).status_code == 429
    # … while another company is not affected.
    _, bobs = services.api_token_create(company=bob.company, actor=bob, name="B")
    assert call(bobs).status_code == 422
    assert list(AuditLog.objects.filter(action=AuditAction.RATE_LIMITED).values_list("data", flat=True)) == [
        {"scope": "api"}
    ]


def test_the_interactive_docs_are_for_signed_in_companies_and_the_schema_stays_public(client, alice, vera):
    docs = reverse("api:openapi-view")
    assert docs == "/api/v1/docs"
    anonymous = client.get(docs)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    client.force_login(vera)
    assert client.get(docs).status_code == 404
    client.force_login(alice)
    assert client.get(docs).status_code == 200
    assert Client().get("/api/v1/openapi.json").status_code == 200
