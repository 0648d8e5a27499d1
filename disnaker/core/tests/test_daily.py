"""``manage.py daily``: files of refused or abandoned submissions are deleted after
ABANDONED_UPLOAD_RETENTION_DAYS (real files in the private storage); live and approved ones never are."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from disnaker.accounts import services as account_services
from disnaker.accounts.constants import AccountRequestStatus
from disnaker.accounts.models import AccountRequest
from disnaker.accounts.tests.factories import AccountRequestFactory
from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.housekeeping import daily_job
from disnaker.core.models import AuditLog, StatusChange
from disnaker.pkwt import services as pkwt_services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtImport, PkwtRegistration
from disnaker.pkwt.tests.helpers import (
    freeze_today,
    import_rows,
    new_registration,
    submitted_registration,
    valid_row,
    worker,
)
from disnaker.placement import services as placement_services
from disnaker.placement.models import Bkk
from disnaker.placement.tests.helpers import bkk_data, registered_bkk

pytestmark = pytest.mark.django_db

ACCOUNT_DOCS = [name for name, _label in AccountRequest.DOCUMENTS]
BKK_DOCS = list(placement_services.BKK_DOCUMENTS)


def stored(obj, fields) -> dict[str, bool]:
    """Field → whether the field names a file that exists in the private storage."""
    storage = storages["private"]
    return {name: bool(getattr(obj, name)) and storage.exists(getattr(obj, name).name) for name in fields}


def names(obj, fields) -> list[str]:
    return [getattr(obj, name).name for name in fields]


@pytest.fixture
def later(monkeypatch, settings, django_capture_on_commit_callbacks):
    """Run the daily job as if ``days`` had passed (files are deleted once its transactions commit)."""
    settings.ABANDONED_UPLOAD_RETENTION_DAYS = 30
    real_now = timezone.now

    def run(days: int = 31) -> str:
        future = real_now() + timedelta(days=days)
        monkeypatch.setattr(timezone, "now", lambda: future)
        out = io.StringIO()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                call_command("daily", stdout=out)
        finally:
            monkeypatch.setattr(timezone, "now", real_now)
        return out.getvalue()

    return run


def test_rejected_account_requests_lose_their_documents_after_the_retention_and_keep_everything_else(
    client, office, vera, later
):
    old = AccountRequestFactory(office=office)
    account_services.account_request_reject(
        account_request=old, actor=vera, reason="KTP tidak terbaca jelas."
    )
    recent = AccountRequestFactory(office=office)
    account_services.account_request_reject(
        account_request=recent, actor=vera, reason="KTP tidak terbaca jelas."
    )
    AccountRequest.objects.filter(pk=recent.pk).update(decided_at=timezone.now() + timedelta(days=2))
    waiting = AccountRequestFactory(office=office)
    approved = AccountRequestFactory(office=office)
    account_services.account_request_approve(account_request=approved, actor=vera)
    AccountRequest.objects.filter(pk__in=[waiting.pk, approved.pk]).update(
        created_at=timezone.now() - timedelta(days=90), decided_at=timezone.now() - timedelta(days=90)
    )
    old_files = names(old, ACCOUNT_DOCS)
    assert all(stored(old, ACCOUNT_DOCS).values())

    output = later()

    old.refresh_from_db()
    assert all(getattr(old, name).name == "" for name in ACCOUNT_DOCS)
    assert not any(storages["private"].exists(name) for name in old_files)
    for kept in (recent, waiting, approved):
        kept.refresh_from_db()
        assert all(stored(kept, ACCOUNT_DOCS).values()), kept
    # The request, its reason and its history stay; the office sees that the documents went and why.
    assert old.status == AccountRequestStatus.REJECTED and old.rejection_reason
    assert StatusChange.objects.filter(object_id=old.pk, to_status="rejected").exists()
    entry = AuditLog.objects.get(
        action=AuditAction.UPDATED, object_type="accounts.accountrequest", object_id=str(old.pk)
    )
    assert entry.data == {"files_removed": ACCOUNT_DOCS, "reason": "rejected", "retention_days": 30}
    assert "[account_request_files] Dokumen 1 permohonan akun" in output
    client.force_login(vera)
    page = client.get(reverse("accounts:account_request_detail", args=[old.pk])).content.decode()
    assert "Dihapus 30 hari setelah ditolak" in page
    url = reverse("accounts:account_request_document", args=[old.pk, "ktp_image"])
    assert client.get(url).status_code == 404
    # Running again changes nothing.
    later()
    assert AuditLog.objects.filter(object_type="accounts.accountrequest", object_id=str(old.pk),
                                   action=AuditAction.UPDATED).count() == 1  # fmt: skip


def test_rejected_bkk_applications_lose_their_documents_registered_ones_never(client, vera, hana, later):
    rejected = placement_services.bkk_apply(data=bkk_data())
    placement_services.bkk_reject(bkk=rejected, actor=vera, reason="Bukan lembaga pendidikan.")
    waiting = placement_services.bkk_apply(data=bkk_data())
    registered = registered_bkk(vera, hana)
    Bkk.objects.filter(pk__in=[waiting.pk, registered.pk]).update(
        status_changed_at=timezone.now() - timedelta(days=90)
    )
    rejected.refresh_from_db()
    files = names(rejected, BKK_DOCS)
    assert all(stored(rejected, BKK_DOCS).values())

    output = later()

    rejected.refresh_from_db()
    assert all(getattr(rejected, name).name == "" for name in BKK_DOCS)
    assert not any(storages["private"].exists(name) for name in files)
    for kept in (waiting, registered):
        kept.refresh_from_db()
        assert all(stored(kept, BKK_DOCS).values())
    assert "pendaftaran BKK yang ditolak" in output
    client.force_login(vera)
    page = client.get(reverse("placement:office_bkk_review", args=[rejected.pk])).content.decode()
    assert "dihapus setelah masa simpan" in page
    assert client.get(reverse("placement:bkk_document", args=[rejected.pk, BKK_DOCS[0]])).status_code == 404


def test_pkwt_files_of_refused_imports_abandoned_drafts_and_rejected_registrations_go_live_ones_stay(
    client, alice, vera, later, monkeypatch
):
    freeze_today(monkeypatch)
    bad_row = valid_row(nik="123")
    # A submitted registration: its saved Excel and PDFs stay, an earlier refused Excel goes.
    live = new_registration(alice, with_documents=True)
    refused_first = import_rows(live, alice, [bad_row])
    saved_import = import_rows(live, alice, [valid_row()])
    live = pkwt_services.registration_submit(registration=live, actor=alice)
    # A draft nobody touched since: everything goes (the row stays, to be continued or left).
    abandoned = new_registration(alice, with_documents=True)
    abandoned_import = import_rows(abandoned, alice, [bad_row])
    # A draft still being worked on (an audited change within the period): everything stays.
    active = new_registration(alice, with_documents=True)
    # A registration the office rejected: everything goes.
    rejected = submitted_registration(alice, [worker(5)])
    rejected = pkwt_services.registration_reject(
        registration=rejected, actor=vera, note="Kontrak tidak sesuai."
    )
    rejected_import = rejected.current_import
    assert not refused_first.saved and saved_import.saved
    everything = {
        "refused": stored(refused_first, ["file"]),
        "abandoned": stored(abandoned, ["application_letter", "sample_contract"]),
        "abandoned_import": stored(abandoned_import, ["file"]),
        "rejected": stored(rejected, ["application_letter", "sample_contract"]),
    }
    assert all(all(v.values()) for v in everything.values()), everything
    gone = [refused_first.file.name, abandoned.application_letter.name, abandoned_import.file.name,
            rejected.application_letter.name, rejected.sample_contract.name, rejected_import.file.name]  # fmt: skip

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=29))
    audit_record(action=AuditAction.UPDATED, actor=alice, obj=active, data={"documents": ["sample_contract"]})
    monkeypatch.setattr(timezone, "now", real_now)
    output = later(31)

    assert not any(storages["private"].exists(name) for name in gone)
    for obj in (refused_first, abandoned_import, rejected_import):
        obj.refresh_from_db()
        assert obj.file.name == ""
    for obj in (abandoned, rejected):
        obj.refresh_from_db()
        assert obj.application_letter.name == obj.sample_contract.name == ""
    live.refresh_from_db()
    saved_import.refresh_from_db()
    active.refresh_from_db()
    assert all(stored(live, ["application_letter", "sample_contract"]).values())
    assert all(stored(saved_import, ["file"]).values())
    assert all(stored(active, ["application_letter", "sample_contract"]).values())
    assert PkwtRegistration.objects.get(pk=abandoned.pk).status == RegistrationStatus.DRAFT
    assert live.contracts.count() == 1 and rejected.contracts.count() == 1  # the rows stay
    # The draft's refused Excel counts among the refused imports; the draft then lost its two PDFs.
    assert "2 file Excel yang ditolak/gagal, 1 draf yang ditinggalkan, 1 permohonan yang ditolak" in output
    # The report of a purged import still opens; its annotated Excel is gone and not offered.
    client.force_login(alice)
    assert (
        client.get(reverse("pkwt:import_annotated", args=[abandoned.pk, abandoned_import.pk])).status_code
        == 404
    )
    page = client.get(reverse("pkwt:edit", args=[abandoned.pk])).content.decode()
    assert reverse("pkwt:import_annotated", args=[abandoned.pk, abandoned_import.pk]) not in page
    assert PkwtImport.objects.filter(file="").count() == 3


def test_stale_kept_uploads_and_expired_captcha_challenges_are_removed(later, settings):
    from disnaker.placement.forms import KEPT_PREFIX, keep_document

    keep_document("operating_permit", io.BytesIO(b"%PDF-1.4 kept"))
    expired = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    CaptchaStore.objects.filter(pk=expired.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    assert storages["private"].listdir(KEPT_PREFIX.rstrip("/"))[1]
    output = later(2)
    assert storages["private"].listdir(KEPT_PREFIX.rstrip("/"))[1] == []
    assert not CaptchaStore.objects.exists()
    assert "[captcha] 1 tantangan" in output and "[bkk_files] 1 berkas sementara" in output


def test_one_failing_job_does_not_stop_the_others_and_the_command_fails(later, settings, office, vera):
    old = AccountRequestFactory(office=office)
    account_services.account_request_reject(
        account_request=old, actor=vera, reason="KTP tidak terbaca jelas."
    )

    @daily_job("zz_broken")
    def broken() -> str:
        raise RuntimeError("disk penuh")

    try:
        with pytest.raises(CommandError, match="zz_broken"):
            later()
    finally:
        from disnaker.core import housekeeping

        housekeeping._jobs.pop("zz_broken")
    old.refresh_from_db()
    assert old.ktp_image.name == ""


def test_expired_sessions_and_the_findings_of_replaced_imports_are_removed(later, alice, monkeypatch):
    """Issue 15, tables that only grew: sessions nobody came back to, and the full reports of imports a newer
    import replaced (their counts stay; the current import keeps its whole report)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    freeze_today(monkeypatch)
    gone, kept = SessionStore(), SessionStore()
    gone.set_expiry(60)
    gone.create()
    kept.set_expiry(60 * 60 * 24 * 60)
    kept.create()
    registration = new_registration(alice, with_documents=True)
    replaced = import_rows(registration, alice, [valid_row(nik="123")])
    current = import_rows(registration, alice, [valid_row(nik="456")])
    assert replaced.findings and current.findings
    output = later(31)
    assert set(Session.objects.values_list("session_key", flat=True)) == {kept.session_key}
    replaced.refresh_from_db()
    current.refresh_from_db()
    assert replaced.findings == [] and replaced.error_count == 1  # the count stays for the history
    assert current.findings and current.error_count == 1
    assert "[sessions] 1 sesi kedaluwarsa dihapus." in output
    assert "[pkwt_superseded_findings] Laporan temuan dari 1 impor Excel" in output


def test_a_registrations_rows_are_indexed_in_file_order():
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "pkwt_pkwtcontract")
    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["registration_id", "row"] in indexed
    assert ["registration_id"] not in indexed  # the pair serves the lookups by registration
