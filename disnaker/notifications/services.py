"""The outbox: services queue messages here; :mod:`.tasks` sends them after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .constants import OutboxStatus
from .models import OutboxMessage


def outbox_enqueue(
    *, to: str, subject: str, template: str, context: dict[str, Any], kind: str = ""
) -> OutboxMessage:
    """Render ``notifications/email/<template>.txt`` into a pending message and send it after commit."""
    body = render_to_string(
        f"notifications/email/{template}.txt", {"site_url": settings.SITE_URL, **context}
    ).strip()
    message = OutboxMessage.objects.create(to=to, subject=subject, body=body + "\n", kind=kind or template)

    from .tasks import send_outbox_message

    transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))
    return message


def outbox_send(*, message: OutboxMessage) -> OutboxMessage:
    """Send one pending message with the configured e-mail backend; record the result."""
    if message.status == OutboxStatus.SENT:
        return message
    message.attempts += 1
    try:
        EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried later
        message.status = OutboxStatus.FAILED
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.save(update_fields=["status", "attempts", "last_error"])
        raise
    message.status = OutboxStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return message
