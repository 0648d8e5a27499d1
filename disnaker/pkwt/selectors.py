from __future__ import annotations

from django.db.models import QuerySet

from disnaker.accounts.constants import Role

from .models import PkwtRegistration


def registrations_for(*, user) -> QuerySet[PkwtRegistration]:
    """Registrations the user may see: a company its own; kab/kota staff their office's; the admin all."""
    qs = PkwtRegistration.objects.select_related("company", "office", "current_import")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.COMPANY and user.company_id:
        return qs.filter(company_id=user.company_id)
    if user.role in (Role.VERIFIER, Role.HEAD) and user.office_id:
        return qs.filter(office_id=user.office_id)
    if user.role == Role.ADMIN:
        return qs
    return qs.none()
