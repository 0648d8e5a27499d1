"""Issue 12, the Excel template v2: the seed's 13 columns first and unchanged, the optional columns after them
with drop-downs for jenis_pkwt, dasar_pkwt and satuan_upah, an instruction sheet that documents every column
and shows one example row per kind of PKWT, and a test workbook per kind that the validator passes with no
error. Files made with the old 13-column template import as before."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
import python_calamine
from django.urls import reverse
from django.utils import timezone

from disnaker.pkwt import ods_writer, services
from disnaker.pkwt.columns import COLUMN_BY_KEY, COLUMNS, KEYS, SEED_KEYS
from disnaker.pkwt.constants import PkwtBasis, PkwtKind, WageUnit
from disnaker.pkwt.excel import build_annotated, build_template, column_letter, read_sheet
from disnaker.pkwt.models import PkwtContract
from disnaker.pkwt.sample import EXAMPLE_KINDS, kind_rows, sample_rows, sample_workbook

from .helpers import import_rows, new_registration, xlsx

SEED_HEADERS = [
    "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
    "akhir_kontrak", "pwkt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket",
]  # fmt: skip
DROP_DOWNS = {"jenis_pkwt": PkwtKind, "dasar_pkwt": PkwtBasis, "satuan_upah": WageUnit}
TODAY = datetime.date(2026, 12, 3)
#: The kind each example stores (a TKA here is on a time-based PKWT).
STORED_KIND = {"jangka_waktu": "jangka_waktu", "pekerjaan_tertentu": "pekerjaan_tertentu",
               "harian_lepas": "harian_lepas", "tka": "jangka_waktu"}  # fmt: skip


def errors(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


def _letter(key: str) -> str:
    return column_letter(KEYS.index(key))


def _guide_tables(rows: list[list]) -> tuple[list[list], list[list]]:
    """The instruction sheet's column table and its example rows (under the second header row)."""
    header = rows.index(next(r for r in rows if r[:2] == ["Kolom", "Wajib"]))
    table = rows[header + 1 : header + 1 + len(COLUMNS)]
    examples_header = next(i for i, r in enumerate(rows) if i > header and r[:2] == ["nik", "nama_pegawai"])
    examples = [r for r in rows[examples_header + 1 :] if any(v not in ("", None) for v in r)]
    return table, examples


# --- The columns -------------------------------------------------------------------------------------


def test_the_seeds_13_columns_come_first_and_unchanged_then_the_optional_ones():
    assert KEYS[:13] == SEED_KEYS
    assert [c.header for c in COLUMNS[:13]] == SEED_HEADERS
    assert len(COLUMNS) > 13
    assert not any(c.required for c in COLUMNS[13:])
    assert set(DROP_DOWNS) <= set(KEYS[13:])


def test_the_xlsx_template_has_the_columns_and_the_three_drop_downs():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(today=TODAY)))
    sheet = workbook["Data Pekerja"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    lists = {
        str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation if dv.type == "list"
    }
    assert lists[f"{_letter('jenis_kelamin')}2"].formula1 == '"L,P"'
    for key, choices in DROP_DOWNS.items():
        validation = lists[f"{_letter(key)}2"]
        assert validation.formula1 == '"' + ",".join(choices.values) + '"', key
        assert str(validation.sqref).endswith("5001")
        # The label is accepted too ("Harian Lepas"), so a value off the list warns instead of stopping.
        assert validation.errorStyle == "warning" and validation.showDropDown in (None, False)
        assert validation.prompt and validation.error
    whole = {
        str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation if dv.type == "whole"
    }
    assert (
        whole[f"{_letter('hari_kerja_per_minggu')}2"].formula1,
        whole[f"{_letter('hari_kerja_per_minggu')}2"].formula2,
    ) == ("5", "6")
    dates = {str(dv.sqref).split(":")[0] for dv in sheet.data_validations.dataValidation if dv.type == "date"}
    assert f"{_letter('tanggal_perjanjian')}2" in dates

    def column_format(index):  # 1-based; openpyxl merges adjacent columns with the same format
        return next(d.number_format for d in sheet.column_dimensions.values() if d.min <= index <= d.max)

    for key in ("jenis_pkwt", "dasar_pkwt", "satuan_upah", "no_paspor", "lingkup_pekerjaan"):
        assert column_format(KEYS.index(key) + 1) == "@", key
    assert "dd/mm/yyyy" in column_format(KEYS.index("tanggal_perjanjian") + 1)


def test_the_ods_template_has_the_columns_and_the_three_drop_downs():
    data = ods_writer.build_template(today=TODAY)
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    for key, choices in DROP_DOWNS.items():
        values = ";".join(f'"{v}"' for v in choices.values)
        assert f"table:condition='of:cell-content-is-in-list({values})'" in content, key
        assert f'table:content-validation-name="val_{key}"' in content
        assert f"table:base-cell-address=\"'Data Pekerja'.{_letter(key)}2\"" in content
    assert "cell-content-is-between(5;6)" in content and "cell-content-is-between(0;31)" in content
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.get_sheet_by_name("Data Pekerja").to_python()[0] == [c.header for c in COLUMNS]


# --- The instruction sheet ---------------------------------------------------------------------------


def _xlsx_guide() -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(today=TODAY)))
    rows = []
    for row in workbook["Petunjuk"].iter_rows(values_only=True):
        values = ["" if v is None else v for v in row]
        rows.append([v.date() if isinstance(v, datetime.datetime) else v for v in values])
    return rows


def _ods_guide() -> list[list]:
    data = ods_writer.build_template(today=TODAY)
    return (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        .get_sheet_by_name("Petunjuk")
        .to_python()
    )


@pytest.mark.parametrize("guide", [_xlsx_guide, _ods_guide], ids=["xlsx", "ods"])
def test_the_instruction_sheet_documents_every_column_with_its_choices(guide):
    table, examples = _guide_tables(guide())
    assert [r[0] for r in table] == [c.header for c in COLUMNS]
    for row, column in zip(table, COLUMNS, strict=True):
        assert row[1] == ("Ya" if column.required else "Tidak")
        assert row[2] == column.help and row[2]
    for key, choices in DROP_DOWNS.items():
        (row,) = [r for r in table if r[0] == key]
        for value, label in choices.choices:
            assert f"{value} = {label}" in row[4], (key, value)
    # One example per kind of PKWT, each named in its ket column.
    assert len(examples) == len(EXAMPLE_KINDS) == 4
    ket = KEYS.index("ket")
    assert [r[ket] for r in examples] == [
        "Contoh: PKWT berdasarkan jangka waktu",
        "Contoh: PKWT berdasarkan selesainya suatu pekerjaan tertentu",
        "Contoh: PKWT harian lepas",
        "Contoh: Tenaga kerja asing (TKA), PKWT berdasarkan jangka waktu",
    ]
    kinds = [r[KEYS.index("jenis_pkwt")] for r in examples]
    assert kinds == ["jangka_waktu", "pekerjaan_tertentu", "harian_lepas", "jangka_waktu"]
    tka = examples[3]
    assert (
        tka[KEYS.index("nik")] in ("", None) and tka[KEYS.index("no_paspor")] and tka[KEYS.index("no_rptka")]
    )
    assert examples[2][KEYS.index("satuan_upah")] == "harian"


@pytest.mark.parametrize("guide", [_xlsx_guide, _ods_guide], ids=["xlsx", "ods"])
def test_the_instruction_sheets_examples_copied_into_the_data_sheet_are_valid(alice, guide):
    """A clerk who copies the four example rows into the data sheet gets no error."""
    _table, examples = _guide_tables(guide())
    rows = [[v for v in row[: len(COLUMNS)]] for row in examples]
    for row in rows:  # calamine reads the .ods numbers as floats, as it does any upload
        for index, value in enumerate(row):
            if isinstance(value, float) and value.is_integer():
                row[index] = int(value)
    report = services.validate_workbook(
        xlsx(rows, headers=[c.header for c in COLUMNS]), company=alice.company
    ).report()
    assert report["file_errors"] == [] and report["rows"] == 4
    assert errors(report) == [] and report["valid_rows"] == 4


# --- A test workbook per kind of PKWT ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("kind", EXAMPLE_KINDS)
def test_a_workbook_of_each_kind_passes_the_validator_and_imports(alice, kind, fmt):
    start = timezone.localdate()
    rows = kind_rows(kind, 3, start=start, seed=12)
    data = sample_workbook(rows, fmt=fmt)
    report = services.validate_workbook(data, company=alice.company).report()
    assert report["file_errors"] == [] and report["rows"] == 3
    assert errors(report) == [], report["findings"]
    assert report["valid_rows"] == 3

    registration = new_registration(alice)
    pkwt_import = import_rows(registration, alice, data, filename=f"pekerja.{fmt}")
    assert pkwt_import.saved and pkwt_import.error_count == 0
    contracts = list(PkwtContract.objects.filter(registration=registration).order_by("row"))
    assert len(contracts) == 3
    assert {c.kind for c in contracts} == {STORED_KIND[kind]}
    if kind == "tka":
        assert all(c.nik == "" and c.passport_number and c.nationality and c.rptka_number for c in contracts)
    if kind == "pekerjaan_tertentu":
        assert all(c.job_scope and c.completion_condition for c in contracts)
    if kind == "harian_lepas":
        assert all(c.wage_unit == "harian" and c.days_per_month == 20 for c in contracts)


# --- Files of the old template -----------------------------------------------------------------------


def test_a_13_column_file_imports_unchanged_and_its_annotated_copy_looks_as_before(alice):
    rows = list(sample_rows(5, start=timezone.localdate()))
    data = sample_workbook(rows, headers=SEED_HEADERS)
    assert read_sheet(data).columns == {key: index for index, key in enumerate(SEED_KEYS)}
    report = services.validate_workbook(data, company=alice.company).report()
    assert report["file_errors"] == [] and report["valid_rows"] == 5 and errors(report) == []
    registration = new_registration(alice)
    assert import_rows(registration, alice, data).saved
    stored = PkwtContract.objects.filter(registration=registration).order_by("row")
    assert [c.nik for c in stored] == [r[0] for r in rows]
    assert {(c.kind, c.wage_unit) for c in stored} == {("jangka_waktu", "bulanan")}

    annotated = openpyxl.load_workbook(io.BytesIO(build_annotated(read_sheet(data), [])))["Data Pekerja"]
    assert [c.value for c in annotated[1]] == [*SEED_HEADERS, "temuan"]


def test_the_annotated_copy_keeps_the_optional_columns_the_upload_fills_in():
    rows = kind_rows("pekerjaan_tertentu", 2, start=TODAY)
    sheet = read_sheet(sample_workbook(rows))
    findings = [{"row": 3, "column": "masa_percobaan", "severity": "error", "message": "contoh", "code": "x"}]
    annotated = openpyxl.load_workbook(io.BytesIO(build_annotated(sheet, findings)))["Data Pekerja"]
    headers = [c.value for c in annotated[1]]
    filled = [c.header for c in COLUMNS if any(r[KEYS.index(c.key)] not in ("", None) for r in rows)]
    assert headers == [*SEED_HEADERS, *[h for h in filled if h not in SEED_HEADERS], "temuan"]
    scope = headers.index("lingkup_pekerjaan") + 1
    assert annotated.cell(row=2, column=scope).value == rows[0][KEYS.index("lingkup_pekerjaan")]
    assert "masa_percobaan" in annotated.cell(row=3, column=len(headers)).value


def test_the_downloaded_templates_are_todays(client, alice):
    """The template's examples start on the download date, so they are never contracts that have ended."""
    client.force_login(alice)
    for name in ("pkwt:template", "pkwt:template_ods"):
        data = client.get(reverse(name)).content
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        _table, examples = _guide_tables(workbook.get_sheet_by_name("Petunjuk").to_python())
        starts = {r[KEYS.index("awal_kontrak")] for r in examples}
        starts = {d.date() if isinstance(d, datetime.datetime) else d for d in starts}
        assert starts == {timezone.localdate()}, name
    assert COLUMN_BY_KEY["awal_kontrak"].kind == "date"


# --- The decree's appendix names the kind and a TKA's masked passport (issue 12, "The decree") ----------


def test_the_signed_decree_s_appendix_names_each_kind_and_masks_a_tka_s_passport(alice, vera, hana):
    from pypdf import PdfReader

    from disnaker.core.nik import identity_mask
    from disnaker.pkwt.documents import APPENDIX_KIND_LEGEND

    start = timezone.localdate()
    rows = [row for n, kind in enumerate(EXAMPLE_KINDS) for row in kind_rows(kind, 1, start=start, seed=7,
                                                                            serial_offset=n * 10)]  # fmt: skip
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_workbook(rows)).saved
    registration = services.registration_submit(registration=registration, actor=alice)
    services.registration_verify(registration=registration, actor=vera)
    decree = services.registration_approve(registration=registration, actor=hana)
    with decree.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[1:])
    assert " ".join(APPENDIX_KIND_LEGEND.split()) in text
    assert "PKWT selesainya pekerjaan tertentu (akhir: perkiraan)" in text
    assert "PKWT harian lepas" in text
    tka = PkwtContract.objects.get(registration=registration, nik="")
    assert f"TKA ({tka.nationality})" in text
    assert identity_mask(tka.passport_number) in text and tka.passport_number not in text
    for contract in PkwtContract.objects.filter(registration=registration).exclude(nik=""):
        assert identity_mask(contract.nik) in text and contract.nik not in text


def test_identity_mask_keeps_the_nik_s_6_and_4_and_a_passport_s_2_and_2():
    from disnaker.core.nik import identity_mask

    assert identity_mask("3216015508950003") == "321601******0003"
    assert identity_mask("C1234567") == "C1****67"
    assert identity_mask("AB1") == "***"


def test_the_verifier_sees_each_row_s_kind_basis_and_a_tka_s_masked_passport(alice, vera, client):
    from disnaker.core.constants import AuditAction
    from disnaker.core.models import AuditLog
    from disnaker.core.nik import identity_mask

    start = timezone.localdate()
    rows = [row for n, kind in enumerate(EXAMPLE_KINDS) for row in kind_rows(kind, 1, start=start, seed=8,
                                                                            serial_offset=n * 10)]  # fmt: skip
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_workbook(rows)).saved
    registration = services.registration_submit(registration=registration, actor=alice)
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    tka = PkwtContract.objects.get(registration=registration, nik="")
    assert identity_mask(tka.passport_number) in page and tka.passport_number not in page
    assert f"TKA · {tka.nationality}" in page and tka.rptka_number in page
    assert str(PkwtKind.HARIAN_LEPAS.label) in page and str(PkwtKind.PEKERJAAN_TERTENTU.label) in page
    for contract in PkwtContract.objects.filter(registration=registration).exclude(basis=""):
        assert f"Dasar: {contract.get_basis_display()}" in page
    # Revealing the TKA's identity shows the passport once, audited by the field's name (never the value).
    response = client.post(reverse("pkwt:office_reveal_nik", args=[registration.pk, tka.pk]))
    assert tka.passport_number in response.content.decode()
    entry = AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED).latest("pk")
    assert entry.data["field"] == "passport_number" and tka.passport_number not in str(entry.data)


def test_the_warning_filter_names_each_warning_in_words(alice, vera, client):
    from disnaker.pkwt.constants import WARNING_LABELS

    rows = kind_rows("harian_lepas", 2, start=timezone.localdate(), seed=9)  # runs into a year without UMK
    registration = new_registration(alice, with_documents=True)
    assert import_rows(registration, alice, sample_workbook(rows)).saved
    registration = services.registration_submit(registration=registration, actor=alice)
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    codes = {
        code
        for c in PkwtContract.objects.filter(registration=registration)
        for code in c.warning_codes.split(",")
        if code
    }
    assert codes, "the rows should carry at least one warning"
    for code in codes:
        assert f'value="{code}"' in page
        assert f">{code} (" not in page  # never the bare code as the option's text
        if code in WARNING_LABELS:
            assert f"{WARNING_LABELS[code]} · {code} (" in page
    assert "/hari" in page  # a daily wage says so
