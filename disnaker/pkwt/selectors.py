from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from disnaker.accounts.constants import Role

from .constants import RegistrationStatus
from .models import PkwtRegistration

#: What each office role works on first when it opens the queue.
QUEUE_DEFAULT_STATUS = {Role.VERIFIER: RegistrationStatus.SUBMITTED, Role.HEAD: RegistrationStatus.VERIFIED}


def registrations_for(*, user) -> QuerySet[PkwtRegistration]:
    """Registrations the user may see: a company its own; kab/kota staff their office's (never a company's
    draft); the admin all."""
    qs = PkwtRegistration.objects.select_related("company", "office", "current_import")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.COMPANY and user.company_id:
        return qs.filter(company_id=user.company_id)
    if user.role in (Role.VERIFIER, Role.HEAD) and user.office_id:
        return qs.filter(office_id=user.office_id).exclude(status=RegistrationStatus.DRAFT)
    if user.role == Role.ADMIN:
        return qs
    return qs.none()


def registration_queue(
    *,
    user,
    status: str = "",
    query: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[PkwtRegistration]:
    """The office's queue: filtered, oldest submission first so the overdue ones are on top."""
    qs = registrations_for(user=user).exclude(status=RegistrationStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    if query:
        text = query.strip()
        qs = qs.filter(Q(company__name__icontains=text) | Q(number__icontains=text))
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    return qs.order_by("submitted_at", "id")


def decree_of(registration):
    """The registration's latest decree (valid or revoked), or None."""
    from django.contrib.contenttypes.models import ContentType

    from disnaker.decrees.models import Decree

    return (
        Decree.objects.filter(
            content_type=ContentType.objects.get_for_model(registration), object_id=registration.pk
        )
        .order_by("-issued_at", "-id")
        .first()
    )
