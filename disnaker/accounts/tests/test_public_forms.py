"""The public account pages (Lupa Kata Sandi, Lacak Permohonan, the account request): limits per client IP
and per recipient, links from SITE_URL only, and no anonymous free text in e-mails to unverified addresses."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from disnaker.accounts.models import AccountRequest
from disnaker.accounts.tests.helpers import request_files, request_post_data
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.notifications.models import OutboxMessage

RESET = reverse("accounts:password_reset")
TRACK = reverse("accounts:track")
REQUEST = reverse("accounts:account_request_create")
HOSTILE = "PENTING: verifikasi ulang akun Anda di https://evil.example"


def without_csrf(content: bytes) -> str:
    return re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', r"\1", content.decode())


def assert_limited(response, *, field_value: str = "") -> None:
    """429, a Retry-After within the hour, the form again with the message saying when to retry."""
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Coba lagi dalam" in html and "WIB" in html
    assert "<form" in html
    if field_value:
        assert f'value="{field_value}"' in html


def rate_limited_entries() -> list[dict]:
    return list(AuditLog.objects.filter(action=AuditAction.RATE_LIMITED).values_list("data", flat=True))


# --- Lupa Kata Sandi ---------------------------------------------------------------------------------------


def test_reset_links_to_one_address_stop_at_the_recipient_limit(
    client, alice, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 3
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(RESET, {"email": alice.email}) for _ in range(20)]
    assert OutboxMessage.objects.filter(to=alice.email, kind="password_reset").count() == 3
    # Every answer is the same redirect to "terkirim": the limit does not show.
    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("accounts:password_reset_done"))}
    assert rate_limited_entries() == [{"scope": "password-reset-recipient"}]


def test_at_the_recipient_limit_a_known_and_an_unknown_address_get_the_same_answer(
    alice, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 1
    with django_capture_on_commit_callbacks(execute=True):
        for email in (alice.email, "tidakada@mana.com"):
            Client(REMOTE_ADDR="10.0.0.1").post(RESET, {"email": email})
        known = Client(REMOTE_ADDR="10.0.0.2").post(RESET, {"email": alice.email}, follow=True)
        unknown = Client(REMOTE_ADDR="10.0.0.3").post(RESET, {"email": "tidakada@mana.com"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known.content) == without_csrf(unknown.content)
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 1


def test_reset_requests_from_one_ip_get_429_after_the_per_ip_limit(client, alice, settings):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 3
    for i in range(3):
        assert client.post(RESET, {"email": f"orang{i}@contoh.id"}).status_code == 302
    response = client.post(RESET, {"email": alice.email})
    assert_limited(response, field_value=alice.email)
    assert not OutboxMessage.objects.filter(to=alice.email).exists()
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.9.9.9").post(RESET, {"email": alice.email}).status_code == 302
    assert rate_limited_entries() == [{"scope": "password-reset"}]


def test_the_reset_link_comes_from_site_url_not_from_a_forged_host_header(
    alice, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://pecak.disnaker.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(HTTP_HOST="evil.example").post(RESET, {"email": alice.email})
    assert response.status_code == 302
    stored = OutboxMessage.objects.get(to=alice.email).body
    body = mail.outbox[-1].body  # the delivered e-mail: the outbox copy hides the link once it is sent
    assert "evil.example" not in body and "evil.example" not in stored
    assert re.search(r"^https://pecak\.disnaker\.go\.id/atur-ulang/[^/\s]+/[^/\s]+/$", body, re.MULTILINE)


def test_the_api_address_on_pengaturan_comes_from_site_url(alice, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://pecak.disnaker.go.id"
    client = Client(HTTP_HOST="evil.example")
    client.force_login(alice)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "https://pecak.disnaker.go.id/api/v1/pkwt/validate" in html
    assert "evil.example" not in html


# --- Lacak Permohonan --------------------------------------------------------------------------------------


def test_tracking_code_guesses_from_one_ip_stop_at_the_limit(client, account_request, settings):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 20
    answers = [
        client.post(TRACK, {"tracking_code": f"AK-AAAA-{i:04d}", "email": account_request.email}).status_code
        for i in range(30)
    ]
    assert answers == [200] * 20 + [429] * 10
    # Over the limit even the right code gets nothing.
    right = client.post(
        TRACK, {"tracking_code": account_request.tracking_code, "email": account_request.email}
    )
    assert_limited(right, field_value=account_request.tracking_code)
    assert account_request.company_name not in right.content.decode()
    assert rate_limited_entries() == [{"scope": "track"}]


# --- Ajukan Permohonan ---------------------------------------------------------------------------------------


def submit(client, office, **overrides):
    data = request_post_data(region=office.region_id, **overrides)
    return client.post(REQUEST, {**data, **request_files()})


def test_account_requests_from_one_ip_stop_at_the_limit_before_any_file_is_stored(
    client, office, settings, tmp_path
):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 2
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 100
    for i in range(2):
        assert submit(client, office, email=f"hrd{i}@contoh.co.id").status_code == 302
    stored = sorted((tmp_path / "private").rglob("*.*"))
    assert len(stored) == 8
    response = submit(client, office, email="hrd9@contoh.co.id", company_name="PT Ketiga")
    assert_limited(response, field_value="PT Ketiga")
    assert AccountRequest.objects.count() == 2
    assert sorted((tmp_path / "private").rglob("*.*")) == stored
    assert rate_limited_entries() == [{"scope": "account-request"}]


def test_account_requests_to_one_address_stop_at_the_recipient_limit(
    office, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        codes = [submit(Client(REMOTE_ADDR=f"10.1.0.{i}"), office).status_code for i in range(4)]
    assert codes == [302, 302, 429, 429]
    assert AccountRequest.objects.count() == 2
    assert OutboxMessage.objects.filter(kind="account_request_received").count() == 2
    entries = rate_limited_entries()
    assert entries and all(entry == {"scope": "account-request-recipient"} for entry in entries)


def test_the_confirmation_email_carries_no_text_the_applicant_typed(
    client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, office, company_name=HOSTILE, leader_name=HOSTILE, address=HOSTILE)
    assert response.status_code == 302
    account_request = AccountRequest.objects.get()
    mail = OutboxMessage.objects.get(kind="account_request_received")
    assert account_request.tracking_code in mail.body and account_request.tracking_code in mail.subject
    for text in (mail.subject, mail.body):
        assert "evil.example" not in text and "PENTING" not in text


@pytest.mark.parametrize("decision", ["reject", "approve"])
def test_decision_emails_to_the_unverified_address_carry_no_text_the_applicant_typed(
    decision, office, vera, django_capture_on_commit_callbacks
):
    from disnaker.accounts import services
    from disnaker.accounts.tests.factories import AccountRequestFactory

    account_request = AccountRequestFactory(office=office, company_name=HOSTILE, leader_name=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        if decision == "reject":
            services.account_request_reject(
                account_request=account_request, actor=vera, reason="Dokumen KTP tidak terbaca."
            )
        else:
            services.account_request_approve(account_request=account_request, actor=vera)
    mail = OutboxMessage.objects.get(to=account_request.email)
    assert account_request.tracking_code in mail.body
    for text in (mail.subject, mail.body):
        assert "evil.example" not in text and "PENTING" not in text
