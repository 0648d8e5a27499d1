"""*Cek Kontrak Saya*: a worker checks, without an account, the registered PKWT in which they appear.

A worker has a right to see their own data (UU 27/2022 tentang Pelindungan Data Pribadi, Pasal 32: access
to and a copy of one's own personal data). The page shows only what the worker needs to know their contract
was registered: the company, the period, *PKWT ke*, the registration's status and the decree number with its
public verification link. Never the wage, never another worker.

Someone who knows a NIK but not its birth date learns nothing: an unknown NIK and a wrong birth date give the
same answer. The look-up is limited per client IP (``PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR``, the public-form
budget) and per NIK (``WORKER_CHECK_RATE_LIMIT_PER_NIK_HOUR``), and every look-up is audited with a keyed hash
of the NIK (never the NIK itself), so the office can answer "who looked me up" without storing NIKs in the log.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

from disnaker.core import ratelimit

from .constants import RegistrationStatus
from .models import PkwtContract

#: A draft was never sent to the office: it is not a registration yet.
SHOWN_STATUSES = [status for status in RegistrationStatus.values if status != RegistrationStatus.DRAFT]
HOUR = 3600


@dataclass(frozen=True)
class WorkerContract:
    """One line of the answer: what the worker may see of one registered contract."""

    company: str
    start_date: datetime.date
    end_date: datetime.date
    sequence: int
    status: str
    status_label: str
    decree_number: str
    decree_token: str
    decree_revoked: bool


def nik_digest(nik: str) -> str:
    """A keyed hash of the NIK for the audit log: the same NIK gives the same digest, the log holds no NIK."""
    return hmac.new(settings.SECRET_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()[:24]


def nik_allowed(nik: str) -> bool:
    """Count one look-up of ``nik``; ``False`` once it was looked up too often this hour (from any IP)."""
    return ratelimit.hit(
        scope="worker-check-nik",
        subject=nik,
        limit=settings.WORKER_CHECK_RATE_LIMIT_PER_NIK_HOUR,
        window=HOUR,
    )


def worker_contracts(*, nik: str, birth_date: datetime.date) -> list[WorkerContract]:
    """The registered contracts whose NIK *and* birth date both match, oldest first; ``[]`` otherwise."""
    from disnaker.decrees.constants import DecreeStatus
    from disnaker.decrees.selectors import decrees_of

    contracts = (
        PkwtContract.objects.filter(nik=nik, birth_date=birth_date, registration__status__in=SHOWN_STATUSES)
        .select_related("registration__company")
        .order_by("start_date", "id")
    )
    found = []
    for contract in contracts:
        registration = contract.registration
        decree = None
        if registration.status == RegistrationStatus.APPROVED:
            decree = decrees_of(registration).first()
        found.append(
            WorkerContract(
                company=registration.company.name,
                start_date=contract.start_date,
                end_date=contract.end_date,
                sequence=contract.sequence,
                status=registration.status,
                status_label=registration.get_status_display(),
                decree_number=decree.number if decree else "",
                decree_token=decree.token if decree else "",
                decree_revoked=bool(decree and decree.status != DecreeStatus.VALID),
            )
        )
    return found


def worker_check_lookup(*, request, nik: str, birth_date: datetime.date) -> list[WorkerContract] | None:
    """One audited look-up: the worker's contracts, or ``None`` when this NIK is over its hourly limit.

    The audit entry names the NIK's digest, whether the NIK was over its limit and how many contracts were
    shown; never the NIK or the birth date."""
    from disnaker.core.audit import audit_record
    from disnaker.core.constants import AuditAction

    allowed = nik_allowed(nik)
    found = worker_contracts(nik=nik, birth_date=birth_date) if allowed else []
    audit_record(
        action=AuditAction.WORKER_CHECK,
        request=request,
        data={"nik_digest": nik_digest(nik), "limited": not allowed, "shown": len(found)},
    )
    return found if allowed else None
