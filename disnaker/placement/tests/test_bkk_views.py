"""BKK pages: the public application, tracking and revision; the office's list, review and every decision
through the views; the operator's page; who may open which placement decree; and the authorization table."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.tests import files
from disnaker.core.workflow import status_history
from disnaker.decrees.constants import DecreeKind, DecreeStatus
from disnaker.decrees.models import Decree
from disnaker.placement import services
from disnaker.placement.constants import BkkStatus
from disnaker.placement.forms import KEPT_PREFIX
from disnaker.placement.models import Bkk
from disnaker.placement.views.files import can_open_decree

from .helpers import bkk_data, registered_bkk

pytestmark = pytest.mark.django_db

APPLY = reverse("placement:bkk_apply")
TRACK = reverse("placement:bkk_track")


def _pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, files.make_pdf(), "application/pdf")


def apply_post(region, **overrides) -> dict:
    data = {
        "name": "BKK SMK Negeri 3 Cikarang",
        "institution_name": "SMK Negeri 3 Cikarang",
        "institution_type": "smk",
        "institution_code": "20223456",
        "address": "Jl. Industri No. 5, Cikarang Barat",
        "region": region.pk,
        "head_name": "Drs. Ahmad Fauzi",
        "contact_name": "Sari Operator",
        "email": "BKK@SMKN3.sch.id",
        "phone": "0813-1111-2222",
        "operating_permit": _pdf("izin.pdf"),
        "founding_decree": _pdf("sk.pdf"),
        "placement_plan": _pdf("rencana.pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _pending_files() -> list[str]:
    storage = storages["private"]
    if not storage.exists(KEPT_PREFIX.rstrip("/")):
        return []
    return storage.listdir(KEPT_PREFIX.rstrip("/"))[1]


def _submitted(**overrides) -> Bkk:
    return services.bkk_apply(data=bkk_data(**overrides))


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Public application -------------------------------------------------------------------------------------


def test_the_form_shows_every_field_with_a_label(client, office):
    html = client.get(APPLY).content.decode()
    for label in [
        "Nama BKK", "Nama lembaga", "Jenis lembaga", "NPSN / kode lembaga", "Alamat lembaga", "Kabupaten/Kota",
        "Nama kepala lembaga", "Nama operator/kontak", "E-mail operator", "No WhatsApp/telepon",
        "Izin operasional lembaga (PDF)", "SK pembentukan BKK beserta struktur organisasi (PDF)",
        "Rencana penempatan minimal 1 tahun (PDF)", "Kirim Pendaftaran",
    ]:  # fmt: skip
        assert label in html, label
    assert '<label class="form-label" for="id_institution_code">' in html


def test_a_valid_application_is_submitted_and_shows_the_tracking_code(client, office):
    response = client.post(APPLY, apply_post(office.region))
    assert response.status_code == 302 and response.url == reverse("placement:bkk_apply_sent")
    bkk = Bkk.objects.get()
    assert bkk.status == BkkStatus.SUBMITTED and bkk.office == office
    assert bkk.email == "bkk@smkn3.sch.id" and bkk.phone == "6281311112222"
    assert bkk.operating_permit.name.startswith("bkk/") and "izin" not in bkk.operating_permit.name
    page = client.get(response.url).content.decode()
    assert bkk.tracking_code in page
    assert reverse("placement:bkk_track") in page


def test_the_confirmation_page_without_an_application_goes_back_to_the_form(client, office):
    response = client.get(reverse("placement:bkk_apply_sent"))
    assert response.status_code == 302 and response.url == APPLY


def test_a_bad_npsn_is_reported_next_to_the_field(client, office):
    response = client.post(APPLY, apply_post(office.region, institution_code="1234567"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_institution_code_error"' in html
    assert "NPSN harus 8 digit" in html
    assert not Bkk.objects.exists()


def test_a_university_may_use_its_own_code(client, office):
    response = client.post(
        APPLY, apply_post(office.region, institution_type="university", institution_code="pt-041023")
    )
    assert response.status_code == 302
    assert Bkk.objects.get().institution_code == "PT-041023"


def test_not_a_pdf_is_reported_next_to_the_field(client, office):
    fake = SimpleUploadedFile("izin.pdf", b"ini bukan PDF sama sekali", "application/pdf")
    response = client.post(APPLY, apply_post(office.region, operating_permit=fake))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_operating_permit_error"' in html and "bukan berkas PDF" in html
    assert not Bkk.objects.exists()


def test_a_missing_document_is_named(client, office):
    response = client.post(APPLY, apply_post(office.region, placement_plan=None))
    assert response.status_code == 400
    assert "Rencana penempatan minimal 1 tahun (PDF) wajib diunggah." in response.content.decode()


def test_documents_that_passed_are_kept_when_another_field_fails(client, office):
    bad_pdf = SimpleUploadedFile("sk.pdf", b"bukan pdf", "application/pdf")
    first = client.post(APPLY, apply_post(office.region, institution_code="123", founding_decree=bad_pdf))
    assert first.status_code == 400
    form = first.context["form"]
    tokens = form.kept_tokens
    assert set(tokens) == {"operating_permit", "placement_plan"}  # the bad one is not kept
    html = first.content.decode()
    assert 'name="operating_permit_kept"' in html and "sudah diterima dan disimpan" in html
    assert len(_pending_files()) == 2
    # Second attempt: fix the code, send only the missing PDF; the kept ones are used.
    data = apply_post(office.region, operating_permit=None, placement_plan=None)
    data.update({f"{name}_kept": token for name, token in tokens.items()})
    second = client.post(APPLY, data)
    assert second.status_code == 302, second.context["form"].errors
    bkk = Bkk.objects.get()
    for name in ("operating_permit", "founding_decree", "placement_plan"):
        with getattr(bkk, name).open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert _pending_files() == []  # consumed copies are removed


def test_documents_are_not_kept_when_the_captcha_fails(client, office, settings):
    settings.CAPTCHA_BACKEND = "image"
    response = client.post(APPLY, apply_post(office.region, captcha_0="x", captcha_1="salah"))
    assert response.status_code == 400 and "captcha" in response.context["form"].errors
    assert response.context["form"].kept_tokens == {}
    assert _pending_files() == []


def test_abandoned_kept_documents_are_removed_by_the_daily_command(client, office):
    client.post(APPLY, apply_post(office.region, institution_code="1"))
    assert len(_pending_files()) == 3
    storage = storages["private"]
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for name in _pending_files():
        os.utime(storage.path(f"{KEPT_PREFIX}{name}"), (old, old))
    out = io.StringIO()
    call_command("bkk_flag_inactive", stdout=out)
    assert "3 berkas sementara" in out.getvalue()
    assert _pending_files() == []


def test_a_tampered_kept_token_does_not_count(client, office):
    data = apply_post(office.region, operating_permit=None)
    data["operating_permit_kept"] = "bkk-pending/../../etc/passwd"
    response = client.post(APPLY, data)
    assert response.status_code == 400
    assert "Izin operasional lembaga (PDF) wajib diunggah." in response.content.decode()


# --- Tracking --------------------------------------------------------------------------------------------------


def test_track_shows_status_and_the_offices_note(client, office, vera):
    bkk = _submitted(email="ops@smkn4.sch.id")
    services.bkk_request_revision(bkk=bkk, actor=vera, note="Izin operasional sudah kedaluwarsa.")
    response = client.post(TRACK, {"tracking_code": bkk.tracking_code.lower(), "email": "OPS@smkn4.sch.id"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Perlu perbaikan" in html and "Izin operasional sudah kedaluwarsa." in html
    assert len(response.context["history"]) == 3
    assert bkk.edit_token not in html  # the edit link travels by e-mail only


def test_track_with_the_wrong_e_mail_finds_nothing(client, office):
    bkk = _submitted()
    response = client.post(TRACK, {"tracking_code": bkk.tracking_code, "email": "orang.lain@contoh.id"})
    assert response.context["bkk"] is None
    assert "Pendaftaran tidak ditemukan" in response.content.decode()


def test_track_prefills_the_code_from_the_link(client, office):
    assert "BKK-AAAA-BBBB" in client.get(TRACK + "?kode=BKK-AAAA-BBBB").content.decode()


# --- Revision --------------------------------------------------------------------------------------------------


def test_revision_round_trip(client, office, vera):
    bkk = _submitted(name="BKK Lama")
    old_plan = bkk.placement_plan.name
    client.force_login(vera)
    response = client.post(
        reverse("placement:office_bkk_decide", args=[bkk.pk, "perbaikan"]), {"note": "Nama BKK salah tulis."}
    )
    assert response.status_code == 302
    client.logout()
    url = reverse("placement:bkk_revise", args=[bkk.edit_token])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Nama BKK salah tulis." in html and 'value="BKK Lama"' in html
    form = page.context["form"]
    data = {name: form.initial[name] for name in services.BKK_FIELDS}
    data.update(name="BKK SMK Negeri 9 Cikarang", phone="081322223333", founding_decree=_pdf("sk-baru.pdf"))
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("placement:bkk_apply_sent")
    assert "Perbaikan berhasil dikirim" in client.get(response.url).content.decode()
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.SUBMITTED and bkk.name == "BKK SMK Negeri 9 Cikarang"
    assert bkk.phone == "6281322223333"
    assert bkk.placement_plan.name == old_plan  # left empty: kept
    assert client.get(url).status_code == 404  # no longer open for revision


def test_revision_validates_like_the_application(client, office, vera):
    bkk = _submitted()
    services.bkk_request_revision(bkk=bkk, actor=vera, note="Periksa NPSN.")
    url = reverse("placement:bkk_revise", args=[bkk.edit_token])
    data = {name: getattr(bkk, name) for name in services.BKK_FIELDS}
    data["institution_code"] = "12AB"
    response = client.post(url, data)
    assert response.status_code == 400 and "NPSN harus 8 digit" in response.content.decode()
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.NEEDS_REVISION


def test_revision_link_is_404_when_unknown_or_not_in_revision(client, office):
    bkk = _submitted()
    assert client.get("/bkk/perbaiki/tidak-ada/").status_code == 404  # not a token's shape: no route
    assert client.get(reverse("placement:bkk_revise", args=["A" * 43])).status_code == 404
    assert client.get(reverse("placement:bkk_revise", args=[bkk.edit_token])).status_code == 404


# --- Office decisions through the views -------------------------------------------------------------------------


def decide(client, bkk, action, note=""):
    return client.post(reverse("placement:office_bkk_decide", args=[bkk.pk, action]), {"note": note})


def test_verifier_rejects_with_a_reason(client, office, vera):
    bkk = _submitted()
    client.force_login(vera)
    response = decide(client, bkk, "tolak")
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert "Alasan penolakan wajib diisi." in response.content.decode()
    response = decide(client, bkk, "tolak", "Bukan satuan pendidikan.")
    assert response.status_code == 302
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.REJECTED and bkk.office_note == "Bukan satuan pendidikan."


def test_verify_then_head_returns_then_verify_and_sign(client, office, vera, hana):
    bkk = _submitted(email="ops@smkn7.sch.id")
    client.force_login(vera)
    review = client.get(reverse("placement:office_bkk_review", args=[bkk.pk]))
    assert [a.slug for a in review.context["actions"]] == ["verifikasi", "perbaikan", "tolak"]
    response = decide(client, bkk, "verifikasi")
    assert response.status_code == 302
    follow = client.get(response.url)
    assert "diverifikasi dan diteruskan" in follow.content.decode()
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.VERIFIED
    # The verifier cannot sign: a message on the page, not a 500.
    response = decide(client, bkk, "setujui")
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()

    client.force_login(hana)
    review = client.get(reverse("placement:office_bkk_review", args=[bkk.pk]))
    assert [a.label for a in review.context["actions"]] == [
        "Setujui dan Tandatangani Tanda Daftar", "Kembalikan ke verifikator",
    ]  # fmt: skip
    assert decide(client, bkk, "kembalikan").status_code == 400  # a note is required
    assert decide(client, bkk, "kembalikan", "Periksa ulang NPSN.").status_code == 302
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.SUBMITTED

    client.force_login(vera)
    decide(client, bkk, "verifikasi")
    client.force_login(hana)
    response = decide(client, bkk, "setujui")
    assert response.status_code == 302
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.REGISTERED and bkk.operator.role == Role.BKK_OPERATOR
    page = client.get(response.url).content.decode()
    assert "Tanda daftar BKK ditandatangani" in page
    decree = Decree.objects.get(kind=DecreeKind.BKK_REGISTRATION, object_id=bkk.pk)
    assert reverse("placement:decree_pdf", args=[decree.pk]) in page


def test_wrong_status_is_a_message_not_a_500(client, office, vera, bkk):
    client.force_login(vera)
    response = decide(client, bkk, "verifikasi")
    assert response.status_code == 400
    assert "Tindakan tidak dapat dilakukan" in response.content.decode()


def test_signing_with_a_taken_e_mail_is_a_message(client, office, vera, hana, alice):
    bkk = _submitted(email=alice.email)
    client.force_login(vera)
    assert (
        "sudah dipakai akun lain"
        in client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).content.decode()
    )
    services.bkk_verify(bkk=bkk, actor=vera)
    client.force_login(hana)
    assert (
        "sudah dipakai akun lain"
        in client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).content.decode()
    )
    response = decide(client, bkk, "setujui")
    assert response.status_code == 400 and "sudah dipakai akun lain" in response.content.decode()
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.VERIFIED


def test_deactivate_reactivate_revoke_and_close(client, office, vera, hana):
    bkk = registered_bkk(vera, hana)
    client.force_login(vera)
    assert [a.slug for a in client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).context["actions"]] == [
        "nonaktifkan", "tutup",
    ]  # fmt: skip
    assert decide(client, bkk, "nonaktifkan").status_code == 400
    assert decide(client, bkk, "nonaktifkan", "Tidak melapor setahun.").status_code == 302
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.INACTIVE
    actions = client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).context["actions"]
    assert [a.slug for a in actions] == ["aktifkan", "tutup"]  # revoking is the head's
    assert decide(client, bkk, "cabut", "Tidak aktif.").status_code == 403
    assert decide(client, bkk, "aktifkan", "Laporan sudah masuk.").status_code == 302
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.REGISTERED
    decide(client, bkk, "nonaktifkan", "Tidak melapor lagi.")

    client.force_login(hana)
    actions = client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).context["actions"]
    assert [a.slug for a in actions] == ["aktifkan", "cabut", "tutup"]
    assert decide(client, bkk, "cabut", "Tidak aktif lebih dari 12 bulan.").status_code == 302
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.REVOKED and not bkk.operator.is_active
    assert (
        Decree.objects.get(kind=DecreeKind.BKK_REGISTRATION, object_id=bkk.pk).status == DecreeStatus.REVOKED
    )
    assert client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).context["actions"] == []


def test_close_a_registered_bkk(client, office, vera, hana):
    bkk = registered_bkk(vera, hana)
    client.force_login(hana)
    assert decide(client, bkk, "tutup", "Sekolah digabung.").status_code == 302
    bkk.refresh_from_db()
    assert bkk.status == BkkStatus.CLOSED and not bkk.operator.is_active


def test_an_unknown_action_is_404(client, office, vera):
    bkk = _submitted()
    client.force_login(vera)
    assert decide(client, bkk, "hapus", "x").status_code == 404


def test_inactivation_proposal_is_flagged_and_confirmed(client, office, vera, hana, settings):
    bkk = registered_bkk(vera, hana)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Bkk.objects.filter(pk=bkk.pk).update(registered_at=long_ago)
    out = io.StringIO()
    call_command("bkk_flag_inactive", stdout=out)
    assert out.getvalue().startswith("1 BKK diusulkan nonaktif")
    client.force_login(vera)
    queue = client.get(reverse("placement:office_bkk_queue"), {"tanda": "usul-nonaktif"})
    assert [b.pk for b in queue.context["page"].object_list] == [bkk.pk]
    assert queue.context["counts"]["proposed"] == 1 and queue.context["counts"]["overdue"] == 1
    html = queue.content.decode()
    assert "diusulkan nonaktif" in html and "belum melapor &gt; 6 bulan" in html
    review = client.get(reverse("placement:office_bkk_review", args=[bkk.pk]))
    assert review.context["actions"][0].label == "Konfirmasi usulan nonaktif"
    assert "Diusulkan nonaktif sejak" in review.content.decode()
    assert decide(client, bkk, "nonaktifkan", "Usulan nonaktif dikonfirmasi.").status_code == 302
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.INACTIVE
    out = io.StringIO()
    call_command("bkk_flag_inactive", stdout=out)
    assert out.getvalue().startswith("0 BKK")


def test_overdue_flag_without_proposal(client, office, vera, hana):
    bkk = registered_bkk(vera, hana)
    Bkk.objects.filter(pk=bkk.pk).update(registered_at=timezone.now() - datetime.timedelta(days=200))
    client.force_login(hana)
    queue = client.get(reverse("placement:office_bkk_queue"), {"tanda": "belum-melapor"})
    assert [b.pk for b in queue.context["page"].object_list] == [bkk.pk]
    assert queue.context["page"].object_list[0].overdue


# --- Queue ---------------------------------------------------------------------------------------------------


def test_queue_defaults_by_role_and_searches(client, office, vera, hana):
    waiting = _submitted(name="BKK SMK Harapan", institution_code="20229999")
    verified = _submitted(name="BKK SMK Bangsa")
    services.bkk_verify(bkk=verified, actor=vera)
    client.force_login(vera)
    page = client.get(reverse("placement:office_bkk_queue")).context["page"]
    assert [b.pk for b in page.object_list] == [waiting.pk]
    client.force_login(hana)
    page = client.get(reverse("placement:office_bkk_queue")).context["page"]
    assert [b.pk for b in page.object_list] == [verified.pk]
    for query in ("harapan", "20229999", waiting.tracking_code):
        page = client.get(reverse("placement:office_bkk_queue"), {"status": "", "q": query}).context["page"]
        assert [b.pk for b in page.object_list] == [waiting.pk], query


def test_queue_is_paginated(client, office, vera):
    for _i in range(27):
        _submitted()
    client.force_login(vera)
    response = client.get(reverse("placement:office_bkk_queue"))
    assert len(response.context["page"].object_list) == 25
    assert "halaman=2" in response.content.decode()
    assert (
        len(client.get(reverse("placement:office_bkk_queue"), {"halaman": 2}).context["page"].object_list)
        == 2
    )


def test_province_and_ministry_see_lists_read_only(client, office, vera, hana, prita, mira, bkk):
    for user in (prita, mira):
        client.force_login(user)
        page = client.get(reverse("placement:office_bkk_queue")).context["page"]
        assert bkk in page.object_list
        review = client.get(reverse("placement:office_bkk_review", args=[bkk.pk]))
        assert review.status_code == 200 and review.context["actions"] == []
        assert decide(client, bkk, "nonaktifkan", "Coba.").status_code == 403
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.REGISTERED


# --- Another office ------------------------------------------------------------------------------------------


def test_another_offices_staff_gets_404_and_is_audited(client, office, oscar, bkk):
    client.force_login(oscar)
    assert client.get(reverse("placement:office_bkk_review", args=[bkk.pk])).status_code == 404
    assert decide(client, bkk, "nonaktifkan", "Bukan wilayah saya.").status_code == 404
    assert client.get(reverse("placement:bkk_document", args=[bkk.pk, "operating_permit"])).status_code == 404
    assert (
        bkk
        not in client.get(reverse("placement:office_bkk_queue"), {"status": ""}).context["page"].object_list
    )
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=oscar).count() >= 3
    assert Bkk.objects.get(pk=bkk.pk).status == BkkStatus.REGISTERED


# --- Documents and the operator's page ---------------------------------------------------------------------------


def test_documents_open_inline_or_as_download_and_are_audited(client, office, vera, bkk):
    client.force_login(vera)
    url = reverse("placement:bkk_document", args=[bkk.pk, "founding_decree"])
    inline = client.get(url)
    assert inline.status_code == 200 and inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Cache-Control"] == "private, no-store"
    assert client.get(url + "?unduh=1")["Content-Disposition"].startswith("attachment")
    assert AuditLog.objects.filter(action=AuditAction.DOCUMENT_VIEWED, actor=vera).count() == 2
    assert client.get(reverse("placement:bkk_document", args=[bkk.pk, "edit_token"])).status_code == 404


def test_my_bkk_shows_data_history_and_the_tanda_daftar(client, bima, bkk):
    client.force_login(bima)
    response = client.get(reverse("placement:my_bkk"))
    html = response.content.decode()
    assert response.status_code == 200 and bkk.name in html and "Terdaftar" in html
    decree = response.context["decree"]
    assert decree.kind == DecreeKind.BKK_REGISTRATION
    pdf_url = reverse("placement:decree_pdf", args=[decree.pk])
    assert f'href="{pdf_url}"' in html and f'href="{pdf_url}?unduh=1"' in html
    assert [h.to_status for h in response.context["history"]] == [h.to_status for h in status_history(bkk)]
    inline = client.get(pdf_url)
    assert inline.status_code == 200 and inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content).startswith(b"%PDF-")
    assert client.get(pdf_url + "?unduh=1")["Content-Disposition"].startswith("attachment")


# --- Who may open a placement decree ------------------------------------------------------------------------------


@pytest.fixture
def decrees(bkk, pak, hana, office):
    report = services.province_report_send(office=office, actor=hana, officer_ids=[pak.pk])
    by_kind = {
        DecreeKind.BKK_REGISTRATION: services_decree(bkk, DecreeKind.BKK_REGISTRATION),
        DecreeKind.PAK_APPOINTMENT: services_decree(pak.proposal, DecreeKind.PAK_APPOINTMENT),
        DecreeKind.PROVINCE_REPORT: services_decree(report, DecreeKind.PROVINCE_REPORT),
    }
    assert all(by_kind.values())
    return by_kind


def services_decree(subject, kind):
    from disnaker.decrees.services import decree_valid_for

    return decree_valid_for(subject, kind)


@pytest.fixture
def other_operator(vera, hana):
    return registered_bkk(vera, hana).operator


@pytest.fixture
def other_province_admin(db):
    from disnaker.core.models import Office

    province = Office.objects.filter(level="province").exclude(code="32").first()
    if province is None:
        province = Office.objects.create(code="33", name="Disnaker Provinsi Jawa Tengah", level="province")
    return UserFactory(email="pia@disnakerjateng.go.id", role=Role.PROVINCE_ADMIN, office=province)


DECREE_PERSONAS = [
    "anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri", "other_operator",
    "other_province_admin", "adam",
]  # fmt: skip
#: Who may open each kind; every other persona may not.
DECREE_ALLOWED = {
    DecreeKind.BKK_REGISTRATION: {"vera", "hana", "prita", "bima"},
    DecreeKind.PAK_APPOINTMENT: {"vera", "hana", "prita", "bima", "putri"},
    DecreeKind.PROVINCE_REPORT: {"vera", "hana", "prita"},
}


def _persona(request, persona):
    if persona == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return request.getfixturevalue(persona)


@pytest.mark.parametrize("persona", DECREE_PERSONAS)
def test_can_open_decree_table(request, decrees, persona):
    user = _persona(request, persona)
    for kind, decree in decrees.items():
        assert can_open_decree(user, decree) == (persona in DECREE_ALLOWED[kind]), (kind, persona)


@pytest.mark.parametrize("persona", ["anonymous", "alice", "oscar", "mira", "bima", "putri", "prita", "hana"])
def test_decree_pdf_answers_by_the_table(request, client, decrees, persona):
    user = _persona(request, persona)
    if persona != "anonymous":
        client.force_login(user)
    for kind, decree in decrees.items():
        response = client.get(reverse("placement:decree_pdf", args=[decree.pk]))
        if persona == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        else:
            expected = 200 if persona in DECREE_ALLOWED[kind] else 404
            assert response.status_code == expected, (kind, persona)


def test_other_decree_kinds_are_not_served_here(hana, office):
    assert not can_open_decree(hana, Decree(kind=DecreeKind.PKWT_REGISTRATION, office=office))
    assert not can_open_decree(hana, Decree(kind=DecreeKind.TRAINING_CERTIFICATE, office=office))


def test_a_refused_decree_is_audited(client, decrees, oscar):
    client.force_login(oscar)
    decree = decrees[DecreeKind.BKK_REGISTRATION]
    assert client.get(reverse("placement:decree_pdf", args=[decree.pk])).status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=oscar).exists()


# --- Authorization table: every new URL × persona --------------------------------------------------------------

PERSONAS = ["anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri"]
LOGIN = "login"


def _all(status):
    return {p: status for p in PERSONAS}


def _signed_in(**statuses):
    return {"anonymous": LOGIN, **statuses}


OFFICE_LIST = _signed_in(alice=403, vera=200, hana=200, oscar=200, prita=200, mira=200, bima=403, putri=403)
OFFICE_OBJECT = _signed_in(alice=403, vera=200, hana=200, oscar=404, prita=200, mira=200, bima=403, putri=403)
DOCUMENT = _signed_in(alice=404, vera=200, hana=200, oscar=404, prita=200, mira=404, bima=200, putri=404)

# (name, method, url builder, {persona: expected}); ``ctx`` holds the BKK, a BKK in revision and a decree.
TABLE = [
    ("apply", "get", lambda c: reverse("placement:bkk_apply"), _all(200)),
    ("apply sent", "get", lambda c: reverse("placement:bkk_apply_sent"), _all(302)),
    ("track", "get", lambda c: reverse("placement:bkk_track"), _all(200)),
    ("revise", "get", lambda c: reverse("placement:bkk_revise", args=[c["revision"].edit_token]), _all(200)),
    (
        "my bkk",
        "get",
        lambda c: reverse("placement:my_bkk"),
        _signed_in(alice=404, vera=404, hana=404, oscar=404, prita=404, mira=404, bima=200, putri=404),
    ),
    (
        "document",
        "get",
        lambda c: reverse("placement:bkk_document", args=[c["bkk"].pk, "placement_plan"]),
        DOCUMENT,
    ),
    ("decree pdf", "get", lambda c: reverse("placement:decree_pdf", args=[c["decree"].pk]), DOCUMENT),
    ("queue", "get", lambda c: reverse("placement:office_bkk_queue"), OFFICE_LIST),
    ("review", "get", lambda c: reverse("placement:office_bkk_review", args=[c["bkk"].pk]), OFFICE_OBJECT),
    (
        "decide",
        "post",
        lambda c: reverse("placement:office_bkk_decide", args=[c["bkk"].pk, "nonaktifkan"]),
        _signed_in(alice=403, vera=302, hana=302, oscar=404, prita=403, mira=403, bima=403, putri=403),
    ),
]

CASES = [
    pytest.param(name, method, url, persona, expected, id=f"{name}-{persona}")
    for name, method, url, table in TABLE
    for persona, expected in table.items()
]


@pytest.mark.parametrize(("name", "method", "url", "persona", "expected"), CASES)
def test_authorization_table(request, client, bkk, vera, name, method, url, persona, expected):
    revision = _submitted()
    services.bkk_request_revision(bkk=revision, actor=vera, note="Lengkapi dokumen.")
    ctx = {
        "bkk": bkk,
        "revision": revision,
        "decree": services_decree(bkk, DecreeKind.BKK_REGISTRATION),
    }
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    data = {"note": "Tidak melapor setahun."} if method == "post" else None
    response = getattr(client, method)(url(ctx), data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, (name, persona, response.status_code)
