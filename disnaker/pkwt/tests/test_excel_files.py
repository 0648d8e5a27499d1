"""Hostile and broken uploads: each is refused as a file-level error with a stable code and an Indonesian
message, quickly, and an import of it changes nothing of the registration."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
import xlsxwriter

from disnaker.core.tests.files import make_image, make_pdf
from disnaker.pkwt import services
from disnaker.pkwt.constants import ImportStatus
from disnaker.pkwt.excel import inspect_workbook, read_sheet
from disnaker.pkwt.models import PkwtContract, PkwtRegistration

from . import hostile as hostile_files
from .helpers import HEADERS, contracts_of, freeze_today, import_rows, new_registration, worker, xlsx

MB = 2**20
KNOWN_CODES = {
    "file_too_large", "not_xlsx_legacy", "not_xlsx", "corrupt_zip", "zip_entries", "zip_bomb", "sheet_too_wide",
    "too_many_rows", "password", "unreadable", "empty", "missing_columns", "sheet_too_large", "macro_workbook",
    "xml_doctype", "no_data_rows",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def good_file(count: int = 3) -> bytes:
    return xlsx([worker(index + 1) for index in range(count)])


def _zip(entries: dict[str, bytes], **kwargs) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _entry_data_span(data: bytes, name: str) -> tuple[int, int]:
    """Where the compressed bytes of ``name`` are inside the zip."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    return start, start + info.compress_size


def flipped_sheet_data() -> bytes:
    data = bytearray(good_file(30))
    start, end = _entry_data_span(bytes(data), "xl/worksheets/sheet1.xml")
    middle = (start + end) // 2
    for offset in range(middle, middle + 16):
        data[offset] ^= 0xFF
    return bytes(data)


def encrypted_flag() -> bytes:
    """Every entry flagged as encrypted (a zip password, not Excel's)."""
    data = bytearray(good_file())
    index = 0
    while (index := data.find(b"PK\x01\x02", index)) >= 0:
        (flags,) = struct.unpack_from("<H", data, index + 8)
        struct.pack_into("<H", data, index + 8, flags | 1)
        index += 4
    return bytes(data)


def _bomb(megabytes: int, *, lie: bool = False) -> bytes:
    """A zip with xl/workbook.xml and a worksheet entry of ``megabytes`` MB of spaces, written in a stream
    (about 1 KB compressed per MB). With ``lie`` its headers claim 1000 bytes unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(
                b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nik</t></is></c></row>'
            )
            chunk = b" " * MB
            for _ in range(megabytes):
                out.write(chunk)
            out.write(b"</sheetData></worksheet>")
    data = bytearray(buffer.getvalue())
    if lie:
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
        struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
        central = data.find(b"PK\x01\x02" + data[info.header_offset + 4 : info.header_offset + 6], 0)
        while central >= 0:
            (name_length,) = struct.unpack_from("<H", data, central + 28)
            if data[central + 46 : central + 46 + name_length] == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
                break
            central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(300)


def too_many_entries() -> bytes:
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    entries.update({f"xl/media/image{index}.png": b"x" for index in range(600)})
    return _zip(entries)


def _sheet_with_far_cell(row: int, col: int) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("Data Pekerja")
    for index, header in enumerate(HEADERS):
        sheet.write_string(0, index, header)
    for index, value in enumerate(worker(1)):
        if isinstance(value, str) and value:
            sheet.write_string(1, index, value)
    sheet.write(row, col, "x")
    workbook.close()
    return output.getvalue()


def empty_workbook() -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.add_worksheet("Data Pekerja")
    workbook.close()
    return output.getvalue()


# (id, builder, code, Indonesian phrase in the message, settings overrides)
CASES = [
    ("plain-text", lambda: b"nik;nama_pegawai\n3216015508950003;Siti\n", "not_xlsx", "berformat CSV", {}),
    ("empty-file", lambda: b"", "not_xlsx", "File ini kosong (0 byte)", {}),
    ("pdf", make_pdf, "not_xlsx", "File ini dokumen PDF", {}),
    ("png-renamed", lambda: make_image("PNG"), "not_xlsx", "File ini gambar PNG", {}),
    ("html", lambda: b"<html><body><table><tr><td>nik</td></tr></table></body></html>", "not_xlsx", "halaman web (HTML)", {}),
    ("xls-ole2", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096, "not_xlsx_legacy", "File ini berformat Excel 97-2003 (.xls). Buka di Excel atau LibreOffice, lalu simpan sebagai .xlsx atau .ods.", {}),
    ("zip-not-workbook", lambda: _zip({"word/document.xml": b"<document/>"}), "not_xlsx", "dokumen Word (.docx)", {}),
    ("truncated-half", lambda: good_file()[: len(good_file()) // 2], "corrupt_zip", "rusak atau tidak lengkap", {}),
    ("truncated-tail", lambda: good_file()[:-10], "corrupt_zip", "rusak atau tidak lengkap", {}),
    ("flipped-bytes", flipped_sheet_data, "corrupt_zip", "rusak atau tidak lengkap", {}),
    ("encrypted-entries", encrypted_flag, "corrupt_zip", "rusak atau tidak lengkap", {}),
    ("zip-bomb", None, "zip_bomb", "Isi file jika dibuka melebihi 64 MB", {"PKWT_IMPORT_MAX_UNPACKED_BYTES": 64 * MB}),
    # The headers claim 1000 bytes: only the streamed count of unpacked bytes can stop it.
    ("zip-bomb-lying-header", lambda: _bomb(40, lie=True), "zip_bomb", "melebihi 8 MB", {"PKWT_IMPORT_MAX_UNPACKED_BYTES": 8 * MB}),
    ("too-many-entries", too_many_entries, "zip_entries", "terlalu banyak bagian (602)", {}),
    ("cell-at-XFD1048576", lambda: _sheet_with_far_cell(1048575, 16383), "sheet_too_wide", "kolom XFD", {}),
    ("cell-at-A1048576", lambda: _sheet_with_far_cell(1048575, 0), "too_many_rows", "sampai baris 1.048.576", {}),
    ("more-rows-than-cap", lambda: good_file(60), "too_many_rows", "melebihi batas 50 baris", {"PKWT_IMPORT_MAX_ROWS": 50}),
    ("file-too-large", good_file, "file_too_large", "File terlalu besar", {"PKWT_IMPORT_MAX_FILE_BYTES": 4096}),
    ("unparseable-workbook", lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"bukan xml"}), "unreadable", "tidak dapat dibaca", {}),
    ("empty-sheet", empty_workbook, "empty", "Sheet data pekerja kosong", {}),
    ("no-header", lambda: xlsx([["a", "b"]], headers=None), "missing_columns", "Kolom wajib tidak ditemukan", {}),
]  # fmt: skip


@pytest.fixture(params=CASES, ids=[case[0] for case in CASES])
def hostile(request, settings, bomb):
    _name, builder, code, phrase, overrides = request.param
    for key, value in overrides.items():
        setattr(settings, key, value)
    data = bomb if builder is None else builder()
    return data, code, phrase


def isolated(function):
    """``function()`` in a forked copy of the test process under a memory limit (see ``hostile.isolated``):
    should a guard of the reader regress, the copy dies and the test fails, not the test run."""
    result = hostile_files.isolated(function)
    assert not isinstance(result, hostile_files.Died), f"the reader did not survive the file: {result.how}"
    return result


def test_the_validator_refuses_it_as_a_file_error(db, hostile):
    data, code, phrase = hostile
    report = isolated(lambda: services.validate_workbook(data, company=None).report())
    assert report["rows"] == 0 and report["valid_rows"] == 0 and report["findings"] == []
    (error,) = report["file_errors"]
    assert error["code"] == code
    assert phrase in error["message"], error["message"]


@pytest.fixture
def registration(alice):
    """A draft with three workers saved from an earlier, clean import."""
    registration = new_registration(alice)
    assert import_rows(registration, alice, good_file(3)).saved
    return registration


def test_an_import_of_it_fails_and_keeps_the_saved_workers(alice, registration, hostile):
    data, code, _phrase = hostile
    before = contracts_of(registration)
    assert len(before) == 3
    total = PkwtContract.objects.count()

    def import_it():
        pkwt_import = import_rows(registration, alice, data, filename="daftar.xlsx")
        registration.refresh_from_db()
        return {
            "import": (
                pkwt_import.status,
                pkwt_import.progress,
                [e["code"] for e in pkwt_import.file_errors],
            ),
            "nothing_kept": not pkwt_import.saved and pkwt_import.rows == 0 and pkwt_import.findings == [],
            "total": PkwtContract.objects.count(),
            "contracts": contracts_of(registration),
            "worker_count": registration.worker_count,
            "current": registration.current_import_id == pkwt_import.pk,
            # The unreadable file blocks the submission.
            "blocked": bool(services.submission_problems(registration)),
        }

    seen = isolated(import_it)
    assert seen["import"] == (ImportStatus.FAILED, 100, [code])
    assert seen["nothing_kept"] and seen["total"] == total and seen["contracts"] == before
    assert seen["worker_count"] == 3 and seen["current"] and seen["blocked"]


# --- Boundaries and no-crash sweeps ------------------------------------------------------------------


def test_exactly_the_row_cap_is_accepted(db, settings):
    settings.PKWT_IMPORT_MAX_ROWS = 50
    report = services.validate_workbook(good_file(50), company=None).report()
    assert report["file_errors"] == [] and report["valid_rows"] == 50


def test_a_few_columns_right_of_the_template_are_tolerated(db):
    data = _sheet_with_far_cell(1, 40)  # AO2, e.g. the company's own notes
    assert inspect_workbook(data).max_column == 40
    assert services.validate_workbook(data, company=None).file_errors == []


def test_a_bomb_at_the_default_limit_is_refused_too(db, bomb, settings):
    settings.PKWT_IMPORT_MAX_UNPACKED_BYTES = 256 * MB
    (error,) = services.validate_workbook(bomb, company=None).file_errors
    assert error["code"] == "zip_bomb"


def test_flipping_any_byte_never_crashes_the_validator(db):
    data = good_file(5)

    def sweep():
        reports = []
        for offset in range(0, len(data), 41):
            damaged = bytearray(data)
            damaged[offset] ^= 0xA5
            reports.append((offset, services.validate_workbook(bytes(damaged), company=None).report()))
        return reports

    for offset, report in isolated(sweep):
        assert all(e["code"] in KNOWN_CODES and e["message"] for e in report["file_errors"]), offset
        assert report["file_errors"] or report["rows"] <= 5


def test_truncating_anywhere_never_crashes_the_reader(db):
    data = good_file(5)
    for length in range(0, len(data), 97):
        try:
            read_sheet(data[:length])
        except services.FileError as exc:
            assert exc.code in KNOWN_CODES
        else:  # pragma: no cover - a truncated zip has no central directory
            pytest.fail(f"truncated at {length} was read")


def test_an_import_of_a_hostile_file_keeps_other_registrations_intact(alice, registration):
    other = new_registration(alice)
    assert import_rows(other, alice, xlsx([worker(index + 10) for index in range(2)])).saved
    before = contracts_of(other)
    import_rows(registration, alice, b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert contracts_of(other) == before
    assert PkwtRegistration.objects.get(pk=other.pk).worker_count == 2
