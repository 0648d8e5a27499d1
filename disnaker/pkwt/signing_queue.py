"""The SK Pencatatan PKWT in the head's batch-signing queue (``decrees.batch``): the office's verified
registrations, signed by :func:`services.registration_approve` (the same service as the review page's
"Setujui dan tandatangani SK")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from disnaker.core.formats import format_number
from disnaker.decrees.batch import QueueItem
from disnaker.decrees.constants import DecreeKind

from .constants import RegistrationStatus, SigningState
from .models import PkwtRegistration


def pending(office) -> list[QueueItem]:
    """Verified registrations of ``office`` waiting for the head (not those a background signing holds)."""
    rows = (
        PkwtRegistration.objects.filter(office=office, status=RegistrationStatus.VERIFIED)
        .exclude(signing_state__in=[SigningState.QUEUED, SigningState.RUNNING])
        .select_related("company")
        .order_by("submitted_at", "pk")
    )
    return [
        QueueItem(
            kind=DecreeKind.PKWT_REGISTRATION,
            pk=row.pk,
            label=str(DecreeKind.PKWT_REGISTRATION.label),
            subject=row.company.name,
            detail=_("%(number)s · %(n)s pekerja")
            % {"number": row.number or f"#{row.pk}", "n": format_number(row.worker_count)},
            waiting_since=row.submitted_at,
            url=reverse("pkwt:office_review", args=[row.pk]),
            preview_url=reverse("pkwt:office_decree_preview", args=[row.pk]),
            weight=max(row.worker_count, 1),
        )
        for row in rows
    ]


def sign(pk: int, *, actor, passphrase: str | None = None, request=None):
    from .services import registration_approve

    registration = PkwtRegistration.objects.get(pk=pk)
    return registration_approve(
        registration=registration, actor=actor, passphrase=passphrase, request=request
    )
