"""Workers under 18 (UU 13/2003 Pasal 68–71): kept and flagged by the import, excepted by the registration's
verifier with a ground, a reason and a document, required by the verification, shown in the history and the
decree's appendix."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.core.tests.files import make_pdf, make_pdf_with_javascript
from disnaker.core.workflow import status_history
from disnaker.pkwt import services
from disnaker.pkwt.age_exceptions import (
    AgeExceptionGround,
    age_on,
    exception_note,
    ground_refusal,
)
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.documents import with_age_exception_notes
from disnaker.pkwt.models import AgeException, PkwtContract
from disnaker.pkwt.rules import ERROR, WARNING

from .helpers import START, codes, import_rows, new_registration, nik_for, submitted_registration, valid_row

D = datetime.date
P69, P70, P71 = AgeExceptionGround.LIGHT_WORK, AgeExceptionGround.CURRICULUM, AgeExceptionGround.TALENT

# Ages on START (05/01/2026).
BORN_16 = D(2009, 6, 1)
BORN_14 = D(2011, 3, 1)
BORN_13 = D(2012, 6, 1)
BORN_12 = D(2013, 6, 1)


def child(birth: datetime.date, serial: int, **overrides) -> list:
    return valid_row(
        nik=nik_for(birth, "P", serial), tgl_lahir=birth, nama_pegawai=f"Anak {serial}", **overrides
    )


def pdf() -> ContentFile:
    return ContentFile(make_pdf(), name="izin.pdf")


def contract_at(registration, row: int) -> PkwtContract:
    return PkwtContract.objects.get(registration=registration, row=row)


@pytest.fixture
def children(alice):
    """Submitted: row 2 an adult, row 3 a 16-year-old, row 4 a 14-year-old."""
    return submitted_registration(alice, [valid_row(), child(BORN_16, 11), child(BORN_14, 12)])


def record(
    registration, row: int, actor, ground=P70, reason="Praktik kerja SMK, 3 jam sehari.", document=None
):
    return services.age_exception_record(
        registration=registration,
        contract=contract_at(registration, row),
        actor=actor,
        ground=ground,
        reason=reason,
        document=document if document is not None else pdf(),
    )


# --- The rules -------------------------------------------------------------------------------------------


def test_ages_are_completed_years_with_the_import_s_birthday_rule():
    assert age_on(BORN_16, START) == 16
    assert age_on(D(2010, 1, 5), START) == 16 and age_on(D(2010, 1, 6), START) == 15
    assert age_on(D(2012, 2, 29), D(2025, 2, 27)) == 12 and age_on(D(2012, 2, 29), D(2025, 2, 28)) == 13


@pytest.mark.parametrize(
    ("ground", "age", "refused"),
    [
        (P69, 13, ""),
        (P69, 15, ""),
        (P69, 16, "13 sampai dengan 15 tahun"),  # Pasal 69(1): "antara 13 … sampai dengan 15 tahun"
        (P70, 13, "paling sedikit 14 tahun"),  # Pasal 70(2)
        (P70, 14, ""),
        (P70, 17, ""),
        (P71, 13, ""),
        (P71, 17, ""),
        (P69, 12, "di bawah 13 tahun"),
        (P70, 12, "di bawah 13 tahun"),
        (P71, 12, "di bawah 13 tahun"),
        (P71, 18, "tidak diperlukan"),
    ],
)
def test_each_ground_covers_only_its_ages(ground, age, refused):
    refusal = ground_refusal(ground, age, min_age=18)
    assert (refused in refusal) if refused else refusal == ""


def test_the_appendix_note_goes_before_the_company_s_note():
    rows = [
        ("3216015508950003", "A", "Operator", START, START, 1, "", None),
        ("3216015508950004", "B", "Magang", START, START, 1, "", P70),
        ("3216015508950005", "C", "Penari", START, START, 1, "sanggar", P71),
    ]
    notes = [row[6] for row in with_age_exception_notes(rows)]
    assert notes == ["", "Pengecualian usia: Pasal 70", "Pengecualian usia: Pasal 71; sanggar"]
    assert exception_note(P69) == "Pengecualian usia: Pasal 69"


# --- The import ------------------------------------------------------------------------------------------


def test_an_under_18_row_is_saved_flagged(alice):
    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, [valid_row(), child(BORN_16, 11)])
    assert pkwt_import.saved and pkwt_import.error_count == 0
    assert (3, "tgl_lahir", "under_18", WARNING) in codes(pkwt_import.findings)
    assert "under_18" in contract_at(registration, 3).warning_codes.split(",")
    assert list(services.flagged_contracts(registration).values_list("row", flat=True)) == [3]


def test_other_errors_still_save_nothing_and_the_flag_is_reported_with_them(alice):
    registration = new_registration(alice)
    pkwt_import = import_rows(
        registration, alice, [child(BORN_16, 11), valid_row(nik=nik_for(serial=9), upah="")]
    )
    found = codes(pkwt_import.findings)
    assert (2, "tgl_lahir", "under_18", WARNING) in found and (3, "upah", "required", ERROR) in found
    assert not pkwt_import.saved and PkwtContract.objects.filter(registration=registration).count() == 0
    # An under-18 row with an error of its own is not saved either, and both are said.
    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, [child(BORN_16, 11, upah="")])
    assert {c[2] for c in codes(pkwt_import.findings)} == {"under_18", "required"}
    assert not pkwt_import.saved


# --- Recording an exception ------------------------------------------------------------------------------


def test_the_verifier_records_an_exception_with_history_and_audit(children, vera):
    exception = record(children, 3, vera, P70, reason="Praktik kerja industri SMK Negeri 1.")
    assert (exception.ground, exception.age, exception.recorded_by) == (P70, 16, vera)
    assert exception.document.read().startswith(b"%PDF-")
    last = status_history(children)[-1]
    assert last.to_status == last.from_status == RegistrationStatus.SUBMITTED
    assert "Pengecualian usia dicatat untuk baris 3" in last.note and "Pasal 70" in last.note
    assert "Praktik kerja industri" in last.note and last.actor == vera
    entry = AuditLog.objects.filter(action=AuditAction.CREATED, data__event="pkwt.age_exception").get()
    assert entry.data["row"] == 3 and entry.data["ground"] == P70 and entry.actor == vera
    assert "nik" not in str(entry.data).lower()

    # Recorded again: replaced (one exception per row), the old document goes after the commit.
    old = exception.document.name
    again = record(children, 3, vera, P71, reason="Sanggar tari.")
    assert AgeException.objects.count() == 1 and again.ground == P71 and again.document.name != old
    assert AuditLog.objects.filter(action=AuditAction.UPDATED, data__event="pkwt.age_exception").exists()


@pytest.mark.parametrize(
    ("row", "ground", "field", "says"),
    [
        (3, P69, "ground", "13 sampai dengan 15 tahun"),  # 16 years old
        (3, "pasal_68", "ground", "Pilih dasar pengecualian"),
        (2, P70, None, "tidak memerlukan pengecualian usia"),  # an adult
    ],
)
def test_a_ground_that_does_not_fit_is_refused_next_to_its_field(children, vera, row, ground, field, says):
    with pytest.raises(ValidationError) as refused:
        record(children, row, vera, ground)
    messages = refused.value.message_dict[field] if field else refused.value.messages
    assert any(says in m for m in messages)
    assert AgeException.objects.count() == 0


def test_reason_and_document_are_required(children, vera):
    with pytest.raises(ValidationError) as refused:
        record(children, 4, vera, P69, reason="  ", document=False)
    assert set(refused.value.message_dict) == {"reason", "document"}


def test_a_child_under_13_or_under_14_for_pasal_70_cannot_be_excepted(alice, vera):
    registration = submitted_registration(alice, [child(BORN_13, 11), child(BORN_12, 12)])
    with pytest.raises(ValidationError) as refused:
        record(registration, 2, vera, P70)
    assert "paling sedikit 14 tahun" in refused.value.message_dict["ground"][0]
    record(registration, 2, vera, P69)  # 13: light work with the parents' permission
    for ground in (P69, P70, P71):
        with pytest.raises(ValidationError) as refused:
            record(registration, 3, vera, ground)
        assert "di bawah 13 tahun" in refused.value.message_dict["ground"][0]
    with pytest.raises(ValidationError) as refused:
        services.registration_verify(registration=registration, actor=vera)
    assert (
        "baris 3" in refused.value.messages[0]
        and "tidak dapat diberi pengecualian usia" in refused.value.messages[0]
    )


@pytest.mark.parametrize("persona", ["alice", "bob", "hana", "oscar"])
def test_only_the_registration_s_verifier_records(request, children, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        record(children, 3, actor)
    assert AgeException.objects.count() == 0
    denial = AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=actor).get()
    assert denial.data["step"] == "pkwt.age_exception_record"


def test_no_exception_once_the_registration_left_the_verifier(children, vera, alice):
    services.registration_request_revision(registration=children, actor=vera, note="Perbaiki upah.")
    with pytest.raises(ValidationError) as refused:
        record(children, 3, vera)
    assert "menunggu verifikasi" in refused.value.messages[0]


def test_a_new_worker_list_drops_the_exceptions_and_their_documents(
    children, vera, alice, django_capture_on_commit_callbacks
):
    exception = record(children, 3, vera)
    storage, name = exception.document.storage, exception.document.name
    services.registration_request_revision(registration=children, actor=vera, note="Perbaiki upah.")
    with django_capture_on_commit_callbacks(execute=True):
        pkwt_import = import_rows(children, alice, [valid_row(), child(BORN_16, 11), child(BORN_14, 12)])
    assert pkwt_import.saved and AgeException.objects.count() == 0 and not storage.exists(name)
    assert AuditLog.objects.filter(data__event="pkwt.age_exceptions_dropped").exists()
    # The history keeps it.
    assert any("Pengecualian usia dicatat" in h.note for h in status_history(children))


# --- The verification waits for every flagged row --------------------------------------------------------


def test_verification_names_the_rows_still_needing_an_exception(children, vera):
    with pytest.raises(ValidationError) as refused:
        services.registration_verify(registration=children, actor=vera)
    message = refused.value.messages[0]
    assert "baris 3, 4 belum memiliki pengecualian usia" in message and "Pasal 69, 70 atau 71" in message
    children.refresh_from_db()
    assert children.status == RegistrationStatus.SUBMITTED
    record(children, 3, vera, P70)
    with pytest.raises(ValidationError) as refused:
        services.registration_verify(registration=children, actor=vera)
    assert "baris 4 belum" in refused.value.messages[0]
    record(children, 4, vera, P69, reason="Izin tertulis orang tua; pekerjaan ringan 3 jam sehari.")
    services.registration_verify(registration=children, actor=vera)
    children.refresh_from_db()
    assert children.status == RegistrationStatus.VERIFIED


def test_the_head_is_refused_before_the_rows_are_named(children, hana):
    with pytest.raises(PermissionDenied):
        services.registration_verify(registration=children, actor=hana)


def test_the_decide_view_shows_the_refusal_on_the_review_page(client, children, vera):
    client.force_login(vera)
    response = client.post(reverse("pkwt:office_decide", args=[children.pk, "verifikasi"]), {"note": ""})
    assert response.status_code == 400
    assert "baris 3, 4 belum memiliki pengecualian usia" in response.content.decode()


# --- The pages -------------------------------------------------------------------------------------------


def _page(pk: int, contract_pk: int, document: bool = False) -> str:
    name = "pkwt:office_age_exception_document" if document else "pkwt:office_age_exception"
    return reverse(name, args=[pk, contract_pk])


def test_the_review_page_links_each_flagged_row(client, children, vera):
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[children.pk])).content.decode()
    assert page.count("Catat pengecualian usia") == 2
    assert _page(children.pk, contract_at(children, 3).pk) in page
    assert "baris 3, 4 belum memiliki pengecualian usia" in page


def test_the_verifier_records_through_the_form(client, children, vera):
    contract = contract_at(children, 3)
    client.force_login(vera)
    form = client.get(_page(children.pk, contract.pk)).content.decode()
    for field in ("id_ground", "id_reason", "id_document"):
        assert f'<label class="form-label" for="{field}">' in form
    assert "16 tahun" in form and "Pasal 70: pekerjaan dalam kurikulum" in form

    empty = client.post(_page(children.pk, contract.pk), {"ground": P70, "reason": ""})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert re.search(r'id="id_reason_error">Tuliskan alasan pengecualian\.', body)
    assert re.search(r'id="id_document_error">Lampirkan dokumen pendukung', body)

    unsafe = client.post(
        _page(children.pk, contract.pk),
        {"ground": P70, "reason": "PKL", "document": SimpleUploadedFile("a.pdf", make_pdf_with_javascript())},
    )
    assert unsafe.status_code == 400 and 'id="id_document_error"' in unsafe.content.decode()

    wrong = client.post(
        _page(children.pk, contract.pk),
        {"ground": P69, "reason": "Ringan", "document": SimpleUploadedFile("a.pdf", make_pdf())},
    )
    assert wrong.status_code == 400
    assert re.search(r'id="id_ground_error">Pasal 69 hanya berlaku', wrong.content.decode())

    done = client.post(
        _page(children.pk, contract.pk),
        {"ground": P70, "reason": "Praktik kerja SMK", "document": SimpleUploadedFile("a.pdf", make_pdf())},
    )
    assert done.status_code == 302 and AgeException.objects.get().contract == contract
    review = client.get(reverse("pkwt:office_review", args=[children.pk])).content.decode()
    assert "Pengecualian usia: Pasal 70" in review and review.count("Catat pengecualian usia") == 1

    document = client.get(_page(children.pk, contract.pk, document=True))
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF-")
    assert document["Cache-Control"] == "private, no-store"
    assert AuditLog.objects.filter(
        action=AuditAction.DOCUMENT_VIEWED, data__document="age_exception"
    ).exists()


def test_an_unflagged_row_has_no_exception_page(client, children, vera):
    client.force_login(vera)
    assert client.get(_page(children.pk, contract_at(children, 2).pk)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "page", "post", "document"),
    [
        ("alice", 403, 403, 403),  # the company: the office's pages are not for it
        ("bob", 403, 403, 403),
        ("oscar", 404, 404, 404),  # another office's verifier
        ("hana", 200, 403, 200),  # the head reads it and the document, but does not record
        ("prita", 403, 403, 403),  # the province follows registrations, not their workers
    ],
)
def test_who_may_open_record_and_download(request, client, children, vera, persona, page, post, document):
    contract = contract_at(children, 3)
    record(children, 3, vera)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_page(children.pk, contract.pk)).status_code == page
    upload = SimpleUploadedFile("a.pdf", make_pdf())
    posted = client.post(_page(children.pk, contract.pk), {"ground": P71, "reason": "x", "document": upload})
    assert posted.status_code == post
    assert AgeException.objects.get().ground == P70  # unchanged
    assert client.get(_page(children.pk, contract.pk, document=True)).status_code == document


def test_the_head_sees_no_form(client, children, hana):
    client.force_login(hana)
    body = client.get(_page(children.pk, contract_at(children, 3).pk)).content.decode()
    assert "Simpan pengecualian" not in body and "Belum ada pengecualian" in body


# --- The decree ------------------------------------------------------------------------------------------


def test_the_decree_s_appendix_marks_the_excepted_rows(children, vera, hana):
    from pypdf import PdfReader

    record(children, 3, vera, P70)
    record(children, 4, vera, P69, reason="Izin tertulis orang tua.")
    services.registration_verify(registration=children, actor=vera)
    decree = services.registration_approve(registration=children, actor=hana)
    with decree.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[1:])
    assert "Pengecualian usia: Pasal 70" in text and "Pengecualian usia: Pasal 69" in text
    assert text.count("Pengecualian usia") == 2
