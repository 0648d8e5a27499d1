"""The workflow machinery every application shares.

A workflow object has a ``status`` field whose values are a ``TextChoices``, and a transitions table
``{from_status: {allowed to_status, ...}}`` in its app's ``constants.py``. Services move it with
:func:`status_transition`, which checks the table, saves, and writes a :class:`StatusChange` row and an
audit entry in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from .audit import audit_record
from .constants import AuditAction
from .models import StatusChange

Transitions = Mapping[str, Iterable[str]]


def status_field(model: type[models.Model]) -> models.Field:
    """The ``status`` field of a workflow model (``models.Model`` itself declares none)."""
    field = model._meta.get_field("status")
    assert isinstance(field, models.Field)
    return field


def status_of(obj: models.Model) -> str:
    """``obj.status``, typed: every workflow model has a ``status`` field."""
    return status_field(type(obj)).value_from_object(obj)


class TransitionNotAllowed(Exception):
    """The object's current status does not allow the requested step."""

    def __init__(self, obj: models.Model, current: str, target: str):
        self.obj, self.current, self.target = obj, current, target
        labels = dict(status_field(type(obj)).choices or [])
        super().__init__(
            _(
                "Tindakan tidak dapat dilakukan: status saat ini '%(current)s' tidak dapat berubah menjadi '%(target)s'."
            )
            % {"current": labels.get(current, current), "target": labels.get(target, target)}
        )


def can_transition(transitions: Transitions, current: str, target: str) -> bool:
    return target in transitions.get(current, ())


def _role_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return str(actor.get_role_display())


def status_history_start(*, obj: models.Model, actor=None, note: str = "", request=None) -> StatusChange:
    """Record the first status of a newly created workflow object."""
    change = StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status="",
        to_status=status_of(obj),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=_role_label(actor),
        note=note,
    )
    audit_record(
        action=AuditAction.CREATED, actor=actor, obj=obj, request=request, data={"status": status_of(obj)}
    )
    return change


def status_transition(
    *,
    obj: models.Model,
    to_status: str,
    transitions: Transitions,
    actor=None,
    note: str = "",
    request=None,
    update_fields: Iterable[str] = (),
) -> StatusChange:
    """Move ``obj`` to ``to_status`` if the table allows it; save; write history and audit.

    Call inside ``transaction.atomic()`` after re-reading ``obj`` with ``select_for_update()`` so two
    concurrent decisions cannot both pass the check.
    """
    current = status_of(obj)
    if not can_transition(transitions, current, to_status):
        raise TransitionNotAllowed(obj, current, to_status)
    obj.status = to_status  # type: ignore[attr-defined]  # every workflow model has a status field
    obj.save(update_fields=["status", *update_fields])
    change = StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=current,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=_role_label(actor),
        note=note,
    )
    audit_record(
        action=AuditAction.STATUS_CHANGED,
        actor=actor,
        obj=obj,
        request=request,
        data={"from": current, "to": to_status},
    )
    return change


def status_history_note(*, obj: models.Model, actor=None, note: str) -> StatusChange:
    """Record in the history something an officer did that does not move the status (an exception recorded
    for one worker, say): a row from the current status to itself, with the note. The caller audits it."""
    current = status_of(obj)
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=current,
        to_status=current,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=_role_label(actor),
        note=note,
    )


def status_history(obj: models.Model) -> list[StatusChange]:
    """The history rows of ``obj``, oldest first, each with ``to_status_label`` for display."""
    labels = dict(status_field(type(obj)).choices or [])
    rows = list(
        StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    )
    for row in rows:
        row.to_status_label = labels.get(row.to_status, row.to_status)
    return rows
