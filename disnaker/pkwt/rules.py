"""The PKWT worker-list rules (PP 35/2021 and the number formats in docs/domain), as one pure pass over the
rows plus set-based checks against the contracts already registered.

Every finding names the Excel row (header = 1) and the canonical column, carries a stable ``code`` and an
Indonesian message, and is an ``error`` (blocks the submission) or a ``warning`` (for the verifier).
Nothing in here may raise on any cell value: a property test feeds it arbitrary rows.
"""

from __future__ import annotations

import calendar
import datetime
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.conf import settings
from django.utils.translation import gettext_noop as _

from disnaker.core.formats import format_rupiah
from disnaker.core.nik import NikError, nik_parse

from . import law
from .cells import _DIGITS_ONLY, _SEX, CellError, _blank, parse_date, parse_int, parse_money, text_of
from .columns import FORMULA_PREFIXES
from .constants import PkwtBasis, PkwtKind, WageUnit

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
    working_days_after: Callable[[datetime.date, datetime.date], int] | None = None
    registration_working_days: int = 3
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
#: kewarganegaraan values meaning an Indonesian citizen (WNI), normalized.
_INDONESIAN = {
    "indonesia",
    "wni",
    "indonesian",
    "id",
    "idn",
    "ri",
    "warganegaraindonesia",
    "republikindonesia",
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


class RowValidator:
    """Checks rows one by one (:meth:`check_row`), then across rows and history (:meth:`finish`).

    This is the hot loop of a 100,000-row import, so it is written for speed: one C-level ``itemgetter``
    picks the cells, the common cell types take the first branch, and messages are Indonesian source text
    (no catalog lookup per finding).
    """

    def __init__(self, context: RuleContext, columns: dict[str, int]):
        self.ctx = context
        self.columns = columns
        self.findings: list[Finding] = []
        self.contracts: list[ContractRow] = []
        self.rows = 0
        self._error_rows: set[int] = set()
        self._late_cache: dict[datetime.date, int] = {}
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

    def check_row(self, excel_row: int, values: Sequence) -> None:
        """Check one row; blank rows are skipped and not counted."""
        if not (self._direct and len(values) >= self._width):
            # pad short rows; a missing optional column reads the "" at index -1
            values = [*values, *("",) * (self._width - len(values)), ""]
        cells = self._pick(values)
        extra = self._pick_extra(values) if self._pick_extra is not None else None
        if (not any(cells) or (_blank(cells[0]) and _blank(cells[1]) and all(_blank(c) for c in cells))) and (
            extra is None or all(_blank(c) for c in extra)
        ):
            return
        self.rows += 1
        row = excel_row
        error = self._error
        errors_before = len(self._error_rows)
        (raw_nik, raw_name, raw_birth, raw_place, raw_sex, raw_position, raw_start, raw_end, raw_seq, raw_wage,
         raw_health, raw_employment, raw_note) = cells  # fmt: skip

        # Text columns, required, and formula injection.
        name = raw_name.strip() if type(raw_name) is str else text_of(raw_name)
        place = raw_place.strip() if type(raw_place) is str else text_of(raw_place)
        position = raw_position.strip() if type(raw_position) is str else text_of(raw_position)
        note = raw_note.strip() if type(raw_note) is str else text_of(raw_note)
        if not (name and len(name) <= 150 and name[0] not in FORMULA_PREFIXES):
            self._text_problem(row, "nama_pegawai", "Nama pegawai", name)
        if not (place and len(place) <= 150 and place[0] not in FORMULA_PREFIXES):
            self._text_problem(row, "tempat_lahir", "Tempat lahir", place)
        if not (position and len(position) <= 150 and position[0] not in FORMULA_PREFIXES):
            self._text_problem(row, "jabatan", "Jabatan", position)
        if note:
            if note[0] in FORMULA_PREFIXES:
                error(row, "ket", "formula_injection", _FORMULA % {"c": note[0]})
            elif len(note) > 500:
                error(row, "ket", "too_long", _("Keterangan terlalu panjang (maks. 500 karakter)."))

        # The optional columns of template v2 (kinds of PKWT, foreign workers, probation): parsed only when
        # the row fills any of them.
        more = self._extras(row, extra, raw_nik) if extra is not None and any(extra) else None

        # NIK. A foreign worker (TKA) has none: identified by nationality and passport instead (_extras).
        nik = None
        if more is not None and more.foreign:
            nik_text = None
        elif type(raw_nik) is str and len(raw_nik) == 16 and raw_nik.isdigit() and raw_nik.isascii():
            nik_text = raw_nik
        elif _blank(raw_nik):
            nik_text = None
            error(
                row,
                "nik",
                "required",
                _(
                    "NIK wajib diisi. Untuk tenaga kerja asing (TKA), kosongkan NIK lalu isi kewarganegaraan dan "
                    "no_paspor."
                ),
            )
        elif isinstance(raw_nik, int | float) and not isinstance(raw_nik, bool):
            nik_text = None
            error(row, "nik", "nik_numeric_cell", _NIK_NUMERIC)
        else:
            nik_text = _DIGITS_ONLY.sub("", str(raw_nik))
            if not nik_text.isascii():  # str.isdigit() also accepts '²' or '３', which int() refuses or keeps
                nik_text = None
                error(row, "nik", "nik_format", _("NIK harus 16 digit angka (0–9)."))
        if nik_text is not None:
            try:
                nik = nik_parse(nik_text)
            except NikError as exc:
                error(row, "nik", exc.code, str(exc))

        # Dates.
        date = datetime.date
        low, high = _MIN_DATE, _MAX_DATE
        birth = (
            raw_birth
            if type(raw_birth) is date and low <= raw_birth <= high
            else self._date(row, "tgl_lahir", "Tanggal lahir", raw_birth)
        )
        start = (
            raw_start
            if type(raw_start) is date and low <= raw_start <= high
            else self._date(row, "awal_kontrak", "Awal kontrak", raw_start)
        )
        end = (
            raw_end
            if type(raw_end) is date and low <= raw_end <= high
            else self._date(row, "akhir_kontrak", "Akhir kontrak", raw_end)
        )

        # Sex.
        sex = _SEX.get(raw_sex.strip().lower()) if type(raw_sex) is str else None
        if sex is None:
            if _blank(raw_sex):
                error(row, "jenis_kelamin", "required", _("Jenis kelamin wajib diisi (L atau P)."))
            else:
                error(
                    row,
                    "jenis_kelamin",
                    "sex_format",
                    _("Jenis kelamin '%(v)s' tidak dikenali: isi L atau P.") % {"v": text_of(raw_sex)[:20]},
                )

        # NIK against birth date and sex.
        if nik is not None:
            if birth is not None and (
                nik.day != birth.day or nik.month != birth.month or nik.year_2 != birth.year % 100
            ):
                error(
                    row,
                    "tgl_lahir",
                    "nik_birth_date_mismatch",
                    _("Tanggal lahir %(birth)s tidak cocok dengan NIK, yang menunjukkan %(nik)s.")
                    % {"birth": _fmt(birth), "nik": f"{nik.day:02d}/{nik.month:02d}/..{nik.year_2:02d}"},
                )
            if sex is not None and nik.sex != sex:
                error(
                    row,
                    "jenis_kelamin",
                    "nik_sex_mismatch",
                    _(
                        "Jenis kelamin %(sex)s tidak cocok dengan NIK (menurut NIK: %(nik)s; tanggal lahir "
                        "perempuan dalam NIK ditambah 40)."
                    )
                    % {"sex": sex, "nik": nik.sex},
                )

        # Age and period. UU 13/2003 Pasal 68 bans employing anyone under 18, but Pasal 69–71 allow narrow
        # exceptions that only the verifier can judge and record (``age_exceptions.py``): the row is kept
        # and flagged with this warning, and the verification waits for the exception.
        under_age = None
        if birth is not None and start is not None and start < _add_years(birth, self._min_age):
            under_age = Finding(
                row,
                "tgl_lahir",
                "under_18",
                WARNING,
                _(
                    "Pekerja belum berusia %(age)d tahun pada awal kontrak %(start)s (UU 13/2003 Pasal 68). "
                    "Baris ini hanya dapat dicatat bila verifikator mencatat pengecualian usia (Pasal 69–71)."
                )
                % {"age": self._min_age, "start": _fmt(start)},
            )
            self.findings.append(under_age)
        if start is not None and end is not None and end < start:
            error(
                row,
                "akhir_kontrak",
                "end_before_start",
                _("Akhir kontrak %(end)s lebih awal dari awal kontrak %(start)s.")
                % {"end": _fmt(end), "start": _fmt(start)},
            )

        # Sequence.
        if type(raw_seq) is float and raw_seq.is_integer() and raw_seq >= 1:
            sequence = int(raw_seq)
        else:
            sequence = None
            try:
                sequence = parse_int(raw_seq)
            except CellError as exc:
                error(row, "pkwt_ke", exc.code, _("PKWT ke: %(msg)s.") % {"msg": exc})
            else:
                if sequence is None:
                    error(row, "pkwt_ke", "required", _("PKWT ke wajib diisi (1 untuk kontrak pertama)."))
                elif sequence < 1:
                    error(
                        row,
                        "pkwt_ke",
                        "pkwt_ke_min",
                        _("PKWT ke harus 1 atau lebih (terisi %(v)d).") % {"v": sequence},
                    )
                    sequence = None

        # Wage.
        if type(raw_wage) is float and 0 < raw_wage <= _MAX_WAGE:
            wage = round(raw_wage)
        else:
            wage = None
            try:
                wage = parse_money(raw_wage)
            except CellError as exc:
                error(row, "upah", exc.code, _("Upah: %(msg)s.") % {"msg": exc})
            else:
                if wage is None:
                    error(row, "upah", "required", _("Upah wajib diisi."))
                elif wage <= 0:
                    error(row, "upah", "upah_min", _("Upah harus lebih dari 0."))
                elif wage > _MAX_WAGE:
                    error(
                        row,
                        "upah",
                        "upah_format",
                        _("Upah %(v)s tidak wajar untuk upah sebulan.") % {"v": wage},
                    )

        if len(self._error_rows) != errors_before:
            return
        if more is None:
            contract = ContractRow(
                row, nik.value, name, birth, place, sex, position, start, end, sequence, wage, "", "", note
            )
        else:
            contract = ContractRow(
                row,
                "" if more.foreign else nik.value,
                name,
                birth,
                place,
                sex,
                position,
                start,
                end,
                sequence,
                wage,
                "",
                "",
                note,
                signed=more.signed,
                kind=more.kind,
                basis=more.basis,
                wage_unit=more.wage_unit,
                days_per_week=more.days_per_week,
                days_per_month=more.days_per_month,
                job_scope=more.job_scope,
                completion_condition=more.completion_condition,
                nationality=more.nationality,
                passport_number=more.passport_number,
                rptka_number=more.rptka_number,
            )
            self._extra_warnings(contract, more)
        if under_age is not None:
            contract.warnings.append(under_age)
        limits = self.ctx
        # An implausible age (issue 12: a NIK with a birth year of 1900 passed silently).
        oldest = limits.max_plausible_age
        if start.year - birth.year > oldest and start >= _add_years(birth, oldest + 1):
            age = start.year - birth.year
            if start < _add_years(birth, age):
                age -= 1
            self._warning(
                row,
                "tgl_lahir",
                "age_implausible",
                _(
                    "Usia pekerja %(age)d tahun pada awal kontrak %(start)s tidak wajar (lebih dari %(max)d tahun). "
                    "Periksa tanggal lahir%(nik)s."
                )
                % {
                    "age": age,
                    "start": _fmt(start),
                    "max": oldest,
                    "nik": "" if contract.passport_number else _(" dan NIK"),
                },
                contract,
            )
        # A contract that has already ended is registered after the fact: PP 35/2021 Pasal 14 wants it
        # registered within 3 (online) or 7 (in writing) working days of signing, so it was due long ago.
        if end < limits.today:
            self._warning(
                row,
                "akhir_kontrak",
                "contract_ended",
                _(
                    "Kontrak ini sudah berakhir pada %(end)s, sebelum hari ini (%(today)s). PKWT wajib dicatatkan "
                    "paling lama 3 hari kerja (daring) atau 7 hari kerja (tertulis) sejak ditandatangani (PP 35/2021 "
                    "Pasal 14), jadi pencatatan ini terlambat; pastikan kontrak ini memang perlu dicatat dan "
                    "bahwa pekerja tidak lagi bekerja tanpa PKWT yang baru."
                )
                % {"end": _fmt(end), "today": _fmt(limits.today)},
                contract,
            )
        if raw_health != "":
            contract.bpjs_health = self._bpjs(
                contract, "no_bpjs_kesehatan", "BPJS Kesehatan", raw_health, self.ctx.bpjs_health_digits
            )
        if raw_employment != "":
            contract.bpjs_employment = self._bpjs(
                contract,
                "no_bpjs_ketenagakerjaan",
                "BPJS Ketenagakerjaan",
                raw_employment,
                self.ctx.bpjs_employment_digits,
            )
        ctx = self.ctx
        # UMK: every calendar year the contract covers, against that year's UMK, with the floor for the wage
        # unit (PP 36/2021 Pasal 16-17); a year not yet in the table is said. Micro and small enterprises are
        # exempt (UU 13/2003 Pasal 90B as amended by UU 6/2023). Without any UMK for the region (no region
        # known) there is nothing to compare with. Cached per (years, wage, unit, week): most rows share them.
        if not ctx.exempt_from_umk and ctx.minimum_wages:
            unit = contract.wage_unit
            per_week = contract.days_per_week
            key = (start.year, end.year, wage, unit, per_week)
            umk_findings = self._umk_cache.get(key)
            if umk_findings is None:
                umk_findings = self._umk_cache[key] = self._umk_findings(start, end, wage, unit, per_week)
            for code, text in umk_findings:
                self._warning(row, "upah", code, text, contract)
        if ctx.working_days_after is not None and start < ctx.today:
            late = self._late_cache.get(start)
            if late is None:
                late = self._working_days_since(start)
            if late > ctx.registration_working_days:
                self._warning(
                    row,
                    "awal_kontrak",
                    "late_registration",
                    _(
                        "Didaftarkan %(n)d hari kerja setelah awal kontrak %(start)s; batas pencatatan %(limit)d hari "
                        "kerja (PP 35/2021)."
                    )
                    % {"n": late, "start": _fmt(start), "limit": ctx.registration_working_days},
                    contract,
                )
        self.contracts.append(contract)

    def _umk_findings(
        self, start: datetime.date, end: datetime.date, wage: int, unit: str, per_week: int | None
    ) -> tuple[tuple[str, str], ...]:
        """The (code, message) UMK findings of a contract covering ``start``–``end`` at ``wage`` per ``unit``."""
        ctx = self.ctx
        divisor, assumed = law.wage_divisor(unit, per_week)
        below: list[str] = []
        missing: list[int] = []
        for year in law.calendar_years(start, end):
            umk = ctx.minimum_wages.get(year)
            if umk is None:
                missing.append(year)
            elif law.below_floor(wage, umk, divisor):
                if divisor == 1:
                    below.append(f"{year} ({format_rupiah(umk)})")
                else:
                    below.append(
                        f"{year} {format_rupiah(law.wage_floor(umk, divisor))} (UMK {format_rupiah(umk)})"
                    )
        found: list[tuple[str, str]] = []
        if below:
            values = {
                "wage": format_rupiah(wage),
                "region": ctx.region_name,
                "years": _(" dan ").join(below),
                "divisor": divisor,
            }
            if unit == law.DAILY:
                if assumed:
                    values["week"] = _(
                        "hari_kerja_per_minggu kosong, dianggap %(n)d hari kerja per minggu"
                    ) % {"n": law.DEFAULT_DAYS_PER_WEEK}
                else:
                    values["week"] = _("%(n)d hari kerja per minggu") % {"n": per_week}
                text = _(
                    "Upah harian %(wage)s di bawah batas upah harian (UMK %(region)s dibagi %(divisor)d, "
                    "%(week)s; PP 36/2021 Pasal 17): %(years)s."
                )
            elif unit == law.HOURLY:
                text = _(
                    "Upah per jam %(wage)s di bawah batas upah per jam (UMK %(region)s dibagi %(divisor)d; "
                    "PP 36/2021 Pasal 16): %(years)s."
                )
            else:
                text = _("Upah %(wage)s di bawah UMK %(region)s %(years)s.")
            found.append(("upah_below_umk", text % values))
        if missing:
            found.append(
                (
                    "umk_year_missing",
                    _(
                        # Short: in December it is on every row that runs into next year.
                        "UMK tahun %(years)s belum ada di tabel UMK; upah untuk tahun itu belum diperiksa."
                    )
                    % {"years": _year_ranges(missing)},
                )
            )
        return tuple(found)

    def _working_days_since(self, start: datetime.date) -> int:
        """Working days in ``(start, today]``, counted through the following month starts and cached, so
        each distinct start date costs at most a month of calendar steps (a file of thousands of distinct
        start dates decades ago would otherwise count decades of days for every one of them)."""
        cache = self._late_cache
        today = self.ctx.today
        points = []
        day = start
        while day < today and day not in cache:
            points.append(day)
            day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        total = cache.get(day, 0)  # 0 when ``day`` is not before today
        for point in reversed(points):
            total += self.ctx.working_days_after(point, min(day, today))
            cache[point] = total
            day = point
        return total

    def _text_problem(self, row: int, key: str, label: str, text: str) -> None:
        if not text:
            self._error(row, key, "required", _("%(label)s wajib diisi.") % {"label": label})
        elif text[0] in FORMULA_PREFIXES:
            self._error(row, key, "formula_injection", _FORMULA % {"c": text[0]})
        else:
            self._error(
                row, key, "too_long", _("%(label)s terlalu panjang (maks. 150 karakter).") % {"label": label}
            )

    def _date(self, row: int, key: str, label: str, raw) -> datetime.date | None:
        try:
            value = parse_date(raw)
        except CellError as exc:
            self._error(row, key, exc.code, _("%(label)s: %(msg)s.") % {"label": label, "msg": exc})
            return None
        if value is None:
            self._error(row, key, "required", _("%(label)s wajib diisi.") % {"label": label})
        elif not (_MIN_DATE <= value <= _MAX_DATE):
            self._error(
                row,
                key,
                "date_range",
                _("%(label)s %(v)s di luar rentang yang wajar.") % {"label": label, "v": _fmt(value)},
            )
            return None
        return value

    def _bpjs(self, contract: ContractRow, key: str, label: str, raw, digits: int) -> str:
        if type(raw) is str:
            text = raw.strip()
            if len(text) == digits and text.isdigit():
                return text
            text = _DIGITS_ONLY.sub("", text)
            numeric = False
        else:
            text = _DIGITS_ONLY.sub("", text_of(raw))
            numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
        if not text:
            return ""
        if numeric and len(text) != digits:
            self._warning(
                contract.row,
                key,
                "bpjs_numeric_cell",
                _(
                    "Nomor %(label)s tersimpan sebagai angka (%(n)d digit, seharusnya %(d)d): angka 0 di depan "
                    "mungkin hilang. Format kolom sebagai Teks."
                )
                % {"label": label, "n": len(text), "d": digits},
                contract,
            )
        elif not text.isdigit() or len(text) != digits:
            self._warning(
                contract.row,
                key,
                "bpjs_length",
                _("Nomor %(label)s seharusnya %(d)d digit angka (terisi %(n)d karakter).")
                % {"label": label, "d": digits, "n": len(text)},
                contract,
            )
        return text[:20]

    # -- the optional columns of template v2 (issue 12) ---------------------------------------------
    def _extras(self, row: int, cells: Sequence, raw_nik) -> _Extra:
        """Parse the optional columns of one row; errors are reported, warnings wait in ``pending`` for the
        row's contract."""
        (raw_signed, raw_kind, raw_basis, raw_unit, raw_week, raw_month, raw_probation, raw_scope, raw_condition,
         raw_nationality, raw_passport, raw_rptka) = cells  # fmt: skip
        more = _Extra()
        error = self._error
        if not _blank(raw_signed):
            more.signed = self._date(row, "tanggal_perjanjian", "Tanggal perjanjian", raw_signed)
            if more.signed is not None and more.signed > self.ctx.today:
                more.pending.append(
                    (
                        "tanggal_perjanjian",
                        "signed_date_future",
                        _(
                            "Tanggal perjanjian %(d)s belum lewat: PKWT dicatatkan setelah ditandatangani (PP 35/2021 "
                            "Pasal 14). Periksa tanggalnya."
                        )
                        % {"d": _fmt(more.signed)},
                    )
                )
        more.kind = self._choice(
            row, "jenis_pkwt", "Jenis PKWT", raw_kind, _KINDS, PkwtKind.JANGKA_WAKTU.value
        )
        more.basis = self._choice(row, "dasar_pkwt", "Dasar PKWT", raw_basis, _BASES, "")
        more.wage_unit = self._choice(
            row, "satuan_upah", "Satuan upah", raw_unit, _WAGE_UNITS, WageUnit.MONTHLY.value
        )
        more.days_per_week = self._days(row, "hari_kerja_per_minggu", "Hari kerja per minggu", raw_week, 5, 6)
        more.days_per_month = self._days(
            row, "hari_kerja_per_bulan", "Hari kerja per bulan", raw_month, 0, 31
        )

        # PP 35/2021 Pasal 12 (and UU 13/2003 Pasal 58 as amended by UU 6/2023): a PKWT may not require a
        # probation period; one that does is void by law, and the period counts as service.
        if not _blank(raw_probation) and not _no_probation(raw_probation):
            error(
                row,
                "masa_percobaan",
                "probation_not_allowed",
                _(
                    "PKWT tidak boleh mensyaratkan masa percobaan kerja (terisi '%(v)s'). Masa percobaan dalam PKWT "
                    "batal demi hukum dan masa kerjanya tetap dihitung (PP 35/2021 Pasal 12; UU 13/2003 Pasal 58 "
                    "sebagaimana diubah UU 6/2023). Hapus masa percobaan dari perjanjian, lalu kosongkan kolom ini "
                    "atau isi 0."
                )
                % {"v": text_of(raw_probation)[:40]},
            )

        # A specific-job PKWT (Pasal 4(1)(b), 5(2)): the agreement states the job's scope and when it counts as
        # complete (Pasal 9(2)); akhir_kontrak then holds the estimated end.
        more.job_scope = self._optional_text(row, "lingkup_pekerjaan", "Lingkup pekerjaan", raw_scope, 500)
        more.completion_condition = self._optional_text(
            row, "syarat_selesai", "Syarat selesai", raw_condition, 500
        )
        if more.kind == PkwtKind.PEKERJAAN_TERTENTU:
            if not more.job_scope and _blank(raw_scope):
                error(
                    row,
                    "lingkup_pekerjaan",
                    "job_scope_required",
                    _(
                        "Lingkup pekerjaan wajib diisi untuk PKWT berdasarkan selesainya suatu pekerjaan tertentu: "
                        "tulis ruang lingkup pekerjaan sesuai perjanjian (PP 35/2021 Pasal 9 ayat (2) huruf a)."
                    ),
                )
            if not more.completion_condition and _blank(raw_condition):
                error(
                    row,
                    "syarat_selesai",
                    "completion_condition_required",
                    _(
                        "Syarat selesai wajib diisi untuk PKWT berdasarkan selesainya suatu pekerjaan tertentu: tulis "
                        "batasan kapan pekerjaan dinyatakan selesai, sesuai kata-kata perjanjian (PP 35/2021 Pasal 9 "
                        "ayat (2) huruf a)."
                    ),
                )
        if more.basis and more.basis not in _BASES_OF_KIND[more.kind]:
            more.pending.append(
                (
                    "dasar_pkwt",
                    "dasar_pkwt_mismatch",
                    _(
                        "Dasar PKWT '%(basis)s' bukan dasar untuk PKWT %(kind)s (PP 35/2021 Pasal 5: ayat (1) untuk "
                        "PKWT jangka waktu, ayat (2) untuk PKWT selesainya pekerjaan tertentu, ayat (3) dan Pasal 10 "
                        "untuk harian lepas). Periksa jenis dan dasar PKWT."
                    )
                    % {"basis": PkwtBasis(more.basis).label, "kind": PkwtKind(more.kind).label.lower()},
                )
            )

        # A foreign worker (TKA): identified by nationality and passport, with the RPTKA (UU 13/2003 Pasal 42
        # as amended by UU 6/2023; PP 34/2021). No NIK check applies.
        nationality = self._optional_text(row, "kewarganegaraan", "Kewarganegaraan", raw_nationality, 60)
        passport_text = self._optional_text(row, "no_paspor", "No. paspor", raw_passport, 40)
        rptka = self._optional_text(row, "no_rptka", "No. RPTKA", raw_rptka, 60)
        foreign = bool(nationality) and _normalize_choice(nationality) not in _INDONESIAN
        if not foreign and passport_text and not nationality:
            error(
                row,
                "kewarganegaraan",
                "nationality_required",
                _(
                    "Kewarganegaraan wajib diisi untuk tenaga kerja asing yang dikenali dari no_paspor. Untuk "
                    "pekerja WNI kosongkan no_paspor dan isi NIK."
                ),
            )
        if foreign:
            more.foreign = True
            more.nationality = " ".join(nationality.split())
            passport = "".join(ch for ch in passport_text.upper() if ch not in " -./")
            if not passport_text:
                if not _blank(raw_passport):  # a formula or an overlong cell, already reported
                    pass
                else:
                    error(
                        row,
                        "no_paspor",
                        "passport_required",
                        _(
                            "No. paspor wajib diisi untuk tenaga kerja asing (kewarganegaraan %(n)s): pekerja TKA "
                            "dikenali dari kewarganegaraan dan nomor paspor, bukan NIK."
                        )
                        % {"n": more.nationality[:60]},
                    )
            elif not (5 <= len(passport) <= 20 and set(passport) <= _PASSPORT):
                error(
                    row,
                    "no_paspor",
                    "passport_format",
                    _("No. paspor '%(v)s' tidak wajar: isi 5–20 huruf dan angka sesuai paspor.")
                    % {"v": passport_text[:40]},
                )
            else:
                more.passport_number = passport
            more.rptka_number = rptka
            if not rptka and _blank(raw_rptka):
                # A warning, not an error: UU 13/2003 Pasal 42(1) as amended by UU 6/2023 requires an approved
                # RPTKA, but Pasal 42(3) exempts some TKA (directors or commissioners holding shares, diplomatic
                # staff, and the others listed there and in PP 34/2021), so a lawful row may have none.
                more.pending.append(
                    (
                        "no_rptka",
                        "rptka_missing",
                        _(
                            "No. RPTKA atau notifikasi belum diisi. Pemberi kerja TKA wajib memiliki RPTKA yang "
                            "disahkan (UU 13/2003 Pasal 42 ayat (1) sebagaimana diubah UU 6/2023; PP 34/2021), "
                            "kecuali TKA yang dikecualikan Pasal 42 ayat (3), misalnya direksi atau komisaris "
                            "pemegang saham. Isi nomornya, atau jelaskan pengecualiannya di kolom ket."
                        ),
                    )
                )
            if not _blank(raw_nik):
                more.pending.append(
                    (
                        "nik",
                        "tka_nik_ignored",
                        _(
                            "NIK tidak dipakai untuk tenaga kerja asing: pekerja ini dikenali dari kewarganegaraan "
                            "dan no_paspor, dan NIK-nya tidak diperiksa maupun disimpan."
                        ),
                    )
                )
        return more

    def _extra_warnings(self, contract: ContractRow, more: _Extra) -> None:
        row = contract.row
        for column, code, message in more.pending:
            self._warning(row, column, code, message, contract)
        # Harian lepas (PP 35/2021 Pasal 10(3)): fewer than 21 working days a month; Pasal 10(4): 21 days or
        # more for 3 consecutive months or longer turns the daily agreement into a PKWTT by law.
        days = contract.days_per_month
        if contract.kind == PkwtKind.HARIAN_LEPAS and days is not None and days >= 21:
            values = {"n": days, "a": _fmt(contract.start), "b": _fmt(contract.end)}
            if contract.end >= _add_months(contract.start, 3) - _ONE_DAY:
                self._warning(
                    row,
                    "hari_kerja_per_bulan",
                    "harian_lepas_pkwtt",
                    _(
                        "PKWT harian lepas dengan %(n)d hari kerja sebulan selama %(a)s–%(b)s, 3 bulan berturut-turut "
                        "atau lebih: perjanjian kerja harian menjadi tidak berlaku dan hubungan kerjanya demi hukum "
                        "menjadi PKWTT (PP 35/2021 Pasal 10 ayat (4))."
                    )
                    % values,
                    contract,
                )
            else:
                self._warning(
                    row,
                    "hari_kerja_per_bulan",
                    "harian_lepas_days",
                    _(
                        "PKWT harian lepas hanya untuk pekerja yang bekerja kurang dari 21 hari dalam sebulan (PP "
                        "35/2021 Pasal 10 ayat (3)); terisi %(n)d hari. Jika berlangsung 3 bulan berturut-turut, "
                        "hubungan kerjanya demi hukum menjadi PKWTT (ayat (4))."
                    )
                    % values,
                    contract,
                )

    def _choice(self, row: int, key: str, label: str, raw, lookup: dict[str, str], default: str) -> str:
        if _blank(raw):
            return default
        text = raw if type(raw) is str else text_of(raw)
        value = lookup.get(_normalize_choice(text))
        if value is None:
            options = ", ".join(sorted(set(lookup.values())))
            self._error(
                row,
                key,
                f"{key}_format",
                _("%(label)s '%(v)s' tidak dikenali: isi salah satu dari %(options)s.")
                % {"label": label, "v": text.strip()[:40], "options": options},
            )
            return default
        return value

    def _days(self, row: int, key: str, label: str, raw, low: int, high: int) -> int | None:
        if _blank(raw):
            return None
        try:
            value = parse_int(raw)
        except CellError:
            value = None
        if value is None or not low <= value <= high:
            allowed = _("%(a)d atau %(b)d") if high == low + 1 else _("bilangan bulat %(a)d–%(b)d")
            self._error(
                row,
                key,
                "hari_kerja_format",
                _("%(label)s '%(v)s' tidak sah: isi %(allowed)s.")
                % {"label": label, "v": text_of(raw)[:20], "allowed": allowed % {"a": low, "b": high}},
            )
            return None
        return value

    def _optional_text(self, row: int, key: str, label: str, raw, limit: int) -> str:
        """An optional text cell: "" when blank, and also (after reporting the error) when refused."""
        if _blank(raw):
            return ""
        text = raw.strip() if type(raw) is str else text_of(raw)
        if text[0] in FORMULA_PREFIXES:
            self._error(row, key, "formula_injection", _FORMULA % {"c": text[0]})
            return ""
        if len(text) > limit:
            self._error(
                row,
                key,
                "too_long",
                _("%(label)s terlalu panjang (maks. %(n)d karakter).") % {"label": label, "n": limit},
            )
            return ""
        return text

    # -- across rows ---------------------------------------------------------------------------------
    def finish(self) -> None:
        """Duplicates/overlaps, the sequence and the 5-year total, across the file and the history, per
        worker: grouped by :attr:`ContractRow.person_key` (the NIK, or the passport of a foreign worker)."""
        contracts = self.contracts
        for contract in contracts:
            if not contract.person_key:  # rows of the seed's columns: the NIK, without a call per row
                contract.person_key = (
                    person_key(contract.nik, contract.nationality, contract.passport_number)
                    if contract.passport_number
                    else contract.nik
                )
        counts = Counter(c.person_key for c in contracts)
        history: dict[str, list[HistoryContract]] = {}
        for item in self.ctx.history:
            if item.person_key in counts:
                history.setdefault(item.person_key, []).append(item)
        # Only workers with more than one contract (in the file or with the history) need the checks.
        by_person: dict[str, list[ContractRow]] = {}
        for contract in contracts:
            if counts[contract.person_key] > 1 or contract.person_key in history:
                by_person.setdefault(contract.person_key, []).append(contract)
        years = self.ctx.max_total_years
        for contract in contracts:
            if contract.person_key not in by_person and contract.end > _term_last_day(contract.start, years):
                self._check_total([contract], ())
        for key, rows in by_person.items():
            past = history.get(key, ())
            if len(rows) == 1 and not past:
                continue
            rows.sort(key=lambda c: (c.start, c.row))
            self._check_overlaps(rows, past)
            self._check_sequence(rows, past)
            self._check_total(rows, past)
        self.contracts = [c for c in contracts if c.row not in self._error_rows]

    def _check_overlaps(self, rows: list[ContractRow], past: Iterable[HistoryContract]) -> None:
        latest: ContractRow | None = None
        for contract in rows:
            if latest is not None and contract.start <= latest.end:
                self._error(
                    contract.row,
                    "awal_kontrak",
                    "nik_overlap",
                    _(
                        "%(who)s yang sama sudah ada di baris %(other)d dengan periode kontrak yang beririsan "
                        "(%(a)s–%(b)s)."
                    )
                    % {
                        "who": _("No. paspor") if contract.passport_number else _("NIK"),
                        "other": latest.row,
                        "a": _fmt(latest.start),
                        "b": _fmt(latest.end),
                    },
                )
            if latest is None or contract.end > latest.end:
                latest = contract
            for item in past:
                if contract.start <= item.end and item.start <= contract.end:
                    self._error(
                        contract.row,
                        "awal_kontrak",
                        "nik_overlap_registered",
                        _(
                            "Pekerja ini sudah tercatat dengan PKWT %(a)s–%(b)s (permohonan %(reg)s) yang beririsan "
                            "dengan kontrak ini."
                        )
                        % {"a": _fmt(item.start), "b": _fmt(item.end), "reg": item.registration},
                    )
                    break

    def _check_sequence(self, rows: list[ContractRow], past: Sequence[HistoryContract]) -> None:
        """pkwt_ke grows with the dates, across the file and the contracts already registered. An earlier
        contract registered after a later one (back-registration) is a warning when its number and dates fit
        between the registered ones, and an error when they contradict them."""
        registered_max = max((item.sequence for item in past), default=0)
        previous: ContractRow | None = None
        for contract in rows:
            seq = contract.sequence
            if registered_max and seq <= registered_max:
                self._registered_sequence(contract, past, registered_max)
            elif previous is not None and seq <= previous.sequence:
                self._error(
                    contract.row,
                    "pkwt_ke",
                    "pkwt_ke_order",
                    _(
                        "PKWT ke-%(seq)d tidak berurutan: baris %(other)d (kontrak lebih awal) sudah PKWT ke-%(prev)d."
                    )
                    % {"seq": seq, "other": previous.row, "prev": previous.sequence},
                )
            previous = contract

    def _registered_sequence(
        self, contract: ContractRow, past: Sequence[HistoryContract], registered_max: int
    ) -> None:
        seq = contract.sequence
        same = next((item for item in past if item.sequence == seq), None)
        values = {"seq": seq, "max": registered_max, "next": registered_max + 1}
        if same is not None:
            values.update(a=_fmt(same.start), b=_fmt(same.end), reg=same.registration)
            self._error(
                contract.row,
                "pkwt_ke",
                "pkwt_ke_conflict",
                _(
                    "PKWT ke-%(seq)d pekerja ini sudah tercatat (%(a)s–%(b)s, permohonan %(reg)s; tercatat sampai "
                    "PKWT ke-%(max)d). Nomor urut tidak dapat dipakai dua kali: untuk perpanjangan berikutnya isi "
                    "PKWT ke-%(next)d, dan kontrak yang sudah tercatat tidak perlu dicatat lagi."
                )
                % values,
            )
            return
        # A registered contract with a higher number that starts earlier, or a lower one that starts later.
        clash = next(
            (
                item
                for item in past
                if (item.sequence > seq and item.start < contract.start)
                or (item.sequence < seq and item.start > contract.start)
            ),
            None,
        )
        if clash is not None:
            values.update(
                other=clash.sequence, a=_fmt(clash.start), b=_fmt(clash.end), reg=clash.registration
            )
            self._error(
                contract.row,
                "pkwt_ke",
                "pkwt_ke_conflict",
                _(
                    "PKWT ke-%(seq)d bertentangan dengan kontrak yang sudah tercatat (sampai PKWT ke-%(max)d): PKWT "
                    "ke-%(other)d (%(a)s–%(b)s, permohonan %(reg)s) tidak cocok urutannya dengan tanggal kontrak ini. "
                    "Periksa PKWT ke dan tanggal kontraknya."
                )
                % values,
            )
            return
        later = min((item for item in past if item.sequence > seq), key=lambda item: item.sequence)
        values.update(
            a=_fmt(contract.start),
            b=_fmt(contract.end),
            later=later.sequence,
            reg=later.registration,
        )
        self._warning(
            contract.row,
            "pkwt_ke",
            "pkwt_back_registration",
            _(
                "Pencatatan mundur: PKWT ke-%(seq)d (%(a)s–%(b)s) baru dicatatkan setelah PKWT ke-%(later)d yang lebih "
                "baru sudah tercatat (permohonan %(reg)s; tercatat sampai PKWT ke-%(max)d). Urutan dan tanggalnya "
                "cocok, tetapi PKWT wajib dicatatkan paling lama 3 hari kerja sejak ditandatangani (PP 35/2021 Pasal "
                "14), sehingga kontrak ini terlambat dicatatkan; verifikator menilai alasannya."
            )
            % values,
            contract,
        )

    def _check_total(self, rows: list[ContractRow], past: Sequence[HistoryContract]) -> None:
        """The 5-year total of a worker's chain of contracts at this company (the file and the history).

        PP 35/2021 Pasal 8(2) limits "jangka waktu keseluruhan PKWT beserta perpanjangannya" to 5 years and
        Putusan MK 168/PUU-XXI/2023 reads UU 13/2003 Pasal 56(3) as "tidak melebihi paling lama 5 (lima)
        tahun, termasuk jika terdapat perpanjangan": the *sum of the terms* is capped, not the span from the
        first start. So, per chain (a gap over ``chain_break_days`` starts a new one, see law.py):

        - ``pkwt_total_over_limit`` (error): a time-based PKWT where the sum of the chain's time-based terms
          up to its end passes 5 years. Exactly 5 years (01/01/2021–31/12/2025) is allowed.
        - ``pkwt_total_over_limit_unsettled`` (warning): the sum passes 5 years but the law's cap is not
          settled for this row: a specific-job PKWT (PP 35/2021 Pasal 9(4) lets it be extended "sampai batas
          waktu tertentu hingga selesainya pekerjaan" with no cap, while MK 168's reading speaks of "jangka
          waktu selesainya suatu pekerjaan tertentu ... paling lama 5 tahun"), a harian lepas PKWT (Pasal
          10, outside Pasal 8), or a time-based PKWT that passes only with such terms counted.
        - ``pkwt_span_over_limit`` (warning): the sum is within 5 years, but the span from the chain's first
          start passes them because of the gaps between contracts, for the verifier to look at.
        """
        ctx = self.ctx
        years = ctx.max_total_years
        kind_of = _kind
        for chain in law.split_chains([*rows, *past], ctx.chain_break_days):
            first = chain[0].start
            limit = _term_last_day(first, years)
            if max(term.end for term in chain) <= limit:
                continue  # nothing reaches past 5 years from the chain's first start
            allowed = (limit - first).days + 1
            totals = law.cumulative_days(chain)
            strict = law.cumulative_days([t for t in chain if kind_of(t) == law.TIME_BASED])
            strict_at: dict[int, int] = {}
            index = 0
            for position, term in enumerate(chain):
                if kind_of(term) == law.TIME_BASED:
                    strict_at[position] = strict[index]
                    index += 1
            with_history = any(type(term) is HistoryContract for term in chain)
            for position, term in enumerate(chain):
                if type(term) is not ContractRow:
                    continue
                total = totals[position]
                values = {
                    "years": years,
                    "first": _fmt(first),
                    "hist": _(" (termasuk kontrak yang sudah tercatat)") if with_history else "",
                    "days": total,
                    "allowed": allowed,
                }
                if total > allowed:
                    kind = kind_of(term)
                    if kind == law.TIME_BASED and strict_at[position] > allowed:
                        values["days"] = strict_at[position]
                        self._error(
                            term.row,
                            "akhir_kontrak",
                            "pkwt_total_over_limit",
                            _total_message(term, strict_at[position], values),
                        )
                    else:
                        if kind == law.SPECIFIC_JOB:
                            why = _(
                                " Untuk PKWT berdasarkan selesainya suatu pekerjaan tertentu, PP 35/2021 Pasal 9 "
                                "ayat (4) membolehkan perpanjangan hingga pekerjaan selesai, sedangkan Putusan MK "
                                "168/PUU-XXI/2023 membatasi jangka waktunya paling lama 5 tahun termasuk "
                                "perpanjangan: periksa apakah pekerjaannya memang belum selesai."
                            )
                        elif kind == law.CASUAL:
                            why = _(
                                " Untuk PKWT harian lepas (PP 35/2021 Pasal 10) batas 5 tahun Pasal 8 tidak tegas "
                                "berlaku; periksa apakah pekerjaannya memang tidak tetap."
                            )
                        else:
                            why = _(
                                " Batas ini terlampaui hanya karena kontrak lain pekerja ini berupa PKWT "
                                "selesainya pekerjaan tertentu atau harian lepas ikut dihitung."
                            )
                        self._warning(
                            term.row,
                            "akhir_kontrak",
                            "pkwt_total_over_limit_unsettled",
                            _total_message(term, total, values) + why,
                            term,
                        )
                elif term.end > limit:
                    self._warning(
                        term.row,
                        "akhir_kontrak",
                        "pkwt_span_over_limit",
                        _(
                            "Sejak kontrak pertama %(first)s%(hist)s sudah lebih dari %(years)d tahun, tetapi jumlah "
                            "masa kontraknya %(days)d hari, masih dalam batas %(allowed)d hari, karena ada jeda "
                            "antar kontrak (PP 35/2021 Pasal 8 ayat (2) membatasi jumlah masa PKWT). Periksa "
                            "apakah jeda itu benar-benar tanpa hubungan kerja."
                        )
                        % values,
                        term,
                    )


def _year_ranges(years: list[int]) -> str:
    """``[2027, 2028, 2029, 2031]`` → ``2027–2029 dan 2031`` (a contract over decades stays one line)."""
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    return _(" dan ").join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + _(" dan ") + parts[-1]


def _kind(term: ContractRow | HistoryContract) -> str:
    """The PKWT kind of a row or a registered contract (a blank jenis_pkwt is a time-based PKWT)."""
    return term.kind or law.TIME_BASED


def _total_message(term: ContractRow, total: int, values: dict) -> str:
    excess = total - values["allowed"]
    latest = term.end - datetime.timedelta(days=excess)
    if latest >= term.start:
        tail = _("sehingga kontrak ini paling lambat berakhir %(limit)s") % {"limit": _fmt(latest)}
    else:
        tail = _("sehingga batas itu sudah habis sebelum kontrak ini dimulai")
    return _(
        "Total masa PKWT pekerja ini di perusahaan melebihi %(years)d tahun: jumlah masa kontrak sejak "
        "%(first)s%(hist)s sampai akhir kontrak ini %(days)d hari, lebih dari %(allowed)d hari, %(tail)s "
        "(PP 35/2021 Pasal 8 ayat (2); Putusan MK 168/PUU-XXI/2023)."
    ) % {**values, "tail": tail}
