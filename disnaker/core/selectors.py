"""Reads shared by every app: scoped lookups that answer 404 to strangers and log the denial."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.http import Http404

from .audit import audit_record
from .constants import AuditAction, OfficeReach
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


def office_scope(user, field: str = "office") -> Q | None:
    """The one answer to "whose offices' rows does this user see", as a filter on ``field`` (the path from the
    row to its kab/kota ``Office``), per the design's tenancy rule:

    - a kab/kota office's verifier or head: their office's rows;
    - a province admin: the rows of the kab/kota offices under the province;
    - the ministry viewer and the admin: every office's rows (the ministry read-only: no step allows it);
    - anyone else: ``None``, nothing through an office (a company's or a BKK's own rows come from their
      app's selector).

    The reach itself is ``user.office_reach`` (roles live in ``accounts``, above ``core``)."""
    reach = getattr(user, "office_reach", OfficeReach.NONE) if user.is_authenticated else OfficeReach.NONE
    if reach == OfficeReach.ALL:
        return Q()
    if reach == OfficeReach.OFFICE:
        return Q(**{field: user.office_id})
    if reach == OfficeReach.PROVINCE:
        return Q(**{f"{field}__parent": user.office_id})
    return None


def scoped(queryset: models.QuerySet, user, field: str = "office") -> models.QuerySet:
    """``queryset`` narrowed by :func:`office_scope` (empty for a user with no office reach)."""
    scope = office_scope(user, field)
    return queryset.none() if scope is None else queryset.filter(scope)


def offices_accepting_requests() -> models.QuerySet[Office]:
    return Office.objects.filter(level="regency", accepts_requests=True, region__isnull=False)


def regions_with_office() -> models.QuerySet[Region]:
    return Region.objects.filter(office__in=offices_accepting_requests()).order_by("name")


def offices_under(office) -> models.QuerySet[Office]:
    """The offices whose parent is ``office`` (an ``Office`` or its id): a province's kab/kota offices, by name."""
    return Office.objects.filter(parent=office).order_by("name")
