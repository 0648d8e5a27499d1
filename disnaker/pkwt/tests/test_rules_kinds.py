"""Issue 12's rules in the validator: the optional columns of template v2 (kinds of PKWT, foreign workers,
probation), 29 February, implausible ages, ended contracts and back-registration. Every code is asserted with
its row (header = 1) and column."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disnaker.pkwt.columns import KEYS, SEED_KEYS
from disnaker.pkwt.models import PkwtContract
from disnaker.pkwt.rules import ERROR, WARNING, HistoryContract, _add_years, _term_last_day, person_key

from .helpers import (
    BIRTH,
    END,
    HEADERS_V2,
    START,
    TODAY,
    V2_COLUMNS,
    D,
    codes,
    freeze_today,
    import_rows,
    new_registration,
    nik_for,
    valid_row,
    valid_row_v2,
    xlsx,
)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


def run(rows, **context):
    from .helpers import check

    return check(rows, columns=V2_COLUMNS, **context)


def only(validator) -> tuple:
    found = codes(validator.findings)
    assert len(found) == 1, found
    return found[0]


def message(validator) -> str:
    (finding,) = validator.findings
    return finding.message


TKA = {
    "nik": "",
    "kewarganegaraan": "Jepang",
    "no_paspor": "TZ1234567",
    "no_rptka": "B.3/12345/PK.04.01/2026",
}


# --- The seed layout is untouched --------------------------------------------------------------------------


def test_a_v2_row_with_blank_optional_columns_is_a_plain_time_based_contract():
    validator = run([valid_row_v2()])
    assert validator.findings == []
    (contract,) = validator.contracts
    assert (contract.kind, contract.basis, contract.wage_unit, contract.signed, contract.person_key) == (
        "jangka_waktu",
        "",
        "bulanan",
        None,
        nik_for(),
    )


def test_a_seed_file_of_13_columns_and_a_v2_file_give_the_same_contract(db):
    from disnaker.pkwt import services

    seed = services.validate_workbook(xlsx([valid_row()]), company=None)
    v2 = services.validate_workbook(xlsx([valid_row_v2()], headers=HEADERS_V2), company=None)
    assert seed.report() == v2.report() == {"file_errors": [], "rows": 1, "valid_rows": 1, "findings": []}
    assert seed.contracts == v2.contracts
    assert len(SEED_KEYS) == 13 and KEYS[:13] == SEED_KEYS


def test_only_some_optional_columns_in_a_file(db):
    from disnaker.pkwt import services

    headers = [*HEADERS_V2[:13], "jenis_pkwt", "masa_percobaan"]
    report = services.validate_workbook(
        xlsx(
            [[*valid_row(), "Harian Lepas", "3 bulan"], [*valid_row(nik=nik_for(serial=4)), "", 0]],
            headers=headers,
        ),
        company=None,
    ).report()
    assert codes(report["findings"]) == [(2, "masa_percobaan", "probation_not_allowed", ERROR)]


# --- Choices -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("harian_lepas", "harian_lepas"),
        ("Harian Lepas", "harian_lepas"),
        (" JANGKA WAKTU ", "jangka_waktu"),
        ("Berdasarkan jangka waktu", "jangka_waktu"),
        ("Berdasarkan selesainya suatu pekerjaan tertentu", "pekerjaan_tertentu"),
    ],
)
def test_jenis_pkwt_takes_the_value_or_the_label(value, kind):
    extra = (
        {"lingkup_pekerjaan": "Instalasi", "syarat_selesai": "Serah terima"}
        if kind == "pekerjaan_tertentu"
        else {}
    )
    validator = run([valid_row_v2(jenis_pkwt=value, **extra)])
    assert validator.findings == [] and validator.contracts[0].kind == kind


@pytest.mark.parametrize(
    ("value", "unit"), [("harian", "harian"), ("per jam", "jam"), ("Bulanan", "bulanan")]
)
def test_satuan_upah_takes_the_value_or_the_label(value, unit):
    assert run([valid_row_v2(satuan_upah=value)]).contracts[0].wage_unit == unit


@pytest.mark.parametrize("key", ["jenis_pkwt", "dasar_pkwt", "satuan_upah"])
def test_an_unknown_choice_is_an_error_in_its_column(key):
    validator = run([valid_row_v2(**{key: "borongan"})])
    assert only(validator) == (2, key, f"{key}_format", ERROR)
    assert "borongan" in message(validator)


def test_dasar_pkwt_is_stored_and_a_basis_of_another_kind_is_a_warning():
    assert run([valid_row_v2(dasar_pkwt="Musiman")]).contracts[0].basis == "musiman"
    validator = run([valid_row_v2(dasar_pkwt="sekali selesai")])  # Pasal 5(2), not a time-based basis
    assert only(validator) == (2, "dasar_pkwt", "dasar_pkwt_mismatch", WARNING)
    assert "Pasal 5" in message(validator)


@pytest.mark.parametrize(("key", "value"), [("hari_kerja_per_minggu", 7), ("hari_kerja_per_minggu", "lima"),
                                            ("hari_kerja_per_bulan", 32), ("hari_kerja_per_bulan", -1)])  # fmt: skip
def test_working_days_out_of_range(key, value):
    assert only(run([valid_row_v2(**{key: value})])) == (2, key, "hari_kerja_format", ERROR)


def test_working_days_are_stored():
    (contract,) = run([valid_row_v2(hari_kerja_per_minggu=5, hari_kerja_per_bulan="20")]).contracts
    assert (contract.days_per_week, contract.days_per_month) == (5, 20)


def test_the_signing_date_is_stored_and_one_in_the_future_is_a_warning():
    assert run([valid_row_v2(tanggal_perjanjian="02/01/2026")]).contracts[0].signed == D(2026, 1, 2)
    validator = run([valid_row_v2(tanggal_perjanjian=D(2026, 2, 1))])
    assert only(validator) == (2, "tanggal_perjanjian", "signed_date_future", WARNING)
    assert only(run([valid_row_v2(tanggal_perjanjian="31/02/2026")])) == (
        2,
        "tanggal_perjanjian",
        "date_invalid",
        ERROR,
    )


# --- Specific-job PKWT (PP 35/2021 Pasal 5(2), 9) ---------------------------------------------------------


def test_a_specific_job_pkwt_needs_its_scope_and_completion_condition():
    validator = run([valid_row_v2(jenis_pkwt="pekerjaan_tertentu")])
    assert codes(validator.findings) == [
        (2, "lingkup_pekerjaan", "job_scope_required", ERROR),
        (2, "syarat_selesai", "completion_condition_required", ERROR),
    ]
    assert all("Pasal 9" in f.message for f in validator.findings)
    validator = run(
        [
            valid_row_v2(
                jenis_pkwt="pekerjaan_tertentu",
                lingkup_pekerjaan="Pemasangan instalasi listrik gedung B",
                syarat_selesai="Berita acara serah terima",
            )
        ]
    )
    assert validator.findings == []
    (contract,) = validator.contracts
    assert contract.job_scope.startswith("Pemasangan") and contract.completion_condition.startswith("Berita")
    assert contract.end == END  # the estimated end


@pytest.mark.parametrize("key", ["lingkup_pekerjaan", "syarat_selesai", "kewarganegaraan", "no_rptka"])
def test_optional_text_may_not_look_like_a_formula_or_be_too_long(key):
    assert only(run([valid_row_v2(**{key: "=HYPERLINK(1)"})])) == (2, key, "formula_injection", ERROR)
    assert only(run([valid_row_v2(**{key: "x" * 501})])) == (2, key, "too_long", ERROR)


# --- Harian lepas (PP 35/2021 Pasal 10) ----------------------------------------------------------------------


def test_harian_lepas_21_days_a_month_for_3_months_becomes_a_pkwtt():
    row = {"jenis_pkwt": "harian_lepas", "awal_kontrak": D(2026, 1, 5), "akhir_kontrak": D(2026, 4, 4)}
    assert run([valid_row_v2(**row, hari_kerja_per_bulan=20)]).findings == []
    validator = run([valid_row_v2(**row, hari_kerja_per_bulan=21)])
    assert only(validator) == (2, "hari_kerja_per_bulan", "harian_lepas_pkwtt", WARNING)
    assert (
        "demi hukum" in message(validator)
        and "PKWTT" in message(validator)
        and "Pasal 10" in message(validator)
    )
    validator = run([valid_row_v2(**{**row, "akhir_kontrak": D(2026, 4, 3)}, hari_kerja_per_bulan=22)])
    assert only(validator) == (2, "hari_kerja_per_bulan", "harian_lepas_days", WARNING)
    # Only harian lepas is judged by its days a month.
    assert run([valid_row_v2(awal_kontrak=START, hari_kerja_per_bulan=25)]).findings == []


# --- Probation (PP 35/2021 Pasal 12; UU 13/2003 Pasal 58) ----------------------------------------------------


@pytest.mark.parametrize("value", ["", 0, 0.0, "0", " 0 bulan", "-", "tidak ada"])
def test_no_probation(value):
    assert run([valid_row_v2(masa_percobaan=value)]).findings == []


@pytest.mark.parametrize("value", [3, "3 bulan", "ada", True, 0.5])
def test_probation_is_void_by_law(value):
    validator = run([valid_row_v2(masa_percobaan=value)])
    assert only(validator) == (2, "masa_percobaan", "probation_not_allowed", ERROR)
    text = message(validator)
    assert (
        "batal demi hukum" in text and "tetap dihitung" in text and "Pasal 12" in text and "Pasal 58" in text
    )


# --- Foreign workers (TKA) -----------------------------------------------------------------------------------


def test_a_foreign_worker_without_nik_is_identified_by_passport():
    validator = run([valid_row_v2(**TKA)])
    assert validator.findings == []
    (contract,) = validator.contracts
    assert (contract.nik, contract.nationality, contract.passport_number, contract.person_key) == (
        "",
        "Jepang",
        "TZ1234567",
        "TKA:JEPANG:TZ1234567",
    )


def test_a_blank_nik_is_allowed_only_for_a_foreign_worker():
    validator = run([valid_row_v2(nik="")])
    assert only(validator) == (2, "nik", "required", ERROR)
    assert "TKA" in message(validator)
    assert only(run([valid_row_v2(nik="", kewarganegaraan="Indonesia")])) == (2, "nik", "required", ERROR)


def test_a_foreign_worker_needs_a_passport_number():
    validator = run([valid_row_v2(**{**TKA, "no_paspor": ""})])
    assert only(validator) == (2, "no_paspor", "passport_required", ERROR)
    assert only(run([valid_row_v2(**{**TKA, "no_paspor": "X1"})])) == (
        2,
        "no_paspor",
        "passport_format",
        ERROR,
    )
    assert (
        run([valid_row_v2(**{**TKA, "no_paspor": "tz 123-4567"})]).contracts[0].passport_number == "TZ1234567"
    )


def test_a_passport_without_nationality_is_an_error_in_kewarganegaraan():
    validator = run([valid_row_v2(**{**TKA, "kewarganegaraan": ""})])
    assert (2, "kewarganegaraan", "nationality_required", ERROR) in codes(validator.findings)


def test_a_missing_rptka_is_a_warning():
    validator = run([valid_row_v2(**{**TKA, "no_rptka": ""})])
    assert only(validator) == (2, "no_rptka", "rptka_missing", WARNING)
    assert "Pasal 42" in message(validator)
    assert validator.contracts  # a warning: the row is kept


def test_a_nik_on_a_foreign_workers_row_is_ignored_with_a_warning():
    validator = run([valid_row_v2(**{**TKA, "nik": "1234"})])
    assert only(validator) == (2, "nik", "tka_nik_ignored", WARNING)
    assert validator.contracts[0].nik == ""


def test_foreign_workers_overlap_and_sequence_by_passport():
    first = valid_row_v2(**TKA)
    same = valid_row_v2(**{**TKA, "kewarganegaraan": "JEPANG", "no_paspor": "tz1234567"})
    validator = run([first, same])
    assert (3, "awal_kontrak", "nik_overlap", ERROR) in codes(validator.findings)
    assert "paspor" in validator.findings[0].message
    other = valid_row_v2(**{**TKA, "no_paspor": "TZ7654321"})
    assert run([first, other]).findings == []  # another worker, no NIK shared


def test_history_of_a_foreign_worker_by_person_key():
    history = [
        HistoryContract(
            "", D(2025, 1, 6), D(2025, 12, 31), 1, "PKWT-2025-000001", person_key("", "Jepang", "TZ1234567")
        )
    ]
    assert run([valid_row_v2(**TKA, pkwt_ke=2)], history=history).findings == []
    validator = run([valid_row_v2(**TKA, pkwt_ke=1)], history=history)
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_conflict", ERROR)


# --- 29 February: one rule for age and term -------------------------------------------------------------------


def test_the_29_february_rule():
    assert _add_years(D(2008, 2, 29), 18) == D(2026, 2, 28)  # a birthday on 29/02 turns 18 on 28/02
    assert _term_last_day(D(2024, 2, 29), 5) == D(2029, 2, 28)  # not 27/02/2029
    assert _term_last_day(D(2024, 2, 29), 4) == D(2028, 2, 28)  # the day before 29/02/2028
    assert _term_last_day(D(2024, 3, 1), 5) == D(2029, 2, 28)
    assert _term_last_day(D(2023, 3, 1), 5) == D(2028, 2, 29)
    assert _term_last_day(D(2021, 1, 4), 5) == D(2026, 1, 3)


def test_a_five_year_term_from_29_february_may_end_on_28_february():
    row = {"awal_kontrak": D(2024, 2, 29), "pkwt_ke": 1}
    today = {"today": D(2024, 2, 29)}
    assert run([valid_row_v2(**row, akhir_kontrak=D(2029, 2, 28))], **today).findings == []
    validator = run([valid_row_v2(**row, akhir_kontrak=D(2029, 3, 1))], **today)
    assert only(validator) == (2, "akhir_kontrak", "pkwt_total_over_limit", ERROR)


def test_a_worker_born_on_29_february_turns_18_on_28_february_also_in_v2():
    birth = D(2008, 2, 29)
    row = {"nik": nik_for(birth), "tgl_lahir": birth, "akhir_kontrak": D(2026, 12, 31)}
    assert run([valid_row_v2(**row, awal_kontrak=D(2026, 2, 28))], today=D(2026, 2, 28)).findings == []
    found = run([valid_row_v2(**row, awal_kontrak=D(2026, 2, 27))], today=D(2026, 2, 27)).findings
    assert [(f.row, f.column, f.code) for f in found] == [(2, "tgl_lahir", "under_18")]


# --- Implausible age, ended contracts, back-registration -------------------------------------------------------


def test_an_age_above_the_setting_is_a_warning():
    birth = D(1955, 1, 6)  # 71 on 06/01/2026, 70 on START (05/01/2026)
    row = {"nik": nik_for(birth), "tgl_lahir": birth}
    assert run([valid_row_v2(**row)]).findings == []
    validator = run([valid_row_v2(**row, awal_kontrak=D(2026, 1, 6))])
    assert only(validator) == (2, "tgl_lahir", "age_implausible", WARNING)
    assert "71 tahun" in message(validator) and "tidak wajar" in message(validator)
    assert run([valid_row_v2(**row, awal_kontrak=D(2026, 1, 6))], max_plausible_age=75).findings == []


def test_a_nik_born_in_1900_is_an_implausible_age(settings):
    birth = D(1900, 8, 15)
    validator = run([valid_row(nik=nik_for(birth), tgl_lahir=birth)])
    assert only(validator)[:3] == (2, "tgl_lahir", "age_implausible")
    assert "125 tahun" in message(validator)
    assert settings.PKWT_MAX_PLAUSIBLE_AGE == 70


def test_a_contract_that_has_already_ended_is_a_warning():
    validator = run([valid_row_v2(awal_kontrak=D(2025, 1, 6), akhir_kontrak=D(2026, 1, 5))])
    assert only(validator) == (2, "akhir_kontrak", "contract_ended", WARNING)
    assert "05/01/2026" in message(validator) and "Pasal 14" in message(validator)
    assert run([valid_row_v2(awal_kontrak=D(2025, 1, 6), akhir_kontrak=TODAY)]).findings == []


def _history(*items):
    return [HistoryContract(nik_for(), start, end, seq, "PKWT-2025-000009") for start, end, seq in items]


def test_back_registration_of_an_earlier_contract_is_a_warning_with_the_reason():
    history = _history((D(2025, 7, 1), D(2026, 6, 30), 2))
    earlier = valid_row_v2(awal_kontrak=D(2025, 1, 2), akhir_kontrak=D(2025, 6, 30), pkwt_ke=1)
    validator = run([earlier], history=history, today=D(2025, 7, 1))
    # An earlier contract registered late has usually ended, too: both reasons are said.
    assert codes(validator.findings) == [
        (2, "akhir_kontrak", "contract_ended", WARNING),
        (2, "pkwt_ke", "pkwt_back_registration", WARNING),
    ]
    text = validator.findings[1].message
    assert "Pencatatan mundur" in text and "PKWT ke-2" in text and "Pasal 14" in text
    assert validator.contracts


def test_a_number_already_registered_or_against_the_dates_is_an_error():
    history = _history((D(2025, 7, 1), D(2026, 6, 30), 2))
    same = valid_row_v2(awal_kontrak=D(2025, 1, 2), akhir_kontrak=D(2025, 6, 30), pkwt_ke=2)
    validator = run([same], history=history, today=D(2025, 1, 2))
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_conflict", ERROR)
    assert "sudah tercatat" in message(validator) and "PKWT-2025-000009" in message(validator)
    history = _history((D(2024, 1, 2), D(2024, 12, 31), 1), (D(2025, 7, 1), D(2026, 6, 30), 3))
    # pkwt_ke 2 free, but dated before the registered PKWT ke-1
    wrong = valid_row_v2(awal_kontrak=D(2023, 1, 2), akhir_kontrak=D(2023, 6, 30), pkwt_ke=2)
    validator = run([wrong], history=history, today=D(2023, 1, 2))
    assert only(validator) == (2, "pkwt_ke", "pkwt_ke_conflict", ERROR)
    assert "urutannya" in message(validator)


# --- Stored through the import (SQLite executemany / PostgreSQL COPY) ----------------------------------------


def test_the_new_fields_are_saved_and_a_tka_counts_as_history(alice):
    rows = [
        valid_row_v2(
            tanggal_perjanjian=D(2026, 1, 2),
            jenis_pkwt="pekerjaan_tertentu",
            dasar_pkwt="sekali_selesai",
            satuan_upah="harian",
            upah=300_000,
            hari_kerja_per_minggu=6,
            hari_kerja_per_bulan=20,
            lingkup_pekerjaan="Instalasi listrik",
            syarat_selesai="Serah terima",
        ),
        valid_row_v2(**TKA),
    ]
    registration = new_registration(alice, with_documents=True)
    pkwt_import = import_rows(registration, alice, xlsx(rows, headers=HEADERS_V2))
    assert pkwt_import.saved, pkwt_import.findings
    saved = list(
        PkwtContract.objects.filter(registration=registration)
        .order_by("row")
        .values_list(
            "nik", "signed_date", "kind", "basis", "wage_unit", "days_per_week", "days_per_month", "job_scope",
            "completion_condition", "nationality", "passport_number", "rptka_number",
        )
    )  # fmt: skip
    assert saved == [
        (nik_for(), D(2026, 1, 2), "pekerjaan_tertentu", "sekali_selesai", "harian", 6, 20, "Instalasi listrik",
         "Serah terima", "", "", ""),
        ("", None, "jangka_waktu", "", "bulanan", None, None, "", "", "Jepang", "TZ1234567",
         "B.3/12345/PK.04.01/2026"),
    ]  # fmt: skip
    assert PkwtContract.objects.get(registration=registration, row=3).person_key == "TKA:JEPANG:TZ1234567"
    from disnaker.pkwt import services

    services.registration_submit(registration=registration, actor=alice)
    # The TKA's contract is now history: the same passport again overlaps it, another TKA does not.
    again = new_registration(alice, with_documents=True)
    second = valid_row_v2(**{**TKA, "no_paspor": "TZ7654321"})
    report = import_rows(again, alice, xlsx([valid_row_v2(**TKA, pkwt_ke=2), second], headers=HEADERS_V2))
    assert (2, "awal_kontrak", "nik_overlap_registered", ERROR) in codes(report.findings)
    assert not [f for f in report.findings if f["row"] == 3]


# --- No row crashes the validator with the optional columns -------------------------------------------------

_CELL = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["harian lepas", "pekerjaan_tertentu", "musiman", "jam", "Jepang", "Indonesia", "TZ1234567",
                     "=1", "0", "3 bulan", "-", "06/01/2026"]),
    st.integers(-5, 40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(D(1890, 1, 1), D(2110, 1, 1)),
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extras=st.lists(st.lists(_CELL, min_size=12, max_size=12), min_size=1, max_size=4),
    nik_blank=st.lists(st.booleans(), min_size=4, max_size=4),
    today=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
)
def test_no_v2_row_crashes_the_validator(extras, nik_blank, today):
    rows = []
    for index, cells in enumerate(extras):
        row = valid_row(awal_kontrak=START, akhir_kontrak=END, tgl_lahir=BIRTH)
        if nik_blank[index]:
            row[0] = ""
        rows.append([*row, *cells])
    history = [
        HistoryContract("", D(2025, 1, 1), D(2025, 12, 31), 1, "X", person_key("", "Jepang", "TZ1234567"))
    ]
    validator = run(rows, today=today, history=history)
    error_rows = {f.row for f in validator.findings if f.severity == ERROR}
    for finding in validator.findings:
        assert finding.column in KEYS and finding.code and finding.message
    assert not error_rows & {c.row for c in validator.contracts}
    for contract in validator.contracts:
        assert contract.person_key and (contract.nik or contract.passport_number)
