"""Reads shared by every app: scoped lookups that answer 404 to strangers and log the denial."""

from __future__ import annotations

from django.db import models
from django.http import Http404

from .audit import audit_record
from .constants import AuditAction
from .models import Office, Region


def get_scoped_or_404(scoped: models.QuerySet, *, request, **lookup) -> models.Model:
    """Get one object from a user-scoped queryset, or raise 404.

    When the object exists but lies outside the user's scope the answer is the same 404, and the attempt
    goes into the audit log as a denial.
    """
    try:
        return scoped.get(**lookup)
    except (scoped.model.DoesNotExist, ValueError, TypeError):
        pass
    try:
        exists = scoped.model._default_manager.filter(**lookup).exists()
    except (ValueError, TypeError):
        exists = False
    if exists:
        audit_record(
            action=AuditAction.ACCESS_DENIED,
            actor=request.user,
            request=request,
            data={"model": scoped.model._meta.label_lower, "path": request.path},
        )
    raise Http404


def offices_accepting_requests() -> models.QuerySet[Office]:
    return Office.objects.filter(level="regency", accepts_requests=True, region__isnull=False)


def regions_with_office() -> models.QuerySet[Region]:
    return Region.objects.filter(office__in=offices_accepting_requests()).order_by("name")
