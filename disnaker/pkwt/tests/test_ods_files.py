""".ods worker lists (issue 18): read through every door with the same report as .xlsx, bounded against
their own bombs before python-calamine sees them, and refusals that name a file's real format.

Every hostile file goes to the real reader inside :func:`hostile.isolated` (a forked copy of the test
process under a memory limit), as in ``test_hostile_excel``.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from disnaker.accounts import services as account_services
from disnaker.core.tests.files import make_image, make_pdf
from disnaker.pkwt import excel, ods_writer, services
from disnaker.pkwt.columns import COLUMNS, KEYS
from disnaker.pkwt.constants import ImportStatus
from disnaker.pkwt.sample import sample_rows, sample_workbook

from . import hostile, hostile_ods
from .helpers import contracts_of, freeze_today, import_rows, new_registration, worker, xlsx

ODS = "application/vnd.oasis.opendocument.spreadsheet"
MB = 2**20


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def validate_isolated(data: bytes) -> dict:
    report = hostile.isolated(lambda: services.validate_workbook(data, company=None).report())
    assert not isinstance(report, hostile.Died), f"the reader did not survive the file: {report.how}"
    return report


def ods_rows(rows, headers=None) -> bytes:
    buffer = io.BytesIO()
    ods_writer.write_rows(buffer, rows, headers=[c.header for c in COLUMNS] if headers is None else headers)
    return buffer.getvalue()


# --- Read like an .xlsx ------------------------------------------------------------------------------


def test_an_ods_gives_the_same_report_as_the_same_rows_in_an_xlsx(db):
    rows = [worker(1), worker(2), worker(3, upah=0), worker(4, nik="3216")]
    from_ods = validate_isolated(ods_rows(rows))
    from_xlsx = validate_isolated(xlsx(rows))
    assert from_ods == from_xlsx
    assert from_ods["rows"] == 4 and from_ods["valid_rows"] == 2 and from_ods["file_errors"] == []


def test_an_ods_as_libreoffice_lays_it_out_is_read_without_its_empty_tail(db):
    """A trailing empty repeated row (a million rows) and an empty run to column AMJ after each row are
    what LibreOffice writes: they are not data extent."""
    data = hostile_ods.good(3)
    extent = excel.inspect_workbook(data)
    assert (extent.max_row, extent.max_column, extent.cells) == (4, 12, 4 * 13)
    report = validate_isolated(data)
    assert report["file_errors"] == [] and report["valid_rows"] == 3


def test_the_ods_template_has_the_text_columns_the_drop_down_and_the_instructions(client, alice):
    client.force_login(alice)
    response = client.get(reverse("pkwt:template_ods"))
    assert response.status_code == 200 and response["Content-Type"] == ODS
    assert 'filename="template-pkwt.ods"' in response["Content-Disposition"]
    data = response.content
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert 'table:condition=\'of:cell-content-is-in-list("L";"P")\'' in content
    assert 'table:content-validation-name="val_sex"' in content
    assert '<number:text-style style:name="N_text"' in content
    # NIK, name and BPJS columns default to the Text style.
    columns = content.split("<table:table-column ")[1 : len(COLUMNS) + 1]
    for column, spec in zip(columns, COLUMNS, strict=True):
        if spec.kind in {"nik", "bpjs"}:
            assert 'table:default-cell-style-name="ce_text"' in column, spec.key
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["Data Pekerja", "Petunjuk"]
    guide = workbook.get_sheet_by_name("Petunjuk").to_python()
    # The column table, then (issue 12) the example rows per kind of PKWT below it.
    assert [row[0] for row in guide[4 : 4 + len(COLUMNS)]] == [c.header for c in COLUMNS]
    # Empty, the template is a header without workers: the import says so.
    report = validate_isolated(data)
    assert [e["code"] for e in report["file_errors"]] == ["no_data_rows"]


def test_the_page_offers_both_templates(client, alice):
    registration = new_registration(alice)
    client.force_login(alice)
    body = client.get(reverse("pkwt:edit", args=[registration.pk])).content.decode()
    assert reverse("pkwt:template") in body and reverse("pkwt:template_ods") in body
    assert "Unduh Template LibreOffice (.ods)" in body
    assert 'accept=".xlsx,.ods,' in body


def test_import_excel_takes_an_ods_and_saves_its_workers(client, alice):
    registration = new_registration(alice)
    client.force_login(alice)
    data = ods_rows([worker(1), worker(2)])
    response = client.post(
        reverse("pkwt:edit", args=[registration.pk]),
        {"action": "import", "worker_file": SimpleUploadedFile("daftar.ods", data, content_type=ODS)},
        follow=True,
    )
    assert response.status_code == 200
    pkwt_import = registration.imports.get()
    assert pkwt_import.status == ImportStatus.DONE, pkwt_import.file_errors
    assert len(contracts_of(registration)) == 2
    # The annotated download reads the stored .ods again.
    annotated = client.get(reverse("pkwt:import_annotated", args=[registration.pk, pkwt_import.pk]))
    assert annotated.status_code == 200 and annotated.content[:2] == b"PK"


def test_pkwt_validate_reads_an_ods(db, tmp_path, capsys):
    path = tmp_path / "daftar.ods"
    call_command("pkwt_sample", str(path), "--rows", "7")
    assert zipfile.ZipFile(path).read("mimetype") == hostile_ods.MIMETYPE
    out = io.StringIO()
    call_command("pkwt_validate", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["rows"] == 7 and report["file_errors"] == []


def test_the_api_reads_an_ods(alice):
    _, secret = account_services.api_token_create(company=alice.company, actor=alice, name="HR")
    caller = Client(headers={"Authorization": f"Bearer {secret}"})
    upload = SimpleUploadedFile("pekerja.ods", sample_workbook(sample_rows(5), fmt="ods"), ODS)
    response = caller.post("/api/v1/pkwt/validate", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["rows"] == 5 and response.json()["file_errors"] == []
    refused = caller.post("/api/v1/pkwt/validate", {"file": SimpleUploadedFile("x.ods", make_pdf(), ODS)})
    assert refused.status_code == 422
    assert refused.json()["file_errors"][0] == {
        "code": "not_xlsx",
        "format": "pdf",
        "message": refused.json()["file_errors"][0]["message"],
    }


# --- Hostile .ods --------------------------------------------------------------------------------------

# (id, builder, code, Indonesian phrase in the message, settings overrides)
HOSTILE = [
    ("a-data-row-repeated-a-million-times", hostile_ods.rows_repeated_with_content, "too_many_rows", "sampai baris 1.000.001", {}),
    ("a-value-repeated-over-16384-columns", hostile_ods.columns_repeated_with_content, "sheet_too_wide", "kolom XFD", {}),
    ("an-empty-run-of-a-million-cells-between-values", hostile_ods.empty_run_between_values, "sheet_too_wide", "jauh di luar kolom template", {}),
    ("rows-times-columns-over-the-cap", hostile_ods.cells_over_cap, "sheet_too_large", "72.001 baris × 50 kolom (3.600.050 sel", {}),
    ("two-sheets-together-over-the-cap", hostile_ods.sheets_together_over_cap, "sheet_too_large", "bersama-sama berisi 4.000.040 sel", {}),
    ("nesting-200-deep", hostile_ods.deep_nesting, "unreadable", "tidak dapat dibaca", {}),
    ("a-doctype-with-entities", hostile_ods.doctype_with_entities, "xml_doctype", "DOCTYPE/ENTITY", {}),
    ("an-external-entity-in-styles", hostile_ods.entity_in_styles, "xml_doctype", "DOCTYPE/ENTITY", {}),
    ("a-basic-macro", hostile_ods.basic_macro, "macro_workbook", "LibreOffice bermakro", {}),
    ("a-password", hostile_ods.encrypted, "password", "dilindungi kata sandi", {}),
    ("a-negative-repeat", hostile_ods.bad_repeat, "unreadable", "tidak dapat dibaca", {}),
    ("a-table-inside-a-cell", hostile_ods.table_inside_a_cell, "unreadable", "tidak dapat dibaca", {}),
    ("a-utf16-content", hostile_ods.utf16_content, "unreadable", "tidak dapat dibaca", {}),
    ("a-zip-bomb", hostile_ods.bomb, "zip_bomb", "melebihi 8 MB", {"PKWT_IMPORT_MAX_UNPACKED_BYTES": 8 * MB}),
    ("a-zip-bomb-with-lying-headers", lambda: hostile_ods.bomb(lie=True), "corrupt_zip", "rusak", {"PKWT_IMPORT_MAX_UNPACKED_BYTES": 8 * MB}),
    ("too-many-entries", lambda: hostile_ods.package(hostile_ods.content(hostile_ods.table(hostile_ods.header_row())), {f"Pictures/{i}.png": b"x" for i in range(600)}), "zip_entries", "terlalu banyak bagian (603)", {}),
    ("more-rows-than-the-cap", lambda: hostile_ods.good(60), "too_many_rows", "melebihi batas 50 baris", {"PKWT_IMPORT_MAX_ROWS": 50}),
    ("headers-and-no-data-rows", hostile_ods.header_only, "no_data_rows", "belum ada satu pun baris data pekerja", {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("builder", "code", "phrase", "overrides"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE]
)
def test_a_hostile_ods_is_refused_with_a_clear_message(db, settings, builder, code, phrase, overrides):
    for key, value in overrides.items():
        setattr(settings, key, value)
    data = builder()
    report = validate_isolated(data)
    assert report["rows"] == 0 and report["findings"] == []
    (error,) = report["file_errors"]
    assert error["code"] == code, error
    assert phrase in error["message"], error["message"]


def test_the_bombs_are_small_and_refused_before_any_parse(db, settings):
    """With no parse process able to start (1 MB), the inspection alone refuses them."""
    settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB = 1
    for builder in (
        hostile_ods.rows_repeated_with_content,
        hostile_ods.columns_repeated_with_content,
        hostile_ods.empty_run_between_values,
    ):
        data = builder()
        assert len(data) < 4000

        def read(data=data):
            try:
                excel.read_sheet(data)
            except excel.FileError as exc:
                return exc.code
            return "read"

        assert hostile.isolated(read) in {"too_many_rows", "sheet_too_wide", "sheet_too_large"}


def test_empty_runs_without_a_value_after_them_are_no_extent(db):
    """What LibreOffice writes for formatted but empty cells: a run of a million empty cells in a row and a
    million empty rows. calamine keeps none of it, so neither does the count."""
    data = hostile_ods.empty_run_inside_rows(rows=50, run=1_000_000)
    extent = excel.inspect_workbook(data)
    assert (extent.max_row, extent.max_column) == (2, 12)
    report = validate_isolated(data)
    assert report["file_errors"] == [] and report["valid_rows"] == 1


def test_the_repeated_row_bomb_is_real_calamine_alone_dies_of_it(db):
    """Without the inspection, the parse of a 1 KB file runs out of the child's memory limit: the child dies
    (a clean file error), not the caller. This is why repeated rows with content are counted."""

    def parse():
        try:
            excel.parse_rows(hostile_ods.rows_repeated_with_content(repeat=20_000_000))
        except excel.FileError as exc:
            return exc.code
        return "parsed"

    assert hostile.isolated(parse) == "unreadable"


def test_an_import_of_a_hostile_ods_keeps_the_saved_workers(client, alice):
    registration = new_registration(alice)
    assert import_rows(registration, alice, xlsx([worker(1), worker(2)])).saved
    before = contracts_of(registration)
    client.force_login(alice)
    data = hostile_ods.rows_repeated_with_content()

    def upload():
        response = client.post(
            reverse("pkwt:edit", args=[registration.pk]),
            {"action": "import", "worker_file": SimpleUploadedFile("daftar.ods", data, content_type=ODS)},
            follow=True,
        )
        pkwt_import = registration.imports.order_by("-pk").first()
        return (
            response.content.decode(),
            [e["code"] for e in pkwt_import.file_errors],
            contracts_of(registration),
        )

    seen = hostile.isolated(upload)
    assert not isinstance(seen, hostile.Died), seen
    body, codes, contracts = seen
    assert codes == ["too_many_rows"] and contracts == before
    assert "sampai baris 1.000.001" in body


# --- Refusals that name the format -------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsm() -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.add_worksheet("Data Pekerja").write_row(0, 0, [c.header for c in COLUMNS])
    workbook.add_vba_project(io.BytesIO(b"\xd0\xcf\x11\xe0 not really vba"), is_stream=True)
    workbook.close()
    return output.getvalue()


def _ole2(*stream_names: str) -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 512
        + b"".join(n.encode("utf-16-le") for n in stream_names)
    )


SAVE_AS = "Buka di Excel atau LibreOffice, lalu simpan sebagai .xlsx atau .ods."
# (id, builder, code, format, the whole start of the message or a phrase of it)
FORMATS = [
    ("xls", lambda: _ole2("Workbook"), "not_xlsx_legacy", "xls", "File ini berformat Excel 97-2003 (.xls). " + SAVE_AS),
    ("xls-encrypted-xlsx", lambda: _ole2("EncryptionInfo", "EncryptedPackage"), "password", "encrypted", "dilindungi kata sandi"),
    ("doc", lambda: _ole2("WordDocument"), "not_xlsx", "doc", "File ini dokumen Word 97-2003 (.doc)"),
    ("xlsm", _xlsm, "macro_workbook", None, "File ini berformat Excel bermakro (.xlsm"),
    ("csv-semicolons", lambda: b"nik;nama_pegawai\n3216015508950003;Siti\n", "not_xlsx", "csv", "File ini berformat CSV"),
    ("csv-commas-bom", lambda: "\ufeffnik,nama_pegawai\n3216015508950003,Siti\n".encode(), "not_xlsx", "csv", "NIK 16 digit"),
    ("numbers", lambda: _zip({"Index/Document.iwa": b"\x00", "Metadata/Properties.plist": b"x"}), "not_xlsx", "numbers", "File ini berformat Apple Numbers (.numbers)"),
    ("pdf", make_pdf, "not_xlsx", "pdf", "File ini dokumen PDF"),
    ("png", lambda: make_image("PNG"), "not_xlsx", "png", "File ini gambar PNG"),
    ("jpeg", lambda: make_image("JPEG"), "not_xlsx", "jpeg", "File ini gambar JPEG"),
    ("docx", lambda: _zip({"word/document.xml": b"<document/>"}), "not_xlsx", "docx", "File ini dokumen Word (.docx)"),
    ("odt", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "not_xlsx", "odt", "dokumen LibreOffice Writer (.odt)"),
    ("xlsb", lambda: _zip({"xl/workbook.bin": b"\x00"}), "not_xlsx", "xlsb", "Excel Binary Workbook (.xlsb)"),
    ("zip-of-a-workbook", lambda: _zip({"daftar.xlsx": xlsx([worker(1)])}), "not_xlsx", "zip", "Ekstrak dulu"),
    ("plain-zip", lambda: _zip({"a.txt": b"x", "b.txt": b"y"}), "not_xlsx", "zip", "arsip zip biasa (2 file di dalamnya)"),
    ("html-named-xls", lambda: b"<html><body><table><tr><td>nik</td></tr></table></body></html>", "not_xlsx", "html", "halaman web (HTML)"),
    ("gzip", lambda: b"\x1f\x8b\x08\x00" + b"\x00" * 20, "not_xlsx", "archive", "arsip terkompresi"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("builder", "code", "fmt", "phrase"), [c[1:] for c in FORMATS], ids=[c[0] for c in FORMATS]
)
def test_a_refusal_names_the_real_format_and_what_to_do(db, builder, code, fmt, phrase):
    report = validate_isolated(builder())
    (error,) = report["file_errors"]
    assert error["code"] == code, error
    assert error.get("format") == fmt
    assert phrase in error["message"], error["message"]
    assert "arsip zip, bukan workbook" not in error["message"]


def test_the_refusal_shows_next_to_the_file_field(client, alice):
    registration = new_registration(alice)
    client.force_login(alice)
    response = client.post(
        reverse("pkwt:edit", args=[registration.pk]),
        {
            "action": "import",
            "worker_file": SimpleUploadedFile("daftar.xls", _ole2("Workbook"), "application/vnd.ms-excel"),
        },
        follow=True,
    )
    body = response.content.decode()
    field = body.index('name="worker_file"')
    message = body.index("File ini berformat Excel 97-2003 (.xls).")
    assert field < message < body.index('value="submit"')


def test_the_ods_writer_keeps_text_exactly(db):
    """Spaces, line breaks and characters XML escapes survive the streamed rows of ``write_rows``."""
    tricky = '  Siti & <Rahma>  "dua"\nbaris'
    rows = [worker(1, ket=tricky)]
    report = validate_isolated(ods_rows(rows))
    assert report["file_errors"] == []
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(ods_rows(rows))).get_sheet_by_index(0)
    assert sheet.to_python()[1][KEYS.index("ket")] == tricky
