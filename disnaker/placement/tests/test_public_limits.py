"""The public BKK pages and the PAK invitation: limits per client IP and per recipient, and no text the
applicant typed in e-mails to the address they gave."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.tests import files
from disnaker.notifications.models import OutboxMessage
from disnaker.placement import services
from disnaker.placement.models import Bkk, PakProfile

from .helpers import bkk_data

pytestmark = pytest.mark.django_db

APPLY = reverse("placement:bkk_apply")
TRACK = reverse("placement:bkk_track")
HOSTILE = "PENTING: verifikasi ulang akun Anda di https://evil.example"


def _pdf(name):
    return SimpleUploadedFile(name, files.make_pdf(), "application/pdf")


def apply_post(office, **overrides) -> dict:
    data = {
        "name": "BKK SMK Negeri 3 Cikarang",
        "institution_name": "SMK Negeri 3 Cikarang",
        "institution_type": "smk",
        "institution_code": "20223456",
        "address": "Jl. Industri No. 5, Cikarang Barat",
        "region": office.region_id,
        "head_name": "Drs. Ahmad Fauzi",
        "contact_name": "Sari Operator",
        "email": "bkk@smkn3.sch.id",
        "phone": "0813-1111-2222",
        "operating_permit": _pdf("izin.pdf"),
        "founding_decree": _pdf("sk.pdf"),
        "placement_plan": _pdf("rencana.pdf"),
    }
    data.update(overrides)
    return data


def assert_limited(response, *, field_value: str = "") -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Coba lagi dalam" in html and "<form" in html
    if field_value:
        assert f'value="{field_value}"' in html


def rate_limited_scopes() -> list[str]:
    return [
        d["scope"]
        for d in AuditLog.objects.filter(action=AuditAction.RATE_LIMITED).values_list("data", flat=True)
    ]


def assert_no_hostile_text(mail) -> None:
    for text in (mail.subject, mail.body):
        assert "evil.example" not in text and "PENTING" not in text, text


# --- Daftarkan BKK ---------------------------------------------------------------------------------------------


def test_bkk_applications_from_one_ip_stop_at_the_limit_before_any_file_is_stored(
    client, office, settings, tmp_path
):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 2
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 100
    for i in range(2):
        response = client.post(
            APPLY, apply_post(office, email=f"bkk{i}@smk.sch.id", institution_code=f"2022345{i}")
        )
        assert response.status_code == 302
    stored = sorted((tmp_path / "private").rglob("*.*"))
    response = client.post(APPLY, apply_post(office, email="bkk9@smk.sch.id", name="BKK Ketiga"))
    assert_limited(response, field_value="BKK Ketiga")
    assert Bkk.objects.count() == 2
    assert sorted((tmp_path / "private").rglob("*.*")) == stored
    assert rate_limited_scopes() == ["bkk-apply"]


def test_bkk_applications_to_one_address_stop_at_the_recipient_limit(
    office, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            Client(REMOTE_ADDR=f"10.2.0.{i}")
            .post(APPLY, apply_post(office, institution_code=f"2022300{i}"))
            .status_code
            for i in range(3)
        ]
    assert codes == [302, 302, 429]
    assert OutboxMessage.objects.filter(to="bkk@smkn3.sch.id", kind="bkk_received").count() == 2
    assert rate_limited_scopes() == ["bkk-apply-recipient"]


def test_bkk_emails_before_registration_carry_no_text_the_applicant_typed(
    client, office, vera, hana, django_capture_on_commit_callbacks
):
    hostile = {"name": HOSTILE, "institution_name": HOSTILE, "head_name": HOSTILE, "contact_name": HOSTILE,
               "address": HOSTILE}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(APPLY, apply_post(office, **hostile)).status_code == 302
        bkk = Bkk.objects.get()
        services.bkk_request_revision(bkk=bkk, actor=vera, note="Lengkapi izin operasional.")
        bkk.refresh_from_db()
        assert services.bkk_resend_revision_link(bkk=bkk)
        rejected = services.bkk_apply(data=bkk_data(**hostile))
        services.bkk_reject(bkk=rejected, actor=vera, reason="Bukan lembaga pendidikan.")
        registered = services.bkk_apply(data=bkk_data(**hostile))
        services.bkk_verify(bkk=registered, actor=vera)
        services.bkk_register(bkk=registered, actor=hana)
    kinds = ["bkk_received", "bkk_needs_revision", "bkk_rejected", "bkk_registered"]
    mails = list(OutboxMessage.objects.filter(kind__in=kinds))
    assert sorted({m.kind for m in mails}) == sorted(kinds)
    assert len(mails) == 7  # three received, two revision links, one rejection, one registration
    for mail in mails:
        assert_no_hostile_text(mail)
    assert bkk.tracking_code in OutboxMessage.objects.get(kind="bkk_received", to=bkk.email).body


# --- Lacak Pendaftaran BKK ---------------------------------------------------------------------------------------


def test_bkk_tracking_guesses_from_one_ip_stop_at_the_limit(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 20
    answers = [
        client.post(TRACK, {"tracking_code": f"BKK-AAAA-{i:04d}", "email": "x@smk.sch.id"}).status_code
        for i in range(30)
    ]
    assert answers == [200] * 20 + [429] * 10
    assert_limited(client.post(TRACK, {"tracking_code": "BKK-ABCD-EFGH", "email": "x@smk.sch.id"}))
    assert rate_limited_scopes() == ["bkk-track"]


def test_revision_links_resent_to_one_address_stop_at_the_recipient_limit(
    office, vera, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 2
    bkk = services.bkk_apply(data=bkk_data())
    services.bkk_request_revision(bkk=bkk, actor=vera, note="Lengkapi izin operasional.")
    post = {"tracking_code": bkk.tracking_code, "email": bkk.email, "kirim_tautan": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(4):
            cache.delete(f"bkk-revision-link:{bkk.pk}")  # the 10-minute pause per application is another rule
            page = Client(REMOTE_ADDR=f"10.3.0.{i}").post(TRACK, post, follow=True)
            assert page.status_code == 200
    # The office's own revision e-mail, then two re-sent links: the other two re-sends were refused.
    sent = OutboxMessage.objects.filter(to=bkk.email, kind="bkk_needs_revision").count()
    assert sent == 1 + 2
    assert "Terlalu banyak e-mail dikirim ke alamat ini" in page.content.decode()
    assert "bkk-revision-link-recipient" in rate_limited_scopes()


# --- PAK invitation ------------------------------------------------------------------------------------------------


def _invitation_path(pak) -> str:
    mail = OutboxMessage.objects.filter(to=pak.email, kind="pak_invitation").latest("pk")
    link = next(word for word in mail.body.split() if "/pak/undangan/" in word)
    return link[link.index("/pak/undangan/") :]


def test_invitation_password_attempts_from_one_ip_stop_at_the_limit(client, pak, settings):
    settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = 3
    path = _invitation_path(pak)
    for _ in range(3):
        assert client.post(path, {"password1": "Rahasia-PAK-2026", "password2": "lain"}).status_code == 400
    response = client.post(path, {"password1": "Rahasia-PAK-2026", "password2": "Rahasia-PAK-2026"})
    assert_limited(response)
    assert PakProfile.objects.get(officer=pak).registered_at is None
    assert rate_limited_scopes() == ["pak-invitation"]


def test_re_sent_invitations_to_one_address_stop_at_the_recipient_limit(
    client, pak, bima, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = 2
    client.force_login(bima)
    url = reverse("placement:officer_resend_invitation", args=[pak.pk])
    with django_capture_on_commit_callbacks(execute=True):
        pages = [client.post(url, follow=True) for _ in range(5)]
    assert OutboxMessage.objects.filter(to=pak.email, kind="pak_invitation").count() == 1 + 2
    assert "Undangan ke alamat ini sudah terlalu sering dikirim" in pages[-1].content.decode()
    assert "pak-invitation-recipient" in rate_limited_scopes()
