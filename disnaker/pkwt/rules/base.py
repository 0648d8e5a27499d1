"""The rules' shared parts: the finding, the typed row, the history, the context, the date and choice helpers,
and the validator's state and the two ways a finding is emitted."""

from __future__ import annotations

import calendar
import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.conf import settings
from django.utils.translation import gettext_noop as _

from ..constants import PkwtBasis, PkwtKind, WageUnit

ERROR = "error"
WARNING = "warning"


_ORDER = (
    "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
    "akhir_kontrak", "pkwt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket",
)  # fmt: skip
#: The optional columns of template v2 (issue 12), picked and parsed only when the file has any of them, so a
#: file of the seed's 13 columns takes exactly the old path.
_EXTRA_ORDER = (
    "tanggal_perjanjian", "jenis_pkwt", "dasar_pkwt", "satuan_upah", "hari_kerja_per_minggu",
    "hari_kerja_per_bulan", "masa_percobaan", "lingkup_pekerjaan", "syarat_selesai", "kewarganegaraan",
    "no_paspor", "no_rptka",
)  # fmt: skip
_MAX_WAGE = 10_000_000_000
_MIN_DATE = datetime.date(1900, 1, 1)
_MAX_DATE = datetime.date(2100, 12, 31)
_FORMULA = _(
    "Teks diawali '%(c)s' dapat dijalankan sebagai rumus oleh Excel. Hapus tanda tersebut di awal teks."
)
_NIK_NUMERIC = _(
    "NIK tersimpan sebagai angka, bukan teks. Excel hanya menyimpan 15 digit angka, sehingga digit terakhir NIK "
    "sudah berubah. Format kolom nik sebagai Teks (Text), lalu ketik ulang NIK-nya."
)


def validation_report(*, file_errors=(), rows: int = 0, valid_rows: int = 0, findings=()) -> dict:
    """The validator's one JSON shape, shared by the page, ``pkwt_validate`` and the API."""
    return {
        "file_errors": list(file_errors),
        "rows": rows,
        "valid_rows": valid_rows,
        "findings": list(findings),
    }


@dataclass(slots=True)
class Finding:
    row: int
    column: str
    code: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class ContractRow:
    """One valid-looking row, typed. ``row`` is the Excel row number."""

    row: int
    nik: str
    name: str
    birth_date: datetime.date
    birth_place: str
    sex: str
    position: str
    start: datetime.date
    end: datetime.date
    sequence: int
    wage: int
    bpjs_health: str
    bpjs_employment: str
    note: str
    has_error: bool = False
    warnings: list[Finding] = field(default_factory=list)
    # The optional columns of template v2 (issue 12); a seed-format row keeps these defaults.
    signed: datetime.date | None = None  # tanggal_perjanjian
    kind: str = PkwtKind.JANGKA_WAKTU.value  # jenis_pkwt
    basis: str = ""  # dasar_pkwt (blank allowed)
    wage_unit: str = WageUnit.MONTHLY.value  # satuan_upah
    days_per_week: int | None = None  # hari_kerja_per_minggu
    days_per_month: int | None = None  # hari_kerja_per_bulan
    job_scope: str = ""  # lingkup_pekerjaan
    completion_condition: str = ""  # syarat_selesai
    nationality: str = ""  # kewarganegaraan (blank for an Indonesian citizen)
    passport_number: str = ""  # no_paspor
    rptka_number: str = ""  # no_rptka
    #: The worker's identity across rows and history: the NIK, or "TKA:<NATIONALITY>:<PASSPORT>" for a
    #: foreign worker (see :func:`person_key`). Empty only for rows built without it (then the NIK is used).
    person_key: str = ""

    @property
    def is_foreign(self) -> bool:
        return bool(self.passport_number)


@dataclass(frozen=True)
class HistoryContract:
    """A contract already registered for this company (from an earlier registration)."""

    nik: str
    start: datetime.date
    end: datetime.date
    sequence: int
    registration: str  # its registration number, for messages
    #: As :attr:`ContractRow.person_key`; left blank, the NIK.
    person_key: str = ""
    kind: str = PkwtKind.JANGKA_WAKTU.value

    def __post_init__(self) -> None:
        if not self.person_key:
            object.__setattr__(self, "person_key", self.nik)


def person_key(nik: str, nationality: str = "", passport_number: str = "") -> str:
    """Who a contract belongs to, for overlaps, the sequence and the 5-year total: the NIK of an Indonesian
    citizen; for a foreign worker (TKA), who has no NIK, the nationality and passport number, upper-cased
    (UU 13/2003 Pasal 42 as amended by UU 6/2023; PP 34/2021: a TKA is identified by the passport)."""
    if passport_number:
        return f"TKA:{' '.join(nationality.split()).upper()}:{passport_number.upper()}"
    return nik


@dataclass
class RuleContext:
    """What the rules need beyond the rows; all loaded once, before the pass."""

    today: datetime.date
    exempt_from_umk: bool = False
    minimum_wages: dict[int, int] = field(default_factory=dict)  # year → UMK of the office's region
    region_name: str = ""
    history: Sequence[HistoryContract] = ()
    max_total_years: int = 5
    # A longer gap between two contracts starts a new chain for the 5-year total (law.DEFAULT_CHAIN_BREAK_DAYS).
    chain_break_days: int = field(default_factory=lambda: settings.PKWT_CHAIN_BREAK_DAYS)
    min_age: int = 18
    bpjs_health_digits: int = 13
    bpjs_employment_digits: int = 11
    #: Above this age at the start of the contract a row gets the ``age_implausible`` warning.
    max_plausible_age: int = 70


def _add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day and month ``years`` later. The one rule for 29 February, for the age and the term alike:
    in a year without 29 February it falls on 28 February, the last day of that February. So a worker born on
    29/02/2008 turns 18 on 28/02/2026, and a term of 5 years from 29/02/2024 runs through 28/02/2029
    (:func:`_term_last_day`)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _term_last_day(start: datetime.date, years: int) -> datetime.date:
    """The last day of a term of ``years`` years from ``start``: the day before the same date ``years`` later.
    When that date is a 29 February the year does not have, the term runs through the whole February, to the
    28th that :func:`_add_years` puts in its place (not to the 27th): 29/02/2024 + 5 years → 28/02/2029."""
    anniversary = _add_years(start, years)
    if anniversary.day != start.day:  # 29 February moved to 28 February
        return anniversary
    return anniversary - _ONE_DAY


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_ONE_DAY = datetime.timedelta(days=1)


def _normalize_choice(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _choice_lookup(choices, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """normalized value, label or alias → value (``"Harian Lepas"``, ``"harian_lepas"`` → ``harian_lepas``)."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        for name in (value, str(label), *aliases.get(value, ())):
            lookup[_normalize_choice(name)] = value
    return lookup


_KINDS = _choice_lookup(
    PkwtKind,
    {
        "jangka_waktu": ("jangka waktu", "pkwt jangka waktu", "berdasarkan jangka waktu tertentu"),
        "pekerjaan_tertentu": (
            "selesainya pekerjaan tertentu", "selesainya suatu pekerjaan tertentu", "selesai pekerjaan tertentu",
            "pekerjaan tertentu", "berdasarkan selesainya pekerjaan tertentu",
        ),
        "harian_lepas": ("harian", "pkwt harian", "perjanjian kerja harian", "pkwt harian lepas"),
    },
)  # fmt: skip
_BASES = _choice_lookup(
    PkwtBasis,
    {
        "sekali_selesai": ("sekali selesai", "pekerjaan sekali selesai"),
        "sementara": ("sementara sifatnya", "bersifat sementara", "pekerjaan sementara"),
        "tidak_terlalu_lama": ("tidak terlalu lama", "diperkirakan selesai dalam waktu tidak terlalu lama"),
        "musiman": ("bersifat musiman", "pekerjaan musiman"),
        "produk_baru": ("produk baru", "kegiatan baru", "produk tambahan", "produk atau kegiatan baru"),
    },
)  # fmt: skip
_WAGE_UNITS = _choice_lookup(
    WageUnit,
    {
        "bulanan": ("bulan", "per bulan", "sebulan", "perbulan"),
        "harian": ("hari", "per hari", "sehari"),
        "jam": ("per jam", "jam-jaman", "sejam", "perjam"),
    },
)  # fmt: skip
#: PP 35/2021 Pasal 5(1): the bases of a time-based PKWT; Pasal 5(2): of a specific-job PKWT; a harian lepas
#: PKWT rests on Pasal 5(3) and 10 (work not fixed in kind, nature or activity), none of the five.
_BASES_OF_KIND = {
    PkwtKind.JANGKA_WAKTU.value: {"tidak_terlalu_lama", "musiman", "produk_baru"},
    PkwtKind.PEKERJAAN_TERTENTU.value: {"sekali_selesai", "sementara"},
    PkwtKind.HARIAN_LEPAS.value: set(),
}
#: masa_percobaan cells that mean "no probation": blank, 0 (with or without a unit), or said in words.
_NO_PROBATION = {"0", "00", "-", "tidakada", "tanpa", "nihil", "tidak", "none"}
_ZERO_WITH_UNIT = {"0hari", "0minggu", "0bulan", "0tahun"}
_PASSPORT = {*"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}


def _fmt(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"  # strftime is ten times slower in the hot loop


class _Extra:
    """The parsed optional columns of one row (see :meth:`RowValidator._extras`)."""

    __slots__ = (
        "signed", "kind", "basis", "wage_unit", "days_per_week", "days_per_month", "job_scope",
        "completion_condition", "nationality", "passport_number", "rptka_number", "foreign", "pending",
    )  # fmt: skip

    def __init__(self) -> None:
        self.signed: datetime.date | None = None
        self.kind = PkwtKind.JANGKA_WAKTU.value
        self.basis = ""
        self.wage_unit = WageUnit.MONTHLY.value
        self.days_per_week: int | None = None
        self.days_per_month: int | None = None
        self.job_scope = ""
        self.completion_condition = ""
        self.nationality = ""
        self.passport_number = ""
        self.rptka_number = ""
        self.foreign = False
        #: (column, code, message) of warnings for the row's contract, once it exists
        self.pending: list[tuple[str, str, str]] = []


def _no_probation(value) -> bool:
    """Whether a masa_percobaan cell says "none": 0 (also "0 bulan"), "-", "tidak ada" (blank is checked first)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    text = _normalize_choice(str(value))
    return (
        text in _NO_PROBATION
        or text in _ZERO_WITH_UNIT
        or (text == "" and str(value).strip() in _NO_PROBATION)
    )


class _ValidatorState:
    """What :class:`RowValidator` and its two halves (:mod:`.extras`, :mod:`.across`) share: the context,
    the findings and the typed rows, and how a finding is emitted."""

    def __init__(self, context: RuleContext, columns: dict[str, int]):
        self.ctx = context
        self.columns = columns
        self.findings: list[Finding] = []
        self.contracts: list[ContractRow] = []
        self.rows = 0
        self._error_rows: set[int] = set()
        self._umk_cache: dict[tuple, tuple[tuple[str, str], ...]] = {}
        # Missing (optional) columns read the "" appended to every row.
        self._pick = operator.itemgetter(*(columns.get(key, -1) for key in _ORDER))
        # The optional columns of template v2: picked only when the file has at least one of them.
        extra_present = [key in columns for key in _EXTRA_ORDER]
        self._pick_extra = (
            operator.itemgetter(*(columns.get(key, -1) for key in _EXTRA_ORDER))
            if any(extra_present)
            else None
        )
        # When every picked column is present (the template), rows are picked without padding.
        self._direct = all(key in columns for key in _ORDER) and (
            all(extra_present) or not any(extra_present)
        )
        self._width = max(columns.values(), default=0) + 1
        self._min_age = context.min_age

    def _error(self, row: int, column: str, code: str, message: str) -> None:
        self.findings.append(Finding(row, column, code, ERROR, message))
        self._error_rows.add(row)

    def _warning(self, row: int, column: str, code: str, message: str, target: ContractRow) -> None:
        finding = Finding(row, column, code, WARNING, message)
        self.findings.append(finding)
        target.warnings.append(finding)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)
