"""The optional columns of template v2 (issue 12): their parsing and the warnings they add, as one half of
:class:`~disnaker.pkwt.rules.RowValidator`."""

from __future__ import annotations

from collections.abc import Sequence

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.utils.translation import gettext_noop as _

from ..cells import CellError, _blank, parse_int, text_of
from ..columns import FORMULA_PREFIXES
from ..constants import INDONESIAN_NATIONALITY, PkwtBasis, PkwtKind, WageUnit
from .base import (
    _BASES,
    _BASES_OF_KIND,
    _FORMULA,
    _KINDS,
    _ONE_DAY,
    _PASSPORT,
    _WAGE_UNITS,
    ContractRow,
    _add_months,
    _Extra,
    _fmt,
    _no_probation,
    _normalize_choice,
    _ValidatorState,
)


class _ExtrasMixin(_ValidatorState):
    """Parses the optional columns of a row (:meth:`_extras`) and adds their warnings to its contract."""

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
        foreign = bool(nationality) and _normalize_choice(nationality) not in INDONESIAN_NATIONALITY
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
