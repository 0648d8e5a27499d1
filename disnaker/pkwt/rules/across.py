"""The checks across rows and the registered history: overlaps, the sequence and the 5-year total (PP 35/2021
Pasal 8), as one half of :class:`~disnaker.pkwt.rules.RowValidator`."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.utils.translation import gettext_noop as _

from .. import law
from .base import (
    ContractRow,
    HistoryContract,
    _fmt,
    _term_last_day,
    _ValidatorState,
    person_key,
)


class _AcrossRowsMixin(_ValidatorState):
    """:meth:`finish`: duplicates/overlaps, the sequence and the 5-year total, across the file and the history."""

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
