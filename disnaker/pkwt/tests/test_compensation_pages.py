"""Uang kompensasi through the real database, pages, exports and outbox: the verifier's figure per row, the
company's 12-month forecast and its exports, and the e-mails 30 and 7 days before contracts end (each sent
once)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.notifications.models import OutboxMessage
from disnaker.pkwt import selectors, services
from disnaker.pkwt.models import CompensationReminder, PkwtContract

from .helpers import START, D, freeze_today, nik_for, submitted_registration, worker

#: (serial, last day, wage) of alice's four workers, all starting 5/1/2026:
#: 31/12 → 11 + 27/31 months: 368/31 / 12 × 6.000.000 = 5.935.483,87 → Rp 5.935.484;
#: 4/2 → exactly 1 month: 6.000.000 / 12 = Rp 500.000;
#: 4/7 → 6 months: 6/12 × 5.938.885 = 2.969.442,5 → Rp 2.969.443 (half up);
#: 20/1 → under a month: Rp 0 (PP 35/2021 Pasal 15(3)).
WORKERS = [
    (1, D(2026, 12, 31), 6_000_000),
    (2, D(2026, 2, 4), 6_000_000),
    (3, D(2026, 7, 4), 5_938_885),
    (4, D(2026, 1, 20), 6_000_000),
]
TOTAL = 5_935_484 + 500_000 + 2_969_443


@pytest.fixture
def registration(alice, monkeypatch):
    freeze_today(monkeypatch)  # 6/1/2026
    rows = [worker(serial, awal_kontrak=START, akhir_kontrak=end, upah=wage) for serial, end, wage in WORKERS]
    return submitted_registration(alice, rows)


def _sheet(response):
    assert response.status_code == 200
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.values]


@pytest.mark.django_db
def test_the_forecast_sums_per_month_of_the_next_twelve(alice, bob, registration):
    forecast = selectors.compensation_forecast(company_id=alice.company_id, today=D(2026, 1, 6))
    months = {month: (n, amount) for month, n, amount in forecast["months"]}
    assert len(forecast["months"]) == 12 and forecast["until"] == D(2026, 12, 31)
    assert months[D(2026, 1, 1)] == (1, 0)
    assert months[D(2026, 2, 1)] == (1, 500_000)
    assert months[D(2026, 7, 1)] == (1, 2_969_443)
    assert months[D(2026, 12, 1)] == (1, 5_935_484)
    assert months[D(2026, 3, 1)] == (0, 0)
    assert (forecast["total"], forecast["contracts"]) == (TOTAL, 4)
    # From 1 February: the January contract has ended, December 2026 is still in, January 2027 is the 12th.
    later = selectors.compensation_forecast(company_id=alice.company_id, today=D(2026, 2, 1))
    assert (later["total"], later["contracts"], later["months"][-1][0]) == (TOTAL, 3, D(2027, 1, 1))
    assert selectors.compensation_forecast(company_id=bob.company_id, today=D(2026, 1, 6))["total"] == 0


@pytest.mark.django_db
def test_the_company_page_and_its_exports(client, alice, bob, registration):
    client.force_login(alice)
    url = reverse("pkwt:compensation")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["total"] == TOTAL
    body = response.content.decode()
    assert 'id="compensation-total">Rp 9.404.927<' in body
    assert "Rp 2.969.443" in body and "321601******" in body and nik_for(D(1990, 3, 1), "L", 3) not in body
    assert "Pasal 15 ayat (3)" in body  # the under-a-month contract says why it is Rp 0

    monthly = _sheet(client.get(url + "?ekspor=bulanan"))
    assert monthly[0] == ["Bulan", "PKWT berakhir", "Uang Kompensasi (Rp)"]
    assert [row[1:] for row in monthly[1:]][6] == [1, 2_969_443]  # July 2026
    workers = _sheet(client.get(url + "?ekspor=pekerja"))
    assert [row[12] for row in workers[1:]] == [0, 500_000, 2_969_443, 5_935_484]  # by end date
    assert workers[3][2] == "321601******" + nik_for(D(1990, 3, 1), "L", 3)[-4:]
    assert AuditLog.objects.filter(action=AuditAction.EXPORTED, data__list="kompensasi-pekerja").count() == 1
    assert client.get(url + "?ekspor=lain").status_code == 404

    client.force_login(bob)
    assert client.get(url).context["total"] == 0


@pytest.mark.django_db
def test_the_verifier_sees_the_figure_per_row_and_exports_it(client, vera, oscar, registration):
    client.force_login(vera)
    response = client.get(reverse("pkwt:office_review", args=[registration.pk]))
    figures = {c.row: c.compensation.amount for c in response.context["page"].object_list}
    assert figures == {2: 5_935_484, 3: 500_000, 4: 2_969_443, 5: 0}
    assert "Rp 5.935.484" in response.content.decode()
    sheet = _sheet(client.get(reverse("pkwt:office_contracts_export", args=[registration.pk])))
    assert [(row[1], row[11], row[12]) for row in sheet[1:]] == [
        (2, 11.87, 5_935_484), (3, 1.0, 500_000), (4, 6.0, 2_969_443), (5, 0.52, 0),
    ]  # fmt: skip
    client.force_login(oscar)  # another office
    assert client.get(reverse("pkwt:office_contracts_export", args=[registration.pk])).status_code == 404


def _send(day):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.compensation_reminders_send(today=day)


@pytest.mark.django_db
def test_reminders_30_and_7_days_before_each_sent_once(alice, registration):
    full_nik = nik_for(D(1990, 3, 1), "L", 3)
    # 4/6/2026: worker 3's PKWT ends on 4/7, in 30 days.
    assert _send(D(2026, 6, 4)) == {30: 1, 7: 0}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.company.email]
    assert "berakhir dalam 30 hari" in message.subject
    assert "321601******" + full_nik[-4:] in message.body and full_nik not in message.body
    assert "Rp 2.969.443" in message.body and "04/07/2026" in message.body
    assert "6,00 bulan" in message.body
    # The link to register the extension (Permohonan → Tambah Permohonan PKWT) and to the company's page.
    assert f'"Tambah Permohonan PKWT":\n{settings.SITE_URL}{reverse("pkwt:list")}\n' in message.body
    assert f"{settings.SITE_URL}{reverse('pkwt:compensation')}\n" in message.body
    reminder = CompensationReminder.objects.get()
    assert (reminder.days_before, reminder.amount, reminder.contract.row) == (30, 2_969_443, 4)
    assert OutboxMessage.objects.filter(kind="pkwt_compensation_reminder_30").count() == 1

    # The same day again, and the next day: nothing new.
    assert _send(D(2026, 6, 4)) == {30: 0, 7: 0} and mail.outbox == []
    assert _send(D(2026, 6, 5)) == {30: 0, 7: 0} and mail.outbox == []

    # 27/6: 7 days ahead.
    assert _send(D(2026, 6, 27)) == {30: 0, 7: 1}
    assert "berakhir dalam 7 hari" in mail.outbox[0].subject and "Rp 2.969.443" in mail.outbox[0].body
    assert _send(D(2026, 6, 28)) == {30: 0, 7: 0}

    # 1/12: worker 1's PKWT (31/12) is within 30 days; its figure with the day fraction.
    assert _send(D(2026, 12, 1)) == {30: 1, 7: 0}
    assert "Rp 5.935.484" in mail.outbox[0].body and "11,87 bulan" in mail.outbox[0].body
    assert CompensationReminder.objects.count() == 3


@pytest.mark.django_db
def test_a_contract_registered_late_gets_the_nearest_reminder_only(alice, registration):
    """Worker 2's PKWT ends 4/2: on 30/1 it is 5 days away, so only the 7-day e-mail is sent."""
    assert _send(D(2026, 1, 30)) == {30: 0, 7: 1}
    assert "Rp 500.000" in mail.outbox[0].body and "04/02/2026" in mail.outbox[0].body
    assert _send(D(2026, 1, 31)) == {30: 0, 7: 0}


@pytest.mark.django_db
def test_the_daily_command_runs_the_reminders(alice, registration, monkeypatch):
    freeze_today(monkeypatch, D(2026, 6, 4))
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("daily", stdout=out)
    assert "1 perusahaan diingatkan PKWT yang berakhir dalam 30 hari" in out.getvalue()
    assert CompensationReminder.objects.filter(days_before=30).count() == 1


@pytest.mark.django_db
def test_the_new_columns_reach_the_figures(alice, registration):
    """A daily wage on a 6-day week (× 25), a TKA (none, shown by the masked passport), a specific-job PKWT
    (an estimate), read back from the database by the selectors and the e-mail."""
    contracts = PkwtContract.objects.filter(registration=registration)
    contracts.filter(row=2).update(wage_unit="harian", wage=250_000, days_per_week=6)  # 5/1–31/12
    contracts.filter(row=4).update(nik="", nationality="Jepang", passport_number="TZ1234567")  # 5/1–4/7
    contracts.filter(row=3).update(kind="pekerjaan_tertentu")  # 5/1–4/2
    rows = {c.row: c for c in selectors.compensation_due(
        company_id=alice.company_id, date_from=D(2026, 1, 6), date_to=D(2026, 12, 31)
    )}  # fmt: skip
    # 368/31 / 12 × (250.000 × 25) = 6.182.795,7 → 6.182.796
    assert (rows[2].compensation.monthly_wage, rows[2].compensation.amount) == (6_250_000, 6_182_796)
    assert (rows[4].compensation.amount, rows[4].compensation.reason, rows[4].identity) == (
        0,
        "tka",
        "TZ1234567",
    )
    assert (rows[3].compensation.amount, rows[3].compensation.estimated) == (500_000, True)
    assert _send(D(2026, 6, 4)) == {30: 1, 7: 0}
    body = mail.outbox[0].body
    assert (
        "| ********* |" in body
    )  # a 9-character passport masked whole (nik_mask keeps 6 + 4 of longer ones)
    assert "TZ1234567" not in body and "Rp 0 - Tidak berlaku bagi tenaga kerja asing" in body


@pytest.mark.django_db
def test_a_worker_list_replaced_after_a_reminder_drops_its_reminders(alice, vera, registration):
    """Perbaikan after a reminder: the new worker list replaces the old (one fast delete), and its contracts
    are reminded afresh."""
    from .helpers import import_rows

    assert _send(D(2026, 6, 4)) == {30: 1, 7: 0}
    services.registration_request_revision(registration=registration, actor=vera, note="Perbaiki jabatan.")
    rows = [worker(serial, awal_kontrak=START, akhir_kontrak=end, upah=wage) for serial, end, wage in WORKERS]
    assert import_rows(registration, alice, rows).saved
    assert CompensationReminder.objects.count() == 0
    assert _send(D(2026, 6, 4)) == {30: 1, 7: 0}  # needs_revision still counts, and the list is new
    assert _send(D(2026, 6, 5)) == {30: 0, 7: 0}


@pytest.mark.django_db
def test_a_short_term_right_after_an_earlier_one_counts_the_continuous_service(alice, bob, monkeypatch):
    """PP 35/2021 Pasal 15(3) counts the continuous service: worker 4's 16 days (5/1–20/1/2026) follow, with
    no gap, a term of the same worker at the same company ending 4/1/2026, so they earn 16/31 / 12 of a month's
    wage. The same 16 days after a gap of one day, or at another company, still earn nothing."""
    freeze_today(monkeypatch)  # 6/1/2026
    submitted_registration(alice, [worker(4, awal_kontrak=D(2025, 7, 5), akhir_kontrak=D(2026, 1, 4))])
    submitted_registration(alice, [worker(5, awal_kontrak=D(2025, 7, 5), akhir_kontrak=D(2026, 1, 3))])
    submitted_registration(bob, [worker(6, awal_kontrak=D(2025, 7, 5), akhir_kontrak=D(2026, 1, 4))])
    later = [worker(n, awal_kontrak=START, akhir_kontrak=D(2026, 1, 20), pkwt_ke=2) for n in (4, 5, 6)]
    submitted_registration(alice, later)
    rows = {c.row: c for c in selectors.compensation_due(
        company_id=alice.company_id, date_from=D(2026, 1, 6), date_to=D(2026, 12, 31)
    )}  # fmt: skip
    # 16 days of a 31-day month: 16 / 31 / 12 × 6.000.000 = 258.064,5 → 258.065
    assert (rows[2].compensation.amount, rows[2].compensation.reason) == (258_065, "")
    assert (rows[3].compensation.amount, rows[3].compensation.reason) == (0, "kurang_sebulan")  # a day's gap
    assert (rows[4].compensation.amount, rows[4].compensation.reason) == (0, "kurang_sebulan")  # bob's worker
    # The verifier's and the company's pages read the same figure (with_compensation).
    contracts = selectors.with_compensation(PkwtContract.objects.filter(registration__company=alice.company))
    assert sorted(c.compensation.amount for c in contracts if c.end_date == D(2026, 1, 20)) == [0, 0, 258_065]
