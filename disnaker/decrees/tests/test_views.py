"""The public verification page and the read-only admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disnaker.core.nik import nik_mask
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.decrees.services import decree_revoke
from disnaker.decrees.tests.helpers import WAGE
from disnaker.pkwt.documents import pkwt_decree_for
from disnaker.pkwt.models import PkwtContract


@pytest.fixture
def decree(registration, hana):
    return pkwt_decree_for(registration, hana)


def _url(decree):
    return reverse("decrees:verify", args=[decree.token])


def test_verification_page_shows_the_public_facts(client, decree, registration):
    response = client.get(_url(decree))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (decree.number, registration.company.name, "Dinas Ketenagakerjaan Kabupaten Bekasi", "Hana Kepala",
                 "Kepala Dinas Ketenagakerjaan Kabupaten Bekasi", decree.sha256, "Sah", "3 orang"):  # fmt: skip
        assert text in body, text
    assert "Dicabut" not in body
    assert 'for="id_file"' in body
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_verification_page_never_shows_worker_data(client, decree, registration):
    body = client.get(_url(decree)).content.decode()
    for contract in PkwtContract.objects.filter(registration=registration):
        assert contract.nik not in body
        assert nik_mask(contract.nik) not in body
        assert contract.name not in body
        assert contract.bpjs_employment not in body if contract.bpjs_employment else True
    for wage_text in (str(WAGE), f"{WAGE:,}".replace(",", "."), f"{WAGE:,}"):
        assert wage_text not in body


def test_revoked_decree_shows_dicabut_with_the_date(client, decree, hana):
    decree_revoke(decree=decree, actor=hana, reason="Data keliru")
    body = client.get(_url(decree)).content.decode()
    assert "Dicabut" in body
    assert "SK ini telah dicabut pada" in body
    revoked = Decree.objects.get(pk=decree.pk)
    from django.utils import dateformat, timezone

    assert dateformat.format(timezone.localdate(revoked.revoked_at), "j F Y") in body
    assert "Data keliru" not in body  # the reason is internal


def test_upload_identical_and_different(client, decree):
    original = decree.pdf.read()
    same = client.post(
        _url(decree), {"file": SimpleUploadedFile("sk.pdf", original, content_type="application/pdf")}
    )
    assert same.status_code == 200
    assert "Identik." in same.content.decode()

    tampered = original.replace(b"/Producer", b"/Producex", 1)
    other = client.post(
        _url(decree), {"file": SimpleUploadedFile("sk.pdf", tampered, content_type="application/pdf")}
    )
    body = other.content.decode()
    assert "Berbeda." in body and "Identik." not in body


def test_upload_over_the_limit_is_refused(client, decree, settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 1024
    big = b"%PDF-1.7\n" + b"0" * (decree.pdf_size + 10)
    response = client.post(
        _url(decree), {"file": SimpleUploadedFile("sk.pdf", big, content_type="application/pdf")}
    )
    body = response.content.decode()
    assert "terlalu besar" in body
    assert "Identik." not in body and "Berbeda." not in body


def test_upload_without_a_file_shows_the_error(client, decree):
    body = client.post(_url(decree), {}).content.decode()
    assert "is-invalid" in body


def test_unknown_or_malformed_token_is_404(client, decree):
    assert client.get(reverse("decrees:verify", args=["x" * 43])).status_code == 404
    assert client.get(reverse("decrees:verify", args=["x" * 200])).status_code == 404
    assert client.get("/verifikasi/").status_code == 404


def test_rate_limit_per_client_ip(client, decree, settings):
    settings.DECREE_VERIFY_RATE_LIMIT = 3
    url = _url(decree)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    blocked = client.get(url)
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.content.decode()
    assert blocked["Retry-After"] == "60"
    # Unknown tokens count too, so guessing is throttled as well.
    assert client.get(reverse("decrees:verify", args=["tebakan"])).status_code == 429
    # Another address is not affected.
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_admin_is_read_only(client, adam, decree):
    client.force_login(adam)
    change = client.get(reverse("admin:decrees_decree_change", args=[decree.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.post(reverse("admin:decrees_decree_delete", args=[decree.pk])).status_code == 403
    assert client.get(reverse("admin:decrees_decree_add")).status_code == 403
    assert client.get(reverse("admin:decrees_decree_changelist")).status_code == 200
    assert client.get(reverse("admin:decrees_decreecounter_changelist")).status_code == 200


def test_admin_edits_settings_with_nip_and_pattern_checks(client, adam, decree, office):
    from disnaker.core.tests.files import make_image
    from disnaker.decrees.models import DecreeSettings

    client.force_login(adam)
    decree_settings = DecreeSettings.objects.get(office=office)
    url = reverse("admin:decrees_decreesettings_change", args=[decree_settings.pk])
    form = {
        "office": office.pk,
        "letterhead_government": "Pemerintah Kabupaten Bekasi",
        "letterhead_office": "Dinas Ketenagakerjaan",
        "letterhead_address": "Cikarang Pusat",
        "letterhead_contact": "",
        "place": "Cikarang",
        "signer_position": "Kepala Dinas",
        "signer_name": "",
        "signer_rank": "",
        "signer_nip": "12345",
        "copies_to": "",
        "signer_backend": "pkcs12",
        "bsre_nik": "",
        "pkcs12_path": "",
        "pkcs12_password_env": "",
    }
    # The number patterns: an inline row per registered kind, only the pattern editable.
    patterns = list(decree_settings.number_patterns.all())
    assert {row.kind for row in patterns} == set(DecreeKind.values)
    page = client.get(url).content.decode()
    assert all(f'name="number_patterns-{i}-pattern"' in page for i in range(len(patterns)))
    form.update({"number_patterns-TOTAL_FORMS": len(patterns), "number_patterns-INITIAL_FORMS": len(patterns),
                 "number_patterns-MIN_NUM_FORMS": 0, "number_patterns-MAX_NUM_FORMS": 1000})  # fmt: skip
    pkwt = next(i for i, row in enumerate(patterns) if row.kind == DecreeKind.PKWT_REGISTRATION)
    for i, row in enumerate(patterns):
        form.update({f"number_patterns-{i}-id": row.pk, f"number_patterns-{i}-settings": decree_settings.pk,
                     f"number_patterns-{i}-pattern": row.pattern})  # fmt: skip
    form[f"number_patterns-{pkwt}-pattern"] = "500.15/{seq}/PKWT/{bulan}"
    refused = client.post(url, form)
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "NIP harus 18 digit" in body and "tidak dikenal" in body

    form.update(signer_nip="197001011995031001")
    form[f"number_patterns-{pkwt}-pattern"] = "565/{seq}/PKWT/{roman_month}/{year}"
    saved = client.post(url, {**form, "logo": SimpleUploadedFile("logo.png", make_image("PNG"), "image/png")})
    assert saved.status_code == 302
    decree_settings.refresh_from_db()
    assert decree_settings.signer_nip == "197001011995031001"
    assert (
        decree_settings.number_pattern(DecreeKind.PKWT_REGISTRATION) == "565/{seq}/PKWT/{roman_month}/{year}"
    )
    assert decree_settings.logo.name.startswith("decree-logo/") and decree_settings.logo.name.endswith(".png")
