"""API tokens under "Pengaturan": the secret is shown once and only its digest is kept; revoking works;
one company never sees or revokes another's tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts import selectors, services
from disnaker.accounts.models import ApiToken
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.pkwt.sample import sample_rows, sample_workbook

SETTINGS_URL = "/pengaturan/"


def _secret_from(response) -> str:
    return response.context["secret"]


def test_the_settings_url_and_the_navbar_link(client, alice):
    assert reverse("accounts:settings") == SETTINGS_URL
    client.force_login(alice)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{SETTINGS_URL}">Pengaturan</a>' in html


def test_the_page_shows_the_company_data_and_a_labelled_token_form(client, alice):
    client.force_login(alice)
    response = client.get(SETTINGS_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "PT Alice Makmur" in html
    assert "Token API" in html
    assert "Belum ada token API." in html
    assert '<label class="form-label" for="id_name">Nama token' in html
    assert 'id="id_name"' in html


def test_creating_a_token_shows_the_secret_once_and_stores_only_its_digest(client, alice):
    client.force_login(alice)
    response = client.post(SETTINGS_URL, {"name": "Sistem HR"})
    assert response.status_code == 200
    secret = _secret_from(response)
    html = response.content.decode()
    assert secret.startswith("dk_")
    assert html.count(secret) == 1
    assert 'id="token-baru"' in html and "readonly" in html
    assert "Token tidak akan ditampilkan lagi" in html
    assert response["Cache-Control"] == "no-store"

    token = ApiToken.objects.get()
    assert token.company == alice.company
    assert token.created_by == alice
    assert token.name == "Sistem HR"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"dk_{token.prefix}_")
    assert len(token.prefix) == 8
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    assert not any(secret in value for value in stored)

    entry = AuditLog.objects.get(action=AuditAction.API_TOKEN_CREATED)
    assert entry.actor == alice
    assert entry.object_id == str(token.pk)
    assert entry.office == alice.company.office
    assert secret not in str(entry.data)

    # The next visit lists the token by its prefix only.
    html = client.get(SETTINGS_URL).content.decode()
    assert secret not in html
    assert f"dk_{token.prefix}…" in html
    assert "Sistem HR" in html
    assert "Aktif" in html
    assert "Belum pernah" in html


def test_every_token_gets_its_own_secret(alice):
    _, first = services.api_token_create(company=alice.company, actor=alice, name="A")
    _, second = services.api_token_create(company=alice.company, actor=alice, name="B")
    assert first != second
    assert len(first) > 40


def test_a_token_needs_a_name(client, alice):
    client.force_login(alice)
    response = client.post(SETTINGS_URL, {"name": "   "})
    assert response.status_code == 400
    assert response.context["secret"] is None
    assert "id_name_error" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token(client, alice):
    token, secret = services.api_token_create(company=alice.company, actor=alice, name="Sistem HR")
    assert selectors.api_token_authenticate(secret) == alice
    client.force_login(alice)
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response.url == SETTINGS_URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert selectors.api_token_authenticate(secret) is None
    assert AuditLog.objects.filter(action=AuditAction.API_TOKEN_REVOKED, actor=alice).count() == 1

    html = client.get(SETTINGS_URL).content.decode()
    assert "Dicabut" in html
    assert "dicabut dan tidak dapat dipakai lagi" in html
    assert reverse("accounts:api_token_revoke", args=[token.pk]) not in html

    # Revoking again changes nothing and is not logged twice.
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert AuditLog.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1


def test_the_revoked_token_gets_401_from_the_api(client, alice):
    token, secret = services.api_token_create(company=alice.company, actor=alice, name="Sistem HR")
    services.api_token_revoke(token=token, actor=alice)
    upload = SimpleUploadedFile("pekerja.xlsx", sample_workbook(sample_rows(1)))
    response = client.post(
        reverse("api:pkwt_validate"), {"file": upload}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 401


def test_revoke_is_post_only(client, alice):
    token, _ = services.api_token_create(company=alice.company, actor=alice, name="Sistem HR")
    client.force_login(alice)
    assert client.get(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_company_neither_sees_nor_revokes_another_companys_token(client, alice, bob):
    bobs_token, bobs_secret = services.api_token_create(company=bob.company, actor=bob, name="Token Bob")
    client.force_login(alice)
    html = client.get(SETTINGS_URL).content.decode()
    assert "Token Bob" not in html
    assert bobs_token.prefix not in html

    response = client.post(reverse("accounts:api_token_revoke", args=[bobs_token.pk]))
    assert response.status_code == 404
    bobs_token.refresh_from_db()
    assert bobs_token.revoked_at is None
    assert selectors.api_token_authenticate(bobs_secret) == bob
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=alice).exists()


def test_the_services_refuse_someone_outside_the_company(alice, bob, vera):
    with pytest.raises(PermissionDenied):
        services.api_token_create(company=alice.company, actor=bob, name="X")
    with pytest.raises(PermissionDenied):
        services.api_token_create(company=alice.company, actor=vera, name="X")
    token, _ = services.api_token_create(company=alice.company, actor=alice, name="A")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, actor=bob)


def test_staff_cannot_create_tokens(client, vera):
    client.force_login(vera)
    assert client.post(SETTINGS_URL, {"name": "X"}).status_code == 404
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "secret", ["", "dk_", "bukan-token", "dk_00000000_tidak-ada", "Bearer dk_x", "dk_" + "a" * 500]
)
def test_unknown_secrets_authenticate_nobody(alice, secret):
    services.api_token_create(company=alice.company, actor=alice, name="A")
    assert selectors.api_token_authenticate(secret) is None


def test_last_used_is_written_at_most_once_a_minute(alice):
    token, secret = services.api_token_create(company=alice.company, actor=alice, name="A")
    assert selectors.api_token_authenticate(secret) == alice
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    selectors.api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at == recent

    old = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    selectors.api_token_authenticate(secret)
    token.refresh_from_db()
    assert token.last_used_at > old + timedelta(minutes=1)
