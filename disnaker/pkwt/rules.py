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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.utils.translation import gettext_noop as _

from disnaker.core.formats import format_rupiah
from disnaker.core.nik import NikError, nik_parse

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
    max_total_years: int = 5
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
        if not ctx.exempt_from_umk:
            umk = ctx.minimum_wages.get(start.year)
            if umk is not None and wage < umk:
                self._warning(
                    row,
                    "upah",
                    "upah_below_umk",
                    _("Upah %(wage)s di bawah UMK %(region)s %(year)d (%(umk)s).")
                    % {
                        "wage": format_rupiah(wage),
                        "region": ctx.region_name,
                        "year": start.year,
                        "umk": format_rupiah(umk),
                    },
                    contract,
                )
        # Late registration is judged at *Ajukan Permohonan* against the submission date and the office's
        # channel (PP 35/2021 Pasal 14(1)/(2), from the signing date): ``lateness`` and ``registration_submit``.
        self.contracts.append(contract)

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
        one_day = datetime.timedelta(days=1)
        for contract in self.contracts:
            if contract.nik not in by_nik and contract.end > _add_years(contract.start, years) - one_day:
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
        first = min([c.start for c in rows] + [item.start for item in past])
        limit = _add_years(first, self.ctx.max_total_years) - datetime.timedelta(days=1)
        for contract in rows:
            if contract.end > limit:
                self._error(
                    contract.row,
                    "akhir_kontrak",
                    "pkwt_total_over_limit",
                    _(
                        "Total masa PKWT pekerja ini di perusahaan melebihi %(years)d tahun: kontrak pertama mulai "
                        "%(first)s%(hist)s, sehingga kontrak paling lambat berakhir %(limit)s (PP 35/2021 Pasal 8)."
                    )
                    % {
                        "years": self.ctx.max_total_years,
                        "first": _fmt(first),
                        "hist": _(" (termasuk kontrak yang sudah tercatat)") if past else "",
                        "limit": _fmt(limit),
                    },
                )
