"""The outbox: services queue messages here; :mod:`.tasks` sends them after the transaction commits.

A message is PENDING until it is sent (SENT) or has failed ``OUTBOX_MAX_ATTEMPTS`` times (FAILED, shown in the
admin's outbox with its last error and a *Kirim ulang* action). ``next_attempt_at`` says when it is due: a
send claims the message by moving it a lease ahead, so two tasks for one message never both send it, and a
message whose task was lost (a worker killed mid-send, an enqueue that never happened) becomes due again
and is picked up by the workers' sweep, :func:`outbox_requeue_overdue`.
"""

from __future__ import annotations

import datetime
import functools
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction

from .constants import OutboxStatus
from .models import OutboxMessage, redact
from .templatetags.outbox import SECRETS_KEY

logger = logging.getLogger(__name__)

#: How long a send may take before the message counts as lost and another worker may send it (at least;
#: longer when EMAIL_TIMEOUT is long, since one send waits on several replies of the server).
SEND_LEASE = datetime.timedelta(minutes=5)


def _lease() -> datetime.timedelta:
    return max(SEND_LEASE, datetime.timedelta(seconds=4 * (getattr(settings, "EMAIL_TIMEOUT", None) or 0)))


#: A due message whose task has not claimed it for this long lost its task: the sweep queues a new one.
OVERDUE_AFTER = datetime.timedelta(minutes=10)
#: Messages the sweep queues at once (the rest wait for the next sweep).
SWEEP_BATCH = 200


def outbox_enqueue(
    *, to: str, subject: str, template: str, context: dict[str, Any], kind: str = ""
) -> OutboxMessage:
    """Render ``notifications/email/<template>.txt`` into a pending message and send it after commit.

    What the template marks with ``{% secret %}`` is kept in ``secrets`` and hidden in the stored body once
    the message is sent."""
    secrets: list[str] = []
    body = render_to_string(
        f"notifications/email/{template}.txt",
        {"site_url": settings.SITE_URL, **context, SECRETS_KEY: secrets},
    ).strip()
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject,
        body=body + "\n",
        kind=kind or template,
        secrets=secrets,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue_send(message.pk))
    return message


def _enqueue_send(message_id: int, *, run_after: datetime.datetime | None = None) -> None:
    from .tasks import send_outbox_message

    task = send_outbox_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # e.g. the immediate backend in tests: the sweep sends it when it is due
        task = task.using(run_after=run_after)
    task.enqueue(message_id)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait before attempt ``attempts + 1``: the base, doubled after each failure."""
    return datetime.timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for one attempt, or ``None`` when it is sent, failed, not due, or being sent."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id,
        status=OutboxStatus.PENDING,
    ).update(next_attempt_at=now + _lease(), attempts=F("attempts") + 1)  # a lost attempt counts too
    return OutboxMessage.objects.get(pk=message_id) if claimed else None


def outbox_send(*, message: OutboxMessage) -> OutboxMessage:
    """Send one due message with the configured e-mail backend and record the result.

    On success the stored body loses its secrets. On a failure the message waits
    ``retry_delay(attempts)`` for the next attempt, or, after ``OUTBOX_MAX_ATTEMPTS``, is FAILED. The message
    body is never logged."""
    claimed = _claim(message.pk)
    if claimed is None:
        message.refresh_from_db()
        return message
    message = claimed
    try:
        EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried later
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            message.next_attempt_at = None
        else:
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
        logger.warning(
            "Outbox message %s (%s) not sent, attempt %s of %s: %s",
            message.pk,
            message.kind,
            message.attempts,
            settings.OUTBOX_MAX_ATTEMPTS,
            message.last_error,
        )
        if message.status == OutboxStatus.PENDING:
            _enqueue_send(message.pk, run_after=message.next_attempt_at)
        return message
    message.status = OutboxStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.next_attempt_at = None
    # The e-mail that went out is unchanged; the copy kept here no longer carries its passwords and links.
    message.body = redact(message.body, message.secrets)
    message.secrets = []
    message.save(
        update_fields=["status", "attempts", "last_error", "sent_at", "next_attempt_at", "body", "secrets"]
    )
    return message


def outbox_release(*, message_id: int) -> None:
    """The send task of this message was lost with its worker: make it due now and queue a new send."""
    if OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
        next_attempt_at=timezone.now()
    ):
        transaction.on_commit(lambda: _enqueue_send(message_id))


def outbox_retry(*, messages, actor=None, request=None) -> int:
    """An admin's *Kirim ulang*: failed (or still pending) messages get a fresh set of attempts now."""
    ids = list(
        messages.filter(status__in=[OutboxStatus.FAILED, OutboxStatus.PENDING]).values_list("pk", flat=True)
    )
    with transaction.atomic():
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        if ids:
            audit_record(
                action=AuditAction.UPDATED, actor=actor, request=request, data={"outbox_retry": ids[:100]}
            )
        for message_id in ids:
            transaction.on_commit(functools.partial(_enqueue_send, message_id))
    return len(ids)


def outbox_requeue_overdue() -> int:
    """Queue a send for every pending message due for longer than ``OVERDUE_AFTER``: its task was lost
    (or, with a backend that cannot delay a task, its retry was never queued). Run by every task worker."""
    now = timezone.now()
    overdue = list(
        OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now - OVERDUE_AFTER
        ).values_list("pk", "next_attempt_at")[:SWEEP_BATCH]
    )
    queued = 0
    for message_id, due in overdue:
        # Conditional on the value read, so two workers sweeping at once queue it once.
        if OutboxMessage.objects.filter(pk=message_id, next_attempt_at=due).update(next_attempt_at=now):
            _enqueue_send(message_id)
            queued += 1
    if queued:
        logger.warning("Outbox: %s overdue messages queued again", queued)
    return queued
