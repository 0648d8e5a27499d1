"""Late registration, judged at *Ajukan Permohonan* (issue 12, rule 2): working days from the signing date
(else the start date, said so) to the submission date, against the office channel's ayat of PP 35/2021
Pasal 14. The first three tests are the import's old late_registration tests, moved here from test_rules.py
with the rule (same dates, same calendar)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.urls import reverse

from disnaker.core.models import CalendarOverride
from disnaker.core.workdays import WorkCalendar
from disnaker.pkwt import services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.lateness import late_warning, working_days_since
from disnaker.pkwt.models import PkwtContract, PkwtOfficeSettings
from disnaker.pkwt.selectors import contracts_of, warning_counts

from .helpers import (
    HEADERS,
    HEADERS_V2,
    WORKER_BIRTH,
    D,
    freeze_today,
    import_rows,
    new_registration,
    nik_for,
    valid_row,
    valid_row_v2,
    xlsx,
)


def signed_worker(serial: int, **overrides) -> list:
    """A valid worker row in template v2's layout (which has ``tanggal_perjanjian``), a distinct NIK each."""
    return valid_row_v2(nik=nik_for(WORKER_BIRTH, "L", serial), tgl_lahir=WORKER_BIRTH, jenis_kelamin="L",
                        nama_pegawai="Budi Santoso", **overrides)  # fmt: skip


@pytest.mark.parametrize(
    ("signed", "submitted", "days"),
    [
        # Nyepi and Idul Fitri 2026: 18–20 and 23–24 March are holidays or cuti bersama.
        (D(2026, 3, 17), D(2026, 3, 27), 3),  # 25, 26, 27 March: on time online
        (D(2026, 3, 17), D(2026, 3, 30), 4),
        # Christmas 2026: 24 (cuti bersama) and 25 December.
        (D(2026, 12, 22), D(2026, 12, 29), 3),  # 23, 28, 29 December
        (D(2026, 12, 22), D(2026, 12, 30), 4),
        (D(2026, 3, 17), D(2026, 3, 17), 0),  # submitted on the day
        (D(2026, 3, 17), D(2026, 3, 1), 0),  # signed after the submission
    ],
)
def test_working_days_from_signing_to_submission(db, signed, submitted, days):
    assert working_days_since([signed], submitted, WorkCalendar().working_days_after) == {signed: days}


def test_the_count_follows_calendar_overrides(db):
    CalendarOverride.objects.create(date=D(2026, 3, 26), is_holiday=True, name="Libur daerah")
    assert working_days_since([D(2026, 3, 17)], D(2026, 3, 30), WorkCalendar().working_days_after) == {
        D(2026, 3, 17): 3  # 25, 27, 30 March
    }


def test_many_distinct_old_dates_are_counted_exactly_walking_the_calendar_once(db):
    calendar = WorkCalendar()
    until = D(2026, 3, 30)
    rng = random.Random(7)
    days = {D(1990, 1, 1) + datetime.timedelta(days=rng.randint(0, 13_000)) for _ in range(40)}
    spans = []

    def counting(start, end):
        spans.append((end - start).days)
        return calendar.working_days_after(start, end)

    counts = working_days_since(days, until, counting)
    assert sum(spans) == (until - min(days)).days  # each day of the span counted once
    assert counts == {day: calendar.working_days_after(day, until) for day in days}


def test_the_warning_names_its_reference_day_the_submission_and_the_ayat():
    signed = late_warning(days=4, signed_date=D(2026, 3, 17), start_date=D(2026, 4, 1),
                          submitted_on=D(2026, 3, 30), channel="online")  # fmt: skip
    assert signed["column"] == "tanggal_perjanjian" and signed["code"] == "late_registration"
    assert signed["message"].startswith(
        "Diajukan 4 hari kerja sejak tanggal perjanjian 17/03/2026, pada 30/03/2026"
    )
    assert "batas pencatatan secara daring 3 hari kerja" in signed["message"]
    assert "PP 35/2021 Pasal 14 ayat (1)" in signed["message"] and "Peringatan saja" in signed["message"]
    fallback = late_warning(days=9, signed_date=None, start_date=D(2026, 3, 2),
                            submitted_on=D(2026, 3, 30), channel="written")  # fmt: skip
    assert fallback["column"] == "awal_kontrak"
    assert "sejak awal kontrak 02/03/2026 (tanggal perjanjian tidak diisi)" in fallback["message"]
    assert "7 hari kerja" in fallback["message"] and "Pasal 14 ayat (2)" in fallback["message"]


# --- At submission -----------------------------------------------------------------------------------------


def _submit(user, rows, *, on, headers=HEADERS_V2):
    registration = new_registration(user, with_documents=True)
    pkwt_import = import_rows(registration, user, xlsx(rows, headers=headers))
    assert pkwt_import.saved, pkwt_import.findings
    return _submit_again(registration, user, on=on)


def _submit_again(registration, user, *, on):
    with pytest.MonkeyPatch.context() as patch:
        freeze_today(patch, on)
        registration = services.registration_submit(registration=registration, actor=user)
    registration.refresh_from_db()
    return registration


def _late(registration) -> dict[int, int | None]:
    return dict(
        PkwtContract.objects.filter(registration=registration).values_list("row", "late_working_days")
    )


def test_signed_before_it_starts_is_late_from_the_signing_day(alice, office, monkeypatch):
    freeze_today(monkeypatch, D(2026, 3, 30))
    rows = [
        # Signed 17/03, starts 01/04 (after the submission): 4 working days late online.
        signed_worker(
            1, tanggal_perjanjian=D(2026, 3, 17), awal_kontrak=D(2026, 4, 1), akhir_kontrak=D(2027, 3, 31)
        ),
        signed_worker(
            2, tanggal_perjanjian=D(2026, 3, 27), awal_kontrak=D(2026, 4, 1), akhir_kontrak=D(2027, 3, 31)
        ),
    ]
    registration = _submit(alice, rows, on=D(2026, 3, 30))
    assert registration.status == RegistrationStatus.SUBMITTED  # a warning, never a block
    assert (registration.registration_channel, registration.late_contracts) == ("online", 1)
    assert _late(registration) == {2: 4, 3: None}
    assert [c.row for c in contracts_of(registration, warning="late_registration")] == [2]
    assert ("late_registration", 1) in warning_counts(registration)


def test_the_written_channel_allows_seven_working_days(alice, office, monkeypatch):
    freeze_today(monkeypatch, D(2026, 3, 30))
    settings = PkwtOfficeSettings.objects.for_office(office)
    settings.registration_channel = "written"
    settings.save()
    rows = [
        signed_worker(
            1, tanggal_perjanjian=D(2026, 3, 17), awal_kontrak=D(2026, 4, 1), akhir_kontrak=D(2027, 3, 31)
        )
    ]
    registration = _submit(alice, rows, on=D(2026, 3, 30))
    assert (registration.registration_channel, registration.late_contracts) == ("written", 0)
    assert _late(registration) == {2: None}


def test_without_a_signing_date_the_start_date_counts_and_the_page_says_so(
    client, alice, vera, office, monkeypatch
):
    freeze_today(monkeypatch, D(2026, 3, 30))
    rows = [valid_row(awal_kontrak=D(2026, 3, 2), akhir_kontrak=D(2027, 3, 1))]  # a seed-layout file
    registration = _submit(alice, rows, on=D(2026, 3, 30), headers=HEADERS)
    assert registration.late_contracts == 1
    client.force_login(vera)
    page = client.get(reverse("pkwt:office_review", args=[registration.pk])).content.decode()
    assert (
        "Batas pencatatan" in page
        and "1 kontrak diajukan lebih dari 3 hari kerja sejak penandatanganan" in page
    )
    assert "sejak awal kontrak 02/03/2026 (tanggal perjanjian tidak diisi), pada 30/03/2026" in page
    filtered = client.get(
        reverse("pkwt:office_review", args=[registration.pk]), {"peringatan": "late_registration"}
    )
    assert 'data-code="late_registration"' in filtered.content.decode()


def test_a_resubmission_is_judged_again_against_its_own_date(alice, vera, office, monkeypatch):
    freeze_today(monkeypatch, D(2026, 3, 16))
    rows = [
        signed_worker(
            1, tanggal_perjanjian=D(2026, 3, 12), awal_kontrak=D(2026, 3, 13), akhir_kontrak=D(2027, 3, 12)
        )
    ]
    registration = _submit(alice, rows, on=D(2026, 3, 16))
    assert registration.late_contracts == 0  # 13 and 16 March
    services.registration_request_revision(registration=registration, actor=vera, note="Lengkapi kontrak.")
    registration = _submit_again(registration, alice, on=D(2026, 3, 31))
    assert registration.late_contracts == 1
    assert _late(registration) == {2: 8}  # 13, 16, 17, 25, 26, 27, 30, 31 March (18–24: Nyepi, Idul Fitri)
