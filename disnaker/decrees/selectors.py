"""Reads of decrees: the one place that looks a decree up, by its subject, its subjects or its public token."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .constants import DecreeStatus
from .models import Decree


def decrees_of(subject: models.Model, kind: str | None = None) -> QuerySet[Decree]:
    """Every decree of ``subject`` (valid and revoked), newest first."""
    query = Decree.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("office")
    if kind:
        query = query.filter(kind=kind)
    return query.order_by("-issued_at", "-id")


def latest_decree_of(subject: models.Model, kind: str | None = None) -> Decree | None:
    """The subject's latest decree, valid or revoked (what its page shows), or ``None``."""
    return decrees_of(subject, kind).first()


def valid_decree_of(subject: models.Model, kind: str | None = None) -> Decree | None:
    """The subject's valid (not revoked) decree, if any."""
    return decrees_of(subject, kind).filter(status=DecreeStatus.VALID).first()


def valid_decrees_by_subject(
    model: type[models.Model], subject_ids: Iterable[int], kinds: Iterable[str]
) -> dict[int, Decree]:
    """``{subject id: its valid decree}`` of one model's subjects, in one query."""
    ids = list(subject_ids)
    if not ids:
        return {}
    decrees = Decree.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=ids,
        kind__in=list(kinds),
        status=DecreeStatus.VALID,
    ).select_related("office")
    return {decree.object_id: decree for decree in decrees}


def decree_by_token(token: str) -> Decree | None:
    """The decree a QR code points at (the public verification page), or ``None``."""
    return Decree.objects.select_related("office").filter(token=token).first()


def decree_of_kinds(pk: int, kinds: Iterable[str]) -> Decree | None:
    """One decree of ``kinds`` by its id, with its office, or ``None`` (the caller checks who may open it)."""
    return Decree.objects.filter(pk=pk, kind__in=list(kinds)).select_related("office").first()
