"""The e-mails that tell a company, 30 and then 7 days ahead, which of its contracts end, the uang kompensasi
due on each (PP 35/2021 Pasal 15(2): "dilaksanakan pada saat berakhirnya PKWT") and where to register the
extension. Run by the daily job (``pkwt/housekeeping.py``); each contract is listed once per lead time
(``CompensationReminder``), so running the job twice a day, or again after a failure, sends nothing twice."""

from __future__ import annotations

import datetime
from collections import defaultdict
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.models import Company
from disnaker.core.nik import nik_mask
from disnaker.notifications.services import outbox_enqueue

from ..constants import HISTORY_STATUSES
from ..models import CompensationReminder, PkwtContract
from ..selectors import COMPENSATION_FIELDS, apply_continuous_service, contract_compensation

#: Days before the end of a contract when its company is told; the 30-day e-mail lists the contracts ending
#: in 8 to 30 days (a contract registered late gets it at once), the 7-day one those ending in 0 to 7 days.
REMINDER_DAYS = (30, 7)
#: Contracts listed by name in one e-mail; the rest are counted, and all are on the company's page.
LISTED_IN_EMAIL = 200


def _window(lead: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    shorter = [d for d in REMINDER_DAYS if d < lead]
    first = today + datetime.timedelta(days=max(shorter) + 1) if shorter else today
    return first, today + datetime.timedelta(days=lead)


def _due_rows(lead: int, today: datetime.date) -> dict[int, list]:
    """``{company id: [contract rows]}`` of the registered contracts in ``lead``'s window not yet reminded."""
    first, last = _window(lead, today)
    fields = ("id", "nik", "name", "position", "start_date", "end_date", "wage", *COMPENSATION_FIELDS)
    qs = (
        PkwtContract.objects.filter(
            registration__status__in=HISTORY_STATUSES, end_date__gte=first, end_date__lte=last
        )
        .exclude(id__in=CompensationReminder.objects.filter(days_before=lead).values("contract_id"))
        .order_by("registration__company_id", "end_date", "registration_id", "row")
        .values_list("registration__company_id", "registration__number", *fields)
    )
    by_company: dict[int, list] = defaultdict(list)
    for company_id, number, *values in qs.iterator(chunk_size=5000):
        row = dict(zip(fields, values, strict=True))
        contract = SimpleNamespace(registration_number=number, **row)
        contract.compensation = contract_compensation(contract)
        identity = row["nik"] or row.get("passport_number", "")
        contract.identity = nik_mask(identity) if identity else ""  # never the full NIK in an e-mail
        by_company[company_id].append(contract)
    for company_id, contracts in by_company.items():
        apply_continuous_service(contracts, company_id=company_id)
    return by_company


def compensation_reminders_send(*, today: datetime.date | None = None) -> dict[int, int]:
    """Send the day's reminders; ``{lead time: e-mails sent}``."""
    today = today or timezone.localdate()
    sent = {}
    for lead in REMINDER_DAYS:
        due = _due_rows(lead, today)
        companies = Company.objects.in_bulk(list(due))
        for company_id, contracts in due.items():
            with transaction.atomic():
                message = _send(companies[company_id], contracts, lead=lead, today=today)
                CompensationReminder.objects.bulk_create(
                    [
                        CompensationReminder(
                            contract_id=c.id,
                            days_before=lead,
                            message=message,
                            amount=c.compensation.amount,
                            sent_on=today,
                        )
                        for c in contracts
                    ],
                    batch_size=2000,
                )
        sent[lead] = len(due)
    return sent


def _send(company: Company, contracts: list, *, lead: int, today: datetime.date):
    total = sum(c.compensation.amount for c in contracts)
    return outbox_enqueue(
        to=company.email,
        subject=_("%(n)s PKWT %(company)s berakhir dalam %(days)s hari: uang kompensasi yang harus dibayar")
        % {"n": len(contracts), "company": company.name, "days": lead},
        template="pkwt_compensation_reminder",
        kind=f"pkwt_compensation_reminder_{lead}",
        context={
            "company": company,
            "office": company.office,
            "days": lead,
            "until": today + datetime.timedelta(days=lead),
            "contracts": contracts[:LISTED_IN_EMAIL],
            "hidden": max(len(contracts) - LISTED_IN_EMAIL, 0),
            "count": len(contracts),
            "total": total,
            "estimated": any(c.compensation.estimated for c in contracts),
        },
    )
