"""Every rule of the worker Excel, one by one: the exact row (header = 1) and column each finding names,
its code and severity; then the parsing of real .xlsx files; then property tests."""

from __future__ import annotations

import datetime
import math
import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from disnaker.accounts.constants import CompanyScale
from disnaker.accounts.tests.factories import CompanyFactory
from disnaker.core.models import CalendarOverride
from disnaker.core.workdays import WorkCalendar
from disnaker.pkwt import services
from disnaker.pkwt.columns import SEED_KEYS as KEYS  # the seed layout (issue 12 adds optional columns)
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.rules import ERROR, WARNING, CellError, HistoryContract, parse_date, parse_money

from .helpers import (
    BIRTH,
    END,
    HEADERS,
    START,
    D,
    check,
    codes,
    freeze_today,
    import_rows,
    new_registration,
    nik_for,
    row_dict,
    submitted_registration,
    valid_row,
    validate_rows,
    worker,
    xlsx,
)

REQUIRED = (
    "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
    "akhir_kontrak", "pkwt_ke", "upah",
)  # fmt: skip
TEXT_COLUMNS = ("nama_pegawai", "tempat_lahir", "jabatan")
DATE_COLUMNS = ("tgl_lahir", "awal_kontrak", "akhir_kontrak")
UMK_2026 = 5_938_885


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)  # file-level tests: "today" is 06/01/2026


def only(validator_or_findings) -> tuple:
    """The single finding, as (row, column, code, severity)."""
    findings = getattr(validator_or_findings, "findings", validator_or_findings)
    found = codes(findings)
    assert len(found) == 1, found
    return found[0]


def message(validator) -> str:
    (finding,) = validator.findings
    return finding.message


def test_a_valid_row_has_no_findings_and_becomes_a_contract():
    validator = check([valid_row()])
    assert validator.findings == []
    (contract,) = validator.contracts
    assert (contract.row, contract.nik, contract.sex, contract.birth_date) == (
        2,
        "3216015508950003",
        "P",
        BIRTH,
    )
    assert (contract.start, contract.end, contract.sequence, contract.wage) == (START, END, 1, 6_000_000)
    assert (contract.bpjs_health, contract.bpjs_employment) == ("0001234567890", "12345678901")


# --- Required cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", None, "   "])
@pytest.mark.parametrize("key", REQUIRED)
def test_every_required_cell_left_blank_is_an_error_in_its_column(key, blank):
    overrides = {"nik": nik_for(serial=9), key: blank}
    validator = check([valid_row(), valid_row(**overrides)])
    assert only(validator) == (3, key, "required", ERROR)
    assert "wajib diisi" in message(validator)
    assert [c.row for c in validator.contracts] == [2]


def test_optional_cells_may_be_blank():
    validator = check([valid_row(no_bpjs_kesehatan="", no_bpjs_ketenagakerjaan=None, ket="")])
    assert validator.findings == [] and len(validator.contracts) == 1


# --- Text cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["=", "+", "-", "@"])
@pytest.mark.parametrize("key", [*TEXT_COLUMNS, "ket"])
def test_text_starting_like_a_formula_is_refused(key, char):
    validator = check([valid_row(**{key: f'{char}HYPERLINK("http://contoh.invalid","klik")'})])
    assert only(validator) == (2, key, "formula_injection", ERROR)
    assert f"'{char}'" in message(validator) and "rumus" in message(validator)
    assert validator.contracts == []


@pytest.mark.parametrize("key", TEXT_COLUMNS)
def test_a_formula_behind_leading_spaces_is_still_refused(key):
    assert only(check([valid_row(**{key: "   =1+1"})])) == (2, key, "formula_injection", ERROR)


def test_formula_characters_inside_the_text_are_fine():
    validator = check([valid_row(nama_pegawai="Siti = Rahma-wati @ PT", jabatan="Operator +1")])
    assert validator.findings == []


@pytest.mark.parametrize("key", TEXT_COLUMNS)
def test_text_longer_than_150_characters_is_refused(key):
    assert check([valid_row(**{key: "A" * 150})]).findings == []
    validator = check([valid_row(**{key: "A" * 151})])
    assert only(validator) == (2, key, "too_long", ERROR)
    assert "terlalu panjang" in message(validator)


def test_a_note_longer_than_500_characters_is_refused():
    assert check([valid_row(ket="x" * 500)]).findings == []
    assert only(check([valid_row(ket="x" * 501)])) == (2, "ket", "too_long", ERROR)


# --- NIK -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("321601550895000", "nik_format"),  # 15 digits
        ("32160155089500031", "nik_format"),  # 17 digits
        ("3216O15508950003", "nik_format"),  # letter O
        ("321601¹⁵08950003", "nik_format"),  # superscript digits pass str.isdigit() but not int()
        ("３２１６０１５５０８９５０００３", "nik_format"),  # full-width digits
        ("9916015508950003", "nik_province"),
        ("3216017208950003", "nik_birth_date"),  # day 72 - 40 = 32
        ("3216015513950003", "nik_birth_date"),  # month 13
        ("3216015508950000", "nik_serial"),
    ],
)
def test_malformed_niks(nik, code):
    validator = check([valid_row(nik=nik)])
    assert only(validator) == (2, "nik", code, ERROR)
    assert "NIK" in message(validator)


@pytest.mark.parametrize(
    "nik", ["3216 0155 0895 0003", "3216-0155-0895-0003", "3216.0155.0895.0003", " 3216015508950003 "]
)
def test_a_nik_with_separators_is_accepted_and_stored_as_digits(nik):
    validator = check([valid_row(nik=nik)])
    assert validator.findings == []
    assert validator.contracts[0].nik == "3216015508950003"


@pytest.mark.parametrize("value", [3216015508950003.0, 3216015508950003])
def test_a_nik_stored_as_a_number_cell_is_refused(value):
    validator = check([valid_row(nik=value)])
    assert only(validator) == (2, "nik", "nik_numeric_cell", ERROR)
    assert "Teks" in message(validator) and "15 digit" in message(validator)


def test_the_nik_birth_date_must_match_tgl_lahir():
    for birth in (D(1995, 8, 16), D(1995, 9, 15), D(1996, 8, 15)):
        validator = check([valid_row(tgl_lahir=birth)])
        assert only(validator) == (2, "tgl_lahir", "nik_birth_date_mismatch", ERROR)
        assert "15/08/..95" in message(validator)


def test_a_womans_nik_has_day_plus_40_and_must_match_the_sex():
    woman = nik_for(BIRTH, "P")  # day 55
    man = nik_for(BIRTH, "L")  # day 15
    assert woman[6:8] == "55" and man[6:8] == "15"
    assert check([valid_row(nik=woman, jenis_kelamin="P")]).findings == []
    assert check([valid_row(nik=man, jenis_kelamin="L")]).findings == []
    validator = check([valid_row(nik=woman, jenis_kelamin="L")])
    assert only(validator) == (2, "jenis_kelamin", "nik_sex_mismatch", ERROR)
    assert "ditambah 40" in message(validator)
    assert only(check([valid_row(nik=man, jenis_kelamin="P")])) == (
        2,
        "jenis_kelamin",
        "nik_sex_mismatch",
        ERROR,
    )


# --- Dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["kemarin", "2026/01/05", "05/01/26", "1.5.2026x", "5 Okto 2026", 1.5, -3, True]
)
@pytest.mark.parametrize("key", DATE_COLUMNS)
def test_values_that_are_not_dates(key, value):
    validator = check([valid_row(**{key: value})])
    assert only(validator) == (2, key, "date_format", ERROR)


@pytest.mark.parametrize(
    "value", ["31/02/2026", "29-02-2025", "2026-02-30", "30 Februari 2026", "32/01/2026"]
)
@pytest.mark.parametrize("key", ["awal_kontrak", "akhir_kontrak"])
def test_dates_that_do_not_exist(key, value):
    validator = check([valid_row(**{key: value})])
    assert only(validator) == (2, key, "date_invalid", ERROR)
    assert "tidak ada di kalender" in message(validator)


@pytest.mark.parametrize("value", ["01/01/1899", D(2101, 1, 1), D(9999, 12, 31), datetime.datetime(1, 1, 1)])
def test_dates_outside_1900_2100_are_refused_also_as_date_cells(value):
    # A date cell of 9999-12-31 used to skip the range check and crash the age computation.
    validator = check([valid_row(akhir_kontrak=value)])
    assert only(validator) == (2, "akhir_kontrak", "date_range", ERROR)
    assert only(check([valid_row(tgl_lahir=value)])) == (2, "tgl_lahir", "date_range", ERROR)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2023, 10, 10), D(2023, 10, 10)),
        (datetime.datetime(2023, 10, 10, 8, 30), D(2023, 10, 10)),
        ((D(2023, 10, 10) - D(1899, 12, 30)).days, D(2023, 10, 10)),  # an Excel serial number
        (45209.0, D(2023, 10, 10)),
        ("10/10/2023", D(2023, 10, 10)),
        ("10-10-2023", D(2023, 10, 10)),
        ("10.10.2023", D(2023, 10, 10)),
        ("2023-10-10", D(2023, 10, 10)),
        ("2023-10-10 00:00:00", D(2023, 10, 10)),
        ("5/3/2023", D(2023, 3, 5)),
        ("10 Oktober 2023", D(2023, 10, 10)),
        ("10 Okt 2023", D(2023, 10, 10)),
        ("10 okt. 2023", D(2023, 10, 10)),
        ("10-Okt-2023", D(2023, 10, 10)),
        ("1 Agustus 2023", D(2023, 8, 1)),
        ("17 Agt 2023", D(2023, 8, 17)),
        ("1 Mei 2023", D(2023, 5, 1)),
        ("25 DESEMBER 2023", D(2023, 12, 25)),
        ("  ", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5558515, 5558515),
        (5558515.4, 5558515),
        ("5558515", 5558515),
        ("Rp 5.558.515", 5558515),
        ("Rp5.558.515,-", 5558515),
        ("5.558.515,00", 5558515),
        ("5,558,515", 5558515),
        ("5558515,00", 5558515),
        ("5558515.00", 5558515),
        ("rp 5 558 515", 5558515),
        ("", None),
        ("Rp", None),
    ],
)
def test_parse_money(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize(
    "value", ["lima juta", "5.5.5", "1" * 400, "1" + ".000" * 200, True, math.nan, math.inf]
)
def test_parse_money_refuses(value):
    with pytest.raises(CellError) as exc:
        parse_money(value)
    assert exc.value.code == "upah_format"


# --- Sex -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["P", "p", "Perempuan", "PEREMPUAN", " perempuan ", "Wanita", "pr"])
def test_female_spellings(value):
    assert check([valid_row(jenis_kelamin=value)]).findings == []


@pytest.mark.parametrize("value", ["L", "l", "Laki-laki", "LAKI-LAKI", "laki laki", "Pria", "lk"])
def test_male_spellings(value):
    validator = check([valid_row(nik=nik_for(sex="L"), jenis_kelamin=value)])
    assert validator.findings == [] and validator.contracts[0].sex == "L"


@pytest.mark.parametrize("value", ["X", "W", "Perempuan?", 1, True])
def test_unknown_sex(value):
    validator = check([valid_row(jenis_kelamin=value)])
    assert only(validator) == (2, "jenis_kelamin", "sex_format", ERROR)
    assert "L atau P" in message(validator)


# --- Age and period ------------------------------------------------------------------------------------


def test_a_worker_must_be_18_at_the_start_of_the_contract():
    birth = D(2008, 1, 6)  # 18 on 6 January 2026, the day after START
    validator = check([valid_row(nik=nik_for(birth), tgl_lahir=birth)])
    # A warning, not an error: the row is kept for the verifier's exception (UU 13/2003 Pasal 69–71).
    assert only(validator) == (2, "tgl_lahir", "under_18", WARNING)
    assert "18 tahun" in message(validator) and "pengecualian usia" in message(validator)
    assert [c.row for c in validator.contracts] == [2]
    assert [w.code for w in validator.contracts[0].warnings] == ["under_18"]
    birth = D(2008, 1, 5)  # 18 on START
    assert check([valid_row(nik=nik_for(birth), tgl_lahir=birth)]).findings == []


def test_a_worker_born_on_29_february_turns_18_on_28_february():
    birth = D(2008, 2, 29)
    row = {"nik": nik_for(birth), "tgl_lahir": birth, "akhir_kontrak": D(2026, 12, 31)}
    assert check([valid_row(**row, awal_kontrak=D(2026, 2, 28))]).findings == []
    assert only(check([valid_row(**row, awal_kontrak=D(2026, 2, 27))]))[2] == "under_18"


def test_the_contract_may_not_end_before_it_starts():
    # a one-day contract (checked on its day: once it has ended it gets the contract_ended warning)
    assert check([valid_row(akhir_kontrak=START)], today=START).findings == []
    validator = check([valid_row(akhir_kontrak=START - datetime.timedelta(days=1))])
    assert only(validator) == (2, "akhir_kontrak", "end_before_start", ERROR)
    assert "lebih awal" in message(validator)


# --- pkwt_ke -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (1.0, 1), ("2", 2), (" 3 ", 3), (12.0, 12)])
def test_pkwt_ke_accepted(value, expected):
    validator = check([valid_row(pkwt_ke=value)])
    assert validator.findings == [] and validator.contracts[0].sequence == expected


@pytest.mark.parametrize("value", [0, -1, "0", "-2", 0.0])
def test_pkwt_ke_must_be_at_least_one(value):
    assert only(check([valid_row(pkwt_ke=value)])) == (2, "pkwt_ke", "pkwt_ke_min", ERROR)


@pytest.mark.parametrize("value", ["satu", 1.5, "1a", True, "--1", "²", "1234567890", "1.0", math.nan])
def test_pkwt_ke_must_be_a_whole_number(value):
    validator = check([valid_row(pkwt_ke=value)])
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_format", ERROR)
    assert "bilangan bulat" in message(validator)


# --- Wage ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [5558515, 5558515.0, "Rp 5.558.515", "5.558.515,00", "5558515"])
def test_wage_spellings(value):
    validator = check([valid_row(upah=value)])
    assert validator.findings == [] and validator.contracts[0].wage == 5558515


@pytest.mark.parametrize(
    "value", ["lima juta", "Rp 5.5.5", True, math.nan, math.inf, -math.inf, "1" * 400, 10**11]
)
def test_wage_that_is_not_an_amount(value):
    validator = check([valid_row(upah=value)])
    assert only(validator) == (2, "upah", "upah_format", ERROR)
    assert message(validator).startswith("Upah")


@pytest.mark.parametrize("value", [0, -5, "0", -5.0, 0.0])
def test_wage_must_be_positive(value):
    assert only(check([valid_row(upah=value)])) == (2, "upah", "upah_min", ERROR)


def test_a_wage_below_the_umk_is_a_warning_that_does_not_block():
    context = {"minimum_wages": {2026: UMK_2026}, "region_name": "Kabupaten Bekasi"}
    validator = check([valid_row(upah=5_000_000)], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    assert "UMK Kabupaten Bekasi 2026" in message(validator) and "5.938.885" in message(validator)
    (contract,) = validator.contracts
    assert [w.code for w in contract.warnings] == ["upah_below_umk"]
    assert check([valid_row(upah=UMK_2026)], **context).findings == []
    # No UMK known for the contract's year: said, never silent (issue 12).
    validator = check(
        [valid_row(upah=5_000_000, awal_kontrak=D(2027, 1, 4), akhir_kontrak=D(2027, 6, 30))], **context
    )
    assert only(validator) == (2, "upah", "umk_year_missing", WARNING)
    assert "tahun 2027 belum ada di tabel UMK" in message(validator)


UMK_2027 = 6_300_000  # a made-up figure for the tests


def test_every_calendar_year_the_contract_covers_is_checked_against_its_umk():
    # Crosses 1 January at last year's UMK: fine in 2026, below the 2027 UMK.
    context = {"minimum_wages": {2026: UMK_2026, 2027: UMK_2027}, "region_name": "Kabupaten Bekasi"}
    row = valid_row(upah=UMK_2026, awal_kontrak=D(2026, 7, 1), akhir_kontrak=D(2027, 6, 30))
    validator = check([row], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    text = message(validator)
    assert "UMK Kabupaten Bekasi 2027 (Rp 6.300.000)" in text and "2026" not in text
    # Below both years: one finding naming both.
    validator = check([valid_row(upah=5_000_000, akhir_kontrak=D(2027, 1, 31))], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    assert "2026 (Rp 5.938.885) dan 2027 (Rp 6.300.000)" in message(validator)
    assert check([valid_row(upah=UMK_2027, akhir_kontrak=D(2027, 12, 31))], **context).findings == []


def test_a_year_missing_from_the_umk_table_is_said():
    context = {"minimum_wages": {2026: UMK_2026}, "region_name": "Kabupaten Bekasi"}
    validator = check([valid_row(upah=5_000_000, akhir_kontrak=D(2027, 1, 31))], **context)
    assert codes(validator.findings) == [
        (2, "upah", "upah_below_umk", WARNING),
        (2, "upah", "umk_year_missing", WARNING),
    ]
    missing = validator.findings[1].message
    assert missing == "UMK tahun 2027 belum ada di tabel UMK; upah untuk tahun itu belum diperiksa."
    (contract,) = validator.contracts  # a warning: the row is still valid
    assert [w.code for w in contract.warnings] == ["upah_below_umk", "umk_year_missing"]
    # Years run together: one line however long the contract.
    validator = check([valid_row(akhir_kontrak=D(2030, 12, 31))], **context)
    assert only(validator) == (2, "upah", "umk_year_missing", WARNING)
    assert "tahun 2027–2030 belum ada" in message(validator)
    # No UMK at all for the region (no region known): nothing to compare with, nothing said per row.
    assert check([valid_row(upah=5_000_000, akhir_kontrak=D(2027, 1, 31))]).findings == []
    # Micro and small enterprises are exempt, so no year is missing for them either.
    exempt = check([valid_row(akhir_kontrak=D(2027, 1, 31))], exempt_from_umk=True, **context)
    assert exempt.findings == []


def test_the_umk_findings_are_the_same_for_rows_that_share_a_cached_result():
    context = {"minimum_wages": {2026: UMK_2026}, "region_name": "Kabupaten Bekasi"}
    rows = [worker(serial, upah=5_000_000, akhir_kontrak=D(2027, 1, 31)) for serial in (1, 2)]
    validator = check(rows, **context)
    assert codes(validator.findings) == [
        (2, "upah", "upah_below_umk", WARNING),
        (2, "upah", "umk_year_missing", WARNING),
        (3, "upah", "upah_below_umk", WARNING),
        (3, "upah", "umk_year_missing", WARNING),
    ]
    assert validator.findings[0].message == validator.findings[2].message


def _umk_findings(unit, week, wage, start=START, end=END):
    from disnaker.pkwt.rules import RowValidator, RuleContext

    context = RuleContext(today=D(2026, 1, 6), minimum_wages={2026: UMK_2026}, region_name="Kabupaten Bekasi")
    return RowValidator(context, {})._umk_findings(start, end, wage, unit, week)


def test_daily_and_hourly_wages_are_compared_with_the_floor_of_their_unit():
    # PP 36/2021 Pasal 17: UMK/25 for a 6-day week (Rp 237.556), UMK/21 for a 5-day week (Rp 282.805).
    assert _umk_findings("harian", 6, 237_556) == ()
    ((code, text),) = _umk_findings("harian", 6, 237_555)
    assert code == "upah_below_umk"
    assert text == (
        "Upah harian Rp 237.555 di bawah batas upah harian (UMK Kabupaten Bekasi dibagi 25, 6 hari kerja per "
        "minggu; PP 36/2021 Pasal 17): 2026 Rp 237.556 (UMK Rp 5.938.885)."
    )
    assert _umk_findings("harian", 5, 282_805) == ()
    ((code, text),) = _umk_findings("harian", 5, 282_804)
    assert "dibagi 21, 5 hari kerja per minggu" in text and "2026 Rp 282.805" in text
    # The week unknown: the 5-day week's higher floor, and the message says it was assumed.
    ((code, text),) = _umk_findings("harian", None, 250_000)
    assert "hari_kerja_per_minggu kosong, dianggap 5 hari kerja per minggu" in text
    # PP 36/2021 Pasal 16: UMK/126 per hour (Rp 47.135).
    assert _umk_findings("jam", None, 47_135) == ()
    ((code, text),) = _umk_findings("jam", None, 47_134)
    assert text.startswith(
        "Upah per jam Rp 47.134 di bawah batas upah per jam (UMK Kabupaten Bekasi dibagi 126"
    )
    assert "2026 Rp 47.135" in text
    # A daily wage is never compared with the monthly UMK itself.
    assert _umk_findings("harian", 6, 300_000) == ()


def test_the_wage_unit_column_chooses_the_floor():
    from .helpers import V2_COLUMNS, valid_row_v2

    context = {"minimum_wages": {2026: UMK_2026}, "region_name": "Kabupaten Bekasi", "columns": V2_COLUMNS}
    daily = valid_row_v2(upah=250_000, satuan_upah="harian", hari_kerja_per_minggu=6)
    assert check([daily], **context).findings == []  # above UMK/25
    daily = valid_row_v2(upah=250_000, satuan_upah="Harian", hari_kerja_per_minggu=5)
    validator = check([daily], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    assert "dibagi 21, 5 hari kerja per minggu" in message(validator) and "2026 Rp 282.805" in message(
        validator
    )
    validator = check([valid_row_v2(upah=250_000, satuan_upah="harian")], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    assert "dianggap 5 hari kerja per minggu" in message(validator)
    validator = check([valid_row_v2(upah=40_000, satuan_upah="per jam")], **context)
    assert only(validator) == (2, "upah", "upah_below_umk", WARNING)
    assert "dibagi 126" in message(validator) and "2026 Rp 47.135" in message(validator)
    assert check([valid_row_v2(upah=50_000, satuan_upah="jam")], **context).findings == []


def test_micro_and_small_companies_are_exempt_from_the_umk():
    validator = check([valid_row(upah=2_000_000)], minimum_wages={2026: UMK_2026}, exempt_from_umk=True)
    assert validator.findings == []


# --- BPJS ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("no_bpjs_kesehatan", "12345"),
        ("no_bpjs_kesehatan", "000123456789A"),
        ("no_bpjs_kesehatan", "00012345678901"),
        ("no_bpjs_ketenagakerjaan", "1234567890"),
        ("no_bpjs_ketenagakerjaan", "KPJ12345678"),
    ],
)
def test_bpjs_numbers_of_the_wrong_length_are_a_warning(key, value):
    validator = check([valid_row(**{key: value})])
    assert only(validator) == (2, key, "bpjs_length", WARNING)
    assert "digit" in message(validator)
    assert len(validator.contracts) == 1


def test_bpjs_numbers_with_separators_are_accepted():
    validator = check(
        [valid_row(no_bpjs_kesehatan="0001 2345 6789 0", no_bpjs_ketenagakerjaan="123-456-789-01")]
    )
    assert validator.findings == []
    assert validator.contracts[0].bpjs_health == "0001234567890"
    assert validator.contracts[0].bpjs_employment == "12345678901"


@pytest.mark.parametrize(
    ("key", "value"), [("no_bpjs_kesehatan", 1234567890.0), ("no_bpjs_ketenagakerjaan", 12345678)]
)
def test_bpjs_numbers_stored_as_number_cells_lose_leading_zeros(key, value):
    validator = check([valid_row(**{key: value})])
    assert only(validator) == (2, key, "bpjs_numeric_cell", WARNING)
    assert "angka 0 di depan" in message(validator)


def test_a_bpjs_number_cell_with_all_its_digits_is_fine():
    validator = check([valid_row(no_bpjs_kesehatan=1234567890123, no_bpjs_ketenagakerjaan=12345678901.0)])
    assert validator.findings == []
    assert validator.contracts[0].bpjs_health == "1234567890123"


# --- Late registration (working days, with the holidays calendar) -------------------------------------


@pytest.mark.parametrize(
    ("start", "today", "late"),
    [
        # Nyepi and Idul Fitri 2026: 18–20 and 23–24 March are holidays or cuti bersama.
        (D(2026, 3, 17), D(2026, 3, 27), None),  # 25, 26, 27 March: 3 working days
        (D(2026, 3, 17), D(2026, 3, 30), 4),
        # Christmas 2026: 24 (cuti bersama) and 25 December.
        (D(2026, 12, 22), D(2026, 12, 29), None),  # 23, 28, 29 December
        (D(2026, 12, 22), D(2026, 12, 30), 4),
        (D(2026, 3, 17), D(2026, 3, 17), None),  # registered on the day
        (D(2026, 3, 17), D(2026, 3, 1), None),  # a contract starting later
    ],
)
def test_late_registration_counts_working_days(db, start, today, late):
    row = valid_row(awal_kontrak=start, akhir_kontrak=D(2027, 3, 1))
    validator = check([row], today=today, working_days_after=WorkCalendar().working_days_after)
    if late is None:
        assert validator.findings == []
    else:
        assert only(validator) == (2, "awal_kontrak", "late_registration", WARNING)
        assert f"{late} hari kerja" in message(validator) and "batas pencatatan 3 hari" in message(validator)
        assert validator.contracts[0].warnings[0].code == "late_registration"


def test_late_registration_follows_calendar_overrides(db):
    CalendarOverride.objects.create(date=D(2026, 3, 26), is_holiday=True, name="Libur daerah")
    row = valid_row(awal_kontrak=D(2026, 3, 17), akhir_kontrak=D(2027, 3, 1))
    validator = check([row], today=D(2026, 3, 30), working_days_after=WorkCalendar().working_days_after)
    assert validator.findings == []  # 25, 27, 30 March


def test_late_registration_counts_exactly_for_many_distinct_old_start_dates(db):
    """The count is chained through month starts; it must equal a direct count for every date."""
    calendar = WorkCalendar()
    today = D(2026, 3, 30)
    rng = random.Random(7)
    starts = sorted({D(1990, 1, 1) + datetime.timedelta(days=rng.randint(0, 13_000)) for _ in range(40)})
    rng.shuffle(starts)
    birth = D(1960, 2, 1)
    rows = [
        worker(index + 1, birth=birth, awal_kontrak=start, akhir_kontrak=start + datetime.timedelta(days=30))
        for index, start in enumerate(starts)
    ]
    spans = []

    def counting(start, end):
        spans.append((end - start).days)
        return calendar.working_days_after(start, end)

    validator = check(rows, today=today, working_days_after=counting)
    assert len(validator.contracts) == len(starts)
    # Each distinct start walks to the next month start at most; the decades to today are walked once.
    assert sum(spans) <= (today - min(starts)).days + 31 * len(starts)
    by_row = {f.row: f.message for f in validator.findings}
    for offset, start in enumerate(starts):
        expected = calendar.working_days_after(start, today)
        assert f"Didaftarkan {expected} hari kerja" in by_row[offset + 2], (start, by_row[offset + 2])


# --- Across rows ---------------------------------------------------------------------------------------


def test_the_same_nik_twice_with_overlapping_periods():
    first = valid_row(akhir_kontrak=D(2026, 6, 30))
    second = valid_row(awal_kontrak=D(2026, 6, 30), akhir_kontrak=D(2026, 12, 31), pkwt_ke=2)
    validator = check([first, second])
    assert only(validator) == (3, "awal_kontrak", "nik_overlap", ERROR)
    assert "baris 2" in message(validator) and "05/01/2026–30/06/2026" in message(validator)
    assert [c.row for c in validator.contracts] == [2]


def test_an_identical_duplicate_row_is_an_overlap():
    validator = check([valid_row(), worker(1), valid_row()])
    assert codes(validator.findings) == [
        (4, "awal_kontrak", "nik_overlap", ERROR),
        (4, "pkwt_ke", "pkwt_ke_order", ERROR),  # and PKWT ke-1 twice
    ]


def test_consecutive_contracts_of_one_worker_in_one_file_are_fine():
    first = valid_row(akhir_kontrak=D(2026, 6, 30))
    second = valid_row(awal_kontrak=D(2026, 7, 1), akhir_kontrak=D(2026, 12, 31), pkwt_ke=2)
    validator = check([second, first])  # file order does not matter
    assert validator.findings == [] and len(validator.contracts) == 2


def test_the_sequence_must_grow_with_the_contract_dates():
    later = valid_row(awal_kontrak=D(2026, 7, 1), akhir_kontrak=D(2026, 12, 31), pkwt_ke=1)
    earlier = valid_row(akhir_kontrak=D(2026, 6, 30), pkwt_ke=2)
    validator = check([later, earlier])
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_order", ERROR)
    assert "baris 3" in message(validator)


def test_the_contracts_of_one_worker_in_one_file_may_not_exceed_five_years():
    first = valid_row(awal_kontrak=D(2021, 1, 4), akhir_kontrak=D(2023, 12, 31))
    second = valid_row(awal_kontrak=D(2024, 1, 1), akhir_kontrak=D(2026, 1, 3), pkwt_ke=2)
    today = D(2021, 1, 4)  # registered as they start: no contract_ended warning for the first one
    assert check([first, second], today=today).findings == []  # exactly five years
    second = valid_row(awal_kontrak=D(2024, 1, 1), akhir_kontrak=D(2026, 1, 4), pkwt_ke=2)
    validator = check([first, second], today=today)
    assert only(validator) == (3, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    assert "5 tahun" in message(validator) and "03/01/2026" in message(validator)


# --- The 5-year total: the sum of the terms of a chain (PP 35/2021 Pasal 8(2); MK 168/PUU-XXI/2023) ---------


def test_back_to_back_contracts_may_sum_to_exactly_five_years():
    rows = [
        valid_row(awal_kontrak=D(2026, 1, 5), akhir_kontrak=D(2028, 1, 4)),
        valid_row(awal_kontrak=D(2028, 1, 5), akhir_kontrak=D(2030, 1, 4), pkwt_ke=2),
        valid_row(awal_kontrak=D(2030, 1, 5), akhir_kontrak=D(2031, 1, 4), pkwt_ke=3),
    ]
    assert check(rows).findings == []
    rows[2] = valid_row(awal_kontrak=D(2030, 1, 5), akhir_kontrak=D(2031, 1, 5), pkwt_ke=3)  # one day more
    validator = check(rows)
    assert only(validator) == (4, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    text = message(validator)
    assert "1827 hari, lebih dari 1826 hari" in text and "paling lambat berakhir 04/01/2031" in text
    assert "PP 35/2021 Pasal 8 ayat (2)" in text


def test_gaps_between_contracts_do_not_count_towards_the_five_years():
    # Three 18-month terms with 3-month gaps: 4.5 years worked, 5 years from the first start to the last end.
    rows = [
        valid_row(awal_kontrak=D(2026, 2, 1), akhir_kontrak=D(2027, 7, 31)),
        valid_row(awal_kontrak=D(2027, 11, 1), akhir_kontrak=D(2029, 4, 30), pkwt_ke=2),
        valid_row(awal_kontrak=D(2029, 8, 1), akhir_kontrak=D(2031, 1, 31), pkwt_ke=3),
    ]
    assert check(rows).findings == []
    # With 6-month gaps the span passes 5 years (5.5) while the sum stays 4.5: a warning, not an error.
    rows[1] = valid_row(awal_kontrak=D(2028, 2, 1), akhir_kontrak=D(2029, 7, 31), pkwt_ke=2)
    rows[2] = valid_row(awal_kontrak=D(2030, 2, 1), akhir_kontrak=D(2031, 7, 31), pkwt_ke=3)
    validator = check(rows)
    assert only(validator) == (4, "akhir_kontrak", "pkwt_span_over_limit", WARNING)
    assert "jeda antar kontrak" in message(validator)
    assert [c.row for c in validator.contracts] == [2, 3, 4]  # all still valid
    # The gaps count for the span only: the sum passes 5 years once the terms themselves do.
    rows[2] = valid_row(awal_kontrak=D(2030, 2, 1), akhir_kontrak=D(2032, 7, 31), pkwt_ke=3)
    assert only(check(rows)) == (4, "akhir_kontrak", "pkwt_total_over_limit", ERROR)


def test_a_worker_rehired_after_a_long_break_starts_a_new_chain():
    # Almost five years registered, ended two years ago: the new contract is a new chain.
    history = _history((D(2019, 1, 7), D(2023, 12, 31), 1))
    assert check([valid_row(pkwt_ke=2)], history=history).findings == []
    # Ended half a year ago (a gap within PKWT_CHAIN_BREAK_DAYS): the same chain, over 5 years.
    history = _history((D(2020, 7, 6), D(2025, 7, 5), 1))  # exactly five years
    validator = check([valid_row(pkwt_ke=2)], history=history)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    assert "sejak 06/07/2020 (termasuk kontrak yang sudah tercatat)" in message(validator)
    assert "batas itu sudah habis sebelum kontrak ini dimulai" in message(validator)
    # The break is a setting: with 100 days, half a year off starts a new chain.
    assert check([valid_row(pkwt_ke=2)], history=history, chain_break_days=100).findings == []


def test_a_specific_job_pkwt_over_five_years_is_a_warning_for_the_verifier():
    from .helpers import V2_COLUMNS, valid_row_v2

    job = {
        "jenis_pkwt": "pekerjaan_tertentu",
        "lingkup_pekerjaan": "Pembangunan gedung B",
        "syarat_selesai": "Serah terima gedung B",
    }
    row = valid_row_v2(awal_kontrak=D(2026, 1, 5), akhir_kontrak=D(2031, 1, 5), **job)
    validator = check([row], columns=V2_COLUMNS)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit_unsettled", WARNING)
    assert "Pasal 9 ayat (4)" in message(validator) and "168/PUU-XXI/2023" in message(validator)
    assert [c.row for c in validator.contracts] == [2]  # not blocked
    # Exactly five years: nothing to say.
    row = valid_row_v2(awal_kontrak=D(2026, 1, 5), akhir_kontrak=D(2031, 1, 4), **job)
    assert check([row], columns=V2_COLUMNS).findings == []


def test_a_time_based_pkwt_over_five_years_only_with_a_specific_job_counted_is_a_warning():
    from .helpers import V2_COLUMNS, valid_row_v2

    history = [
        HistoryContract(
            nik_for(), D(2021, 1, 4), D(2025, 12, 31), 1, "PKWT-2025-000001", kind="pekerjaan_tertentu"
        )
    ]
    validator = check([valid_row_v2(pkwt_ke=2)], history=history, columns=V2_COLUMNS)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit_unsettled", WARNING)
    assert "selesainya pekerjaan tertentu atau harian lepas ikut dihitung" in message(validator)
    # The same history as a time-based PKWT: the error.
    history = _history((D(2021, 1, 4), D(2025, 12, 31), 1))
    validator = check([valid_row_v2(pkwt_ke=2)], history=history, columns=V2_COLUMNS)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)


def test_the_chain_break_comes_from_the_setting(settings):
    from disnaker.pkwt.rules import RuleContext

    settings.PKWT_CHAIN_BREAK_DAYS = 30
    assert RuleContext(today=D(2026, 1, 6)).chain_break_days == 30
    history = _history((D(2020, 7, 6), D(2025, 6, 30), 1))
    assert check([valid_row(pkwt_ke=2)], history=history).findings == []


def test_one_contract_of_exactly_five_years_is_allowed():
    assert check([valid_row(awal_kontrak=D(2026, 1, 5), akhir_kontrak=D(2031, 1, 4))]).findings == []
    validator = check([valid_row(awal_kontrak=D(2026, 1, 5), akhir_kontrak=D(2031, 1, 5))])
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    assert "paling lambat berakhir 04/01/2031" in message(validator)


def test_five_years_from_29_february_end_on_28_february():
    assert check([valid_row(awal_kontrak=D(2028, 2, 29), akhir_kontrak=D(2033, 2, 28))]).findings == []
    validator = check([valid_row(awal_kontrak=D(2028, 2, 29), akhir_kontrak=D(2033, 3, 1))])
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    assert "paling lambat berakhir 28/02/2033" in message(validator)
    # From 1 March of a leap year: the same last day.
    assert check([valid_row(awal_kontrak=D(2028, 3, 1), akhir_kontrak=D(2033, 2, 28))]).findings == []


def test_a_row_with_an_error_takes_no_part_in_the_cross_checks():
    broken = valid_row(upah="lima juta")
    validator = check([broken, valid_row()])
    assert codes(validator.findings) == [(2, "upah", "upah_format", ERROR)]
    assert [c.row for c in validator.contracts] == [3]


def _history(*items):
    return [HistoryContract(nik_for(), start, end, seq, "PKWT-2025-000001") for start, end, seq in items]


def test_overlap_with_a_registered_contract():
    history = _history((D(2025, 7, 1), D(2026, 6, 30), 1))
    validator = check([valid_row(pkwt_ke=2)], history=history)
    assert only(validator) == (2, "awal_kontrak", "nik_overlap_registered", ERROR)
    assert "PKWT-2025-000001" in message(validator)


def test_the_sequence_must_continue_after_registered_contracts():
    history = _history((D(2025, 1, 6), D(2025, 12, 31), 1))
    assert check([valid_row(pkwt_ke=2)], history=history).findings == []
    validator = check([valid_row(pkwt_ke=1)], history=history)
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_conflict", ERROR)
    assert "sampai PKWT ke-1" in message(validator)


def test_the_five_year_total_counts_registered_contracts():
    history = _history((D(2021, 1, 4), D(2025, 12, 31), 1))
    validator = check([valid_row(pkwt_ke=2)], history=history)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)
    assert "termasuk kontrak yang sudah tercatat" in message(validator)


def test_history_of_other_workers_is_ignored():
    history = [HistoryContract(nik_for(serial=99), D(2021, 1, 4), D(2026, 12, 31), 3, "PKWT-2025-000001")]
    assert check([valid_row()], history=history).findings == []


# --- Real files: headers, blank rows, cell types ------------------------------------------------------


def test_a_template_file_with_valid_rows(db):
    report = validate_rows([valid_row(), worker(1)])
    assert report == {"file_errors": [], "rows": 2, "valid_rows": 2, "findings": []}


@pytest.mark.parametrize(
    "headers",
    [
        ["NIK", "Nama Pegawai", "TGL LAHIR", "Tempat_Lahir", "jenis kelamin", "JABATAN", "Awal Kontrak",
         "akhir_KONTRAK", "PWKT KE", "Upah", "No BPJS Kesehatan", "no bpjs ketenagakerjaan", "Ket"],
        ["nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
         "akhir_kontrak", "pkwt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket"],
        [" Nik ", "Nama", "Tanggal Lahir", "TEMPAT LAHIR", "Jenis-Kelamin", "Jabatan", "AWAL_KONTRAK",
         "Akhir Kontrak", "Pkwt_Ke", "Gaji", "BPJS Kesehatan", "BPJS Ketenagakerjaan", "Keterangan"],
    ],
)  # fmt: skip
def test_headers_are_matched_ignoring_case_spaces_and_underscores(db, headers):
    bad = valid_row(pkwt_ke="satu")
    report = validate_rows([valid_row(nik=nik_for(serial=8)), bad], headers=headers)
    assert report["file_errors"] == [] and report["rows"] == 2 and report["valid_rows"] == 1
    assert codes(report["findings"]) == [(3, "pkwt_ke", "pkwt_ke_format", ERROR)]


def test_columns_in_another_order_and_only_the_required_ones(db):
    order = ["upah", "jabatan", "nik", "pwkt_ke", "akhir_kontrak", "awal_kontrak", "jenis_kelamin",
             "tempat_lahir", "tgl_lahir", "nama_pegawai", "kolom_lain"]  # fmt: skip
    keys = [("pkwt_ke" if h == "pwkt_ke" else h) for h in order]

    def arranged(values: dict) -> list:
        return [values.get(key, "catatan") for key in keys]

    report = validate_rows(
        [arranged(row_dict()), arranged(row_dict(nik=nik_for(serial=8), akhir_kontrak=D(2025, 1, 1)))],
        headers=order,
    )
    assert report["file_errors"] == [] and report["valid_rows"] == 1
    assert codes(report["findings"]) == [(3, "akhir_kontrak", "end_before_start", ERROR)]


@pytest.mark.parametrize(
    ("drop", "named"),
    [(["upah"], "upah"), (["tgl_lahir", "pkwt_ke"], "tgl_lahir, pwkt_ke"), (["nik"], "nik")],
)
def test_a_missing_required_column_is_a_file_error_naming_it(db, drop, named):
    keep = [index for index, key in enumerate(KEYS) if key not in drop]
    row = valid_row()
    report = validate_rows([[row[i] for i in keep]], headers=[HEADERS[i] for i in keep])
    assert report["rows"] == 0 and report["findings"] == []
    (error,) = report["file_errors"]
    assert error["code"] == "missing_columns"
    assert f"Kolom wajib tidak ditemukan di baris judul: {named}." in error["message"]


def test_optional_columns_may_be_missing(db):
    keep = [index for index, key in enumerate(KEYS) if key in REQUIRED]
    report = validate_rows([[valid_row()[i] for i in keep]], headers=[HEADERS[i] for i in keep])
    assert report == {"file_errors": [], "rows": 1, "valid_rows": 1, "findings": []}


def test_blank_rows_are_skipped_and_row_numbers_stay_right(db):
    rows = [
        valid_row(),
        [""] * len(KEYS),
        [None, "  ", None, "", "\t"],
        worker(1, upah="lima juta"),
        worker(2, jenis_kelamin="X"),
    ]
    report = validate_rows(rows)
    assert report["rows"] == 3 and report["valid_rows"] == 1
    assert codes(report["findings"]) == [
        (5, "upah", "upah_format", ERROR),
        (6, "jenis_kelamin", "sex_format", ERROR),
    ]


def test_blank_rows_above_the_header_shift_the_row_numbers(db):
    report = validate_rows([worker(1, upah=0)], first_row=2)  # the header on row 3
    assert codes(report["findings"]) == [(4, "upah", "upah_min", ERROR)]


@pytest.mark.parametrize(
    "value",
    [
        "10/10/2025",
        "10-10-2025",
        "2025-10-10",
        "10 Oktober 2025",
        "10 Okt 2025",
        D(2025, 10, 10),  # an Excel date cell
        datetime.datetime(2025, 10, 10, 7, 0),
        (D(2025, 10, 10) - D(1899, 12, 30)).days,  # a date typed as its serial number, without date format
    ],
)
def test_dates_in_a_file(db, value):
    row = valid_row(awal_kontrak=value, akhir_kontrak="09/10/2026")
    outcome = services.validate_workbook(xlsx([row]), company=None)
    # Today is 06/01/2026: a contract from October 2025 is registered late (a warning).
    assert codes(outcome.findings) == [(2, "awal_kontrak", "late_registration", WARNING)]
    (contract,) = outcome.contracts
    assert (contract.start, contract.end) == (D(2025, 10, 10), D(2026, 10, 9))


@pytest.mark.parametrize(
    "value", ["15/08/1995", "15-08-1995", "1995-08-15", "15 Agustus 1995", "15 Agu 1995", BIRTH]
)
def test_birth_dates_in_a_file(db, value):
    outcome = services.validate_workbook(xlsx([valid_row(tgl_lahir=value)]), company=None)
    assert outcome.findings == [] and outcome.contracts[0].birth_date == BIRTH


def test_date_cells_far_outside_the_range_in_a_file(db):
    # Excel dates go up to 31/12/9999; such a birth date used to crash the age check.
    rows = [valid_row(tgl_lahir=D(9999, 12, 31)), worker(1, akhir_kontrak=D(4637, 11, 26))]
    report = validate_rows(rows)
    assert codes(report["findings"]) == [
        (2, "tgl_lahir", "date_range", ERROR),
        (3, "akhir_kontrak", "date_range", ERROR),
    ]
    assert report["findings"][0]["message"] == "Tanggal lahir 31/12/9999 di luar rentang yang wajar."


def test_sex_spellings_in_a_file(db):
    rows = [
        valid_row(jenis_kelamin="perempuan"),
        worker(1, sex="L", jenis_kelamin="Laki-laki"),
        worker(2, sex="L", jenis_kelamin="l"),
        worker(3, sex="P", jenis_kelamin="PEREMPUAN"),
        worker(4, sex="P", jenis_kelamin="p"),
        worker(5, sex="L", jenis_kelamin="LAKI-LAKI"),
    ]
    outcome = services.validate_workbook(xlsx(rows), company=None)
    assert outcome.findings == []
    assert [c.sex for c in outcome.contracts] == ["P", "L", "L", "P", "P", "L"]


def test_wage_spellings_in_a_file(db):
    rows = [worker(1, upah=5558515), worker(2, upah="Rp 5.558.515"), worker(3, upah="5.558.515,00")]
    outcome = services.validate_workbook(xlsx(rows), company=None)
    assert outcome.findings == []
    assert [c.wage for c in outcome.contracts] == [5558515] * 3


def test_a_nik_written_as_a_number_cell_in_a_file(db):
    report = validate_rows([worker(1), valid_row(nik=3216015508950003)])  # write_number
    assert codes(report["findings"]) == [(3, "nik", "nik_numeric_cell", ERROR)]


def test_a_bpjs_number_written_as_a_number_cell_in_a_file(db):
    report = validate_rows([valid_row(no_bpjs_kesehatan=1234567890)])
    assert codes(report["findings"]) == [(2, "no_bpjs_kesehatan", "bpjs_numeric_cell", WARNING)]
    assert report["valid_rows"] == 1


def test_formula_text_in_a_file_is_reported_not_run(db):
    report = validate_rows([valid_row(nama_pegawai="=cmd|' /C calc'!A0")])
    assert codes(report["findings"]) == [(2, "nama_pegawai", "formula_injection", ERROR)]


def test_the_pkwt_ke_column_is_reported_as_pkwt_ke_whatever_its_header(db):
    for header in ("pwkt_ke", "pkwt_ke", "PKWT KE"):
        headers = [header if h == "pwkt_ke" else h for h in HEADERS]
        report = validate_rows([valid_row(pkwt_ke=0)], headers=headers)
        assert codes(report["findings"]) == [(2, "pkwt_ke", "pkwt_ke_min", ERROR)]


# --- With a company: UMK and the contracts already registered -----------------------------------------


@pytest.mark.parametrize(
    ("scale", "warned"),
    [
        (CompanyScale.LARGE, True),
        (CompanyScale.MEDIUM, True),
        (CompanyScale.SMALL, False),
        (CompanyScale.MICRO, False),
    ],
)
def test_the_umk_warning_depends_on_the_company_scale(db, scale, warned):
    company = CompanyFactory(scale=scale)  # Kabupaten Bekasi: UMK 2026 Rp 5.938.885
    report = validate_rows([valid_row(upah=5_000_000)], company=company)
    expected = [(2, "upah", "upah_below_umk", WARNING)] if warned else []
    assert codes(report["findings"]) == expected
    assert report["valid_rows"] == 1


#: A first contract registered earlier: 03/01/2022–05/01/2026, so five years end on 02/01/2027.
FIRST_CONTRACT = {"awal_kontrak": D(2022, 1, 3), "akhir_kontrak": D(2026, 1, 5)}
OVER_LIMIT = {"awal_kontrak": D(2026, 1, 6), "akhir_kontrak": D(2027, 6, 30), "pkwt_ke": 2}
#: OVER_LIMIT runs into 2027, whose UMK is not in the seed's table (issue 12: said, never silent).
UMK_2027_MISSING = (2, "upah", "umk_year_missing", WARNING)


def test_history_from_a_submitted_registration(alice):
    submitted_registration(alice, [valid_row(**FIRST_CONTRACT)])
    company = alice.company
    assert (
        validate_rows([valid_row(awal_kontrak=D(2026, 1, 6), pkwt_ke=2)], company=company)["findings"] == []
    )
    over = validate_rows([valid_row(**OVER_LIMIT)], company=company)
    assert codes(over["findings"]) == [(2, "akhir_kontrak", "pkwt_total_over_limit", ERROR), UMK_2027_MISSING]
    assert "termasuk kontrak yang sudah tercatat" in over["findings"][0]["message"]
    conflict = validate_rows([valid_row(awal_kontrak=D(2026, 1, 6), pkwt_ke=1)], company=company)
    assert codes(conflict["findings"]) == [(2, "pkwt_ke", "pkwt_ke_conflict", ERROR)]
    overlap = validate_rows([valid_row(pkwt_ke=2)], company=company)  # starts 05/01/2026
    assert codes(overlap["findings"]) == [(2, "awal_kontrak", "nik_overlap_registered", ERROR)]
    # A NIK typed with separators is matched against the history too.
    dashed = validate_rows([valid_row(**OVER_LIMIT, nik="3216-0155-0895-0003")], company=company)
    assert codes(dashed["findings"]) == [
        (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR),
        UMK_2027_MISSING,
    ]


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (RegistrationStatus.APPROVED, True),
        (RegistrationStatus.VERIFIED, True),
        (RegistrationStatus.NEEDS_REVISION, True),
        (RegistrationStatus.DRAFT, False),
        (RegistrationStatus.REJECTED, False),
    ],
)
def test_which_registrations_count_as_history(alice, status, counts):
    registration = new_registration(alice)
    assert import_rows(registration, alice, [valid_row(**FIRST_CONTRACT)]).saved
    PkwtRegistration.objects.filter(pk=registration.pk).update(status=status)
    report = validate_rows([valid_row(**OVER_LIMIT)], company=alice.company)
    assert codes(report["findings"]) == (
        [(2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)] if counts else []
    ) + [UMK_2027_MISSING]


def test_another_companys_contracts_are_not_history(alice, bob):
    submitted_registration(bob, [valid_row(**FIRST_CONTRACT)])
    assert codes(validate_rows([valid_row(**OVER_LIMIT)], company=alice.company)["findings"]) == [
        UMK_2027_MISSING
    ]


# --- Property tests ------------------------------------------------------------------------------------
# The NIK build/parse round trip is already a property test in disnaker/core/tests/test_nik.py.

_AWKWARD = [
    "--1", "²", "¹⁰", "1" * 400, "1" + ".000" * 200, "31/02/2026", "00/00/0000", "9999-12-31", "0000-01-01",
    "=1+1", "@x", " ", "\t", "Rp 5.558.515", "5.558.515,00", "3216015508950003", "321601¹⁵08950003",
    "３２１６０１５５０８９５０００３", "L", "P", "Perempuan", "10 Oktober 2023", "29 Februari 2025", "nan", "inf", "-0",
]  # fmt: skip
_CELL = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=40),
    st.sampled_from(_AWKWARD),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
_NIKS = [nik_for(serial=1), nik_for(serial=2), nik_for(D(1990, 3, 1), "L", 3)]


@st.composite
def _rows(draw):
    """Arbitrary rows of random lengths, and valid-looking rows with some cells replaced (so the
    cross-row checks run too)."""
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            rows.append(draw(st.lists(_CELL, max_size=20)))
            continue
        start = draw(st.dates(D(1990, 1, 1), D(2030, 12, 31)))
        row = valid_row(
            nik=draw(st.sampled_from(_NIKS)),
            awal_kontrak=start,
            akhir_kontrak=start + datetime.timedelta(days=draw(st.integers(-10, 2500))),
            pkwt_ke=draw(st.integers(-1, 6)),
        )
        for index in draw(st.lists(st.integers(0, len(row) - 1), max_size=4)):
            row[index] = draw(_CELL)
        rows.append(row[: draw(st.integers(0, len(row) + 2))] if draw(st.booleans()) else row)
    return rows


_LAYOUTS = [
    {key: index for index, key in enumerate(KEYS)},
    {key: index for index, key in enumerate(REQUIRED)},
    {key: len(KEYS) - 1 - index for index, key in enumerate(KEYS)},
    {"nik": 3, "upah": 0},
    {},
]


def _simple_working_days(start: datetime.date, end: datetime.date) -> int:
    return max((end - start).days, 0) * 5 // 7


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=_rows(),
    layout=st.sampled_from(_LAYOUTS),
    history=st.lists(
        st.builds(
            HistoryContract,
            nik=st.sampled_from(_NIKS),
            start=st.dates(D(2015, 1, 1), D(2030, 1, 1)),
            end=st.dates(D(2015, 1, 1), D(2032, 1, 1)),
            sequence=st.integers(1, 5),
            registration=st.just("PKWT-2025-000001"),
        ),
        max_size=3,
    ),
    today=st.dates(D(1990, 1, 1), D(2035, 12, 31)),
    minimum_wages=st.dictionaries(st.integers(1990, 2035), st.integers(0, 10**7), max_size=3),
)
@example(
    rows=[["--1"] * 13, ["²"] * 13, [D(9999, 12, 31)] * 13, ["1" * 400] * 13, [math.nan] * 3],
    layout=_LAYOUTS[0],
    history=[],
    today=D(2026, 1, 6),
    minimum_wages={},
)
@example(
    rows=[valid_row(tgl_lahir=D(9999, 12, 31)), valid_row(nik="321601¹⁵08950003"), valid_row()[:4]],
    layout=_LAYOUTS[0],
    history=[],
    today=D(2026, 1, 6),
    minimum_wages={},
)
def test_no_row_crashes_the_validator(rows, layout, history, today, minimum_wages):
    validator = check(
        rows,
        columns=layout,
        today=today,
        history=history,
        minimum_wages=minimum_wages,
        working_days_after=_simple_working_days,
    )
    assert validator.rows <= len(rows)
    error_rows = set()
    for finding in validator.findings:
        assert 2 <= finding.row < 2 + len(rows)
        assert finding.column in KEYS and finding.severity in (ERROR, WARNING)
        assert finding.code and finding.message
        if finding.severity == ERROR:
            error_rows.add(finding.row)
    assert not error_rows & {c.row for c in validator.contracts}
    assert len(validator.contracts) <= validator.rows
