"""The e-pengantarkerja channel (issue 13 §1): one PAK's status recorded with audit, the upload of the list
exported from e-pengantarkerja (valid, unknown NIK, conflicting rows, unknown status, not an Excel: nothing
applied on error), the dashboard's staleness, the PAK's own page, the invitation and the letter to the
province."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.nik import nik_mask
from disnaker.core.workflow import status_history
from disnaker.notifications.models import OutboxMessage
from disnaker.placement import services
from disnaker.placement.constants import ProfileStatus
from disnaker.placement.models import EpakStatusCheck, PakProfile
from disnaker.placement.tests.helpers import appointed_officers

pytestmark = pytest.mark.django_db

UPLOAD = reverse("placement:epak_upload")


@pytest.fixture(autouse=True)
def _epak(settings):
    settings.PAK_REGISTRATION_CHANNEL = "e-pengantarkerja"
    settings.E_PENGANTARKERJA_URL = "https://e-pengantarkerja.kemnaker.go.id"
    settings.EPAK_STATUS_STALE_DAYS = 30


@pytest.fixture
def paks(bima, vera, hana):
    from disnaker.decrees.tests.unsigned import unsigned_decrees

    with unsigned_decrees():
        return appointed_officers(bima, vera, hana, count=3)


def xlsx(rows, headers=("No", "Nama", "NIK", "Status Verifikasi")) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("daftar-pak-epak.xlsx", buffer.getvalue())


def _statuses(paks) -> list[str]:
    return [PakProfile.objects.get(officer=o).status for o in paks]


def _upload(client, user, file):
    client.force_login(user)
    return client.post(UPLOAD, {"file": file})


# --- One PAK at a time --------------------------------------------------------------------------------------


def test_one_change_is_recorded_with_who_when_and_audit(client, vera, pak):
    client.force_login(vera)
    page = client.get(reverse("placement:office_officer", args=[pak.pk]))
    assert b"Registrasi di e-pengantarkerja" in page.content
    assert b"data-confirm=" in page.content  # the form asks before recording
    response = client.post(
        reverse("placement:officer_epak_status", args=[pak.pk]),
        {"status": ProfileStatus.AWAITING_VERIFICATION, "note": "Sudah registrasi 02/12"},
    )
    assert response.status_code == 302
    profile = PakProfile.objects.get(officer=pak)
    assert profile.status == ProfileStatus.AWAITING_VERIFICATION
    assert profile.checked_by == vera and profile.checked_at is not None
    check = EpakStatusCheck.objects.get(profile=profile)
    assert (check.from_status, check.to_status, check.source) == (
        ProfileStatus.NOT_REGISTERED, ProfileStatus.AWAITING_VERIFICATION, "manual"
    )  # fmt: skip
    assert [h.to_status for h in status_history(profile)][-1] == ProfileStatus.AWAITING_VERIFICATION
    audit = AuditLog.objects.filter(action=AuditAction.UPDATED, object_id=str(profile.pk)).latest("pk")
    assert audit.data["epak_status"] == ProfileStatus.AWAITING_VERIFICATION and audit.actor == vera
    assert pak.nik not in str(audit.data)
    page = client.get(reverse("placement:office_officer", args=[pak.pk]))
    assert "Menunggu verifikasi" in page.content.decode() and "oleh" in page.content.decode()


def test_same_status_again_only_refreshes_the_check_date(vera, pak):
    profile = PakProfile.objects.get(officer=pak)
    services.epak_status_record(profile=profile, actor=vera, status=ProfileStatus.NOT_REGISTERED)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.NOT_REGISTERED and profile.checked_at is not None
    assert EpakStatusCheck.objects.filter(profile=profile).count() == 1
    assert status_history(profile)[-1].to_status == ProfileStatus.NOT_REGISTERED  # no new transition


def test_province_admin_may_record_and_another_office_may_not(client, prita, oscar, pak):
    client.force_login(oscar)
    response = client.post(reverse("placement:officer_epak_status", args=[pak.pk]), {"status": "verified"})
    assert response.status_code == 404
    assert PakProfile.objects.get(officer=pak).status == ProfileStatus.NOT_REGISTERED
    client.force_login(prita)
    response = client.post(reverse("placement:officer_epak_status", args=[pak.pk]), {"status": "verified"})
    assert response.status_code == 302
    assert PakProfile.objects.get(officer=pak).checked_by == prita


def test_a_missing_status_is_shown_next_to_the_field(client, vera, pak):
    client.force_login(vera)
    response = client.post(reverse("placement:officer_epak_status", args=[pak.pk]), {"status": ""})
    assert response.status_code == 400
    assert "Pilih status yang tampil di e-pengantarkerja." in response.content.decode()


# --- The uploaded list ----------------------------------------------------------------------------------------


def test_valid_upload_previews_then_applies_everything(client, vera, paks):
    a, b, c = paks
    file = xlsx([(1, a.name, a.nik, "Terverifikasi"), (2, b.name, int(b.nik), "menunggu VERIFIKASI"),
                 (3, c.name, c.nik, "Belum Registrasi")])  # fmt: skip
    response = _upload(client, vera, file)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.errors and preview.token
    assert [(r.name, r.to_status) for r in preview.changes] == [
        (a.name, ProfileStatus.VERIFIED), (b.name, ProfileStatus.AWAITING_VERIFICATION)
    ]  # fmt: skip
    assert [r.name for r in preview.unchanged] == [c.name]
    body = response.content.decode()
    assert nik_mask(a.nik) in body and a.nik not in body
    assert _statuses(paks) == [ProfileStatus.NOT_REGISTERED] * 3  # nothing before the confirmation
    response = client.post(UPLOAD, {"token": preview.token})
    assert response.status_code == 302
    assert _statuses(paks) == [ProfileStatus.VERIFIED, ProfileStatus.AWAITING_VERIFICATION,
                               ProfileStatus.NOT_REGISTERED]  # fmt: skip
    assert EpakStatusCheck.objects.filter(source="upload", checked_by=vera).count() == 3
    assert PakProfile.objects.filter(officer__in=paks, checked_at__isnull=True).count() == 0
    audit = AuditLog.objects.filter(data__event="epak_status.upload").get()
    assert (audit.data["rows"], audit.data["changed"], audit.actor) == (3, 2, vera)
    # The same token again: the statuses moved since, so nothing is applied twice.
    response = client.post(UPLOAD, {"token": preview.token}, follow=True)
    assert "berubah sejak pratinjau" in response.content.decode()
    assert EpakStatusCheck.objects.count() == 3


def test_unknown_nik_names_row_and_column_and_nothing_is_applied(client, vera, paks, office2):
    a = paks[0]
    stranger = "3216054204900999"
    file = xlsx([(1, a.name, a.nik, "Terverifikasi"), (2, "Orang Lain", stranger, "Terverifikasi")])
    response = _upload(client, vera, file)
    assert response.status_code == 400
    errors = response.context["preview"].errors
    assert errors == [
        f"Baris 3 kolom C: NIK {nik_mask(stranger)} tidak ada di antara PAK yang ditetapkan di wilayah Anda."
    ]
    assert not response.context["preview"].token
    assert _statuses(paks) == [ProfileStatus.NOT_REGISTERED] * 3
    assert not EpakStatusCheck.objects.exists()


def test_a_pak_of_another_office_is_an_unknown_nik(client, oscar, paks):
    file = xlsx([(1, paks[0].name, paks[0].nik, "Terverifikasi")])
    response = _upload(client, oscar, file)
    assert "tidak ada di antara PAK" in response.context["preview"].errors[0]


def test_conflicting_rows_for_one_nik_stop_the_upload(client, prita, paks):
    a, b, _c = paks
    file = xlsx(
        [(1, a.name, a.nik, "Terverifikasi"), (2, b.name, b.nik, "Ditolak"), (3, a.name, a.nik, "Ditolak")]
    )
    response = _upload(client, prita, file)
    errors = response.context["preview"].errors
    assert len(errors) == 1
    assert errors[0].startswith(
        f"Baris 4 kolom C: NIK {nik_mask(a.nik)} juga ada di baris 2 dengan status lain"
    )
    assert _statuses(paks) == [ProfileStatus.NOT_REGISTERED] * 3


def test_duplicate_rows_with_the_same_status_are_one_change(client, vera, paks):
    a = paks[0]
    response = _upload(client, vera, xlsx([(1, a.name, a.nik, "Ditolak"), (2, a.name, a.nik, "ditolak")]))
    assert not response.context["preview"].errors
    assert len(response.context["preview"].rows) == 1


def test_unknown_status_text_names_its_cell(client, vera, paks):
    a = paks[0]
    response = _upload(client, vera, xlsx([(1, a.name, a.nik, "Sedang diproses")]))
    (error,) = response.context["preview"].errors
    assert error.startswith("Baris 2 kolom D: status “Sedang diproses” tidak dikenal.")
    assert "Belum registrasi, Menunggu verifikasi, Terverifikasi, Ditolak" in error


def test_headers_are_matched_loosely_and_a_missing_column_is_named(client, vera, paks):
    a = paks[0]
    response = _upload(
        client, vera, xlsx([(a.nik, "Terverifikasi")], headers=("  nik ", "STATUS_REGISTRASI"))
    )
    assert not response.context["preview"].errors
    response = _upload(client, vera, xlsx([(a.nik,)], headers=("NIK",)))
    assert response.context["preview"].errors == [
        "Kolom Status tidak ditemukan di baris judul (baris 1). Judul kolom yang dikenali: NIK dan Status "
        "(huruf besar/kecil, spasi dan garis bawah tidak berpengaruh)."
    ]


def test_not_an_excel_is_refused_clearly(client, vera, paks):
    response = _upload(client, vera, SimpleUploadedFile("daftar.xlsx", b"NIK;Status\n1;Terverifikasi\n"))
    assert response.status_code == 400
    assert response.context["preview"].errors[0].startswith("Berkas bukan Excel (.xlsx) yang dapat dibaca.")


def test_a_forged_token_applies_nothing(client, vera, paks):
    client.force_login(vera)
    response = client.post(UPLOAD, {"token": "bukan-token"}, follow=True)
    assert "Pratinjau sudah kedaluwarsa atau tidak sah" in response.content.decode()
    assert not EpakStatusCheck.objects.exists()


def test_another_users_preview_cannot_be_applied(client, vera, hana, paks):
    a = paks[0]
    preview = services.epak_upload_preview(data=xlsx([(1, a.name, a.nik, "Ditolak")]).read(), file_name="x.xlsx",
                                           actor=vera)  # fmt: skip
    client.force_login(hana)
    response = client.post(UPLOAD, {"token": preview.token}, follow=True)
    assert "tidak berwenang" in response.content.decode()
    assert _statuses(paks)[0] == ProfileStatus.NOT_REGISTERED and not EpakStatusCheck.objects.exists()
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=hana).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("vera", 200),
        ("hana", 200),
        ("prita", 200),
        ("oscar", 200),
        ("bima", 404),
        ("mira", 404),
        ("alice", 404),
    ],
)
def test_who_opens_the_upload_page(client, request, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == expected


def test_upload_page_is_not_there_in_the_internal_channel(client, settings, vera):
    settings.PAK_REGISTRATION_CHANNEL = "internal"
    client.force_login(vera)
    assert client.get(UPLOAD).status_code == 404


# --- Dashboard, the PAK's page, the invitation, the letter --------------------------------------------------


def test_dashboard_shows_epak_statuses_and_staleness(client, prita, vera, paks, office):
    a, b, _c = paks
    services.epak_status_record(profile=a.profile, actor=vera, status=ProfileStatus.VERIFIED)
    services.epak_status_record(profile=b.profile, actor=vera, status=ProfileStatus.VERIFICATION_REJECTED)
    PakProfile.objects.filter(pk=b.profile.pk).update(checked_at=timezone.now() - datetime.timedelta(days=45))
    client.force_login(prita)
    response = client.get(reverse("placement:monitoring"))
    row = next(r for r in response.context["rows"] if r.office == office)
    assert (row.epak.fresh, row.epak.stale, row.epak.never) == (1, 1, 1)
    assert row.epak.oldest_days == 45
    assert row.registration[ProfileStatus.VERIFIED] == 1
    assert row.registration[ProfileStatus.VERIFICATION_REJECTED] == 1
    assert response.context["monthly"][-1][2] == 1  # verified this month, as the internal channel counts it
    body = response.content.decode()
    assert "Pemeriksaan status di e-pengantarkerja" in body and "Perlu diperiksa ulang (&gt; 30 hari)" in body
    assert "PAK per status e-pengantarkerja" in body and "Profil belum lengkap" not in body
    export = client.get(reverse("placement:monitoring") + "?ekspor=epak")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:4] == [
        "Kantor kab/kota",
        "Diperiksa ≤ 30 hari",
        "Diperiksa > 30 hari",
        "Belum pernah diperiksa",
    ]
    assert [office.name, 1, 1, 1, 45] in values


def test_invitation_and_pak_page_point_to_epak_and_keep_no_profile(client, pak):
    message = OutboxMessage.objects.filter(to=pak.email, kind="pak_invitation").get()
    assert "melalui aplikasi e-pengantarkerja:\nhttps://e-pengantarkerja.kemnaker.go.id" in message.body
    assert "lengkapi profil Anda melalui tautan" not in message.body
    user = pak.profile.user
    services.invitation_accept(user=user, password="Rahasia-PAK-2026")
    profile = PakProfile.objects.get(officer=pak)
    assert profile.status == ProfileStatus.NOT_REGISTERED  # activating the portal account is not registering
    client.force_login(user)
    page = client.get(reverse("placement:my_profile"))
    body = page.content.decode()
    assert "Buka e-pengantarkerja" in body and 'name="address"' not in body and 'name="photo"' not in body
    response = client.post(reverse("placement:my_profile"), {"address": "Jl. Bocor", "birth_place": "X"})
    assert response.status_code == 200  # the page again, nothing saved
    profile.refresh_from_db()
    assert profile.address == "" and profile.birth_place == ""


def test_letter_and_excel_to_the_province_list_epak_status(vera, hana, paks):
    a = paks[0]
    services.epak_status_record(profile=a.profile, actor=vera, status=ProfileStatus.VERIFIED)
    report = services.province_report_send(office=a.office, actor=hana, officer_ids=[o.pk for o in paks])
    sheet = openpyxl.load_workbook(report.excel.open("rb")).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][-2:] == ["Status e-pengantarkerja", "Terakhir diperiksa di e-pengantarkerja"]
    row = next(r for r in values if r[1] == a.name)
    assert row[2] == a.bkk.name and row[5] == "Terverifikasi"
    assert row[6] == timezone.localdate().strftime("%d/%m/%Y")
    assert {r[5] for r in values[1:]} == {"Terverifikasi", "Belum registrasi"}


@pytest.mark.signed_decrees
def test_letter_pdf_names_epak_and_lists_each_pak_with_bkk_and_status(vera, hana, paks):
    import os

    from pypdf import PdfReader

    from disnaker.decrees.constants import DecreeKind
    from disnaker.decrees.services import decree_valid_for

    a = paks[0]
    services.epak_status_record(profile=a.profile, actor=vera, status=ProfileStatus.VERIFIED)
    report = services.province_report_send(office=a.office, actor=hana, officer_ids=[o.pk for o in paks])
    decree = decree_valid_for(report, DecreeKind.PROVINCE_REPORT)
    with decree.pdf.open("rb") as handle:
        data = handle.read()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    text = " ".join(pages)
    assert "untuk diverifikasi registrasinya dalam aplikasi e-pengantarkerja" in pages[0]
    appendix = pages[-1]
    assert "DAFTAR PETUGAS ANTAR KERJA PADA BKK" in appendix
    assert "Status e-pengantarkerja" in appendix and "Diperiksa" in appendix
    assert f"{a.name} {a.bkk.name} Terverifikasi {timezone.localdate():%d/%m/%Y}" in text
    assert text.count("Belum registrasi") == 2
    if folder := os.environ.get(
        "EPAK_PDF_PNG_DIR"
    ):  # for looking at it: EPAK_PDF_PNG_DIR=… pytest -k letter_pdf
        import pypdfium2

        for i, page in enumerate(pypdfium2.PdfDocument(data)):
            page.render(scale=1.5).to_pil().save(f"{folder}/letter-page-{i + 1}.png")
