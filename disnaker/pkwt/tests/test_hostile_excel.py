"""Worker Excels built to take the reader down (issue 10 §1): each is refused with a stable code and an
Indonesian message, through the reader, the Import Excel page (synchronous and background) and the API, and
nothing already saved is lost.

Every hostile file goes to the real reader inside :func:`hostile.isolated`, a forked copy of the test process
under a memory limit: should a guard regress, python-calamine aborts that copy, the test fails with "killed
by SIGABRT" and the run goes on.
"""

from __future__ import annotations

import datetime
import io
import json
import marshal
import os
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disnaker.pkwt import excel, services, xlsx_child
from disnaker.pkwt.constants import ImportStatus
from disnaker.pkwt.sample import sample_rows, sample_workbook

from . import hostile
from .helpers import contracts_of, freeze_today, import_rows, new_registration, worker, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def validate_isolated(data: bytes) -> dict:
    """The validator's report for ``data``, computed where a crash cannot reach the test run."""
    report = hostile.isolated(lambda: services.validate_workbook(data, company=None).report())
    assert not isinstance(report, hostile.Died), f"the reader did not survive the file: {report.how}"
    return report


# (id, builder, code, Indonesian phrase in the message)
CASES = [
    ("the-2kb-attack", hostile.attack_2kb, "sheet_too_wide", "kolom XFD"),
    ("the-attack-padded-past-the-sync-limit", hostile.attack_padded, "sheet_too_wide", "kolom XFD"),
    ("the-attack-with-x-prefixes", hostile.prefixed_attack, "sheet_too_wide", "kolom XFD"),
    ("the-attack-in-a-part-outside-worksheets", hostile.renamed_sheet_part, "sheet_too_wide", "kolom XFD"),
    ("the-attack-behind-junk-bytes", hostile.junk_before_the_root, "unreadable", "tidak dapat dibaca"),
    ("rows-without-r-after-rows-with-r", hostile.rows_without_r_after_rows_with_r, "too_many_rows", "sampai baris 100.020"),
    ("implicit-rows", hostile.implicit_rows, "too_many_rows", "sampai baris 120.001"),
    ("cells-without-r-behind-a-small-dimension", hostile.dimension_lie, "sheet_too_wide", "kolom NTP"),
    ("a-dimension-claiming-the-whole-grid", hostile.dimension_claim, "sheet_too_wide", "kolom XFD"),
    ("spans-claiming-16384-columns", hostile.spans_claim, "sheet_too_wide", "kolom XFD"),
    ("a-lower-case-reference", hostile.lower_case_reference, "sheet_too_wide", "kolom XFD"),
    ("a-lower-case-row-past-the-cap", lambda: hostile.lower_case_reference("a1048576"), "too_many_rows", "sampai baris 1.048.576"),
    ("rows-times-columns-over-the-cap", hostile.cells_over_cap, "sheet_too_large", "3.600.000 sel"),
    ("a-vba-project", hostile.macro_by_vba_project, "macro_workbook", "berformat Excel bermakro (.xlsm"),
    ("a-macro-content-type", hostile.macro_by_content_type, "macro_workbook", "berformat Excel bermakro (.xlsm"),
    ("a-doctype-with-an-entity-in-the-sheet", hostile.doctype_in_sheet, "xml_doctype", "DOCTYPE/ENTITY"),
    ("entity-expansion-in-shared-strings", hostile.entity_in_shared_strings, "xml_doctype", "DOCTYPE/ENTITY"),
    ("a-utf16-sheet", hostile.utf16_sheet, "unreadable", "tidak dapat dibaca"),
    ("headers-and-no-data-rows", hostile.header_only, "no_data_rows", "belum ada satu pun baris data pekerja"),
]  # fmt: skip


@pytest.mark.parametrize(("builder", "code", "phrase"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_reader_refuses_it_with_a_clear_message(db, builder, code, phrase):
    report = validate_isolated(builder())
    assert report["rows"] == 0 and report["findings"] == []
    (error,) = report["file_errors"]
    assert error["code"] == code, error
    assert phrase in error["message"], error["message"]


def test_the_attack_is_the_reported_size_and_is_refused_before_any_parse(db, settings):
    data = hostile.attack_2kb()
    assert len(data) < 2500
    # A parse would need a child process: with none able to start (1 MB), the inspection still refuses it.
    settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB = 1

    def read():
        try:
            excel.read_sheet(data)
        except excel.FileError as exc:
            return exc.code
        return "read"

    assert hostile.isolated(read) == "sheet_too_wide"


def test_an_svg_picture_with_its_own_doctype_is_no_reason_to_refuse(db):
    report = validate_isolated(hostile.with_svg_picture())
    assert report["file_errors"] == [] and report["valid_rows"] == 1


def test_a_normal_workbook_reaches_the_same_extent_by_the_fast_and_the_exact_scan(db):
    data = xlsx([worker(index + 1) for index in range(30)])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    # A comment is legal XML no spreadsheet writes: it sends the sheet to the exact (expat) scan.
    commented = hostile.with_entries(
        data,
        {},
        replace={"xl/worksheets/sheet1.xml": sheet.replace(b"<sheetData>", b"<!-- x --><sheetData>")},
    )
    fast, exact = excel.inspect_workbook(data), excel.inspect_workbook(commented)
    assert (
        (fast.max_row, fast.max_column, fast.cells)
        == (exact.max_row, exact.max_column, exact.cells)
        == (31, 12, 31 * 13)
    )


EXCEL_SHEET = (  # the head of a sheet as Excel 365 saves it (namespaces, x14ac attributes, spans)
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="'
    + hostile.MAIN_NS.encode()
    + b'" '
    b'xmlns:r="'
    + hostile.REL_NS.encode()
    + b'" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    b'mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}">'
    b'<dimension ref="A1:M3"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
    b'<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData>'
    b'<row r="1" spans="1:13" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="M1" t="s"><v>12</v></c></row>'
    b'<row r="3" spans="1:13" x14ac:dyDescent="0.25"><c r="A3" s="1" t="s"><v>13</v></c><c r="C3" s="2"><v>28428</v></c>'
    b'</row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    b"</worksheet>"
)


def test_sheets_as_spreadsheet_programs_write_them_take_the_fast_scan():
    """The fast scan (a few regex passes) must hold for what Excel, openpyxl and xlsxwriter write; the exact
    scan is there for the rest, at a few times the cost."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["nik", "nama_pegawai"])
    workbook.active.append(["3216015508950003", "Siti"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets = {
        "excel": EXCEL_SHEET,
        "openpyxl": zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml"),
        "xlsxwriter": hostile.good_sheet_xml(),
    }
    for name, sheet in sheets.items():
        scan = excel._FastScan()
        scan.feed(sheet)  # raises _NotCanonical if the sheet needed the exact scan
        reach = scan.close()
        assert (reach.rows, reach.column) == {"excel": (3, 12), "openpyxl": (2, 1), "xlsxwriter": (3, 12)}[
            name
        ]


def test_a_sheet_with_prefixes_and_without_references_is_read_like_the_template(db):
    """What some generators write (x: prefixes, no r=) is legal: the exact scan measures it and it imports."""
    rows = []
    for values in (worker(1), worker(2)):
        cells = "".join(
            f'<x:c t="inlineStr"><x:is><x:t>{v}</x:t></x:is></x:c>' if isinstance(v, str) else
            f"<x:c><x:v>{(v - datetime.date(1899, 12, 30)).days if isinstance(v, datetime.date) else v}</x:v></x:c>"
            for v in values
        )  # fmt: skip
        rows.append(f"<x:row>{cells}</x:row>")
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{hostile.MAIN_NS}"><x:sheetData>'
        f"{hostile.header_row('x:')}{''.join(rows)}</x:sheetData></x:worksheet>"
    )
    data = hostile.package(sheet)
    assert excel.inspect_workbook(data).max_row == 3
    report = validate_isolated(data)
    assert report["file_errors"] == [] and report["rows"] == 2


@pytest.mark.parametrize("before_boundary", [1, 2, 5, 9, 17])
def test_a_far_reference_cut_by_a_chunk_boundary_is_still_seen(db, before_boundary):
    """The sheet is read 1 MB at a time; a cell reference split between two reads is measured whole."""
    head = hostile.sheet_xml("").split("<sheetData>")[0] + "<sheetData>" + hostile.header_row()
    filler = '<row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c></row><row r="3">'
    padding = (1 << 20) - before_boundary - len(head) - len(filler.format(""))
    sheet = head + filler.format("x" * padding) + '<c r="XFD3"><v>1</v></c></row></sheetData></worksheet>'
    assert sheet.index('<c r="XFD3"') == (1 << 20) - before_boundary
    with pytest.raises(excel.FileError) as refused:
        excel.inspect_workbook(hostile.package(sheet))
    assert refused.value.code == "sheet_too_wide"


def test_the_exact_scan_stops_at_the_parse_timeout(db, settings):
    """A sheet that needs the exact scan (here: prefixed, without r=) is measured within the time limit too."""
    settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS = 0.001
    rows = "<x:row><x:c><x:v>1</x:v></x:c></x:row>" * 200_000
    sheet = f'<x:worksheet xmlns:x="{hostile.MAIN_NS}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    with pytest.raises(excel.FileError) as refused:
        excel.inspect_workbook(hostile.package(sheet))
    assert refused.value.code == "unreadable" and "dalam batas waktu" in refused.value.message


def test_pkwt_validate_on_the_command_line_survives_the_attack(tmp_path):
    """The real command in its own process (under an address-space limit, should the guard regress)."""
    path = tmp_path / "serangan.xlsx"
    path.write_bytes(hostile.attack_2kb())
    limited = (
        "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, resource.RLIM_INFINITY)); "
        "sys.argv = ['manage.py', 'pkwt_validate', sys.argv[1], '--json']; runpy.run_path('manage.py', run_name='__main__')"
    )
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3", "DEBUG": "1"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "-c", limited, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=django_settings.BASE_DIR,
        env=environment,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert [e["code"] for e in json.loads(done.stdout)["file_errors"]] == ["sheet_too_wide"]
    assert "File tidak dapat dibaca" in done.stderr


@pytest.mark.parametrize("bound", [0, 1, 9, 10, 99, 100, 109, 1999, 100_001, 1_048_576])
def test_the_pattern_for_rows_beyond_a_bound_matches_exactly_the_larger_numbers(bound):
    import re

    pattern = re.compile(excel._greater_than(bound))
    for number in {
        *range(max(bound - 150, 0), bound + 150),
        bound * 10,
        bound * 10 + 9,
        10 ** len(str(bound)),
    }:
        assert bool(pattern.fullmatch(str(number).encode())) == (number > bound), number


# --- The child process: its limits, and what it hands back --------------------------------------------


def test_a_parse_over_the_memory_limit_ends_as_a_clean_file_error(db, settings):
    """With the inspection's caps lifted (a trick nobody thought of), calamine would lay out 8,000,000
    cells: the child hits its address-space limit and dies; the caller gets 'berkas tidak dapat dibaca'."""
    settings.PKWT_IMPORT_MAX_COLUMNS = settings.PKWT_IMPORT_MAX_CELLS = 10**9
    settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB = 128
    wide = "<row>" + "<c><v>1</v></c>" * 2_000 + '</row><row r="4000"><c><v>1</v></c></row>'
    report = validate_isolated(hostile.package(hostile.sheet_xml(wide)))
    (error,) = report["file_errors"]
    assert error["code"] == "unreadable"
    assert "Berkas tidak dapat dibaca" in error["message"] and "128 MB" in error["message"]


def test_a_parse_past_the_timeout_is_killed_and_reaped(db, settings):
    settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS = 0.05
    data = sample_workbook(sample_rows(20_000, start=datetime.date(2026, 1, 5)))

    def parse_then_look_for_children():
        try:
            excel.parse_rows(data)
        except excel.FileError as exc:
            outcome = exc.as_dict()
        else:
            outcome = None
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return outcome, "no child left"
        return outcome, "a child is still there"

    outcome, children = hostile.isolated(parse_then_look_for_children)
    assert outcome is not None and outcome["code"] == "unreadable"
    assert "dalam batas waktu" in outcome["message"]
    assert children == "no child left"


def test_the_child_hands_back_exactly_what_calamine_reads(db):
    import python_calamine  # the reference parse, in this process: the file is a normal one

    rows = list(sample_rows(50, start=datetime.date(2026, 1, 5)))
    rows[3][12] = "ket: 'kutip' & <tanda>"
    data = sample_workbook(rows)
    expected = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    expected = expected.get_sheet_by_name("Data Pekerja").to_python(skip_empty_area=False)
    got = excel.parse_rows(data)
    assert [list(row) for row in got] == expected  # the rows come back as tuples
    assert [type(v) for v in got[1]] == [type(v) for v in expected[1]]
    assert isinstance(got[1][2], datetime.date)


def test_every_cell_type_survives_the_trip_from_the_child():
    rows = [
        ["nik", 1.5, True, "", datetime.date(2026, 1, 5)],
        ["x", 2.0, False, datetime.datetime(2026, 1, 5, 7, 30), datetime.time(8, 15)],
        ["short row", datetime.timedelta(hours=36)],
    ]
    columns, encoded = xlsx_child.encode(rows)
    decoded = xlsx_child.decode(*marshal.loads(marshal.dumps((columns, encoded))))  # noqa: S302
    assert [list(row) for row in decoded[:2]] == rows[:2]  # the rows come back as tuples
    assert list(decoded[2]) == [
        "short row",
        datetime.timedelta(hours=36),
        "",
        "",
        "",
    ]  # padded as the validator pads
    assert [type(v) for v in decoded[1]] == [str, float, bool, datetime.datetime, datetime.time]
    assert xlsx_child.decode(*xlsx_child.encode([])) == []


def test_the_child_gets_none_of_the_servers_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://secret@db/disnaker")
    environment = excel._child_environment()
    assert "DATABASE_URL" not in environment and "SECRET_KEY" not in environment


# --- Through the doors: the Import Excel page (sync and background) -------------------------------------


@pytest.fixture
def registration(alice):
    """A draft with three workers saved from an earlier, clean import."""
    registration = new_registration(alice)
    assert import_rows(registration, alice, xlsx([worker(index + 1) for index in range(3)])).saved
    return registration


DOOR_CASES = [
    ("the-2kb-attack", hostile.attack_2kb, "sheet_too_wide"),
    ("the-attack-padded-into-the-background-task", hostile.attack_padded, "sheet_too_wide"),
    ("a-vba-project", hostile.macro_by_vba_project, "macro_workbook"),
    ("a-doctype", hostile.doctype_in_sheet, "xml_doctype"),
    ("headers-and-no-data-rows", hostile.header_only, "no_data_rows"),
]


@pytest.mark.parametrize(("builder", "code"), [c[1:] for c in DOOR_CASES], ids=[c[0] for c in DOOR_CASES])
def test_import_excel_refuses_it_and_keeps_the_saved_workers(
    client, alice, registration, settings, builder, code, django_capture_on_commit_callbacks
):
    data = builder()
    before = contracts_of(registration)
    client.force_login(alice)

    def upload():
        # A large file's task is queued after commit, which a test's transaction never reaches: run it when
        # the POST is done, then follow the redirect to the page it leads to.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("pkwt:edit", args=[registration.pk]),
                {
                    "action": "import",
                    "worker_file": SimpleUploadedFile("daftar.xlsx", data, content_type=XLSX),
                },
            )
        if response.status_code == 302:
            response = client.get(response.url)
        pkwt_import = registration.imports.order_by("-pk").first()
        registration.refresh_from_db()
        return {
            "status": response.status_code,
            "body": response.content.decode(),
            "import": (
                pkwt_import.status,
                pkwt_import.background,
                [e["code"] for e in pkwt_import.file_errors],
            ),
            "contracts": contracts_of(registration),
            "worker_count": registration.worker_count,
        }

    seen = hostile.isolated(upload)
    assert not isinstance(seen, hostile.Died), f"the page did not survive the file: {seen.how}"
    assert seen["status"] == 200
    status, background, codes = seen["import"]
    assert status == ImportStatus.FAILED and codes == [code]
    assert background == (len(data) > settings.PKWT_IMPORT_SYNC_MAX_ROWS * 75)
    assert "File tidak dapat dibaca" in seen["body"] and "Import Excel berhasil" not in seen["body"]
    assert seen["contracts"] == before and seen["worker_count"] == 3


def test_the_attack_padded_past_the_sync_limit_really_goes_to_the_background(settings):
    assert len(hostile.attack_padded()) > settings.PKWT_IMPORT_SYNC_MAX_ROWS * 75 > len(hostile.attack_2kb())


def test_a_workbook_without_data_rows_is_not_a_successful_import_of_0_workers(client, alice):
    draft = new_registration(alice)
    client.force_login(alice)
    response = client.post(
        reverse("pkwt:edit", args=[draft.pk]),
        {"action": "import", "worker_file": SimpleUploadedFile("kosong.xlsx", hostile.header_only(), XLSX)},
        follow=True,
    )
    body = response.content.decode()
    assert "Import Excel berhasil" not in body
    assert "belum ada satu pun baris data pekerja" in body and "mulai baris 2" in body


def test_a_column_of_dates_only_travels_as_ordinals():
    rows = [[datetime.date(1990, 1, 31), "a"], [datetime.date(2026, 12, 3), "b"]]
    columns, encoded = xlsx_child.encode(rows)
    assert encoded == [(0, "ordinal")]
    assert columns[0] == [datetime.date(1990, 1, 31).toordinal(), datetime.date(2026, 12, 3).toordinal()]
    decoded = xlsx_child.decode(*marshal.loads(marshal.dumps((columns, encoded))))  # noqa: S302
    assert [list(row) for row in decoded] == rows
