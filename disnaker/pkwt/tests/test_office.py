"""The office side: the queue, the review page and the verifier's and head's decisions."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.tests.files import make_pdf
from disnaker.core.workflow import TransitionNotAllowed, status_history
from disnaker.pkwt import services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.sample import sample_rows, sample_workbook


def _submitted(user, *, rows=None, workers=4):
    registration = services.registration_create(company=user.company, actor=user)
    services.registration_set_documents(
        registration=registration,
        actor=user,
        documents={"application_letter": ContentFile(make_pdf()), "sample_contract": ContentFile(make_pdf())},
    )
    rows = rows if rows is not None else list(sample_rows(workers, start=timezone.localdate()))
    services.import_start(
        registration=registration, actor=user, data=sample_workbook(rows), filename="p.xlsx"
    )
    return services.registration_submit(registration=registration, actor=user)


@pytest.fixture
def submitted(alice):
    return _submitted(alice)


def test_verify_then_head_returns_then_verify_again(
    submitted, vera, hana, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_verify(registration=submitted, actor=vera)
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.VERIFIED
    assert "diverifikasi" in mailoutbox[-1].subject
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_return_to_verifier(
            registration=submitted, actor=hana, note="Cek ulang upah baris 3."
        )
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.SUBMITTED
    assert len(mailoutbox) == sent  # an internal step: the company is not e-mailed
    services.registration_verify(registration=submitted, actor=vera, note="Sudah dicek.")
    history = status_history(submitted)
    assert [h.to_status for h in history] == ["draft", "submitted", "verified", "submitted", "verified"]
    assert history[3].note == "Cek ulang upah baris 3." and history[3].actor_role == "Kepala Dinas"


def test_reject_needs_a_reason_and_e_mails_it(
    submitted, vera, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.registration_reject(registration=submitted, actor=vera, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reject(registration=submitted, actor=vera, note="Bukan PKWT, melainkan PKWTT.")
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.REJECTED
    assert "ditolak" in mailoutbox[-1].subject and "Bukan PKWT" in mailoutbox[-1].body


@pytest.mark.parametrize(
    ("service", "persona"),
    [
        (services.registration_verify, "hana"),
        (services.registration_reject, "hana"),
        (services.registration_request_revision, "oscar"),
        (services.registration_return_to_verifier, "vera"),
    ],
)
def test_decisions_belong_to_one_role_of_one_office(request, submitted, service, persona):
    with pytest.raises(PermissionDenied):
        service(registration=submitted, actor=request.getfixturevalue(persona), note="catatan")


def test_transitions_that_are_not_allowed(alice, vera, hana):
    draft = services.registration_create(company=alice.company, actor=alice)
    with pytest.raises(TransitionNotAllowed):
        services.registration_verify(registration=draft, actor=vera)
    submitted = _submitted(alice)
    with pytest.raises(TransitionNotAllowed):
        services.registration_return_to_verifier(registration=submitted, actor=hana, note="x")


def test_queue_defaults_by_role_filters_and_flags_overdue(client, alice, bob, vera, hana, settings):
    old = _submitted(alice)
    PkwtRegistration.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=21)
    )
    recent = _submitted(bob)
    services.registration_verify(registration=recent, actor=vera)
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_queue"))
    body = page.content.decode()
    assert old.number in body and recent.number not in body  # the verifier starts with the submitted ones
    assert "lewat target" in body
    rows = list(page.context["page"].object_list)
    assert rows[0].age >= 10 and rows[0].overdue
    searched = client.get(reverse("pkwt:office_queue"), {"status": "", "q": "Bob Sentosa"}).content.decode()
    assert recent.number in searched and old.number not in searched
    today = timezone.localdate()
    dated = client.get(
        reverse("pkwt:office_queue"), {"status": "", "date_from": today.isoformat()}
    ).content.decode()
    assert recent.number in dated and old.number not in dated
    client.force_login(hana)
    head_page = client.get(reverse("pkwt:office_queue")).content.decode()
    assert (
        recent.number in head_page and old.number not in head_page
    )  # the head starts with the verified ones


def test_review_masks_nik_reveals_one_on_request_and_filters_warnings(client, alice, vera):
    rows = list(sample_rows(3, start=timezone.localdate()))
    rows[1][9] = 1_000_000  # below the UMK: a warning on that worker
    registration = _submitted(alice, rows=rows)
    contract = registration.contracts.get(row=3)
    client.force_login(vera)
    url = reverse("pkwt:office_review", args=[registration.pk])
    body = client.get(url).content.decode()
    assert contract.nik not in body and contract.nik[:6] + "******" in body
    assert "upah_below_umk (1)" in body
    filtered = client.get(url, {"peringatan": "upah_below_umk"})
    assert [c.row for c in filtered.context["page"].object_list] == [3]
    revealed = client.post(reverse("pkwt:office_reveal_nik", args=[registration.pk, contract.pk]))
    assert contract.nik in revealed.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED, actor=vera).exists()


def test_decision_form_puts_a_missing_note_next_to_the_field(client, submitted, vera):
    client.force_login(vera)
    response = client.post(reverse("pkwt:office_decide", args=[submitted.pk, "perbaikan"]), {"note": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assert 'id="id_note_error"' in response.content.decode()
    done = client.post(
        reverse("pkwt:office_decide", args=[submitted.pk, "perbaikan"]), {"note": "Sample kontrak buram."}
    )
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.NEEDS_REVISION


def test_head_signs_once_company_sees_lihat_pdf_and_revocation_keeps_it(
    client, alice, vera, hana, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    from disnaker.decrees.models import Decree

    services.registration_verify(registration=submitted, actor=vera)
    client.force_login(hana)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("pkwt:office_sign", args=[submitted.pk]))
    again = client.post(reverse("pkwt:office_sign", args=[submitted.pk]))  # a double click
    assert first.status_code == again.status_code == 302
    assert Decree.objects.count() == 1
    decree = Decree.objects.get()
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.APPROVED
    assert decree.number in mailoutbox[-1].body
    assert status_history(submitted)[-1].to_status_label == "SK terbit"

    client.force_login(alice)
    listing = client.get(reverse("pkwt:list")).content.decode()
    assert "Lihat PDF" in listing
    page = client.get(reverse("pkwt:decree", args=[submitted.pk])).content.decode()
    assert decree.number in page and "Sah" in page
    pdf = client.get(reverse("pkwt:decree_pdf", args=[submitted.pk]))
    content = b"".join(pdf.streaming_content)
    assert pdf["Content-Disposition"].startswith("attachment")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert decree.number in text and alice.company.name in text

    client.force_login(hana)
    refused = client.post(reverse("pkwt:office_revoke", args=[submitted.pk]), {"note": ""})
    assert refused.status_code == 400
    client.post(reverse("pkwt:office_revoke", args=[submitted.pk]), {"note": "Data pekerja tidak benar."})
    decree.refresh_from_db()
    assert decree.status == "revoked" and Decree.objects.count() == 1
    client.force_login(alice)
    assert "Dicabut" in client.get(reverse("pkwt:decree", args=[submitted.pk])).content.decode()


def test_bob_cannot_open_alices_decree(client, alice, bob, vera, hana, submitted):
    services.registration_verify(registration=submitted, actor=vera)
    services.registration_approve(registration=submitted, actor=hana)
    client.force_login(bob)
    assert client.get(reverse("pkwt:decree", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("pkwt:decree_pdf", args=[submitted.pk])).status_code == 404


def test_a_submitted_registration_cannot_be_signed_before_verification(submitted, hana):
    with pytest.raises(TransitionNotAllowed):
        services.registration_approve(registration=submitted, actor=hana)
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.SUBMITTED


def test_lihat_pdf_frames_the_decree_from_this_site_only(client, alice, vera, hana, submitted):
    services.registration_verify(registration=submitted, actor=vera)
    services.registration_approve(registration=submitted, actor=hana)
    client.force_login(alice)
    page = client.get(reverse("pkwt:decree", args=[submitted.pk]))
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    assert f'src="{reverse("pkwt:decree_pdf", args=[submitted.pk])}?tampil=1"' in page.content.decode()
    inline = client.get(reverse("pkwt:decree_pdf", args=[submitted.pk]), {"tampil": "1"})
    assert inline["X-Frame-Options"] == "SAMEORIGIN" and "inline" in inline["Content-Disposition"]


def test_dashboard_counts_chart_top_companies_and_escaped_exports(client, alice, bob, vera, hana):
    import openpyxl

    from disnaker.accounts.models import Company

    Company.objects.filter(pk=bob.company_id).update(name='=HYPERLINK("http://x")')
    first = _submitted(alice, workers=5)
    second = _submitted(bob, workers=3)
    for registration in (first, second):
        services.registration_verify(registration=registration, actor=vera)
        services.registration_approve(registration=registration, actor=hana)
    late = _submitted(alice, rows=list(sample_rows(2, start=timezone.localdate(), serial_offset=500)))
    PkwtRegistration.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_dashboard"))
    assert page.status_code == 200
    context = page.context
    assert dict((v, n) for v, _l, n in context["by_status"])["approved"] == 2
    assert sum(c["workers"] for c in context["chart"]) == 10
    assert [c["workers"] for c in context["top_companies"]] == [5, 3]
    assert [r.pk for r in context["overdue"]] == [late.pk]
    assert {w["actor__full_name"]: w["decisions"] for w in context["workload"]} == {
        vera.full_name: 2,
        hana.full_name: 2,
    }
    body = page.content.decode()
    assert "<svg" in body and 'role="img"' in body
    export = client.get(reverse("pkwt:office_dashboard"), {"ekspor": "perusahaan"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = [sheet.cell(row, 1).value for row in (2, 3)]
    assert "PT Alice Makmur" in names[0]
    assert names[1] == '\'=HYPERLINK("http://x")'  # escaped: stays text
    assert AuditLog.objects.filter(action=AuditAction.EXPORTED, actor=vera).exists()
    for name in ("status", "bulanan", "beban", "terlambat"):
        assert client.get(reverse("pkwt:office_dashboard"), {"ekspor": name}).status_code == 200
    client.force_login(alice)
    assert client.get(reverse("pkwt:office_dashboard")).status_code == 403


def test_a_large_decree_is_signed_in_the_background_with_its_stage_shown(
    client, settings, alice, vera, hana, submitted, django_capture_on_commit_callbacks
):
    from disnaker.decrees.models import Decree

    settings.DECREE_SYNC_MAX_WORKERS = 2  # the 4-worker registration counts as large
    services.registration_verify(registration=submitted, actor=vera)
    client.force_login(hana)
    response = client.post(
        reverse("pkwt:office_sign", args=[submitted.pk])
    )  # queued; the task waits for commit
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.signing_state == "queued" and Decree.objects.count() == 0
    page = client.get(reverse("pkwt:office_review", args=[submitted.pk])).content.decode()
    assert 'id="signing-status"' in page and "Setujui dan tandatangani SK" not in page
    again = client.post(
        reverse("pkwt:office_sign", args=[submitted.pk])
    )  # a double click queues nothing more
    assert again.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve_or_queue(registration=submitted, actor=hana)  # a no-op while queued
    services.signing_run(registration_id=submitted.pk)  # what the task runs
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.APPROVED and submitted.signing_state == ""
    assert Decree.objects.count() == 1
    done = client.get(
        reverse("pkwt:office_signing_status", args=[submitted.pk]), headers={"HX-Request": "true"}
    )
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_the_signing_task_runs_after_commit(
    settings, alice, vera, hana, submitted, django_capture_on_commit_callbacks
):
    from disnaker.decrees.models import Decree

    settings.DECREE_SYNC_MAX_WORKERS = 2
    services.registration_verify(registration=submitted, actor=vera)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_approve_or_queue(registration=submitted, actor=hana) is None
    submitted.refresh_from_db()
    assert submitted.status == RegistrationStatus.APPROVED and Decree.objects.count() == 1


def test_a_failed_background_signing_uses_no_number_and_can_be_retried(
    settings, alice, vera, hana, submitted
):
    from disnaker.decrees.models import Decree, DecreeCounter

    settings.DECREE_SYNC_MAX_WORKERS = 2
    services.registration_verify(registration=submitted, actor=vera)
    services.registration_approve_or_queue(registration=submitted, actor=hana)
    submitted.contracts.all().delete()  # the decree cannot be made: "tidak memiliki data pekerja"
    services.signing_run(registration_id=submitted.pk)
    submitted.refresh_from_db()
    assert (
        submitted.signing_state == "failed" and "Tidak ada nomor SK yang terpakai" in submitted.signing_stage
    )
    assert Decree.objects.count() == 0
    assert all(counter.last_number == 0 for counter in DecreeCounter.objects.all())
    assert services.registration_approve_or_queue(registration=submitted, actor=hana) is None  # may retry
    submitted.refresh_from_db()
    assert submitted.signing_state == "queued"


def test_the_signing_status_shows_pages_laid_out(client, settings, vera, hana, submitted):
    """While the worker renders a large decree it writes its page count to the shared cache; the status
    fragment the review page polls shows it as a determinate bar."""
    from django.core.cache import cache

    settings.DECREE_SYNC_MAX_WORKERS = 2
    services.registration_verify(registration=submitted, actor=vera)
    services.registration_approve_or_queue(registration=submitted, actor=hana)
    PkwtRegistration.objects.filter(pk=submitted.pk).update(signing_state=services.SigningState.RUNNING)
    cache.set(services.signing_progress_key(submitted.pk), {"page": 120, "pages": 420})
    client.force_login(hana)
    url = reverse("pkwt:office_signing_status", args=[submitted.pk])
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="120" max="420"' in page and "Halaman 120 dari ± 420 tersusun" in page
    services.signing_run(registration_id=submitted.pk)
    assert cache.get(services.signing_progress_key(submitted.pk)) is None  # cleared when done


def test_the_dashboard_months_follow_the_office_clock(alice, vera):
    """A registration sent at 23.30 WIB on the last day of a month counts in that month and one sent at
    00.10 WIB on the 1st in the next, though both are the same UTC day: the months are ranges of local time."""
    from disnaker.pkwt.selectors import office_dashboard

    this_month = timezone.localdate().replace(day=1)
    last_of_previous = this_month - datetime.timedelta(days=1)
    evening = timezone.make_aware(datetime.datetime.combine(last_of_previous, datetime.time(23, 30)))
    night = timezone.make_aware(datetime.datetime.combine(this_month, datetime.time(0, 10)))
    assert evening.astimezone(datetime.UTC).date() == night.astimezone(datetime.UTC).date()
    late_evening = _submitted(alice, workers=2)
    after_midnight = _submitted(
        alice, rows=list(sample_rows(3, start=timezone.localdate(), serial_offset=500))
    )
    PkwtRegistration.objects.filter(pk=late_evening.pk).update(submitted_at=evening)
    PkwtRegistration.objects.filter(pk=after_midnight.pk).update(submitted_at=night)
    monthly = {month: (n, workers) for month, n, workers in office_dashboard(user=vera)["monthly"]}
    assert monthly[last_of_previous.replace(day=1)] == (1, 2)
    assert monthly[this_month] == (1, 3)
    assert len(monthly) == 12 and sum(n for n, _w in monthly.values()) == 2
