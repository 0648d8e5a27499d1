"""The append-only audit log: one call per login, denial, view of personal data and decision."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditLog, Office


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    office: Office | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditLog:
    """Write one audit entry. Never put a NIK, a password or a wage into ``data``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if office is None:
        office = getattr(obj, "office", None) if obj is not None else None
        if office is None and actor is not None:
            office = getattr(actor, "office", None)
    return AuditLog.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        office=office if isinstance(office, Office) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request),
        data=_storable(data or {}),
    )


def _storable(value):
    """``data`` often holds what a request sent (a path, a document name). PostgreSQL's jsonb refuses a NUL
    character, which would turn a stranger's ``%00`` into a 500 while recording a denial; it is kept visible
    as U+FFFD instead."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value
