"""The import and the registration workflow: all-or-nothing saves, the background path, submission and
the office's revision round."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from disnaker.core.workflow import status_history
from disnaker.notifications.models import OutboxMessage
from disnaker.pkwt import sample, services
from disnaker.pkwt.constants import ImportStatus, RegistrationStatus
from disnaker.pkwt.models import PkwtContract, PkwtImport

from .helpers import (
    TODAY,
    D,
    codes,
    contracts_of,
    documents,
    freeze_today,
    import_rows,
    new_registration,
    submitted_registration,
    umk_entered,
    valid_row,
    worker,
    xlsx,
)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def sample_file(count: int, **kwargs) -> bytes:
    return sample.sample_workbook(list(sample.sample_rows(count, start=TODAY, **kwargs)))


def test_a_clean_file_saves_every_worker(alice):
    umk_entered(2027)  # the contracts run into 2027
    registration = new_registration(alice)
    rows = list(sample.sample_rows(25, start=TODAY))
    pkwt_import = import_rows(registration, alice, sample.sample_workbook(rows))

    assert not pkwt_import.background  # small: validated at once
    assert pkwt_import.status == ImportStatus.DONE and pkwt_import.progress == 100
    assert pkwt_import.saved and pkwt_import.file_errors == [] and pkwt_import.findings == []
    assert (pkwt_import.rows, pkwt_import.valid_rows, pkwt_import.error_count) == (25, 25, 0)
    registration.refresh_from_db()
    assert registration.worker_count == 25 and registration.current_import_id == pkwt_import.pk
    saved = contracts_of(registration)
    assert [c[0] for c in saved] == list(range(2, 27))
    assert [c[1] for c in saved] == [r[0] for r in rows]
    first = PkwtContract.objects.get(registration=registration, row=2)
    assert (first.name, first.birth_date, first.sex, first.sequence) == (
        rows[0][1],
        rows[0][2],
        rows[0][4],
        1,
    )
    assert (first.bpjs_health, first.bpjs_employment) == (rows[0][10], rows[0][11])
    assert pkwt_import.report() == {"file_errors": [], "rows": 25, "valid_rows": 25, "findings": []}


def test_warnings_are_saved_with_the_contract(alice):
    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, [valid_row(upah=5_000_000), worker(1)])
    assert pkwt_import.saved and pkwt_import.warning_count == 1
    contract = PkwtContract.objects.get(registration=registration, row=2)
    assert contract.warning_codes == "upah_below_umk"
    assert contract.warnings[0]["code"] == "upah_below_umk" and "UMK" in contract.warnings[0]["message"]


def test_a_file_with_one_error_saves_nothing(alice):
    umk_entered(2027)  # the contracts run into 2027
    registration = new_registration(alice)
    rows = list(sample.sample_rows(10, start=TODAY))
    rows[3][9] = "lima juta"  # Excel row 5
    pkwt_import = import_rows(registration, alice, sample.sample_workbook(rows))

    assert pkwt_import.status == ImportStatus.DONE and not pkwt_import.saved
    assert (pkwt_import.rows, pkwt_import.valid_rows, pkwt_import.error_count) == (10, 9, 1)
    assert codes(pkwt_import.findings) == [(5, "upah", "upah_format", "error")]
    assert pkwt_import.report()["valid_rows"] == 9
    assert PkwtContract.objects.filter(registration=registration).count() == 0
    registration.refresh_from_db()
    assert registration.worker_count == 0


def test_a_reimport_replaces_the_workers(alice):
    registration = new_registration(alice)
    assert import_rows(registration, alice, sample_file(6)).saved
    first = contracts_of(registration)

    broken = list(sample.sample_rows(4, start=TODAY, seed=1, serial_offset=100))
    sex = broken[1][4]
    broken[1][4] = "X"
    failed = import_rows(registration, alice, sample.sample_workbook(broken))
    assert not failed.saved and failed.error_count == 1
    assert contracts_of(registration) == first  # an import with errors changes nothing

    broken[1][4] = sex  # fixed
    fixed = import_rows(registration, alice, sample.sample_workbook(broken))
    assert fixed.saved, fixed.findings
    saved = contracts_of(registration)
    assert len(saved) == 4 and [c[1] for c in saved] == [r[0] for r in broken]
    assert PkwtContract.objects.filter(registration=registration).count() == 4
    registration.refresh_from_db()
    assert registration.worker_count == 4 and registration.current_import_id == fixed.pk

    again = import_rows(registration, alice, sample.sample_workbook(broken))  # the same file twice
    assert again.saved and PkwtContract.objects.filter(registration=registration).count() == 4


def test_a_large_file_is_validated_by_the_background_task(alice, settings):
    settings.PKWT_IMPORT_SYNC_MAX_ROWS = 10  # files over 750 bytes go to the task
    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, sample_file(120))

    assert pkwt_import.background
    assert pkwt_import.status == ImportStatus.DONE and pkwt_import.progress == 100
    assert pkwt_import.stage == "Selesai" and pkwt_import.finished_at is not None
    assert pkwt_import.saved and pkwt_import.valid_rows == 120
    assert PkwtContract.objects.filter(registration=registration).count() == 120


def test_a_finished_import_is_not_run_twice(alice):
    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, sample_file(3))
    PkwtContract.objects.filter(registration=registration).delete()
    services.import_run(pkwt_import_id=pkwt_import.pk)
    assert PkwtContract.objects.filter(registration=registration).count() == 0


def test_an_older_import_finishing_late_does_not_overwrite_a_newer_one(alice):
    registration = new_registration(alice)
    newer_rows = list(sample.sample_rows(2, start=TODAY, serial_offset=50))
    older = PkwtImport.objects.create(
        registration=registration, uploaded_by=alice, status=ImportStatus.PENDING
    )
    older.file.save("a.xlsx", ContentFile(sample_file(5)))
    assert import_rows(registration, alice, sample.sample_workbook(newer_rows)).saved
    services.import_run(pkwt_import_id=older.pk)
    older.refresh_from_db()
    assert older.status == ImportStatus.DONE and not older.saved
    assert older.stage == "Digantikan oleh impor yang lebih baru"
    assert [c[1] for c in contracts_of(registration)] == [r[0] for r in newer_rows]


# --- Submission ----------------------------------------------------------------------------------------


def test_submission_needs_both_documents(alice):
    registration = new_registration(alice)
    assert import_rows(registration, alice, sample_file(3)).saved
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=registration, actor=alice)
    assert exc.value.messages == [
        "Unggah surat permohonan yang sudah ditandatangani (PDF).",
        "Unggah scan sample kontrak kerja (PDF).",
    ]
    services.registration_set_documents(
        registration=registration,
        actor=alice,
        documents={"application_letter": documents()["application_letter"]},
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=registration, actor=alice)
    assert exc.value.messages == ["Unggah scan sample kontrak kerja (PDF)."]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.DRAFT


def test_submission_needs_a_worker_list(alice):
    registration = new_registration(alice, with_documents=True)
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=registration, actor=alice)
    assert exc.value.messages == ["Unggah daftar pekerja (Excel) lalu klik Import Excel."]


def test_submission_is_refused_while_the_latest_import_has_errors(alice):
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_file(3)).saved
    import_rows(registration, alice, [valid_row(jenis_kelamin="X"), worker(1, upah=0)])
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=registration, actor=alice)
    assert exc.value.messages == [
        "Daftar pekerja masih memiliki 2 kesalahan. Perbaiki file Excel lalu impor lagi."
    ]
    import_rows(registration, alice, b"bukan excel")
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=registration, actor=alice)
    assert exc.value.messages == ["File Excel terakhir tidak dapat dibaca. Perbaiki lalu impor lagi."]


def test_submission_succeeds_with_documents_and_a_clean_list(alice):
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_file(4)).saved
    submitted = services.registration_submit(registration=registration, actor=alice)
    registration.refresh_from_db()
    assert registration.status == submitted.status == RegistrationStatus.SUBMITTED
    assert registration.submitted_at is not None
    assert OutboxMessage.objects.filter(
        to=alice.company.email, subject__contains=registration.number
    ).exists()
    with pytest.raises(ValidationError):  # no longer editable
        import_rows(registration, alice, sample_file(2))
    assert PkwtContract.objects.filter(registration=registration).count() == 4


def test_only_the_companys_own_user_may_submit(alice, bob):
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_file(2)).saved
    with pytest.raises(PermissionDenied):
        services.registration_submit(registration=registration, actor=bob)


def test_revision_round_keeps_the_whole_status_history(alice, vera, oscar):
    registration = submitted_registration(alice, list(sample.sample_rows(3, start=TODAY)))

    with pytest.raises(PermissionDenied):  # a verifier of another office
        services.registration_request_revision(registration=registration, actor=oscar, note="Perbaiki")
    with pytest.raises(PermissionDenied):  # not a verifier
        services.registration_request_revision(registration=registration, actor=alice, note="Perbaiki")
    with pytest.raises(ValidationError):
        services.registration_request_revision(registration=registration, actor=vera, note="   ")

    services.registration_request_revision(
        registration=registration, actor=vera, note=" Sample kontrak tidak terbaca. "
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NEEDS_REVISION and registration.is_editable

    # The company fixes the list and the document, then submits again.
    assert import_rows(registration, alice, sample_file(4)).saved
    services.registration_set_documents(
        registration=registration, actor=alice, documents={"sample_contract": documents()["sample_contract"]}
    )
    services.registration_submit(registration=registration, actor=alice)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED and registration.worker_count == 4

    history = status_history(registration)
    assert [(h.from_status, h.to_status) for h in history] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "needs_revision"),
        ("needs_revision", "submitted"),
    ]
    assert [h.actor for h in history] == [alice, alice, vera, alice]
    assert history[2].note == "Sample kontrak tidak terbaca."
    assert history[1].note == "Permohonan diajukan dengan 3 pekerja."
    assert history[3].note == "Perbaikan diajukan kembali dengan 4 pekerja."
    assert history[2].to_status_label == "Perlu perbaikan"


# --- Across registrations of one company ---------------------------------------------------------------


def test_a_second_registration_overlapping_a_submitted_one_is_refused_at_import(alice):
    umk_entered(2027)  # the contracts run into 2027
    rows = list(sample.sample_rows(3, start=TODAY))
    first = submitted_registration(alice, rows)
    second = new_registration(alice)
    overlapping = [rows[1][:], worker(1)]
    overlapping[0][6] = D(2026, 3, 1)  # starts inside the first registration's contract
    overlapping[0][8] = 2
    pkwt_import = import_rows(second, alice, xlsx(overlapping))
    assert not pkwt_import.saved
    assert codes(pkwt_import.findings) == [(2, "awal_kontrak", "nik_overlap_registered", "error")]
    assert first.number in pkwt_import.findings[0]["message"]
    assert PkwtContract.objects.filter(registration=second).count() == 0


def test_a_registration_submitted_meanwhile_blocks_the_other_at_submission(alice):
    rows = list(sample.sample_rows(2, start=TODAY))
    first = new_registration(alice, with_documents=True)
    second = new_registration(alice, with_documents=True)
    assert import_rows(first, alice, rows).saved
    assert import_rows(second, alice, rows).saved  # both drafts: no history yet
    services.registration_submit(registration=first, actor=alice)
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(registration=second, actor=alice)
    assert exc.value.messages[0].startswith("Baris 2: Pekerja ini sudah tercatat")
    assert first.number in exc.value.messages[0]
    second.refresh_from_db()
    assert second.status == RegistrationStatus.DRAFT


def test_drafts_and_other_companies_are_not_history(alice, bob):
    rows = list(sample.sample_rows(2, start=TODAY))
    draft = new_registration(alice)
    assert import_rows(draft, alice, rows).saved
    submitted_registration(bob, rows)  # the same people at another company
    assert import_rows(new_registration(alice), alice, rows).saved


def test_an_import_that_crashes_is_marked_failed_not_left_running(alice):
    """A stored file that has vanished (lost storage) makes the import fail with a message; nothing saved."""
    from disnaker.pkwt.constants import ImportStatus
    from disnaker.pkwt.models import PkwtImport
    from disnaker.pkwt.services import import_run_safely, registration_create

    registration = registration_create(company=alice.company, actor=alice)
    pkwt_import = PkwtImport.objects.create(
        registration=registration,
        uploaded_by=alice,
        file="pkwt-excel/hilang.xlsx",
        status=ImportStatus.PENDING,
    )
    import_run_safely(pkwt_import_id=pkwt_import.pk, reraise=False)
    pkwt_import.refresh_from_db()
    assert pkwt_import.status == ImportStatus.FAILED
    assert pkwt_import.file_errors[0]["code"] == "internal_error"
    assert "tidak ada data yang tersimpan" in pkwt_import.file_errors[0]["message"]
    assert registration.contracts.count() == 0
