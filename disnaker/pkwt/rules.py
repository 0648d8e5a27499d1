"""The PKWT worker-list rules (PP 35/2021 and the number formats in docs/domain), as one pure pass over the
rows plus set-based checks against the contracts already registered.

Every finding names the Excel row (header = 1) and the canonical column, carries a stable ``code`` and an
Indonesian message, and is an ``error`` (blocks the submission) or a ``warning`` (for the verifier).
Nothing in here may raise on any cell value: a property test feeds it arbitrary rows.
"""

from __future__ import annotations

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

ERROR = "error"
WARNING = "warning"


_ORDER = (
    "nik", "nama_pegawai", "tgl_lahir", "tempat_lahir", "jenis_kelamin", "jabatan", "awal_kontrak",
    "akhir_kontrak", "pkwt_ke", "upah", "no_bpjs_kesehatan", "no_bpjs_ketenagakerjaan", "ket",
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


@dataclass(frozen=True)
class HistoryContract:
    """A contract already registered for this company (from an earlier registration)."""

    nik: str
    start: datetime.date
    end: datetime.date
    sequence: int
    registration: str  # its registration number, for messages


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


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fmt(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"  # strftime is ten times slower in the hot loop


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
        # When every column is present (the template), rows are picked without padding.
        self._direct = len(columns) == len(_ORDER) and bool(columns)
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
        if self._direct and len(values) >= self._width:
            cells = self._pick(values)
        else:  # pad short rows; a missing optional column reads the "" at index -1
            cells = self._pick([*values, *("",) * (self._width - len(values)), ""])
        if not any(cells) or (_blank(cells[0]) and _blank(cells[1]) and all(_blank(c) for c in cells)):
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

        # NIK.
        nik = None
        if type(raw_nik) is str and len(raw_nik) == 16 and raw_nik.isdigit() and raw_nik.isascii():
            nik_text = raw_nik
        elif _blank(raw_nik):
            nik_text = None
            error(row, "nik", "required", _("NIK wajib diisi."))
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

        # Age and period.
        if birth is not None and start is not None and start < _add_years(birth, self._min_age):
            error(
                row,
                "tgl_lahir",
                "under_18",
                _("Pekerja belum berusia %(age)d tahun pada awal kontrak %(start)s (UU 13/2003 Pasal 68).")
                % {"age": self._min_age, "start": _fmt(start)},
            )
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
        contract = ContractRow(
            row, nik.value, name, birth, place, sex, position, start, end, sequence, wage, "", "", note
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
            unit = getattr(contract, "wage_unit", "") or law.MONTHLY
            per_week = getattr(contract, "days_per_week", None)
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

    # -- across rows ---------------------------------------------------------------------------------
    def finish(self) -> None:
        """Duplicates/overlaps, the sequence and the 5-year total, across the file and the history."""
        counts = Counter(c.nik for c in self.contracts)
        history: dict[str, list[HistoryContract]] = {}
        for item in self.ctx.history:
            if item.nik in counts:
                history.setdefault(item.nik, []).append(item)
        # Only workers with more than one contract (in the file or with the history) need the checks.
        by_nik: dict[str, list[ContractRow]] = {}
        for contract in self.contracts:
            if counts[contract.nik] > 1 or contract.nik in history:
                by_nik.setdefault(contract.nik, []).append(contract)
        years = self.ctx.max_total_years
        for contract in self.contracts:
            if contract.nik not in by_nik and contract.end > _last_day_within(contract.start, years):
                self._check_total([contract], ())
        for nik, rows in by_nik.items():
            past = history.get(nik, ())
            if len(rows) == 1 and not past:
                continue
            rows.sort(key=lambda c: (c.start, c.row))
            self._check_overlaps(rows, past)
            self._check_sequence(rows, past)
            self._check_total(rows, past)
        self.contracts = [c for c in self.contracts if c.row not in self._error_rows]

    def _check_overlaps(self, rows: list[ContractRow], past: Iterable[HistoryContract]) -> None:
        latest: ContractRow | None = None
        for contract in rows:
            if latest is not None and contract.start <= latest.end:
                self._error(
                    contract.row,
                    "awal_kontrak",
                    "nik_overlap",
                    _(
                        "NIK yang sama sudah ada di baris %(other)d dengan periode kontrak yang beririsan (%(a)s–%(b)s)."
                    )
                    % {"other": latest.row, "a": _fmt(latest.start), "b": _fmt(latest.end)},
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
        registered_max = max((item.sequence for item in past), default=0)
        previous: ContractRow | None = None
        for contract in rows:
            if registered_max and contract.sequence <= registered_max:
                self._error(
                    contract.row,
                    "pkwt_ke",
                    "pkwt_ke_conflict",
                    _(
                        "PKWT ke-%(seq)d bertentangan dengan kontrak yang sudah tercatat (sampai PKWT ke-%(max)d)."
                    )
                    % {"seq": contract.sequence, "max": registered_max},
                )
            elif previous is not None and contract.sequence <= previous.sequence:
                self._error(
                    contract.row,
                    "pkwt_ke",
                    "pkwt_ke_order",
                    _(
                        "PKWT ke-%(seq)d tidak berurutan: baris %(other)d (kontrak lebih awal) sudah PKWT ke-%(prev)d."
                    )
                    % {"seq": contract.sequence, "other": previous.row, "prev": previous.sequence},
                )
            previous = contract

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
            limit = _last_day_within(first, years)
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


def _last_day_within(first: datetime.date, years: int) -> datetime.date:
    """The last day of ``years`` years counted from ``first``: 01/01/2021 → 31/12/2025. Counted from the day
    before (the same day ``years`` later is the anniversary, the first day past the term), so that a term from
    29/02/2024 may run to 28/02/2029 (issue 12) whatever ``_add_years`` does with 29 February."""
    return _add_years(first - datetime.timedelta(days=1), years)


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


def _kind(term) -> str:
    """The PKWT kind of a row or a registered contract (a blank jenis_pkwt is a time-based PKWT)."""
    return getattr(term, "kind", "") or law.TIME_BASED


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
