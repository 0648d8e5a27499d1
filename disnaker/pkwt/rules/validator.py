"""The row pass of the PKWT rules: :class:`RowValidator`, one unit (the hot loop of a 100,000-row import)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.utils.translation import gettext_noop as _

from disnaker.core.formats import format_rupiah
from disnaker.core.nik import NikError, nik_parse

from .. import law
from ..cells import _DIGITS_ONLY, _SEX, CellError, _blank, parse_date, parse_int, parse_money, text_of
from ..columns import FORMULA_PREFIXES
from .across import _AcrossRowsMixin, _year_ranges
from .base import (
    _FORMULA,
    _MAX_DATE,
    _MAX_WAGE,
    _MIN_DATE,
    _NIK_NUMERIC,
    WARNING,
    ContractRow,
    Finding,
    _add_years,
    _fmt,
)
from .extras import _ExtrasMixin


class RowValidator(_ExtrasMixin, _AcrossRowsMixin):
    """Checks rows one by one (:meth:`check_row`), then across rows and history (:meth:`finish`).

    This is the hot loop of a 100,000-row import, so it is written for speed: one C-level ``itemgetter``
    picks the cells, the common cell types take the first branch, and messages are Indonesian source text
    (no catalog lookup per finding).
    """

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
        if (
            birth is not None
            and start is not None
            and start.year - birth.year <= self._min_age  # a later year is past the birthday anyway
            and start < _add_years(birth, self._min_age)
        ):
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
        # Late registration is judged at *Ajukan Permohonan* against the submission date and the office's
        # channel (PP 35/2021 Pasal 14(1)/(2), from the signing date): ``lateness`` and ``registration_submit``.
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
