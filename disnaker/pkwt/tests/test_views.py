"""The company's PKWT pages through the Django test client, and who may open what."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from disnaker.core.tests.files import make_pdf
from disnaker.pkwt import services
from disnaker.pkwt.columns import COLUMNS
from disnaker.pkwt.constants import ImportStatus, RegistrationStatus
from disnaker.pkwt.models import PkwtImport, PkwtRegistration
from disnaker.pkwt.sample import sample_rows, sample_workbook

from .helpers import umk_entered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows, name="pekerja.xlsx"):
    return SimpleUploadedFile(name, sample_workbook(rows), content_type=XLSX)


def _pdf(name="surat.pdf"):
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


@pytest.fixture
def draft(alice):
    return services.registration_create(company=alice.company, actor=alice)


@pytest.fixture
def imported(alice, draft):
    """alice's draft with both documents and 5 clean workers."""
    services.registration_set_documents(
        registration=draft,
        actor=alice,
        documents={"application_letter": ContentFile(make_pdf()), "sample_contract": ContentFile(make_pdf())},
    )
    rows = list(sample_rows(5, start=datetime.date.today()))
    services.import_start(registration=draft, actor=alice, data=sample_workbook(rows), filename="a.xlsx")
    draft.refresh_from_db()
    return draft


@pytest.fixture
def submitted(alice, imported):
    return services.registration_submit(registration=imported, actor=alice)


def test_office_staff_never_see_a_companys_draft(client, vera, imported):
    client.force_login(vera)
    assert client.get(reverse("pkwt:detail", args=[imported.pk])).status_code == 404
    assert client.get(reverse("pkwt:office_review", args=[imported.pk])).status_code == 404
    assert imported.number not in client.get(reverse("pkwt:office_queue") + "?status=").content.decode()


def test_tambah_permohonan_opens_a_draft_and_reuses_an_untouched_one(client, alice):
    client.force_login(alice)
    first = client.post(reverse("pkwt:add"))
    second = client.post(reverse("pkwt:add"))
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert PkwtRegistration.objects.filter(company=alice.company).count() == 1
    page = client.get(first.url)
    body = page.content.decode()
    for text in ("Unduh Draft Surat Permohonan", "Unduh Template Excel", "Import Excel", "Ajukan Permohonan"):
        assert text in body
    # Every field has a real label.
    for field_id in ("id_application_letter", "id_sample_contract", "id_worker_file", "id_pkwt_count"):
        assert f'for="{field_id}"' in body


def test_import_excel_shows_the_report_by_row_and_column_and_saves_nothing_with_errors(client, alice, draft):
    client.force_login(alice)
    rows = list(sample_rows(6, start=datetime.date.today()))
    rows[2][1] = "@SUM(A1)"  # Excel row 4
    response = client.post(
        reverse("pkwt:edit", args=[draft.pk]),
        {
            "action": "import",
            "worker_file": _xlsx(rows),
            "application_letter": _pdf(),
            "sample_contract": _pdf(),
        },
        follow=True,
    )
    body = response.content.decode()
    assert "findings-error" in body and "nama_pegawai" in body
    pkwt_import = response.context["pkwt_import"]
    assert pkwt_import.rows == 6 and pkwt_import.valid_rows == 5 and pkwt_import.error_count == 1
    assert response.context["errors"][0]["row"] == 4
    assert 'value="5"' in body  # Jumlah PKWT follows the valid rows
    draft.refresh_from_db()
    assert draft.contracts.count() == 0
    # The documents uploaded in the same request were kept.
    assert draft.application_letter and draft.sample_contract
    # Ajukan Permohonan is refused.
    refused = client.post(reverse("pkwt:edit", args=[draft.pk]), {"action": "submit"})
    assert refused.status_code == 400
    assert "kesalahan" in refused.content.decode() and "galat" not in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == RegistrationStatus.DRAFT


def test_annotated_copy_and_json_report(client, alice, draft):
    client.force_login(alice)
    today = datetime.date.today()
    umk_entered(today.year, today.year + 1)  # the contracts run into next year
    rows = list(sample_rows(3, start=datetime.date.today()))
    rows[1][9] = 1_000_000  # below the UMK: a warning on Excel row 3
    rows[2][7] = rows[2][6] - datetime.timedelta(days=1)  # end before start: an error on row 4
    client.post(reverse("pkwt:edit", args=[draft.pk]), {"action": "import", "worker_file": _xlsx(rows)})
    pkwt_import = PkwtImport.objects.get(registration=draft)
    annotated = client.get(reverse("pkwt:import_annotated", args=[draft.pk, pkwt_import.pk]))
    assert annotated.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(annotated.content))["Data Pekerja"]
    # The upload fills only the seed's 13 columns, so its annotated copy keeps the old layout: the findings
    # in column 14 (the optional columns of issue 12 appear only when the upload fills them in).
    notes = 14
    assert sheet.cell(1, notes).value == "temuan"
    assert sheet.cell(2, notes).value is None
    assert "PERINGATAN" in sheet.cell(3, notes).value and "UMK" in sheet.cell(3, notes).value
    assert "GALAT" in sheet.cell(4, notes).value and "akhir_kontrak" in sheet.cell(4, notes).value
    report = json.loads(client.get(reverse("pkwt:import_report", args=[draft.pk, pkwt_import.pk])).content)
    assert set(report) == {"file_errors", "rows", "valid_rows", "findings"}
    assert report["rows"] == 3 and report["valid_rows"] == 2
    assert {(f["row"], f["column"], f["severity"]) for f in report["findings"]} == {
        (3, "upah", "warning"),
        (4, "akhir_kontrak", "error"),
    }


def test_submit_then_lihat_progress_with_masked_nik(
    client, alice, imported, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pkwt:edit", args=[imported.pk]), {"action": "submit"})
    assert response.status_code == 302
    assert response.url == reverse("pkwt:detail", args=[imported.pk])
    imported.refresh_from_db()
    assert imported.status == RegistrationStatus.SUBMITTED and imported.submitted_at
    assert mailoutbox and imported.number in mailoutbox[-1].subject
    page = client.get(response.url).content.decode()
    contract = imported.contracts.first()
    assert contract.nik not in page
    assert contract.nik[:6] + "******" + contract.nik[-4:] in page
    assert "Permohonan diajukan dengan 5 pekerja." in page
    # A submitted registration cannot be edited any more.
    assert client.get(reverse("pkwt:edit", args=[imported.pk])).status_code == 302
    listing = client.get(reverse("pkwt:list")).content.decode()
    assert imported.number in listing and "Lihat Progress" in listing


def test_revision_round_trip_keeps_both_rounds(client, alice, vera, imported):
    client.force_login(alice)
    client.post(reverse("pkwt:edit", args=[imported.pk]), {"action": "submit"})
    services.registration_request_revision(
        registration=imported, actor=vera, note="Sample kontrak tidak terbaca."
    )
    page = client.get(reverse("pkwt:edit", args=[imported.pk]))
    assert page.status_code == 200 and "Perlu perbaikan" in page.content.decode()
    client.post(reverse("pkwt:edit", args=[imported.pk]), {"action": "save", "sample_contract": _pdf()})
    response = client.post(reverse("pkwt:edit", args=[imported.pk]), {"action": "submit"})
    assert response.status_code == 302
    progress = client.get(reverse("pkwt:detail", args=[imported.pk])).content.decode()
    assert "Sample kontrak tidak terbaca." in progress
    assert "Perbaikan diajukan kembali dengan 5 pekerja." in progress
    assert progress.count("timeline-item") == 4  # draft, submitted, needs revision, submitted


def test_template_has_the_seed_columns_text_cells_and_a_drop_down(client, alice):
    client.force_login(alice)
    response = client.get(reverse("pkwt:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Data Pekerja", "Petunjuk"]
    sheet = workbook["Data Pekerja"]
    assert [c.value for c in sheet[1]][:13] == [
        "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
        "akhir_kontrak", "pwkt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket",
    ]  # fmt: skip
    # The optional columns of issue 12 follow the seed's 13.
    assert [c.value for c in sheet[1]][13:] == [c.header for c in COLUMNS[13:]]

    def column_format(index):  # openpyxl merges adjacent columns with the same format into one record
        return next(d.number_format for d in sheet.column_dimensions.values() if d.min <= index <= d.max)

    assert column_format(1) == "@"  # nik
    assert column_format(11) == "@" and column_format(12) == "@"  # BPJS numbers
    assert "dd/mm/yyyy" in column_format(3) and "dd/mm/yyyy" in column_format(7)
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert lists and '"L,P"' in lists[0].formula1 and "E2" in str(lists[0].sqref)
    guide = workbook["Petunjuk"]
    assert any(row[0] == "nik" and row[3] for row in guide.iter_rows(values_only=True))


def test_draft_letter_is_a_docx_with_the_company_data(client, alice, draft):
    client.force_login(alice)
    response = client.get(reverse("pkwt:letter", args=[draft.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert alice.company.name in text and alice.company.leader_name in text
    assert "Permohonan Pencatatan Perjanjian Kerja Waktu Tertentu" in "\n".join(
        c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )


def test_a_background_import_shows_progress_then_refreshes(client, alice, draft):
    client.force_login(alice)
    running = PkwtImport.objects.create(
        registration=draft, uploaded_by=alice, file=ContentFile(b"x", name="x.xlsx"),
        status=ImportStatus.RUNNING, progress=40, stage="Memeriksa data pekerja",
    )  # fmt: skip
    url = reverse("pkwt:import_status", args=[draft.pk, running.pk])
    body = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<progress class="import-progress w-100" max="100" value="40"' in body and "hx-get" in body
    PkwtImport.objects.filter(pk=running.pk).update(status=ImportStatus.DONE, progress=100)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_a_large_file_goes_through_the_task_and_ends_with_its_report(
    settings, alice, draft, django_capture_on_commit_callbacks
):
    settings.PKWT_IMPORT_SYNC_MAX_ROWS = 1  # any real file goes to the background task
    data = sample_workbook(sample_rows(30, start=datetime.date.today()))
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued after commit
        pkwt_import = services.import_start(registration=draft, actor=alice, data=data, filename="besar.xlsx")
    pkwt_import.refresh_from_db()
    assert pkwt_import.status == ImportStatus.DONE and pkwt_import.progress == 100
    assert pkwt_import.saved and draft.contracts.count() == 30


# --- Who may open what ------------------------------------------------------------------------------
PERSONAS = ["anonymous", "alice", "bob", "vera", "oscar", "hana", "adam"]
COMPANY_ONLY = {
    "anonymous": "login",
    "alice": 200,
    "bob": 404,
    "vera": 404,
    "oscar": 404,
    "hana": 404,
    "adam": 404,
}
PERSONAL = {
    "anonymous": "login",
    "alice": 200,
    "bob": 404,
    "vera": 200,
    "oscar": 404,
    "hana": 200,
    "adam": 404,
}
STAFF_ONLY = {
    "anonymous": "login",
    "alice": 403,
    "bob": 403,
    "vera": 200,
    "oscar": 404,
    "hana": 200,
    "adam": 403,
}
TABLE = [
    ("list", "get", lambda r, i: reverse("pkwt:list"), {**COMPANY_ONLY, "bob": 200}),
    ("add", "post", lambda r, i: reverse("pkwt:add"), {**COMPANY_ONLY, "alice": 302, "bob": 302}),
    ("template", "get", lambda r, i: reverse("pkwt:template"), {"anonymous": "login", **{p: 200 for p in PERSONAS[1:]}}),
    ("detail", "get", lambda r, i: reverse("pkwt:detail", args=[r.pk]), {**PERSONAL, "adam": 200}),
    # A submitted registration is no longer editable: its form redirects to Lihat Progress.
    ("edit", "get", lambda r, i: reverse("pkwt:edit", args=[r.pk]), {**COMPANY_ONLY, "alice": 302}),
    ("edit post", "post", lambda r, i: reverse("pkwt:edit", args=[r.pk]), {**COMPANY_ONLY, "alice": 302}),
    ("letter", "get", lambda r, i: reverse("pkwt:letter", args=[r.pk]), COMPANY_ONLY),
    ("document", "get", lambda r, i: reverse("pkwt:document", args=[r.pk, "application_letter"]), PERSONAL),
    ("import status", "get", lambda r, i: reverse("pkwt:import_status", args=[r.pk, i.pk]), {**PERSONAL, "adam": 200}),
    ("annotated", "get", lambda r, i: reverse("pkwt:import_annotated", args=[r.pk, i.pk]), PERSONAL),
    ("report", "get", lambda r, i: reverse("pkwt:import_report", args=[r.pk, i.pk]), PERSONAL),
    ("office queue", "get", lambda r, i: reverse("pkwt:office_queue"), {**STAFF_ONLY, "oscar": 200}),
    ("office review", "get", lambda r, i: reverse("pkwt:office_review", args=[r.pk]), STAFF_ONLY),
    (
        "verify",
        "post",
        lambda r, i: reverse("pkwt:office_decide", args=[r.pk, "verifikasi"]),
        {**STAFF_ONLY, "vera": 302, "hana": 403},
    ),
    ("sign", "post", lambda r, i: reverse("pkwt:office_sign", args=[r.pk]), {**STAFF_ONLY, "vera": 403, "hana": 400}),
    ("revoke", "post", lambda r, i: reverse("pkwt:office_revoke", args=[r.pk]), {**STAFF_ONLY, "vera": 404, "hana": 404}),
    ("decree page", "get", lambda r, i: reverse("pkwt:decree", args=[r.pk]), {**PERSONAL, "alice": 404, "vera": 404, "hana": 404}),
    ("decree pdf", "get", lambda r, i: reverse("pkwt:decree_pdf", args=[r.pk]), {**PERSONAL, "alice": 404, "vera": 404, "hana": 404}),
    (
        "reveal NIK",
        "post",
        lambda r, i: reverse("pkwt:office_reveal_nik", args=[r.pk, r.contracts.first().pk]),
        STAFF_ONLY,
    ),
]  # fmt: skip
CASES = [
    pytest.param(name, method, url, persona, expected, id=f"{name}-{persona}")
    for name, method, url, table in TABLE
    for persona, expected in table.items()
]


@pytest.mark.parametrize(("name", "method", "url", "persona", "expected"), CASES)
def test_pkwt_authorization_table(request, client, submitted, name, method, url, persona, expected):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    path = url(submitted, submitted.current_import)
    response = getattr(client, method)(path, {"action": "save"} if method == "post" else None)
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, (name, persona, response.status_code)


def test_another_company_never_sees_the_registration_in_lists(client, bob, imported):
    client.force_login(bob)
    assert list(client.get(reverse("pkwt:list")).context["page"].object_list) == []


def test_an_import_whose_worker_died_is_shown_as_stopped_and_can_be_redone(client, alice, draft):
    """A killed worker leaves no rows (its transaction never committed) and an import stuck in 'running';
    after PKWT_IMPORT_STALE_MINUTES without progress the page says so and a new import goes through."""
    client.force_login(alice)
    stuck = PkwtImport.objects.create(
        registration=draft, uploaded_by=alice, file=ContentFile(b"x", name="x.xlsx"),
        status=ImportStatus.RUNNING, progress=60,
    )  # fmt: skip
    PkwtRegistration.objects.filter(pk=draft.pk).update(current_import=stuck)
    PkwtImport.objects.filter(pk=stuck.pk).update(updated_at=stuck.updated_at - datetime.timedelta(hours=1))
    page = client.get(reverse("pkwt:edit", args=[draft.pk])).content.decode()
    assert "terhenti, silakan impor lagi" in page and "hx-get" not in page
    rows = list(sample_rows(4, start=datetime.date.today()))
    client.post(reverse("pkwt:edit", args=[draft.pk]), {"action": "import", "worker_file": _xlsx(rows)})
    draft.refresh_from_db()
    assert draft.current_import != stuck and draft.contracts.count() == 4
