"""Builders shared by the PKWT tests: worker rows, real .xlsx files and registrations."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.core.files.base import ContentFile
from django.test import TestCase

from disnaker.core.nik import nik_build
from disnaker.core.tests.files import make_pdf
from disnaker.pkwt import services
from disnaker.pkwt.columns import COLUMN_BY_KEY, KEYS, SEED_KEYS
from disnaker.pkwt.models import PkwtContract
from disnaker.pkwt.rules import RowValidator, RuleContext

D = datetime.date

BIRTH = D(1995, 8, 15)
START = D(2026, 1, 5)
END = D(2026, 12, 31)
#: "Today" for file-level tests (see :func:`freeze_today`): START is then registered in time.
TODAY = D(2026, 1, 6)
WORKER_BIRTH = D(1990, 3, 1)
#: The seed template's 13 headers (``pwkt_ke`` spelled as in the seed): the layout most tests use, so they
#: also show that a file of the seed's columns imports exactly as before issue 12.
HEADERS = [COLUMN_BY_KEY[key].header for key in SEED_KEYS]
#: Canonical key → position in the seed template.
TEMPLATE_COLUMNS = {key: index for index, key in enumerate(SEED_KEYS)}
#: Template v2 (issue 12): the seed's columns, then the optional ones.
HEADERS_V2 = [COLUMN_BY_KEY[key].header for key in KEYS]
V2_COLUMNS = {key: index for index, key in enumerate(KEYS)}


def freeze_today(monkeypatch, day: datetime.date = TODAY) -> None:
    """Make the services' ``timezone.localdate()`` (the rules' "today") return ``day``."""
    monkeypatch.setattr(services.timezone, "localdate", lambda value=None, timezone=None: day)


def nik_for(birth: datetime.date = BIRTH, sex: str = "P", serial: int = 3, district: str = "01") -> str:
    return nik_build(region="32.16", district=district, birth_date=birth, sex=sex, serial=serial)


def row_dict(**overrides) -> dict:
    """A valid worker row as {canonical key: cell value}; a woman born 15/08/1995 (NIK 3216015508950003)."""
    values = {
        "nik": nik_for(),
        "nama_pegawai": "Siti Rahmawati",
        "tgl_lahir": BIRTH,
        "tempat_lahir": "Bekasi",
        "jenis_kelamin": "P",
        "jabatan": "Operator Produksi",
        "awal_kontrak": START,
        "akhir_kontrak": END,
        "pkwt_ke": 1,
        "upah": 6_000_000,
        "no_bpjs_kesehatan": "0001234567890",
        "no_bpjs_ketenagakerjaan": "12345678901",
        "ket": "",
        # The optional columns of template v2 (issue 12), blank: a seed-format row.
        "tanggal_perjanjian": "",
        "jenis_pkwt": "",
        "dasar_pkwt": "",
        "satuan_upah": "",
        "hari_kerja_per_minggu": "",
        "hari_kerja_per_bulan": "",
        "masa_percobaan": "",
        "lingkup_pekerjaan": "",
        "syarat_selesai": "",
        "kewarganegaraan": "",
        "no_paspor": "",
        "no_rptka": "",
    }
    unknown = set(overrides) - set(values)
    assert not unknown, unknown
    values.update(overrides)
    return values


def valid_row(**overrides) -> list:
    """A valid worker row in the seed template's column order, with some cells replaced."""
    values = row_dict(**overrides)
    return [values[key] for key in SEED_KEYS]


def valid_row_v2(**overrides) -> list:
    """A valid worker row in template v2's column order (the optional columns blank unless overridden)."""
    values = row_dict(**overrides)
    return [values[key] for key in KEYS]


def worker(serial: int, *, sex: str = "L", birth: datetime.date = WORKER_BIRTH, **overrides) -> list:
    """Another valid worker: a distinct NIK per ``serial``."""
    names = {"L": "Budi Santoso", "P": "Dewi Lestari"}
    fields = {"nik": nik_for(birth, sex, serial), "tgl_lahir": birth, "jenis_kelamin": sex}
    fields["nama_pegawai"] = names[sex]
    fields.update(overrides)
    return valid_row(**fields)


def xlsx(
    rows: Iterable[Sequence],
    *,
    headers: Sequence[str] | None = HEADERS,
    sheet_name: str = "Data Pekerja",
    first_row: int = 0,
) -> bytes:
    """A real .xlsx written cell by cell: text as text cells (never formulas), numbers as number cells,
    dates as Excel date cells; ``None`` and ``""`` leave the cell empty. ``first_row`` puts blank rows
    above the header."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet(sheet_name)
    position = first_row
    if headers is not None:
        for col, header in enumerate(headers):
            sheet.write_string(position, col, header)
        position += 1
    for offset, values in enumerate(rows):
        for col, value in enumerate(values):
            write_cell(sheet, position + offset, col, value, date_format)
    workbook.close()
    return output.getvalue()


def write_cell(sheet, row: int, col: int, value, date_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), date_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def validate_rows(rows: Iterable[Sequence], *, headers=HEADERS, company=None, **kwargs) -> dict:
    """The report of ``validate_workbook`` for a file made of ``rows``."""
    return services.validate_workbook(xlsx(rows, headers=headers, **kwargs), company=company).report()


def check(rows: Iterable[Sequence], *, columns: dict | None = None, **context) -> RowValidator:
    """Run the pure rules over rows (first data row = Excel row 2) and return the finished validator."""
    context.setdefault("today", TODAY)
    validator = RowValidator(RuleContext(**context), TEMPLATE_COLUMNS if columns is None else columns)
    for offset, values in enumerate(rows):
        validator.check_row(2 + offset, values)
    validator.finish()
    return validator


def codes(findings) -> list[tuple]:
    """(row, column, code, severity) of findings (objects or report dicts)."""
    out = []
    for f in findings:
        f = f if isinstance(f, dict) else f.as_dict()
        out.append((f["row"], f["column"], f["code"], f["severity"]))
    return out


# --- Registrations ---------------------------------------------------------------------------------


def documents() -> dict:
    return {
        "application_letter": ContentFile(make_pdf(), name="surat.pdf"),
        "sample_contract": ContentFile(make_pdf(), name="kontrak.pdf"),
    }


def new_registration(user, *, with_documents: bool = False):
    registration = services.registration_create(company=user.company, actor=user)
    if with_documents:
        registration = services.registration_set_documents(
            registration=registration, actor=user, documents=documents()
        )
    return registration


def import_rows(registration, user, rows: Iterable[Sequence] | bytes, *, filename: str = "pekerja.xlsx"):
    data = rows if isinstance(rows, bytes) else xlsx(rows)
    # A large file's task is queued after commit (the test's transaction never commits): run it now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        pkwt_import = services.import_start(
            registration=registration, actor=user, data=data, filename=filename
        )
    pkwt_import.refresh_from_db()
    return pkwt_import


def submitted_registration(user, rows: Iterable[Sequence]):
    """A registration of ``user``'s company with ``rows`` imported cleanly and submitted."""
    registration = new_registration(user, with_documents=True)
    pkwt_import = import_rows(registration, user, rows)
    assert pkwt_import.saved, pkwt_import.findings
    return services.registration_submit(registration=registration, actor=user)


def submitted_sample(user, workers: int = 2):
    """A registration of ``user``'s company with the sample workbook's first ``workers`` rows, submitted."""
    from django.utils import timezone

    from disnaker.pkwt.sample import sample_rows, sample_workbook

    registration = new_registration(user, with_documents=True)
    import_rows(registration, user, sample_workbook(list(sample_rows(workers, start=timezone.localdate()))))
    return services.registration_submit(registration=registration, actor=user)


def contracts_of(registration) -> list[tuple]:
    return list(
        PkwtContract.objects.filter(registration=registration)
        .order_by("row")
        .values_list("row", "nik", "name", "start_date", "end_date", "sequence", "wage")
    )


def umk_entered(*years: int, region_code: str = "32.16") -> None:
    """The office has entered the UMK of ``years`` (at the latest known amount), so that contracts running
    into them are checked, not reported as ``umk_year_missing`` (the seed stops at 2026)."""
    from disnaker.core.models import Region
    from disnaker.pkwt.models import MinimumWage

    region = Region.objects.get(code=region_code)
    latest = MinimumWage.objects.filter(region=region).order_by("-year").first()
    for year in years:
        MinimumWage.objects.get_or_create(
            region=region, year=year, defaults={"amount": latest.amount if latest else 0}
        )


def age_excepted_contract(company_user, verifier, *, birth: datetime.date = datetime.date(2009, 6, 1)):
    """A submitted registration of ``company_user``'s company whose one worker (16 at the start) is under 18,
    with ``verifier``'s exception (UU 13/2003 Pasal 70) and its document: returns the contract."""
    from disnaker.pkwt.age_exceptions import AgeExceptionGround

    registration = submitted_registration(
        company_user, [valid_row(nik=nik_for(birth, "P", 21), tgl_lahir=birth, nama_pegawai="Anak Magang")]
    )
    contract = PkwtContract.objects.get(registration=registration)
    services.age_exception_record(
        registration=registration,
        contract=contract,
        actor=verifier,
        ground=AgeExceptionGround.CURRICULUM,
        reason="Praktik kerja industri SMK.",
        document=ContentFile(make_pdf(), name="izin.pdf"),
    )
    return contract
